//! Which ratios the suite measures paired (`crate::paired`): every headline ratio the
//! README answers with, and every micro-benchmark configuration against the cheapest
//! call, as data. The `ratio` bench target measures them; the report reads them.

use crate::abi::{CallStyle, Lookup};
use crate::experiments::hostcall::HostCall;
use crate::experiments::lifecycle::{Handler, Strategy};
use crate::experiments::micro::{ComponentCall, MicroConfig};
use crate::experiments::payload::{Direction, PayloadAbi};
use crate::experiments::serve::{ProxyConfig, ServeCase};
use crate::experiments::sim::{PolicyKind, Scenario, SimAbi};
use crate::guest::GuestOpt;
use crate::ids::{
    ColdCase, ColdGuest, ColdSource, ColdStartGroup, ColdStartId, EngineId, HostCallCase, HostCallGroup, HostCallId,
    HostProfile, LifecycleGroup, LifecycleId, Metering, MicroCase, MicroGroup, MicroId, PayloadGroup, PayloadId,
    PayloadRoute, RatioId, RatioSide, ServeGroup, ServeId, SimCase, SimulatorGroup, SimulatorId, WasiCase, WasiGroup,
    WasiId,
};
use crate::runtime::wasi::{IoOp, IoRoute};
use crate::runtime::{Backend, CallMode, Concurrency, HostFnStyle, RuntimeKind};

/// The paper's dynamic call: Pair, cached handles, argument values built beforehand.
pub const PAPER_DYNAMIC: MicroConfig = MicroConfig {
    loading: Some(crate::abi::Loading::Preload),
    call: CallStyle::Dynamic,
    ..MicroConfig::CACHED_TYPED_PAIR
};

/// The paper's dynamic call with its values built on every call.
pub const PAPER_HOTLOAD: MicroConfig = MicroConfig { loading: Some(crate::abi::Loading::Hotload), ..PAPER_DYNAMIC };

/// The typed call through the static Bytemuck buffer (no arguments cross).
pub const STATIC_BYTEMUCK: MicroConfig = MicroConfig {
    abi: crate::abi::Abi::Bytemuck,
    memory: Some(crate::abi::Memory::Static),
    ..MicroConfig::CACHED_TYPED_PAIR
};

/// The typed Pair call that looks its export up by name on every call.
pub const BY_NAME: MicroConfig = MicroConfig { lookup: Lookup::ByName, ..MicroConfig::CACHED_TYPED_PAIR };

/// The Component Model's cached typed call.
pub const COMPONENT_TYPED: ComponentCall = ComponentCall { lookup: Lookup::Cached, call: CallStyle::Typed };

/// The simulator's batch: 1024 requests per call through the static buffer.
pub const BATCH: Scenario = Scenario::Wasm { abi: SimAbi::Batch, lookup: Lookup::Cached, call: CallStyle::Typed };

/// The simulator's request per call, typed Pair.
pub const PER_REQUEST: Scenario = Scenario::Wasm { abi: SimAbi::Pair, lookup: Lookup::Cached, call: CallStyle::Typed };

/// The policy the simulator's headline ratios run (the paper's headline policy).
pub const POLICY: PolicyKind = PolicyKind::Lru;

/// The payload size and direction of the payload ratio: a 1 MiB body into the guest.
pub const PAYLOAD_BYTES: usize = 1 << 20;

/// The pairs a host weighs when it loads scripts on demand: a backend that starts
/// sooner against one that runs faster. The `ratio` target pairs their cold starts at
/// every N, and the report finds where they break even.
pub const BREAK_EVEN_PAIRS: [(Backend, Backend); 5] = [
    (Backend::Wasmi, Backend::WasmtimeCranelift),
    (Backend::Wasmi, Backend::WasmerCranelift),
    (Backend::WasmtimePulley, Backend::WasmtimeWinch),
    (Backend::WasmerSinglepass, Backend::WasmerCranelift),
    (Backend::Wasmi, Backend::WasmerSinglepass),
];

/// A JIT an interpreter is compared with, in order of preference: the interpreter's
/// own runtime's Cranelift first (Pulley is Cranelift's bytecode), then Wasmer's.
pub const JIT_REFERENCES: [Backend; 2] = [Backend::WasmtimeCranelift, Backend::WasmerCranelift];

fn micro(host: HostProfile, backend: Backend, case: MicroCase) -> MicroId {
    MicroId::new(MicroGroup { host, engine: EngineId::plain(backend), opt: GuestOpt::Release }, case)
}

/// The simulator's cold start on `backend`, from its bytes to its `calls`-th answer (a
/// release guest, the plain engine): the totals the break-even pairs set side by side,
/// and the upgrade's cold start.
pub fn cold_start(host: HostProfile, backend: Backend, calls: u64) -> ColdStartId {
    let case = ColdCase::Start { guest: ColdGuest::Simulator, source: ColdSource::Bytes, calls };
    ColdStartId::new(ColdStartGroup { host, engine: EngineId::plain(backend), opt: GuestOpt::Release }, case)
}

fn simulator(host: HostProfile, backend: Backend, scenario: Scenario) -> SimulatorId {
    let group = SimulatorGroup { host, policy: POLICY, engine: EngineId::plain(backend), opt: GuestOpt::Release };
    SimulatorId::new(group, SimCase::Hand(scenario))
}

fn lifecycle(host: HostProfile, backend: Backend, strategy: Strategy) -> LifecycleId {
    lifecycle_of(host, backend, Handler::Multiply, strategy)
}

fn lifecycle_of(host: HostProfile, backend: Backend, handler: Handler, strategy: Strategy) -> LifecycleId {
    LifecycleId::new(LifecycleGroup { host, backend, opt: GuestOpt::Release, handler }, strategy)
}

fn payload(host: HostProfile, route: PayloadRoute) -> PayloadId {
    PayloadId::new(PayloadGroup { host, direction: Direction::ToGuest, bytes: PAYLOAD_BYTES }, route)
}

/// The ratios behind the README's answers, for the backends given (in their order),
/// each once:
///
/// - per backend, micro: dynamic/typed call, static Bytemuck/Pair, hotload/preload,
///   by-name/cached lookup, and (where components run) component/core typed call;
/// - per backend, simulator (LRU): the typed batch over native, and (compiled backends;
///   an interpreter takes about a second per pass) the typed request per call over native;
/// - per backend: the typed host call over its native loop, a fresh instance per
///   request over a kept one and the pooling allocator over a fresh instance (where the
///   runtime has it), 1 MiB of raw bytes into the guest over a memcpy;
/// - Wasmer over Wasmtime, the typed Pair call on Cranelift; each interpreter's typed
///   call over a JIT's; each other interpreter over wasmi ([`INTERPRETER_REFERENCE`]):
///   the typed call, the simulator's batch, the typed host call.
pub fn headline(host: HostProfile, backends: &[Backend]) -> Vec<RatioId> {
    let mut ratios = Vec::new();
    let typed = |backend| micro(host, backend, MicroCase::Hand(MicroConfig::CACHED_TYPED_PAIR));
    for &backend in backends {
        let hand = |config| micro(host, backend, MicroCase::Hand(config));
        ratios.push(RatioId::new(hand(PAPER_DYNAMIC), typed(backend)));
        ratios.push(RatioId::new(hand(STATIC_BYTEMUCK), typed(backend)));
        ratios.push(RatioId::new(hand(PAPER_HOTLOAD), hand(PAPER_DYNAMIC)));
        ratios.push(RatioId::new(hand(BY_NAME), typed(backend)));
        if backend.runs_components() {
            ratios.push(RatioId::new(micro(host, backend, MicroCase::Component(COMPONENT_TYPED)), typed(backend)));
        }
        let native = simulator(host, backend, Scenario::Native);
        ratios.push(RatioId::new(simulator(host, backend, BATCH), native));
        if !backend.interprets() {
            ratios.push(RatioId::new(simulator(host, backend, PER_REQUEST), native));
        }
        let hostcall = HostCallGroup { host, engine: EngineId::plain(backend), opt: GuestOpt::Release };
        ratios.push(RatioId::new(
            typed_nop(host, backend),
            HostCallId::new(hostcall, HostCallCase::Native(HostCall::Nop)),
        ));
        let runtime = backend.runtime();
        ratios.push(RatioId::new(
            lifecycle(host, backend, Strategy::NewInstance),
            lifecycle(host, backend, Strategy::ReuseInstance),
        ));
        if Strategy::Pooling.supported_by(runtime) {
            ratios.push(RatioId::new(
                lifecycle(host, backend, Strategy::Pooling),
                lifecycle(host, backend, Strategy::NewInstance),
            ));
        }
        ratios.push(RatioId::new(
            payload(host, PayloadRoute::Wasm(backend, PayloadAbi::Raw)),
            payload(host, PayloadRoute::Memcpy),
        ));
    }
    if backends.contains(&Backend::WasmerCranelift) && backends.contains(&Backend::WasmtimeCranelift) {
        ratios.push(RatioId::new(typed(Backend::WasmerCranelift), typed(Backend::WasmtimeCranelift)));
    }
    if let Some(&jit) = JIT_REFERENCES.iter().find(|jit| backends.contains(jit)) {
        for &interpreter in backends.iter().filter(|b| b.interprets()) {
            ratios.push(RatioId::new(typed(interpreter), typed(jit)));
        }
    }
    if backends.contains(&INTERPRETER_REFERENCE) {
        let reference = INTERPRETER_REFERENCE;
        for &interpreter in backends.iter().filter(|b| b.interprets() && **b != reference) {
            ratios.push(RatioId::new(typed(interpreter), typed(reference)));
            ratios.push(RatioId::new(simulator(host, interpreter, BATCH), simulator(host, reference, BATCH)));
            ratios.push(RatioId::new(typed_nop(host, interpreter), typed_nop(host, reference)));
        }
    }
    ratios
}

/// The interpreter the others are set against: wasmi, the one Rust embedders reach for
/// first (wasm3 and Wasmtime's Pulley over it: the typed call, the simulator's batch,
/// the typed host call, each paired).
pub const INTERPRETER_REFERENCE: Backend = Backend::Wasmi;

/// The typed `nop` host call out of the guest on `backend`.
fn typed_nop(host: HostProfile, backend: Backend) -> HostCallId {
    let group = HostCallGroup { host, engine: EngineId::plain(backend), opt: GuestOpt::Release };
    HostCallId::new(group, HostCallCase::Wasm(HostCall::Nop, HostFnStyle::Typed))
}

/// What WASI costs (`--features wasi`), for the backends given, each once:
///
/// - per backend and operation (clock read, 16-byte fill, 64-byte line): the WASI call
///   over the suite's typed host function doing the same work (the target: a
///   WASI clock call within 3x the typed host call on Wasmtime Cranelift), and the
///   typed host function over native;
/// - per backend: a fresh instance per request with its WASI context built for it over
///   the same request's I/O through the typed host functions on a fresh instance
///   without one (the cost of the context), both from `new-instance`, and on Wasmtime
///   from the pooling allocator too.
pub fn wasi(host: HostProfile, backends: &[Backend]) -> Vec<RatioId> {
    let mut ratios = Vec::new();
    for &backend in backends.iter().filter(|b| b.runs_wasi()) {
        let id = |case| WasiId::new(WasiGroup { host, backend, opt: GuestOpt::Release }, case);
        for op in IoOp::ALL {
            let hostfn = id(WasiCase::Guest(op, IoRoute::HostFn));
            ratios.push(RatioId::new(id(WasiCase::Guest(op, IoRoute::Wasi)), hostfn));
            ratios.push(RatioId::new(hostfn, id(WasiCase::Native(op))));
        }
        let strategies = [Strategy::NewInstance, Strategy::Pooling];
        for strategy in strategies.into_iter().filter(|s| s.supported_by(backend.runtime())) {
            let fresh = |route| lifecycle_of(host, backend, Handler::Io(route), strategy);
            ratios.push(RatioId::new(fresh(IoRoute::Wasi), fresh(IoRoute::HostFn)));
        }
    }
    ratios
}

/// For each break-even pair both in `backends`: the sooner start's total over the faster
/// runner's, from the simulator's bytes to its N-th request, at every N the `coldstart`
/// target measures; where the ratio crosses 1 is the pair's break-even.
pub fn cold_starts(host: HostProfile, backends: &[Backend]) -> Vec<RatioId> {
    BREAK_EVEN_PAIRS
        .iter()
        .filter(|(sooner, faster)| backends.contains(sooner) && backends.contains(faster))
        .flat_map(|&(sooner, faster)| {
            ColdCase::CALLS.map(|calls| RatioId::new(cold_start(host, sooner, calls), cold_start(host, faster, calls)))
        })
        .collect()
}

/// The cost of how a host configures its engine, per backend and each way its runtime
/// can: limiting a call (fuel everywhere, an epoch deadline on Wasmtime) and calling
/// async (Wasmtime, with the `async` feature), and turning Wasmtime's concurrency support
/// off where the build compiles it in (the `wasi` build). The same id on that engine over
/// the plain one, for the simulator's batch, the typed Pair call, the typed host call
/// (`nop`) and a cold start to the simulator's 10,000th answer (where
/// [`cold_starts_paired`]); for concurrency support, the component call too, and the
/// component call over the typed core call with the support off (what the Component
/// Model costs a host that turns it off).
pub fn engine_settings(host: HostProfile, backends: &[Backend]) -> Vec<RatioId> {
    engine_settings_with(host, backends, CallMode::Async.compiled_in(), Concurrency::switchable())
}

/// [`engine_settings`], with or without the async and concurrency ones whatever this
/// build has (the id lists of other builds hold them).
pub fn engine_settings_with(
    host: HostProfile,
    backends: &[Backend],
    with_async: bool,
    with_concurrency: bool,
) -> Vec<RatioId> {
    let mut ratios = Vec::new();
    for &backend in backends.iter().filter(|_| with_concurrency) {
        let Some(off) = EngineId::without_concurrency(backend) else { continue };
        let component = micro(host, backend, MicroCase::Component(COMPONENT_TYPED));
        let typed = micro(host, backend, MicroCase::Hand(MicroConfig::CACHED_TYPED_PAIR));
        let hostcall = HostCallId::new(
            HostCallGroup { host, engine: EngineId::plain(backend), opt: GuestOpt::Release },
            HostCallCase::Wasm(HostCall::Nop, HostFnStyle::Typed),
        );
        let sides: [RatioSide; 4] =
            [component.into(), typed.into(), hostcall.into(), simulator(host, backend, BATCH).into()];
        for side in sides {
            if let Some(configured) = side.on_engine(off) {
                ratios.push(RatioId::new(configured, side));
            }
        }
        let (component_off, typed_off) =
            (RatioSide::from(component).on_engine(off), RatioSide::from(typed).on_engine(off));
        if let (Some(component_off), Some(typed_off)) = (component_off, typed_off) {
            ratios.push(RatioId::new(component_off, typed_off));
        }
    }
    for &backend in backends {
        let plain = EngineId::plain(backend);
        let sides: [RatioSide; 4] = [
            simulator(host, backend, BATCH).into(),
            micro(host, backend, MicroCase::Hand(MicroConfig::CACHED_TYPED_PAIR)).into(),
            HostCallId::new(
                HostCallGroup { host, engine: plain, opt: GuestOpt::Release },
                HostCallCase::Wasm(HostCall::Nop, HostFnStyle::Typed),
            )
            .into(),
            cold_start(host, backend, 10_000).into(),
        ];
        let limited = [Metering::Fuel, Metering::Epoch].map(|metering| EngineId { metering, ..plain });
        let called_async = with_async.then_some(EngineId { calls: CallMode::Async, ..plain });
        let engines = limited.into_iter().chain(called_async);
        for engine in engines.filter(|e| e.metering.runs_on(backend) && e.calls.runs_on(backend)) {
            for side in sides {
                if matches!(side, RatioSide::ColdStart(_)) && !cold_starts_paired(engine) {
                    continue;
                }
                if let Some(configured) = side.on_engine(engine) {
                    ratios.push(RatioId::new(configured, side));
                }
            }
        }
    }
    ratios
}

/// What an upgrade changed (`--features previous`): for each backend at both its
/// previous and its current release in `backends`, the current release over the
/// previous one for the typed Pair call, the dynamic call, the simulator's batch, the
/// typed host call (`nop`), a fresh instance per request and a cold start to the
/// simulator's 10,000th answer (compile, instantiate and run: the compile phase's
/// share of an upgrade). Above 1, the upgrade made it slower.
pub fn releases(host: HostProfile, backends: &[Backend]) -> Vec<RatioId> {
    let mut ratios = Vec::new();
    for &(previous, current) in Backend::RELEASES.iter().filter(|(p, c)| backends.contains(p) && backends.contains(c)) {
        let sides = |backend: Backend| -> [RatioSide; 6] {
            [
                micro(host, backend, MicroCase::Hand(MicroConfig::CACHED_TYPED_PAIR)).into(),
                micro(host, backend, MicroCase::Hand(PAPER_DYNAMIC)).into(),
                simulator(host, backend, BATCH).into(),
                typed_nop(host, backend).into(),
                lifecycle(host, backend, Strategy::NewInstance).into(),
                cold_start(host, backend, 10_000).into(),
            ]
        };
        ratios.extend(sides(current).into_iter().zip(sides(previous)).map(|(now, before)| RatioId::new(now, before)));
    }
    ratios
}

/// The serverless request's ratios, where the build has the proxy (`--features wasi`),
/// per backend that runs components: the proxy request (pooling, as `wasmtime serve`)
/// over the same work on a pooled hand-ABI instance (`lifecycle`'s simulator handler),
/// and copy-on-write memory images on over off.
pub fn serverless(host: HostProfile, backends: &[Backend]) -> Vec<RatioId> {
    if cfg!(feature = "wasi") { serverless_ratios(host, backends) } else { Vec::new() }
}

/// [`serverless`] whatever this build has (the id lists of other builds hold them).
pub fn serverless_ratios(host: HostProfile, backends: &[Backend]) -> Vec<RatioId> {
    let mut ratios = Vec::new();
    for &backend in backends.iter().filter(|b| b.runs_components()) {
        let serve =
            |config| ServeId::new(ServeGroup { host, backend, opt: GuestOpt::Release }, ServeCase::Proxy(config));
        let pooled_hand = LifecycleId::new(
            LifecycleGroup { host, backend, opt: GuestOpt::Release, handler: Handler::Simulator },
            Strategy::Pooling,
        );
        ratios.push(RatioId::new(serve(ProxyConfig::POOLING), pooled_hand));
        ratios.push(RatioId::new(serve(ProxyConfig::POOLING), serve(ProxyConfig::POOLING.without_cow())));
    }
    ratios
}

/// Whether a cold start on `engine` can be paired: its side starts on one engine again
/// and again, which Wasmer's metering middleware refuses (it serves one module per
/// engine; the `coldstart` target makes an engine per start and has those rows), and an
/// async cold start is one call among many setup steps, not measured.
pub fn cold_starts_paired(engine: EngineId) -> bool {
    let wasmer_fuel = engine.backend.runtime() == RuntimeKind::Wasmer && engine.metering == Metering::Fuel;
    !wasmer_fuel && engine.calls == CallMode::Sync
}

/// What the `ratio` bench target measures: the headline ratios, the break-even cold
/// starts, the engine settings, the upgrades (and, built with `wasi`, what WASI costs
/// and the serverless request), then every other
/// micro-benchmark configuration (release guest, unmetered) over the cached typed Pair
/// call of its group, so each configuration's cost relative to the cheapest call has a
/// paired figure too. A configuration that is already a headline subject over another
/// reference (hotload, over preload) is not measured twice: its ratio to the typed call
/// is the product of the two it has.
pub fn measured(host: HostProfile, backends: &[Backend]) -> Vec<RatioId> {
    // A previous release answers one question, the upgrade: every other ratio is the
    // current releases' (the previous one's figures are in the other targets).
    let current: Vec<Backend> = backends.iter().copied().filter(|b| b.at_current_release() == *b).collect();
    let mut ratios = headline(host, &current);
    ratios.extend(cold_starts(host, &current));
    ratios.extend(engine_settings(host, &current));
    ratios.extend(releases(host, backends));
    // Only a build with the WASI crates has these sides (their ids exist in every build).
    if cfg!(feature = "wasi") {
        ratios.extend(wasi(host, &current));
    }
    ratios.extend(serverless(host, &current));
    let subjects: Vec<_> = ratios.iter().map(|ratio| ratio.subject).collect();
    for &backend in &current {
        let reference = micro(host, backend, MicroCase::Hand(MicroConfig::CACHED_TYPED_PAIR));
        for case in MicroCase::all() {
            let runs = match case {
                MicroCase::Native => false,
                MicroCase::Hand(config) => config != MicroConfig::CACHED_TYPED_PAIR,
                MicroCase::Component(_) => backend.runs_components(),
            };
            let ratio = RatioId::new(micro(host, backend, case), reference);
            if runs && !subjects.contains(&ratio.subject) {
                ratios.push(ratio);
            }
        }
    }
    ratios
}
