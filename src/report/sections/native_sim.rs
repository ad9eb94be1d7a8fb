//! The native simulator alone: throughput per policy at each cache size (the baselines
//! every WASM/native ratio divides by), with its chart, and the hit-rate sweep serial
//! against parallel.

use crate::experiments::sim::PolicyKind;
use crate::ids::{CacheSize, Experiment, HostProfile, NativeSimGroup, NativeSimId, SweepGroup, SweepId, SweepMode};
use crate::report::data::chart::{Axes, Chart, Figure, Line, Panel};
use crate::report::data::palette;
use crate::report::data::query::Summary;
use crate::report::doc::Doc;
use crate::report::format::{MISSING, duration};

impl Summary<'_> {
    pub(crate) fn native_sim_hosts(&self) -> Vec<HostProfile> {
        self.hosts::<NativeSimId>(|id| id.group.host)
    }

    /// The cache sizes with native results for `host`, ascending.
    pub(crate) fn native_sim_caches(&self, host: HostProfile) -> Vec<CacheSize> {
        let mut caches: Vec<CacheSize> =
            self.results.ids_of::<NativeSimId>().filter(|id| id.group.host == host).map(|id| id.case).collect();
        caches.sort();
        caches.dedup();
        caches
    }

    /// Millions of requests per second of `policy` natively at `cache`.
    pub(crate) fn native_sim_rate(&self, host: HostProfile, policy: PolicyKind, cache: CacheSize) -> Option<f64> {
        let estimate = self.results.get(NativeSimId::new(NativeSimGroup { host, policy }, cache))?;
        Some(estimate.elements_per_second()? / 1e6)
    }

    pub(crate) fn native_sim_tables(&self, doc: &mut Doc) {
        for host in self.native_sim_hosts() {
            doc.heading(2, format!("Native simulator by cache size, {host}"));
            doc.paragraph(
                "Millions of requests per second, the policy crate called in the host on the profile's trace: the \
                 baselines every WASM/native ratio divides by. In parentheses: against FIFO at the same size.",
            );
            let table = doc.table(&["cache"], &PolicyKind::ALL.map(|p| p.name()));
            for cache in self.native_sim_caches(host) {
                let fifo = self.native_sim_rate(host, PolicyKind::Fifo, cache);
                let cells: Vec<String> = PolicyKind::ALL
                    .iter()
                    .map(|&policy| match (self.native_sim_rate(host, policy, cache), fifo) {
                        (Some(rate), Some(fifo)) if policy != PolicyKind::Fifo => {
                            format!("{rate:.1} ({:.2}x)", rate / fifo)
                        }
                        (Some(rate), _) => format!("{rate:.1}"),
                        (None, _) => MISSING.into(),
                    })
                    .collect();
                table.row([cache.to_string()].into_iter().chain(cells));
            }
            let sweep = |mode| self.results.get(SweepId::new(SweepGroup { host }, mode));
            if let (Some(serial), Some(parallel)) = (sweep(SweepMode::Serial), sweep(SweepMode::Parallel)) {
                doc.paragraph(format!(
                    "Hit-rate sweep (every policy at every paper cache size, the Figure 6 data): {} on one thread, \
                     {} on all cores: {:.2} of the serial time.",
                    duration(serial.mean),
                    duration(parallel.mean),
                    parallel.mean / serial.mean
                ));
            }
        }
    }

    /// The native baselines against cache size, a line per policy.
    pub(crate) fn native_sim_charts(&self) -> Vec<Chart> {
        self.native_sim_hosts()
            .into_iter()
            .map(|host| {
                let caches = self.native_sim_caches(host);
                let lines = PolicyKind::ALL
                    .into_iter()
                    .map(|policy| {
                        let points = caches
                            .iter()
                            .filter_map(|&cache| Some((cache.0 as f64, self.native_sim_rate(host, policy, cache)?)));
                        Line::solid(policy.name(), palette::policy_color(policy), points.collect())
                    })
                    .collect();
                let title = format!("Native simulator throughput against cache size ({host})");
                let panel =
                    Panel { title: title.clone(), axes: Axes::cache_sizes("million requests per second"), lines };
                Chart { name: format!("{}-{host}", Experiment::NativeSim), title, figure: Figure::Lines(vec![panel]) }
            })
            .collect()
    }
}
