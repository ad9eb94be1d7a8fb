//! An instance per request (beyond the paper): requests per second on a fresh instance
//! made each way the runtime offers, against one instance kept alive; table and chart.

use crate::experiments::lifecycle::{Handler, Strategy};
use crate::ids::{Experiment, GuestOpt, HostProfile, LifecycleGroup, LifecycleId};
use crate::report::data::chart::{Bar, Bars, Chart, Figure, Scale, engine_series};
use crate::report::data::query::Summary;
use crate::report::data::results::Estimate;
use crate::report::doc::Doc;
use crate::report::format::duration;
use crate::runtime::Backend;

impl Summary<'_> {
    pub(crate) fn lifecycle_hosts(&self) -> Vec<HostProfile> {
        self.hosts::<LifecycleId>(|id| id.group.host)
    }

    /// The benchmark runs release guests only: an instance's cost is the runtime's.
    pub(crate) fn lifecycle(
        &self,
        host: HostProfile,
        backend: Backend,
        handler: Handler,
        strategy: Strategy,
    ) -> Option<Estimate> {
        let group = LifecycleGroup { host, backend, opt: GuestOpt::Release, handler };
        self.results.get(LifecycleId::new(group, strategy))
    }

    /// Every (guest, strategy) row, guest by guest.
    fn lifecycle_rows() -> Vec<(Handler, Strategy)> {
        Handler::ALL.into_iter().flat_map(|h| Strategy::ALL.map(move |s| (h, s))).collect()
    }

    pub(crate) fn lifecycle_tables(&self, doc: &mut Doc) {
        for host in self.lifecycle_hosts() {
            let backends = self.backends_in(Experiment::Lifecycle, host);
            doc.heading(2, format!("An instance per request, {host}"));
            doc.paragraph(
                "Requests per second, each on a fresh instance (instantiate, one request, drop) made each way the \
                 runtime offers, and on one instance kept alive (the floor); in parentheses, time per request.",
            );
            let table = doc.table(&["guest", "instance"], &backends);
            for (handler, strategy) in Self::lifecycle_rows() {
                let cells: Vec<String> = backends
                    .iter()
                    .map(|b| match self.lifecycle(host, b.backend, handler, strategy) {
                        Some(e) => format!("{:.0}/s ({})", 1e9 / e.mean, duration(e.mean)),
                        None => "-".into(),
                    })
                    .collect();
                table.row([handler.name().to_string(), format!("`{strategy}`")].into_iter().chain(cells));
            }
        }
    }

    /// Requests per second per guest and strategy, a bar per backend, on a log scale: a
    /// live instance answers 100x faster than a fresh one.
    pub(crate) fn lifecycle_charts(&self) -> Vec<Chart> {
        self.lifecycle_hosts()
            .into_iter()
            .map(|host| {
                let rows = Self::lifecycle_rows();
                let backends = self.backends_in(Experiment::Lifecycle, host);
                let series = engine_series(&backends, &rows, |engine, &(handler, strategy)| {
                    self.lifecycle(host, engine.backend, handler, strategy).map(Bar::rate)
                });
                let categories = rows.iter().map(|(h, s)| format!("{} {s}", h.name())).collect();
                Chart {
                    name: format!("{}-{host}", Experiment::Lifecycle),
                    title: format!("Requests per second with an instance per request ({host})"),
                    figure: Figure::Bars(Bars {
                        x_desc: "requests per second (log scale)",
                        categories,
                        series,
                        scale: Scale::LogCount,
                    }),
                }
            })
            .collect()
    }
}
