//! The per-experiment sections: each module turns the run's results (`data`) into its
//! experiment's tables (a [`Doc`]) and its chart data. Adding an experiment's section means its
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

use crate::experiments::sim::HitRatePoint;
use crate::report::data::chart::Chart;
use crate::report::data::query::Summary;
use crate::report::doc::Doc;

/// One experiment's part of the report: its tables and its charts, with the anchor and
/// title the page's navigation gives it.
pub(crate) struct Section {
    pub anchor: &'static str,
    pub title: &'static str,
    pub doc: Doc,
    /// Only what the run measured: a chart with no result is not among them.
    pub charts: Vec<Chart>,
}

type Tables<'a> = Box<dyn Fn(&mut Doc) + 'a>;

/// Every section the results allow, in the order the report shows them.
pub(crate) fn sections(summary: &Summary, hit_rates: Option<&[HitRatePoint]>) -> Vec<Section> {
    let list: Vec<(&'static str, &'static str, Tables, Vec<Chart>)> = vec![
        ("runtimes", "Wasmer beside Wasmtime", Box::new(|doc| summary.runtime_tables(doc)), Vec::new()),
        ("micro", "Micro-benchmark", Box::new(|doc| summary.micro_tables(doc)), summary.micro_charts()),
        ("compile", "Compile, instantiate, load", Box::new(|doc| summary.compile_table(doc)), summary.compile_charts()),
        (
            "native-sim",
            "Simulator natively",
            Box::new(|doc| summary.native_sim_tables(doc)),
            summary.native_sim_charts(),
        ),
        ("simulator", "Simulator", Box::new(|doc| summary.simulator_tables(doc)), summary.simulator_charts()),
        ("hostcall", "Host calls", Box::new(|doc| summary.hostcall_tables(doc)), summary.hostcall_charts()),
        ("payload", "Payloads", Box::new(|doc| summary.payload_tables(doc)), summary.payload_charts()),
        ("lifecycle", "Instance lifecycle", Box::new(|doc| summary.lifecycle_tables(doc)), summary.lifecycle_charts()),
        ("coldstart", "Cold start", Box::new(|doc| summary.coldstart_tables(doc)), summary.coldstart_charts()),
        ("wasi", "WASI", Box::new(|doc| summary.wasi_tables(doc)), summary.wasi_charts()),
        ("serve", "The serverless request", Box::new(|doc| summary.serve_tables(doc)), summary.serve_charts()),
        ("settings", "Engine settings", Box::new(|doc| summary.settings_tables(doc)), Vec::new()),
        ("canonical", "Canonical ABI", Box::new(|doc| summary.canonical_table(doc)), Vec::new()),
        ("paired", "Paired ratios", Box::new(|doc| summary.paired_tables(doc)), Vec::new()),
        (
            "hit-rates",
            "Hit rates",
            Box::new(move |doc| {
                if let Some(points) = hit_rates {
                    hit_rates::table(doc, points)
                }
            }),
            hit_rates::charts(hit_rates),
        ),
    ];
    let mut sections = Vec::new();
    for (anchor, title, tables, charts) in list {
        let mut doc = Doc::default();
        tables(&mut doc);
        let charts: Vec<Chart> = charts.into_iter().filter_map(Chart::measured).collect();
        if !doc.is_empty() || !charts.is_empty() {
            sections.push(Section { anchor, title, doc, charts });
        }
    }
    sections
}
