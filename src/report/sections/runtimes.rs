//! `summary.md`'s side-by-side section: the same guests, ABIs and traces on Wasmer and
//! on Wasmtime, with the ratio between backends that use the same kind of compiler.

use crate::experiments::micro::MicroConfig;
use crate::experiments::sim::{PolicyKind, Scenario};
use crate::ids::{EngineId, Experiment, GuestSegment, HostProfile, Lookup, MicroCase, SimCase};
use crate::report::data::pairs::PAIRS;
use crate::report::data::query::Summary;
use crate::report::doc::Doc;
use crate::report::format::{MISSING, duration};
use crate::runtime::{Backend, RuntimeKind};

impl Summary<'_> {
    /// Writes the section if some experiment has results from both runtimes.
    pub(crate) fn runtime_tables(&self, doc: &mut Doc) {
        let mut section = Doc::default();
        self.micro_side_by_side(&mut section);
        self.compile_side_by_side(&mut section);
        self.simulator_side_by_side(&mut section);
        if !section.is_empty() {
            doc.heading(2, "Wasmer beside Wasmtime");
            doc.paragraph(
                "The same guest `.wasm` files, ABIs and trace on both runtimes. The last columns divide \
                 Wasmtime's figure by Wasmer's for backends with the same kind of compiler (below 1: \
                 Wasmtime is faster).",
            );
            doc.blocks.extend(section.blocks);
        }
    }

    fn micro_side_by_side(&self, doc: &mut Doc) {
        for (host, opt) in self.micro_groups() {
            let Some(backends) = self.both_runtimes(Experiment::Micro, host) else { continue };
            doc.heading(3, format!("Overhead per call by ABI, {host}, {}", GuestSegment(opt)));
            doc.paragraph("Time per call minus the native call, in ns; cached handles.");
            let configs = MicroConfig::all().into_iter().filter(|c| c.lookup == Lookup::Cached && !c.srs);
            let rows = configs.map(|config| {
                let cells = backends.iter().map(|&b| {
                    let group = Self::micro_group(host, EngineId::plain(b), opt);
                    let native = self.micro(group, MicroCase::Native)?;
                    Some(self.micro(group, MicroCase::Hand(config))?.mean - native.mean)
                });
                (format!("`{config}`"), cells.collect())
            });
            write_table(doc, "configuration", &backends, rows, |ns| format!("{ns:.1}"));
        }
    }

    fn compile_side_by_side(&self, doc: &mut Doc) {
        for host in self.compile_hosts() {
            let Some(backends) = self.both_runtimes(Experiment::Compile, host) else { continue };
            doc.heading(3, format!("JIT phases, {host}"));
            let rows = self.compile_rows(host).into_iter().map(|(phase, input)| {
                let cells = backends.iter().map(|&b| Some(self.compile(host, b, phase, input)?.mean));
                (format!("{phase} {input}"), cells.collect())
            });
            write_table(doc, "phase and guest", &backends, rows, duration);
        }
    }

    fn simulator_side_by_side(&self, doc: &mut Doc) {
        for (host, opt) in self.simulator_groups() {
            let Some(backends) = self.both_runtimes(Experiment::Simulator, host) else { continue };
            doc.heading(3, format!("Simulator slowdown against native, {host}, {}", GuestSegment(opt)));
            doc.paragraph("Seconds per trace through WASM / seconds natively; cached handles.");
            let scenarios: Vec<Scenario> = Scenario::all()
                .into_iter()
                .filter(|s| matches!(s, Scenario::Wasm { lookup: Lookup::Cached, .. }))
                .collect();
            let rows = PolicyKind::ALL.into_iter().flat_map(|policy| {
                let backends = &backends;
                scenarios.iter().map(move |&scenario| {
                    let cells = backends.iter().map(|&b| {
                        let group = Self::simulator_group(host, policy, EngineId::plain(b), opt);
                        let native = self.simulator(group, SimCase::NATIVE)?;
                        Some(self.simulator(group, SimCase::Hand(scenario))?.mean / native.mean)
                    });
                    (format!("{policy} `{scenario}`"), cells.collect())
                })
            });
            write_table(doc, "policy and scenario", &backends, rows, |ratio| format!("{ratio:.2}x"));
        }
    }

    /// The unmetered backends with `experiment` results for `host`, if both runtimes
    /// are among them.
    fn both_runtimes(&self, experiment: Experiment, host: HostProfile) -> Option<Vec<Backend>> {
        let engines = self.backends_in(experiment, host);
        let backends: Vec<Backend> =
            Backend::ALL.into_iter().filter(|&b| engines.contains(&EngineId::plain(b))).collect();
        let has = |runtime| backends.iter().any(|b| b.runtime() == runtime);
        (has(RuntimeKind::Wasmer) && has(RuntimeKind::Wasmtime)).then_some(backends)
    }
}

/// One row per item: a value per backend, then Wasmtime/Wasmer for each pair present.
fn write_table(
    doc: &mut Doc,
    first_column: &str,
    backends: &[Backend],
    rows: impl Iterator<Item = (String, Vec<Option<f64>>)>,
    show: impl Fn(f64) -> String,
) {
    let pairs: Vec<(usize, usize, &str)> = PAIRS
        .iter()
        .filter_map(|(wasmer, wasmtime, name)| {
            let at = |backend| backends.iter().position(|b| b == backend);
            Some((at(wasmer)?, at(wasmtime)?, *name))
        })
        .collect();
    let headers: Vec<String> = backends
        .iter()
        .map(|b| EngineId::plain(*b).to_string())
        .chain(pairs.iter().map(|(_, _, name)| format!("{name}: Wasmtime/Wasmer")))
        .collect();
    let table = doc.table(&[first_column], &headers);
    for (label, values) in rows {
        let cells =
            values.iter().map(|v| v.map_or(MISSING.into(), &show)).chain(pairs.iter().map(|&(wasmer, wasmtime, _)| {
                match (values[wasmer], values[wasmtime]) {
                    (Some(a), Some(b)) if a > 0.0 => format!("{:.2}", b / a),
                    _ => "-".into(),
                }
            }));
        table.row([label].into_iter().chain(cells));
    }
}
