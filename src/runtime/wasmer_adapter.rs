//! [`Runtime`] on Wasmer 7: Singlepass, Cranelift and LLVM engines; an execution limit
//! through the metering middleware, whose two globals are reset before every call.

use wasmer::{
    FromToNativeWasmType, Function, Global, Imports, Instance, Memory, Module, RuntimeError, Store, TypedFunction,
    Value, WasmTypeList,
};

use super::{CallFailure, Params, Results, Runtime, Scalar};
use crate::engine::Backend;

/// The Wasmer adapter.
pub struct Wasmer;

/// A Wasmer instance with its store and, when metered, its limit.
pub struct WasmerInstance {
    store: Store,
    instance: Instance,
    fuel: Option<Fuel>,
}

/// The metering middleware's two globals, looked up once, and the per-call limit.
struct Fuel {
    limit: u64,
    remaining: Global,
    exhausted: Global,
}

/// Globals the metering middleware adds to an instrumented module.
const FUEL_REMAINING: &str = "wasmer_metering_remaining_points";
const FUEL_EXHAUSTED: &str = "wasmer_metering_points_exhausted";

impl Runtime for Wasmer {
    type Engine = wasmer::Engine;
    type Module = Module;
    type Instance = WasmerInstance;
    type Function = Function;
    type Typed<P: Params, R: Results> = TypedFunction<P, R>;
    type Memory = Memory;
    type Value = Value;

    // A build with none of Wasmer's compilers (e.g. only `wasmtime`) uses neither argument.
    #[cfg_attr(not(any(feature = "singlepass", feature = "cranelift", feature = "llvm")), allow(unused_variables))]
    fn engine(backend: Backend, fuel: Option<u64>) -> Result<wasmer::Engine, String> {
        match backend {
            #[cfg(feature = "singlepass")]
            Backend::WasmerSinglepass => Ok(with_metering(wasmer::sys::Singlepass::default(), fuel)),
            #[cfg(feature = "cranelift")]
            Backend::WasmerCranelift => Ok(with_metering(wasmer::sys::Cranelift::default(), fuel)),
            #[cfg(feature = "llvm")]
            Backend::WasmerLlvm => Ok(with_metering(wasmer::sys::LLVM::default(), fuel)),
            #[allow(unreachable_patterns)]
            other => Err(format!("{other} is not a Wasmer backend compiled into this build")),
        }
    }

    fn compile(engine: &wasmer::Engine, bytes: &[u8]) -> Result<Module, String> {
        Module::new(engine, bytes).map_err(|e| e.to_string())
    }

    fn instantiate(engine: &wasmer::Engine, module: &Module, fuel: Option<u64>) -> Result<WasmerInstance, String> {
        let mut store = Store::new(engine.clone());
        let instance = Instance::new(&mut store, module, &Imports::new()).map_err(|e| e.to_string())?;
        let fuel = match fuel {
            None => None,
            Some(limit) => {
                let global = |name| {
                    let found = instance.exports.get_global(name).cloned();
                    found.map_err(|e| format!("the metering global `{name}` is missing ({e})"))
                };
                Some(Fuel { limit, remaining: global(FUEL_REMAINING)?, exhausted: global(FUEL_EXHAUSTED)? })
            }
        };
        Ok(WasmerInstance { store, instance, fuel })
    }

    fn serialize(module: &Module) -> Result<Vec<u8>, String> {
        module.serialize().map(|bytes| bytes.to_vec()).map_err(|e| e.to_string())
    }

    unsafe fn deserialize(engine: &wasmer::Engine, bytes: &[u8]) -> Result<Module, String> {
        // SAFETY: the caller guarantees `bytes` came from `Module::serialize` of this
        // Wasmer version and backend.
        unsafe { Module::deserialize(engine, bytes) }.map_err(|e| e.to_string())
    }

    fn function(guest: &mut WasmerInstance, export: &str) -> Result<Function, String> {
        guest.instance.exports.get_function(export).cloned().map_err(|e| e.to_string())
    }

    fn typed<P: Params, R: Results>(guest: &mut WasmerInstance, export: &str) -> Result<TypedFunction<P, R>, String> {
        guest.instance.exports.get_typed_function(&guest.store, export).map_err(|e| e.to_string())
    }

    fn memory(guest: &mut WasmerInstance, export: &str) -> Result<Memory, String> {
        guest.instance.exports.get_memory(export).cloned().map_err(|e| e.to_string())
    }

    #[inline]
    fn call(guest: &mut WasmerInstance, function: &Function, args: &[Value]) -> Result<Value, CallFailure> {
        guest.refuel()?;
        // Wasmer returns the results boxed: an allocation per dynamic call, part of
        // what the paper measured.
        let results = function.call(&mut guest.store, args).map_err(|e| guest.failure(e))?;
        match &*results {
            [value] => Ok(value.clone()),
            other => Err(CallFailure::BadReturn(format!("{other:?}"))),
        }
    }

    #[inline]
    fn call_typed<P: Params, R: Results>(
        guest: &mut WasmerInstance,
        function: &TypedFunction<P, R>,
        args: P,
    ) -> Result<R, CallFailure> {
        guest.refuel()?;
        P::call(function, &mut guest.store, args).map_err(|e| guest.failure(e))
    }

    #[inline]
    fn write(guest: &mut WasmerInstance, memory: &Memory, offset: u64, bytes: &[u8]) -> Result<(), String> {
        memory.view(&guest.store).write(offset, bytes).map_err(|e| e.to_string())
    }

    fn read(guest: &WasmerInstance, memory: &Memory, offset: u64, buf: &mut [u8]) -> Result<(), String> {
        memory.view(&guest.store).read(offset, buf).map_err(|e| e.to_string())
    }

    fn memory_size(guest: &WasmerInstance, memory: &Memory) -> u64 {
        memory.view(&guest.store).data_size()
    }

    #[inline]
    fn value(scalar: Scalar) -> Value {
        match scalar {
            Scalar::I32(v) => Value::I32(v),
            Scalar::I64(v) => Value::I64(v),
        }
    }

    #[inline]
    fn scalar(value: &Value) -> Option<Scalar> {
        match *value {
            Value::I32(v) => Some(Scalar::I32(v)),
            Value::I64(v) => Some(Scalar::I64(v)),
            _ => None,
        }
    }
}

/// A `Metering` middleware serves one module only, so each engine gets its own.
#[cfg(any(feature = "singlepass", feature = "cranelift", feature = "llvm"))]
fn with_metering<C>(mut config: C, fuel: Option<u64>) -> wasmer::Engine
where
    C: wasmer::sys::CompilerConfig + Into<wasmer::Engine>,
{
    use std::sync::Arc;

    use wasmer::wasmparser::Operator;
    use wasmer_middlewares::Metering;

    if let Some(limit) = fuel {
        config.push_middleware(Arc::new(Metering::new(limit, |_: &Operator| 1)));
    }
    config.into()
}

impl WasmerInstance {
    /// Resets the execution limit before a call (one untaken branch without metering).
    #[inline]
    fn refuel(&mut self) -> Result<(), CallFailure> {
        let Some(fuel) = &self.fuel else { return Ok(()) };
        let store = &mut self.store;
        fuel.remaining
            .set(store, Value::I64(fuel.limit as i64))
            .and_then(|()| fuel.exhausted.set(store, Value::I32(0)))
            .map_err(|e| CallFailure::Trap(e.message()))
    }

    /// Out of fuel if the metering middleware stopped the call, else the trap.
    fn failure(&mut self, error: RuntimeError) -> CallFailure {
        match &self.fuel {
            Some(fuel) if fuel.exhausted.get(&mut self.store) == Value::I32(1) => {
                CallFailure::OutOfFuel { limit: fuel.limit }
            }
            _ => CallFailure::Trap(error.message()),
        }
    }
}

/// Wasmer's typed call takes one parameter per argument; this spreads a tuple.
pub trait TypedCall: WasmTypeList + Sized {
    fn call<R: WasmTypeList>(f: &TypedFunction<Self, R>, store: &mut Store, args: Self) -> Result<R, RuntimeError>;
}

impl TypedCall for () {
    #[inline]
    fn call<R: WasmTypeList>(f: &TypedFunction<Self, R>, store: &mut Store, (): Self) -> Result<R, RuntimeError> {
        f.call(store)
    }
}

impl TypedCall for i32 {
    #[inline]
    fn call<R: WasmTypeList>(f: &TypedFunction<Self, R>, store: &mut Store, a: Self) -> Result<R, RuntimeError> {
        f.call(store, a)
    }
}

impl<A: FromToNativeWasmType, B: FromToNativeWasmType> TypedCall for (A, B) {
    #[inline]
    fn call<R: WasmTypeList>(f: &TypedFunction<Self, R>, store: &mut Store, (a, b): Self) -> Result<R, RuntimeError> {
        f.call(store, a, b)
    }
}
