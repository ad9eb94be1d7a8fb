//! What every benchmark target shares: the profile, Criterion built from it, the record
//! of the run's environment, the host profile in ids, and how a setup failure ends the run.

use std::fmt::Display;

use criterion::Criterion;
use wasm_script_bench::environment::{self, Environment};
use wasm_script_bench::profile::Profile;
use wasm_script_bench::runtime::Backend;

/// The profile `BENCH_PROFILE` names; a bad one ends the run with its message.
pub fn profile() -> Profile {
    Profile::from_env().unwrap_or_else(|e| fail(e))
}

/// Criterion configured from the profile, then from the command line (which wins); the
/// run's environment is recorded beside the results it will save.
pub fn criterion(profile: &Profile) -> Criterion {
    let settings = &profile.criterion;
    let criterion = Criterion::default()
        .sample_size(settings.sample_size)
        .warm_up_time(settings.warm_up_time())
        .measurement_time(settings.measurement_time())
        .confidence_level(settings.confidence_level)
        .noise_threshold(settings.noise_threshold)
        .significance_level(settings.significance_level)
        .nresamples(settings.resamples)
        .configure_from_args();
    // After configure_from_args: `--help` and bad arguments have ended the run by now.
    record_environment(profile);
    criterion
}

/// Writes the environment record for each baseline this run saves results to
/// (`<criterion dir>/environment/<baseline>/<target>.json`); nothing for runs that save
/// none (`--list`, `--test`, ...). A failure is a warning: the measurements matter more.
fn record_environment(profile: &Profile) {
    let args: Vec<String> = std::env::args_os().skip(1).map(|arg| arg.to_string_lossy().into_owned()).collect();
    // Under cargo-criterion, Criterion saves nothing itself; cargo-criterion keeps its own.
    if std::env::var_os("CARGO_CRITERION_PORT").is_some() {
        return;
    }
    let baselines = environment::recorded_baselines(&args);
    if baselines.is_empty() {
        return;
    }
    let exe = std::env::current_exe().unwrap_or_default();
    let record = Environment::capture(profile, &environment::bench_target_name(&exe));
    let dir = environment::criterion_dir();
    if let Some(error) = baselines.iter().find_map(|baseline| record.save(&dir, baseline).err()) {
        eprintln!("warning: {error}");
    }
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

/// `release` or `debug`: how the host itself was built (`cargo bench` vs
/// `cargo bench --profile dev`), the paper's Release/Debug factor.
pub fn host_profile() -> &'static str {
    if cfg!(debug_assertions) { "host-debug" } else { "host-release" }
}

/// Ends the run with one clear message, no backtrace.
pub fn fail(error: impl Display) -> ! {
    eprintln!("error: {error}");
    std::process::exit(1)
}

/// The value, or the end of the run with `context: error`.
pub fn or_fail<T, E: Display>(result: Result<T, E>, context: &str) -> T {
    result.unwrap_or_else(|e| fail(format!("{context}: {e}")))
}
