//! [`Runtime`] on Wasmtime: Cranelift and Winch engines with Wasmtime's defaults (the
//! same guard-page bounds checks Wasmer uses, copy-on-write memory images), and Pulley,
//! Wasmtime's interpreter (Cranelift compiling to Pulley bytecode; bounds checks are
//! explicit there, no signal handlers, no guard pages); an execution
//! limit through Wasmtime's fuel, topped up before every call; the host API as typed
//! (`Linker::func_wrap`) or dynamic (`Linker::func_new`) host functions; imports
//! resolved per instance (`Linker::instantiate`) or once (`InstancePre`); optionally the
//! pooling allocator.

use wasmtime::{
    Caller, Config, Engine, Func, FuncType, Instance, InstanceAllocationStrategy, InstancePre, Linker, Memory, Module,
    PoolingAllocationConfig, Store, Strategy, Trap, TypedFunc, Val, ValType,
};

use super::host_api::{HOST_MODULE, HostError, HostFnStyle, HostState};
use super::{Backend, CallFailure, EngineOptions, Linking, MEMORY_EXPORT, Params, Results, Runtime, Scalar};

/// The Wasmtime adapter.
pub struct Wasmtime;

/// A Wasmtime instance with its store and, when metered, its per-call limit.
pub struct WasmtimeInstance {
    store: Store<HostData>,
    instance: Instance,
    fuel: Option<u64>,
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
    type Engine = Engine;
    type Module = Module;
    type Prepared = WasmtimePrepared;
    type Instance = WasmtimeInstance;
    type Function = Func;
    type Typed<P: Params, R: Results> = TypedFunc<P, R>;
    type Memory = Memory;
    type Value = Val;

    fn engine(backend: Backend, options: &EngineOptions) -> Result<Engine, String> {
        let strategy = match backend {
            Backend::WasmtimeCranelift | Backend::WasmtimePulley => Strategy::Cranelift,
            Backend::WasmtimeWinch => Strategy::Winch,
            other => return Err(format!("{other} is not a Wasmtime backend")),
        };
        if options.translation.is_some() {
            return Err(format!("{backend} has no translation modes (wasmi's)"));
        }
        let mut config = Config::new();
        if backend == Backend::WasmtimePulley {
            // The interpreter of the host's pointer width: Cranelift emits Pulley bytecode.
            config.target("pulley64").map_err(|e| format!("{e:#}"))?;
        }
        // No wasm backtrace is captured on a trap: errors stay one line, as Wasmer's.
        config.strategy(strategy).consume_fuel(options.fuel.is_some()).wasm_backtrace_max_frames(None);
        if options.pooling {
            let mut pool = PoolingAllocationConfig::default();
            pool.total_core_instances(POOLED_INSTANCES).total_memories(POOLED_INSTANCES).total_tables(POOLED_INSTANCES);
            config.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
        }
        Engine::new(&config).map_err(|e| format!("{e:#}"))
    }

    fn compile(engine: &Engine, bytes: &[u8]) -> Result<Module, String> {
        Module::new(engine, bytes).map_err(|e| format!("{e:#}"))
    }

    fn prepare(
        engine: &Engine,
        module: &Module,
        host: Option<HostFnStyle>,
        linking: Linking,
    ) -> Result<WasmtimePrepared, String> {
        let mut linker = Linker::new(engine);
        if let Some(style) = host {
            define_host_api(&mut linker, engine, style).map_err(|e| format!("{e:#}"))?;
        }
        // Resolving once also checks the imports now, for either linking.
        let pre = linker.instantiate_pre(module).map_err(|e| format!("{e:#}"))?;
        let linked = match linking {
            Linking::Once => Linked::Once(pre),
            Linking::PerInstance => Linked::PerInstance(linker, module.clone()),
        };
        Ok(WasmtimePrepared { linked, hosted: host.is_some() })
    }

    fn instantiate(prepared: &WasmtimePrepared, fuel: Option<u64>) -> Result<WasmtimeInstance, String> {
        let engine = match &prepared.linked {
            Linked::Once(pre) => pre.module().engine(),
            Linked::PerInstance(_, module) => module.engine(),
        };
        let host = prepared.hosted.then(HostState::default);
        let mut store = Store::new(engine, HostData { host, memory: None });
        if let Some(limit) = fuel {
            // The start function (if any) runs under the same limit as a call.
            store.set_fuel(limit).map_err(|e| format!("{e:#}"))?;
        }
        let instance = match &prepared.linked {
            Linked::Once(pre) => pre.instantiate(&mut store),
            Linked::PerInstance(linker, module) => linker.instantiate(&mut store, module),
        }
        .map_err(|e| format!("{e:#}"))?;
        if prepared.hosted {
            let memory = instance.get_memory(&mut store, MEMORY_EXPORT);
            store.data_mut().memory = memory;
        }
        Ok(WasmtimeInstance { store, instance, fuel })
    }

    fn host_state(guest: &mut WasmtimeInstance) -> Option<&mut HostState> {
        guest.store.data_mut().host.as_mut()
    }

    fn serialize(module: &Module) -> Result<Vec<u8>, String> {
        module.serialize().map_err(|e| format!("{e:#}"))
    }

    unsafe fn deserialize(engine: &Engine, bytes: &[u8]) -> Result<Module, String> {
        // SAFETY: the caller guarantees `bytes` came from `Module::serialize` of this
        // Wasmtime version and backend.
        unsafe { Module::deserialize(engine, bytes) }.map_err(|e| format!("{e:#}"))
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
        match function.call(&mut guest.store, args, &mut results) {
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
        function.call(&mut guest.store, args).map_err(|e| guest.failure(e))
    }

    #[inline]
    fn write(guest: &mut WasmtimeInstance, memory: &Memory, offset: u64, bytes: &[u8]) -> Result<(), String> {
        let offset = usize::try_from(offset).map_err(|e| e.to_string())?;
        memory.write(&mut guest.store, offset, bytes).map_err(|e| e.to_string())
    }

    fn read(guest: &WasmtimeInstance, memory: &Memory, offset: u64, buf: &mut [u8]) -> Result<(), String> {
        let offset = usize::try_from(offset).map_err(|e| e.to_string())?;
        memory.read(&guest.store, offset, buf).map_err(|e| e.to_string())
    }

    fn memory_size(guest: &WasmtimeInstance, memory: &Memory) -> u64 {
        memory.data_size(&guest.store) as u64
    }

    #[inline]
    fn value(scalar: Scalar) -> Val {
        match scalar {
            Scalar::I32(v) => Val::I32(v),
            Scalar::I64(v) => Val::I64(v),
        }
    }

    #[inline]
    fn scalar(value: &Val) -> Option<Scalar> {
        match *value {
            Val::I32(v) => Some(Scalar::I32(v)),
            Val::I64(v) => Some(Scalar::I64(v)),
            _ => None,
        }
    }
}

impl WasmtimeInstance {
    /// Tops the fuel up to the per-call limit (one untaken branch without metering).
    #[inline]
    fn refuel(&mut self) -> Result<(), CallFailure> {
        let Some(limit) = self.fuel else { return Ok(()) };
        self.store.set_fuel(limit).map_err(|e| CallFailure::Trap(format!("{e:#}")))
    }

    /// Out of fuel if fuel ran out, else the trap: the guest's, a host function's
    /// refusal, or the reason the call was refused.
    fn failure(&self, error: wasmtime::Error) -> CallFailure {
        if let Some(refusal) = error.downcast_ref::<HostError>() {
            return CallFailure::Trap(refusal.to_string());
        }
        match (error.downcast_ref::<Trap>(), self.fuel) {
            (Some(Trap::OutOfFuel), Some(limit)) => CallFailure::OutOfFuel { limit },
            (Some(trap), _) => CallFailure::Trap(trap.to_string()),
            (None, _) => CallFailure::Trap(format!("{error:#}")),
        }
    }
}

/// The host API in `linker`, in `style`.
fn define_host_api(linker: &mut Linker<HostData>, engine: &Engine, style: HostFnStyle) -> wasmtime::Result<()> {
    type Ctx<'a> = Caller<'a, HostData>;
    match style {
        HostFnStyle::Typed => {
            linker.func_wrap(HOST_MODULE, "nop", |mut caller: Ctx| -> wasmtime::Result<()> {
                state(&mut caller)?.nop();
                Ok(())
            })?;
            linker.func_wrap(HOST_MODULE, "add", |mut caller: Ctx, a: i32, b: i32| -> wasmtime::Result<i32> {
                Ok(state(&mut caller)?.add(a, b))
            })?;
            linker.func_wrap(HOST_MODULE, "read", |mut caller: Ctx, ptr: i32, len: i32| read(&mut caller, ptr, len))?;
            linker
                .func_wrap(HOST_MODULE, "write", |mut caller: Ctx, ptr: i32, len: i32| write(&mut caller, ptr, len))?;
        }
        HostFnStyle::Dynamic => {
            let ty = |params: &[ValType], results: &[ValType]| {
                FuncType::new(engine, params.iter().cloned(), results.iter().cloned())
            };
            let (none, one, two) = (&[][..], &[ValType::I32][..], &[ValType::I32, ValType::I32][..]);
            // Wasmtime checks the values against the signature before the closure runs,
            // so `unwrap_i32` on a declared i32 parameter cannot fail.
            linker.func_new(HOST_MODULE, "nop", ty(none, none), |mut caller, _, _| {
                state(&mut caller)?.nop();
                Ok(())
            })?;
            linker.func_new(HOST_MODULE, "add", ty(two, one), |mut caller, args, results| {
                results[0] = Val::I32(state(&mut caller)?.add(args[0].unwrap_i32(), args[1].unwrap_i32()));
                Ok(())
            })?;
            linker.func_new(HOST_MODULE, "read", ty(two, one), |mut caller, args, results| {
                results[0] = Val::I32(read(&mut caller, args[0].unwrap_i32(), args[1].unwrap_i32())?);
                Ok(())
            })?;
            linker.func_new(HOST_MODULE, "write", ty(two, none), |mut caller, args, _| {
                write(&mut caller, args[0].unwrap_i32(), args[1].unwrap_i32())
            })?;
        }
    }
    Ok(())
}

fn missing(what: &str) -> HostError {
    HostError(format!("the host API has no {what} in this store"))
}

fn state<'a>(caller: &'a mut Caller<'_, HostData>) -> Result<&'a mut HostState, HostError> {
    caller.data_mut().host.as_mut().ok_or_else(|| missing("state"))
}

/// `read`: copies the guest's bytes out of its memory, returns their checksum.
fn read(caller: &mut Caller<'_, HostData>, ptr: i32, len: i32) -> wasmtime::Result<i32> {
    let memory = caller.data().memory.ok_or_else(|| missing("guest memory"))?;
    let (bytes, data) = memory.data_and_store_mut(caller);
    let state = data.host.as_mut().ok_or_else(|| missing("state"))?;
    let range = HostState::range("read", ptr, len, bytes.len() as u64)?;
    state.read_buffer(range.len()).copy_from_slice(&bytes[range.clone()]);
    Ok(state.read_done(range.len()))
}

/// `write`: copies the host's bytes into the guest's memory.
fn write(caller: &mut Caller<'_, HostData>, ptr: i32, len: i32) -> wasmtime::Result<()> {
    let memory = caller.data().memory.ok_or_else(|| missing("guest memory"))?;
    let (bytes, data) = memory.data_and_store_mut(caller);
    let state = data.host.as_mut().ok_or_else(|| missing("state"))?;
    let range = HostState::range("write", ptr, len, bytes.len() as u64)?;
    bytes[range.clone()].copy_from_slice(state.write_source(range.len())?);
    Ok(())
}
