//! The paired measurement inside Criterion: a `Measurement` whose value is a ratio, so
//! Criterion's statistics (bootstrap intervals, outliers, `--save-baseline`,
//! `--baseline`, the HTML report) apply to the ratio itself. The arithmetic (blocks,
//! alternation, the median of the rounds' ratios) is `wasm_script_bench::paired`, and
//! the placements the samples are taken in, and the worker protocol, are its
//! `placement`: this file puts them between Criterion and the bench target's sides.

use std::collections::HashMap;
use std::process::Command;
use std::time::Duration;

use criterion::measurement::{Measurement, ValueFormatter};
use criterion::{BenchmarkGroup, SamplingMode, Throughput};
use indicatif::{ProgressBar, ProgressStyle};
use wasm_script_bench::ids::RatioId;
use wasm_script_bench::paired::placement::{self, WORKER_ENV, Worker, shift_memory};
use wasm_script_bench::paired::{self, Blocks};
use wasm_script_bench::profile::{PairedSettings, Profile};

/// A subject's time per call over its reference's, both measured in the same rounds.
///
/// The samples are taken before Criterion runs (in passes over the ratios, each in a
/// fresh worker: `take_samples`); Criterion gets each as its value per iteration times
/// the iterations it asked for, so its per-iteration value is the ratio.
pub struct Ratio;

impl Measurement for Ratio {
    type Intermediate = ();
    type Value = f64;

    fn start(&self) {}

    fn end(&self, _: ()) -> f64 {
        // Only reachable by timing one routine (`b.iter`) in a ratio group: a ratio needs
        // two sides, which only `bench_ratio` gives it. A programming error in a bench.
        panic!("a paired ratio is measured with common::paired::bench_ratio, not b.iter")
    }

    fn add(&self, v1: &f64, v2: &f64) -> f64 {
        v1 + v2
    }

    fn zero(&self) -> f64 {
        0.0
    }

    fn to_f64(&self, value: &f64) -> f64 {
        *value
    }

    fn formatter(&self) -> &dyn ValueFormatter {
        &RatioFormatter
    }
}

/// Prints a ratio as `3.2104 x`: unscaled, whatever its size.
struct RatioFormatter;

impl ValueFormatter for RatioFormatter {
    fn scale_values(&self, _typical: f64, _values: &mut [f64]) -> &'static str {
        "x"
    }

    fn scale_throughputs(&self, _typical: f64, _throughput: &Throughput, _values: &mut [f64]) -> &'static str {
        // Ratio groups declare no throughput: a ratio has no work per second.
        "x"
    }

    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "ratio"
    }
}

/// What Criterion is asked to do in this process, as its arguments say.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `--list`: no sample is taken.
    List,
    /// `--test`: one short sample per ratio, to check that every side builds and runs.
    Test,
    Measure,
}

impl Mode {
    pub fn of_arguments() -> Mode {
        let args: Vec<String> = std::env::args().skip(1).collect();
        if args.iter().any(|a| a == "--list") {
            Mode::List
        } else if args.iter().any(|a| a == "--test") {
            Mode::Test
        } else {
            Mode::Measure
        }
    }
}

/// Every sample of every ratio in `ratios`, taken in passes (`placement::take_in_passes`):
/// pass k takes sample k of each ratio in a fresh worker process, so a ratio's samples
/// span the run's placements and seconds. `duration(ratio)` is one sample's time. Shows
/// progress; a worker that fails ends the run with one line naming its ratio.
pub fn take_samples(
    ratios: &[RatioId],
    settings: &PairedSettings,
    mode: Mode,
    duration: impl Fn(RatioId) -> Duration,
) -> HashMap<RatioId, Vec<f64>> {
    let (samples, duration): (usize, Box<dyn Fn(RatioId) -> Duration>) = match mode {
        Mode::List => return HashMap::new(),
        Mode::Test => (1, Box::new(|_| Duration::from_millis(1))),
        Mode::Measure => (settings.samples, Box::new(duration)),
    };
    let progress = ProgressBar::new((ratios.len() * samples) as u64);
    if let Ok(style) = ProgressStyle::with_template("{msg} {wide_bar} {pos}/{len} samples, {eta} left") {
        progress.set_style(style);
    }
    progress.set_message(format!("{} ratios x {samples} placements", ratios.len()));
    let timeout = settings.worker_timeout();
    let taken = placement::take_in_passes(
        ratios,
        samples,
        settings.placement,
        super::repetition(),
        |ratio| Worker::start(worker_command(ratio), ratio, timeout),
        duration,
        |done| progress.set_position(done as u64),
    );
    progress.finish_and_clear();
    let taken = super::or_fail(taken, "paired");
    ratios.iter().copied().zip(taken).collect()
}

/// Hands `samples`, taken before, to Criterion as `ratio`'s samples, in the order they
/// were taken, so that its statistics, baselines and report apply to them. The group
/// samples flat, with one sample per placement (`group_for_samples`).
pub fn bench_ratio(group: &mut BenchmarkGroup<Ratio>, ratio: RatioId, samples: &[f64]) {
    if samples.is_empty() {
        // `--list`: Criterion names the benchmark without calling it.
        group.bench_function(ratio.function(), |b| b.iter_custom(|_| 0.0));
        return;
    }
    let mut next = samples.iter().cycle();
    group.bench_function(ratio.function(), |b| {
        // Criterion's one warm-up call takes the first sample and drops it; its samples
        // then take all of them, the first last. A sample's value is its ratio per
        // iteration (Criterion divides by the count it chose).
        b.iter_custom(|iterations| next.next().copied().unwrap_or(f64::NAN) * iterations as f64)
    });
}

/// Sets `group` to take its samples as `bench_ratio` hands them over: flat sampling of
/// one sample per placement, and Criterion's own warm-up and sampling time as short as
/// it allows, since the samples were taken before (its wall-clock time is not what a
/// ratio measures).
pub fn group_for_samples(group: &mut BenchmarkGroup<Ratio>, samples: usize) {
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(samples)
        .warm_up_time(Duration::from_nanos(1))
        .measurement_time(Duration::from_millis(1));
}

/// This binary, started as the worker for `ratio`: the profile and the rest of the
/// environment are inherited, Criterion's arguments are not.
fn worker_command(ratio: RatioId) -> Command {
    let exe = super::or_fail(std::env::current_exe(), "the bench binary's path");
    let mut command = Command::new(exe);
    command.env(WORKER_ENV, ratio.to_string());
    command
}

/// The ratio this process measures as a placement worker, if it is one.
pub fn worker_ratio() -> Option<Result<RatioId, String>> {
    let text = std::env::var(WORKER_ENV).ok()?;
    Some(text.parse::<RatioId>().map_err(|e| format!("{WORKER_ENV}=`{text}` is not a ratio id: {e}")))
}

/// The worker's whole life: builds the two sides with `build` in a placement of its own
/// (the CPUs widened again, its memory shifted, the measuring thread pinned as the
/// profile says), sizes the blocks, warms both sides, then takes the samples its parent
/// asks for (`placement::serve`) and exits.
pub fn serve_as_worker(
    ratio: Result<RatioId, String>,
    build: impl FnOnce(RatioId, &Profile) -> Result<(Side, Side), String>,
) -> ! {
    widen_affinity();
    let _memory = shift_memory();
    let sides = ratio.and_then(|ratio| {
        let profile = Profile::from_env().map_err(|e| e.to_string())?;
        super::pin(profile.process.pin_cpu);
        let (mut subject, mut reference) = build(ratio, &profile)?;
        let blocks = Blocks::calibrate(&mut subject, &mut reference, profile.paired.block());
        // A few rounds before the sample: a fresh process's first rounds fault in code
        // and data, as a warm-up would.
        paired::sample(&mut subject, &mut reference, blocks, WARM_ROUNDS);
        Ok(move |duration| paired::sample_for(&mut subject, &mut reference, blocks, duration))
    });
    let served = placement::serve(sides, std::io::stdin().lock(), std::io::stdout().lock());
    std::process::exit(if served.is_ok() { 0 } else { 1 })
}

/// Rounds a worker runs before it says it is ready.
const WARM_ROUNDS: u64 = 16;

/// One side of a ratio, ready to call: it owns its instance, and each call does the
/// side's work once (one guest call, one trace, one request, one transfer).
pub type Side = Box<dyn FnMut()>;

/// Lets this process run on every CPU again. A worker inherits the affinity of the
/// parent's pinned measuring thread; it widens it before rayon's pool starts, so that
/// compiling keeps both CPUs, and then pins its own measuring thread as the parent did.
fn widen_affinity() {
    // SAFETY: a zeroed cpu_set_t is the empty set, CPU_SET writes inside it, and
    // sched_setaffinity reads it; the kernel ignores CPUs that are not there.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        for cpu in 0..libc::CPU_SETSIZE as usize {
            libc::CPU_SET(cpu, &mut set);
        }
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
    }
}
