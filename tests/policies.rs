//! Each replacement policy on small hand-worked traces, and the rules every policy
//! shares (see wasm/policies/src/lib.rs).

use policies::{AnyCache, Fifo, GdSize, Lfu, Lru, Policy, PolicyKind};

/// Runs `(id, size)` requests through a fresh cache; returns hit (true) per request.
fn hits(kind: PolicyKind, capacity: i64, requests: &[(u32, u32)]) -> Vec<bool> {
    let mut cache = AnyCache::new(kind, capacity).unwrap();
    requests.iter().map(|&(id, size)| cache.request(id, size)).collect()
}

const A: u32 = 1;
const B: u32 = 2;
const C: u32 = 3;
const D: u32 = 4;
const E: u32 = 5;

#[test]
fn fifo_evicts_in_admission_order_and_a_hit_does_not_reorder() {
    // Room for three 1-byte objects. A's hit does not save it: D evicts A.
    let trace = [(A, 1), (B, 1), (C, 1), (A, 1), (D, 1), (A, 1), (C, 1)];
    assert_eq!(hits(PolicyKind::Fifo, 3, &trace), [false, false, false, true, false, false, true]);
}

#[test]
fn lru_evicts_the_least_recently_used() {
    // A's hit makes B the least recently used, so D evicts B and A still hits.
    let trace = [(A, 1), (B, 1), (C, 1), (A, 1), (D, 1), (A, 1), (B, 1)];
    assert_eq!(hits(PolicyKind::Lru, 3, &trace), [false, false, false, true, false, true, false]);
}

#[test]
fn lfu_evicts_the_least_used_and_breaks_ties_by_recency() {
    let mut lfu = Lfu::default();
    for id in [A, B, C] {
        lfu.admit(id, 1);
    }
    assert!(lfu.touch(B, 1));
    // A and C have count 1; A was used less recently.
    assert_eq!(lfu.evict(), Some(A));
    assert_eq!(lfu.evict(), Some(C));
    assert_eq!(lfu.evict(), Some(B));
    assert_eq!(lfu.evict(), None);
}

#[test]
fn lfu_forgets_the_count_on_eviction() {
    let mut lfu = Lfu::default();
    lfu.admit(A, 1);
    for _ in 0..3 {
        assert!(lfu.touch(A, 1));
    }
    assert_eq!(lfu.count(A), Some(4));
    assert_eq!(lfu.evict(), Some(A));
    assert_eq!(lfu.count(A), None);
    lfu.admit(B, 1);
    assert!(lfu.touch(B, 1)); // B: 2
    lfu.admit(A, 1); // A is back with count 1, not 5
    assert_eq!(lfu.count(A), Some(1));
    assert_eq!(lfu.evict(), Some(A));
}

#[test]
fn gdsize_inflates_l_on_eviction_refreshes_h_on_hits_and_evicts_the_oldest_of_equals() {
    let mut gd = GdSize::default();
    gd.admit(A, 1); // H = 1
    gd.admit(B, 2); // H = 0.5
    gd.admit(C, 4); // H = 0.25
    assert_eq!(gd.evict(), Some(C));
    assert_eq!(gd.inflation(), 0.25, "L becomes the evicted H");
    gd.admit(D, 4); // H = L + 1/4 = 0.5, equal to B's; B is older
    assert_eq!(gd.evict(), Some(B));
    assert_eq!(gd.inflation(), 0.5);
    gd.admit(E, 1); // H = 1.5
    assert!(gd.touch(A, 1)); // refreshed: H = L + 1 = 1.5 (it was 1), now newer than E
    assert_eq!(gd.evict(), Some(D));
    assert_eq!(gd.evict(), Some(E), "without the refresh A (H = 1) would go first");
    assert_eq!(gd.evict(), Some(A));
    assert_eq!(gd.inflation(), 1.5);
}

#[test]
fn fifo_and_lru_policies_name_their_victims() {
    let mut fifo = Fifo::default();
    let mut lru = Lru::default();
    for (id, size) in [(A, 10), (B, 20)] {
        fifo.admit(id, size);
        lru.admit(id, size);
    }
    assert!(fifo.touch(A, 10) && lru.touch(A, 10));
    assert!(!fifo.touch(C, 1) && !lru.touch(C, 1), "never admitted");
    assert_eq!(fifo.evict(), Some(A));
    assert_eq!(lru.evict(), Some(B));
    assert!(!fifo.touch(A, 10) && !lru.touch(B, 20), "evicted");
}

#[test]
fn every_policy_empties_and_refills_in_its_own_order() {
    // Ids far apart and out of order: the arrays grow to the largest id seen.
    let ids = [40_000, 7, 123_456, 0, 9_999];
    fn drain<P: Policy>(policy: &mut P) -> Vec<u32> {
        std::iter::from_fn(|| policy.evict()).collect()
    }
    let (mut fifo, mut lru, mut lfu, mut gd) = (Fifo::default(), Lru::default(), Lfu::default(), GdSize::default());
    for round in 0..2 {
        for &id in &ids {
            fifo.admit(id, 10);
            lru.admit(id, 10);
            lfu.admit(id, 10);
            gd.admit(id, 10);
        }
        // Hits on the third and first id, in that order.
        for id in [ids[2], ids[0]] {
            assert!(fifo.touch(id, 10) && lru.touch(id, 10) && lfu.touch(id, 10) && gd.touch(id, 10), "round {round}");
        }
        assert_eq!(drain(&mut fifo), ids, "round {round}: admission order");
        assert_eq!(drain(&mut lru), [ids[1], ids[3], ids[4], ids[2], ids[0]], "round {round}: recency");
        assert_eq!(drain(&mut lfu), [ids[1], ids[3], ids[4], ids[2], ids[0]], "round {round}: count, then recency");
        // Equal sizes and L rising as they leave: the oldest H goes first.
        assert_eq!(drain(&mut gd), [ids[1], ids[3], ids[4], ids[2], ids[0]], "round {round}: H, then age");
    }
}

#[test]
fn an_object_larger_than_the_cache_is_a_miss_and_evicts_nothing() {
    for kind in PolicyKind::ALL {
        let mut cache = AnyCache::new(kind, 10).unwrap();
        assert!(!cache.request(A, 6));
        assert!(!cache.request(B, 4));
        assert!(!cache.request(C, 11), "{kind}: oversized");
        assert_eq!(cache.used(), 10, "{kind}: nothing evicted for the oversized object");
        assert!(cache.request(A, 6) && cache.request(B, 4), "{kind}: A and B stayed");
        assert!(!cache.request(C, 11), "{kind}: never admitted");
    }
}

#[test]
fn an_objects_size_is_fixed_at_its_first_request() {
    for kind in PolicyKind::ALL {
        let mut cache = AnyCache::new(kind, 10).unwrap();
        cache.request(A, 2);
        assert!(cache.request(A, 100), "{kind}: still the 2-byte object");
        let stats = cache.stats();
        assert_eq!((stats.bytes_requested, stats.bytes_hit), (4, 2), "{kind}");
        assert_eq!(cache.used(), 2);
    }
}

#[test]
fn counters_and_capacity_hold_on_a_mixed_trace() {
    // A deterministic mixed trace: a scan over 50 objects of 1..=40 bytes, and every
    // third request to one of 5 hot objects.
    let trace: Vec<(u32, u32)> = (0..5_000)
        .map(|i: u32| if i.is_multiple_of(3) { ((i / 3) % 5, 1 + i % 7) } else { ((i * 7919) % 50, 1 + (i * 31) % 40) })
        .collect();
    for kind in PolicyKind::ALL {
        let mut cache = AnyCache::new(kind, 200).unwrap();
        let mut hits = 0;
        for &(id, size) in &trace {
            hits += cache.request(id, size) as u64;
            assert!(cache.used() <= cache.capacity(), "{kind}: over capacity");
        }
        let stats = cache.stats();
        assert_eq!(stats.requests, trace.len() as u64);
        assert_eq!(stats.hits, hits);
        assert!(stats.hits > 0 && stats.misses() > 0, "{kind}: a trace with both hits and misses");
        assert!(stats.bytes_hit <= stats.bytes_requested);
    }
}

#[test]
fn a_cache_needs_at_least_one_byte() {
    for capacity in [0, -1, i64::MIN] {
        assert!(AnyCache::new(PolicyKind::Lru, capacity).is_err());
    }
}
