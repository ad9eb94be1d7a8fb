//! Calls from the guest into the host (beyond the paper): time per call out of the guest
//! with typed and dynamic host functions, beside the same loop natively; table and chart.

use crate::experiments::hostcall::HostCall;
use crate::ids::{EngineId, Experiment, GuestOpt, GuestSegment, HostCallCase, HostCallGroup, HostCallId, HostProfile};
use crate::report::data::chart::{Bar, BarSeries, Bars, Chart, Figure, Scale, engine_series};
use crate::report::data::palette;
use crate::report::data::query::Summary;
use crate::report::data::results::Estimate;
use crate::report::doc::Doc;
use crate::report::format::{MISSING, ns};
use crate::runtime::HostFnStyle;

impl Summary<'_> {
    /// (host, guest opt) pairs with host-call results.
    pub(crate) fn hostcall_groups(&self) -> Vec<(HostProfile, GuestOpt)> {
        self.pairs::<HostCallId>(|id| (id.group.host, id.group.opt))
    }

    pub(crate) fn hostcall(
        &self,
        host: HostProfile,
        engine: EngineId,
        opt: GuestOpt,
        case: HostCallCase,
    ) -> Option<Estimate> {
        self.results.get(HostCallId::new(HostCallGroup { host, engine, opt }, case))
    }

    /// The first backend's native figure for `call` (each backend's group measures it).
    pub(crate) fn hostcall_native(&self, host: HostProfile, opt: GuestOpt, call: HostCall) -> Option<Estimate> {
        let backends = self.backends_in(Experiment::HostCall, host);
        backends.iter().find_map(|b| self.hostcall(host, *b, opt, HostCallCase::Native(call)))
    }

    pub(crate) fn hostcall_tables(&self, doc: &mut Doc) {
        for (host, opt) in self.hostcall_groups() {
            let backends = self.backends_in(Experiment::HostCall, host);
            doc.heading(2, format!("Calls from the guest into the host, {host}, {}", GuestSegment(opt)));
            doc.paragraph(
                "Time per call out of the guest in ns (the guest loops over the host function): typed / dynamic \
                 host functions, and the same loop natively through a function pointer.",
            );
            let table = doc.table(&["host function", &palette::native_label()], &backends);
            for call in HostCall::all() {
                let native = self.hostcall_native(host, opt, call).map_or(MISSING.into(), |e| ns(e.mean));
                let cells: Vec<String> = backends
                    .iter()
                    .map(|b| {
                        let style = |style| {
                            self.hostcall(host, *b, opt, HostCallCase::Wasm(call, style))
                                .map_or(MISSING.into(), |e| ns(e.mean))
                        };
                        format!("{} / {}", style(HostFnStyle::Typed), style(HostFnStyle::Dynamic))
                    })
                    .collect();
                table.row([format!("`{call}`"), native].into_iter().chain(cells));
            }
        }
    }

    /// Time per call of each host function and style, a bar per backend and one for the
    /// native loop.
    pub(crate) fn hostcall_charts(&self) -> Vec<Chart> {
        self.hostcall_groups()
            .into_iter()
            .map(|(host, opt)| {
                let cases: Vec<(HostCall, HostFnStyle)> =
                    HostCall::all().into_iter().flat_map(|c| HostFnStyle::ALL.map(move |s| (c, s))).collect();
                let native = BarSeries {
                    name: palette::native_label(),
                    color: palette::NATIVE,
                    bars: cases
                        .iter()
                        .map(|&(call, _)| self.hostcall_native(host, opt, call).map(|e| Bar::time(e, 1.0)))
                        .collect(),
                };
                let backends = self.backends_in(Experiment::HostCall, host);
                let wasm = engine_series(&backends, &cases, |engine, &(call, style)| {
                    self.hostcall(host, engine, opt, HostCallCase::Wasm(call, style)).map(|e| Bar::time(e, 1.0))
                });
                let categories = cases.iter().map(|&(call, style)| HostCallCase::Wasm(call, style).to_string());
                Chart {
                    name: format!("{}-{host}-{}", Experiment::HostCall, GuestSegment(opt)),
                    title: format!("Time per call from the guest into the host ({host}, {})", GuestSegment(opt)),
                    figure: Figure::Bars(Bars {
                        x_desc: "ns per call",
                        categories: categories.collect(),
                        series: std::iter::once(native).chain(wasm).collect(),
                        scale: Scale::Linear,
                    }),
                }
            })
            .collect()
    }
}
