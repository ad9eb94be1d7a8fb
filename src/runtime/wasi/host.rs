//! The I/O guests on every runtime (feature `wasi`): compiling them, resolving what
//! they import (the runtime's WASI functions, or the typed host functions of
//! [`HostIo`]), instantiating them with a WASI context (or host state) per instance, and
//! calling them. One file per runtime, each behind `contract::IoHost`; [`CompiledIo`],
//! [`Prepared`] and [`Instance`] hold any backend's, so a benchmark or test is written
//! once for every backend.

use super::contract::{Export, IoHost, IoInstance, PreparedIo};
use super::on_wasmer::WasmerIo;
use super::on_wasmi::WasmiIo;
use super::on_wasmtime::WasmtimeIo;
use super::{IoOp, IoRoute};
use crate::guest::{self, GuestModule, GuestOpt};
use crate::runtime::engine::Engine;
use crate::runtime::{Backend, EngineOptions, Linking, RuntimeKind};
use crate::{Error, Result};

/// An I/O guest compiled by one backend, for one route.
#[derive(Clone)]
pub struct CompiledIo {
    pub backend: Backend,
    pub route: IoRoute,
    engine: Engine,
    module: AnyModule,
}

#[derive(Clone)]
enum AnyModule {
    Wasmtime(<WasmtimeIo as IoHost>::Module),
    Wasmer(<WasmerIo as IoHost>::Module),
    Wasmi(<WasmiIo as IoHost>::Module),
}

impl CompiledIo {
    /// Compiles the route's guest with a fresh engine of `backend` with its defaults.
    pub fn compile(backend: Backend, route: IoRoute, opt: GuestOpt) -> Result<Self> {
        Self::compile_in(&Engine::new(backend)?, route, opt)
    }

    /// Compiles the route's guest with `engine` (its options: pooling, ...).
    pub fn compile_in(engine: &Engine, route: IoRoute, opt: GuestOpt) -> Result<Self> {
        Self::compile_bytes(engine, route, guest(route).bytes(opt))
    }

    /// Any module's bytes on `route`'s imports: a guest of your own with the I/O guests'
    /// exports, or a hostile one in the tests.
    pub fn compile_bytes(engine: &Engine, route: IoRoute, bytes: &[u8]) -> Result<Self> {
        let backend = engine.backend();
        let options = engine.options();
        if options != (EngineOptions { pooling: options.pooling, ..EngineOptions::default() }) {
            return Err(Error::Config {
                config: format!("{} on {backend} with {options:?}", route.guest_name()),
                reason: "the WASI guests run on plain engines: sync calls without an execution limit (pooling is the only option)",
            });
        }
        let module = match backend.runtime() {
            RuntimeKind::Wasmtime => WasmtimeIo::compile(engine, bytes).map(AnyModule::Wasmtime),
            RuntimeKind::Wasmer => WasmerIo::compile(engine, bytes).map(AnyModule::Wasmer),
            RuntimeKind::Wasmi => WasmiIo::compile(engine, bytes).map(AnyModule::Wasmi),
            RuntimeKind::Wasm3 | RuntimeKind::Wamr | RuntimeKind::WasmtimePrevious | RuntimeKind::WasmiPrevious => {
                return Err(Error::Config {
                    config: format!("{} on {backend}", route.guest_name()),
                    reason: "the WASI guests run on Wasmtime, Wasmer and wasmi at their current releases: \
                             wasm3, WAMR and the previous releases have no WASI context here",
                });
            }
        }
        .map_err(|reason| Error::Compile { backend: backend.name(), guest: guest(route).name, reason })?;
        Ok(CompiledIo { backend, route, engine: engine.clone(), module })
    }

    /// The engine settings it was compiled with.
    pub fn engine_options(&self) -> EngineOptions {
        self.engine.options()
    }

    /// Resolves the imports (the runtime's WASI functions, or the typed host functions)
    /// as `linking` says: once now, or again for every instance. Runtimes without
    /// ahead-of-time resolution (Wasmer, wasmi) resolve per instance either way (wasmi
    /// keeps its linker, and type-checks at each instantiation).
    pub fn prepare(&self, linking: Linking) -> Result<Prepared> {
        let (engine, route) = (&self.engine, self.route);
        let prepared = match &self.module {
            AnyModule::Wasmtime(module) => WasmtimeIo::prepare(engine, module, route, linking),
            AnyModule::Wasmer(module) => WasmerIo::prepare(engine, module, route, linking),
            AnyModule::Wasmi(module) => WasmiIo::prepare(engine, module, route, linking),
        }
        .map_err(|reason| self.instantiate_error(reason))?;
        Ok(Prepared { route, inner: prepared })
    }

    /// A fresh instance, imports resolved for it.
    pub fn instantiate(&self) -> Result<Instance> {
        self.prepare(Linking::Once)?.instantiate()
    }

    fn instantiate_error(&self, reason: String) -> Error {
        Error::Instantiate { guest: self.route.guest_name(), reason }
    }
}

/// A compiled I/O guest with its imports resolved (or the recipe to resolve them).
pub struct Prepared {
    route: IoRoute,
    inner: Box<dyn PreparedIo>,
}

impl Prepared {
    /// A fresh store and instance with a fresh WASI context (or host state) and stdout.
    pub fn instantiate(&self) -> Result<Instance> {
        let inner =
            self.inner.instantiate().map_err(|reason| Error::Instantiate { guest: self.route.guest_name(), reason })?;
        Ok(Instance { route: self.route, inner })
    }
}

/// A live I/O guest.
pub struct Instance {
    route: IoRoute,
    inner: Box<dyn IoInstance>,
}

impl Instance {
    pub fn route(&self) -> IoRoute {
        self.route
    }

    /// The guest's loop over `op`, `n` times; its answer ([`IoOp::expected`] when every
    /// call succeeded). A WASI call that failed is an error naming the call and its errno.
    #[inline]
    pub fn run(&mut self, op: IoOp, n: u64) -> Result<i64> {
        let answer = self.call(Export::Op(op), n as i64)?;
        if answer < 0 {
            return Err(self.failed_call(op.export(), op, answer));
        }
        Ok(answer)
    }

    /// One request's I/O: a clock read, a 16-byte fill and a line ([`REQUEST_ANSWER`]).
    #[inline]
    pub fn request(&mut self) -> Result<i64> {
        let answer = self.call(Export::Request, 0)?;
        if answer < 0 {
            return Err(Error::BadReturn {
                export: "request",
                got: format!("error code {}", -answer),
                expected: "1 + 1 + 64 (a clock read, a fill and a line)",
            });
        }
        Ok(answer)
    }

    /// The span from the first to the last read of the last `clock` loop, in nanoseconds.
    pub fn clock_span(&mut self) -> Result<i64> {
        self.call(Export::ClockSpan, 0)
    }

    /// The stdout the guest wrote since the last take (the captured bytes are dropped,
    /// so a long benchmark does not keep them all).
    pub fn take_stdout(&mut self) -> Result<Vec<u8>> {
        self.inner.take_stdout().map_err(|reason| Error::GuestBuffer { export: "stdout", reason })
    }

    /// Calls the guest made to the typed host functions (0 on the WASI route, whose
    /// calls the runtime's WASI implementation serves).
    pub fn host_calls(&self) -> u64 {
        self.inner.host_calls()
    }

    fn call(&mut self, export: Export, n: i64) -> Result<i64> {
        let name = export.name();
        self.inner.call(export, n).map_err(|reason| Error::Trap { export: name, reason })
    }

    fn failed_call(&self, export: &'static str, op: IoOp, answer: i64) -> Error {
        let call = match self.route {
            IoRoute::Wasi => op.wasi_call(),
            IoRoute::HostFn => op.host_function(),
        };
        Error::BadReturn {
            export,
            got: format!("`{call}` failing with error code {}", -answer),
            expected: "every call to succeed",
        }
    }
}

/// The guest of a route.
pub fn guest(route: IoRoute) -> &'static GuestModule {
    match route {
        IoRoute::Wasi => &guest::WASI,
        IoRoute::HostFn => &guest::HOSTFN,
    }
}
