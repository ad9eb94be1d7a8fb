//! Benchmark profiles: TOML files in `criterion-config/`, chosen with `BENCH_PROFILE`.
//!
//! A profile has a `[criterion]` table (Criterion's statistics settings) and a
//! `[workload]` table (what to run). Keys a profile leaves out take the `default`
//! profile's values, so a profile of your own holds only what it changes. Unknown keys,
//! wrong types and out-of-range values are errors that name the file and the key.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::guest::GuestOpt;
use crate::ids::{Metering, RatioId};
use crate::paired::DEFAULT_BLOCK;
use crate::paired::placement::Placement;
use crate::runtime::{Backend, CallMode, Limit};
use crate::workload::{GeneratorParams, TraceFile, TraceSource, deserialize_trace_file};
use crate::{Error, Result};

/// Environment variable naming the profile: a file stem in `criterion-config/`, or a
/// path to a `.toml` file.
pub const PROFILE_ENV: &str = "BENCH_PROFILE";
pub const DEFAULT_PROFILE: &str = "default";

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Where it was read from, for messages.
    #[serde(skip)]
    pub path: PathBuf,
    pub criterion: CriterionSettings,
    #[serde(default)]
    pub workload: Workload,
    /// How the benchmark process runs (`[process]`).
    #[serde(default)]
    pub process: ProcessSettings,
    /// The paired ratios (`[paired]`): the `ratio` bench target.
    #[serde(default)]
    pub paired: PairedSettings,
}

/// How the `ratio` bench target measures its paired ratios (`crate::paired`).
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PairedSettings {
    /// How long each side's block aims to take, in microseconds: long against the
    /// clock's cost, short against a burst of noise (tens of microseconds).
    pub block_microseconds: f64,
    /// Ratios to measure beyond the headline ones, as ratio ids
    /// (`ratio/{subject id}/over/{reference}`, as `cargo bench --bench ratio -- --list`
    /// prints them).
    #[serde(deserialize_with = "deserialize_ratio_ids")]
    pub extra: Vec<RatioId>,
    /// Where each sample is taken (`crate::paired::placement`): `"process"`, a fresh
    /// worker process per sample, or `"none"`, every sample in one.
    pub placement: Placement,
    /// Samples per ratio (Criterion's sample size for ratio groups): with `"process"`,
    /// the placements each ratio is measured in.
    pub samples: usize,
    /// How long a worker may take to build its sides, or to take one sample, before the
    /// run ends with an error naming the ratio.
    pub worker_timeout_seconds: f64,
}

impl Default for PairedSettings {
    fn default() -> Self {
        PairedSettings {
            block_microseconds: DEFAULT_BLOCK.as_secs_f64() * 1e6,
            extra: Vec::new(),
            placement: Placement::Process,
            samples: 12,
            worker_timeout_seconds: 300.0,
        }
    }
}

impl PairedSettings {
    pub fn block(&self) -> Duration {
        Duration::from_secs_f64(self.block_microseconds * 1e-6)
    }

    pub fn worker_timeout(&self) -> Duration {
        Duration::from_secs_f64(self.worker_timeout_seconds)
    }

    fn validate(&self) -> Result<(), String> {
        if !(10..=1000).contains(&self.samples) {
            return Err(format!(
                "[paired] samples = {} must lie between 10 (Criterion's least sample size) and 1000",
                self.samples
            ));
        }
        if !(self.worker_timeout_seconds.is_finite() && self.worker_timeout_seconds > 0.0) {
            return Err(format!(
                "[paired] worker_timeout_seconds = {} must be a positive number of seconds",
                self.worker_timeout_seconds
            ));
        }
        if !(self.block_microseconds.is_finite() && (1.0..=1_000_000.0).contains(&self.block_microseconds)) {
            return Err(format!(
                "[paired] block_microseconds = {} must lie between 1 and 1000000 (tens of microseconds suit most calls)",
                self.block_microseconds
            ));
        }
        Ok(())
    }
}

fn deserialize_ratio_ids<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> std::result::Result<Vec<RatioId>, D::Error> {
    let texts = Vec::<String>::deserialize(deserializer)?;
    texts.iter().map(|text| text.parse().map_err(serde::de::Error::custom)).collect()
}

/// `metering`: names (`"none"`, `"fuel"`, `"epoch"`), or the booleans of profiles written
/// before epochs were a factor (`false` none, `true` fuel).
fn deserialize_metering<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> std::result::Result<Vec<Metering>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Setting {
        Named(Metering),
        Switch(bool),
    }
    let settings = Vec::<Setting>::deserialize(deserializer).map_err(|_| {
        serde::de::Error::custom(
            "metering lists \"none\", \"fuel\" and/or \"epoch\" (false and true mean none and fuel)",
        )
    })?;
    Ok(settings
        .into_iter()
        .map(|setting| match setting {
            Setting::Named(metering) => metering,
            Setting::Switch(on) => {
                if on {
                    Metering::Fuel
                } else {
                    Metering::None
                }
            }
        })
        .collect())
}

/// How the benchmark process runs, beyond Criterion's statistics.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProcessSettings {
    /// The CPU the measuring thread is pinned to: `"last"` (the highest-numbered CPU,
    /// which on small VMs takes fewer interrupts than CPU 0), a CPU number, or `"off"`.
    /// Threads the runtimes start for compiling (rayon's pool) are created before the
    /// pinning and keep every CPU.
    pub pin_cpu: PinCpu,
}

impl Default for ProcessSettings {
    fn default() -> Self {
        ProcessSettings { pin_cpu: PinCpu::Last }
    }
}

/// Where to pin the measuring thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PinCpu {
    Off,
    Last,
    Cpu(usize),
}

impl std::str::FromStr for PinCpu {
    type Err = String;
    fn from_str(word: &str) -> std::result::Result<Self, String> {
        match word.trim() {
            "last" => Ok(PinCpu::Last),
            "off" => Ok(PinCpu::Off),
            other => other
                .parse()
                .map(PinCpu::Cpu)
                .map_err(|_| format!("pin_cpu = \"{word}\": give \"last\", \"off\" or a CPU number")),
        }
    }
}

impl<'de> Deserialize<'de> for PinCpu {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(usize),
            Word(String),
        }
        match Raw::deserialize(deserializer)? {
            Raw::Number(cpu) => Ok(PinCpu::Cpu(cpu)),
            Raw::Word(word) => word.parse().map_err(serde::de::Error::custom),
        }
    }
}

/// Environment variable that overrides the profile's `[process] pin_cpu` (as
/// `examples/repeat --pin-cpu` sets it): `last`, `off` or a CPU number.
pub const PIN_CPU_ENV: &str = "BENCH_PIN_CPU";

/// Criterion's settings, one key each (see Criterion's `Criterion` builder). Serialized
/// into the environment record a run saves beside its results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriterionSettings {
    /// Samples per benchmark (Criterion needs at least 10).
    pub sample_size: usize,
    pub warm_up_seconds: f64,
    pub measurement_seconds: f64,
    /// Of the confidence intervals reported, e.g. 0.95.
    pub confidence_level: f64,
    /// Relative change below which a difference to the baseline counts as noise.
    pub noise_threshold: f64,
    /// Of the test that a change to the baseline is real, e.g. 0.05.
    pub significance_level: f64,
    /// Samples for benchmarks whose one iteration takes milliseconds or more (compile,
    /// simulator), which also use flat sampling.
    #[serde(default = "default_long_sample_size")]
    pub long_sample_size: usize,
    /// Measurement time for those long benchmarks; `measurement_seconds` if absent.
    pub long_measurement_seconds: Option<f64>,
    /// Bootstrap resamples per analysis; fewer makes short runs finish sooner.
    #[serde(default = "default_resamples")]
    pub resamples: usize,
}

fn default_long_sample_size() -> usize {
    10
}

fn default_resamples() -> usize {
    100_000
}

/// What to run. Omitted keys take the defaults below (for lists: everything available).
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Workload {
    /// Backends (runtime and compiler, e.g. `wasmtime-cranelift`); those not compiled
    /// into this build are skipped with a notice.
    pub backends: Option<Vec<Backend>>,
    /// Guest optimisation levels for the micro and compile benchmarks.
    pub guest_opts: Option<Vec<GuestOpt>>,
    /// Guest optimisation levels for the simulator (the paper: release only).
    pub simulator_guest_opts: Vec<GuestOpt>,
    /// A trace file to simulate instead of generating one: `trace = "path"`, or a
    /// `[workload.trace]` table with `path`, `format`, `id_column`, `size_column`.
    #[serde(deserialize_with = "deserialize_trace_file")]
    pub trace: Option<TraceFile>,
    /// The generator's parameters (`[workload.generator]`), used without `trace`.
    pub generator: GeneratorParams,
    /// Simulated cache size in bytes (the paper: 4 MB).
    pub cache_size: i64,
    /// Requests per call of the batched ABI.
    pub batch_size: usize,
    /// How calls are limited, to see what each way costs: `"none"`, `"fuel"` (Wasmer's
    /// metering middleware, Wasmtime's and wasmi's fuel; ids say `{backend}-metered`)
    /// and/or `"epoch"` (Wasmtime's epoch interruption, a deadline per call; ids say
    /// `{backend}-epoch`; other runtimes skip it). `false`/`true` still mean none/fuel.
    #[serde(deserialize_with = "deserialize_metering")]
    pub metering: Vec<Metering>,
    /// The execution limit per call with fuel: wasm operators.
    pub fuel_per_call: u64,
    /// The deadline per call with epochs, in milliseconds (epoch ticks).
    pub deadline_milliseconds: u64,
    /// How the host calls the guest: `"sync"` and/or `"async"` (Wasmtime's `call_async`
    /// and async host functions, with the `async` feature; ids say `{backend}-async`;
    /// other runtimes skip it).
    pub calls: Vec<CallMode>,
    /// The simulator's scenarios on the interpreters (`wasmtime-pulley`, `wasmi`):
    /// `"all"`, or `"headline"` (native, Pair typed and dynamic, static Bytemuck and the
    /// batch, typed; the component's per-request call), because a whole trace takes an
    /// interpreter about a second per iteration.
    pub interpreter_scenarios: ScenarioSet,
}

/// Which of the simulator's scenarios a backend runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ScenarioSet {
    All,
    Headline,
}

impl Default for Workload {
    fn default() -> Self {
        Workload {
            backends: None,
            guest_opts: None,
            simulator_guest_opts: vec![GuestOpt::Release],
            trace: None,
            generator: GeneratorParams::default(),
            cache_size: 4 << 20,
            batch_size: 1024,
            metering: vec![Metering::None],
            fuel_per_call: 1_000_000_000,
            deadline_milliseconds: 10_000,
            calls: vec![CallMode::Sync],
            interpreter_scenarios: ScenarioSet::Headline,
        }
    }
}

impl Profile {
    /// The profile `BENCH_PROFILE` names, or `default`.
    pub fn from_env() -> Result<Profile> {
        let name = std::env::var(PROFILE_ENV).unwrap_or_default();
        let mut profile = Profile::load(if name.trim().is_empty() { DEFAULT_PROFILE } else { name.trim() })?;
        if let Ok(pin) = std::env::var(PIN_CPU_ENV) {
            profile.process.pin_cpu =
                pin.parse().map_err(|message: String| Error::Profile { path: PIN_CPU_ENV.into(), message })?;
        }
        Ok(profile)
    }

    /// Loads a profile by name (`criterion-config/NAME.toml`) or path (`*.toml`).
    pub fn load(name_or_path: &str) -> Result<Profile> {
        let path = if name_or_path.ends_with(".toml") || name_or_path.contains(std::path::MAIN_SEPARATOR) {
            PathBuf::from(name_or_path)
        } else {
            let path = profiles_dir().join(format!("{name_or_path}.toml"));
            if !path.is_file() {
                return Err(Error::UnknownProfile {
                    name: name_or_path.to_owned(),
                    dir: profiles_dir(),
                    available: available_profiles().join(", "),
                });
            }
            path
        };
        let text = fs::read_to_string(&path)
            .map_err(|e| Error::Profile { path: path.clone(), message: format!("cannot read the file: {e}") })?;
        Profile::parse(&text, &path)
    }

    /// Parses and validates profile text; `path` is only used in messages. Keys the text
    /// leaves out take the `default` profile's values.
    pub fn parse(text: &str, path: &Path) -> Result<Profile> {
        let fail = |message: String| Error::Profile { path: path.to_owned(), message };
        let toml_error = |e: toml::de::Error| fail(e.to_string().trim_end().to_owned());
        let own: toml::Table = toml::from_str(text).map_err(toml_error)?;
        let mut merged: toml::Table = toml::from_str(DEFAULT_PROFILE_TEXT).map_err(|e| {
            fail(format!("the default profile (criterion-config/{DEFAULT_PROFILE}.toml) does not parse: {e}"))
        })?;
        overlay(&mut merged, own);
        let mut profile: Profile = merged.try_into().map_err(toml_error)?;
        profile.path = path.to_owned();
        profile.criterion.validate().map_err(fail)?;
        profile.workload.validate().map_err(fail)?;
        profile.paired.validate().map_err(fail)?;
        Ok(profile)
    }

    /// The backends to run: those the profile asks for (all by default) that this build
    /// has. The second list holds the requested ones that are not compiled in.
    pub fn backends(&self) -> (Vec<Backend>, Vec<Backend>) {
        let wanted = self.workload.backends.clone().unwrap_or_else(|| Backend::ALL.to_vec());
        wanted.into_iter().partition(|b| b.is_compiled_in())
    }

    /// The per-call limit of each `metering` setting: `None` for none.
    pub fn metering(&self) -> Vec<Option<Limit>> {
        let workload = &self.workload;
        workload.metering.iter().map(|m| m.limit(workload.fuel_per_call, workload.deadline_milliseconds)).collect()
    }

    pub fn guest_opts(&self) -> Vec<GuestOpt> {
        self.workload.guest_opts.clone().unwrap_or_else(|| GuestOpt::ALL.to_vec())
    }
}

impl CriterionSettings {
    pub fn warm_up_time(&self) -> Duration {
        Duration::from_secs_f64(self.warm_up_seconds)
    }

    pub fn measurement_time(&self) -> Duration {
        Duration::from_secs_f64(self.measurement_seconds)
    }

    pub fn long_measurement_time(&self) -> Duration {
        Duration::from_secs_f64(self.long_measurement_seconds.unwrap_or(self.measurement_seconds))
    }

    /// Criterion asserts on these ranges (a panic); check them first and say which key.
    fn validate(&self) -> Result<(), String> {
        let open_unit = |key: &str, v: f64| {
            (v > 0.0 && v < 1.0)
                .then_some(())
                .ok_or(format!("[criterion] {key} = {v} must be between 0 and 1 (exclusive)"))
        };
        for (key, samples) in [("sample_size", self.sample_size), ("long_sample_size", self.long_sample_size)] {
            if samples < 10 {
                return Err(format!("[criterion] {key} = {samples} must be at least 10 (Criterion's minimum)"));
            }
        }
        for (key, seconds) in [
            ("warm_up_seconds", self.warm_up_seconds),
            ("measurement_seconds", self.measurement_seconds),
            ("long_measurement_seconds", self.long_measurement_seconds.unwrap_or(self.measurement_seconds)),
        ] {
            if !(seconds.is_finite() && seconds > 0.0 && seconds < 86_400.0) {
                return Err(format!("[criterion] {key} = {seconds} must be a positive number of seconds"));
            }
        }
        if self.resamples == 0 {
            return Err("[criterion] resamples must be at least 1".into());
        }
        open_unit("confidence_level", self.confidence_level)?;
        open_unit("significance_level", self.significance_level)?;
        if !(self.noise_threshold.is_finite() && self.noise_threshold >= 0.0) {
            return Err(format!("[criterion] noise_threshold = {} must be zero or positive", self.noise_threshold));
        }
        Ok(())
    }
}

impl Workload {
    /// The simulator's trace source: the file, if `trace` is set, else the generator.
    pub fn trace_source(&self) -> TraceSource {
        match &self.trace {
            Some(file) => TraceSource::File(file.clone()),
            None => TraceSource::Generated(self.generator.clone()),
        }
    }

    fn validate(&self) -> Result<(), String> {
        if self.cache_size <= 0 {
            return Err(format!("[workload] cache_size = {} must be at least 1 byte", self.cache_size));
        }
        if self.batch_size == 0 {
            return Err("[workload] batch_size must be at least 1".into());
        }
        if self.metering.is_empty() {
            return Err("[workload] metering is empty: list \"none\", \"fuel\" and/or \"epoch\"".into());
        }
        if self.fuel_per_call == 0 {
            return Err("[workload] fuel_per_call must be at least 1".into());
        }
        if self.calls.is_empty() {
            return Err("[workload] calls is empty: list \"sync\" and/or \"async\"".into());
        }
        if self.deadline_milliseconds == 0 {
            return Err("[workload] deadline_milliseconds must be at least 1".into());
        }
        if self.simulator_guest_opts.is_empty() {
            return Err("[workload] simulator_guest_opts is empty: list release, debug or both".into());
        }
        if let Err(e) = self.generator.validate() {
            return Err(e.to_string().replacen("[workload] ", "[workload.generator] ", 1));
        }
        if self.backends.as_ref().is_some_and(Vec::is_empty) {
            let names: Vec<&str> = Backend::ALL.iter().map(|b| b.name()).collect();
            return Err(format!("[workload] backends is empty: list at least one of {}", names.join(", ")));
        }
        if self.guest_opts.as_ref().is_some_and(Vec::is_empty) {
            return Err("[workload] guest_opts is empty: list release, debug or both".into());
        }
        Ok(())
    }
}

/// The `default` profile, which fills in the keys any other profile leaves out.
const DEFAULT_PROFILE_TEXT: &str = include_str!("../criterion-config/default.toml");

/// Writes `own`'s keys over `base`'s; tables present in both are overlaid key by key.
fn overlay(base: &mut toml::Table, own: toml::Table) {
    for (key, value) in own {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(base_table)), toml::Value::Table(own_table)) => overlay(base_table, own_table),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// `criterion-config/` in the source tree.
pub fn profiles_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("criterion-config")
}

/// Names of the profiles shipped in `criterion-config/`, sorted.
pub fn available_profiles() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(profiles_dir())
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.strip_suffix(".toml").map(str::to_owned))
        .collect();
    names.sort();
    names
}
