//! In-cache LFU: evicts the object with the fewest hits since admission (the count
//! starts at 1 on admission and is forgotten on eviction); ties go to the least
//! recently used.
//!
//! O(1) per operation, in the shape of Shah, Mitra & Matani, "An O(1) algorithm for
//! implementing the LFU cache eviction scheme" (2010): one list of objects per count in
//! use (a bucket), each least recently used first (an object joins the end of its
//! count's list when it is admitted or hit, i.e. when it is used), and a list of those
//! buckets by ascending count. The victim is the first object of the first bucket.

use alloc::vec::Vec;

use crate::Policy;
use crate::list::{Link, Links, List, NIL, linked_by_field};

/// An object's place: its neighbours in its bucket, and the bucket (`NIL`: not cached).
#[derive(Clone, Copy)]
struct Object {
    link: Link,
    bucket: u32,
}

impl Default for Object {
    fn default() -> Self {
        Object { link: Link::default(), bucket: NIL }
    }
}

/// The objects used `count` times, and the neighbouring buckets by count.
#[derive(Clone, Copy, Default)]
struct Bucket {
    link: Link,
    count: u64,
    members: List,
}

linked_by_field!(Object, Bucket);

#[derive(Default)]
pub struct Lfu {
    objects: Links<Object>,
    /// Buckets are indices into this arena, reused after they empty.
    buckets: Links<Bucket>,
    /// The buckets in use, by ascending count.
    counts_in_use: List,
    free_buckets: Vec<u32>,
}

impl Lfu {
    /// An empty bucket for objects used `count` times, placed after `after` in the count
    /// list (at its front for `None`).
    fn new_bucket(&mut self, count: u64, after: Option<u32>) -> u32 {
        let bucket = self.free_buckets.pop().unwrap_or(self.buckets.len() as u32);
        *self.buckets.slot_mut(bucket) = Bucket { count, ..Bucket::default() };
        match after {
            Some(at) => self.counts_in_use.insert_after(&mut self.buckets, at, bucket),
            None => self.counts_in_use.push_front(&mut self.buckets, bucket),
        }
        bucket
    }

    /// Takes `id` out of `bucket`, dropping the bucket if that empties it.
    #[inline(always)]
    fn leave(&mut self, bucket: u32, id: u32) {
        let members = &mut self.buckets.at(bucket).members;
        members.unlink(&mut self.objects, id);
        if members.is_empty() {
            self.counts_in_use.unlink(&mut self.buckets, bucket);
            self.free_buckets.push(bucket);
        }
    }

    /// Puts `id` at the end of `bucket`.
    #[inline(always)]
    fn join(&mut self, bucket: u32, id: u32) {
        self.buckets.at(bucket).members.push_back(&mut self.objects, id);
        self.objects.at(id).bucket = bucket;
    }

    /// `id`'s use count, if it is cached.
    pub fn count(&self, id: u32) -> Option<u64> {
        let bucket = self.objects.get(id)?.bucket;
        (bucket != NIL).then(|| self.buckets.get(bucket).map_or(0, |b| b.count))
    }
}

impl Policy for Lfu {
    #[inline]
    fn touch(&mut self, id: u32, _size: u64) -> bool {
        let bucket = match self.objects.get(id) {
            Some(object) if object.bucket != NIL => object.bucket,
            _ => return false,
        };
        let count = self.buckets.at(bucket).count + 1;
        let next = match self.counts_in_use.next(&self.buckets, bucket) {
            Some(next) if self.buckets.at(next).count == count => next,
            _ => self.new_bucket(count, Some(bucket)),
        };
        self.leave(bucket, id);
        self.join(next, id);
        true
    }

    #[inline]
    fn admit(&mut self, id: u32, _size: u64) {
        let ones = match self.counts_in_use.front() {
            Some(first) if self.buckets.at(first).count == 1 => first,
            _ => self.new_bucket(1, None),
        };
        self.join(ones, id);
    }

    #[inline]
    fn evict(&mut self) -> Option<u32> {
        let lowest = self.counts_in_use.front()?;
        let victim = self.buckets.at(lowest).members.front()?;
        self.leave(lowest, victim);
        self.objects.at(victim).bucket = NIL;
        Some(victim)
    }
}
