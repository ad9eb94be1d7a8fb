//! Web-proxy cache replacement policies, compiled both into the native host and into
//! the simulator guest, so native and WASM runs execute exactly the same code.
//!
//! Objects are dense ids (`0..n`): the trace readers and the generator map whatever ids
//! a trace has to indices at load time, so every per-object record here is an array
//! slot, never a hash-map entry. Arrays grow to the largest id seen (the guest learns
//! ids as requests arrive).
//!
//! [`Cache`] holds what every policy shares (capacity, used bytes, the size an object
//! was first seen with, the counters); a [`Policy`] only decides which object leaves.
//! Rules, identical for every policy:
//! - an object's size is fixed at its first request (later sizes are ignored);
//! - an object larger than the whole cache is never admitted: the request is a miss
//!   and nothing is evicted;
//! - FIFO, LRU and LFU do O(1) work per request, GD-Size O(log n) in the cached objects.
//!
//! [`Cache`] is generic over its policy, so the per-request path is dispatched
//! statically; [`AnyCache`] picks the policy at run time and matches once per call
//! ([`AnyCache::run`] once per batch of requests).
#![no_std]

extern crate alloc;

mod fifo;
mod gdsize;
mod lfu;
mod list;
mod lru;
pub mod proxy;

use alloc::vec::Vec;
use core::fmt;

pub use abi_types::{Request, Stats};

pub use fifo::Fifo;
pub use gdsize::GdSize;
pub use lfu::Lfu;
pub use lru::Lru;

/// The largest object id the arrays accept (two values above it mark list ends).
pub const MAX_OBJECT_ID: u32 = list::MAX_ID;

/// A replacement policy: bookkeeping for the objects in the cache, and the choice of
/// victim. [`Cache`] calls it only in the ways its docs say.
pub trait Policy: Default {
    /// `id`, of `size` bytes, was requested. If it is cached, record the hit and
    /// return true.
    fn touch(&mut self, id: u32, size: u64) -> bool;
    /// Admit `id`, which is not cached, with `size` bytes (room has been made).
    fn admit(&mut self, id: u32, size: u64);
    /// Remove the policy's victim and return its id; `None` if empty.
    fn evict(&mut self) -> Option<u32>;
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

    /// The policy named `name` (as [`PolicyKind::name`] gives it, any case).
    pub fn from_name(name: &str) -> Option<PolicyKind> {
        PolicyKind::ALL.into_iter().find(|kind| kind.name().eq_ignore_ascii_case(name))
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

/// A web-proxy cache of `capacity` bytes managed by policy `P`, with its counters.
pub struct Cache<P: Policy> {
    policy: P,
    capacity: u64,
    used: u64,
    /// Each object's size as first requested; 0 for an object not requested yet.
    sizes: Vec<u32>,
    stats: Stats,
}

impl<P: Policy> Cache<P> {
    pub fn new(capacity: i64) -> Result<Self, CacheError> {
        match u64::try_from(capacity) {
            Ok(capacity) if capacity > 0 => {
                Ok(Cache { policy: P::default(), capacity, used: 0, sizes: Vec::new(), stats: Stats::default() })
            }
            _ => Err(CacheError::NonPositiveCapacity(capacity)),
        }
    }

    /// One request for object `id` (a dense id, at most [`MAX_OBJECT_ID`]) of `size`
    /// bytes; true on a hit. Sizes are at least 1 byte (the trace readers and the
    /// generator guarantee it): a 0 leaves the object's size unknown until a request
    /// that gives one.
    #[inline]
    pub fn request(&mut self, id: u32, size: u32) -> bool {
        if id as usize >= self.sizes.len() {
            self.grow(id);
        }
        let known = &mut self.sizes[id as usize];
        if *known == 0 {
            *known = size;
        }
        let size = u64::from(*known);
        self.stats.requests += 1;
        self.stats.bytes_requested += size;
        if self.policy.touch(id, size) {
            self.stats.hits += 1;
            self.stats.bytes_hit += size;
            return true;
        }
        if size > self.capacity {
            return false;
        }
        while self.used + size > self.capacity {
            match self.policy.evict() {
                Some(victim) => self.used -= u64::from(self.sizes[victim as usize]),
                // Unreachable while the policy's contents match `used`; never loop forever.
                None => break,
            }
        }
        self.policy.admit(id, size);
        self.used += size;
        false
    }

    /// Every request in order (from a slice, `trace.iter().copied()`, or any other
    /// source); returns the hits among them.
    pub fn run(&mut self, requests: impl IntoIterator<Item = Request>) -> u64 {
        requests.into_iter().map(|r| u64::from(self.request(r.id, r.size))).sum()
    }

    #[cold]
    fn grow(&mut self, id: u32) {
        assert!(id <= MAX_OBJECT_ID, "object id {id} is above the largest dense id {MAX_OBJECT_ID}");
        self.sizes.resize(id as usize + 1, 0);
    }

    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// Bytes held by cached objects (never more than the capacity).
    pub fn used(&self) -> u64 {
        self.used
    }

    pub fn capacity(&self) -> u64 {
        self.capacity
    }

    pub fn policy(&self) -> &P {
        &self.policy
    }
}

/// A [`Cache`] whose policy is chosen at run time.
pub enum AnyCache {
    Fifo(Cache<Fifo>),
    Lru(Cache<Lru>),
    Lfu(Cache<Lfu>),
    GdSize(Cache<GdSize>),
}

/// Runs `$body` with `$cache` bound to the inner, statically typed cache.
macro_rules! with_cache {
    ($any:expr, $cache:ident => $body:expr) => {
        match $any {
            AnyCache::Fifo($cache) => $body,
            AnyCache::Lru($cache) => $body,
            AnyCache::Lfu($cache) => $body,
            AnyCache::GdSize($cache) => $body,
        }
    };
}

impl AnyCache {
    pub fn new(kind: PolicyKind, capacity: i64) -> Result<AnyCache, CacheError> {
        Ok(match kind {
            PolicyKind::Fifo => AnyCache::Fifo(Cache::new(capacity)?),
            PolicyKind::Lru => AnyCache::Lru(Cache::new(capacity)?),
            PolicyKind::Lfu => AnyCache::Lfu(Cache::new(capacity)?),
            PolicyKind::GdSize => AnyCache::GdSize(Cache::new(capacity)?),
        })
    }

    pub fn kind(&self) -> PolicyKind {
        match self {
            AnyCache::Fifo(_) => PolicyKind::Fifo,
            AnyCache::Lru(_) => PolicyKind::Lru,
            AnyCache::Lfu(_) => PolicyKind::Lfu,
            AnyCache::GdSize(_) => PolicyKind::GdSize,
        }
    }

    /// One request (see [`Cache::request`]); true on a hit.
    #[inline]
    pub fn request(&mut self, id: u32, size: u32) -> bool {
        with_cache!(self, cache => cache.request(id, size))
    }

    /// Every request in order, the policy matched once; returns the hits among them.
    pub fn run(&mut self, requests: impl IntoIterator<Item = Request>) -> u64 {
        with_cache!(self, cache => cache.run(requests))
    }

    pub fn stats(&self) -> Stats {
        with_cache!(self, cache => cache.stats())
    }

    pub fn used(&self) -> u64 {
        with_cache!(self, cache => cache.used())
    }

    pub fn capacity(&self) -> u64 {
        with_cache!(self, cache => cache.capacity())
    }
}
