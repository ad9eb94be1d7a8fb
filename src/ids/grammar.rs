//! The grammar every benchmark id follows: `{experiment}/{host}/{factor}/.../{case}`.
//! What an id is ([`Id`] of a [`Group`] and a [`Case`]), the experiments that name
//! ids, the host profile every group starts with, how a factor is written as one
//! segment and read back ([`Segment`], [`find`]), and the macros the other id files
//! declare with (`spelled!`, `group!`).

use std::fmt;
use std::str::FromStr;

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

pub(super) fn error(text: &str, reason: impl Into<String>) -> ParseIdError {
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
pub(super) fn find<T: fmt::Display>(
    text: &str,
    what: &str,
    values: impl IntoIterator<Item = T>,
) -> Result<T, ParseIdError> {
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
// The host profile, every group's first factor.

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
pub(super) trait Segment: Sized {
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

/// A case read back by finding the one among every value (`$all`) whose spelling
/// matches; the error names `$what` and lists them.
macro_rules! listed_cases {
    ($ty:ty: $what:literal, $all:expr) => {
        impl Case for $ty {
            fn parse(text: &str) -> Result<Self, ParseIdError> {
                find(text, $what, $all)
            }
        }
    };
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
