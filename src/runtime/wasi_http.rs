//! A `wasi:http` proxy component on Wasmtime, handled in process the way `wasmtime serve`
//! handles a request, minus the network: the component is compiled once and
//! pre-instantiated (`ProxyPre`, imports resolved once); each request gets a new
//! `Store` with its own WASI Preview 2 and `wasi:http` contexts and a new instance (from
//! the pooling allocator, when the engine has one), a `hyper` request built in memory
//! is handed to the guest's `wasi:http/incoming-handler.handle`, and the response and
//! its body are collected; the store and instance are dropped at the end of the request.
//! All of it runs on a Tokio current-thread runtime the host drives, one request at a
//! time, so a benchmark times exactly one request on one core.
//!
//! Every store has a deadline: the engine has epoch interruption on, a background thread
//! ticks the epoch (`super::epoch`), and a guest still running when its deadline passes
//! traps, so a proxy that never answers ends in an error instead of holding the host.
//!
//! What varies (data, [`ProxyEngine`]): the pooling allocator on or off, copy-on-write
//! memory images on or off (`Config::memory_init_cow`), and whether one instance is kept
//! for every request instead ([`ProxyHost::keeping_instance`], the floor).

use std::convert::Infallible;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::Method;
use tokio::sync::oneshot;
use wasmtime::component::{Component, Linker, ResourceTable};
use wasmtime::{Config, InstanceAllocationStrategy, PoolingAllocationConfig, Store, Strategy, Trap};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};
use wasmtime_wasi_http::p2::bindings::http::types::Scheme;
use wasmtime_wasi_http::p2::bindings::{Proxy, ProxyPre};
use wasmtime_wasi_http::{WasiHttpCtx, WasiHttpCtxView, WasiHttpView};

use super::{Backend, epoch};
use crate::guest::{GuestModule, GuestOpt};
use crate::{Error, Result};

/// The export every request calls, as errors name it.
pub const HANDLE: &str = "wasi:http/incoming-handler.handle";

/// The deadline of a request unless the host sets another: far above what a request
/// takes (tens of microseconds), far below what a client would wait.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(1);

/// The URI every request is sent to (the proxy reads only the body).
const REQUEST_URI: &str = "http://localhost/object";

/// Instances a pooling engine holds at once. Requests are served one at a time, so a
/// few slots are enough; Wasmtime's default (1000) would reserve address space for a
/// thousand 4 GiB memories.
const POOLED_INSTANCES: u32 = 16;
/// Core instances, memories and tables one proxy component may take from the pool: a
/// Rust `wasm32-wasip2` component is its module plus the WASI adapter's and shim modules.
const CORE_INSTANCES_PER_PROXY: u32 = 8;
const MEMORIES_PER_PROXY: u32 = 2;
const TABLES_PER_PROXY: u32 = 8;

/// How the engine makes instances: the two settings `wasmtime serve` users tune.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ProxyEngine {
    /// Instances from the pooling allocator's preallocated slots (`wasmtime serve`'s
    /// default) instead of fresh allocations per instance.
    pub pooling: bool,
    /// Linear memory initialised by mapping a copy-on-write image of the module's data
    /// instead of copying its data segments in on every instantiation.
    pub memory_init_cow: bool,
}

/// The proxy compiled by one of Wasmtime's backends, its imports resolved once.
pub struct CompiledProxy {
    pub backend: Backend,
    pub guest: &'static GuestModule,
    pre: ProxyPre<RequestState>,
    deadline_ticks: u64,
    deadline: Duration,
}

impl CompiledProxy {
    /// Compiles `guest` (a `wasi:http/proxy` component) on a fresh engine of `backend`
    /// configured as `engine` says, with `deadline` for every request.
    pub fn compile(
        backend: Backend,
        guest: &'static GuestModule,
        opt: GuestOpt,
        engine: ProxyEngine,
        deadline: Duration,
    ) -> Result<Self> {
        let engine = wasmtime_engine(backend, engine)?;
        let component = Component::new(&engine, guest.bytes(opt)).map_err(|e| Error::Compile {
            backend: backend.name(),
            guest: guest.name,
            reason: format!("{e:#}"),
        })?;
        // What `wasmtime serve` links: all of WASI Preview 2 (a Rust guest's standard
        // library imports more than the proxy world's interfaces) and wasi:http.
        let instantiate_error = |e: wasmtime::Error| Error::Instantiate { guest: guest.name, reason: format!("{e:#}") };
        let mut linker = Linker::new(&engine);
        wasmtime_wasi::p2::add_to_linker_async(&mut linker).map_err(instantiate_error)?;
        wasmtime_wasi_http::p2::add_only_http_to_linker_async(&mut linker).map_err(instantiate_error)?;
        let pre = linker.instantiate_pre(&component).and_then(ProxyPre::new).map_err(instantiate_error)?;
        let weak = engine.weak();
        epoch::start_ticker(move || weak.upgrade().map(|engine| engine.increment_epoch()).is_some())
            .map_err(|reason| Error::Engine { backend: backend.name(), reason })?;
        Ok(CompiledProxy { backend, guest, pre, deadline_ticks: epoch::ticks(deadline), deadline })
    }

    /// A new store, with its request's contexts and deadline.
    fn store(&self) -> Store<RequestState> {
        let mut store = Store::new(self.pre.engine(), RequestState::new());
        self.arm_deadline(&mut store);
        store
    }

    /// The deadline starts now: a guest still running `deadline` from now traps.
    fn arm_deadline(&self, store: &mut Store<RequestState>) {
        store.set_epoch_deadline(self.deadline_ticks);
        store.epoch_deadline_trap();
    }

    async fn instantiate(&self, store: &mut Store<RequestState>) -> Result<Proxy> {
        self.pre
            .instantiate_async(store)
            .await
            .map_err(|e| Error::Instantiate { guest: self.guest.name, reason: format!("{e:#}") })
    }
}

/// The engine of `backend` as a `wasmtime serve` host configures it.
fn wasmtime_engine(backend: Backend, engine: ProxyEngine) -> Result<wasmtime::Engine> {
    let failed = |reason: String| Error::Engine { backend: backend.name(), reason };
    let strategy = match backend {
        Backend::WasmtimeCranelift | Backend::WasmtimePulley => Strategy::Cranelift,
        Backend::WasmtimeWinch => Strategy::Winch,
        other => return Err(failed(format!("{other} does not run wasi:http components (Wasmtime's backends do)"))),
    };
    let mut config = Config::new();
    if backend == Backend::WasmtimePulley {
        config.target("pulley64").map_err(|e| failed(format!("{e:#}")))?;
    }
    // No wasm backtrace on a trap: errors stay one line, as the other experiments'.
    config
        .strategy(strategy)
        .wasm_backtrace_max_frames(None)
        .epoch_interruption(true)
        .memory_init_cow(engine.memory_init_cow);
    if engine.pooling {
        let mut pool = PoolingAllocationConfig::default();
        pool.total_component_instances(POOLED_INSTANCES)
            .total_core_instances(POOLED_INSTANCES * CORE_INSTANCES_PER_PROXY)
            .total_memories(POOLED_INSTANCES * MEMORIES_PER_PROXY)
            .total_tables(POOLED_INSTANCES * TABLES_PER_PROXY);
        config.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
    }
    wasmtime::Engine::new(&config).map_err(|e| failed(format!("{e:#}")))
}

/// What a store holds for one request: the WASI context (no stdio, environment or
/// files: the guest sees nothing of the host), the wasi:http context, and the table of
/// the resources (request, response, streams) the guest holds handles to.
struct RequestState {
    wasi: WasiCtx,
    http: WasiHttpCtx,
    table: ResourceTable,
}

impl RequestState {
    fn new() -> Self {
        RequestState { wasi: WasiCtx::builder().build(), http: WasiHttpCtx::new(), table: ResourceTable::new() }
    }
}

impl WasiView for RequestState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView { ctx: &mut self.wasi, table: &mut self.table }
    }
}

impl WasiHttpView for RequestState {
    fn http(&mut self) -> WasiHttpCtxView<'_> {
        WasiHttpCtxView { ctx: &mut self.http, table: &mut self.table, hooks: Default::default() }
    }
}

/// A response as the host received it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    pub body: Bytes,
}

/// Serves requests with a compiled proxy on a Tokio current-thread runtime.
pub struct ProxyHost {
    runtime: tokio::runtime::Runtime,
    proxy: CompiledProxy,
    /// The one store and instance every request reuses, when the host keeps one.
    kept: Option<(Store<RequestState>, Proxy)>,
}

impl ProxyHost {
    /// A host that makes a new store and instance for every request, as `wasmtime serve`.
    pub fn instance_per_request(proxy: CompiledProxy) -> Result<Self> {
        Ok(ProxyHost { runtime: current_thread_runtime()?, proxy, kept: None })
    }

    /// A host that makes one store and instance and hands it every request: the floor
    /// an instance per request is compared with (and the instance's LRU then sees every
    /// request). After a trap Wasmtime refuses further calls into that instance.
    pub fn keeping_instance(proxy: CompiledProxy) -> Result<Self> {
        let runtime = current_thread_runtime()?;
        let mut store = proxy.store();
        let instance = runtime.block_on(proxy.instantiate(&mut store))?;
        Ok(ProxyHost { runtime, proxy, kept: Some((store, instance)) })
    }

    pub fn backend(&self) -> Backend {
        self.proxy.backend
    }

    /// One request with `body`, from the hyper request to the collected response.
    pub fn handle(&mut self, body: Bytes) -> Result<HttpResponse> {
        let ProxyHost { runtime, proxy, kept } = self;
        runtime.block_on(async {
            match kept {
                Some((store, instance)) => {
                    proxy.arm_deadline(store);
                    exchange(proxy, store, instance, body).await
                }
                None => {
                    let mut store = proxy.store();
                    let instance = proxy.instantiate(&mut store).await?;
                    exchange(proxy, &mut store, &instance, body).await
                    // The store, its instance and contexts are dropped here, inside the request.
                }
            }
        })
    }
}

fn current_thread_runtime() -> Result<tokio::runtime::Runtime> {
    // The time driver serves WASI clock subscriptions, should a guest make one.
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .map_err(|e| Error::Proxy { reason: format!("cannot start the Tokio runtime: {e}") })
}

/// Hands `body` to the guest as a POST and collects its response. The handler runs
/// concurrently with the collection of the response (a guest may set the response
/// before it writes the body, and block on a full body until the host reads it), as
/// `wasmtime serve`'s spawned task does, on this one thread and without a task.
async fn exchange(
    proxy: &CompiledProxy,
    store: &mut Store<RequestState>,
    instance: &Proxy,
    body: Bytes,
) -> Result<HttpResponse> {
    let request = hyper::Request::builder()
        .method(Method::POST)
        .uri(REQUEST_URI)
        .header(hyper::header::CONTENT_LENGTH, body.len())
        .body(Full::new(body).map_err(|never: Infallible| -> wasmtime_wasi_http::Error { match never {} }))
        .map_err(|e| Error::Proxy { reason: format!("cannot build the request: {e}") })?;
    let (sender, mut receiver) = oneshot::channel();
    let mut http = store.data_mut().http();
    let host_error = |e: wasmtime::Error| Error::Proxy { reason: format!("{e:#}") };
    let incoming = http.new_incoming_request(Scheme::Http, request).map_err(host_error)?;
    let outparam = http.new_response_outparam(sender).map_err(host_error)?;

    let call = instance.wasi_http_incoming_handler().call_handle(&mut *store, incoming, outparam);
    tokio::pin!(call);
    // Whichever comes first: the response, or the end of the call (a trap, the
    // deadline, or a handler that returned, with or without having answered).
    let mut returned = false;
    let sent = tokio::select! {
        biased;
        sent = &mut receiver => sent.ok(),
        called = &mut call => {
            called.map_err(|e| call_error(proxy, e))?;
            returned = true;
            receiver.try_recv().ok()
        }
    };
    if sent.is_none() && !returned {
        // The guest dropped its response-outparam unset: finish the call, so a trap
        // that follows is what the error names.
        (&mut call).await.map_err(|e| call_error(proxy, e))?;
        returned = true;
    }
    let no_response =
        || Error::BadReturn { export: HANDLE, got: "no response".into(), expected: "one set by response-outparam.set" };
    let response = sent
        .ok_or_else(no_response)?
        .map_err(|code| Error::Proxy { reason: format!("the guest answered with the error {code:?}") })?;
    let status = response.status().as_u16();
    let collect = response.into_body().collect();
    let collected = if returned {
        collect.await
    } else {
        // The guest may still be writing the body: run it while reading.
        let (called, collected) = tokio::join!(call, collect);
        called.map_err(|e| call_error(proxy, e))?;
        collected
    };
    let body = collected.map_err(|e| Error::Proxy { reason: format!("reading the response body failed: {e:?}") })?;
    Ok(HttpResponse { status, body: body.to_bytes() })
}

/// A failed call as one line: a trap (the deadline's named as such), or what the host
/// refused.
fn call_error(proxy: &CompiledProxy, error: wasmtime::Error) -> Error {
    match error.downcast_ref::<Trap>() {
        Some(Trap::Interrupt) => Error::Trap {
            export: HANDLE,
            reason: format!(
                "no answer within the request's {} ms deadline: stopped by epoch interruption",
                proxy.deadline.as_millis()
            ),
        },
        Some(trap) => Error::Trap { export: HANDLE, reason: trap.to_string() },
        None => Error::Proxy { reason: format!("{HANDLE} failed: {error:#}") },
    }
}
