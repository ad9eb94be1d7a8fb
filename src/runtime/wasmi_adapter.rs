//! [`Runtime`] on wasmi, the pure-Rust interpreter: no machine code is generated, so a
//! module is ready as soon as it is validated (and, by default, each function is
//! translated into wasmi's register bytecode on its first call: lazy translation). An
//! execution limit through wasmi's fuel, topped up before every call; the host API as
//! typed (`Linker::func_wrap`) or dynamic (`Linker::func_new`) host functions. wasmi
//! has neither `InstancePre` nor a pooling allocator, and keeps no compiled artifact:
//! there is nothing to serialize, so a JIT cache does not apply to it.
//!
//! The same text is the adapter of every wasmi release the build links (`KIND` and `api`
//! come from the module that includes it: `adapter_at_release!` in `runtime/mod.rs`).

use std::sync::Arc;

use super::api::{
    Caller, CompilationMode, Config, Engine, Func, FuncType, Instance, Linker, Memory, Module, Store, TrapCode,
    TypedFunc, Val, ValType,
};

use super::{KIND, api};
use crate::runtime::host_api::{HOST_FUNCTIONS, HOST_MODULE, HostFnStyle, HostState};
use crate::runtime::{
    Backend, CallFailure, CallMode, EngineOptions, Limit, Linking, MEMORY_EXPORT, Params, Results, Runtime, Translation,
};

/// The wasmi adapter.
pub struct Wasmi;

/// A wasmi instance with its store and, when metered, its per-call limit.
pub struct WasmiInstance {
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

/// A module and the linker that resolves its imports: made once ([`Linking::Once`]) or
/// again for each instance ([`Linking::PerInstance`]); wasmi type-checks the imports at
/// every instantiation either way, having no `InstancePre`.
#[derive(Clone)]
pub struct WasmiPrepared {
    engine: Engine,
    module: Module,
    host: Option<HostFnStyle>,
    linker: Option<Arc<Linker<HostData>>>,
}

impl Runtime for Wasmi {
    type Engine = Engine;
    type Module = Module;
    type Prepared = WasmiPrepared;
    type Instance = WasmiInstance;
    type Function = Func;
    type Typed<P: Params, R: Results> = TypedFunc<P, R>;
    type Memory = Memory;
    type Value = Val;

    fn engine(backend: Backend, options: &EngineOptions) -> Result<Engine, String> {
        if backend.runtime() != KIND {
            return Err(format!("{backend} is not a {KIND} backend"));
        }
        if options.pooling {
            return Err("wasmi has no pooling allocator: pooled instances are Wasmtime's".into());
        }
        if !options.concurrency.runs_on(backend) {
            return Err(format!("{backend} has no concurrency support to turn off (Wasmtime's setting)"));
        }
        if options.calls != CallMode::Sync {
            return Err("wasmi has no async call path (Wasmtime's `call_async` is measured instead)".into());
        }
        let fuel = Limit::fuel_only(options.limit, KIND)?;
        let mut config = Config::default();
        // wasmi charges a lazily translated function's translation to the fuel of the
        // call that first reaches it (several units per byte of its body), so with an
        // execution limit a small honest call could run out on its first call. Metered,
        // it translates everything up front (unless told otherwise): the limit then
        // counts the guest's work only, as on the other backends.
        let default = if fuel.is_some() { Translation::Eager } else { Translation::LazyTranslation };
        let mode = match options.translation.unwrap_or(default) {
            Translation::Eager => CompilationMode::Eager,
            Translation::LazyTranslation => CompilationMode::LazyTranslation,
            Translation::Lazy => CompilationMode::Lazy,
        };
        config.compilation_mode(mode).consume_fuel(fuel.is_some());
        Ok(Engine::new(&config))
    }

    fn compile(engine: &Engine, bytes: &[u8]) -> Result<Module, String> {
        Module::new(engine, bytes).map_err(|e| e.to_string())
    }

    fn prepare(
        engine: &Engine,
        module: &Module,
        host: Option<HostFnStyle>,
        linking: Linking,
    ) -> Result<WasmiPrepared, String> {
        // Check now what instantiation would refuse later: imports nothing offers.
        for import in module.imports() {
            let offered = host.is_some() && import.module() == HOST_MODULE && HOST_FUNCTIONS.contains(&import.name());
            if !offered {
                return Err(format!(
                    "the module imports `{}.{}`, which the host does not offer",
                    import.module(),
                    import.name()
                ));
            }
        }
        let linker = match linking {
            Linking::Once => Some(Arc::new(linker(engine, host)?)),
            Linking::PerInstance => None,
        };
        Ok(WasmiPrepared { engine: engine.clone(), module: module.clone(), host, linker })
    }

    fn instantiate(prepared: &WasmiPrepared, limit: Option<Limit>) -> Result<WasmiInstance, String> {
        let fuel = limit.and_then(Limit::fuel);
        let host = prepared.host.map(|_| HostState::default());
        let mut store = Store::new(&prepared.engine, HostData { host, memory: None });
        if let Some(limit) = fuel {
            // The start function (if any) runs under the same limit as a call.
            store.set_fuel(limit).map_err(|e| e.to_string())?;
        }
        let made;
        let linker = match &prepared.linker {
            Some(linker) => linker.as_ref(),
            None => {
                made = linker(&prepared.engine, prepared.host)?;
                &made
            }
        };
        let instance = linker.instantiate_and_start(&mut store, &prepared.module).map_err(|e| e.to_string())?;
        if prepared.host.is_some() {
            let memory = instance.get_memory(&store, MEMORY_EXPORT);
            store.data_mut().memory = memory;
        }
        Ok(WasmiInstance { store, instance, fuel })
    }

    fn host_state(guest: &mut WasmiInstance) -> Option<&mut HostState> {
        guest.store.data_mut().host.as_mut()
    }

    fn serialize(_: &Module) -> Result<Vec<u8>, String> {
        Err("wasmi keeps no compiled artifact (it interprets its own bytecode, made at load time): \
             there is nothing to serialize"
            .into())
    }

    unsafe fn deserialize(_: &Engine, _: &[u8]) -> Result<Module, String> {
        Err("wasmi has no compiled artifact to load".into())
    }

    fn function(guest: &mut WasmiInstance, export: &str) -> Result<Func, String> {
        guest.instance.get_func(&guest.store, export).ok_or_else(|| format!("no function export `{export}`"))
    }

    fn typed<P: Params, R: Results>(guest: &mut WasmiInstance, export: &str) -> Result<TypedFunc<P, R>, String> {
        guest.instance.get_typed_func(&guest.store, export).map_err(|e| e.to_string())
    }

    fn memory(guest: &mut WasmiInstance, export: &str) -> Result<Memory, String> {
        guest.instance.get_memory(&guest.store, export).ok_or_else(|| format!("no memory export `{export}`"))
    }

    #[inline]
    fn call(guest: &mut WasmiInstance, function: &Func, args: &[Val]) -> Result<Val, CallFailure> {
        guest.refuel()?;
        // wasmi writes results into a slice the caller provides: no allocation.
        let mut results = [Val::I32(0)];
        match function.call(&mut guest.store, args, &mut results) {
            Ok(()) => Ok(results[0].clone()),
            Err(e) => {
                // wasmi refuses a call whose result count differs from the slice's.
                let returns = function.ty(&guest.store).results().len();
                Err(if returns == 1 { guest.failure(e) } else { CallFailure::BadReturn(format!("{returns} values")) })
            }
        }
    }

    #[inline]
    fn call_typed<P: Params, R: Results>(
        guest: &mut WasmiInstance,
        function: &TypedFunc<P, R>,
        args: P,
    ) -> Result<R, CallFailure> {
        guest.refuel()?;
        function.call(&mut guest.store, args).map_err(|e| guest.failure(e))
    }

    crate::runtime::store_memory_and_values!(WasmiInstance);
}

impl WasmiInstance {
    /// Tops the fuel up to the per-call limit (one untaken branch without metering).
    #[inline]
    fn refuel(&mut self) -> Result<(), CallFailure> {
        let Some(limit) = self.fuel else { return Ok(()) };
        self.store.set_fuel(limit).map_err(|e| CallFailure::Trap(e.to_string()))
    }

    /// Out of fuel if fuel ran out, else the trap (the guest's, or a host function's
    /// refusal) or the reason the call was refused.
    fn failure(&self, error: api::Error) -> CallFailure {
        match (error.as_trap_code(), self.fuel) {
            (Some(TrapCode::OutOfFuel), Some(limit)) => CallFailure::OutOfFuel { limit },
            _ => CallFailure::Trap(error.to_string()),
        }
    }
}

crate::runtime::wasmi_shaped_host_api!(api::Error, api::Error::new);

/// `read`: copies the guest's bytes out of its memory, returns their checksum.
fn read(caller: &mut Caller<'_, HostData>, ptr: i32, len: i32) -> Result<i32, api::Error> {
    let memory = caller.data().memory.ok_or_else(|| refused(missing("guest memory")))?;
    let (bytes, data) = memory.data_and_store_mut(caller);
    let state = data.host.as_mut().ok_or_else(|| refused(missing("state")))?;
    let range = HostState::range("read", ptr, len, bytes.len() as u64).map_err(refused)?;
    state.read_buffer(range.len()).copy_from_slice(&bytes[range.clone()]);
    Ok(state.read_done(range.len()))
}

/// `write`: copies the host's bytes into the guest's memory.
fn write(caller: &mut Caller<'_, HostData>, ptr: i32, len: i32) -> Result<(), api::Error> {
    let memory = caller.data().memory.ok_or_else(|| refused(missing("guest memory")))?;
    let (bytes, data) = memory.data_and_store_mut(caller);
    let state = data.host.as_mut().ok_or_else(|| refused(missing("state")))?;
    let range = HostState::range("write", ptr, len, bytes.len() as u64).map_err(refused)?;
    bytes[range.clone()].copy_from_slice(state.write_source(range.len()).map_err(refused)?);
    Ok(())
}
