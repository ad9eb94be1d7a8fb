//! The baseline: the policy crate called directly in the host.

use policies::{AnyCache, PolicyKind, Stats};

use super::SimDriver;
use crate::workload::Request;
use crate::{Error, Result};

pub struct NativeDriver;

impl SimDriver for NativeDriver {
    fn run(&mut self, policy: PolicyKind, capacity: i64, trace: &[Request]) -> Result<Stats> {
        let mut cache = AnyCache::new(policy, capacity).map_err(|_| Error::CacheSize { bytes: capacity })?;
        // The policy is matched once; the loop inside is statically dispatched.
        cache.run(trace.iter().copied());
        Ok(cache.stats())
    }
}
