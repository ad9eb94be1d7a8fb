//! The I/O guests on Wasmer: WASI from `wasmer-wasix` (`WasiEnv::builder(...)
//! .instantiate`), stdout into one end of a `Pipe` the host reads from the other; the
//! typed host functions with `Function::new_typed_with_env`. Wasmer resolves imports per
//! instance, its only way.
//!
//! `wasmer-wasix` runs its task manager on Tokio: building a `WasiEnv` needs a runtime
//! entered (it takes `Handle::current()`). The calls themselves need none (its `fd_write`
//! to a pipe and its clock and random calls complete inline), so the runtime is entered
//! only to make and to end an instance.

use std::sync::{Arc, OnceLock};

use wasmer::{
    Function, FunctionEnv, FunctionEnvMut, Imports, Instance, Memory, Module, RuntimeError, Store, TypedFunction,
};
use wasmer_wasix::runtime::task_manager::tokio::TokioTaskManager;
use wasmer_wasix::{Pipe, PluggableRuntime, WasiEnv, WasiFunctionEnv};

use super::contract::{Export, Handles, IoHost, IoInstance, PreparedIo, guest_range};
use super::{HOST_FUNCTIONS, HOST_MODULE, HostIo, IoRoute, RandomSource, RuntimeKind};
use crate::runtime::Linking;
use crate::runtime::MEMORY_EXPORT;
use crate::runtime::engine::Engine;

pub(super) struct WasmerIo;

/// The Tokio runtime `wasmer-wasix` hands its tasks to: one per process, current-thread
/// (the guests here start no threads).
fn tokio_runtime() -> Result<&'static tokio::runtime::Runtime, String> {
    static RUNTIME: OnceLock<Result<tokio::runtime::Runtime, String>> = OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            tokio::runtime::Builder::new_current_thread()
                .enable_time()
                .build()
                .map_err(|e| format!("cannot start the Tokio runtime wasmer-wasix needs: {e}"))
        })
        .as_ref()
        .map_err(Clone::clone)
}

impl IoHost for WasmerIo {
    type Module = Module;

    fn compile(engine: &Engine, bytes: &[u8]) -> Result<Module, String> {
        Module::new(wasmer_engine(engine)?, bytes).map_err(|e| e.to_string())
    }

    fn prepare(
        engine: &Engine,
        module: &Module,
        route: IoRoute,
        _linking: Linking,
    ) -> Result<Box<dyn PreparedIo>, String> {
        let prepared = WasmerPrepared { engine: wasmer_engine(engine)?.clone(), module: module.clone() };
        Ok(match route {
            IoRoute::Wasi => {
                // One WASIX runtime (task manager and engine) for every instance, as an
                // embedder keeps one; each instance still gets its own `WasiEnv`.
                let _entered = tokio_runtime()?.enter();
                let mut runtime = PluggableRuntime::new(Arc::new(TokioTaskManager::default()));
                runtime.set_engine(prepared.engine.clone());
                Box::new(WasiPrepared { prepared, runtime: Arc::new(runtime) })
            }
            IoRoute::HostFn => {
                // Check now what instantiation would refuse later: imports nothing offers.
                for import in module.imports() {
                    if import.module() != HOST_MODULE || !HOST_FUNCTIONS.contains(&import.name()) {
                        return Err(format!(
                            "the module imports `{}.{}`, which the host does not offer",
                            import.module(),
                            import.name()
                        ));
                    }
                }
                Box::new(HostFnPrepared(prepared))
            }
        })
    }
}

fn wasmer_engine(engine: &Engine) -> Result<&wasmer::Engine, String> {
    engine.wasmer().ok_or_else(|| format!("{} is not a Wasmer backend", engine.backend()))
}

/// What Wasmer keeps to make an instance: the module (imports belong to a store, so
/// they are made per instance).
struct WasmerPrepared {
    engine: wasmer::Engine,
    module: Module,
}

/// A live instance, its store and its handles.
struct Live {
    store: Store,
    handles: Handles<TypedFunction<i64, i64>, TypedFunction<(), i64>>,
}

impl Live {
    fn new(store: Store, instance: &Instance) -> Result<Live, String> {
        let mut store = store;
        let handles = Handles::lookup(
            &mut store,
            |store, name| instance.exports.get_typed_function::<i64, i64>(&*store, name),
            |store, name| instance.exports.get_typed_function::<(), i64>(&*store, name),
        )
        .map_err(|e| e.to_string())?;
        Ok(Live { store, handles })
    }

    #[inline]
    fn call(&mut self, export: Export, n: i64) -> Result<i64, String> {
        let handles = &self.handles;
        match export {
            Export::Op(op) => handles.op(op).call(&mut self.store, n),
            Export::ClockSpan => handles.clock_span.call(&mut self.store),
            Export::Request => handles.request.call(&mut self.store),
        }
        .map_err(|e| e.message())
    }
}

struct WasiPrepared {
    prepared: WasmerPrepared,
    runtime: Arc<PluggableRuntime>,
}

/// A `wasi` instance: its `WasiEnv` (built for it) writes stdout into a pipe whose other
/// end is `stdout`.
struct WasiInstance {
    live: Live,
    env: WasiFunctionEnv,
    stdout: Pipe,
}

impl PreparedIo for WasiPrepared {
    fn instantiate(&self) -> Result<Box<dyn IoInstance>, String> {
        let _entered = tokio_runtime()?.enter();
        let WasmerPrepared { engine, module } = &self.prepared;
        let mut store = Store::new(engine.clone());
        let (guest_end, host_end) = Pipe::channel();
        let (instance, env) = WasiEnv::builder(super::contract::PROGRAM)
            .runtime(Arc::clone(&self.runtime) as Arc<_>)
            .stdout(Box::new(guest_end))
            .instantiate(module.clone(), &mut store)
            .map_err(|e| e.to_string())?;
        Ok(Box::new(WasiInstance { live: Live::new(store, &instance)?, env, stdout: host_end }))
    }
}

impl IoInstance for WasiInstance {
    #[inline]
    fn call(&mut self, export: Export, n: i64) -> Result<i64, String> {
        self.live.call(export, n)
    }

    fn take_stdout(&mut self) -> Result<Vec<u8>, String> {
        let mut bytes = Vec::new();
        let mut chunk = [0u8; 4096];
        // `None`: nothing more to read now; `Some(0)`: the guest's end is gone.
        while let Some(read) = self.stdout.try_read(&mut chunk) {
            if read == 0 {
                break;
            }
            bytes.extend_from_slice(&chunk[..read]);
        }
        Ok(bytes)
    }

    fn host_calls(&self) -> u64 {
        0
    }
}

impl Drop for WasiInstance {
    /// Ends the WASI process the environment registered, as an embedder does when a
    /// request is done (else its state outlives the instance).
    fn drop(&mut self) {
        if let Ok(runtime) = tokio_runtime() {
            let _entered = runtime.enter();
            self.env.on_exit(&mut self.live.store, None);
        }
    }
}

struct HostFnPrepared(WasmerPrepared);

/// The host functions' environment.
type HostFnEnv = super::contract::HostFnData<Memory>;

/// A `hostfn` instance and its host functions' environment.
struct HostFnInstance {
    live: Live,
    env: FunctionEnv<HostFnEnv>,
}

impl PreparedIo for HostFnPrepared {
    fn instantiate(&self) -> Result<Box<dyn IoInstance>, String> {
        let WasmerPrepared { engine, module } = &self.0;
        let mut store = Store::new(engine.clone());
        let io = HostIo::new(RandomSource::of(RuntimeKind::Wasmer));
        let env = FunctionEnv::new(&mut store, HostFnEnv { io, memory: None });
        let imports = host_functions(&mut store, &env);
        let instance = Instance::new(&mut store, module, &imports).map_err(|e| e.to_string())?;
        env.as_mut(&mut store).memory = instance.exports.get_memory(MEMORY_EXPORT).ok().cloned();
        Ok(Box::new(HostFnInstance { live: Live::new(store, &instance)?, env }))
    }
}

impl IoInstance for HostFnInstance {
    #[inline]
    fn call(&mut self, export: Export, n: i64) -> Result<i64, String> {
        self.live.call(export, n)
    }

    fn take_stdout(&mut self) -> Result<Vec<u8>, String> {
        Ok(std::mem::take(&mut self.env.as_mut(&mut self.live.store).io.stdout))
    }

    fn host_calls(&self) -> u64 {
        self.env.as_ref(&self.live.store).io.calls
    }
}

/// The typed host functions, bound to `env`.
fn host_functions(store: &mut Store, env: &FunctionEnv<HostFnEnv>) -> Imports {
    type Env<'a> = FunctionEnvMut<'a, HostFnEnv>;
    let [clock_now, random_fill, stdout_write] = HOST_FUNCTIONS;
    let functions = [
        Function::new_typed_with_env(store, env, |mut env: Env| -> u64 { env.data_mut().io.clock_now() }),
        Function::new_typed_with_env(store, env, move |mut env: Env, ptr: u32, len: u32| -> Result<(), RuntimeError> {
            let (super::contract::HostFnData { io, memory }, store) = env.data_and_store_mut();
            let view = memory.as_ref().ok_or_else(|| no_memory(random_fill))?.view(&store);
            let range = guest_range(random_fill, ptr, len, view.data_size() as usize).map_err(RuntimeError::new)?;
            let bytes = io.random_bytes(range.len()).map_err(RuntimeError::new)?;
            view.write(range.start as u64, bytes).map_err(|e| RuntimeError::new(e.to_string()))
        }),
        Function::new_typed_with_env(
            store,
            env,
            move |mut env: Env, ptr: u32, len: u32| -> Result<u32, RuntimeError> {
                let (super::contract::HostFnData { io, memory }, store) = env.data_and_store_mut();
                let view = memory.as_ref().ok_or_else(|| no_memory(stdout_write))?.view(&store);
                let range =
                    guest_range(stdout_write, ptr, len, view.data_size() as usize).map_err(RuntimeError::new)?;
                view.read(range.start as u64, io.stdout_tail(range.len()))
                    .map_err(|e| RuntimeError::new(e.to_string()))?;
                Ok(len)
            },
        ),
    ];
    let mut imports = Imports::new();
    for (name, function) in [clock_now, random_fill, stdout_write].into_iter().zip(functions) {
        imports.define(HOST_MODULE, name, function);
    }
    imports
}

fn no_memory(function: &str) -> RuntimeError {
    RuntimeError::new(format!("host function `{function}` found no guest memory"))
}
