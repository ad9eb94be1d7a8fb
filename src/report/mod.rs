//! Turns a finished `cargo bench` into the study's answers: `summary.md` with the
//! paper's tables, SVG charts of its figures, an `index.html`, and baseline comparison.
//!
//! Each experiment's module writes its tables and builds its charts (as data); the
//! shared plumbing draws them (`charts`), in one palette (`palette`). Results are found
//! by their typed ids (`crate::ids`) only.

mod canonical;
mod charts;
mod coldstart;
mod compare;
mod compile;
mod environment;
mod figures;
mod glance;
mod hit_rates;
mod hostcall;
mod lifecycle;
mod micro;
mod native_sim;
mod palette;
mod payload;
mod results;
mod runs;
mod runtimes;
mod simulator;
mod spread;
mod summary;

use std::fs;
use std::path::{Path, PathBuf};

pub use coldstart::{AGREEMENT, BREAK_EVEN_PAIRS, BreakEven, measured_break_even, predicted_break_even};
pub use compare::{Change, Verdict, compare, compare_runs_markdown};
pub use environment::comparison_note;
pub use glance::{Finding, findings};
pub use results::{Estimate, ExperimentId, Results, Throughput, Unrecognised};
pub use runs::{Drift, Headline, Runs, drift, headlines};
pub use spread::Spread;

use crate::environment::Environment;
use crate::experiments::sim::HitRatePoint;
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

/// What a report run wrote and what it found missing.
pub struct ReportOutput {
    pub dir: PathBuf,
    pub files: Vec<PathBuf>,
    pub missing: Vec<String>,
}

/// Writes `summary.md`, the charts and `index.html` into `out_dir`.
pub fn write_report(input: &ReportInput, out_dir: &Path) -> Result<ReportOutput> {
    fs::create_dir_all(out_dir)
        .map_err(|e| Error::Report { message: format!("cannot create {}: {e}", out_dir.display()) })?;
    let summary = summary::Summary::new(input.results).with_runs(input.runs);
    let mut files = Vec::new();
    let markdown = summary
        .markdown(input.hit_rates, input.environments)
        .map_err(|e| Error::Report { message: format!("cannot write summary.md: {e}") })?;
    files.push(write(out_dir, "summary.md", markdown.as_bytes())?);
    let charts = charts::draw_all(&summary, input.hit_rates, out_dir)?;
    let html = index_html(input, &charts, &summary.missing);
    files.extend(charts.into_iter().map(|chart| chart.path));
    files.push(write(out_dir, "index.html", html.as_bytes())?);
    Ok(ReportOutput { dir: out_dir.to_owned(), files, missing: summary.missing.clone() })
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf> {
    let path = dir.join(name);
    fs::write(&path, bytes).map_err(|e| Error::Report { message: format!("cannot write {}: {e}", path.display()) })?;
    Ok(path)
}

fn index_html(input: &ReportInput, charts: &[charts::ChartFile], missing: &[String]) -> String {
    let mut html = String::from(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>wasm-script-bench summary</title>\
         <style>body{font-family:sans-serif;max-width:70em;margin:2em auto}img{max-width:100%;border:1px solid #ddd}</style>\
         </head><body>\n<h1>wasm-script-bench summary</h1>\n",
    );
    // What the run was measured on, right under the title.
    for line in environment::measured_on(input.environments) {
        html += &format!("<p>{}</p>\n", escape(&line));
    }
    html += &format!("<p>Baseline <code>{}</code>. ", input.results.baseline);
    // The summary folder sits beside Criterion's own `report/` in target/criterion.
    html += "<a href=\"summary.md\">summary.md</a> (tables) &middot; <a href=\"../report/index.html\">Criterion's report</a> (every benchmark)</p>\n";
    html += &glance::html(&findings(input.results), input.runs);
    if !missing.is_empty() {
        html += "<h2>Missing or unrecognised results</h2><ul>\n";
        for line in missing {
            html += &format!("<li>{}</li>\n", escape(line));
        }
        html += "</ul>\n";
    }
    for chart in charts {
        let name = chart.path.file_name().unwrap_or_default().to_string_lossy();
        let title = escape(&chart.title);
        html += &format!("<h2>{title}</h2>\n<p><img src=\"{name}\" alt=\"{title}\"></p>\n");
    }
    html += "</body></html>\n";
    html
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}
