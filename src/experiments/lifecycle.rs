//! An instance per request (beyond the paper, which kept one instance alive): how
//! serverless functions and per-request handlers isolate their users. Each request
//! instantiates the guest, runs one request's work, and drops the instance; the floor is
//! the same work on one instance kept alive.
//!
//! The ways to make the instance are data ([`Strategy`]): Wasmer makes a new instance
//! from a compiled module (its only way); Wasmtime can also resolve imports once ahead
//! (`InstancePre`) and take instances from a pool of preallocated slots (the pooling
//! allocator, with copy-on-write memory images, as Wasmtime does by default).
//!
//! With `wasi`, the same strategies serve a request's I/O (a clock read, a 16-byte random
//! fill, a 64-byte stdout line) from a guest with a WASI context built per instance,
//! against the same I/O through the suite's typed host functions with no WASI context
//! ([`Handler::Io`], [`IoServer`]): what a WASI context adds to an instance per request.

use policies::{AnyCache, PolicyKind};

use crate::abi::{Access, CallStyle, GuestFn, Lookup};
use crate::guest::{self, GuestModule};
use crate::runtime::engine::{Compiled, Loaded, Prepared};
use crate::runtime::wasi::{IoRoute, REQUEST_ANSWER};
use crate::runtime::{EngineOptions, Linking, Runtime, RuntimeKind};
use crate::{Error, Result};

/// How each request gets its instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Strategy {
    /// No new instance: the request runs on one kept alive (the floor).
    ReuseInstance,
    /// A new store and instance, imports resolved for it (Wasmer's `Instance::new`,
    /// Wasmtime's `Linker::instantiate`).
    NewInstance,
    /// A new store and instance from imports resolved once (Wasmtime's `InstancePre`).
    InstancePre,
    /// As `InstancePre`, from Wasmtime's pooling allocator.
    Pooling,
}

impl Strategy {
    pub const ALL: [Strategy; 4] =
        [Strategy::ReuseInstance, Strategy::NewInstance, Strategy::InstancePre, Strategy::Pooling];

    pub fn supported_by(self, runtime: RuntimeKind) -> bool {
        match self {
            Strategy::ReuseInstance | Strategy::NewInstance => true,
            Strategy::InstancePre => runtime.resolves_imports_once(),
            Strategy::Pooling => runtime.pools_instances(),
        }
    }

    /// The engine settings the strategy needs.
    pub fn engine_options(self) -> EngineOptions {
        EngineOptions { pooling: self == Strategy::Pooling, ..EngineOptions::default() }
    }

    pub(crate) fn linking(self) -> Linking {
        match self {
            Strategy::NewInstance => Linking::PerInstance,
            Strategy::ReuseInstance | Strategy::InstancePre | Strategy::Pooling => Linking::Once,
        }
    }
}

/// One request's work on a fresh instance of a guest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Handler {
    /// `multiply(6, 7)`.
    Multiply,
    /// `init(lru, 4 MiB)`, then `send` of one request: a fresh cache serving a request.
    Simulator,
    /// A request's I/O (`request`: a clock read, a 16-byte random fill, a 64-byte line
    /// to stdout) through WASI with a WASI context per instance, or through the suite's
    /// typed host functions without one. Served by [`IoServer`] (feature `wasi`): these
    /// guests import more than the core guests' host API.
    Io(IoRoute),
}

/// The simulator handler's cache size and request.
const HANDLER_CACHE: i64 = 4 << 20;
const HANDLER_REQUEST: (u32, u32) = (0, 1000);

impl Handler {
    /// The handlers of the core guests, which [`Server`] serves in every build.
    pub const ALL: [Handler; 2] = [Handler::Multiply, Handler::Simulator];
    /// The I/O handlers, which [`IoServer`] serves with `--features wasi`.
    pub const IO: [Handler; 2] = [Handler::Io(IoRoute::Wasi), Handler::Io(IoRoute::HostFn)];

    /// Every handler, in table order.
    pub fn every() -> impl Iterator<Item = Handler> {
        Handler::ALL.into_iter().chain(Handler::IO)
    }

    /// The guest's name, as ids write it.
    pub fn name(self) -> &'static str {
        match self {
            Handler::Multiply => guest::MULTIPLY.name,
            Handler::Simulator => guest::SIMULATOR.name,
            Handler::Io(route) => route.guest_name(),
        }
    }

    /// The guest whose exports the handler calls (the I/O guests are built with
    /// `--features wasi` only).
    pub fn guest(self) -> Result<&'static GuestModule> {
        match self {
            Handler::Multiply => Ok(&guest::MULTIPLY),
            Handler::Simulator => Ok(&guest::SIMULATOR),
            #[cfg(feature = "wasi")]
            Handler::Io(route) => Ok(crate::runtime::wasi::guest(route)),
            #[cfg(not(feature = "wasi"))]
            Handler::Io(route) => Err(Error::Config {
                config: format!("lifecycle/{route}"),
                reason: "the I/O guests are built with `--features wasi`",
            }),
        }
    }

    /// What the request returns when done natively.
    pub fn native(self) -> i64 {
        match self {
            Handler::Multiply => i64::from(6i32.wrapping_mul(7)),
            Handler::Simulator => match AnyCache::new(PolicyKind::Lru, HANDLER_CACHE) {
                Ok(mut cache) => i64::from(cache.request(HANDLER_REQUEST.0, HANDLER_REQUEST.1)),
                Err(_) => -1,
            },
            Handler::Io(_) => REQUEST_ANSWER,
        }
    }

    /// The handles the request calls, looked up in `guest`.
    fn bind<R: Runtime>(self, guest: &mut Loaded<R>) -> Result<Bound<R>> {
        let access = Access { lookup: Lookup::Cached, style: CallStyle::Typed };
        Ok(match self {
            Handler::Multiply => Bound::Multiply(access.function(guest, "multiply")?),
            Handler::Simulator => {
                Bound::Simulator { init: access.function(guest, "init")?, send: access.function(guest, "send")? }
            }
            Handler::Io(route) => return Err(served_elsewhere(route)),
        })
    }
}

/// Why [`Server`] refuses an I/O handler.
fn served_elsewhere(route: IoRoute) -> Error {
    Error::Config {
        config: format!("lifecycle/{route}"),
        reason: "the I/O guests are served by `IoServer` (their own WASI host), not `Server`",
    }
}

/// A handler's exports, looked up in one instance.
enum Bound<R: Runtime> {
    Multiply(GuestFn<R, (i32, i32), i32>),
    Simulator { init: GuestFn<R, (i32, i64), i32>, send: GuestFn<R, (i32, i32), i32> },
}

impl<R: Runtime> Bound<R> {
    /// One request's work on the instance the handles came from.
    fn handle(&self, guest: &mut Loaded<R>) -> Result<i64> {
        match self {
            Bound::Multiply(multiply) => multiply.call(guest, (6, 7)).map(i64::from),
            Bound::Simulator { init, send } => {
                match init.call(guest, (PolicyKind::Lru.code(), HANDLER_CACHE))? {
                    0 => {}
                    code => {
                        return Err(Error::BadReturn {
                            export: "init",
                            got: code.to_string(),
                            expected: "0 (initialised)",
                        });
                    }
                }
                let (id, size) = HANDLER_REQUEST;
                send.call(guest, (id as i32, size as i32)).map(i64::from)
            }
        }
    }
}

/// Serves requests with a guest, each on an instance made as the strategy says.
pub struct Server<R: Runtime> {
    prepared: Prepared<R>,
    handler: Handler,
    /// The instance every request reuses, for [`Strategy::ReuseInstance`], with its
    /// handles: an instance kept alive keeps what it looked up (a fresh instance has
    /// no handles yet, so each fresh request looks its exports up).
    kept: Option<(Loaded<R>, Bound<R>)>,
}

impl<R: Runtime> Server<R> {
    /// `compiled` must come from an engine with `strategy.engine_options()`.
    pub fn new(compiled: &Compiled<R>, handler: Handler, strategy: Strategy) -> Result<Self> {
        if let Handler::Io(route) = handler {
            return Err(served_elsewhere(route));
        }
        let prepared = compiled.prepare(None, strategy.linking())?;
        let kept = match strategy {
            Strategy::ReuseInstance => {
                let mut guest = prepared.instantiate()?;
                let bound = handler.bind(&mut guest)?;
                Some((guest, bound))
            }
            _ => None,
        };
        Ok(Server { prepared, handler, kept })
    }

    /// One request; returns what the guest returned.
    #[inline]
    pub fn serve(&mut self) -> Result<i64> {
        match &mut self.kept {
            Some((guest, bound)) => bound.handle(guest),
            None => {
                let mut guest = self.prepared.instantiate()?;
                self.handler.bind(&mut guest)?.handle(&mut guest)
                // The instance (and its store) is dropped here, inside the request.
            }
        }
    }
}

/// Serves I/O requests ([`Handler::Io`]), each on an instance made as the strategy says,
/// with a WASI context (or the typed host functions' state) built for each instance.
#[cfg(feature = "wasi")]
use crate::{guest::GuestOpt, runtime::Backend, runtime::engine::Engine};

#[cfg(feature = "wasi")]
pub struct IoServer {
    prepared: crate::runtime::wasi::Prepared,
    /// The instance every request reuses, for [`Strategy::ReuseInstance`].
    kept: Option<crate::runtime::wasi::Instance>,
}

#[cfg(feature = "wasi")]
impl IoServer {
    /// `compiled` must come from an engine with `strategy.engine_options()`.
    pub fn new(compiled: &crate::runtime::wasi::CompiledIo, strategy: Strategy) -> Result<Self> {
        if !strategy.supported_by(compiled.backend.runtime()) || compiled.engine_options() != strategy.engine_options()
        {
            return Err(Error::Config {
                config: format!("lifecycle/{}/{strategy} on {}", compiled.route, compiled.backend),
                reason: "this runtime has no such way of instantiating, or the engine was not made for it",
            });
        }
        let prepared = compiled.prepare(strategy.linking())?;
        let kept = match strategy {
            Strategy::ReuseInstance => Some(prepared.instantiate()?),
            _ => None,
        };
        Ok(IoServer { prepared, kept })
    }

    /// The route's guest compiled by a fresh engine of `backend` made for `strategy`,
    /// served once and checked against the native answer: what a benchmark times.
    pub fn start(backend: Backend, route: IoRoute, strategy: Strategy, opt: GuestOpt) -> Result<Self> {
        let engine = Engine::with_options(backend, strategy.engine_options())?;
        let mut server = IoServer::new(&crate::runtime::wasi::CompiledIo::compile_in(&engine, route, opt)?, strategy)?;
        let (got, expected) = (server.serve()?, Handler::Io(route).native());
        if got != expected {
            return Err(Error::BadReturn {
                export: "request",
                got: got.to_string(),
                expected: "the native answer (a clock read, a fill and a line: 66)",
            });
        }
        Ok(server)
    }

    /// One request; returns what the guest returned.
    #[inline]
    pub fn serve(&mut self) -> Result<i64> {
        match &mut self.kept {
            Some(guest) => {
                let answer = guest.request()?;
                // The kept instance's stdout would grow by a line per request.
                guest.take_stdout()?;
                Ok(answer)
            }
            // The instance, its store and its WASI context are dropped inside the request.
            None => self.prepared.instantiate()?.request(),
        }
    }
}
