//! FIFO: evicts in admission order; a hit does not reorder.

use alloc::collections::VecDeque;

use hashbrown::HashMap;

use crate::Policy;

#[derive(Default)]
pub struct Fifo {
    queue: VecDeque<i32>,
    sizes: HashMap<i32, i64>,
}

impl Policy for Fifo {
    fn touch(&mut self, id: i32) -> bool {
        self.sizes.contains_key(&id)
    }

    fn admit(&mut self, id: i32, size: i64) {
        self.queue.push_back(id);
        self.sizes.insert(id, size);
    }

    fn evict(&mut self) -> Option<(i32, i64)> {
        let id = self.queue.pop_front()?;
        Some((id, self.sizes.remove(&id)?))
    }
}
