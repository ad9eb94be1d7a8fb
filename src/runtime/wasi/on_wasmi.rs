//! The I/O guests on wasmi: WASI from `wasmi_wasi` (wasi-common's Preview 1 on wasmi's
//! linker), stdout into a shared in-memory `WritePipe`; the typed host functions with
//! `Linker::func_wrap`. wasmi has no `InstancePre`: the linker is made once (or again per
//! instance) and type-checks the imports at every instantiation.

use std::sync::{Arc, PoisonError, RwLock};

use wasmi::{Caller, Linker, Memory, Module, Store};
use wasmi_wasi::WasiCtx;
use wasmi_wasi::wasi_common::pipe::WritePipe;

use super::contract::{Export, Handles, IoHost, IoInstance, PreparedIo, guest_range};
use super::{HOST_FUNCTIONS, HOST_MODULE, IoRoute, RuntimeKind};
use crate::runtime::Linking;
use crate::runtime::MEMORY_EXPORT;
use crate::runtime::engine::Engine;

pub(super) struct WasmiIo;

/// A module and the linker that resolves its imports: made once, or again for each
/// instance (`linker` is then `None`).
struct Prepared<T: 'static> {
    engine: wasmi::Engine,
    module: Module,
    linker: Option<Arc<Linker<T>>>,
    make_linker: fn(&wasmi::Engine) -> Result<Linker<T>, String>,
}

impl<T: 'static> Prepared<T> {
    fn new(
        engine: &wasmi::Engine,
        module: &Module,
        linking: Linking,
        make_linker: fn(&wasmi::Engine) -> Result<Linker<T>, String>,
    ) -> Result<Self, String> {
        // wasmi names an import the linker lacks when it instantiates.
        let linker = make_linker(engine)?;
        let linker = match linking {
            Linking::Once => Some(Arc::new(linker)),
            Linking::PerInstance => None,
        };
        Ok(Prepared { engine: engine.clone(), module: module.clone(), linker, make_linker })
    }

    /// A fresh store holding `data`, the instance in it, and its handles.
    fn instantiate(&self, data: T) -> Result<Live<T>, String> {
        let mut store = Store::new(&self.engine, data);
        let made;
        let linker = match &self.linker {
            Some(linker) => linker.as_ref(),
            None => {
                made = (self.make_linker)(&self.engine)?;
                &made
            }
        };
        let instance = linker.instantiate_and_start(&mut store, &self.module).map_err(|e| e.to_string())?;
        let memory = instance.get_memory(&store, MEMORY_EXPORT);
        let handles = Handles::lookup(
            &mut store,
            |store, name| instance.get_typed_func::<i64, i64>(&*store, name),
            |store, name| instance.get_typed_func::<(), i64>(&*store, name),
        )
        .map_err(|e| e.to_string())?;
        Ok(Live { store, memory, handles })
    }
}

super::contract::live_instance!(wasmi, |e| e.to_string());

impl IoHost for WasmiIo {
    type Module = Module;

    fn compile(engine: &Engine, bytes: &[u8]) -> Result<Module, String> {
        Module::new(wasmi_engine(engine)?, bytes).map_err(|e| e.to_string())
    }

    fn prepare(
        engine: &Engine,
        module: &Module,
        route: IoRoute,
        linking: Linking,
    ) -> Result<Box<dyn PreparedIo>, String> {
        let wasmi = wasmi_engine(engine)?;
        Ok(match route {
            IoRoute::Wasi => Box::new(Prepared::new(wasmi, module, linking, wasi_linker)?) as Box<dyn PreparedIo>,
            IoRoute::HostFn => Box::new(Prepared::new(wasmi, module, linking, host_function_linker)?),
        })
    }
}

fn wasmi_engine(engine: &Engine) -> Result<&wasmi::Engine, String> {
    engine.wasmi().ok_or_else(|| format!("{} is not the wasmi backend", engine.backend()))
}

fn wasi_linker(engine: &wasmi::Engine) -> Result<Linker<WasiCtx>, String> {
    let mut linker = Linker::new(engine);
    wasmi_wasi::add_to_linker(&mut linker, |ctx: &mut WasiCtx| ctx).map_err(|e| e.to_string())?;
    Ok(linker)
}

/// What the guest wrote to stdout, shared with the `WritePipe` its context writes to.
type Captured = Arc<RwLock<Vec<u8>>>;

/// A `wasi` instance: its WASI context (built for it) writes stdout into `stdout`.
struct WasiInstance {
    live: Live<WasiCtx>,
    stdout: Captured,
}

impl PreparedIo for Prepared<WasiCtx> {
    fn instantiate(&self) -> Result<Box<dyn IoInstance>, String> {
        let stdout = Captured::default();
        let context = wasmi_wasi::WasiCtxBuilder::new()
            .arg(super::contract::PROGRAM)
            .map_err(|e| e.to_string())?
            .stdout(Box::new(WritePipe::from_shared(Arc::clone(&stdout))))
            .build();
        Ok(Box::new(WasiInstance { live: self.instantiate(context)?, stdout }))
    }
}

impl IoInstance for WasiInstance {
    #[inline]
    fn call(&mut self, export: Export, n: i64) -> Result<i64, String> {
        self.live.call(export, n)
    }

    fn take_stdout(&mut self) -> Result<Vec<u8>, String> {
        // A poisoned lock only means a write panicked midway; the bytes are still there.
        Ok(std::mem::take(&mut *self.stdout.write().unwrap_or_else(PoisonError::into_inner)))
    }

    fn host_calls(&self) -> u64 {
        0
    }
}

type HostFnData = super::contract::HostFnData<Memory>;

super::contract::hostfn_instance!(Prepared, Live, HostFnData, RuntimeKind::Wasmi);

/// A linker offering the typed host functions.
fn host_function_linker(engine: &wasmi::Engine) -> Result<Linker<HostFnData>, String> {
    type Ctx<'a> = Caller<'a, HostFnData>;
    let mut linker = Linker::new(engine);
    let [clock_now, random_fill, stdout_write] = HOST_FUNCTIONS;
    let defined = linker
        .func_wrap(HOST_MODULE, clock_now, |mut caller: Ctx| -> u64 { caller.data_mut().io.clock_now() })
        .and_then(|linker| {
            linker.func_wrap(
                HOST_MODULE,
                random_fill,
                move |mut caller: Ctx, ptr: u32, len: u32| -> Result<(), wasmi::Error> {
                    let (bytes, data) = guest_memory(&mut caller, random_fill)?;
                    let range = guest_range(random_fill, ptr, len, bytes.len()).map_err(wasmi::Error::new)?;
                    data.io.random_fill(&mut bytes[range]).map_err(wasmi::Error::new)
                },
            )
        })
        .and_then(|linker| {
            linker.func_wrap(
                HOST_MODULE,
                stdout_write,
                move |mut caller: Ctx, ptr: u32, len: u32| -> Result<u32, wasmi::Error> {
                    let (bytes, data) = guest_memory(&mut caller, stdout_write)?;
                    let range = guest_range(stdout_write, ptr, len, bytes.len()).map_err(wasmi::Error::new)?;
                    Ok(data.io.stdout_write(&bytes[range]) as u32)
                },
            )
        });
    defined.map_err(|e| e.to_string())?;
    Ok(linker)
}

/// The guest's memory and the store's data, both at hand.
fn guest_memory<'a>(
    caller: &'a mut Caller<'_, HostFnData>,
    function: &str,
) -> Result<(&'a mut [u8], &'a mut HostFnData), wasmi::Error> {
    let memory = caller
        .data()
        .memory
        .ok_or_else(|| wasmi::Error::new(format!("host function `{function}` found no guest memory")))?;
    Ok(memory.data_and_store_mut(caller))
}
