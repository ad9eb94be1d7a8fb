//! A noisy neighbour for the noise drill: a burst/idle CPU hog pinned to one CPU (by
//! default the one the benchmarks pin their measuring thread to, the last), busy for a
//! random 1-20 ms, idle for a random 1-30 ms, again and again, until `--seconds` have
//! passed. Bursts of that length are what a shared VM's neighbours and a scheduler's
//! time slices look like from inside a benchmark: long enough to cover many calls, short
//! enough to land on one side of a ratio measured seconds apart.
//!
//!     cargo run --release --example hog -- --seconds 600 &
//!     cargo bench --bench ratio -- 'wasmer-cranelift'     # the measurement, beside it
//!
//! `scripts/noise-drill` runs the whole drill: the headline ratios, paired and divided,
//! quiet and beside this hog.

use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Parser;
use rand::{Rng, SeedableRng};

/// Burns one CPU in random bursts with random pauses, for a bounded time.
#[derive(Parser, Debug)]
#[command(version, about = "A burst/idle CPU hog pinned to one CPU: the noisy neighbour of the noise drill")]
struct Args {
    /// How long to run, in seconds.
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    seconds: u64,
    /// The CPU to burn: a number, or `last` (where the benchmarks pin by default).
    #[arg(long, default_value = "last")]
    cpu: String,
    /// The longest burst, in milliseconds (each burst lasts 1 ms to this).
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=10_000))]
    burst_ms: u64,
    /// The longest pause, in milliseconds (each pause lasts 1 ms to this).
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=10_000))]
    idle_ms: u64,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let cores = core_affinity::get_core_ids().unwrap_or_default();
    let core = match args.cpu.as_str() {
        "last" => cores.iter().max_by_key(|c| c.id).copied(),
        number => match number.parse::<usize>() {
            Ok(cpu) => cores.iter().find(|c| c.id == cpu).copied(),
            Err(_) => {
                eprintln!("error: --cpu `{number}`: give a CPU number or `last`");
                return ExitCode::from(2);
            }
        },
    };
    let Some(core) = core.filter(|&core| core_affinity::set_for_current(core)) else {
        let ids: Vec<usize> = cores.iter().map(|c| c.id).collect();
        eprintln!("error: cannot pin to CPU {} (CPUs this process may use: {ids:?})", args.cpu);
        return ExitCode::FAILURE;
    };
    eprintln!(
        "[hog] CPU {}: bursts of 1-{} ms, pauses of 1-{} ms, for {} s",
        core.id, args.burst_ms, args.idle_ms, args.seconds
    );
    let mut rng = rand::rngs::StdRng::seed_from_u64(core.id as u64);
    let end = Instant::now() + Duration::from_secs(args.seconds);
    let mut spin = 0u64;
    while Instant::now() < end {
        let burst = Duration::from_micros(rng.random_range(1_000..=args.burst_ms * 1_000));
        let started = Instant::now();
        while started.elapsed() < burst {
            spin = black_box(spin.wrapping_mul(6364136223846793005).wrapping_add(1));
        }
        std::thread::sleep(Duration::from_micros(rng.random_range(1_000..=args.idle_ms * 1_000)));
    }
    ExitCode::SUCCESS
}
