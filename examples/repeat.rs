//! Repetition across processes: runs `cargo bench` N times, each run a fresh process
//! saved as its own Criterion baseline `NAME-1` .. `NAME-N`, each measuring its
//! configurations in a different order (shuffled with the run's number as the seed).
//! One process's confidence interval describes the noise inside that process only; the
//! spread between processes is what a finding must survive.
//!
//!     cargo run --release --example repeat -- --runs 5 --name dev
//!     cargo run --release --example repeat -- --runs 5 --name dev --features wasmtime -- 'guest-release/pair'
//!     cargo run --release --example report -- --runs dev      # the merged report
//!
//! The drift sentinel (`sentinel/...` ids) is always measured, whatever the filter.
//!
//! `--layouts K` repeats the runs over K code layouts: each layout is a rebuild of the
//! suite's own crate with the layout seed `BENCH_LAYOUT_SEED` (build.rs pads the code
//! differently for each seed), so the merged report's between-run interval spans
//! layouts as well as processes:
//!
//!     cargo run --release --example repeat -- --layouts 5 --runs 1 --name lay --bench ratio

use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use clap::Parser;

/// Runs `cargo bench` several times, one saved baseline per run.
#[derive(Parser, Debug)]
#[command(version, about, long_about = None)]
struct Args {
    /// How many runs (processes); 5 or more for a between-run interval worth reading.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=100))]
    runs: u32,
    /// Baselines are saved as NAME-1 .. NAME-N.
    #[arg(long, default_value = "repeat")]
    name: String,
    /// The number of the first run (to interleave two settings, or add runs later).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    start: u32,
    /// Cargo features to build with, e.g. `wasmtime` or `llvm,wasmtime`.
    #[arg(long)]
    features: Option<String>,
    /// Only these bench targets, comma-separated (micro, compile, simulator, hostcall,
    /// payload, lifecycle, coldstart, ratio).
    #[arg(long, value_delimiter = ',')]
    bench: Vec<String>,
    /// The benchmark profile (BENCH_PROFILE); default: the environment's, else `default`.
    #[arg(long)]
    profile: Option<String>,
    /// Overrides the profile's `[process] pin_cpu`: `last`, `off` or a CPU number.
    #[arg(long)]
    pin_cpu: Option<String>,
    /// Repeat the runs over this many code layouts (layout seeds `--first-layout` ..),
    /// each a rebuild of the suite's own crate; 0 keeps the build as it is.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=100))]
    layouts: u32,
    /// The first layout seed (to make a second, independent batch of layouts).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    first_layout: u64,
    /// Criterion's id filter (a regex), as after `cargo bench --`.
    filter: Option<String>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    if args.name.is_empty() || args.name.contains(['/', '\\']) {
        eprintln!("error: --name `{}` must be a plain word: it names the baselines NAME-1 .. NAME-N", args.name);
        return ExitCode::from(2);
    }
    let started = Instant::now();
    // Each layout's runs follow the one before's: run numbers (and order seeds) go on.
    let layouts: Vec<Option<u64>> = match args.layouts {
        0 => vec![None],
        k => (args.first_layout..args.first_layout + u64::from(k)).map(Some).collect(),
    };
    let total = args.runs * layouts.len() as u32;
    let last = args.start + total - 1;
    let plan = (args.start..=last).zip(layouts.iter().flat_map(|&layout| (0..args.runs).map(move |_| layout)));
    for (done, (run, layout)) in plan.enumerate() {
        let done = done as u32;
        let baseline = format!("{}-{run}", args.name);
        let elapsed = started.elapsed();
        let left = match done {
            0 => String::new(),
            _ => format!(", about {} left", minutes(elapsed / done * (total - done))),
        };
        let layout_note = layout.map(|seed| format!(", code layout {seed}")).unwrap_or_default();
        eprintln!(
            "[repeat] run {run} of {}..={last} as baseline `{baseline}`{layout_note}: {} elapsed{left}",
            args.start,
            minutes(elapsed)
        );
        let mut command = bench_command(&args, run, &baseline);
        if let Some(seed) = layout {
            command.env("BENCH_LAYOUT_SEED", seed.to_string());
        }
        match command.status() {
            Ok(status) if status.success() => {}
            Ok(status) => {
                eprintln!("error: run {run} (`{baseline}`) failed ({status}); the runs before it are saved");
                return ExitCode::FAILURE;
            }
            Err(e) => {
                eprintln!("error: could not start `cargo bench` for run {run}: {e} (is cargo on the PATH?)");
                return ExitCode::FAILURE;
            }
        }
    }
    eprintln!(
        "[repeat] {} runs in {}; merged report: cargo run --release --example report -- --runs {}",
        total,
        minutes(started.elapsed()),
        args.name
    );
    ExitCode::SUCCESS
}

/// `cargo bench [--features F] [--bench B ...] -- --save-baseline NAME-k [FILTER|^sentinel/]`
/// with the run's number as its repetition (the seed of its order).
fn bench_command(args: &Args, run: u32, baseline: &str) -> Command {
    let cargo = std::env::var_os("CARGO").map(PathBuf::from).unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.current_dir(env!("CARGO_MANIFEST_DIR")).arg("bench");
    if let Some(features) = &args.features {
        command.args(["--features", features]);
    }
    for bench in &args.bench {
        command.args(["--bench", bench]);
    }
    command.args(["--", "--save-baseline", baseline]);
    if let Some(filter) = &args.filter {
        command.arg(format!("{filter}|^sentinel/"));
    }
    command.env("BENCH_REPETITION", run.to_string());
    if let Some(profile) = &args.profile {
        command.env("BENCH_PROFILE", profile);
    }
    if let Some(pin) = &args.pin_cpu {
        command.env("BENCH_PIN_CPU", pin);
    }
    command
}

fn minutes(duration: Duration) -> String {
    let seconds = duration.as_secs();
    format!("{}m{:02}s", seconds / 60, seconds % 60)
}
