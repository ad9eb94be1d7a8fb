//! Object and byte hit rates of every policy against cache size (the paper's Figure 6)
//! on the trace of the profile `BENCH_PROFILE` names (default: `default`).
//!
//!     cargo run --release --example hit_rates

use std::process::ExitCode;

use wasm_script_bench::profile::Profile;
use wasm_script_bench::sim::{PolicyKind, hit_rate_curve, paper_cache_sizes};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> wasm_script_bench::Result<()> {
    let profile = Profile::from_env()?;
    let trace = profile.workload.trace_source().load()?;
    println!("{} requests from {}", trace.len(), profile.path.display());
    println!("{:<8} {:>12} {:>16} {:>14}", "policy", "cache", "object hit rate", "byte hit rate");
    for point in hit_rate_curve(&trace, &PolicyKind::ALL, &paper_cache_sizes())? {
        println!(
            "{:<8} {:>9} MiB {:>15.2}% {:>13.2}%",
            point.policy.name(),
            point.cache_bytes >> 20,
            100.0 * point.stats.object_hit_rate(),
            100.0 * point.stats.byte_hit_rate()
        );
    }
    Ok(())
}
