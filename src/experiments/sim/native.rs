//! The baseline: the policy crate called directly in the host.

use policies::{AnyCache, PolicyKind, Stats};

use super::SimDriver;
use crate::workload::Request;
use crate::{Error, Result};

#[derive(Default)]
pub struct NativeDriver {
    /// The cache started last.
    cache: Option<AnyCache>,
}

impl SimDriver for NativeDriver {
    fn start(&mut self, policy: PolicyKind, capacity: i64) -> Result<()> {
        self.cache = Some(AnyCache::new(policy, capacity).map_err(|_| Error::CacheSize { bytes: capacity })?);
        Ok(())
    }

    fn send(&mut self, requests: &[Request]) -> Result<()> {
        // The policy is matched once per call; the loop inside is statically dispatched.
        self.cache.as_mut().ok_or(Error::NotStarted)?.run(requests.iter().copied());
        Ok(())
    }

    fn stats(&mut self) -> Result<Stats> {
        Ok(self.cache.as_ref().ok_or(Error::NotStarted)?.stats())
    }
}
