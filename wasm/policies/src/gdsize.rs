//! GreedyDual-Size with cost 1 (Cao & Irani 1997): an object's value is
//! H = L + 1/size, set on admission and refreshed on every hit; the object with the
//! lowest H is evicted and L (the inflation value) becomes its H, so objects that stay
//! unused age relative to newcomers. Among equal H the one whose H was set earliest
//! goes. (The paper's public code never raised L nor refreshed H on a hit.)
//!
//! The cached objects sit in a 4-ary min-heap ordered by (H, when H was set), and each
//! object knows its slot in the heap, so a hit re-sorts it in place: O(log n) per
//! request with a shallow heap (log4 of the cached objects), no hashing.

use alloc::vec::Vec;

use crate::Policy;
use crate::list::NIL;

/// Children per heap node: fewer levels than a binary heap, and the four children of a
/// node share a cache line or two.
const ARITY: usize = 4;

#[derive(Clone, Copy)]
struct Entry {
    /// H. Never NaN: L is a past H, and 1/size is finite for size >= 1.
    value: f64,
    /// The tick at which `value` was set: unique, so the order is total.
    set_at: u64,
    id: u32,
}

impl Entry {
    /// Heap order: lower H first, then earlier set. For the positive, finite H values
    /// here this is `f64::total_cmp` on H, then the tick.
    #[inline]
    fn before(&self, other: &Entry) -> bool {
        self.value < other.value || (self.value == other.value && self.set_at < other.set_at)
    }
}

#[derive(Default)]
pub struct GdSize {
    heap: Vec<Entry>,
    /// Each object's index in `heap` (`NIL` when not cached).
    slot: Vec<u32>,
    inflation: f64,
    clock: u64,
}

impl GdSize {
    /// The current inflation value L.
    pub fn inflation(&self) -> f64 {
        self.inflation
    }

    #[inline]
    fn value_of(&self, size: u64) -> f64 {
        self.inflation + 1.0 / size as f64
    }

    #[inline]
    fn tick(&mut self) -> u64 {
        self.clock += 1;
        self.clock
    }

    #[inline]
    fn place(&mut self, index: usize, entry: Entry) {
        self.slot[entry.id as usize] = index as u32;
        self.heap[index] = entry;
    }

    /// Moves the entry at `index` towards the root until its parent comes before it.
    fn sift_up(&mut self, mut index: usize) {
        let entry = self.heap[index];
        while index > 0 {
            let parent = (index - 1) / ARITY;
            if !entry.before(&self.heap[parent]) {
                break;
            }
            let moved = self.heap[parent];
            self.place(index, moved);
            index = parent;
        }
        self.place(index, entry);
    }

    /// Moves the entry at `index` towards the leaves until it comes before its children.
    fn sift_down(&mut self, mut index: usize) {
        let entry = self.heap[index];
        let len = self.heap.len();
        loop {
            let first = index * ARITY + 1;
            if first >= len {
                break;
            }
            let mut least = first;
            for child in first + 1..(first + ARITY).min(len) {
                if self.heap[child].before(&self.heap[least]) {
                    least = child;
                }
            }
            if !self.heap[least].before(&entry) {
                break;
            }
            let moved = self.heap[least];
            self.place(index, moved);
            index = least;
        }
        self.place(index, entry);
    }
}

impl Policy for GdSize {
    #[inline]
    fn touch(&mut self, id: u32, size: u64) -> bool {
        let index = match self.slot.get(id as usize) {
            Some(&index) if index != NIL => index as usize,
            _ => return false,
        };
        let (value, set_at) = (self.value_of(size), self.tick());
        // L never falls (it only ever takes the lowest H, and every H is at least the
        // L it was set with), so the refreshed key is never smaller: sift down only.
        debug_assert!(!(Entry { value, set_at, id }).before(&self.heap[index]));
        self.heap[index] = Entry { value, set_at, id };
        self.sift_down(index);
        true
    }

    #[inline]
    fn admit(&mut self, id: u32, size: u64) {
        let entry = Entry { value: self.value_of(size), set_at: self.tick(), id };
        if id as usize >= self.slot.len() {
            self.slot.resize(id as usize + 1, NIL);
        }
        self.heap.push(entry);
        self.sift_up(self.heap.len() - 1);
    }

    #[inline]
    fn evict(&mut self) -> Option<u32> {
        let last = self.heap.pop()?;
        let victim = match self.heap.first() {
            None => last,
            Some(&root) => {
                self.heap[0] = last;
                self.sift_down(0);
                root
            }
        };
        self.slot[victim.id as usize] = NIL;
        self.inflation = victim.value;
        Some(victim.id)
    }
}
