//! The I/O guests on Wasmtime: WASI from `wasmtime-wasi`'s Preview 1 (`p1::WasiP1Ctx`,
//! its sync linker functions), stdout into an in-memory [`Capture`]; the typed host
//! functions with `Linker::func_wrap`. Imports are resolved once (`InstancePre`) or per
//! instance (`Linker::instantiate`), as the lifecycle strategies ask.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use wasmtime::{Caller, InstancePre, Linker, Memory, Module, Store};
use wasmtime_wasi::WasiCtxBuilder;
use wasmtime_wasi::p1::{self, WasiP1Ctx};

use wasmtime_wasi::cli::{IsTerminal, StdoutStream};
use wasmtime_wasi::p2::{OutputStream, Pollable, StreamResult};

use super::contract::{Export, Handles, IoHost, IoInstance, PreparedIo, guest_range};
use super::{HOST_FUNCTIONS, HOST_MODULE, IoRoute, RuntimeKind};
use crate::runtime::HostError;
use crate::runtime::Linking;
use crate::runtime::MEMORY_EXPORT;
use crate::runtime::engine::Engine;

pub(super) struct WasmtimeIo;

type HostFnData = super::contract::HostFnData<Memory>;

/// Imports resolved once, or the linker that resolves them for each instance.
enum Linked<T: 'static> {
    Once(InstancePre<T>),
    PerInstance(Linker<T>, Module),
}

impl<T: 'static> Linked<T> {
    fn new(linker: Linker<T>, module: &Module, linking: Linking) -> Result<Self, String> {
        // Resolving once also checks the imports now, for either linking.
        let pre = linker.instantiate_pre(module).map_err(|e| format!("{e:#}"))?;
        Ok(match linking {
            Linking::Once => Linked::Once(pre),
            Linking::PerInstance => Linked::PerInstance(linker, module.clone()),
        })
    }

    fn engine(&self) -> &wasmtime::Engine {
        match self {
            Linked::Once(pre) => pre.module().engine(),
            Linked::PerInstance(_, module) => module.engine(),
        }
    }

    /// A fresh store holding `data`, the instance in it, and its handles.
    fn instantiate(&self, data: T) -> Result<Live<T>, String> {
        let mut store = Store::new(self.engine(), data);
        let instance = match self {
            Linked::Once(pre) => pre.instantiate(&mut store),
            Linked::PerInstance(linker, module) => linker.instantiate(&mut store, module),
        }
        .map_err(|e| format!("{e:#}"))?;
        let memory = instance.get_memory(&mut store, MEMORY_EXPORT);
        let handles = Handles::lookup(
            &mut store,
            |store, name| instance.get_typed_func::<i64, i64>(&mut *store, name),
            |store, name| instance.get_typed_func::<(), i64>(&mut *store, name),
        )
        .map_err(|e| format!("{e:#}"))?;
        Ok(Live { store, memory, handles })
    }
}

super::contract::live_instance!(wasmtime, failure);

/// A trap, a host function's refusal, or the reason a call was refused, in one line.
fn failure(error: wasmtime::Error) -> String {
    match error.downcast_ref::<wasmtime::Trap>() {
        Some(trap) => trap.to_string(),
        None => format!("{error:#}"),
    }
}

impl IoHost for WasmtimeIo {
    type Module = Module;

    fn compile(engine: &Engine, bytes: &[u8]) -> Result<Module, String> {
        Module::new(wasmtime_engine(engine)?, bytes).map_err(|e| format!("{e:#}"))
    }

    fn prepare(
        engine: &Engine,
        module: &Module,
        route: IoRoute,
        linking: Linking,
    ) -> Result<Box<dyn PreparedIo>, String> {
        let wasmtime = wasmtime_engine(engine)?;
        Ok(match route {
            IoRoute::Wasi => {
                let mut linker = Linker::new(wasmtime);
                p1::add_to_linker_sync(&mut linker, |ctx: &mut WasiP1Ctx| ctx).map_err(|e| format!("{e:#}"))?;
                Box::new(Linked::new(linker, module, linking)?) as Box<dyn PreparedIo>
            }
            IoRoute::HostFn => {
                let mut linker = Linker::new(wasmtime);
                define_host_functions(&mut linker).map_err(|e| format!("{e:#}"))?;
                Box::new(Linked::new(linker, module, linking)?)
            }
        })
    }
}

fn wasmtime_engine(engine: &Engine) -> Result<&wasmtime::Engine, String> {
    engine.wasmtime().ok_or_else(|| format!("{} is not a Wasmtime backend", engine.backend()))
}

/// Captured stdout: what `wasmtime-wasi`'s `MemoryOutputPipe` does (each write appended
/// to a shared buffer, always ready), but the host can take the bytes out, so a long
/// benchmark on one instance does not keep every line it wrote.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Capture {
    fn append(&self, bytes: &[u8]) {
        // A poisoned lock only means a write panicked midway; the bytes are still there.
        self.0.lock().unwrap_or_else(PoisonError::into_inner).extend_from_slice(bytes);
    }

    fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

impl IsTerminal for Capture {
    fn is_terminal(&self) -> bool {
        false
    }
}

impl StdoutStream for Capture {
    fn p2_stream(&self) -> Box<dyn OutputStream> {
        Box::new(self.clone())
    }

    fn async_stream(&self) -> Box<dyn tokio::io::AsyncWrite + Send + Sync> {
        Box::new(self.clone())
    }
}

impl OutputStream for Capture {
    fn write(&mut self, bytes: bytes::Bytes) -> StreamResult<()> {
        self.append(&bytes);
        Ok(())
    }

    fn flush(&mut self) -> StreamResult<()> {
        Ok(())
    }

    fn check_write(&mut self) -> StreamResult<usize> {
        Ok(usize::MAX)
    }
}

impl Pollable for Capture {
    /// Always ready (`#[async_trait]`'s expansion, written out: this crate does not
    /// depend on `async-trait`).
    fn ready<'a, 'b>(&'a mut self) -> Pin<Box<dyn Future<Output = ()> + Send + 'b>>
    where
        'a: 'b,
        Self: 'b,
    {
        Box::pin(std::future::ready(()))
    }
}

impl tokio::io::AsyncWrite for Capture {
    fn poll_write(self: Pin<&mut Self>, _: &mut Context<'_>, bytes: &[u8]) -> Poll<std::io::Result<usize>> {
        self.append(bytes);
        Poll::Ready(Ok(bytes.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

/// A `wasi` instance: its WASI context (built for it) writes stdout into `stdout`.
struct WasiInstance {
    live: Live<WasiP1Ctx>,
    stdout: Capture,
}

impl PreparedIo for Linked<WasiP1Ctx> {
    fn instantiate(&self) -> Result<Box<dyn IoInstance>, String> {
        let stdout = Capture::default();
        let context = WasiCtxBuilder::new().arg(super::contract::PROGRAM).stdout(stdout.clone()).build_p1();
        Ok(Box::new(WasiInstance { live: self.instantiate(context)?, stdout }))
    }
}

impl IoInstance for WasiInstance {
    #[inline]
    fn call(&mut self, export: Export, n: i64) -> Result<i64, String> {
        self.live.call(export, n)
    }

    fn take_stdout(&mut self) -> Result<Vec<u8>, String> {
        Ok(self.stdout.take())
    }

    fn host_calls(&self) -> u64 {
        0
    }
}

super::contract::hostfn_instance!(Linked, Live, HostFnData, RuntimeKind::Wasmtime);

/// The typed host functions in `linker`.
fn define_host_functions(linker: &mut Linker<HostFnData>) -> wasmtime::Result<()> {
    type Ctx<'a> = Caller<'a, HostFnData>;
    let [clock_now, random_fill, stdout_write] = HOST_FUNCTIONS;
    linker.func_wrap(HOST_MODULE, clock_now, |mut caller: Ctx| -> u64 { caller.data_mut().io.clock_now() })?;
    linker.func_wrap(HOST_MODULE, random_fill, |mut caller: Ctx, ptr: u32, len: u32| -> wasmtime::Result<()> {
        let (bytes, data) = guest_memory(&mut caller, random_fill)?;
        let range = guest_range(random_fill, ptr, len, bytes.len()).map_err(HostError)?;
        data.io.random_fill(&mut bytes[range]).map_err(HostError)?;
        Ok(())
    })?;
    linker.func_wrap(HOST_MODULE, stdout_write, |mut caller: Ctx, ptr: u32, len: u32| -> wasmtime::Result<u32> {
        let (bytes, data) = guest_memory(&mut caller, stdout_write)?;
        let range = guest_range(stdout_write, ptr, len, bytes.len()).map_err(HostError)?;
        Ok(data.io.stdout_write(&bytes[range]) as u32)
    })?;
    Ok(())
}

/// The guest's memory and the store's data, both at hand.
fn guest_memory<'a>(
    caller: &'a mut Caller<'_, HostFnData>,
    function: &str,
) -> Result<(&'a mut [u8], &'a mut HostFnData), HostError> {
    let memory =
        caller.data().memory.ok_or_else(|| HostError(format!("host function `{function}` found no guest memory")))?;
    Ok(memory.data_and_store_mut(caller))
}
