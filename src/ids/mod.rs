//! The study's ids: every benchmark id as typed fields, printed and parsed in this
//! module and nowhere else.
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
//!
//! Its files, each on the ones before it: `grammar` (what an id is, the experiments,
//! how a segment is written and read), `factors` (each factor's spelling), `groups`
//! (each experiment's group, case and id type), and this file, the registry: any id
//! ([`BenchId`]) and the paired ratios' sides ([`RatioSide`], [`RatioId`]).

use std::fmt;
use std::str::FromStr;

// The factors an id is made of that no experiment owns (the ABI's, the guest's), for
// code that reads ids, such as the report, without reaching into the floors that
// define them.
pub use crate::abi::{Abi, CallStyle, Loading, Lookup, Memory};
pub use crate::guest::GuestOpt;
use crate::runtime::Backend;
pub use crate::runtime::{CallMode, Concurrency};

#[macro_use]
mod grammar;
mod factors;
mod groups;

pub use factors::*;
use grammar::error;
pub use grammar::{Case, Experiment, Group, HostProfile, Id, ParseIdError};
pub use groups::*;

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
        BenchId::from(*self).engine()
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
