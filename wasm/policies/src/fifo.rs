//! FIFO: evicts in admission order; a hit does not reorder.

use crate::Policy;
use crate::list::{Links, List};

#[derive(Default)]
pub struct Fifo {
    /// Cached ids, oldest admission first.
    queue: List,
    links: Links,
}

impl Policy for Fifo {
    #[inline]
    fn touch(&mut self, id: u32, _size: u64) -> bool {
        self.links.contains(id)
    }

    #[inline]
    fn admit(&mut self, id: u32, _size: u64) {
        self.queue.push_back(&mut self.links, id);
    }

    #[inline]
    fn evict(&mut self) -> Option<u32> {
        self.queue.pop_front(&mut self.links)
    }
}
