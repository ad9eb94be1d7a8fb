//! The study's ids: every benchmark id as typed fields, printed and parsed here and
//! nowhere else.
//!
//! A Criterion id is `{group}/{case}`: the group names the experiment and the factors a
//! benchmark group holds fixed (host profile, backend, guest opt, policy, ...), the case
//! what varies inside it (a configuration, a scenario, a route, ...). Each experiment has
//! a group type and a case type, and [`Id`] joins them; [`BenchId`] is any of them. The
//! benches build ids only from these types, and the report finds results only through
//! them, so a renamed factor changes one `Display` here and nothing breaks silently.
//!
//! The factors themselves are the experiments' own types ([`MicroConfig`], [`Scenario`],
//! [`HostCall`], ...); this module gives them their spelling in ids. Names that belong to
//! a thing rather than to ids (a backend's, a policy's, a guest's, an opt level's) come
//! from that thing.
//!
//! Parsing finds the value whose spelling matches among all the values of a factor, so
//! `id.to_string().parse()` gives `id` back by construction; the tests check that every
//! id `cargo bench -- --list` prints does.

use std::fmt;
use std::str::FromStr;

// The factors an id is made of that no experiment owns (the ABI's, the guest's), for
// code that reads ids, such as the report, without reaching into the floors that
// define them.
pub use crate::abi::{Abi, CallStyle, Loading, Lookup, Memory};
pub use crate::guest::GuestOpt;

use crate::experiments::hostcall::HostCall;
use crate::experiments::lifecycle::{Handler, Strategy};
use crate::experiments::micro::{ComponentCall, MicroConfig};
use crate::experiments::payload::{ComponentPayload, Direction, PayloadAbi};
use crate::experiments::serve::ServeCase;
use crate::experiments::sim::{ComponentScenario, PolicyKind, Scenario, SimAbi};
use serde::Deserialize;

use crate::runtime::wasi::{IoOp, IoRoute};
use crate::runtime::{Backend, EngineOptions, HostFnStyle, Limit, RuntimeKind};
pub use crate::runtime::{CallMode, Concurrency};
use crate::units::{parse_size, size_label};

/// Why a text is not an id of the suite.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseIdError {
    pub text: String,
    pub reason: String,
}

impl fmt::Display for ParseIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a benchmark id of this suite: {}", self.text, self.reason)
    }
}

impl std::error::Error for ParseIdError {}

fn error(text: &str, reason: impl Into<String>) -> ParseIdError {
    ParseIdError { text: text.to_owned(), reason: reason.into() }
}

/// `Display` for an enum as ids spell it: each variant's one fixed segment.
macro_rules! spelled {
    ($enum:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl fmt::Display for $enum {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(match self {
                    $($enum::$variant => $text),+
                })
            }
        }
    };
}

/// The value among `values` that is spelled `text`.
fn find<T: fmt::Display>(text: &str, what: &str, values: impl IntoIterator<Item = T>) -> Result<T, ParseIdError> {
    let mut known = Vec::new();
    for value in values {
        let spelled = value.to_string();
        if spelled == text {
            return Ok(value);
        }
        known.push(spelled);
    }
    Err(error(text, format!("not a {what} (one of: {})", known.join(", "))))
}

// ---------------------------------------------------------------------------------------
// Factors that exist only in ids.

/// How the host itself was built: `cargo bench` (release) or `cargo bench --profile dev`
/// (debug), the paper's Release/Debug factor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HostProfile {
    Release,
    Debug,
}

impl HostProfile {
    pub const ALL: [HostProfile; 2] = [HostProfile::Release, HostProfile::Debug];

    /// The profile this code was built with.
    pub fn current() -> HostProfile {
        if cfg!(debug_assertions) { HostProfile::Debug } else { HostProfile::Release }
    }
}

spelled!(HostProfile { Release => "host-release", Debug => "host-debug" });

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
    /// wasm3 has no limit at all).
    pub fn runs_on(self, backend: Backend) -> bool {
        match self {
            Metering::None => true,
            Metering::Fuel => backend.runtime() != RuntimeKind::Wasm3,
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
const NATIVE: &str = "native";

// ---------------------------------------------------------------------------------------
// Groups, cases and ids.

/// The experiments, as the first segment of their ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Experiment {
    /// The paper's micro-benchmark: one call into the guest's multiplication.
    Micro,
    /// The JIT phases per backend and guest.
    Compile,
    /// The cache simulator natively and through each ABI, per backend.
    Simulator,
    /// The native simulator alone at each paper cache size.
    NativeSim,
    /// Figure 6's whole sweep, serial and parallel.
    HitRateSweep,
    /// Calls from the guest into the host.
    HostCall,
    /// Payloads of every size, both ways.
    Payload,
    /// An instance per request.
    Lifecycle,
    /// From a guest's bytes to its first result and on to N results.
    ColdStart,
    /// WASI Preview 1 calls beside the same work through typed host functions
    /// (`--features wasi`).
    Wasi,
    /// The serverless request: a wasi:http proxy, a new instance per request
    /// (`--features wasi`).
    Serve,
    /// The drift sentinel: the same two calls at the start and the end of every bench
    /// target, so a run shows how far the machine drifted while it measured.
    Sentinel,
    /// A ratio between two ids of the other experiments, measured paired: both sides
    /// interleaved in the same seconds (`crate::paired`).
    Ratio,
}

impl Experiment {
    pub const ALL: [Experiment; 13] = [
        Experiment::Micro,
        Experiment::Compile,
        Experiment::Simulator,
        Experiment::NativeSim,
        Experiment::HitRateSweep,
        Experiment::HostCall,
        Experiment::Payload,
        Experiment::Lifecycle,
        Experiment::ColdStart,
        Experiment::Wasi,
        Experiment::Serve,
        Experiment::Sentinel,
        Experiment::Ratio,
    ];
}

spelled!(Experiment {
    Micro => "micro",
    Compile => "compile",
    Simulator => "simulator",
    NativeSim => "simulator-native",
    HitRateSweep => "hit-rate-sweep",
    HostCall => "hostcall",
    Payload => "payload",
    Lifecycle => "lifecycle",
    ColdStart => "coldstart",
    Wasi => "wasi",
    Serve => "serve",
    Sentinel => "sentinel",
    Ratio => "ratio",
});

impl FromStr for Experiment {
    type Err = ParseIdError;
    fn from_str(text: &str) -> Result<Self, ParseIdError> {
        find(text, "benchmark experiment", Experiment::ALL)
    }
}

/// A benchmark group: the factors its ids share. `Display` is Criterion's group name.
pub trait Group: fmt::Display + Sized {
    const EXPERIMENT: Experiment;
    /// `/`-separated segments after the experiment's.
    const SEGMENTS: usize;
    /// From the segments after the experiment's.
    fn parse(segments: &[&str]) -> Result<Self, ParseIdError>;
    /// The host profile: every group's first factor.
    fn host(&self) -> HostProfile;
}

/// A case inside a group: what varies there. `Display` is Criterion's function id.
pub trait Case: fmt::Display + Sized {
    fn parse(text: &str) -> Result<Self, ParseIdError>;
}

/// One benchmark: `{group}/{case}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Id<G, C> {
    pub group: G,
    pub case: C,
}

impl<G: Group, C: Case> fmt::Display for Id<G, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.group, self.case)
    }
}

impl<G: Group, C: Case> FromStr for Id<G, C> {
    type Err = ParseIdError;
    fn from_str(text: &str) -> Result<Self, ParseIdError> {
        let mut parts = text.splitn(G::SEGMENTS + 2, '/');
        let experiment: Experiment = parts.next().unwrap_or_default().parse()?;
        if experiment != G::EXPERIMENT {
            return Err(error(text, format!("a {experiment} id, not a {} id", G::EXPERIMENT)));
        }
        let segments: Vec<&str> = parts.by_ref().take(G::SEGMENTS).collect();
        let case = parts.next().ok_or_else(|| error(text, format!("too few segments for a {experiment} id")))?;
        if segments.len() != G::SEGMENTS {
            return Err(error(text, format!("too few segments for a {experiment} id")));
        }
        Ok(Id { group: G::parse(&segments)?, case: C::parse(case)? })
    }
}

impl<G: Group, C: Case> Id<G, C> {
    pub fn new(group: G, case: C) -> Self {
        Id { group, case }
    }

    pub fn host(&self) -> HostProfile {
        self.group.host()
    }
}

/// A factor as one `/`-separated segment of a group's name: how it is written and read.
trait Segment: Sized {
    fn write(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
    fn parse(text: &str) -> Result<Self, ParseIdError>;
}

/// Segments spelled as their type displays itself, read back by finding the one among
/// every value whose spelling matches (the error names `$what` and lists them).
macro_rules! displayed_segments {
    ($($ty:ty: $what:literal, $all:expr;)+) => {$(
        impl Segment for $ty {
            fn write(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(self, f)
            }
            fn parse(text: &str) -> Result<Self, ParseIdError> {
                find(text, $what, $all)
            }
        }
    )+};
}

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

/// A group: its struct of factors, named `{experiment}/{field}/{field}/...`, each field
/// one segment in the order declared. One declaration per experiment's group; the
/// spelling of each factor is its type's (`Segment`).
macro_rules! group {
    ($(#[$doc:meta])* $name:ident: $experiment:ident { $($field:ident: $ty:ty),+ }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub struct $name {
            $(pub $field: $ty),+
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", Experiment::$experiment)?;
                $(
                    f.write_str("/")?;
                    Segment::write(&self.$field, f)?;
                )+
                Ok(())
            }
        }

        impl Group for $name {
            const EXPERIMENT: Experiment = Experiment::$experiment;
            const SEGMENTS: usize = [$(stringify!($field)),+].len();
            fn parse(segments: &[&str]) -> Result<Self, ParseIdError> {
                let mut segments = segments.iter();
                Ok($name { $($field: Segment::parse(segments.next().copied().unwrap_or_default())?),+ })
            }
            fn host(&self) -> HostProfile {
                self.host
            }
        }
    };
}

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

impl Case for MicroCase {
    fn parse(text: &str) -> Result<Self, ParseIdError> {
        find(text, "micro-benchmark configuration", MicroCase::all())
    }
}

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

impl Case for SimCase {
    fn parse(text: &str) -> Result<Self, ParseIdError> {
        find(text, "simulator scenario", SimCase::all())
    }
}

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

impl Case for SweepMode {
    fn parse(text: &str) -> Result<Self, ParseIdError> {
        find(text, "sweep mode", SweepMode::ALL)
    }
}

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

impl Case for Strategy {
    fn parse(text: &str) -> Result<Self, ParseIdError> {
        find(text, "instance strategy", Strategy::ALL)
    }
}

pub type LifecycleId = Id<LifecycleGroup, Strategy>;

// --- serve

group! {
    /// `serve/{host}/{backend}/guest-{opt}`: the proxy guest on one backend.
    ServeGroup: Serve { host: HostProfile, backend: Backend, opt: GuestOpt }
}

impl Case for ServeCase {
    /// `native`, or how the proxy's instances are made: `pooling`, `pooling-no-cow`, ...
    fn parse(text: &str) -> Result<Self, ParseIdError> {
        find(text, "serve case", ServeCase::ALL)
    }
}

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

impl Case for WasiCase {
    fn parse(text: &str) -> Result<Self, ParseIdError> {
        find(text, "WASI case", WasiCase::all())
    }
}

pub type WasiId = Id<WasiGroup, WasiCase>;

// --- sentinel

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

// --- ratio

/// The ids that can be one side of a paired ratio: the experiments whose cases are calls
/// a host makes again and again (not compile phases, sweeps or sentinels). From this one
/// list follow the enum and its conversions to and from [`BenchId`] and each id type.
macro_rules! ratio_sides {
    ($($experiment:ident($id:ty)),+ $(,)?) => {
        /// An id that can be one side of a paired ratio.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum RatioSide {
            $($experiment($id)),+
        }

        impl From<RatioSide> for BenchId {
            fn from(side: RatioSide) -> BenchId {
                match side {
                    $(RatioSide::$experiment(id) => BenchId::$experiment(id)),+
                }
            }
        }

        impl TryFrom<BenchId> for RatioSide {
            type Error = Experiment;
            /// The side, or the experiment whose ids cannot be one.
            fn try_from(id: BenchId) -> Result<RatioSide, Experiment> {
                match id {
                    $(BenchId::$experiment(id) => Ok(RatioSide::$experiment(id)),)+
                    other => Err(other.experiment()),
                }
            }
        }

        $(
            impl From<$id> for RatioSide {
                fn from(id: $id) -> RatioSide {
                    RatioSide::$experiment(id)
                }
            }
        )+
    };
}

ratio_sides!(
    Micro(MicroId),
    Simulator(SimulatorId),
    HostCall(HostCallId),
    Payload(PayloadId),
    Lifecycle(LifecycleId),
    ColdStart(ColdStartId),
    Wasi(WasiId),
    Serve(ServeId),
);

impl RatioSide {
    /// The id's Criterion group and case, as `{group}/{case}` splits it.
    pub fn group_and_case(&self) -> (String, String) {
        match self {
            RatioSide::Micro(id) => (id.group.to_string(), id.case.to_string()),
            RatioSide::Simulator(id) => (id.group.to_string(), id.case.to_string()),
            RatioSide::HostCall(id) => (id.group.to_string(), id.case.to_string()),
            RatioSide::Payload(id) => (id.group.to_string(), id.case.to_string()),
            RatioSide::Lifecycle(id) => (id.group.to_string(), id.case.to_string()),
            RatioSide::ColdStart(id) => (id.group.to_string(), id.case.to_string()),
            RatioSide::Wasi(id) => (id.group.to_string(), id.case.to_string()),
            RatioSide::Serve(id) => (id.group.to_string(), id.case.to_string()),
        }
    }

    /// The backend it runs on; `None` for what runs natively (a payload's memcpy).
    pub fn backend(&self) -> Option<Backend> {
        self.engine().map(|engine| engine.backend)
    }

    /// The engine it runs on (its backend and execution limit); `None` for what runs
    /// natively (a payload's memcpy).
    pub fn engine(&self) -> Option<EngineId> {
        match self {
            RatioSide::Micro(id) => Some(id.group.engine),
            RatioSide::Simulator(id) => Some(id.group.engine),
            RatioSide::HostCall(id) => Some(id.group.engine),
            RatioSide::Payload(id) => id.case.backend().map(EngineId::plain),
            RatioSide::Lifecycle(id) => Some(EngineId::plain(id.group.backend)),
            RatioSide::ColdStart(id) => Some(id.group.engine),
            RatioSide::Wasi(id) => Some(EngineId::plain(id.group.backend)),
            RatioSide::Serve(id) => Some(EngineId::plain(id.group.backend)),
        }
    }

    /// The same id on another engine (where it has one: payloads, lifecycles and WASI
    /// calls run on plain engines only).
    pub fn on_engine(&self, engine: EngineId) -> Option<RatioSide> {
        let mut side = *self;
        let backend = engine.backend;
        match &mut side {
            RatioSide::Micro(id) => id.group.engine = engine,
            RatioSide::Simulator(id) => id.group.engine = engine,
            RatioSide::HostCall(id) => id.group.engine = engine,
            RatioSide::ColdStart(id) => id.group.engine = engine,
            // The others run on the plain engine only.
            _ if engine != EngineId::plain(backend) => return None,
            RatioSide::Payload(id) => match &mut id.case {
                PayloadRoute::Wasm(b, _) | PayloadRoute::Component(b, _) => *b = backend,
                PayloadRoute::Memcpy | PayloadRoute::Native(_) => return None,
            },
            RatioSide::Lifecycle(id) => id.group.backend = backend,
            RatioSide::Wasi(id) => id.group.backend = backend,
            RatioSide::Serve(id) => id.group.backend = backend,
        }
        Some(side)
    }
}

impl fmt::Display for RatioSide {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        BenchId::from(*self).fmt(f)
    }
}

impl FromStr for RatioSide {
    type Err = ParseIdError;
    fn from_str(text: &str) -> Result<Self, ParseIdError> {
        let id: BenchId = text.parse()?;
        RatioSide::try_from(id).map_err(|experiment| {
            error(text, format!("a {experiment} id cannot be a side of a ratio (micro, simulator, hostcall, payload, lifecycle, coldstart, wasi and serve ids can)"))
        })
    }
}

/// The word between a ratio's subject and its reference.
const OVER: &str = "/over/";

/// A ratio measured paired: `subject` time per call over `reference` time per call.
///
/// Written `ratio/{subject id}/over/{reference}`: the reference is its case alone when it
/// is in the subject's group (`ratio/micro/host-release/wasmer-cranelift/guest-release/
/// pair-cached-preload-dyn-call/over/pair-cached-typed-call`), its backend alone when it
/// is the subject on another backend (`.../pair-cached-typed-call/over/wasmtime-cranelift`:
/// Wasmer's call over Wasmtime's), its whole id otherwise. Criterion's group is `ratio/{subject's group}`, its
/// function `{subject's case}/over/{reference}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RatioId {
    pub subject: RatioSide,
    pub reference: RatioSide,
}

impl RatioId {
    pub fn new(subject: impl Into<RatioSide>, reference: impl Into<RatioSide>) -> RatioId {
        RatioId { subject: subject.into(), reference: reference.into() }
    }

    /// The subject's host profile (both sides run on one host).
    pub fn host(&self) -> HostProfile {
        BenchId::from(self.subject).host()
    }

    /// Criterion's group name: `ratio/{subject's group}`.
    pub fn group(&self) -> String {
        format!("{}/{}", Experiment::Ratio, self.subject.group_and_case().0)
    }

    /// Criterion's function id: `{subject's case}/over/{reference}`.
    pub fn function(&self) -> String {
        format!("{}{OVER}{}", self.subject.group_and_case().1, self.reference_label())
    }

    /// The reference as the id writes it, as short as it can say it: its case when it is
    /// in the subject's group; its engine when it is the subject on another engine
    /// (Wasmer's call over Wasmtime's, a call with an epoch deadline over one without);
    /// else its whole id.
    pub fn reference_label(&self) -> String {
        let (reference_group, reference_case) = self.reference.group_and_case();
        if reference_group == self.subject.group_and_case().0 {
            return reference_case;
        }
        match self.reference.engine() {
            Some(engine) if self.subject.on_engine(engine) == Some(self.reference) => engine.to_string(),
            _ => self.reference.to_string(),
        }
    }
}

impl fmt::Display for RatioId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.group(), self.function())
    }
}

impl FromStr for RatioId {
    type Err = ParseIdError;
    fn from_str(text: &str) -> Result<Self, ParseIdError> {
        let rest = text
            .strip_prefix(Experiment::Ratio.to_string().as_str())
            .and_then(|rest| rest.strip_prefix('/'))
            .ok_or_else(|| error(text, "a ratio id starts with `ratio/`"))?;
        let (subject, reference) =
            rest.split_once(OVER).ok_or_else(|| error(text, "a ratio id is `ratio/{subject}/over/{reference}`"))?;
        let subject: RatioSide = subject.parse()?;
        // The reference is a case of the subject's group, the subject on another backend,
        // or a whole id of its own.
        let (subject_group, _) = subject.group_and_case();
        let reference = format!("{subject_group}/{reference}")
            .parse::<RatioSide>()
            .ok()
            .or_else(|| subject.on_engine(reference.parse::<EngineId>().ok()?))
            .map_or_else(
                || {
                    reference.parse::<RatioSide>().map_err(|e| {
                        match reference.split('/').next().unwrap_or_default().parse::<Experiment>() {
                            Ok(_) => e,
                            Err(_) => error(
                                text,
                                format!(
                                    "the reference `{reference}` is neither a case of the subject's group \
                                 (`{subject_group}`), nor a backend (with its limit), nor a whole id"
                                ),
                            ),
                        }
                    })
                },
                Ok,
            )?;
        let id = RatioId { subject, reference };
        // One spelling per ratio: the shortest of the three.
        if id.to_string() != text {
            return Err(error(text, format!("the same ratio is written `{id}`")));
        }
        Ok(id)
    }
}

// --- any id

/// Any benchmark id of the suite: one variant per experiment, named as the experiment,
/// holding that experiment's id type. From this one list follow the enum, which
/// experiment an id belongs to, its host, its spelling and parsing, and the conversions
/// to and from each experiment's id type.
macro_rules! bench_ids {
    ($($experiment:ident($id:ty)),+ $(,)?) => {
        /// Any benchmark id of the suite.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum BenchId {
            $($experiment($id)),+
        }

        impl BenchId {
            pub fn experiment(&self) -> Experiment {
                match self {
                    $(BenchId::$experiment(_) => Experiment::$experiment),+
                }
            }

            pub fn host(&self) -> HostProfile {
                match self {
                    $(BenchId::$experiment(id) => id.host()),+
                }
            }
        }

        impl fmt::Display for BenchId {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    $(BenchId::$experiment(id) => id.fmt(f)),+
                }
            }
        }

        impl FromStr for BenchId {
            type Err = ParseIdError;
            fn from_str(text: &str) -> Result<Self, ParseIdError> {
                let experiment: Experiment = text.split('/').next().unwrap_or_default().parse()?;
                Ok(match experiment {
                    $(Experiment::$experiment => BenchId::$experiment(text.parse()?)),+
                })
            }
        }

        $(
            impl From<$id> for BenchId {
                fn from(id: $id) -> BenchId {
                    BenchId::$experiment(id)
                }
            }

            impl ExperimentId for $id {
                fn from_bench_id(id: BenchId) -> Option<Self> {
                    match id {
                        BenchId::$experiment(id) => Some(id),
                        _ => None,
                    }
                }
            }
        )+
    };
}

/// One experiment's id type, picked out of any [`BenchId`].
pub trait ExperimentId: Copy + Into<BenchId> + 'static {
    fn from_bench_id(id: BenchId) -> Option<Self>;
}

bench_ids!(
    Micro(MicroId),
    Compile(CompileId),
    Simulator(SimulatorId),
    NativeSim(NativeSimId),
    HitRateSweep(SweepId),
    HostCall(HostCallId),
    Payload(PayloadId),
    Lifecycle(LifecycleId),
    ColdStart(ColdStartId),
    Wasi(WasiId),
    Serve(ServeId),
    Sentinel(SentinelId),
    Ratio(RatioId),
);

impl BenchId {
    /// The engine the id ran on; `None` for what runs natively only.
    pub fn engine(&self) -> Option<EngineId> {
        match self {
            BenchId::Micro(id) => Some(id.group.engine),
            BenchId::Compile(id) => Some(EngineId::plain(id.group.backend)),
            BenchId::Simulator(id) => Some(id.group.engine),
            BenchId::HostCall(id) => Some(id.group.engine),
            BenchId::Payload(id) => id.case.backend().map(EngineId::plain),
            BenchId::Lifecycle(id) => Some(EngineId::plain(id.group.backend)),
            BenchId::ColdStart(id) => Some(id.group.engine),
            // As host calls: the native baseline is measured in each backend's group (it
            // draws from the kind of generator that backend's WASI uses).
            BenchId::Wasi(id) => Some(EngineId::plain(id.group.backend)),
            BenchId::Serve(id) => Some(EngineId::plain(id.group.backend)),
            BenchId::Sentinel(id) => match id.case {
                SentinelCase::Wasm(backend) => Some(EngineId::plain(backend)),
                SentinelCase::Native => None,
            },
            // A ratio is filed under its subject's engine (Wasmer's, for Wasmer over Wasmtime).
            BenchId::Ratio(id) => BenchId::from(id.subject).engine(),
            BenchId::NativeSim(_) | BenchId::HitRateSweep(_) => None,
        }
    }
}
