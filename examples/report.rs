//! The study's answers from a finished `cargo bench`: summary tables, the paper's
//! figures as SVG, and baseline comparison.
//!
//!     cargo run --release --example report                      # latest results
//!     cargo run --release --example report -- --baseline before # a saved baseline
//!     cargo run --release --example report -- --baseline before --against after
//!
//! Writes target/criterion/summary/{summary.md, *.svg, index.html}. Options:
//! `--dir DIR` (Criterion's folder, default target/criterion), `--no-hit-rates` (skip
//! simulating the profile's trace for the hit-rate figure). The summary opens with the
//! environment the baseline was measured in; a comparison notes when the two differ.

use std::path::PathBuf;
use std::process::ExitCode;

use wasm_script_bench::environment::Environment;
use wasm_script_bench::profile::Profile;
use wasm_script_bench::report::{ReportInput, Results, Verdict, compare, comparison_note, write_report};
use wasm_script_bench::sim::{PolicyKind, hit_rate_curve, paper_cache_sizes};

const USAGE: &str =
    "usage: cargo run --release --example report -- [--baseline NAME] [--against NAME] [--dir DIR] [--no-hit-rates]";

struct Options {
    baseline: String,
    against: Option<String>,
    dir: PathBuf,
    hit_rates: bool,
}

fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(Some(options)) => options,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The options, or `None` when help was asked for.
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Options>, String> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    let mut options = Options { baseline: "new".into(), against: None, dir: target.join("criterion"), hit_rates: true };
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--baseline" => options.baseline = value("--baseline")?,
            "--against" => options.against = Some(value("--against")?),
            "--dir" => options.dir = PathBuf::from(value("--dir")?),
            "--no-hit-rates" => options.hit_rates = false,
            "-h" | "--help" => return Ok(None),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(Some(options))
}

fn run(options: &Options) -> wasm_script_bench::Result<()> {
    let results = Results::load(&options.dir, &options.baseline)?;
    let environments = Environment::load_all(&options.dir, &options.baseline);
    if let Some(against) = &options.against {
        let after = Results::load(&options.dir, against)?;
        let noise = Profile::from_env()?.criterion.noise_threshold;
        let after_environments = Environment::load_all(&options.dir, against);
        if let Some(note) = comparison_note((&results.baseline, &environments), (&after.baseline, &after_environments))
        {
            println!("{note}");
        }
        let (changes, unmatched) = compare(&results, &after, noise);
        println!("{} -> {} (noise threshold {:.1}%)", results.baseline, after.baseline, 100.0 * noise);
        for c in &changes {
            let verdict = match c.verdict {
                Verdict::Unchanged => "unchanged",
                Verdict::Faster => "faster",
                Verdict::Slower => "slower",
            };
            println!(
                "{:<80} {:>+8.2}% [{:+.2}%, {:+.2}%] {verdict}",
                c.id,
                100.0 * c.change,
                100.0 * c.lower,
                100.0 * c.upper
            );
        }
        for line in &unmatched {
            println!("{line}");
        }
        return Ok(());
    }
    let hit_rates = if options.hit_rates {
        let profile = Profile::from_env()?;
        let trace = profile.workload.trace_source().load()?;
        Some(hit_rate_curve(&trace.requests, &PolicyKind::ALL, &paper_cache_sizes())?)
    } else {
        None
    };
    let input = ReportInput { results: &results, hit_rates: hit_rates.as_deref(), environments: &environments };
    let output = write_report(&input, &options.dir.join("summary"))?;
    for line in &output.missing {
        eprintln!("missing: {line}");
    }
    println!("wrote {} files; open {}", output.files.len(), output.dir.join("index.html").display());
    Ok(())
}
