//! Turns a finished `cargo bench` into the study's answers: `summary.md` with the
//! paper's tables, SVG charts of its figures, an `index.html`, and baseline comparison.

mod boundary;
mod canonical;
mod charts;
mod compare;
mod environment;
mod native_sim;
mod results;
mod runtimes;
mod summary;

use std::fs;
use std::path::{Path, PathBuf};

pub use compare::{Change, Verdict, compare};
pub use environment::comparison_note;
pub use results::{Estimate, Results, Throughput};

use crate::environment::Environment;
use crate::runtime::Backend;
use crate::sim::HitRatePoint;
use crate::{Error, Result};

/// Engine labels (as ids name them) in the order tables and charts use: every backend,
/// Wasmer's then Wasmtime's, then the same metered.
fn engine_labels() -> Vec<String> {
    let names = Backend::ALL.map(Backend::name);
    names.iter().map(|name| name.to_string()).chain(names.iter().map(|name| format!("{name}-metered"))).collect()
}

/// Guest opt levels and hosts in the order tables and charts use.
const HOSTS: [&str; 2] = ["host-release", "host-debug"];
const GUEST_OPTS: [&str; 2] = ["guest-release", "guest-debug"];
/// The compile benchmark's phases, as benches/compile.rs names them.
const PHASES: [&str; 3] = ["compile", "instantiate", "deserialize"];

/// The benchmark experiments, as the first segment of their ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Experiment {
    Micro,
    Compile,
    Simulator,
    /// The native simulator alone at each paper cache size.
    NativeSim,
    /// Figure 6's whole sweep, serial and parallel.
    HitRateSweep,
    /// Calls from the guest into the host.
    HostCall,
    /// Payloads of every size, both ways.
    Payload,
    /// An instance per request.
    Lifecycle,
}

/// A benchmark id split into the suite's factors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BenchId<'a> {
    Micro {
        host: &'a str,
        backend: &'a str,
        opt: &'a str,
        config: &'a str,
    },
    Compile {
        host: &'a str,
        backend: &'a str,
        phase: &'a str,
        input: &'a str,
    },
    Simulator {
        host: &'a str,
        policy: &'a str,
        backend: &'a str,
        opt: &'a str,
        scenario: &'a str,
    },
    NativeSim {
        host: &'a str,
        policy: &'a str,
        cache: &'a str,
    },
    HitRateSweep {
        host: &'a str,
        mode: &'a str,
    },
    /// `case`: `{call}-{typed|dynamic}` or `native-{call}`.
    HostCall {
        host: &'a str,
        backend: &'a str,
        opt: &'a str,
        case: &'a str,
    },
    /// `route`: `{backend}/{abi}`, `native/{abi}` or `memcpy`.
    Payload {
        host: &'a str,
        direction: &'a str,
        size: &'a str,
        route: &'a str,
    },
    Lifecycle {
        host: &'a str,
        backend: &'a str,
        opt: &'a str,
        guest: &'a str,
        strategy: &'a str,
    },
}

impl<'a> BenchId<'a> {
    pub fn experiment(&self) -> Experiment {
        match self {
            BenchId::Micro { .. } => Experiment::Micro,
            BenchId::Compile { .. } => Experiment::Compile,
            BenchId::Simulator { .. } => Experiment::Simulator,
            BenchId::NativeSim { .. } => Experiment::NativeSim,
            BenchId::HitRateSweep { .. } => Experiment::HitRateSweep,
            BenchId::HostCall { .. } => Experiment::HostCall,
            BenchId::Payload { .. } => Experiment::Payload,
            BenchId::Lifecycle { .. } => Experiment::Lifecycle,
        }
    }

    pub fn host(&self) -> &'a str {
        match *self {
            BenchId::Micro { host, .. }
            | BenchId::Compile { host, .. }
            | BenchId::Simulator { host, .. }
            | BenchId::NativeSim { host, .. }
            | BenchId::HitRateSweep { host, .. }
            | BenchId::HostCall { host, .. }
            | BenchId::Payload { host, .. }
            | BenchId::Lifecycle { host, .. } => host,
        }
    }

    /// The engine label: a backend, `-metered` when run with an execution limit; `None`
    /// for experiments that run natively only.
    pub fn backend(&self) -> Option<&'a str> {
        match *self {
            BenchId::Micro { backend, .. }
            | BenchId::Compile { backend, .. }
            | BenchId::Simulator { backend, .. }
            | BenchId::HostCall { backend, .. }
            | BenchId::Lifecycle { backend, .. } => Some(backend),
            BenchId::Payload { route, .. } => route.split_once('/').map(|(b, _)| b).filter(|&b| b != "native"),
            BenchId::NativeSim { .. } | BenchId::HitRateSweep { .. } => None,
        }
    }

    pub fn parse(id: &'a str) -> Option<BenchId<'a>> {
        match id.split('/').collect::<Vec<_>>()[..] {
            ["micro", host, backend, opt, config] => Some(BenchId::Micro { host, backend, opt, config }),
            ["compile", host, backend, phase, input] => Some(BenchId::Compile { host, backend, phase, input }),
            ["simulator", host, policy, backend, opt, scenario] => {
                Some(BenchId::Simulator { host, policy, backend, opt, scenario })
            }
            ["simulator-native", host, policy, cache] => Some(BenchId::NativeSim { host, policy, cache }),
            ["hit-rate-sweep", host, mode] => Some(BenchId::HitRateSweep { host, mode }),
            ["hostcall", host, backend, opt, case] => Some(BenchId::HostCall { host, backend, opt, case }),
            ["payload", host, direction, size, ..] => {
                let route = id.splitn(5, '/').nth(4)?;
                Some(BenchId::Payload { host, direction, size, route })
            }
            ["lifecycle", host, backend, opt, guest, strategy] => {
                Some(BenchId::Lifecycle { host, backend, opt, guest, strategy })
            }
            _ => None,
        }
    }
}

/// Where the report's files go, and what they are made from.
pub struct ReportInput<'a> {
    pub results: &'a Results,
    /// Hit rates for Figure 6 (computed from the profile's trace), if available.
    pub hit_rates: Option<&'a [HitRatePoint]>,
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
    let summary = summary::Summary::new(input.results);
    let mut files = Vec::new();
    let markdown = summary.markdown(input.hit_rates, input.environments);
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
    for line in environment::measured_on(input.environments) {
        html += &format!("<p>{}</p>\n", escape(&line));
    }
    html += &format!("<p>Baseline <code>{}</code>. ", input.results.baseline);
    // The summary folder sits beside Criterion's own `report/` in target/criterion.
    html += "<a href=\"summary.md\">summary.md</a> (tables) &middot; <a href=\"../report/index.html\">Criterion's report</a> (every benchmark)</p>\n";
    if !missing.is_empty() {
        html += "<h2>Missing results</h2><ul>\n";
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
