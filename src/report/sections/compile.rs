//! The JIT phases (the paper's Figure 5): compile, instantiate and load a cached
//! artifact, per backend and guest; the table and the chart.

use crate::ids::{CompileCase, CompileGroup, CompileId, CompileInput, Experiment, HostProfile, Phase};
use crate::report::data::chart::{Bar, Bars, Chart, Figure, Scale, engine_series};
use crate::report::data::query::Summary;
use crate::report::data::results::Estimate;
use crate::report::doc::Doc;
use crate::report::format::{MISSING, duration};
use crate::runtime::Backend;

/// A `deserialize` cell of a backend that makes no artifact (wasmi).
const NO_ARTIFACT: &str = "no artifact";

impl Summary<'_> {
    pub(crate) fn compile_hosts(&self) -> Vec<HostProfile> {
        self.hosts::<CompileId>(|id| id.group.host)
    }

    /// The compile inputs (guest and opt level) with results for `host`, in id order.
    pub(crate) fn compile_inputs(&self, host: HostProfile) -> Vec<CompileInput> {
        CompileInput::all()
            .into_iter()
            .filter(|&input| self.results.any::<CompileId>(|id| id.group.host == host && id.case.input() == input))
            .collect()
    }

    pub(crate) fn compile(
        &self,
        host: HostProfile,
        backend: Backend,
        phase: Phase,
        input: CompileInput,
    ) -> Option<Estimate> {
        let case = CompileCase { phase, guest: input.guest, opt: input.opt };
        self.results.get(CompileId::new(CompileGroup { host, backend }, case))
    }

    /// Every (phase, input) row of `host`'s table with a result, phase by phase.
    pub(crate) fn compile_rows(&self, host: HostProfile) -> Vec<(Phase, CompileInput)> {
        let inputs = self.compile_inputs(host);
        let rows = Phase::ALL.into_iter().flat_map(|phase| inputs.iter().map(move |&input| (phase, input)));
        rows.filter(|&(phase, input)| Backend::ALL.iter().any(|&b| self.compile(host, b, phase, input).is_some()))
            .collect()
    }

    pub(crate) fn compile_table(&self, doc: &mut Doc) {
        for host in self.compile_hosts() {
            let backends = self.backends_in(Experiment::Compile, host);
            doc.heading(2, format!("JIT phases, {host}"));
            if backends.iter().any(|b| !b.backend.caches_artifacts()) {
                doc.paragraph(format!(
                    "wasmi's `compile` is validation only (its default mode translates each function on its first \
                     call); `compile-eager` validates and translates everything, `compile-lazy` only parses. It \
                     keeps no compiled artifact, so it has nothing to deserialize (`{NO_ARTIFACT}`)."
                ));
            }
            let table = doc.table(&["phase", "guest"], &backends);
            for (phase, input) in self.compile_rows(host) {
                let cells: Vec<String> = backends
                    .iter()
                    .map(|b| match self.compile(host, b.backend, phase, input) {
                        Some(e) => duration(e.mean),
                        None if phase == Phase::Deserialize && !b.backend.caches_artifacts() => NO_ARTIFACT.into(),
                        None => MISSING.into(),
                    })
                    .collect();
                table.row([phase.to_string(), input.to_string()].into_iter().chain(cells));
            }
        }
    }

    /// Figure 5: the phases per backend, on a log scale (they span ms to µs).
    pub(crate) fn compile_charts(&self) -> Vec<Chart> {
        self.compile_hosts()
            .into_iter()
            .map(|host| {
                let rows = self.compile_rows(host);
                let backends = self.backends_in(Experiment::Compile, host);
                let series = engine_series(&backends, &rows, |engine, &(phase, input)| {
                    self.compile(host, engine.backend, phase, input).map(|e| Bar::time(e, 1.0))
                });
                let categories = rows.iter().map(|(phase, input)| format!("{phase} {input}")).collect();
                Chart {
                    name: format!("{}-{host}", Experiment::Compile),
                    title: format!("Compile, instantiate and load a cached artifact ({host})"),
                    figure: Figure::Bars(Bars {
                        x_desc: "time (log scale)",
                        categories,
                        series,
                        scale: Scale::LogDuration,
                    }),
                }
            })
            .collect()
    }
}
