//! Object and byte hit rate against cache size (the paper's Figure 6).

use policies::{PolicyKind, Stats};

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

/// Runs every policy at every cache size over `trace`, natively (the WASM drivers
/// give identical counters; the tests check that).
pub fn hit_rate_curve(trace: &[Request], policies: &[PolicyKind], cache_sizes: &[i64]) -> Result<Vec<HitRatePoint>> {
    let mut points = Vec::with_capacity(policies.len() * cache_sizes.len());
    for &policy in policies {
        for &cache_bytes in cache_sizes {
            let stats = NativeDriver.run(policy, cache_bytes, trace)?;
            points.push(HitRatePoint { policy, cache_bytes, stats });
        }
    }
    Ok(points)
}
