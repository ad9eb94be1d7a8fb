//! Each experiment's benchmark group (the factors its ids share) and case (what varies
//! inside the group), declared with `group!`, and its id type: `MicroId` is
//! `Id<MicroGroup, MicroCase>`.

use std::fmt;

use crate::guest::GuestOpt;

use crate::experiments::hostcall::HostCall;
use crate::experiments::lifecycle::{Handler, Strategy};
use crate::experiments::micro::{ComponentCall, MicroConfig};
use crate::experiments::payload::{ComponentPayload, Direction, PayloadAbi};
use crate::experiments::serve::ServeCase;
use crate::experiments::sim::{ComponentScenario, PolicyKind, Scenario};

use crate::runtime::wasi::{IoOp, IoRoute};
use crate::runtime::{Backend, HostFnStyle};
use crate::units::{parse_size, size_label};

use super::factors::*;
use super::grammar::*;

// --- micro

group! {
    /// `micro/{host}/{engine}/guest-{opt}`.
    MicroGroup: Micro { host: HostProfile, engine: EngineId, opt: GuestOpt }
}

/// One way of calling the multiplication, or the native call it is measured against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MicroCase {
    Native,
    Hand(MicroConfig),
    Component(ComponentCall),
}

impl MicroCase {
    /// Every case, in table order: native, the hand configurations, the component calls.
    pub fn all() -> Vec<MicroCase> {
        let hand = MicroConfig::all().into_iter().map(MicroCase::Hand);
        let component = ComponentCall::ALL.into_iter().map(MicroCase::Component);
        std::iter::once(MicroCase::Native).chain(hand).chain(component).collect()
    }
}

impl fmt::Display for MicroCase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MicroCase::Native => f.write_str(NATIVE),
            MicroCase::Hand(config) => config.fmt(f),
            MicroCase::Component(call) => call.fmt(f),
        }
    }
}

listed_cases!(MicroCase: "micro-benchmark configuration", MicroCase::all());

pub type MicroId = Id<MicroGroup, MicroCase>;

// --- compile

group! {
    /// `compile/{host}/{backend}`.
    CompileGroup: Compile { host: HostProfile, backend: Backend }
}

/// `{phase}/{guest}-{opt}`: Criterion's function (the phase) and parameter (the input).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CompileCase {
    pub phase: Phase,
    pub guest: CompileGuest,
    pub opt: GuestOpt,
}

/// The compiled input: `multiply-release`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CompileInput {
    pub guest: CompileGuest,
    pub opt: GuestOpt,
}

impl CompileInput {
    pub fn all() -> Vec<CompileInput> {
        CompileGuest::ALL.into_iter().flat_map(|guest| GuestOpt::ALL.map(|opt| CompileInput { guest, opt })).collect()
    }
}

impl fmt::Display for CompileInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.guest, self.opt)
    }
}

impl CompileCase {
    /// The input part: `multiply-release`, Criterion's parameter.
    pub fn input(&self) -> CompileInput {
        CompileInput { guest: self.guest, opt: self.opt }
    }
}

impl fmt::Display for CompileCase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.phase, self.input())
    }
}

impl Case for CompileCase {
    fn parse(text: &str) -> Result<Self, ParseIdError> {
        let (phase, input) = text.split_once('/').ok_or_else(|| error(text, "not `{phase}/{guest}-{opt}`"))?;
        let phase = find(phase, "phase", Phase::ALL)?;
        let input = find(input, "compile input", CompileInput::all())?;
        Ok(CompileCase { phase, guest: input.guest, opt: input.opt })
    }
}

pub type CompileId = Id<CompileGroup, CompileCase>;

// --- simulator

group! {
    /// `simulator/{host}/{policy}/{engine}/guest-{opt}`.
    SimulatorGroup: Simulator { host: HostProfile, policy: PolicyKind, engine: EngineId, opt: GuestOpt }
}

/// A hand scenario (native included) or the Component Model's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SimCase {
    Hand(Scenario),
    Component(ComponentScenario),
}

impl SimCase {
    pub const NATIVE: SimCase = SimCase::Hand(Scenario::Native);

    /// Every case in table order: the hand scenarios (native first), then the component's.
    pub fn all() -> Vec<SimCase> {
        let hand = Scenario::all().into_iter().map(SimCase::Hand);
        hand.chain(ComponentScenario::ALL.into_iter().map(SimCase::Component)).collect()
    }
}

impl fmt::Display for SimCase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SimCase::Hand(scenario) => scenario.fmt(f),
            SimCase::Component(scenario) => scenario.fmt(f),
        }
    }
}

listed_cases!(SimCase: "simulator scenario", SimCase::all());

pub type SimulatorId = Id<SimulatorGroup, SimCase>;

// --- simulator-native

group! {
    /// `simulator-native/{host}/{policy}`.
    NativeSimGroup: NativeSim { host: HostProfile, policy: PolicyKind }
}

/// A cache size in bytes, as ids write it: `4MiB`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CacheSize(pub i64);

impl fmt::Display for CacheSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&size_label(self.0))
    }
}

impl Case for CacheSize {
    fn parse(text: &str) -> Result<Self, ParseIdError> {
        parse_size(text).map(CacheSize).map_err(|e| error(text, e))
    }
}

pub type NativeSimId = Id<NativeSimGroup, CacheSize>;

// --- hit-rate-sweep

group! {
    /// `hit-rate-sweep/{host}`.
    SweepGroup: HitRateSweep { host: HostProfile }
}

listed_cases!(SweepMode: "sweep mode", SweepMode::ALL);

pub type SweepId = Id<SweepGroup, SweepMode>;

// --- hostcall

group! {
    /// `hostcall/{host}/{backend}/guest-{opt}`.
    HostCallGroup: HostCall { host: HostProfile, engine: EngineId, opt: GuestOpt }
}

/// `native-{call}` (the loop natively) or `{call}-{style}` (out of the guest).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HostCallCase {
    Native(HostCall),
    Wasm(HostCall, HostFnStyle),
}

impl fmt::Display for HostCallCase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HostCallCase::Native(call) => write!(f, "{NATIVE}-{call}"),
            HostCallCase::Wasm(call, style) => write!(f, "{call}-{style}"),
        }
    }
}

impl Case for HostCallCase {
    fn parse(text: &str) -> Result<Self, ParseIdError> {
        if let Some(call) = text.strip_prefix(NATIVE).and_then(|rest| rest.strip_prefix('-')) {
            return call.parse().map(HostCallCase::Native);
        }
        let (call, style) = text.rsplit_once('-').ok_or_else(|| error(text, "not `{call}-{style}`"))?;
        Ok(HostCallCase::Wasm(call.parse()?, find(style, "host function style", HostFnStyle::ALL)?))
    }
}

pub type HostCallId = Id<HostCallGroup, HostCallCase>;

// --- payload

group! {
    /// `payload/{host}/{direction}/{size}`.
    PayloadGroup: Payload { host: HostProfile, direction: Direction, bytes: usize }
}

/// How a payload crossed: the floor, natively, or through a backend by an ABI.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PayloadRoute {
    /// A plain copy of the payload's bytes: the physical floor.
    Memcpy,
    Native(PayloadAbi),
    Wasm(Backend, PayloadAbi),
    Component(Backend, ComponentPayload),
}

impl PayloadRoute {
    /// The backend the payload crossed into, if it crossed.
    pub fn backend(&self) -> Option<Backend> {
        match *self {
            PayloadRoute::Wasm(backend, _) | PayloadRoute::Component(backend, _) => Some(backend),
            PayloadRoute::Memcpy | PayloadRoute::Native(_) => None,
        }
    }
}

impl fmt::Display for PayloadRoute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PayloadRoute::Memcpy => f.write_str("memcpy"),
            PayloadRoute::Native(abi) => write!(f, "{NATIVE}/{abi}"),
            PayloadRoute::Wasm(backend, abi) => write!(f, "{backend}/{abi}"),
            PayloadRoute::Component(backend, payload) => write!(f, "{backend}/{payload}"),
        }
    }
}

impl Case for PayloadRoute {
    fn parse(text: &str) -> Result<Self, ParseIdError> {
        if text == PayloadRoute::Memcpy.to_string() {
            return Ok(PayloadRoute::Memcpy);
        }
        let (route, abi) = text.split_once('/').ok_or_else(|| error(text, "not `memcpy` or `{route}/{abi}`"))?;
        if route == NATIVE {
            return find(abi, "payload ABI", PayloadAbi::ALL).map(PayloadRoute::Native);
        }
        let backend: Backend = Segment::parse(route)?;
        match find(abi, "payload ABI", PayloadAbi::ALL) {
            Ok(abi) => Ok(PayloadRoute::Wasm(backend, abi)),
            Err(_) => find(abi, "payload ABI", ComponentPayload::ALL).map(|p| PayloadRoute::Component(backend, p)),
        }
    }
}

pub type PayloadId = Id<PayloadGroup, PayloadRoute>;

// --- lifecycle

group! {
    /// `lifecycle/{host}/{backend}/guest-{opt}/{guest}`.
    LifecycleGroup: Lifecycle { host: HostProfile, backend: Backend, opt: GuestOpt, handler: Handler }
}

listed_cases!(Strategy: "instance strategy", Strategy::ALL);

pub type LifecycleId = Id<LifecycleGroup, Strategy>;

// --- serve

group! {
    /// `serve/{host}/{backend}/guest-{opt}`: the proxy guest on one backend.
    ServeGroup: Serve { host: HostProfile, backend: Backend, opt: GuestOpt }
}

// `native`, or how the proxy's instances are made: `pooling`, `pooling-no-cow`, ...
listed_cases!(ServeCase: "serve case", ServeCase::ALL);

pub type ServeId = Id<ServeGroup, ServeCase>;

// --- coldstart

group! {
    /// `coldstart/{host}/{backend}/guest-{opt}`.
    ColdStartGroup: ColdStart { host: HostProfile, engine: EngineId, opt: GuestOpt }
}

/// The guest a cold start ends in: one multiplication, or the cache simulator serving
/// requests (one cached typed Pair call each).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ColdGuest {
    Multiply,
    Simulator,
}

impl ColdGuest {
    pub const ALL: [ColdGuest; 2] = [ColdGuest::Multiply, ColdGuest::Simulator];

    pub fn module(self) -> &'static crate::guest::GuestModule {
        match self {
            ColdGuest::Multiply => &crate::guest::MULTIPLY,
            ColdGuest::Simulator => &crate::guest::SIMULATOR,
        }
    }
}

impl fmt::Display for ColdGuest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.module().name)
    }
}

/// Where a cold start begins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ColdSource {
    /// The module's `.wasm` bytes, in memory: compile (or validate and translate).
    Bytes,
    /// A JIT cache's artifact, in memory: load it (backends that make one).
    Artifact,
}

impl ColdSource {
    pub const ALL: [ColdSource; 2] = [ColdSource::Bytes, ColdSource::Artifact];
}

spelled!(ColdSource { Bytes => "from-bytes", Artifact => "from-artifact" });

/// What a cold-start benchmark times: the whole way to the `calls`-th result, or one of
/// its phases alone (what the break-even is predicted from).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ColdCase {
    /// From `source` to the `calls`-th result: compile or load, instantiate and look the
    /// exports up, then `calls` calls (`{guest}/from-bytes/calls-100`).
    Start { guest: ColdGuest, source: ColdSource, calls: u64 },
    /// Compile the bytes alone (`{guest}/compile`).
    Compile(ColdGuest),
    /// Instantiate a compiled module and look its exports up (`{guest}/instantiate`).
    Instantiate(ColdGuest),
    /// `calls` calls on an instance that has served them before (`{guest}/warm/calls-10000`).
    Warm { guest: ColdGuest, calls: u64 },
}

impl ColdCase {
    /// The numbers of calls a cold start is followed to (the simulator's requests).
    pub const CALLS: [u64; 4] = [1, 100, 10_000, 1_000_000];
    /// The calls the warm per-call cost is measured over.
    pub const WARM_CALLS: u64 = 10_000;

    pub fn guest(&self) -> ColdGuest {
        match *self {
            ColdCase::Start { guest, .. } | ColdCase::Warm { guest, .. } => guest,
            ColdCase::Compile(guest) | ColdCase::Instantiate(guest) => guest,
        }
    }
}

impl fmt::Display for ColdCase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ColdCase::Start { guest, source, calls } => write!(f, "{guest}/{source}/calls-{calls}"),
            ColdCase::Compile(guest) => write!(f, "{guest}/compile"),
            ColdCase::Instantiate(guest) => write!(f, "{guest}/instantiate"),
            ColdCase::Warm { guest, calls } => write!(f, "{guest}/warm/calls-{calls}"),
        }
    }
}

/// `calls-N`, N written as `Display` writes it (no sign, no leading zeros).
fn parse_calls(text: &str) -> Result<u64, ParseIdError> {
    let calls = text.strip_prefix("calls-").and_then(|n| n.parse::<u64>().ok());
    match calls {
        Some(calls) if format!("calls-{calls}") == text => Ok(calls),
        _ => Err(error(text, "not `calls-N`")),
    }
}

impl Case for ColdCase {
    fn parse(text: &str) -> Result<Self, ParseIdError> {
        let parts: Vec<&str> = text.split('/').collect();
        let guest = find(parts[0], "cold-start guest", ColdGuest::ALL)?;
        match parts[1..] {
            ["compile"] => Ok(ColdCase::Compile(guest)),
            ["instantiate"] => Ok(ColdCase::Instantiate(guest)),
            ["warm", calls] => Ok(ColdCase::Warm { guest, calls: parse_calls(calls)? }),
            [source, calls] => Ok(ColdCase::Start {
                guest,
                source: find(source, "cold-start source", ColdSource::ALL)?,
                calls: parse_calls(calls)?,
            }),
            _ => Err(error(text, "not a cold-start case (`{guest}/from-bytes/calls-N`, `{guest}/compile`, ...)")),
        }
    }
}

pub type ColdStartId = Id<ColdStartGroup, ColdCase>;

// --- wasi

group! {
    /// `wasi/{host}/{backend}/guest-{opt}`.
    WasiGroup: Wasi { host: HostProfile, backend: Backend, opt: GuestOpt }
}

/// One I/O operation per call: natively (`native-clock`), or out of a guest through WASI
/// (`clock-wasi`) or through the suite's typed host function (`clock-hostfn`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WasiCase {
    Native(IoOp),
    Guest(IoOp, IoRoute),
}

impl WasiCase {
    /// Every case, in table order: per operation, native, then each route.
    pub fn all() -> Vec<WasiCase> {
        IoOp::ALL
            .into_iter()
            .flat_map(|op| std::iter::once(WasiCase::Native(op)).chain(IoRoute::ALL.map(|r| WasiCase::Guest(op, r))))
            .collect()
    }
}

impl fmt::Display for WasiCase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WasiCase::Native(op) => write!(f, "{NATIVE}-{op}"),
            WasiCase::Guest(op, route) => write!(f, "{op}-{route}"),
        }
    }
}

listed_cases!(WasiCase: "WASI case", WasiCase::all());

pub type WasiId = Id<WasiGroup, WasiCase>;

// --- sentinel

group! {
    /// `sentinel/{host}/{bench target}/{start|end}`; the target is named by the experiment
    /// it measures (the simulator target's `simulator`).
    SentinelGroup: Sentinel { host: HostProfile, target: Experiment, position: Position }
}

/// The sentinel's two references: the native multiplication, and the cheapest call into
/// a guest (the multiply guest's cached typed Pair call) on one backend.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SentinelCase {
    Native,
    Wasm(Backend),
}

impl fmt::Display for SentinelCase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SentinelCase::Native => f.write_str(NATIVE),
            SentinelCase::Wasm(backend) => backend.fmt(f),
        }
    }
}

impl Case for SentinelCase {
    fn parse(text: &str) -> Result<Self, ParseIdError> {
        if text == NATIVE {
            return Ok(SentinelCase::Native);
        }
        Segment::parse(text).map(SentinelCase::Wasm)
    }
}

pub type SentinelId = Id<SentinelGroup, SentinelCase>;
