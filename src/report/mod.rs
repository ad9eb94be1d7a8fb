//! Turns a finished `cargo bench` into the study's answers: `summary.md` opening with
//! the answers table, SVG charts of the paper's figures and beyond, an `index.html`,
//! and baseline comparison. Results are found by their typed ids (`crate::ids`) only.
//!
//! # Layers
//!
//! Each module imports only from the layers below it (`use super::` and
//! `use crate::report::` point down), so a change to how a table reads cannot break
//! how its numbers are found, and no two modules depend on each other:
//!
//! 1. `data/`: from Criterion's saved results (one run, or repeated runs merged) to
//!    numbers: estimates, between-run spreads, the answers ([`Finding`]), what the run
//!    lacks, chart data, the colours charts and tables share. No text for a reader, no
//!    drawing. Inside it: `results`, `spread`, `pairs`, `palette` and `break_even` at
//!    the bottom; `runs` on them, `query` on `runs`; `findings`, `coverage`, `chart`
//!    and `compare` on those.
//! 2. `format`: how one figure is written (units, significant digits), the same
//!    everywhere; `doc`: the document in no format (headings, paragraphs, tables)
//!    that sections write and renderers read.
//! 3. `sections/`: one module per experiment (micro, compile, simulator, native_sim,
//!    hostcall, payload, lifecycle, coldstart, wasi, serve, settings, canonical,
//!    runtimes, paired, hit_rates), each turning data into its tables (a `doc::Doc`)
//!    and its chart data. Adding an experiment's section is its module and one entry
//!    in `sections::sections`.
//! 4. `render/`: the renderers, which only read what the layers below produced:
//!    `svg` draws chart data; `answers`, `between_runs`, `missing`, `environment`,
//!    `compare` write their parts (on `inline`, the escaping and links every part of
//!    the page shares); `markdown` assembles `summary.md` and `html` `index.html`.
//! 5. This module: [`write_report`], which runs the layers in order and writes files.

mod data;
mod doc;
mod format;
mod render;
mod sections;

use std::fs;
use std::path::{Path, PathBuf};

pub use data::break_even::{
    AGREEMENT, BREAK_EVEN_PAIRS, BreakEven, measured_break_even, paired_break_even, predicted_break_even,
};
pub use data::compare::{Change, Verdict, compare};
pub use data::findings::{Cell, Finding, Measured, Question, Source, ValueKind, cell_spread, findings};
pub use data::results::{Estimate, ExperimentId, Results, Throughput, Unrecognised};
pub use data::runs::{Drift, Headline, Runs, drift, headlines};
pub use data::spread::Spread;
pub use render::compare::compare_runs_markdown;
pub use render::environment::{comparison_note, runs_note};

use crate::environment::Environment;
use crate::experiments::sim::{HitRatePoint, PolicyKind, hit_rate_curve, paper_cache_sizes};
use crate::profile::Profile;
use crate::{Error, Result};

/// Where the report's files go, and what they are made from.
pub struct ReportInput<'a> {
    pub results: &'a Results,
    /// Hit rates for Figure 6 (computed from the profile's trace), if available.
    pub hit_rates: Option<&'a [HitRatePoint]>,
    /// The runs `results` merges, for a report of repeated runs (`results` is then
    /// `Runs::merged`).
    pub runs: Option<&'a Runs>,
    /// The baseline's environment records (`Environment::load_all`); empty if none.
    pub environments: &'a [Environment],
}

/// What a report run wrote and what it found missing (one line per group).
pub struct ReportOutput {
    pub dir: PathBuf,
    pub files: Vec<PathBuf>,
    pub missing: Vec<String>,
}

/// Writes `summary.md`, the charts and `index.html` into `out_dir`.
pub fn write_report(input: &ReportInput, out_dir: &Path) -> Result<ReportOutput> {
    fs::create_dir_all(out_dir)
        .map_err(|e| Error::Report { message: format!("cannot create {}: {e}", out_dir.display()) })?;
    let summary = data::query::Summary::new(input.results, input.runs);
    let findings = findings(input.results);
    let missing = data::coverage::missing(&summary);
    fn cannot(name: &'static str) -> impl Fn(std::fmt::Error) -> Error {
        move |e| Error::Report { message: format!("cannot write {name}: {e}") }
    }
    let sections = sections::sections(&summary, input.hit_rates);
    let markdown = render::markdown::summary(&summary, &findings, &missing, &sections, input.environments)
        .map_err(cannot("summary.md"))?;
    let mut files = vec![write(out_dir, "summary.md", markdown.as_bytes())?];
    let charts = render::svg::draw_all(sections.iter().flat_map(|s| &s.charts), out_dir)?;
    let html = render::html::page(&summary, &findings, &missing, &sections, &charts, input.environments, out_dir);
    files.extend(charts.into_iter().map(|chart| chart.path));
    files.push(write(out_dir, "index.html", html.as_bytes())?);
    let missing = missing.iter().map(render::missing::line).collect();
    Ok(ReportOutput { dir: out_dir.to_owned(), files, missing })
}

/// The report of one saved baseline (`new`: the latest results) of `criterion_dir`, with
/// the hit-rate figure simulated from the profile's trace if `hit_rates`: what `cargo
/// bench` writes at the end of every bench target, and `examples/report` on demand.
pub fn write_baseline_report(
    criterion_dir: &Path,
    baseline: &str,
    out_dir: &Path,
    hit_rates: bool,
) -> Result<ReportOutput> {
    let results = Results::load(criterion_dir, baseline)?;
    let environments = Environment::load_all(criterion_dir, baseline);
    let hit_rates = if hit_rates { Some(profile_hit_rates()?) } else { None };
    let input =
        ReportInput { results: &results, hit_rates: hit_rates.as_deref(), runs: None, environments: &environments };
    write_report(&input, out_dir)
}

/// A run whose answers are committed: its saved results, its baseline and the answers
/// file the report makes of them, which the README quotes between two marker lines.
#[derive(Clone, Copy, Debug)]
pub struct CommittedRun {
    pub dir: &'static str,
    pub baseline: &'static str,
    pub answers: &'static str,
}

/// The committed runs: the `ratio` target in the build with every backend, whose
/// answers are the README's main table, and the upgrade, measured in a build where both
/// releases have the same features (`--features previous`: in the `wasi` build only the
/// current Wasmtime has its concurrency support compiled in).
pub const COMMITTED_RUNS: [CommittedRun; 2] = [
    CommittedRun { dir: "docs/results/run", baseline: "answers", answers: "docs/results/answers.md" },
    CommittedRun { dir: "docs/results/upgrade/run", baseline: "upgrade", answers: "docs/results/upgrade/answers.md" },
];

impl CommittedRun {
    /// The command that writes its answers file and puts the table into the README; the
    /// file names it, and a test checks both are up to date.
    pub fn command(&self) -> String {
        answers_command(self.dir, self.baseline, self.answers, Some("README.md"))
    }
}

/// The report's command line that writes `answers` from `baseline` of `dir` (and the
/// README's block of it): what an answers file says it was written by.
pub fn answers_command(dir: &str, baseline: &str, answers: &str, readme: Option<&str>) -> String {
    let readme = readme.map(|r| format!(" --readme {r}")).unwrap_or_default();
    format!("cargo run --release --example report -- --dir {dir} --baseline {baseline} --answers {answers}{readme}")
}

/// The README's line before what it quotes of the answers file `answers` (as the
/// command names it); [`README_ANSWERS_END`] after it.
pub fn readme_answers_begin(answers: &str) -> String {
    format!("<!-- answers: written by the report from {answers} -->")
}
pub const README_ANSWERS_END: &str = "<!-- answers: end -->";

/// The answers file for the `baseline` of `criterion_dir`: its answers, the machine they
/// were measured on and `generated_by`, the command that wrote it.
pub fn answers_file(criterion_dir: &Path, baseline: &str, generated_by: &str) -> Result<String> {
    let results = Results::load(criterion_dir, baseline)?;
    let environments = Environment::load_all(criterion_dir, baseline);
    render::answers::file(&findings(&results), &environments, generated_by)
        .map_err(|e| Error::Report { message: format!("cannot write the answers: {e}") })
}

/// `readme` with the table of the answers file `answers_path` (and the machine it
/// names) between [`readme_answers_begin`] and [`README_ANSWERS_END`]; an error if the
/// README lacks them.
pub fn readme_with_answers(readme: &str, answers_path: &str, answers_file: &str) -> Result<String> {
    let begin = readme_answers_begin(answers_path);
    let missing = || Error::Report {
        message: format!(
            "the README has no block for {answers_path}: put the lines `{begin}` and `{README_ANSWERS_END}` \
             where its table goes"
        ),
    };
    let (before, rest) = readme.split_once(&begin).ok_or_else(missing)?;
    let (_, after) = rest.split_once(README_ANSWERS_END).ok_or_else(missing)?;
    let block = render::answers::readme_block(answers_file);
    Ok(format!("{before}{begin}\n{block}{README_ANSWERS_END}{after}"))
}

/// The hit-rate figure's points: every policy over the profile's trace at the paper's
/// cache sizes.
pub fn profile_hit_rates() -> Result<Vec<HitRatePoint>> {
    let trace = Profile::from_env()?.workload.trace_source().load()?;
    hit_rate_curve(&trace.requests, &PolicyKind::ALL, &paper_cache_sizes())
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf> {
    let path = dir.join(name);
    fs::write(&path, bytes).map_err(|e| Error::Report { message: format!("cannot write {}: {e}", path.display()) })?;
    Ok(path)
}
