//! GreedyDual-Size with cost 1 (Cao & Irani 1997): an object's value is
//! H = L + 1/size, set on admission and refreshed on every hit; the object with the
//! lowest H is evicted and L (the inflation value) becomes its H, so objects that stay
//! unused age relative to newcomers. Among equal H the one whose H was set earliest
//! goes. (The paper's public code never raised L nor refreshed H on a hit.)

use alloc::collections::BTreeSet;
use core::cmp::Ordering;

use hashbrown::HashMap;

use crate::{Clock, Policy};

/// An `f64` ordered by `total_cmp`, so H values can key a `BTreeSet`. H is never NaN
/// (L is a past H, and 1/size is finite for size >= 1).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Value(f64);

impl Eq for Value {}

impl PartialOrd for Value {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Value {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

#[derive(Default)]
pub struct GdSize {
    /// (H, tick H was set, id); the first entry is the victim.
    order: BTreeSet<(Value, u64, i32)>,
    /// id -> (H, tick H was set, size).
    entries: HashMap<i32, (Value, u64, i64)>,
    inflation: f64,
    clock: Clock,
}

impl GdSize {
    fn value_of(&self, size: i64) -> Value {
        Value(self.inflation + 1.0 / size as f64)
    }

    /// The current inflation value L.
    pub fn inflation(&self) -> f64 {
        self.inflation
    }
}

impl Policy for GdSize {
    fn touch(&mut self, id: i32) -> bool {
        let Some(&(value, set_at, size)) = self.entries.get(&id) else { return false };
        self.order.remove(&(value, set_at, id));
        let (refreshed, now) = (self.value_of(size), self.clock.tick());
        self.order.insert((refreshed, now, id));
        self.entries.insert(id, (refreshed, now, size));
        true
    }

    fn admit(&mut self, id: i32, size: i64) {
        let (value, now) = (self.value_of(size), self.clock.tick());
        self.order.insert((value, now, id));
        self.entries.insert(id, (value, now, size));
    }

    fn evict(&mut self) -> Option<(i32, i64)> {
        let (value, _, id) = self.order.pop_first()?;
        self.inflation = value.0;
        let (_, _, size) = self.entries.remove(&id)?;
        Some((id, size))
    }
}
