//! `summary.md`'s tables on the native simulator alone: throughput per policy at each
//! cache size (the baselines every WASM/native ratio divides by), and the hit-rate
//! sweep serial against parallel.

use std::fmt::Write as _;

use super::summary::{Summary, duration};
use super::{BenchId, HOSTS};
use crate::experiments::sim::PolicyKind;
use crate::units::parse_size;

impl Summary<'_> {
    /// Hosts with native-simulator results.
    pub(super) fn native_sim_hosts(&self) -> Vec<&'static str> {
        HOSTS
            .into_iter()
            .filter(|host| self.results.ids_under(&format!("simulator-native/{host}")).next().is_some())
            .collect()
    }

    /// The cache sizes (labels, ascending) with native results for `host`.
    pub(super) fn native_sim_caches(&self, host: &str) -> Vec<String> {
        let mut caches: Vec<(i64, String)> = self
            .results
            .estimates
            .keys()
            .filter_map(|id| match BenchId::parse(id)? {
                BenchId::NativeSim { host: h, cache, .. } if h == host => {
                    Some((parse_size(cache).ok()?, cache.to_owned()))
                }
                _ => None,
            })
            .collect();
        caches.sort();
        caches.dedup();
        caches.into_iter().map(|(_, label)| label).collect()
    }

    /// Millions of requests per second of `policy` natively at `cache`.
    pub(super) fn native_sim_rate(&self, host: &str, policy: PolicyKind, cache: &str) -> Option<f64> {
        let estimate = self.results.get(&format!("simulator-native/{host}/{policy}/{cache}"))?;
        Some(estimate.elements_per_second()? / 1e6)
    }

    pub(super) fn native_sim_tables(&self, md: &mut String) {
        for host in self.native_sim_hosts() {
            let _ = writeln!(md, "## Native simulator by cache size, {host}\n");
            let _ = writeln!(
                md,
                "Millions of requests per second, the policy crate called in the host on the profile's trace: the \
                 baselines every WASM/native ratio divides by. In parentheses: against FIFO at the same size.\n"
            );
            let _ = writeln!(md, "| cache | {} |", PolicyKind::ALL.map(|p| p.name()).join(" | "));
            let _ = writeln!(md, "|---|{}", "---|".repeat(PolicyKind::ALL.len()));
            for cache in self.native_sim_caches(host) {
                let fifo = self.native_sim_rate(host, PolicyKind::Fifo, &cache);
                let cells: Vec<String> = PolicyKind::ALL
                    .iter()
                    .map(|&policy| match (self.native_sim_rate(host, policy, &cache), fifo) {
                        (Some(rate), Some(fifo)) if policy != PolicyKind::Fifo => {
                            format!("{rate:.1} ({:.2}x)", rate / fifo)
                        }
                        (Some(rate), _) => format!("{rate:.1}"),
                        (None, _) => "missing".into(),
                    })
                    .collect();
                let _ = writeln!(md, "| {cache} | {} |", cells.join(" | "));
            }
            md.push('\n');
            let sweep = |mode: &str| self.results.get(&format!("hit-rate-sweep/{host}/{mode}"));
            if let (Some(serial), Some(parallel)) = (sweep("serial"), sweep("parallel")) {
                let _ = writeln!(
                    md,
                    "Hit-rate sweep (every policy at every paper cache size, the Figure 6 data): {} on one thread, \
                     {} on all cores: {:.2} of the serial time.\n",
                    duration(serial.mean),
                    duration(parallel.mean),
                    parallel.mean / serial.mean
                );
            }
        }
    }
}
