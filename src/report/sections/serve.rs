//! The serverless request (beyond the paper; `--features wasi`): per backend, a
//! `wasi:http` proxy's request served each way Wasmtime offers, beside the same work
//! natively and on a pooled core instance called through the hand ABI; table and chart.

use crate::experiments::lifecycle::{Handler, Strategy};
use crate::experiments::serve::ServeCase;
use crate::ids::{Experiment, GuestOpt, HostProfile, LifecycleGroup, LifecycleId, ServeGroup, ServeId};
use crate::report::data::chart::{Bar, Bars, Chart, Figure, Scale, engine_series};
use crate::report::data::query::Summary;
use crate::report::data::results::Estimate;
use crate::report::doc::Doc;
use crate::report::format::{MISSING, duration, factor};
use crate::runtime::Backend;

/// One row of the serverless table: a serve case, or the hand ABI's pooled instance
/// doing the same work (the `ratio` target's reference for the proxy request).
#[derive(Clone, Copy)]
enum Row {
    Serve(ServeCase),
    PooledCoreInstance,
}

impl Row {
    fn all() -> Vec<Row> {
        ServeCase::ALL.into_iter().map(Row::Serve).chain([Row::PooledCoreInstance]).collect()
    }

    fn label(self) -> String {
        match self {
            Row::Serve(ServeCase::Native) => "native (decode, fresh LRU)".into(),
            Row::Serve(case) => format!("proxy component, `{case}`"),
            Row::PooledCoreInstance => "core instance, `pooling` (hand ABI)".into(),
        }
    }

    /// The chart's name for the row: its id's last segment.
    fn category(self) -> String {
        match self {
            Row::Serve(case) => case.to_string(),
            Row::PooledCoreInstance => format!("core {}", Strategy::Pooling),
        }
    }
}

impl Summary<'_> {
    fn serve_hosts(&self) -> Vec<HostProfile> {
        self.hosts::<ServeId>(|id| id.group.host)
    }

    /// The proxy runs release guests only, as the hand ABI's request it is set beside.
    fn serve_row(&self, host: HostProfile, backend: Backend, row: Row) -> Option<Estimate> {
        match row {
            Row::Serve(case) => {
                self.results.get(ServeId::new(ServeGroup { host, backend, opt: GuestOpt::Release }, case))
            }
            Row::PooledCoreInstance => {
                let group = LifecycleGroup { host, backend, opt: GuestOpt::Release, handler: Handler::Simulator };
                self.results.get(LifecycleId::new(group, Strategy::Pooling))
            }
        }
    }

    pub(crate) fn serve_tables(&self, doc: &mut Doc) {
        for host in self.serve_hosts() {
            let backends = self.backends_in(Experiment::Serve, host);
            doc.heading(2, format!("The serverless request, {host}"));
            doc.paragraph(
                "Time per HTTP request to a `wasi:http` proxy component served in process as `wasmtime serve` \
                 serves it (a new store and instance per request, from the pooling allocator or not, memory \
                 from a copy-on-write image or not; or one instance kept for every request), beside the same \
                 work natively and on a pooled core instance through the hand ABI; in parentheses, over \
                 native.",
            );
            let table = doc.table(&["request served by"], &backends);
            for row in Row::all() {
                let cells: Vec<String> = backends
                    .iter()
                    .map(|engine| {
                        let native = self.serve_row(host, engine.backend, Row::Serve(ServeCase::Native));
                        match (self.serve_row(host, engine.backend, row), native, row) {
                            (None, ..) => MISSING.into(),
                            (Some(e), _, Row::Serve(ServeCase::Native)) | (Some(e), None, _) => duration(e.mean),
                            (Some(e), Some(native), _) => {
                                format!("{} ({})", duration(e.mean), factor(e.mean / native.mean))
                            }
                        }
                    })
                    .collect();
                table.row([row.label().to_string()].into_iter().chain(cells));
            }
        }
    }

    /// Requests per second per way of serving, a bar per backend, on a log scale: the
    /// native answer is thousands of times faster than a fresh instance's.
    pub(crate) fn serve_charts(&self) -> Vec<Chart> {
        self.serve_hosts()
            .into_iter()
            .map(|host| {
                let rows = Row::all();
                let backends = self.backends_in(Experiment::Serve, host);
                let series = engine_series(&backends, &rows, |engine, &row| {
                    self.serve_row(host, engine.backend, row).map(Bar::rate)
                });
                Chart {
                    name: format!("{}-{host}", Experiment::Serve),
                    title: format!("Requests per second, the serverless request ({host})"),
                    figure: Figure::Bars(Bars {
                        x_desc: "requests per second (log scale)",
                        categories: rows.into_iter().map(Row::category).collect(),
                        series,
                        scale: Scale::LogCount,
                    }),
                }
            })
            .collect()
    }
}
