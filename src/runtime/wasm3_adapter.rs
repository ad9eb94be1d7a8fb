//! [`Runtime`] on wasm3, the C interpreter (through `wasm3x`, whose sources are bundled
//! and built by `cc`): it turns each function into its threaded code on the function's
//! first call (lazily), inside the instance's own runtime, so instances share nothing
//! but the module's bytes, and a "compile" only parses and checks the module's
//! structure. The host API as typed (`Linker::func_wrap`) or dynamic
//! (`Linker::func_new`) host functions. wasm3 has no fuel, no deadline and no way to
//! stop a runaway call from outside, no `InstancePre`, no pooling allocator, and keeps
//! no artifact: engines asked for any of these are refused with the reason.

use std::rc::Rc;

use wasm3x::{
    Caller, CompilationMode, Config, Engine, Func, FuncType, Instance, Linker, Memory, Module, Store, TypedFunc, Val,
    ValType,
};

use super::host_api::{HostFnStyle, HostState};
use super::{Backend, CallFailure, EngineOptions, Limit, Linking, MEMORY_EXPORT, Params, Results, Runtime};

/// The wasm3 adapter.
pub struct Wasm3;

/// A module, with the imports it declares: wasm3 resolves an import only when it is
/// called, so the list is read once here for `prepare` to check.
#[derive(Clone)]
pub struct Wasm3Module {
    module: Module,
    imports: Rc<[(String, String)]>,
}

/// A wasm3 instance with its store (the instance's own wasm3 runtime).
pub struct Wasm3Instance {
    store: Store<HostData>,
    instance: Instance,
}

/// The store's data: the host API's state and the memory its functions use, for an
/// instance that imports it.
#[derive(Default)]
pub struct HostData {
    host: Option<HostState>,
    memory: Option<Memory>,
}

/// A module and the linker that offers its imports: made once ([`Linking::Once`]) or
/// again for each instance ([`Linking::PerInstance`]); wasm3 links every instance's
/// imports itself either way.
#[derive(Clone)]
pub struct Wasm3Prepared {
    engine: Engine,
    module: Wasm3Module,
    host: Option<HostFnStyle>,
    linker: Option<Rc<Linker<HostData>>>,
}

/// Each store's value stack, which bounds how deep a guest may recurse before it traps.
/// Smaller than wasm3's default (1 MiB) on purpose: wasm3 also recurses on the native
/// stack for every wasm call, and its own guard on that allows almost 8 MiB, so on a
/// thread with less (a test thread has 2 MiB) a runaway recursion would crash the process
/// before either guard; with this value stack it traps first ("stack overflow"), at a
/// few thousand frames, far deeper than any of the suite's guests goes.
const VALUE_STACK_BYTES: usize = 128 * 1024;

impl Runtime for Wasm3 {
    type Engine = Engine;
    type Module = Wasm3Module;
    type Prepared = Wasm3Prepared;
    type Instance = Wasm3Instance;
    type Function = Func;
    type Typed<P: Params, R: Results> = TypedFunc<P, R>;
    type Memory = Memory;
    type Value = Val;

    fn engine(backend: Backend, options: &EngineOptions) -> Result<Engine, String> {
        if backend != Backend::Wasm3 {
            return Err(format!("{backend} is not a wasm3 backend"));
        }
        options.plain_only(backend, "wasm3")?;
        let mut config = Config::new();
        config.compilation_mode(CompilationMode::Lazy).stack_size(VALUE_STACK_BYTES);
        Ok(Engine::new(&config))
    }

    fn compile(engine: &Engine, bytes: &[u8]) -> Result<Wasm3Module, String> {
        let module = Module::new(engine, bytes).map_err(|e| e.to_string())?;
        Ok(Wasm3Module { module, imports: super::host_api::declared_imports(bytes)? })
    }

    fn prepare(
        engine: &Engine,
        module: &Wasm3Module,
        host: Option<HostFnStyle>,
        linking: Linking,
    ) -> Result<Wasm3Prepared, String> {
        // Check now what a call would trap on later: imports nothing offers.
        super::host_api::check_offered(&module.imports, host)?;
        let linker = match linking {
            Linking::Once => Some(Rc::new(linker(engine, host)?)),
            Linking::PerInstance => None,
        };
        Ok(Wasm3Prepared { engine: engine.clone(), module: module.clone(), host, linker })
    }

    fn instantiate(prepared: &Wasm3Prepared, _: Option<Limit>) -> Result<Wasm3Instance, String> {
        let host = prepared.host.map(|_| HostState::default());
        let mut store = Store::new(&prepared.engine, HostData { host, memory: None });
        let made;
        let linker = match &prepared.linker {
            Some(linker) => linker.as_ref(),
            None => {
                made = linker(&prepared.engine, prepared.host)?;
                &made
            }
        };
        let instance = linker.instantiate_and_start(&mut store, &prepared.module.module).map_err(|e| e.to_string())?;
        if prepared.host.is_some() {
            let memory = instance.get_memory(&store);
            store.data_mut().memory = memory;
        }
        Ok(Wasm3Instance { store, instance })
    }

    fn host_state(guest: &mut Wasm3Instance) -> Option<&mut HostState> {
        guest.store.data_mut().host.as_mut()
    }

    fn serialize(_: &Wasm3Module) -> Result<Vec<u8>, String> {
        Err("wasm3 keeps no compiled artifact (each instance compiles its functions on their first call): \
             there is nothing to serialize"
            .into())
    }

    unsafe fn deserialize(_: &Engine, _: &[u8]) -> Result<Wasm3Module, String> {
        Err("wasm3 has no compiled artifact to load".into())
    }

    fn function(guest: &mut Wasm3Instance, export: &str) -> Result<Func, String> {
        guest.instance.get_func(&guest.store, export).ok_or_else(|| format!("no function export `{export}`"))
    }

    fn typed<P: Params, R: Results>(guest: &mut Wasm3Instance, export: &str) -> Result<TypedFunc<P, R>, String> {
        guest.instance.get_typed_func(&guest.store, export).map_err(|e| e.to_string())
    }

    fn memory(guest: &mut Wasm3Instance, export: &str) -> Result<Memory, String> {
        // wasm3 has one memory per instance and looks it up without a name: only the
        // name the guests give it is accepted, so a wrong name is not silently served.
        if export != MEMORY_EXPORT {
            return Err(format!("no memory export `{export}` (wasm3 knows only `{MEMORY_EXPORT}`)"));
        }
        guest.instance.get_memory(&guest.store).ok_or_else(|| format!("no memory export `{export}`"))
    }

    #[inline]
    fn call(guest: &mut Wasm3Instance, function: &Func, args: &[Val]) -> Result<Val, CallFailure> {
        // wasm3x checks the arguments against the signature on every call (it reads the
        // signature back from wasm3 each time: part of what a dynamic call costs here).
        let mut results = [Val::I32(0)];
        match function.call(&mut guest.store, args, &mut results) {
            Ok(()) => Ok(results[0]),
            Err(e) => {
                let returns = function.ty(&guest.store).map(|ty| ty.results().len()).unwrap_or(1);
                Err(if returns == 1 {
                    CallFailure::Trap(e.to_string())
                } else {
                    CallFailure::BadReturn(format!("{returns} values"))
                })
            }
        }
    }

    #[inline]
    fn call_typed<P: Params, R: Results>(
        guest: &mut Wasm3Instance,
        function: &TypedFunc<P, R>,
        args: P,
    ) -> Result<R, CallFailure> {
        function.call(&mut guest.store, args).map_err(|e| CallFailure::Trap(e.to_string()))
    }

    super::store_memory_and_values!(Wasm3Instance);
}

super::wasmi_shaped_host_api!(wasm3x::Error, wasm3x::Error::host);

/// `read`: copies the guest's bytes out of its memory, returns their checksum. wasm3x
/// lends the store's data and its memory one at a time, so the state is moved out for
/// the copy and back (a move, no allocation).
fn read(caller: &mut Caller<'_, HostData>, ptr: i32, len: i32) -> Result<i32, wasm3x::Error> {
    let memory = caller.data().memory.ok_or_else(|| refused(missing("guest memory")))?;
    let size = memory.data_size(&*caller) as u64;
    let mut state = caller.data_mut().host.take().ok_or_else(|| refused(missing("state")))?;
    let copied = HostState::range("read", ptr, len, size).map_err(refused).and_then(|range| {
        memory.read(&*caller, range.start, state.read_buffer(range.len()))?;
        Ok(range.len())
    });
    let checksum = copied.map(|len| state.read_done(len));
    caller.data_mut().host = Some(state);
    checksum
}

/// `write`: copies the host's bytes into the guest's memory.
fn write(caller: &mut Caller<'_, HostData>, ptr: i32, len: i32) -> Result<(), wasm3x::Error> {
    let memory = caller.data().memory.ok_or_else(|| refused(missing("guest memory")))?;
    let size = memory.data_size(&*caller) as u64;
    let mut state = caller.data_mut().host.take().ok_or_else(|| refused(missing("state")))?;
    let written = HostState::range("write", ptr, len, size).map_err(refused).and_then(|range| {
        let source = state.write_source(range.len()).map_err(refused)?;
        memory.write(&mut *caller, range.start, source)
    });
    caller.data_mut().host = Some(state);
    written
}
