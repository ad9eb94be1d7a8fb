//! Object and byte hit rate against cache size (the paper's Figure 6): one native run
//! per (policy, cache size) point, the points spread over the cores with rayon.

use policies::{PolicyKind, Stats};
use rayon::prelude::*;

use super::{NativeDriver, SimDriver};
use crate::Result;
use crate::workload::Request;

/// One point of a hit-rate curve.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HitRatePoint {
    pub policy: PolicyKind,
    pub cache_bytes: i64,
    pub stats: Stats,
}

/// The paper's cache sizes: 4 MiB doubling up to 8 GiB.
pub fn paper_cache_sizes() -> Vec<i64> {
    (0..=11).map(|doublings| (4i64 << 20) << doublings).collect()
}

/// Runs every policy at every cache size over `trace`, natively (the WASM drivers give
/// identical counters; the tests check that). Points come back policy by policy, sizes
/// in the order given, whatever order they ran in.
pub fn hit_rate_curve(trace: &[Request], policies: &[PolicyKind], cache_sizes: &[i64]) -> Result<Vec<HitRatePoint>> {
    hit_rate_curve_with(trace, policies, cache_sizes, |_| {})
}

/// [`hit_rate_curve`], calling `on_point` as each point finishes (from any thread), e.g.
/// to show progress. Runs on the current rayon thread pool: inside
/// `ThreadPool::install`, on that pool's threads.
pub fn hit_rate_curve_with(
    trace: &[Request],
    policies: &[PolicyKind],
    cache_sizes: &[i64],
    on_point: impl Fn(&HitRatePoint) + Sync,
) -> Result<Vec<HitRatePoint>> {
    let grid: Vec<(PolicyKind, i64)> =
        policies.iter().flat_map(|&policy| cache_sizes.iter().map(move |&size| (policy, size))).collect();
    grid.into_par_iter()
        .map(|(policy, cache_bytes)| {
            let point =
                HitRatePoint { policy, cache_bytes, stats: NativeDriver::default().run(policy, cache_bytes, trace)? };
            on_point(&point);
            Ok(point)
        })
        .collect()
}
