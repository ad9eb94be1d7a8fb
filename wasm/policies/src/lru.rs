//! LRU: evicts the least recently used object (admission counts as a use).

use alloc::collections::BTreeMap;

use hashbrown::HashMap;

use crate::{Clock, Policy};

#[derive(Default)]
pub struct Lru {
    /// Last-use tick -> id; the first entry is the least recently used.
    by_recency: BTreeMap<u64, i32>,
    /// id -> (last-use tick, size).
    entries: HashMap<i32, (u64, i64)>,
    clock: Clock,
}

impl Policy for Lru {
    fn touch(&mut self, id: i32) -> bool {
        let now = self.clock.tick();
        let Some((last_use, _)) = self.entries.get_mut(&id) else { return false };
        self.by_recency.remove(last_use);
        *last_use = now;
        self.by_recency.insert(now, id);
        true
    }

    fn admit(&mut self, id: i32, size: i64) {
        let now = self.clock.tick();
        self.by_recency.insert(now, id);
        self.entries.insert(id, (now, size));
    }

    fn evict(&mut self) -> Option<(i32, i64)> {
        let (_, id) = self.by_recency.pop_first()?;
        let (_, size) = self.entries.remove(&id)?;
        Some((id, size))
    }
}
