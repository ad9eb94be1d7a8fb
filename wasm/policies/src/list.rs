//! Doubly linked lists threaded through arrays indexed by dense object ids: push, unlink
//! and pop in O(1), with no allocation per operation and no hashing. FIFO and LRU keep
//! one list; LFU keeps one per frequency, and a list of those frequencies.

use alloc::vec::Vec;

/// No neighbour: the end of a list.
pub(crate) const NIL: u32 = u32::MAX;
/// `prev` of an id that is in no list.
const UNLINKED: u32 = u32::MAX - 1;
/// Ids must stay below the two markers.
pub(crate) const MAX_ID: u32 = UNLINKED - 1;

/// An id's neighbours in the list it is in.
#[derive(Clone, Copy)]
pub(crate) struct Link {
    prev: u32,
    next: u32,
}

impl Default for Link {
    /// In no list.
    fn default() -> Self {
        Link { prev: UNLINKED, next: NIL }
    }
}

/// What an arena holds per id: its [`Link`], and whatever else a policy keeps beside it
/// (in the same slot, so one cache line serves both). `Default` must be "in no list".
pub(crate) trait Linked: Copy + Default {
    fn link(&self) -> &Link;
    fn link_mut(&mut self) -> &mut Link;
}

impl Linked for Link {
    #[inline]
    fn link(&self) -> &Link {
        self
    }

    #[inline]
    fn link_mut(&mut self) -> &mut Link {
        self
    }
}

/// Implements [`Linked`] for structs that keep their [`Link`] in a field named `link`.
macro_rules! linked_by_field {
    ($($slot:ty),*) => {$(
        impl $crate::list::Linked for $slot {
            #[inline]
            fn link(&self) -> &$crate::list::Link {
                &self.link
            }

            #[inline]
            fn link_mut(&mut self) -> &mut $crate::list::Link {
                &mut self.link
            }
        }
    )*};
}
pub(crate) use linked_by_field;

/// Every id's slot, with its neighbours in the list it is in, if any: an arena several
/// [`List`]s share (an id is in at most one of them). Grows to the largest id used.
pub(crate) struct Links<T: Linked = Link> {
    slots: Vec<T>,
}

impl<T: Linked> Default for Links<T> {
    fn default() -> Self {
        Links { slots: Vec::new() }
    }
}

impl<T: Linked> Links<T> {
    #[inline]
    pub(crate) fn contains(&self, id: u32) -> bool {
        self.slots.get(id as usize).is_some_and(|slot| slot.link().prev != UNLINKED)
    }

    /// `id`'s slot, if the arena has reached it.
    #[inline]
    pub(crate) fn get(&self, id: u32) -> Option<&T> {
        self.slots.get(id as usize)
    }

    /// The slot of `id`, which the arena has reached.
    #[inline]
    pub(crate) fn at(&mut self, id: u32) -> &mut T {
        &mut self.slots[id as usize]
    }

    /// `id`'s slot, growing the arena to it.
    #[inline]
    pub(crate) fn slot_mut(&mut self, id: u32) -> &mut T {
        if id as usize >= self.slots.len() {
            self.grow(id);
        }
        &mut self.slots[id as usize]
    }

    /// The number of slots (one past the largest id used).
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.slots.len()
    }

    #[inline]
    fn link(&mut self, id: u32) -> &mut Link {
        self.slots[id as usize].link_mut()
    }

    #[cold]
    fn grow(&mut self, id: u32) {
        assert!(id <= MAX_ID, "object id {id} is above the largest dense id {MAX_ID}");
        self.slots.resize(id as usize + 1, T::default());
    }
}

/// One list's ends; its links live in a [`Links`] arena passed to every operation.
#[derive(Clone, Copy)]
pub(crate) struct List {
    head: u32,
    tail: u32,
}

impl Default for List {
    fn default() -> Self {
        List::EMPTY
    }
}

impl List {
    pub(crate) const EMPTY: List = List { head: NIL, tail: NIL };

    #[inline]
    pub(crate) fn is_empty(&self) -> bool {
        self.head == NIL
    }

    #[inline]
    pub(crate) fn front(&self) -> Option<u32> {
        (self.head != NIL).then_some(self.head)
    }

    /// The id after `id` in this list.
    #[inline]
    pub(crate) fn next<T: Linked>(&self, links: &Links<T>, id: u32) -> Option<u32> {
        let next = links.slots[id as usize].link().next;
        (next != NIL).then_some(next)
    }

    /// Appends `id`, which must be in no list.
    #[inline]
    pub(crate) fn push_back<T: Linked>(&mut self, links: &mut Links<T>, id: u32) {
        debug_assert!(!links.contains(id), "id {id} is already linked");
        *links.slot_mut(id).link_mut() = Link { prev: self.tail, next: NIL };
        match self.tail {
            NIL => self.head = id,
            tail => links.link(tail).next = id,
        }
        self.tail = id;
    }

    /// Prepends `id`, which must be in no list.
    #[inline]
    pub(crate) fn push_front<T: Linked>(&mut self, links: &mut Links<T>, id: u32) {
        debug_assert!(!links.contains(id), "id {id} is already linked");
        *links.slot_mut(id).link_mut() = Link { prev: NIL, next: self.head };
        match self.head {
            NIL => self.tail = id,
            head => links.link(head).prev = id,
        }
        self.head = id;
    }

    /// Inserts `id` (in no list) right after `at` (in this list).
    #[inline]
    pub(crate) fn insert_after<T: Linked>(&mut self, links: &mut Links<T>, at: u32, id: u32) {
        debug_assert!(links.contains(at) && !links.contains(id));
        links.slot_mut(id);
        let next = links.link(at).next;
        *links.link(id) = Link { prev: at, next };
        links.link(at).next = id;
        match next {
            NIL => self.tail = id,
            next => links.link(next).prev = id,
        }
    }

    /// Takes `id`, which must be in this list, out of it.
    #[inline]
    pub(crate) fn unlink<T: Linked>(&mut self, links: &mut Links<T>, id: u32) {
        debug_assert!(links.contains(id), "id {id} is not linked");
        let Link { prev, next } = core::mem::take(links.link(id));
        match prev {
            NIL => self.head = next,
            prev => links.link(prev).next = next,
        }
        match next {
            NIL => self.tail = prev,
            next => links.link(next).prev = prev,
        }
    }

    /// Takes the first id out of the list.
    #[inline]
    pub(crate) fn pop_front<T: Linked>(&mut self, links: &mut Links<T>) -> Option<u32> {
        let id = self.front()?;
        self.unlink(links, id);
        Some(id)
    }

    /// Moves `id`, which must be in this list, to its end.
    #[inline]
    pub(crate) fn move_to_back<T: Linked>(&mut self, links: &mut Links<T>, id: u32) {
        if self.tail != id {
            self.unlink(links, id);
            self.push_back(links, id);
        }
    }
}
