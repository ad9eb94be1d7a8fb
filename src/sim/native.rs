//! The baseline: the policy crate called directly in the host.

use policies::{Cache, PolicyKind, Stats};

use super::SimDriver;
use crate::workload::Request;
use crate::{Error, Result};

pub struct NativeDriver;

impl SimDriver for NativeDriver {
    fn run(&mut self, policy: PolicyKind, capacity: i64, trace: &[Request]) -> Result<Stats> {
        let mut cache = Cache::new(policy, capacity).map_err(|_| Error::CacheSize { bytes: capacity })?;
        for request in trace {
            cache.request(request.id, request.size);
        }
        Ok(cache.stats())
    }
}
