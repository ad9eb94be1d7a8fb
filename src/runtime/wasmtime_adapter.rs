//! [`Runtime`] on Wasmtime: Cranelift and Winch engines with Wasmtime's defaults (the
//! same guard-page bounds checks Wasmer uses, copy-on-write memory images), and Pulley,
//! Wasmtime's interpreter (Cranelift compiling to Pulley bytecode; bounds checks are
//! explicit there, no signal handlers, no guard pages); an execution
//! limit through Wasmtime's fuel, topped up before every call, or through epoch
//! interruption, a deadline set before every call and a ticker thread per engine; the host API as typed
//! (`Linker::func_wrap`) or dynamic (`Linker::func_new`) host functions; imports
//! resolved per instance (`Linker::instantiate`) or once (`InstancePre`); optionally the
//! pooling allocator.
//!
//! The same text is the adapter of every Wasmtime release the build links (`KIND` and
//! `api`, the release's crate, come from the module that includes it: see
//! `adapter_at_release!` in `runtime/mod.rs`).

use super::api::{
    Caller, Config, Engine, Func, FuncType, Instance, InstanceAllocationStrategy, InstancePre, Linker, Memory, Module,
    PoolingAllocationConfig, Store, Strategy, Trap, TypedFunc, Val, ValType,
};

use super::{KIND, api};
use crate::runtime::epoch;
use crate::runtime::host_api::{HOST_MODULE, HostError, HostFnStyle, HostState};
use crate::runtime::{
    Backend, CallFailure, CallMode, Concurrency, EngineOptions, Limit, Linking, MEMORY_EXPORT, Params, Results, Runtime,
};

/// The Wasmtime adapter.
pub struct Wasmtime;

/// A Wasmtime engine and how its modules are called: the host functions a module is
/// linked with, and every call, depend on it.
#[derive(Clone)]
pub struct WasmtimeEngine {
    pub(crate) engine: Engine,
    calls: CallMode,
}

/// A Wasmtime instance with its store and, when metered, its per-call limit.
pub struct WasmtimeInstance {
    store: Store<HostData>,
    instance: Instance,
    limit: Option<Limit>,
    calls: CallMode,
}

/// The store's data: the host API's state and the memory its functions use, for an
/// instance that imports it.
#[derive(Default)]
pub struct HostData {
    host: Option<HostState>,
    memory: Option<Memory>,
}

/// A module with its imports resolved once, or the linker that resolves them for each
/// instance; and whether the host API is among them.
#[derive(Clone)]
pub struct WasmtimePrepared {
    linked: Linked,
    hosted: bool,
    calls: CallMode,
}

#[derive(Clone)]
enum Linked {
    Once(InstancePre<HostData>),
    PerInstance(Linker<HostData>, Module),
}

/// Instances one pooling engine holds at once: enough for a benchmark making one
/// instance per request, without reserving address space for a thousand (Wasmtime's
/// default), each slot being a 4 GiB reservation plus guard.
const POOLED_INSTANCES: u32 = 64;

impl Runtime for Wasmtime {
    type Engine = WasmtimeEngine;
    type Module = Module;
    type Prepared = WasmtimePrepared;
    type Instance = WasmtimeInstance;
    type Function = Func;
    type Typed<P: Params, R: Results> = TypedFunc<P, R>;
    type Memory = Memory;
    type Value = Val;

    fn engine(backend: Backend, options: &EngineOptions) -> Result<WasmtimeEngine, String> {
        if !options.calls.compiled_in() {
            return Err(format!("{} calls need the `async` feature (build with `--features async`)", options.calls));
        }
        if backend.runtime() != KIND {
            return Err(format!("{backend} is not a {KIND} backend"));
        }
        // The compiler, whichever release this is.
        let compiler = backend.at_current_release();
        let strategy = match compiler {
            Backend::WasmtimeCranelift | Backend::WasmtimePulley => Strategy::Cranelift,
            Backend::WasmtimeWinch => Strategy::Winch,
            other => return Err(format!("{other} is not a Wasmtime backend")),
        };
        if options.translation.is_some() {
            return Err(format!("{backend} has no translation modes (wasmi's)"));
        }
        if !options.concurrency.runs_on(backend) {
            // Only the current release's is compiled in (by wasmtime-wasi, in the `wasi` build).
            return Err(format!("{backend} has no concurrency support to turn off (no build compiles it in there)"));
        }
        let mut config = Config::new();
        if compiler == Backend::WasmtimePulley {
            // The interpreter of the host's pointer width: Cranelift emits Pulley bytecode.
            config.target("pulley64").map_err(|e| format!("{e:#}"))?;
        }
        // No wasm backtrace is captured on a trap: errors stay one line, as Wasmer's.
        config
            .strategy(strategy)
            .consume_fuel(matches!(options.limit, Some(Limit::Fuel(_))))
            .epoch_interruption(matches!(options.limit, Some(Limit::Epoch(_))))
            .wasm_backtrace_max_frames(None);
        if options.concurrency == Concurrency::Off {
            config.concurrency_support(false);
        }
        if options.pooling {
            let mut pool = PoolingAllocationConfig::default();
            pool.total_core_instances(POOLED_INSTANCES).total_memories(POOLED_INSTANCES).total_tables(POOLED_INSTANCES);
            // Async calls run on fiber stacks, which then come from the pool too.
            #[cfg(feature = "async")]
            pool.total_stacks(POOLED_INSTANCES);
            config.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
        }
        let engine = Engine::new(&config).map_err(|e| format!("{e:#}"))?;
        if let Some(Limit::Epoch(_)) = options.limit {
            // Deadlines are counted in ticks: something must tick.
            let weak = engine.weak();
            epoch::start_ticker(move || weak.upgrade().map(|engine| engine.increment_epoch()).is_some())?;
        }
        Ok(WasmtimeEngine { engine, calls: options.calls })
    }

    fn compile(engine: &WasmtimeEngine, bytes: &[u8]) -> Result<Module, String> {
        Module::new(&engine.engine, bytes).map_err(|e| format!("{e:#}"))
    }

    fn prepare(
        engine: &WasmtimeEngine,
        module: &Module,
        host: Option<HostFnStyle>,
        linking: Linking,
    ) -> Result<WasmtimePrepared, String> {
        let mut linker = Linker::new(&engine.engine);
        if let Some(style) = host {
            define_host_api(&mut linker, &engine.engine, style, engine.calls).map_err(|e| format!("{e:#}"))?;
        }
        // Resolving once also checks the imports now, for either linking.
        let pre = linker.instantiate_pre(module).map_err(|e| format!("{e:#}"))?;
        let linked = match linking {
            Linking::Once => Linked::Once(pre),
            Linking::PerInstance => Linked::PerInstance(linker, module.clone()),
        };
        Ok(WasmtimePrepared { linked, hosted: host.is_some(), calls: engine.calls })
    }

    fn instantiate(prepared: &WasmtimePrepared, limit: Option<Limit>) -> Result<WasmtimeInstance, String> {
        let engine = match &prepared.linked {
            Linked::Once(pre) => pre.module().engine(),
            Linked::PerInstance(_, module) => module.engine(),
        };
        let host = prepared.hosted.then(HostState::default);
        let mut store = Store::new(engine, HostData { host, memory: None });
        // The start function (if any) runs under the same limit as a call. (With epochs
        // on, a store's deadline starts at "now": without this the first call would trap.)
        refuel(&mut store, limit).map_err(|failure| format!("{failure:?}"))?;
        let instance = match (&prepared.linked, prepared.calls) {
            (Linked::Once(pre), CallMode::Sync) => pre.instantiate(&mut store),
            (Linked::PerInstance(linker, module), CallMode::Sync) => linker.instantiate(&mut store, module),
            #[cfg(feature = "async")]
            (Linked::Once(pre), CallMode::Async) => {
                in_place(pre.instantiate_async(&mut store)).map_err(|f| format!("{f:?}"))?
            }
            #[cfg(feature = "async")]
            (Linked::PerInstance(linker, module), CallMode::Async) => {
                in_place(linker.instantiate_async(&mut store, module)).map_err(|f| format!("{f:?}"))?
            }
            #[cfg(not(feature = "async"))]
            (_, CallMode::Async) => unreachable!("an async engine is refused without the `async` feature"),
        }
        .map_err(|e| format!("{e:#}"))?;
        if prepared.hosted {
            let memory = instance.get_memory(&mut store, MEMORY_EXPORT);
            store.data_mut().memory = memory;
        }
        Ok(WasmtimeInstance { store, instance, limit, calls: prepared.calls })
    }

    fn host_state(guest: &mut WasmtimeInstance) -> Option<&mut HostState> {
        guest.store.data_mut().host.as_mut()
    }

    fn serialize(module: &Module) -> Result<Vec<u8>, String> {
        module.serialize().map_err(|e| format!("{e:#}"))
    }

    unsafe fn deserialize(engine: &WasmtimeEngine, bytes: &[u8]) -> Result<Module, String> {
        // SAFETY: the caller guarantees `bytes` came from `Module::serialize` of this
        // Wasmtime version and backend.
        unsafe { Module::deserialize(&engine.engine, bytes) }.map_err(|e| format!("{e:#}"))
    }

    fn function(guest: &mut WasmtimeInstance, export: &str) -> Result<Func, String> {
        guest.instance.get_func(&mut guest.store, export).ok_or_else(|| format!("no function export `{export}`"))
    }

    fn typed<P: Params, R: Results>(guest: &mut WasmtimeInstance, export: &str) -> Result<TypedFunc<P, R>, String> {
        guest.instance.get_typed_func(&mut guest.store, export).map_err(|e| format!("{e:#}"))
    }

    fn memory(guest: &mut WasmtimeInstance, export: &str) -> Result<Memory, String> {
        guest.instance.get_memory(&mut guest.store, export).ok_or_else(|| format!("no memory export `{export}`"))
    }

    #[inline]
    fn call(guest: &mut WasmtimeInstance, function: &Func, args: &[Val]) -> Result<Val, CallFailure> {
        guest.refuel()?;
        // Wasmtime writes results into a slice the caller provides: no allocation.
        let mut results = [Val::I32(0)];
        let called = match guest.calls {
            CallMode::Sync => function.call(&mut guest.store, args, &mut results),
            #[cfg(feature = "async")]
            CallMode::Async => in_place(function.call_async(&mut guest.store, args, &mut results))?,
            #[cfg(not(feature = "async"))]
            CallMode::Async => unreachable!("an async engine is refused without the `async` feature"),
        };
        match called {
            Ok(()) => Ok(results[0]),
            Err(e) => {
                // Wasmtime refuses a call whose result count differs from the slice's.
                let returns = function.ty(&guest.store).results().len();
                Err(if returns == 1 { guest.failure(e) } else { CallFailure::BadReturn(format!("{returns} values")) })
            }
        }
    }

    #[inline]
    fn call_typed<P: Params, R: Results>(
        guest: &mut WasmtimeInstance,
        function: &TypedFunc<P, R>,
        args: P,
    ) -> Result<R, CallFailure> {
        guest.refuel()?;
        let called = match guest.calls {
            CallMode::Sync => function.call(&mut guest.store, args),
            #[cfg(feature = "async")]
            CallMode::Async => in_place(function.call_async(&mut guest.store, args))?,
            #[cfg(not(feature = "async"))]
            CallMode::Async => unreachable!("an async engine is refused without the `async` feature"),
        };
        called.map_err(|e| guest.failure(e))
    }

    crate::runtime::store_memory_and_values!(WasmtimeInstance);
}

impl WasmtimeInstance {
    /// Tops the fuel up to the per-call limit, or sets the deadline a call from now
    /// (one untaken branch without a limit).
    #[inline]
    fn refuel(&mut self) -> Result<(), CallFailure> {
        refuel(&mut self.store, self.limit)
    }

    /// Out of fuel if fuel ran out, else the trap: the guest's, a host function's
    /// refusal, or the reason the call was refused.
    fn failure(&self, error: api::Error) -> CallFailure {
        if let Some(refusal) = error.downcast_ref::<HostError>() {
            return CallFailure::Trap(refusal.to_string());
        }
        match (error.downcast_ref::<Trap>(), self.limit) {
            (Some(Trap::OutOfFuel), Some(Limit::Fuel(limit))) => CallFailure::OutOfFuel { limit },
            (Some(Trap::Interrupt), Some(Limit::Epoch(ticks))) => CallFailure::DeadlineExceeded { ticks },
            (Some(trap), _) => CallFailure::Trap(trap.to_string()),
            (None, _) => CallFailure::Trap(format!("{error:#}")),
        }
    }
}

/// Runs an async call to completion where it is made: polled once, as an `.await`
/// inside a running task polls it. The host functions here never wait, so the fiber
/// finishes in that poll; if it did not, the call is dropped (Wasmtime unwinds the
/// fiber) and reported, never waited for.
#[cfg(feature = "async")]
#[inline]
fn in_place<F: std::future::Future>(future: F) -> Result<F::Output, CallFailure> {
    use std::task::{Context, Poll, Waker};
    let mut future = std::pin::pin!(future);
    match future.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(output) => Ok(output),
        Poll::Pending => Err(CallFailure::Trap("the async call waited on something; this host never does".into())),
    }
}

/// Sets a store's per-call limit afresh: its fuel, or its deadline from now.
#[inline]
fn refuel<T>(store: &mut Store<T>, limit: Option<Limit>) -> Result<(), CallFailure> {
    match limit {
        None => Ok(()),
        Some(Limit::Fuel(operators)) => store.set_fuel(operators).map_err(|e| CallFailure::Trap(format!("{e:#}"))),
        Some(Limit::Epoch(ticks)) => {
            store.set_epoch_deadline(ticks);
            Ok(())
        }
    }
}

/// The host API in `linker`, in `style`, as plain closures or (for async calls) as
/// closures returning futures. Every variant runs the same bodies below.
fn define_host_api(
    linker: &mut Linker<HostData>,
    engine: &Engine,
    style: HostFnStyle,
    calls: CallMode,
) -> api::Result<()> {
    type Ctx<'a> = Caller<'a, HostData>;
    match (style, calls) {
        (HostFnStyle::Typed, CallMode::Sync) => {
            linker.func_wrap(HOST_MODULE, "nop", |mut caller: Ctx| nop(&mut caller))?;
            linker.func_wrap(HOST_MODULE, "add", |mut caller: Ctx, a: i32, b: i32| add(&mut caller, a, b))?;
            linker.func_wrap(HOST_MODULE, "read", |mut caller: Ctx, ptr: i32, len: i32| read(&mut caller, ptr, len))?;
            linker
                .func_wrap(HOST_MODULE, "write", |mut caller: Ctx, ptr: i32, len: i32| write(&mut caller, ptr, len))?;
        }
        #[cfg(feature = "async")]
        (HostFnStyle::Typed, CallMode::Async) => {
            // What an async host binds: each call returns a boxed future (here one that is
            // ready at once), polled on the guest's fiber.
            linker.func_wrap_async(HOST_MODULE, "nop", |mut caller: Ctx, (): ()| {
                Box::new(async move { nop(&mut caller) })
            })?;
            linker.func_wrap_async(HOST_MODULE, "add", |mut caller: Ctx, (a, b): (i32, i32)| {
                Box::new(async move { add(&mut caller, a, b) })
            })?;
            linker.func_wrap_async(HOST_MODULE, "read", |mut caller: Ctx, (ptr, len): (i32, i32)| {
                Box::new(async move { read(&mut caller, ptr, len) })
            })?;
            linker.func_wrap_async(HOST_MODULE, "write", |mut caller: Ctx, (ptr, len): (i32, i32)| {
                Box::new(async move { write(&mut caller, ptr, len) })
            })?;
        }
        (HostFnStyle::Dynamic, calls) => {
            for (name, params, results, body) in DYNAMIC_HOST_API {
                let ty = FuncType::new(engine, vec![ValType::I32; params], vec![ValType::I32; results]);
                match calls {
                    CallMode::Sync => linker.func_new(HOST_MODULE, name, ty, move |mut caller, args, results| {
                        body(&mut caller, args, results)
                    })?,
                    #[cfg(feature = "async")]
                    CallMode::Async => {
                        linker.func_new_async(HOST_MODULE, name, ty, move |mut caller, args, results| {
                            Box::new(async move { body(&mut caller, args, results) })
                        })?
                    }
                    #[cfg(not(feature = "async"))]
                    CallMode::Async => unreachable!("an async engine is refused without the `async` feature"),
                };
            }
        }
        #[cfg(not(feature = "async"))]
        (HostFnStyle::Typed, CallMode::Async) => unreachable!("an async engine is refused without the `async` feature"),
    }
    Ok(())
}

/// A host function bound dynamically: its arguments and results as runtime values.
type DynamicBody = fn(&mut Caller<'_, HostData>, &[Val], &mut [Val]) -> api::Result<()>;

/// The host API bound dynamically: name, i32 parameters, i32 results, body. Wasmtime
/// checks the values against the signature before the body runs, so `unwrap_i32` on a
/// declared i32 parameter cannot fail.
const DYNAMIC_HOST_API: [(&str, usize, usize, DynamicBody); 4] = [
    ("nop", 0, 0, |caller, _, _| nop(caller)),
    ("add", 2, 1, |caller, args, results| {
        results[0] = Val::I32(add(caller, args[0].unwrap_i32(), args[1].unwrap_i32())?);
        Ok(())
    }),
    ("read", 2, 1, |caller, args, results| {
        results[0] = Val::I32(read(caller, args[0].unwrap_i32(), args[1].unwrap_i32())?);
        Ok(())
    }),
    ("write", 2, 0, |caller, args, _| write(caller, args[0].unwrap_i32(), args[1].unwrap_i32())),
];

/// `nop`: counts the call.
fn nop(caller: &mut Caller<'_, HostData>) -> api::Result<()> {
    state(caller)?.nop();
    Ok(())
}

/// `add`: counts the call, returns the sum.
fn add(caller: &mut Caller<'_, HostData>, a: i32, b: i32) -> api::Result<i32> {
    Ok(state(caller)?.add(a, b))
}

fn missing(what: &str) -> HostError {
    HostError(format!("the host API has no {what} in this store"))
}

fn state<'a>(caller: &'a mut Caller<'_, HostData>) -> Result<&'a mut HostState, HostError> {
    caller.data_mut().host.as_mut().ok_or_else(|| missing("state"))
}

/// `read`: copies the guest's bytes out of its memory, returns their checksum.
fn read(caller: &mut Caller<'_, HostData>, ptr: i32, len: i32) -> api::Result<i32> {
    let memory = caller.data().memory.ok_or_else(|| missing("guest memory"))?;
    let (bytes, data) = memory.data_and_store_mut(caller);
    let state = data.host.as_mut().ok_or_else(|| missing("state"))?;
    let range = HostState::range("read", ptr, len, bytes.len() as u64)?;
    state.read_buffer(range.len()).copy_from_slice(&bytes[range.clone()]);
    Ok(state.read_done(range.len()))
}

/// `write`: copies the host's bytes into the guest's memory.
fn write(caller: &mut Caller<'_, HostData>, ptr: i32, len: i32) -> api::Result<()> {
    let memory = caller.data().memory.ok_or_else(|| missing("guest memory"))?;
    let (bytes, data) = memory.data_and_store_mut(caller);
    let state = data.host.as_mut().ok_or_else(|| missing("state"))?;
    let range = HostState::range("write", ptr, len, bytes.len() as u64)?;
    bytes[range.clone()].copy_from_slice(state.write_source(range.len())?);
    Ok(())
}
