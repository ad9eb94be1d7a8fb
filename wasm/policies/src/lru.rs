//! LRU: evicts the least recently used object (admission counts as a use).

use crate::Policy;
use crate::list::{Links, List};

#[derive(Default)]
pub struct Lru {
    /// Cached ids, least recently used first.
    by_recency: List,
    links: Links,
}

impl Policy for Lru {
    #[inline]
    fn touch(&mut self, id: u32, _size: u64) -> bool {
        if !self.links.contains(id) {
            return false;
        }
        self.by_recency.move_to_back(&mut self.links, id);
        true
    }

    #[inline]
    fn admit(&mut self, id: u32, _size: u64) {
        self.by_recency.push_back(&mut self.links, id);
    }

    #[inline]
    fn evict(&mut self) -> Option<u32> {
        self.by_recency.pop_front(&mut self.links)
    }
}
