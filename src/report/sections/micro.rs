//! The paper's micro-benchmark (its Table 1, Figures 3-4): the time of one call into the
//! guest in every configuration, what caching the handles buys, and the chart.

use crate::experiments::micro::MicroConfig;
use crate::ids::{EngineId, Experiment, GuestOpt, GuestSegment, HostProfile, Lookup, MicroCase, MicroGroup, MicroId};
use crate::report::data::chart::{Bar, Bars, Chart, Figure, Scale, engine_series};
use crate::report::data::query::Summary;
use crate::report::data::results::Estimate;
use crate::report::doc::Doc;
use crate::report::format::{MISSING, gain, ns};

/// The paper reports seconds per 100,000 calls.
const PAPER_CALLS: f64 = 100_000.0;

impl Summary<'_> {
    /// (host, guest opt) pairs with micro results.
    pub(crate) fn micro_groups(&self) -> Vec<(HostProfile, GuestOpt)> {
        self.pairs::<MicroId>(|id| (id.group.host, id.group.opt))
    }

    pub(crate) fn micro_group(host: HostProfile, engine: EngineId, opt: GuestOpt) -> MicroGroup {
        MicroGroup { host, engine, opt }
    }

    pub(crate) fn micro(&self, group: MicroGroup, case: MicroCase) -> Option<Estimate> {
        self.results.get(MicroId::new(group, case))
    }

    pub(crate) fn micro_tables(&self, doc: &mut Doc) {
        for (host, opt) in self.micro_groups() {
            let backends = self.backends_in(Experiment::Micro, host);
            let group = |engine| Self::micro_group(host, engine, opt);
            doc.heading(2, format!("Micro-benchmark: time per call, {host}, {}", GuestSegment(opt)));
            doc.paragraph(
                "Per call in ns [confidence interval]; in parentheses the paper's unit, seconds per 100,000 calls.",
            );
            let table = doc.table(&["configuration"], &backends);
            for case in Self::micro_rows() {
                let cells: Vec<String> = backends
                    .iter()
                    .map(|&b| match self.micro(group(b), case) {
                        Some(e) => format!(
                            "{} [{}, {}] ({:.5} s)",
                            ns(e.mean),
                            ns(e.lower),
                            ns(e.upper),
                            e.mean * PAPER_CALLS / 1e9
                        ),
                        None => MISSING.to_owned(),
                    })
                    .collect();
                table.row([format!("`{case}`")].into_iter().chain(cells));
            }
            doc.paragraph(
                "What caching buys (cached vs its uncached twin: 1 - cached/uncached; the paper: up to 15%):",
            );
            let table = doc.table(&["cached configuration"], &backends);
            for config in MicroConfig::all().into_iter().filter(|c| c.lookup == Lookup::Cached && !c.srs) {
                let twin = MicroConfig { lookup: Lookup::ByName, ..config };
                let cells: Vec<String> = backends
                    .iter()
                    .map(|&b| {
                        gain(self.micro(group(b), MicroCase::Hand(config)), self.micro(group(b), MicroCase::Hand(twin)))
                    })
                    .collect();
                table.row([format!("`{config}`")].into_iter().chain(cells));
            }
        }
    }

    /// Figures 3-4: the time per call of each configuration, a bar per backend.
    pub(crate) fn micro_charts(&self) -> Vec<Chart> {
        self.micro_groups()
            .into_iter()
            .map(|(host, opt)| {
                let rows = Self::micro_rows();
                let backends = self.backends_in(Experiment::Micro, host);
                let series = engine_series(&backends, &rows, |engine, &case| {
                    self.micro(Self::micro_group(host, engine, opt), case).map(|e| Bar::time(e, 1.0))
                });
                let categories = rows.iter().map(ToString::to_string).collect();
                Chart {
                    name: format!("{}-{host}-{}", Experiment::Micro, GuestSegment(opt)),
                    title: format!("Time per call into the guest ({host}, {})", GuestSegment(opt)),
                    figure: Figure::Bars(Bars { x_desc: "ns per call", categories, series, scale: Scale::Linear }),
                }
            })
            .collect()
    }
}
