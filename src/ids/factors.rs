//! Every factor as ids spell it: the factors that exist only in ids (metering, the
//! engine as ids name it, compile phases, ...), then the experiments' own types
//! ([`MicroConfig`], [`Scenario`], [`HostCall`], ...), which get their spelling here
//! rather than in their modules, and each factor's reading as a group's segment.

use std::fmt;
use std::str::FromStr;

use crate::abi::{Abi, CallStyle, Loading, Lookup, Memory};
use crate::guest::GuestOpt;

use crate::experiments::hostcall::HostCall;
use crate::experiments::lifecycle::{Handler, Strategy};
use crate::experiments::micro::{ComponentCall, MicroConfig};
use crate::experiments::payload::{ComponentPayload, Direction, PayloadAbi};
use crate::experiments::sim::{ComponentScenario, PolicyKind, Scenario, SimAbi};
use serde::Deserialize;

use crate::runtime::{Backend, EngineOptions, HostFnStyle, Limit, RuntimeKind};
use crate::runtime::{CallMode, Concurrency};
use crate::units::{parse_size, size_label};

use super::grammar::*;

/// How a call is limited, as an id factor: not at all, by fuel (an operator count) or
/// by an epoch deadline (Wasmtime's only). The profile's `metering` lists which to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Metering {
    None,
    Fuel,
    Epoch,
}

impl Metering {
    pub const ALL: [Metering; 3] = [Metering::None, Metering::Fuel, Metering::Epoch];

    /// What an engine limits its calls with, from the profile's fuel per call and
    /// deadline per call (in epoch ticks).
    pub fn limit(self, fuel_per_call: u64, deadline_ticks: u64) -> Option<Limit> {
        match self {
            Metering::None => None,
            Metering::Fuel => Some(Limit::Fuel(fuel_per_call)),
            Metering::Epoch => Some(Limit::Epoch(deadline_ticks)),
        }
    }

    pub fn of(limit: Option<Limit>) -> Metering {
        match limit {
            None => Metering::None,
            Some(Limit::Fuel(_)) => Metering::Fuel,
            Some(Limit::Epoch(_)) => Metering::Epoch,
        }
    }

    /// Whether `backend`'s runtime can limit calls this way (epochs are Wasmtime's;
    /// wasm3 and WAMR, as built here, have no limit at all).
    pub fn runs_on(self, backend: Backend) -> bool {
        match self {
            Metering::None => true,
            Metering::Fuel => !matches!(backend.runtime(), RuntimeKind::Wasm3 | RuntimeKind::Wamr),
            Metering::Epoch => backend.runtime().family() == RuntimeKind::Wasmtime,
        }
    }

    /// What ids append to the backend: fuel keeps the suite's first name, `-metered`.
    fn suffix(self) -> &'static str {
        match self {
            Metering::None => "",
            Metering::Fuel => "-metered",
            Metering::Epoch => "-epoch",
        }
    }
}

spelled!(Metering { None => "none", Fuel => "fuel", Epoch => "epoch" });

/// A backend as ids name it, with its execution limit, call mode and Wasmtime's
/// concurrency support: `wasmer-cranelift`, `wasmer-cranelift-metered` (fuel),
/// `wasmtime-cranelift-epoch`, `wasmtime-cranelift-async`, `wasmtime-cranelift-epoch-async`,
/// `wasmtime-cranelift-no-concurrency`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EngineId {
    pub backend: Backend,
    pub metering: Metering,
    pub calls: CallMode,
    pub concurrency: Concurrency,
}

impl EngineId {
    /// Called synchronously, with `limit`.
    pub fn new(backend: Backend, limit: Option<Limit>) -> EngineId {
        EngineId { metering: Metering::of(limit), ..EngineId::plain(backend) }
    }

    pub fn plain(backend: Backend) -> EngineId {
        EngineId { backend, metering: Metering::None, calls: CallMode::Sync, concurrency: Concurrency::Default }
    }

    /// The engine of `backend` set up as `options` say (its limit, call mode and
    /// concurrency support).
    pub fn of(backend: Backend, options: &EngineOptions) -> EngineId {
        EngineId {
            backend,
            metering: Metering::of(options.limit),
            calls: options.calls,
            concurrency: options.concurrency,
        }
    }

    /// How an engine of this id is set up, with the profile's fuel per call and deadline.
    pub fn options(self, fuel_per_call: u64, deadline_ticks: u64) -> EngineOptions {
        EngineOptions {
            limit: self.metering.limit(fuel_per_call, deadline_ticks),
            calls: self.calls,
            concurrency: self.concurrency,
            ..EngineOptions::default()
        }
    }

    /// Whether calls are limited (by fuel or by a deadline).
    pub fn metered(self) -> bool {
        self.metering != Metering::None
    }

    /// Wasmtime's plain engine with its concurrency support turned off, as the engine
    /// settings' ratios measure it; `None` for a backend without the setting.
    pub fn without_concurrency(backend: Backend) -> Option<EngineId> {
        Concurrency::Off
            .runs_on(backend)
            .then_some(EngineId { concurrency: Concurrency::Off, ..EngineId::plain(backend) })
    }

    /// Every engine label a build can produce, in table order: each backend, then each
    /// with fuel, then each Wasmtime backend with an epoch deadline; then the same,
    /// called async (Wasmtime's only); then each Wasmtime backend with its concurrency
    /// support off.
    pub fn all() -> Vec<EngineId> {
        let mut all = Vec::new();
        for calls in CallMode::ALL {
            for metering in Metering::ALL {
                for backend in Backend::ALL {
                    if metering.runs_on(backend) && calls.runs_on(backend) {
                        all.push(EngineId { metering, calls, ..EngineId::plain(backend) });
                    }
                }
            }
        }
        all.extend(Backend::ALL.into_iter().filter_map(EngineId::without_concurrency));
        all
    }
}

impl fmt::Display for EngineId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let calls = if self.calls == CallMode::Async { "-async" } else { "" };
        let concurrency = if self.concurrency == Concurrency::Off { "-no-concurrency" } else { "" };
        write!(f, "{}{}{calls}{concurrency}", self.backend, self.metering.suffix())
    }
}

impl FromStr for EngineId {
    type Err = ParseIdError;
    fn from_str(text: &str) -> Result<Self, ParseIdError> {
        find(text, "backend", EngineId::all())
    }
}

/// A guest opt level as an id segment: `guest-release`. Public for names made beside
/// ids (the report's chart files), so they spell the level as ids do.
pub struct GuestSegment(pub GuestOpt);

impl fmt::Display for GuestSegment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "guest-{}", self.0)
    }
}

/// The compile benchmark's phases, each timed on its own (as Sightglass keeps them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Compile a module's bytes with a fresh engine (on wasmi: validate, and translate
    /// each function on its first call, its default mode).
    Compile,
    /// wasmi only: validate and translate every function up front.
    CompileEager,
    /// wasmi only: parse only; validate and translate each function on its first call.
    CompileLazy,
    /// A fresh instance of a compiled module.
    Instantiate,
    /// Load a serialized artifact into a fresh engine: a JIT cache hit.
    Deserialize,
}

impl Phase {
    pub const ALL: [Phase; 5] =
        [Phase::Compile, Phase::CompileEager, Phase::CompileLazy, Phase::Instantiate, Phase::Deserialize];

    /// The wasmi compilation mode a phase makes its module in, if it names one.
    pub fn translation(self) -> Option<crate::runtime::Translation> {
        use crate::runtime::Translation;
        match self {
            Phase::CompileEager => Some(Translation::Eager),
            Phase::CompileLazy => Some(Translation::Lazy),
            Phase::Compile | Phase::Instantiate | Phase::Deserialize => None,
        }
    }
}

spelled!(Phase {
    Compile => "compile",
    CompileEager => "compile-eager",
    CompileLazy => "compile-lazy",
    Instantiate => "instantiate",
    Deserialize => "deserialize",
});

/// The guests the compile benchmark times: the paper's two, and the Component Model's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CompileGuest {
    Multiply,
    Simulator,
    Component,
}

impl CompileGuest {
    pub const ALL: [CompileGuest; 3] = [CompileGuest::Multiply, CompileGuest::Simulator, CompileGuest::Component];
}

impl fmt::Display for CompileGuest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CompileGuest::Multiply => crate::guest::MULTIPLY.name,
            CompileGuest::Simulator => crate::guest::SIMULATOR.name,
            // The component guest is built only with `wasmtime`; its name is not.
            CompileGuest::Component => "component",
        })
    }
}

/// The hit-rate sweep on one thread or on all cores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SweepMode {
    Serial,
    Parallel,
}

impl SweepMode {
    pub const ALL: [SweepMode; 2] = [SweepMode::Serial, SweepMode::Parallel];
}

spelled!(SweepMode { Serial => "serial", Parallel => "parallel" });

/// When a bench target measures its sentinel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Position {
    Start,
    End,
}

impl Position {
    pub const ALL: [Position; 2] = [Position::Start, Position::End];
}

spelled!(Position { Start => "start", End => "end" });

// ---------------------------------------------------------------------------------------
// The experiments' factors, as ids spell them.

spelled!(Lookup { Cached => "cached", ByName => "uncached" });

spelled!(CallStyle { Dynamic => "dyn-call", Typed => "typed-call" });

spelled!(Abi { Pair => "pair", Bincode => "bincode", Bytemuck => "bytemuck", Postcard => "postcard" });

fn memory_segment(memory: Memory) -> &'static str {
    match memory {
        Memory::Static => "static-mem",
        Memory::Dynamic => "dynamic-mem",
    }
}

/// The factors that apply, joined by `-`: `bytemuck-static-mem-cached-typed-call`,
/// `pair-uncached-hotload-dyn-call`.
impl fmt::Display for MicroConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.abi)?;
        if let Some(memory) = self.memory {
            write!(f, "-{}", memory_segment(memory))?;
        }
        write!(f, "-{}", self.lookup)?;
        match self.loading {
            Some(Loading::Preload) => f.write_str("-preload")?,
            Some(Loading::Hotload) => f.write_str("-hotload")?,
            None => {}
        }
        if self.srs {
            f.write_str("-srs")?;
        }
        write!(f, "-{}", self.call)
    }
}

/// In the micro-benchmark's naming: `component-cached-typed-call`.
impl fmt::Display for ComponentCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "component-{}-{}", self.lookup, self.call)
    }
}

impl fmt::Display for SimAbi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SimAbi::Pair => write!(f, "{}", Abi::Pair),
            SimAbi::Bincode => write!(f, "{}-{}", Abi::Bincode, memory_segment(Memory::Dynamic)),
            SimAbi::Bytemuck => write!(f, "{}-{}", Abi::Bytemuck, memory_segment(Memory::Static)),
            SimAbi::Batch => write!(f, "batch-{}", memory_segment(Memory::Static)),
        }
    }
}

/// `native`, `pair-cached-dyn-call`, `batch-static-mem-uncached-typed-call`.
impl fmt::Display for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scenario::Native => f.write_str(NATIVE),
            Scenario::Wasm { abi, lookup, call } => write!(f, "{abi}-{lookup}-{call}"),
        }
    }
}

/// Beside the simulator's hand scenarios: `component-cached-typed-call`,
/// `component-batch-cached-typed-call`, `component-packed-batch-cached-typed-call`.
impl fmt::Display for ComponentScenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let batch = match self {
            ComponentScenario::PerRequest => "",
            ComponentScenario::Batch => "batch-",
            ComponentScenario::PackedBatch => "packed-batch-",
        };
        write!(f, "component-{batch}{}-{}", Lookup::Cached, CallStyle::Typed)
    }
}

/// `nop`, `add`, `read-4KiB`, `write-16B`.
impl fmt::Display for HostCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HostCall::Nop => f.write_str("nop"),
            HostCall::Add => f.write_str("add"),
            HostCall::Read(len) => write!(f, "read-{}", size_label(*len as i64)),
            HostCall::Write(len) => write!(f, "write-{}", size_label(*len as i64)),
        }
    }
}

impl FromStr for HostCall {
    type Err = ParseIdError;
    fn from_str(text: &str) -> Result<Self, ParseIdError> {
        let sized = |size: &str| parse_size(size).map(|bytes| bytes as usize).map_err(|e| error(text, e));
        match text.split_once('-') {
            None => find(text, "host call", [HostCall::Nop, HostCall::Add]),
            Some(("read", size)) => sized(size).map(HostCall::Read),
            Some(("write", size)) => sized(size).map(HostCall::Write),
            Some(_) => Err(error(text, "not a host call (nop, add, read-SIZE, write-SIZE)")),
        }
    }
}

spelled!(HostFnStyle { Typed => "typed", Dynamic => "dynamic" });

spelled!(PayloadAbi { Bincode => "bincode", Postcard => "postcard", Bytemuck => "bytemuck", Raw => "raw" });

// The Component Model's payloads, beside the payload ABIs.
spelled!(ComponentPayload { Bytes => "component", Records => "component-records" });

spelled!(Direction { ToGuest => "to-guest", FromGuest => "from-guest" });

spelled!(Strategy {
    ReuseInstance => "reuse-instance",
    NewInstance => "new-instance",
    InstancePre => "instance-pre",
    Pooling => "pooling",
});

/// A lifecycle handler is named by the guest it runs.
struct HandlerSegment(Handler);

impl fmt::Display for HandlerSegment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.name())
    }
}

/// The baseline's name wherever an experiment measures one.
pub(super) const NATIVE: &str = "native";

displayed_segments! {
    HostProfile: "host profile", HostProfile::ALL;
    EngineId: "backend", EngineId::all();
    Backend: "backend", Backend::ALL;
    PolicyKind: "policy", PolicyKind::ALL;
    Direction: "direction", Direction::ALL;
    Experiment: "benchmark experiment", Experiment::ALL;
    Position: "position", Position::ALL;
}

/// `guest-release`.
impl Segment for GuestOpt {
    fn write(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&GuestSegment(*self), f)
    }
    fn parse(text: &str) -> Result<Self, ParseIdError> {
        find(text, "guest opt level", GuestOpt::ALL.map(GuestSegment)).map(|g| g.0)
    }
}

/// A payload's size in bytes: `1MiB`.
impl Segment for usize {
    fn write(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&size_label(*self as i64))
    }
    fn parse(text: &str) -> Result<Self, ParseIdError> {
        let bytes = parse_size(text).map_err(|e| error(text, e))?;
        usize::try_from(bytes).map_err(|e| error(text, e.to_string()))
    }
}

/// A lifecycle handler, named by the guest it runs.
impl Segment for Handler {
    fn write(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
    fn parse(text: &str) -> Result<Self, ParseIdError> {
        find(text, "lifecycle guest", Handler::every().map(HandlerSegment)).map(|h| h.0)
    }
}
