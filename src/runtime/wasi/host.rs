//! The I/O guests on every runtime (feature `wasi`): compiling them, resolving what
//! they import (the runtime's WASI functions, or the typed host functions of
//! [`HostIo`]), instantiating them with a WASI context (or host state) per instance, and
//! calling them. One file per runtime, each behind [`IoHost`]; [`CompiledIo`],
//! [`Prepared`] and [`Instance`] hold any backend's, so a benchmark or test is written
//! once for every backend.

use super::on_wasmer::WasmerIo;
use super::on_wasmi::WasmiIo;
use super::on_wasmtime::WasmtimeIo;
use super::{HostIo, IoOp, IoRoute};
use crate::guest::{self, GuestModule, GuestOpt};
use crate::runtime::engine::Engine;
use crate::runtime::{Backend, EngineOptions, Linking, RuntimeKind};
use crate::{Error, Result};

/// What a `hostfn` instance's host functions reach: their state, and the guest's memory
/// (the runtime's memory handle `M`, set once the instance exists).
pub(super) struct HostFnData<M> {
    pub(super) io: HostIo,
    pub(super) memory: Option<M>,
}

/// The name the WASI context gives the program (its `argv[0]`).
pub(super) const PROGRAM: &str = "wasi";

/// One runtime's way of running the I/O guests. Errors are the runtime's own message;
/// the erased types below add which guest and export they concern.
pub(super) trait IoHost {
    /// A compiled module of one route.
    type Module: Clone + 'static;
    fn compile(engine: &Engine, bytes: &[u8]) -> Result<Self::Module, String>;
    /// The module with what it imports resolved as `linking` says (where the runtime can
    /// resolve imports ahead of instantiation).
    fn prepare(
        engine: &Engine,
        module: &Self::Module,
        route: IoRoute,
        linking: Linking,
    ) -> Result<Box<dyn PreparedIo>, String>;
}

/// A module ready to instantiate: each instance gets a fresh store, a fresh WASI context
/// (or host state) and fresh captured stdout.
pub(super) trait PreparedIo {
    fn instantiate(&self) -> Result<Box<dyn IoInstance>, String>;
}

/// A live instance of an I/O guest, its handles on the exports looked up once.
pub(super) trait IoInstance {
    /// Calls `export(n)` (`export()` for the exports without an argument; `n` unused).
    fn call(&mut self, export: Export, n: i64) -> Result<i64, String>;
    /// The stdout captured since the last take.
    fn take_stdout(&mut self) -> Result<Vec<u8>, String>;
    /// Calls the guest made to the typed host functions (0 on the WASI route).
    fn host_calls(&self) -> u64;
}

/// The exports an instance calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Export {
    Op(IoOp),
    /// `clock_span() -> i64`.
    ClockSpan,
    /// `request() -> i64`.
    Request,
}

impl Export {
    fn name(self) -> &'static str {
        match self {
            Export::Op(op) => op.export(),
            Export::ClockSpan => "clock_span",
            Export::Request => "request",
        }
    }
}

/// The handles every runtime looks up once per instance, by export.
#[derive(Clone)]
pub(super) struct Handles<Op, Nullary> {
    ops: [Op; 3],
    pub(super) clock_span: Nullary,
    pub(super) request: Nullary,
}

impl<Op, Nullary> Handles<Op, Nullary> {
    /// Looks every export up in `instance` (the runtime's store or instance), in
    /// [`IoOp::ALL`]'s order, so `ops[op as usize]` is `op`'s.
    pub(super) fn lookup<S, E>(
        instance: &mut S,
        op: impl Fn(&mut S, &'static str) -> Result<Op, E>,
        nullary: impl Fn(&mut S, &'static str) -> Result<Nullary, E>,
    ) -> Result<Self, E> {
        let [clock, random, stdout] = IoOp::ALL.map(IoOp::export);
        Ok(Handles {
            ops: [op(instance, clock)?, op(instance, random)?, op(instance, stdout)?],
            clock_span: nullary(instance, Export::ClockSpan.name())?,
            request: nullary(instance, Export::Request.name())?,
        })
    }

    #[inline]
    pub(super) fn op(&self, op: IoOp) -> &Op {
        &self.ops[op as usize]
    }
}

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

/// A `hostfn` instance on a runtime whose store holds [`HostFnData`] and whose live
/// instance (`Live<T>`: `store`, `memory`, `call`) is made by `$prepared<T>`
/// (Wasmtime's and wasmi's, which differ only in their types): instantiating it with the
/// host functions' state, and reading that state back.
macro_rules! hostfn_instance {
    ($prepared:ident, $runtime:expr) => {
        impl PreparedIo for $prepared<HostFnData> {
            fn instantiate(&self) -> Result<Box<dyn IoInstance>, String> {
                let io = HostIo::new(RandomSource::of($runtime));
                let mut live = self.instantiate(HostFnData { io, memory: None })?;
                live.store.data_mut().memory = live.memory;
                Ok(Box::new(live))
            }
        }

        impl IoInstance for Live<HostFnData> {
            #[inline]
            fn call(&mut self, export: Export, n: i64) -> Result<i64, String> {
                Live::call(self, export, n)
            }

            fn take_stdout(&mut self) -> Result<Vec<u8>, String> {
                Ok(std::mem::take(&mut self.store.data_mut().io.stdout))
            }

            fn host_calls(&self) -> u64 {
                self.store.data().io.calls
            }
        }
    };
}

pub(super) use hostfn_instance;

/// The guest range `(ptr, len)` if it lies inside a memory of `memory` bytes; else why
/// the host function refuses it (the guest traps with that message).
pub(super) fn guest_range(function: &str, ptr: u32, len: u32, memory: usize) -> Result<std::ops::Range<usize>, String> {
    let (start, end) = (ptr as usize, ptr as usize + len as usize);
    if end > memory {
        return Err(format!(
            "host function `{function}` refused bytes {start}..{end} of the guest's {memory}-byte memory"
        ));
    }
    Ok(start..end)
}
