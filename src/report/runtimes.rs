//! `summary.md`'s side-by-side section: the same guests, ABIs and traces on Wasmer and
//! on Wasmtime, with the ratio between backends that use the same kind of compiler.

use std::fmt::Write as _;

use super::summary::{Summary, duration};
use super::{Experiment, PHASES};
use crate::abi::Lookup;
use crate::experiments::micro::MicroConfig;
use crate::experiments::sim::{PolicyKind, Scenario};
use crate::runtime::Backend;
use crate::runtime::RuntimeKind;

/// Backends compared across runtimes: same compiler, or the same kind (one-pass).
const PAIRS: [(Backend, Backend, &str); 2] = [
    (Backend::WasmerCranelift, Backend::WasmtimeCranelift, "Cranelift"),
    (Backend::WasmerSinglepass, Backend::WasmtimeWinch, "Winch / Singlepass"),
];

impl Summary<'_> {
    /// Writes the section if some experiment has results from both runtimes.
    pub(super) fn runtime_tables(&self, md: &mut String) {
        let mut section = String::new();
        self.micro_side_by_side(&mut section);
        self.compile_side_by_side(&mut section);
        self.simulator_side_by_side(&mut section);
        if !section.is_empty() {
            let _ = writeln!(md, "## Wasmer beside Wasmtime\n");
            let _ = writeln!(
                md,
                "The same guest `.wasm` files, ABIs and trace on both runtimes. The last columns divide \
                 Wasmtime's figure by Wasmer's for backends with the same kind of compiler (below 1: \
                 Wasmtime is faster).\n"
            );
            md.push_str(&section);
        }
    }

    fn micro_side_by_side(&self, md: &mut String) {
        for (host, opt) in self.micro_groups() {
            let Some(backends) = self.both_runtimes(Experiment::Micro, host) else { continue };
            let _ = writeln!(md, "### Overhead per call by ABI, {host}, {opt}\n");
            let _ = writeln!(md, "Time per call minus the native call, in ns; cached handles.\n");
            let configs = MicroConfig::all().into_iter().filter(|c| c.lookup == Lookup::Cached && !c.srs);
            let rows = configs.map(|config| {
                let config = config.to_string();
                let cells = backends.iter().map(|b| {
                    let native = self.micro(host, b.name(), opt, "native")?;
                    Some(self.micro(host, b.name(), opt, &config)?.mean - native.mean)
                });
                (format!("`{config}`"), cells.collect())
            });
            write_table(md, "configuration", &backends, rows, |ns| format!("{ns:.1}"));
        }
    }

    fn compile_side_by_side(&self, md: &mut String) {
        for host in self.compile_hosts() {
            let Some(backends) = self.both_runtimes(Experiment::Compile, host) else { continue };
            let _ = writeln!(md, "### JIT phases, {host}\n");
            let inputs = self.compile_inputs(host);
            let rows = PHASES.into_iter().flat_map(|phase| {
                let backends = &backends;
                inputs.iter().map(move |input| {
                    let cells = backends.iter().map(|b| Some(self.compile(host, b.name(), phase, input)?.mean));
                    (format!("{phase} {input}"), cells.collect())
                })
            });
            write_table(md, "phase and guest", &backends, rows, duration);
        }
    }

    fn simulator_side_by_side(&self, md: &mut String) {
        for (host, opt) in self.simulator_groups() {
            let Some(backends) = self.both_runtimes(Experiment::Simulator, host) else { continue };
            let _ = writeln!(md, "### Simulator slowdown against native, {host}, {opt}\n");
            let _ = writeln!(md, "Seconds per trace through WASM / seconds natively; cached handles.\n");
            let scenarios: Vec<Scenario> = Scenario::all()
                .into_iter()
                .filter(|s| matches!(s, Scenario::Wasm { lookup: Lookup::Cached, .. }))
                .collect();
            let rows = PolicyKind::ALL.into_iter().flat_map(|policy| {
                let backends = &backends;
                scenarios.iter().map(move |scenario| {
                    let cells = backends.iter().map(|b| {
                        let native = self.simulator(host, policy.name(), b.name(), opt, "native")?;
                        Some(
                            self.simulator(host, policy.name(), b.name(), opt, &scenario.to_string())?.mean
                                / native.mean,
                        )
                    });
                    (format!("{policy} `{scenario}`"), cells.collect())
                })
            });
            write_table(md, "policy and scenario", &backends, rows, |ratio| format!("{ratio:.2}x"));
        }
    }

    /// The unmetered backends with `experiment` results for `host`, if both runtimes
    /// are among them.
    fn both_runtimes(&self, experiment: Experiment, host: &str) -> Option<Vec<Backend>> {
        let labels = self.backends_in(experiment, host);
        let backends: Vec<Backend> =
            Backend::ALL.into_iter().filter(|b| labels.iter().any(|l| l == b.name())).collect();
        let has = |runtime| backends.iter().any(|b| b.runtime() == runtime);
        (has(RuntimeKind::Wasmer) && has(RuntimeKind::Wasmtime)).then_some(backends)
    }
}

/// One row per item: a value per backend, then Wasmtime/Wasmer for each pair present.
fn write_table(
    md: &mut String,
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
        .map(|b| b.name().to_owned())
        .chain(pairs.iter().map(|(_, _, name)| format!("{name}: Wasmtime/Wasmer")))
        .collect();
    let _ = writeln!(md, "| {first_column} | {} |", headers.join(" | "));
    let _ = writeln!(md, "|---|{}", "---|".repeat(headers.len()));
    for (label, values) in rows {
        let cells = values.iter().map(|v| v.map_or("missing".into(), &show)).chain(pairs.iter().map(
            |&(wasmer, wasmtime, _)| match (values[wasmer], values[wasmtime]) {
                (Some(a), Some(b)) if a > 0.0 => format!("{:.2}", b / a),
                _ => "-".into(),
            },
        ));
        let _ = writeln!(md, "| {label} | {} |", cells.collect::<Vec<_>>().join(" | "));
    }
    md.push('\n');
}
