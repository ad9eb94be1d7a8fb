// Each bench target uses its own part of this module.
#![allow(dead_code)]

//! What every benchmark target shares: the profile, Criterion built from it, the record
//! of the run's environment, the engines a group runs on, the run's order and pinning, the
//! drift sentinel at both ends, and how a setup failure ends the run.

pub mod coldstart;
pub mod paired;

/// The same padding the library has (`wasm_script_bench::layout`), so that a layout seed
/// moves the bench targets' own code (the closures around each call) as well.
mod layout {
    include!(concat!(env!("OUT_DIR"), "/layout.rs"));
}

use std::fmt::Display;
use std::hint::black_box;
use std::time::Instant;

use criterion::Criterion;
use rand::SeedableRng;
use rand::seq::SliceRandom;
use wasm_script_bench::MultiplyParams;
use wasm_script_bench::abi::MultiplyAbi;
use wasm_script_bench::environment::{self, Environment};
use wasm_script_bench::experiments::micro::{Held, MicroConfig};
use wasm_script_bench::guest::{self, GuestModule, GuestOpt};
use wasm_script_bench::ids::{EngineId, Experiment, HostProfile, Metering, Position, SentinelCase, SentinelGroup};
use wasm_script_bench::profile::{PinCpu, Profile};
use wasm_script_bench::report;
use wasm_script_bench::runtime::engine::{Compiled, CompiledGuest, Engine, OnRuntime};
use wasm_script_bench::runtime::{Backend, CallMode, EngineOptions, Limit, Runtime};

/// Which repetition of a repeated run this process is (set by `examples/repeat`); 0, or
/// unset, for a plain `cargo bench`.
pub const REPETITION_ENV: &str = "BENCH_REPETITION";

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

/// One bench target's run: Criterion set up from the profile, the measuring thread
/// pinned as the profile says, and the sentinel measured before the target's groups.
pub struct Run {
    pub criterion: Criterion,
    pub profile: Profile,
    target: Experiment,
    /// The CPU the measuring thread runs on, if pinned.
    pub pinned: Option<usize>,
    /// Whether this run saves results (not `--list`, `--test`, ...): then it ends by
    /// writing the summary.
    saves: bool,
    started: Instant,
}

impl Run {
    pub fn start(target: Experiment) -> Run {
        let started = Instant::now();
        let profile = profile();
        let criterion = criterion(&profile);
        // Only runs that save results get a record (not `--list`, `--test`, ...). It is
        // captured before the pinning, which narrows what this process sees to one CPU,
        // and written after it (and after configure_from_args: `--help` and bad
        // arguments have ended the run by now), so it says which CPU measured.
        let baselines = baselines_to_record();
        let record = (!baselines.is_empty())
            .then(|| Environment::capture(&profile, &environment::bench_target_name(&exe_path())));
        let pinned = pin(profile.process.pin_cpu);
        let saves = record.is_some();
        if let Some(mut record) = record {
            record.pinned_cpu = pinned;
            record.repetition = repetition();
            save_environment(&record, &baselines);
        }
        let mut run = Run { criterion, profile, target, pinned, saves, started };
        run.sentinel(Position::Start);
        run
    }

    /// The sentinel again, Criterion's summary, then (in a run that saves results) the
    /// study's summary from everything `target/criterion` holds, and the time taken.
    pub fn finish(mut self) {
        self.sentinel(Position::End);
        self.criterion.final_summary();
        if !self.saves {
            return;
        }
        let dir = environment::criterion_dir();
        // The hit-rate figure is the report's to simulate (`examples/report`): a bench
        // target writes what it measured, in seconds.
        match report::write_baseline_report(&dir, "new", &dir.join("summary"), false) {
            Ok(output) => eprintln!("summary: {}", output.dir.join("index.html").display()),
            Err(e) => eprintln!("warning: the summary was not written: {e}"),
        }
        let elapsed = self.started.elapsed().as_secs();
        eprintln!("{}: finished in {} min {:02} s", self.target, elapsed / 60, elapsed % 60);
    }

    /// The same two references at each end of every target: the native multiplication,
    /// and the cached typed Pair call into the multiply guest on the first backend the
    /// profile runs. Their change from start to end is the drift the run saw.
    fn sentinel(&mut self, position: Position) {
        let group_id = SentinelGroup { host: host(), target: self.target, position };
        let mut group = self.criterion.benchmark_group(group_id.to_string());
        group.bench_function(SentinelCase::Native.to_string(), |b| b.iter(|| black_box(SENTINEL_ARGS).product()));
        if let Some(&backend) = self.profile.backends().0.first() {
            let compiled = or_fail(CompiledGuest::compile(backend, &guest::MULTIPLY, GuestOpt::Release), "sentinel");
            compiled.on_runtime(SentinelCall { group: &mut group, backend });
        }
        group.finish();
    }
}

const SENTINEL_ARGS: MultiplyParams = MultiplyParams { x: 46_341, y: -46_341 };

struct SentinelCall<'a, 'g> {
    group: &'a mut criterion::BenchmarkGroup<'g, criterion::measurement::WallTime>,
    backend: Backend,
}

impl OnRuntime for SentinelCall<'_, '_> {
    type Output = ();
    fn run<R: Runtime>(self, compiled: &Compiled<R>) {
        let config = MicroConfig::CACHED_TYPED_PAIR;
        let case = SentinelCase::Wasm(self.backend);
        let Held::Local(mut object) = or_fail(config.build_on(compiled), case) else {
            fail(format!("{case}: the sentinel's configuration is held locally"))
        };
        object.prepare(SENTINEL_ARGS.x, SENTINEL_ARGS.y);
        if or_fail(object.call(), case) != SENTINEL_ARGS.product() {
            fail(format!("{case}: the sentinel's guest multiplies wrongly"));
        }
        self.group.bench_function(case.to_string(), |b| b.iter(|| or_fail(object.call(), case)));
    }
}

/// The baselines this run saves results to; none for `--list`, `--test`, ... and under
/// cargo-criterion (Criterion saves nothing itself there; cargo-criterion keeps its own).
fn baselines_to_record() -> Vec<String> {
    if std::env::var_os("CARGO_CRITERION_PORT").is_some() {
        return Vec::new();
    }
    let args: Vec<String> = std::env::args_os().skip(1).map(|arg| arg.to_string_lossy().into_owned()).collect();
    environment::recorded_baselines(&args)
}

/// Writes the record for each baseline (`<criterion dir>/environment/<baseline>/<target>.json`).
/// A failure is a warning: the measurements matter more.
fn save_environment(record: &Environment, baselines: &[String]) {
    let dir = environment::criterion_dir();
    if let Some(error) = baselines.iter().find_map(|baseline| record.save(&dir, baseline).err()) {
        eprintln!("warning: {error}");
    }
}

fn exe_path() -> std::path::PathBuf {
    std::env::current_exe().unwrap_or_default()
}

/// Pins the calling (measuring) thread; returns the CPU, or `None` when off or refused
/// (then a notice says why and the run goes on unpinned).
fn pin(setting: PinCpu) -> Option<usize> {
    // The runtimes compile on rayon's global pool: start it first, so its threads keep
    // every CPU (threads inherit the affinity of the thread that creates them).
    let _ = rayon::current_num_threads();
    let cores = core_affinity::get_core_ids().unwrap_or_default();
    let core = match setting {
        PinCpu::Off => return None,
        PinCpu::Last => cores.iter().max_by_key(|c| c.id).copied(),
        PinCpu::Cpu(cpu) => cores.iter().find(|c| c.id == cpu).copied(),
    };
    match core {
        Some(core) if core_affinity::set_for_current(core) => Some(core.id),
        _ => {
            let ids: Vec<usize> = cores.iter().map(|c| c.id).collect();
            eprintln!("note: not pinned ([process] pin_cpu = {setting:?}; CPUs this process may use: {ids:?})");
            None
        }
    }
}

/// This process's repetition (`BENCH_REPETITION`); 0 when not repeated.
pub fn repetition() -> u64 {
    std::env::var(REPETITION_ENV).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(0)
}

/// `items` in the order this repetition measures them: as given for a plain run, and
/// shuffled with the repetition number as the seed otherwise, so that across
/// repetitions drift favours no configuration.
pub fn run_order<T>(mut items: Vec<T>) -> Vec<T> {
    let seed = repetition();
    if seed != 0 {
        items.shuffle(&mut rand::rngs::StdRng::seed_from_u64(seed));
    }
    items
}

/// The backends to run, in this repetition's order, with a notice for those the profile
/// wants but this build lacks.
pub fn backends(profile: &Profile) -> Vec<Backend> {
    let (run, missing) = profile.backends();
    for backend in missing {
        let feature = backend.feature();
        eprintln!("note: skipping the {backend} backend: not compiled in (build with `--features {feature}`)");
    }
    run_order(run)
}

/// One engine a group runs on: a backend, the guest's opt level, and the execution limit
/// per call (`None`: unmetered).
#[derive(Clone, Copy, Debug)]
pub struct EngineConfig {
    pub backend: Backend,
    pub opt: GuestOpt,
    pub limit: Option<Limit>,
    pub calls: CallMode,
}

impl EngineConfig {
    /// How ids name the engine: the backend, `-metered` with fuel, `-epoch` with a
    /// deadline, `-async` called async.
    pub fn id(&self) -> EngineId {
        EngineId { calls: self.calls, ..EngineId::new(self.backend, self.limit) }
    }

    /// Whether this is the plain engine: no limit, sync calls.
    pub fn is_plain(&self) -> bool {
        self.id() == EngineId::plain(self.backend)
    }

    pub fn options(&self) -> EngineOptions {
        EngineOptions { limit: self.limit, calls: self.calls, ..EngineOptions::default() }
    }

    /// A fresh engine set up as this says.
    pub fn engine(&self) -> Engine {
        Engine::with_options(self.backend, self.options()).unwrap_or_else(|e| fail(e))
    }

    /// `guest` compiled (at this opt level) by a fresh engine set up as this says.
    pub fn compile(&self, guest: &GuestModule) -> CompiledGuest {
        CompiledGuest::compile_in(&self.engine(), guest, self.opt).unwrap_or_else(|e| fail(e))
    }
}

/// Every backend x guest opt x execution limit x call mode the profile asks for, in
/// that order (as Wasmtime's own `benches/call.rs` iterates its `engines()`): `opts` are
/// the guest levels the experiment runs, `limits` its metering settings. A backend
/// that cannot limit or call some way (epochs and async calls are Wasmtime's) skips
/// it, saying so once; so does a build without the `async` feature.
pub fn engines(profile: &Profile, opts: &[GuestOpt], limits: &[Option<Limit>]) -> Vec<EngineConfig> {
    let mut engines = Vec::new();
    for &calls in &profile.workload.calls {
        if !calls.compiled_in() {
            eprintln!("note: skipping calls = \"{calls}\": not compiled in (build with `--features {calls}`)");
        }
    }
    for backend in backends(profile) {
        let (runs, cannot): (Vec<Option<Limit>>, Vec<Option<Limit>>) =
            limits.iter().partition(|l| Metering::of(**l).runs_on(backend));
        for limit in cannot {
            let metering = Metering::of(limit);
            eprintln!("note: {backend} skips metering = \"{metering}\": its runtime cannot limit a call that way");
        }
        let (modes, cannot): (Vec<CallMode>, Vec<CallMode>) =
            profile.workload.calls.iter().copied().filter(|c| c.compiled_in()).partition(|c| c.runs_on(backend));
        for calls in cannot {
            eprintln!("note: {backend} skips calls = \"{calls}\": its runtime has no such call path");
        }
        for &opt in opts {
            for &limit in &runs {
                for &calls in &modes {
                    engines.push(EngineConfig { backend, opt, limit, calls });
                }
            }
        }
    }
    engines
}

/// The plain engine (no limit, sync calls) of every backend the profile runs, at each
/// of `opts`: for the experiments whose ids name the backend, not the engine (payload,
/// lifecycle, wasi), so that a profile varying the engine settings (`metering`) cannot
/// give two of their benchmarks one id.
pub fn plain_engines(profile: &Profile, opts: &[GuestOpt]) -> Vec<EngineConfig> {
    let backends = backends(profile);
    let plain =
        |backend| opts.iter().map(move |&opt| EngineConfig { backend, opt, limit: None, calls: CallMode::Sync });
    backends.into_iter().flat_map(plain).collect()
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

/// Criterion's options that take a value (`--baseline NAME`, ...): the words after them
/// are not the filter.
const OPTIONS_WITH_VALUES: [&str; 16] = [
    "--save-baseline",
    "-s",
    "--baseline",
    "-b",
    "--baseline-lenient",
    "--load-baseline",
    "--profile-time",
    "--sample-size",
    "--warm-up-time",
    "--measurement-time",
    "--nresamples",
    "--noise-threshold",
    "--confidence-level",
    "--significance-level",
    "--color",
    "--format",
];

/// The filter given on the command line (`cargo bench -- REGEX`), as Criterion reads it;
/// `None` without one. A bad regex ends the run, as it would in Criterion.
pub fn filter_argument() -> Option<regex::Regex> {
    let mut args = std::env::args().skip(1);
    let mut exact = false;
    let mut filter = None;
    while let Some(arg) = args.next() {
        if OPTIONS_WITH_VALUES.contains(&arg.as_str()) {
            args.next();
        } else if arg == "--exact" {
            exact = true;
        } else if !arg.starts_with('-') && filter.is_none() {
            filter = Some(arg);
        }
    }
    let pattern = filter?;
    let pattern = if exact { format!("^{}$", regex::escape(&pattern)) } else { pattern };
    Some(or_fail(regex::Regex::new(&pattern), format!("the filter `{pattern}`")))
}
