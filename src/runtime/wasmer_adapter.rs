//! [`Runtime`] on Wasmer 7: Singlepass, Cranelift and LLVM engines; an execution limit
//! through the metering middleware, whose two globals are reset before every call; the
//! host API as typed (`Function::new_typed_with_env`) or dynamic
//! (`Function::new_with_env`) host functions. Wasmer resolves imports per instance and
//! has no pooling allocator.

use wasmer::{
    Function, FunctionEnv, FunctionEnvMut, FunctionType, Global, Imports, Instance, Memory, Module, RuntimeError,
    Store, Type, TypedFunction, Value,
};

use super::host_api::{HOST_FUNCTIONS, HOST_MODULE, HostError, HostFnStyle, HostState};
use super::{
    Backend, CallFailure, CallMode, EngineOptions, Limit, Linking, Params, Results, Runtime, RuntimeKind, Scalar,
};

/// The Wasmer adapter.
pub struct Wasmer;

/// A Wasmer instance with its store, its limit when metered, and the host API's state
/// when it imports it.
pub struct WasmerInstance {
    store: Store,
    instance: Instance,
    fuel: Option<Fuel>,
    host: Option<FunctionEnv<HostEnv>>,
}

/// What Wasmer keeps to make an instance: imports are resolved per instance (host
/// functions belong to a store), so this is the module and how to bind its imports.
#[derive(Clone)]
pub struct WasmerPrepared {
    engine: wasmer::Engine,
    module: Module,
    host: Option<HostFnStyle>,
}

/// The host functions' environment: the state, and the memory they read and write.
#[derive(Default)]
struct HostEnv {
    state: HostState,
    memory: Option<Memory>,
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
    type Prepared = WasmerPrepared;
    type Instance = WasmerInstance;
    type Function = Function;
    type Typed<P: Params, R: Results> = TypedFunction<P, R>;
    type Memory = Memory;
    type Value = Value;

    // A build with none of Wasmer's compilers (e.g. only `wasmtime`) uses neither argument.
    #[cfg_attr(not(any(feature = "singlepass", feature = "cranelift", feature = "llvm")), allow(unused_variables))]
    fn engine(backend: Backend, options: &EngineOptions) -> Result<wasmer::Engine, String> {
        if options.pooling {
            return Err("Wasmer has no pooling allocator: pooled instances are Wasmtime's".into());
        }
        if !options.concurrency.runs_on(backend) {
            return Err(format!("{backend} has no concurrency support to turn off (Wasmtime's setting)"));
        }
        if options.calls != CallMode::Sync {
            return Err("Wasmer has no async call path (Wasmtime's `call_async` is measured instead)".into());
        }
        if options.translation.is_some() {
            return Err(format!("{backend} has no translation modes (wasmi's)"));
        }
        let fuel = Limit::fuel_only(options.limit, RuntimeKind::Wasmer)?;
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

    fn prepare(
        engine: &wasmer::Engine,
        module: &Module,
        host: Option<HostFnStyle>,
        _linking: Linking,
    ) -> Result<WasmerPrepared, String> {
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
        Ok(WasmerPrepared { engine: engine.clone(), module: module.clone(), host })
    }

    fn instantiate(prepared: &WasmerPrepared, limit: Option<Limit>) -> Result<WasmerInstance, String> {
        let fuel = limit.and_then(Limit::fuel);
        let mut store = Store::new(prepared.engine.clone());
        let (imports, host) = match prepared.host {
            None => (Imports::new(), None),
            Some(style) => {
                let env = FunctionEnv::new(&mut store, HostEnv::default());
                (host_imports(&mut store, &env, style), Some(env))
            }
        };
        let instance = Instance::new(&mut store, &prepared.module, &imports).map_err(|e| e.to_string())?;
        if let Some(env) = &host {
            env.as_mut(&mut store).memory = instance.exports.get_memory(super::MEMORY_EXPORT).ok().cloned();
        }
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
        Ok(WasmerInstance { store, instance, fuel, host })
    }

    fn host_state(guest: &mut WasmerInstance) -> Option<&mut HostState> {
        let env = guest.host.as_ref()?;
        Some(&mut env.as_mut(&mut guest.store).state)
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

/// The host API bound to `env`, in `style`.
fn host_imports(store: &mut Store, env: &FunctionEnv<HostEnv>, style: HostFnStyle) -> Imports {
    type Env<'a> = FunctionEnvMut<'a, HostEnv>;
    let functions: [Function; 4] = match style {
        HostFnStyle::Typed => [
            Function::new_typed_with_env(store, env, |mut env: Env| env.data_mut().state.nop()),
            Function::new_typed_with_env(store, env, |mut env: Env, a: i32, b: i32| env.data_mut().state.add(a, b)),
            Function::new_typed_with_env(store, env, |mut env: Env, ptr: i32, len: i32| read(&mut env, ptr, len)),
            Function::new_typed_with_env(store, env, |mut env: Env, ptr: i32, len: i32| write(&mut env, ptr, len)),
        ],
        HostFnStyle::Dynamic => {
            let (none, one, two): (&[Type], &[Type], &[Type]) = (&[], &[Type::I32], &[Type::I32, Type::I32]);
            [
                Function::new_with_env(store, env, FunctionType::new(none, none), |mut env: Env, _: &[Value]| {
                    env.data_mut().state.nop();
                    Ok(Vec::new())
                }),
                Function::new_with_env(store, env, FunctionType::new(two, one), |mut env: Env, args: &[Value]| {
                    let sum = env.data_mut().state.add(i32_arg(args, 0)?, i32_arg(args, 1)?);
                    Ok(vec![Value::I32(sum)])
                }),
                Function::new_with_env(store, env, FunctionType::new(two, one), |mut env: Env, args: &[Value]| {
                    Ok(vec![Value::I32(read(&mut env, i32_arg(args, 0)?, i32_arg(args, 1)?)?)])
                }),
                Function::new_with_env(store, env, FunctionType::new(two, none), |mut env: Env, args: &[Value]| {
                    write(&mut env, i32_arg(args, 0)?, i32_arg(args, 1)?)?;
                    Ok(Vec::new())
                }),
            ]
        }
    };
    let mut imports = Imports::new();
    for (name, function) in HOST_FUNCTIONS.into_iter().zip(functions) {
        imports.define(HOST_MODULE, name, function);
    }
    imports
}

/// A dynamic host function's i32 argument (Wasmer checked the types against the
/// signature; this only guards the index).
fn i32_arg(args: &[Value], index: usize) -> Result<i32, RuntimeError> {
    args.get(index).and_then(Value::i32).ok_or_else(|| RuntimeError::new(format!("argument {index} is not an i32")))
}

fn refused(error: HostError) -> RuntimeError {
    RuntimeError::user(Box::new(error))
}

/// `read`: copies the guest's bytes out through the memory view, returns their checksum.
fn read(env: &mut FunctionEnvMut<HostEnv>, ptr: i32, len: i32) -> Result<i32, RuntimeError> {
    let (HostEnv { state, memory }, store) = env.data_and_store_mut();
    let view = memory.as_ref().ok_or_else(|| refused(HostError("the guest exports no memory".into())))?.view(&store);
    let range = HostState::range("read", ptr, len, view.data_size()).map_err(refused)?;
    view.read(range.start as u64, state.read_buffer(range.len())).map_err(|e| RuntimeError::new(e.to_string()))?;
    Ok(state.read_done(range.len()))
}

/// `write`: copies the host's bytes into guest memory through the memory view.
fn write(env: &mut FunctionEnvMut<HostEnv>, ptr: i32, len: i32) -> Result<(), RuntimeError> {
    let (HostEnv { state, memory }, store) = env.data_and_store_mut();
    let view = memory.as_ref().ok_or_else(|| refused(HostError("the guest exports no memory".into())))?.view(&store);
    let range = HostState::range("write", ptr, len, view.data_size()).map_err(refused)?;
    let source = state.write_source(range.len()).map_err(refused)?;
    view.write(range.start as u64, source).map_err(|e| RuntimeError::new(e.to_string()))
}
