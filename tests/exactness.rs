//! The simulator's outputs, recorded from the code before the policies moved to dense
//! ids and O(1) structures (BTreeMap/BTreeSet policies over hashed i32 ids, commit
//! 9471494), and checked bit for bit: request, hit and byte counters, and a hash of the
//! hit/miss sequence of every request. Any change to a policy's decisions fails here.
//!
//! The default trace at the paper's cache sizes, and small seeded traces with sizes
//! that change between requests, objects larger than the cache, and ids spread over
//! the whole i32 range (read through the trace reader, which makes them dense).

use std::collections::HashMap;
use std::io::Write as _;

use policies::{AnyCache, PolicyKind};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use wasm_script_bench::experiments::sim::paper_cache_sizes;
use wasm_script_bench::workload::{GeneratorParams, Request, TraceFile, generate, read_trace};

/// (policy, cache bytes, [requests, hits, bytes requested, bytes hit], hit-sequence hash)
type Recorded = (PolicyKind, i64, [u64; 4], u64);

const DEFAULT_TRACE: [Recorded; 48] = [
    (PolicyKind::Fifo, 4194304, [1000000, 796159, 47481821286, 24388937209], 0x7594d44a7d72417c),
    (PolicyKind::Fifo, 8388608, [1000000, 828118, 47481821286, 28065651645], 0xac84424081590ee7),
    (PolicyKind::Fifo, 16777216, [1000000, 898446, 47481821286, 34583200996], 0xc88d0813d10e70e3),
    (PolicyKind::Fifo, 33554432, [1000000, 944323, 47481821286, 36078330150], 0x114328b12fe13e48),
    (PolicyKind::Fifo, 67108864, [1000000, 949472, 47481821286, 44795725057], 0xe575e3c59a563c9b),
    (PolicyKind::Fifo, 134217728, [1000000, 967883, 47481821286, 46661086419], 0x5562377ff0d7fa50),
    (PolicyKind::Fifo, 268435456, [1000000, 969621, 47481821286, 46764876980], 0x68cb44fc78a3e92a),
    (PolicyKind::Fifo, 536870912, [1000000, 969943, 47481821286, 46778742237], 0x35ba7abcf2a49cc6),
    (PolicyKind::Fifo, 1073741824, [1000000, 970000, 47481821286, 46780263548], 0x00700dfd89e369db),
    (PolicyKind::Fifo, 2147483648, [1000000, 970000, 47481821286, 46780263548], 0x00700dfd89e369db),
    (PolicyKind::Fifo, 4294967296, [1000000, 970000, 47481821286, 46780263548], 0x00700dfd89e369db),
    (PolicyKind::Fifo, 8589934592, [1000000, 970000, 47481821286, 46780263548], 0x00700dfd89e369db),
    (PolicyKind::Lru, 4194304, [1000000, 807813, 47481821286, 24637987429], 0xfb17ab0cbea3a062),
    (PolicyKind::Lru, 8388608, [1000000, 838737, 47481821286, 28294305194], 0x5bdab81026293fd0),
    (PolicyKind::Lru, 16777216, [1000000, 912594, 47481821286, 34988499269], 0x6d4712f894a74d5f),
    (PolicyKind::Lru, 33554432, [1000000, 959616, 47481821286, 36471022715], 0x5ffea56b7c5b77ab),
    (PolicyKind::Lru, 67108864, [1000000, 955609, 47481821286, 45154473174], 0x6c0036e3e17d4896),
    (PolicyKind::Lru, 134217728, [1000000, 969998, 47481821286, 46780214478], 0x2d60e9874de40b7b),
    (PolicyKind::Lru, 268435456, [1000000, 970000, 47481821286, 46780263548], 0x00700dfd89e369db),
    (PolicyKind::Lru, 536870912, [1000000, 970000, 47481821286, 46780263548], 0x00700dfd89e369db),
    (PolicyKind::Lru, 1073741824, [1000000, 970000, 47481821286, 46780263548], 0x00700dfd89e369db),
    (PolicyKind::Lru, 2147483648, [1000000, 970000, 47481821286, 46780263548], 0x00700dfd89e369db),
    (PolicyKind::Lru, 4294967296, [1000000, 970000, 47481821286, 46780263548], 0x00700dfd89e369db),
    (PolicyKind::Lru, 8589934592, [1000000, 970000, 47481821286, 46780263548], 0x00700dfd89e369db),
    (PolicyKind::Lfu, 4194304, [1000000, 626392, 47481821286, 19161144804], 0x284c6a0074ae7b2b),
    (PolicyKind::Lfu, 8388608, [1000000, 725665, 47481821286, 24132762466], 0x19c4f4a421a3edae),
    (PolicyKind::Lfu, 16777216, [1000000, 764567, 47481821286, 25743302602], 0x6df1a2c13d386bc4),
    (PolicyKind::Lfu, 33554432, [1000000, 810854, 47481821286, 26772380994], 0xdaef9d447da894d7),
    (PolicyKind::Lfu, 67108864, [1000000, 896950, 47481821286, 34688820127], 0x96fc4c8c8c787a7b),
    (PolicyKind::Lfu, 134217728, [1000000, 942075, 47481821286, 37661646488], 0xc6225b76b66577c4),
    (PolicyKind::Lfu, 268435456, [1000000, 970000, 47481821286, 46780263548], 0x00700dfd89e369db),
    (PolicyKind::Lfu, 536870912, [1000000, 970000, 47481821286, 46780263548], 0x00700dfd89e369db),
    (PolicyKind::Lfu, 1073741824, [1000000, 970000, 47481821286, 46780263548], 0x00700dfd89e369db),
    (PolicyKind::Lfu, 2147483648, [1000000, 970000, 47481821286, 46780263548], 0x00700dfd89e369db),
    (PolicyKind::Lfu, 4294967296, [1000000, 970000, 47481821286, 46780263548], 0x00700dfd89e369db),
    (PolicyKind::Lfu, 8589934592, [1000000, 970000, 47481821286, 46780263548], 0x00700dfd89e369db),
    (PolicyKind::GdSize, 4194304, [1000000, 864002, 47481821286, 23320412247], 0x020cbb9930bc281b),
    (PolicyKind::GdSize, 8388608, [1000000, 871834, 47481821286, 26315828427], 0x593f5a5ed1c16e1f),
    (PolicyKind::GdSize, 16777216, [1000000, 945454, 47481821286, 31453779535], 0x00b3e5c1d2fd31c5),
    (PolicyKind::GdSize, 33554432, [1000000, 964819, 47481821286, 33906183549], 0x83a543a67f1f1cae),
    (PolicyKind::GdSize, 67108864, [1000000, 965085, 47481821286, 38952699734], 0x2685c1b7f05f6e5c),
    (PolicyKind::GdSize, 134217728, [1000000, 969442, 47481821286, 41377128975], 0x19e6691e4d0fdad7),
    (PolicyKind::GdSize, 268435456, [1000000, 969782, 47481821286, 42813908090], 0x24746203b6341571),
    (PolicyKind::GdSize, 536870912, [1000000, 969934, 47481821286, 44486974050], 0xde8559d8e86a78bf),
    (PolicyKind::GdSize, 1073741824, [1000000, 970000, 47481821286, 46780263548], 0x00700dfd89e369db),
    (PolicyKind::GdSize, 2147483648, [1000000, 970000, 47481821286, 46780263548], 0x00700dfd89e369db),
    (PolicyKind::GdSize, 4294967296, [1000000, 970000, 47481821286, 46780263548], 0x00700dfd89e369db),
    (PolicyKind::GdSize, 8589934592, [1000000, 970000, 47481821286, 46780263548], 0x00700dfd89e369db),
];

/// (seed, objects, cache bytes, policy, counters, hit-sequence hash)
const SMALL_TRACES: [(u64, u32, i64, PolicyKind, [u64; 4], u64); 48] = [
    (1, 50, 1000, PolicyKind::Fifo, [20000, 4378, 4485386, 325970], 0x17dae4e031595707),
    (1, 50, 1000, PolicyKind::Lru, [20000, 4475, 4485386, 333081], 0x53fe23c98f17ac7a),
    (1, 50, 1000, PolicyKind::Lfu, [20000, 5525, 4485386, 351323], 0x631881b20aab9948),
    (1, 50, 1000, PolicyKind::GdSize, [20000, 6263, 4485386, 315879], 0xce4156a4771e0c1c),
    (1, 500, 20000, PolicyKind::Fifo, [20000, 846, 61386528, 933492], 0xa042ca8fbdc79e6f),
    (1, 500, 20000, PolicyKind::Lru, [20000, 874, 61386528, 952527], 0x6e588b0b237fa673),
    (1, 500, 20000, PolicyKind::Lfu, [20000, 1262, 61386528, 1133465], 0x0b43b59b64d6666d),
    (1, 500, 20000, PolicyKind::GdSize, [20000, 1851, 61386528, 1022180], 0x20d36235c8d05b26),
    (1, 5000, 300000, PolicyKind::Fifo, [20000, 128, 754760205, 2570030], 0xe38374f259d9351f),
    (1, 5000, 300000, PolicyKind::Lru, [20000, 132, 754760205, 2691968], 0x7ecaff2c3347a4dd),
    (1, 5000, 300000, PolicyKind::Lfu, [20000, 192, 754760205, 3288840], 0xb88a89e1232d9607),
    (1, 5000, 300000, PolicyKind::GdSize, [20000, 295, 754760205, 2413069], 0x8d966dca017224c8),
    (2, 50, 1000, PolicyKind::Fifo, [20000, 4061, 4661129, 347081], 0xd262cf05a8dce0fe),
    (2, 50, 1000, PolicyKind::Lru, [20000, 4125, 4661129, 348205], 0xc45cfaad248c0b44),
    (2, 50, 1000, PolicyKind::Lfu, [20000, 5232, 4661129, 355499], 0x8d4e37485d4e49c1),
    (2, 50, 1000, PolicyKind::GdSize, [20000, 6217, 4661129, 325344], 0x6c700259d7c35a64),
    (2, 500, 20000, PolicyKind::Fifo, [20000, 883, 66665407, 1024038], 0x79a66cd39862e196),
    (2, 500, 20000, PolicyKind::Lru, [20000, 907, 66665407, 1042692], 0x6fee32038276d52e),
    (2, 500, 20000, PolicyKind::Lfu, [20000, 1214, 66665407, 1188349], 0x0bd040eaa0ee4355),
    (2, 500, 20000, PolicyKind::GdSize, [20000, 1887, 66665407, 1047799], 0x1f06db6f73b0d722),
    (2, 5000, 300000, PolicyKind::Fifo, [20000, 121, 753556488, 2372527], 0x3adc946f354ad57a),
    (2, 5000, 300000, PolicyKind::Lru, [20000, 122, 753556488, 2393939], 0x251b72f71061549d),
    (2, 5000, 300000, PolicyKind::Lfu, [20000, 196, 753556488, 3051069], 0x6512db26ff945079),
    (2, 5000, 300000, PolicyKind::GdSize, [20000, 279, 753556488, 2119760], 0xa51ef12526baadfe),
    (3, 50, 1000, PolicyKind::Fifo, [20000, 6391, 3845914, 374684], 0xfe59fbe2b3e129d4),
    (3, 50, 1000, PolicyKind::Lru, [20000, 6662, 3845914, 386699], 0x878242834319587f),
    (3, 50, 1000, PolicyKind::Lfu, [20000, 8365, 3845914, 418425], 0xbe3d512115f69a1a),
    (3, 50, 1000, PolicyKind::GdSize, [20000, 8614, 3845914, 388162], 0x93c3cf26325ed76b),
    (3, 500, 20000, PolicyKind::Fifo, [20000, 783, 56486342, 892167], 0xa6e0309e80c16766),
    (3, 500, 20000, PolicyKind::Lru, [20000, 804, 56486342, 910091], 0x815d7c0e64ec4811),
    (3, 500, 20000, PolicyKind::Lfu, [20000, 1333, 56486342, 1194877], 0x10b34f9effb29e90),
    (3, 500, 20000, PolicyKind::GdSize, [20000, 1955, 56486342, 929318], 0x53bd4d239073e582),
    (3, 5000, 300000, PolicyKind::Fifo, [20000, 104, 741334717, 2004785], 0xd466efa7387baf55),
    (3, 5000, 300000, PolicyKind::Lru, [20000, 105, 741334717, 2015113], 0x7e9b12744abd5fc2),
    (3, 5000, 300000, PolicyKind::Lfu, [20000, 168, 741334717, 2459808], 0xa92de40c44eb6369),
    (3, 5000, 300000, PolicyKind::GdSize, [20000, 276, 741334717, 2184643], 0xf3bc2d63a7d57c55),
    (4, 50, 1000, PolicyKind::Fifo, [20000, 5775, 5219481, 361815], 0xc908f3e1dcb425ee),
    (4, 50, 1000, PolicyKind::Lru, [20000, 5968, 5219481, 373168], 0x7bc4469abbcd19f3),
    (4, 50, 1000, PolicyKind::Lfu, [20000, 7737, 5219481, 434815], 0xa0a783beced71250),
    (4, 50, 1000, PolicyKind::GdSize, [20000, 8102, 5219481, 373851], 0x2a5be541679f2407),
    (4, 500, 20000, PolicyKind::Fifo, [20000, 953, 53382655, 1073161], 0x788768dd2e8ba720),
    (4, 500, 20000, PolicyKind::Lru, [20000, 989, 53382655, 1105783], 0x21151d78c2653192),
    (4, 500, 20000, PolicyKind::Lfu, [20000, 1632, 53382655, 1453445], 0xc89d30e73949a977),
    (4, 500, 20000, PolicyKind::GdSize, [20000, 2071, 53382655, 1149695], 0x9a025673182efeb0),
    (4, 5000, 300000, PolicyKind::Fifo, [20000, 123, 672970547, 2459211], 0x1607247d5fea30de),
    (4, 5000, 300000, PolicyKind::Lru, [20000, 125, 672970547, 2446981], 0x35f0bf488f27f8a0),
    (4, 5000, 300000, PolicyKind::Lfu, [20000, 190, 672970547, 2754402], 0x83a444cd4b96c4a1),
    (4, 5000, 300000, PolicyKind::GdSize, [20000, 342, 672970547, 2655842], 0xf1e0c020807c407f),
];

/// FNV-1a over the hit (true) / miss (false) of every request, in order.
fn run(policy: PolicyKind, capacity: i64, trace: &[Request]) -> ([u64; 4], u64) {
    let mut cache = AnyCache::new(policy, capacity).unwrap();
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for request in trace {
        hash ^= cache.request(request.id, request.size) as u64 + 1;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    let stats = cache.stats();
    ([stats.requests, stats.hits, stats.bytes_requested, stats.bytes_hit], hash)
}

#[test]
fn the_default_trace_counts_exactly_as_recorded_at_every_paper_cache_size() {
    let trace = generate(&GeneratorParams::default()).unwrap().requests;
    assert_eq!(paper_cache_sizes().len() * PolicyKind::ALL.len(), DEFAULT_TRACE.len());
    for (policy, capacity, counters, hash) in DEFAULT_TRACE {
        assert_eq!(run(policy, capacity, &trace), (counters, hash), "{policy} at {capacity} bytes");
    }
}

/// The recorded small trace: raw `(id, size)` pairs, as the recorder made them.
fn small_trace(seed: u64, objects: u32, capacity: i64) -> Vec<(i32, i32)> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..20_000)
        .map(|_| {
            let u: f64 = rng.random();
            let object = ((u * u) * objects as f64) as i64;
            let id = (object * 104_729 - 1_000_000_007) as i32;
            let base = 1 + (object * 7_919 % (capacity / 8).max(1));
            let size = if rng.random::<f64>() < 0.05 {
                rng.random_range(1..=(capacity * 3 / 2))
            } else if object % 97 == 0 {
                capacity + 1 + object
            } else {
                base
            };
            (id, size as i32)
        })
        .collect()
}

#[test]
fn small_traces_with_size_changes_and_oversized_objects_count_exactly_as_recorded() {
    let dir = tempfile::Builder::new().prefix("wsb-exactness-").tempdir().unwrap();
    let mut traces = HashMap::new();
    for (seed, objects, capacity, policy, counters, hash) in SMALL_TRACES {
        let trace = traces.entry((seed, objects)).or_insert_with(|| {
            let path = dir.path().join(format!("small-{seed}-{objects}.txt"));
            let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
            for (id, size) in small_trace(seed, objects, capacity) {
                writeln!(file, "{id} {size}").unwrap();
            }
            drop(file);
            read_trace(&TraceFile::new(&path)).unwrap().requests
        });
        assert_eq!(run(policy, capacity, trace), (counters, hash), "seed {seed}, {objects} objects, {policy}");
    }
}
