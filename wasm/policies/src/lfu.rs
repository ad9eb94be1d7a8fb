//! In-cache LFU: evicts the object with the fewest hits since admission (the count
//! starts at 1 on admission and is forgotten on eviction); ties go to the least
//! recently used.

use alloc::collections::BTreeSet;

use hashbrown::HashMap;

use crate::{Clock, Policy};

#[derive(Default)]
pub struct Lfu {
    /// (count, last-use tick, id); the first entry is the victim.
    order: BTreeSet<(u64, u64, i32)>,
    /// id -> (count, last-use tick, size).
    entries: HashMap<i32, (u64, u64, i64)>,
    clock: Clock,
}

impl Policy for Lfu {
    fn touch(&mut self, id: i32) -> bool {
        let now = self.clock.tick();
        let Some((count, last_use, _)) = self.entries.get_mut(&id) else { return false };
        self.order.remove(&(*count, *last_use, id));
        *count += 1;
        *last_use = now;
        self.order.insert((*count, now, id));
        true
    }

    fn admit(&mut self, id: i32, size: i64) {
        let now = self.clock.tick();
        self.order.insert((1, now, id));
        self.entries.insert(id, (1, now, size));
    }

    fn evict(&mut self) -> Option<(i32, i64)> {
        let (_, _, id) = self.order.pop_first()?;
        let (_, _, size) = self.entries.remove(&id)?;
        Some((id, size))
    }
}
