//! How the host set its engine up, and what each setting costs (issue: "the host as
//! embedders configure it"): per backend, each ratio of `ratios::engine_settings` (a
//! limit or async calls over the plain engine), paired where the run measured it so,
//! else divided from the two ids; a setting the backend's runtime does not have is one
//! line, not an empty column.

use crate::ids::{BenchId, CallMode, Concurrency, EngineId, HostProfile, Metering, RatioId, RatioSide};
use crate::ratios::engine_settings_with;
use crate::report::data::query::Summary;
use crate::report::doc::Doc;
use crate::report::format::factor;
use crate::runtime::Backend;

/// The settings, as the table's columns: the engine each is measured on, relative to
/// the plain one.
const COLUMNS: [(&str, Metering, CallMode, Concurrency); 4] = [
    ("fuel / none", Metering::Fuel, CallMode::Sync, Concurrency::Default),
    ("epoch / none", Metering::Epoch, CallMode::Sync, Concurrency::Default),
    ("async / sync", Metering::None, CallMode::Async, Concurrency::Default),
    ("concurrency support off / default", Metering::None, CallMode::Sync, Concurrency::Off),
];

impl Summary<'_> {
    pub(crate) fn settings_tables(&self, doc: &mut Doc) {
        for host in HostProfile::ALL {
            // Every setting any build measures: the run says which it has.
            let ratios = engine_settings_with(host, &Backend::ALL, true, true);
            let measured = |ratio: &RatioId| self.value(ratio).is_some();
            let backends: Vec<Backend> = Backend::ALL
                .into_iter()
                .filter(|&b| ratios.iter().any(|r| r.subject.backend() == Some(b) && measured(r)))
                .collect();
            if backends.is_empty() {
                continue;
            }
            doc.heading(2, format!("Engine settings, {host}"));
            doc.paragraph(
                "What each way of setting up the engine costs against the plain engine, on the same work: \
                 fuel (an operator count per call), an epoch deadline per call (Wasmtime's epoch \
                 interruption, ticked by a thread outside the timing), calls made async (Wasmtime's \
                 `call_async` on a fiber, host functions bound with `func_wrap_async`), Wasmtime's \
                 concurrency support turned off (`Config::concurrency_support(false)`; on by default where \
                 the build compiles component-model-async in, as `wasmtime-wasi` does). A figure marked \
                 *paired* was measured interleaved with its reference (the `ratio` target); the others \
                 divide two ids measured apart.",
            );
            let table = doc.table(&["backend", "work"], &COLUMNS.map(|c| c.0));
            for &backend in &backends {
                let mut rows: Vec<RatioSide> = Vec::new();
                // One row per work on the plain engine (the ratio of two sides with a
                // setting on both is stated in the answers, not here).
                let plain = EngineId::plain(backend);
                for ratio in ratios.iter().filter(|r| r.reference.on_engine(plain) == Some(r.reference)) {
                    if !rows.contains(&ratio.reference) {
                        rows.push(ratio.reference);
                    }
                }
                for reference in rows {
                    let cells = COLUMNS.map(|(_, metering, calls, concurrency)| {
                        let engine = EngineId { metering, calls, concurrency, ..EngineId::plain(backend) };
                        let ratio = reference.on_engine(engine).map(|subject| RatioId { subject, reference });
                        match ratio {
                            _ if !metering.runs_on(backend)
                                || !calls.runs_on(backend)
                                || !concurrency.runs_on(backend) =>
                            {
                                "none in its runtime".to_owned()
                            }
                            Some(ratio) => self.value(&ratio).unwrap_or_else(|| "-".to_owned()),
                            None => "-".to_owned(),
                        }
                    });
                    let (_, case) = reference.group_and_case();
                    let experiment = BenchId::from(reference).experiment();
                    table.row([backend.to_string(), format!("{experiment} `{case}`")].into_iter().chain(cells));
                }
            }
            doc.paragraph(
                "Wasmer 7 and wasmi 2 have neither epoch interruption, an async call path nor concurrency \
                 support (\"none in its runtime\"): they stop a runaway call only by fuel, and are called \
                 synchronously.",
            );
        }
    }

    /// A ratio as the table shows it: paired where the run has it, else divided.
    fn value(&self, ratio: &RatioId) -> Option<String> {
        let value = self.results.ratio(BenchId::from(ratio.subject), BenchId::from(ratio.reference))?;
        Some(factor(value.value) + if value.paired { " *paired*" } else { "" })
    }
}
