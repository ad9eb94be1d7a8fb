//! The cache simulator through each ABI against natively (the paper's Figure 7): seconds
//! per trace, the slowdown, what crossing costs per request, what caching buys; the
//! tables and a chart per backend.

use crate::experiments::sim::{PolicyKind, Scenario};
use crate::ids::{
    EngineId, Experiment, GuestOpt, GuestSegment, HostProfile, Lookup, SimCase, SimulatorGroup, SimulatorId,
};
use crate::report::data::chart::{Bar, BarSeries, Bars, Chart, Figure, Scale};
use crate::report::data::palette;
use crate::report::data::query::Summary;
use crate::report::data::results::Estimate;
use crate::report::doc::Doc;
use crate::report::format::{MISSING, gain};

impl Summary<'_> {
    pub(crate) fn simulator_groups(&self) -> Vec<(HostProfile, GuestOpt)> {
        self.pairs::<SimulatorId>(|id| (id.group.host, id.group.opt))
    }

    pub(crate) fn simulator_group(
        host: HostProfile,
        policy: PolicyKind,
        engine: EngineId,
        opt: GuestOpt,
    ) -> SimulatorGroup {
        SimulatorGroup { host, policy, engine, opt }
    }

    pub(crate) fn simulator(&self, group: SimulatorGroup, case: SimCase) -> Option<Estimate> {
        self.results.get(SimulatorId::new(group, case))
    }

    pub(crate) fn simulator_tables(&self, doc: &mut Doc) {
        for (host, opt) in self.simulator_groups() {
            let backends = self.backends_in(Experiment::Simulator, host);
            for policy in PolicyKind::ALL {
                let group = |engine| Self::simulator_group(host, policy, engine, opt);
                doc.heading(2, format!("Simulator: {policy}, {host}, {}", GuestSegment(opt)));
                doc.paragraph(
                    "Seconds per trace [confidence interval], WASM/native (the paper: 5-10x), and what crossing \
                     costs per request: (WASM - native) / requests.",
                );
                let table = doc.table(&["scenario"], &backends);
                for scenario in Self::scenarios() {
                    let cells: Vec<String> = backends
                        .iter()
                        .map(|&b| {
                            let Some(e) = self.simulator(group(b), scenario) else {
                                return MISSING.into();
                            };
                            let native = self.simulator(group(b), SimCase::NATIVE);
                            let ratio = native.map(|n| format!(" {:.2}x", e.mean / n.mean)).unwrap_or_default();
                            let crossing = match (native, e.elements()) {
                                (Some(n), Some(requests)) if scenario != SimCase::NATIVE => {
                                    format!(", {:+.1} ns/req", (e.mean - n.mean) / requests as f64)
                                }
                                _ => String::new(),
                            };
                            format!("{:.4} [{:.4}, {:.4}]{ratio}{crossing}", e.mean / 1e9, e.lower / 1e9, e.upper / 1e9)
                        })
                        .collect();
                    table.row([format!("`{scenario}`")].into_iter().chain(cells));
                }
                doc.paragraph("Caching gain over the uncached twin:");
                let table = doc.table(&["cached scenario"], &backends);
                for scenario in Scenario::all() {
                    let Scenario::Wasm { abi, lookup: Lookup::Cached, call } = scenario else { continue };
                    let twin = Scenario::Wasm { abi, lookup: Lookup::ByName, call };
                    let cells: Vec<String> = backends
                        .iter()
                        .map(|&b| {
                            gain(
                                self.simulator(group(b), SimCase::Hand(scenario)),
                                self.simulator(group(b), SimCase::Hand(twin)),
                            )
                        })
                        .collect();
                    table.row([format!("`{scenario}`")].into_iter().chain(cells));
                }
            }
        }
    }

    /// Figure 7: seconds per trace of each scenario on one backend, a bar per policy.
    pub(crate) fn simulator_charts(&self) -> Vec<Chart> {
        let mut charts = Vec::new();
        for (host, opt) in self.simulator_groups() {
            for engine in self.backends_in(Experiment::Simulator, host) {
                let scenarios = Self::scenarios();
                let series = PolicyKind::ALL
                    .into_iter()
                    .map(|policy| {
                        let group = Self::simulator_group(host, policy, engine, opt);
                        let bars = scenarios.iter().map(|&s| self.simulator(group, s).map(|e| Bar::time(e, 1e9)));
                        BarSeries {
                            name: policy.name().to_owned(),
                            color: palette::policy_color(policy),
                            bars: bars.collect(),
                        }
                    })
                    .collect();
                let categories = scenarios.iter().map(ToString::to_string).collect();
                let opt = GuestSegment(opt);
                charts.push(Chart {
                    name: format!("{}-{host}-{engine}-{opt}", Experiment::Simulator),
                    title: format!("Cache simulator, seconds per trace, on {engine} ({host}, {opt})"),
                    figure: Figure::Bars(Bars {
                        x_desc: "seconds per trace",
                        categories,
                        series,
                        scale: Scale::Linear,
                    }),
                });
            }
        }
        charts
    }
}
