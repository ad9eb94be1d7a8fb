//! The per-experiment sections: each module turns the run's results (`data`) into its
//! experiment's tables and its chart data. Adding an experiment's section means its
//! module here and one entry in [`sections`].

mod canonical;
mod coldstart;
mod compile;
mod hit_rates;
mod hostcall;
mod lifecycle;
mod micro;
mod native_sim;
mod paired;
mod payload;
mod runtimes;
mod serve;
mod settings;
mod simulator;
mod wasi;

use std::fmt;

use crate::experiments::sim::HitRatePoint;
use crate::report::data::chart::Chart;
use crate::report::data::query::Summary;

/// One experiment's part of the report: its tables (Markdown) and its charts, with
/// the anchor and title the page's navigation gives it.
pub(crate) struct Section {
    pub anchor: &'static str,
    pub title: &'static str,
    pub markdown: String,
    /// Only what the run measured: a chart with no result is not among them.
    pub charts: Vec<Chart>,
}

type Tables<'a> = Box<dyn Fn(&mut String) -> fmt::Result + 'a>;

/// Every section the results allow, in the order the report shows them.
pub(crate) fn sections(summary: &Summary, hit_rates: Option<&[HitRatePoint]>) -> Result<Vec<Section>, fmt::Error> {
    let list: Vec<(&'static str, &'static str, Tables, Vec<Chart>)> = vec![
        ("runtimes", "Wasmer beside Wasmtime", Box::new(|md| summary.runtime_tables(md)), Vec::new()),
        ("micro", "Micro-benchmark", Box::new(|md| summary.micro_tables(md)), summary.micro_charts()),
        ("compile", "Compile, instantiate, load", Box::new(|md| summary.compile_table(md)), summary.compile_charts()),
        ("native-sim", "Simulator natively", Box::new(|md| summary.native_sim_tables(md)), summary.native_sim_charts()),
        ("simulator", "Simulator", Box::new(|md| summary.simulator_tables(md)), summary.simulator_charts()),
        ("hostcall", "Host calls", Box::new(|md| summary.hostcall_tables(md)), summary.hostcall_charts()),
        ("payload", "Payloads", Box::new(|md| summary.payload_tables(md)), summary.payload_charts()),
        ("lifecycle", "Instance lifecycle", Box::new(|md| summary.lifecycle_tables(md)), summary.lifecycle_charts()),
        ("coldstart", "Cold start", Box::new(|md| summary.coldstart_tables(md)), summary.coldstart_charts()),
        ("wasi", "WASI", Box::new(|md| summary.wasi_tables(md)), summary.wasi_charts()),
        ("serve", "The serverless request", Box::new(|md| summary.serve_tables(md)), summary.serve_charts()),
        ("settings", "Engine settings", Box::new(|md| summary.settings_tables(md)), Vec::new()),
        ("canonical", "Canonical ABI", Box::new(|md| summary.canonical_table(md)), Vec::new()),
        ("paired", "Paired ratios", Box::new(|md| summary.paired_tables(md)), Vec::new()),
        (
            "hit-rates",
            "Hit rates",
            Box::new(move |md| hit_rates.map_or(Ok(()), |points| hit_rates::table(md, points))),
            hit_rates::charts(hit_rates),
        ),
    ];
    let mut sections = Vec::new();
    for (anchor, title, tables, charts) in list {
        let mut markdown = String::new();
        tables(&mut markdown)?;
        let charts: Vec<Chart> = charts.into_iter().filter_map(Chart::measured).collect();
        if !markdown.is_empty() || !charts.is_empty() {
            sections.push(Section { anchor, title, markdown, charts });
        }
    }
    Ok(sections)
}
