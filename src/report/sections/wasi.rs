//! What WASI costs (`--features wasi`): per backend, each WASI Preview 1 call beside the
//! same work through the suite's own typed host function and natively; table and chart.

use crate::ids::{Experiment, GuestOpt, GuestSegment, HostProfile, WasiCase, WasiGroup, WasiId};
use crate::report::data::chart::{Bar, BarSeries, Bars, Chart, Figure, Scale, engine_series};
use crate::report::data::palette;
use crate::report::data::query::Summary;
use crate::report::data::results::Estimate;
use crate::report::doc::Doc;
use crate::report::format::{MISSING, factor, ns};
use crate::runtime::Backend;
use crate::runtime::wasi::{IoOp, IoRoute};

impl Summary<'_> {
    fn wasi_groups(&self) -> Vec<(HostProfile, GuestOpt)> {
        self.pairs::<WasiId>(|id| (id.group.host, id.group.opt))
    }

    fn wasi(&self, host: HostProfile, backend: Backend, opt: GuestOpt, case: WasiCase) -> Option<Estimate> {
        self.results.get(WasiId::new(WasiGroup { host, backend, opt }, case))
    }

    pub(crate) fn wasi_tables(&self, doc: &mut Doc) {
        for (host, opt) in self.wasi_groups() {
            doc.heading(2, format!("What WASI costs, {host}, {}", GuestSegment(opt)));
            doc.paragraph(
                "Time per operation in ns (the guest loops over it): natively, through the suite's own typed \
                 host function, through WASI Preview 1 (the runtime's own WASI crate, stdout captured in \
                 memory); the last column is WASI over the host function.",
            );
            let native_label = palette::native_label();
            let table = doc.table(
                &["backend", "operation"],
                &[native_label.as_str(), "host function", "WASI", "WASI / host function"],
            );
            for engine in self.backends_in(Experiment::Wasi, host) {
                let backend = engine.backend;
                for op in IoOp::ALL {
                    let get = |case| self.wasi(host, backend, opt, case);
                    let show = |e: Option<Estimate>| e.map_or(MISSING.into(), |e| ns(e.mean));
                    let (wasi, hostfn) =
                        (get(WasiCase::Guest(op, IoRoute::Wasi)), get(WasiCase::Guest(op, IoRoute::HostFn)));
                    let over = match (wasi, hostfn) {
                        (Some(w), Some(h)) => factor(w.mean / h.mean),
                        _ => MISSING.into(),
                    };
                    let native = show(get(WasiCase::Native(op)));
                    table.row([backend.to_string(), op.to_string(), native, show(hostfn), show(wasi), over]);
                }
            }
        }
    }

    /// Time per operation, a bar per backend (WASI and host function) and native's.
    pub(crate) fn wasi_charts(&self) -> Vec<Chart> {
        self.wasi_groups()
            .into_iter()
            .map(|(host, opt)| {
                let backends = self.backends_in(Experiment::Wasi, host);
                let cases: Vec<(IoOp, IoRoute)> =
                    IoOp::ALL.into_iter().flat_map(|op| IoRoute::ALL.map(move |r| (op, r))).collect();
                let native = BarSeries {
                    name: palette::native_label(),
                    color: palette::NATIVE,
                    bars: cases
                        .iter()
                        .map(|&(op, _)| {
                            let first =
                                backends.iter().find_map(|b| self.wasi(host, b.backend, opt, WasiCase::Native(op)));
                            first.map(|e| Bar::time(e, 1.0))
                        })
                        .collect(),
                };
                let wasm = engine_series(&backends, &cases, |engine, &(op, route)| {
                    self.wasi(host, engine.backend, opt, WasiCase::Guest(op, route)).map(|e| Bar::time(e, 1.0))
                });
                Chart {
                    name: format!("{}-{host}-{}", Experiment::Wasi, GuestSegment(opt)),
                    title: format!("Time per WASI call and per host-function call ({host}, {})", GuestSegment(opt)),
                    figure: Figure::Bars(Bars {
                        x_desc: "ns per operation",
                        categories: cases.iter().map(|&(op, route)| WasiCase::Guest(op, route).to_string()).collect(),
                        series: std::iter::once(native).chain(wasm).collect(),
                        scale: Scale::Linear,
                    }),
                }
            })
            .collect()
    }
}
