// Each bench target uses its own part of this module.
#![allow(dead_code)]

//! What every benchmark target shares: the profile, Criterion built from it, the engines
//! a group runs on, and how a setup failure ends the run.

use std::fmt::Display;

use criterion::Criterion;
use wasm_script_bench::guest::GuestOpt;
use wasm_script_bench::ids::{EngineId, HostProfile};
use wasm_script_bench::profile::Profile;
use wasm_script_bench::runtime::Backend;

/// The profile `BENCH_PROFILE` names; a bad one ends the run with its message.
pub fn profile() -> Profile {
    Profile::from_env().unwrap_or_else(|e| fail(e))
}

/// Criterion configured from the profile, then from the command line (which wins).
pub fn criterion(profile: &Profile) -> Criterion {
    let settings = &profile.criterion;
    Criterion::default()
        .sample_size(settings.sample_size)
        .warm_up_time(settings.warm_up_time())
        .measurement_time(settings.measurement_time())
        .confidence_level(settings.confidence_level)
        .noise_threshold(settings.noise_threshold)
        .significance_level(settings.significance_level)
        .nresamples(settings.resamples)
        .configure_from_args()
}

/// The backends to run, with a notice for those the profile wants but this build lacks.
pub fn backends(profile: &Profile) -> Vec<Backend> {
    let (run, missing) = profile.backends();
    for backend in missing {
        let feature = backend.feature();
        eprintln!("note: skipping the {backend} backend: not compiled in (build with `--features {feature}`)");
    }
    run
}

/// One engine a group runs on: a backend, the guest's opt level, and the execution limit
/// per call (`None`: unmetered).
#[derive(Clone, Copy, Debug)]
pub struct EngineConfig {
    pub backend: Backend,
    pub opt: GuestOpt,
    pub fuel: Option<u64>,
}

impl EngineConfig {
    /// How ids name the engine: the backend, `-metered` with a limit.
    pub fn id(&self) -> EngineId {
        EngineId::new(self.backend, self.fuel)
    }
}

/// Every backend x guest opt x execution limit the profile asks for, in that order (as
/// Wasmtime's own `benches/call.rs` iterates its `engines()`): `opts` are the guest
/// levels the experiment runs, `fuels` its metering settings.
pub fn engines(profile: &Profile, opts: &[GuestOpt], fuels: &[Option<u64>]) -> Vec<EngineConfig> {
    let mut engines = Vec::new();
    for backend in backends(profile) {
        for &opt in opts {
            for &fuel in fuels {
                engines.push(EngineConfig { backend, opt, fuel });
            }
        }
    }
    engines
}

/// How the host itself was built (`cargo bench` or `cargo bench --profile dev`).
pub fn host() -> HostProfile {
    HostProfile::current()
}

/// Ends the run with one clear message, no backtrace.
pub fn fail(error: impl Display) -> ! {
    eprintln!("error: {error}");
    std::process::exit(1)
}

/// The value, or the end of the run with `context: error`.
pub fn or_fail<T, E: Display>(result: Result<T, E>, context: impl Display) -> T {
    result.unwrap_or_else(|e| fail(format!("{context}: {e}")))
}
