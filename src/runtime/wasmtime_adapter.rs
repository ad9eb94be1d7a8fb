//! [`Runtime`] on Wasmtime: Cranelift and Winch engines with Wasmtime's defaults (the
//! same guard-page bounds checks Wasmer uses); an execution limit through Wasmtime's
//! fuel, topped up before every call.

use wasmtime::{Config, Engine, Func, Instance, Memory, Module, Store, Strategy, Trap, TypedFunc, Val};

use super::{CallFailure, Params, Results, Runtime, Scalar};
use crate::engine::Backend;

/// The Wasmtime adapter.
pub struct Wasmtime;

/// A Wasmtime instance with its store and, when metered, its per-call limit.
pub struct WasmtimeInstance {
    store: Store<()>,
    instance: Instance,
    fuel: Option<u64>,
}

impl Runtime for Wasmtime {
    type Engine = Engine;
    type Module = Module;
    type Instance = WasmtimeInstance;
    type Function = Func;
    type Typed<P: Params, R: Results> = TypedFunc<P, R>;
    type Memory = Memory;
    type Value = Val;

    fn engine(backend: Backend, fuel: Option<u64>) -> Result<Engine, String> {
        let strategy = match backend {
            Backend::WasmtimeCranelift => Strategy::Cranelift,
            Backend::WasmtimeWinch => Strategy::Winch,
            other => return Err(format!("{other} is not a Wasmtime backend")),
        };
        let mut config = Config::new();
        config.strategy(strategy).consume_fuel(fuel.is_some());
        Engine::new(&config).map_err(|e| format!("{e:#}"))
    }

    fn compile(engine: &Engine, bytes: &[u8]) -> Result<Module, String> {
        Module::new(engine, bytes).map_err(|e| format!("{e:#}"))
    }

    fn instantiate(engine: &Engine, module: &Module, fuel: Option<u64>) -> Result<WasmtimeInstance, String> {
        let mut store = Store::new(engine, ());
        if let Some(limit) = fuel {
            // The start function (if any) runs under the same limit as a call.
            store.set_fuel(limit).map_err(|e| format!("{e:#}"))?;
        }
        let instance = Instance::new(&mut store, module, &[]).map_err(|e| format!("{e:#}"))?;
        Ok(WasmtimeInstance { store, instance, fuel })
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

    /// Out of fuel if fuel ran out, else the trap (or the reason the call was refused).
    fn failure(&self, error: wasmtime::Error) -> CallFailure {
        match (error.downcast_ref::<Trap>(), self.fuel) {
            (Some(Trap::OutOfFuel), Some(limit)) => CallFailure::OutOfFuel { limit },
            (Some(trap), _) => CallFailure::Trap(trap.to_string()),
            (None, _) => CallFailure::Trap(format!("{error:#}")),
        }
    }
}
