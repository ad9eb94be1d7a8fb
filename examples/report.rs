//! The study's answers from a finished `cargo bench`: summary tables, the paper's
//! figures as SVG, and baseline comparison.
//!
//!     cargo run --release --example report                      # latest results
//!     cargo run --release --example report -- --baseline before # a saved baseline
//!     cargo run --release --example report -- --baseline before --against after
//!     cargo run --release --example report -- --runs dev        # NAME-1..N merged
//!     cargo run --release --example report -- --dir docs/results/run --baseline answers \
//!         --answers docs/results/answers.md --readme README.md      # the committed answers
//!     cargo run --release --example report -- --dir docs/results/upgrade/run --baseline upgrade \
//!         --answers docs/results/upgrade/answers.md --readme README.md  # the upgrade's
//!
//! Writes target/criterion/summary/{summary.md, *.svg, index.html}. Options:
//! `--dir DIR` (Criterion's folder, default target/criterion), `--out DIR` (where the
//! report goes, default DIR/summary: another folder leaves DIR untouched), `--no-hit-rates` (skip
//! simulating the profile's trace for the hit-rate figure). The summary opens with the
//! environment the baseline was measured in; a comparison notes when the two differ.
//! `--runs NAME` merges the runs `examples/repeat` saved as NAME-1 .. NAME-N: medians
//! with between-run intervals, and the headline ratios run by run.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use wasm_script_bench::environment::Environment;
use wasm_script_bench::profile::Profile;
use wasm_script_bench::report::{
    ReportInput, ReportOutput, Results, Runs, Verdict, answers_command, answers_file, compare, compare_runs_markdown,
    comparison_note, profile_hit_rates, readme_with_answers, runs_note, write_baseline_report, write_report,
};

/// Writes the report of a finished `cargo bench`: the answers table, summary tables and
/// charts (summary.md, SVG, index.html), or compares two baselines.
// The doc comment above is the help's description (not the crate's, which is about the
// whole suite).
#[derive(Parser)]
#[command(long_about = None)]
struct Options {
    /// The baseline to report: `new` (the latest run) or a name given to `--save-baseline`.
    #[arg(long, value_name = "NAME", default_value = "new")]
    baseline: String,
    /// Compare the baseline with this one (per benchmark change) instead of writing the report.
    #[arg(long, value_name = "NAME")]
    against: Option<String>,
    /// Criterion's folder.
    #[arg(long, value_name = "DIR", default_value_os_t = default_dir())]
    dir: PathBuf,
    /// Where the report's files go (default: DIR/summary, beside Criterion's own report).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Skip simulating the profile's trace for the hit-rate figure.
    #[arg(long)]
    no_hit_rates: bool,
    /// Merge the repeated runs NAME-1 .. NAME-N (from `examples/repeat --name NAME`)
    /// instead of reporting one baseline.
    #[arg(long, value_name = "NAME", conflicts_with_all = ["baseline", "against"])]
    runs: Option<String>,
    /// With --runs: compare those runs with the repeated runs NAME-1 .. NAME-N (before
    /// an upgrade, say) and print the comparison as Markdown instead of the report.
    #[arg(long, value_name = "NAME", requires = "runs")]
    against_runs: Option<String>,
    /// Write only the baseline's answers, with the machine they were measured on, to
    /// this Markdown file (docs/results/answers.md for the committed run).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["runs", "against"])]
    answers: Option<PathBuf>,
    /// With --answers: put the answers table into this README, between its answers lines.
    #[arg(long, value_name = "FILE", requires = "answers")]
    readme: Option<PathBuf>,
}

/// `$CARGO_TARGET_DIR/criterion`, else `target/criterion` in this package.
fn default_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("criterion")
}

fn main() -> ExitCode {
    // clap prints help (exit 0) or the error naming the flag (exit 2) and exits.
    let options = Options::parse();
    match run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(options: &Options) -> wasm_script_bench::Result<()> {
    if let Some(path) = &options.answers {
        return write_answers(options, path);
    }
    let runs = options.runs.as_deref().map(|name| Runs::load(&options.dir, name)).transpose()?;
    if let (Some(after), Some(before)) = (&runs, &options.against_runs) {
        let before = Runs::load(&options.dir, before)?;
        let noise = Profile::from_env()?.criterion.noise_threshold;
        let environments = |runs: &Runs| -> Vec<Environment> {
            runs.runs.iter().flat_map(|run| Environment::load_all(&options.dir, &run.baseline)).collect()
        };
        let (env_before, env_after) = (environments(&before), environments(after));
        if let Some(note) = comparison_note((&before.name, &env_before), (&after.name, &env_after)) {
            println!("{note}\n");
        }
        print!(
            "{}",
            compare_runs_markdown(&before, after, noise)
                .map_err(|e| wasm_script_bench::Error::Report { message: e.to_string() })?
        );
        return Ok(());
    }
    let out = options.out.clone().unwrap_or_else(|| options.dir.join("summary"));
    let Some(runs) = &runs else {
        if let Some(against) = &options.against {
            return compare_baselines(options, against);
        }
        let output = write_baseline_report(&options.dir, &options.baseline, &out, !options.no_hit_rates)?;
        return finished(&output);
    };
    let per_run: Vec<(&str, Vec<Environment>)> = runs
        .runs
        .iter()
        .map(|run| (run.baseline.as_str(), Environment::load_all(&options.dir, &run.baseline)))
        .collect();
    let views: Vec<(&str, &[Environment])> = per_run.iter().map(|(n, r)| (*n, r.as_slice())).collect();
    if let Some(note) = runs_note(&views) {
        eprintln!("{note}");
    }
    let (results, environments) =
        (runs.merged(), per_run.into_iter().flat_map(|(_, records)| records).collect::<Vec<_>>());
    let hit_rates = if options.no_hit_rates { None } else { Some(profile_hit_rates()?) };
    let input = ReportInput {
        results: &results,
        hit_rates: hit_rates.as_deref(),
        runs: Some(runs),
        environments: &environments,
    };
    finished(&write_report(&input, &out)?)
}

/// `--answers FILE [--readme README]`: the answers file, and the README's table from it.
fn write_answers(options: &Options, path: &Path) -> wasm_script_bench::Result<()> {
    let write = |path: &Path, text: &str| {
        fs::write(path, text)
            .map_err(|e| wasm_script_bench::Error::Report { message: format!("cannot write {}: {e}", path.display()) })
    };
    let command = answers_command(
        &options.dir.display().to_string(),
        &options.baseline,
        &path.display().to_string(),
        options.readme.as_ref().map(|r| r.display().to_string()).as_deref(),
    );
    let answers = answers_file(&options.dir, &options.baseline, &command)?;
    write(path, &answers)?;
    println!("answers: {}", path.display());
    if let Some(readme_path) = &options.readme {
        let readme = fs::read_to_string(readme_path).map_err(|e| wasm_script_bench::Error::Report {
            message: format!("cannot read {}: {e}", readme_path.display()),
        })?;
        // The error names the README it could not update (once: it is a report error already).
        let updated = readme_with_answers(&readme, &path.display().to_string(), &answers).map_err(|e| match e {
            wasm_script_bench::Error::Report { message } => {
                wasm_script_bench::Error::Report { message: format!("{}: {message}", readme_path.display()) }
            }
            other => other,
        })?;
        write(readme_path, &updated)?;
        println!("answers table: {}", readme_path.display());
    }
    Ok(())
}

/// Where the report went, and what it lacked.
fn finished(output: &ReportOutput) -> wasm_script_bench::Result<()> {
    for line in &output.missing {
        eprintln!("missing: {line}");
    }
    println!("wrote {} files; open {}", output.files.len(), output.dir.join("index.html").display());
    Ok(())
}

/// `--baseline B --against A`: each benchmark's change from B to A.
fn compare_baselines(options: &Options, against: &str) -> wasm_script_bench::Result<()> {
    let results = Results::load(&options.dir, &options.baseline)?;
    let environments = Environment::load_all(&options.dir, &options.baseline);
    let after = Results::load(&options.dir, against)?;
    let noise = Profile::from_env()?.criterion.noise_threshold;
    let after_environments = Environment::load_all(&options.dir, against);
    if let Some(note) = comparison_note((&results.baseline, &environments), (&after.baseline, &after_environments)) {
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
    Ok(())
}
