//! Web-proxy cache replacement policies, compiled both into the native host and into
//! the simulator guest, so native and WASM runs execute exactly the same code.
//!
//! [`Cache`] holds what every policy shares (capacity, used bytes, the size an object
//! was first seen with, the counters); a [`Policy`] only decides which object leaves.
//! Rules, identical for every policy:
//! - an object's size is fixed at its first request (later sizes are ignored);
//! - an object larger than the whole cache is never admitted: the request is a miss
//!   and nothing is evicted;
//! - every request costs O(1) or O(log n) in the number of cached objects.
#![no_std]

extern crate alloc;

mod fifo;
mod gdsize;
mod lfu;
mod lru;

use alloc::boxed::Box;
use core::fmt;

pub use abi_types::Stats;
use hashbrown::HashMap;

pub use fifo::Fifo;
pub use gdsize::GdSize;
pub use lfu::Lfu;
pub use lru::Lru;

/// A replacement policy: bookkeeping for the objects in the cache, and the choice of
/// victim. [`Cache`] calls it only in the ways its docs say.
pub trait Policy {
    /// `id` was requested. If it is cached, record the hit and return true.
    fn touch(&mut self, id: i32) -> bool;
    /// Admit `id`, which is not cached, with `size` bytes (room has been made).
    fn admit(&mut self, id: i32, size: i64);
    /// Remove the policy's victim and return its id and size; `None` if empty.
    fn evict(&mut self) -> Option<(i32, i64)>;
}

/// A logical clock: each call to `tick` returns a later instant. Policies stamp entries
/// with it to break ties by recency or age.
#[derive(Default)]
struct Clock(u64);

impl Clock {
    fn tick(&mut self) -> u64 {
        self.0 += 1;
        self.0
    }
}

/// The policies, as a value (the guest's `init` receives one as an `i32` code).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(i32)]
pub enum PolicyKind {
    Fifo = 0,
    Lru = 1,
    Lfu = 2,
    GdSize = 3,
}

impl PolicyKind {
    pub const ALL: [PolicyKind; 4] = [PolicyKind::Fifo, PolicyKind::Lru, PolicyKind::Lfu, PolicyKind::GdSize];

    pub fn code(self) -> i32 {
        self as i32
    }

    pub fn from_code(code: i32) -> Option<PolicyKind> {
        PolicyKind::ALL.into_iter().find(|kind| kind.code() == code)
    }

    pub fn name(self) -> &'static str {
        match self {
            PolicyKind::Fifo => "fifo",
            PolicyKind::Lru => "lru",
            PolicyKind::Lfu => "lfu",
            PolicyKind::GdSize => "gdsize",
        }
    }

    fn build(self) -> Box<dyn Policy> {
        match self {
            PolicyKind::Fifo => Box::new(Fifo::default()),
            PolicyKind::Lru => Box::new(Lru::default()),
            PolicyKind::Lfu => Box::new(Lfu::default()),
            PolicyKind::GdSize => Box::new(GdSize::default()),
        }
    }
}

impl fmt::Display for PolicyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a cache could not be made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CacheError {
    /// Capacity must be at least one byte.
    NonPositiveCapacity(i64),
}

/// A web-proxy cache of `capacity` bytes managed by one policy, with its counters.
pub struct Cache {
    policy: Box<dyn Policy>,
    capacity: i64,
    used: i64,
    /// Size of every object ever requested, as first seen.
    sizes: HashMap<i32, i64>,
    stats: Stats,
}

impl Cache {
    pub fn new(kind: PolicyKind, capacity: i64) -> Result<Cache, CacheError> {
        if capacity <= 0 {
            return Err(CacheError::NonPositiveCapacity(capacity));
        }
        Ok(Cache { policy: kind.build(), capacity, used: 0, sizes: HashMap::new(), stats: Stats::default() })
    }

    /// One request; true on a hit.
    pub fn request(&mut self, id: i32, size: i32) -> bool {
        let size = *self.sizes.entry(id).or_insert(i64::from(size));
        self.stats.requests += 1;
        self.stats.bytes_requested += size as u64;
        if self.policy.touch(id) {
            self.stats.hits += 1;
            self.stats.bytes_hit += size as u64;
            return true;
        }
        if size > self.capacity {
            return false;
        }
        while self.used + size > self.capacity {
            match self.policy.evict() {
                Some((_, evicted)) => self.used -= evicted,
                // Unreachable while the policy's contents match `used`; never loop forever.
                None => break,
            }
        }
        self.policy.admit(id, size);
        self.used += size;
        false
    }

    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// Bytes held by cached objects (never more than the capacity).
    pub fn used(&self) -> i64 {
        self.used
    }

    pub fn capacity(&self) -> i64 {
        self.capacity
    }
}
