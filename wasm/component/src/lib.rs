//! The Component Model guest: the same operations as the hand-ABI guests (`multiply`,
//! `simulator`, `payload`), behind the WIT world `wsb:bench/bench` (wasm/wit/bench.wit).
//! wit-bindgen generates the canonical ABI's guest half; build.rs turns this core module
//! into a component with wit-component. The work itself is the shared code: the
//! multiplication of `abi_types`, the policies of `wasm/policies`, the checksums of
//! `abi_types`.

wit_bindgen::generate!({ world: "bench", path: "../wit" });

use abi_types::{MultiplyParams, Request, Sample, checksum, checksum_samples};
use exports::wsb::bench::{calc, faults, payload, simulator};
use guest_support::{GuestCell, trap};
use policies::{AnyCache, PolicyKind, Stats};

struct Component;

impl calc::Guest for Component {
    fn multiply(p: calc::Params) -> i32 {
        MultiplyParams { x: p.x, y: p.y }.product()
    }
}

static CACHE: GuestCell<Option<AnyCache>> = GuestCell::new(None);

/// The cache `init` made; a request before `init` traps.
fn with_cache<R>(f: impl FnOnce(&mut AnyCache) -> R) -> R {
    CACHE.with(|cache| f(cache.as_mut().unwrap_or_else(|| trap())))
}

fn stats_record(stats: Stats) -> simulator::Stats {
    simulator::Stats {
        requests: stats.requests,
        hits: stats.hits,
        bytes_requested: stats.bytes_requested,
        bytes_hit: stats.bytes_hit,
    }
}

impl simulator::Guest for Component {
    fn init(policy: simulator::Policy, capacity: i64) -> bool {
        let kind = match policy {
            simulator::Policy::Fifo => PolicyKind::Fifo,
            simulator::Policy::Lru => PolicyKind::Lru,
            simulator::Policy::Lfu => PolicyKind::Lfu,
            simulator::Policy::Gdsize => PolicyKind::GdSize,
        };
        match AnyCache::new(kind, capacity) {
            Ok(cache) => CACHE.with(|slot| *slot = Some(cache)),
            Err(_) => return false,
        }
        true
    }

    fn send(id: u32, size: u32) -> bool {
        with_cache(|cache| cache.request(id, size))
    }

    fn requests(batch: Vec<simulator::Request>) -> simulator::Stats {
        // The policy is matched once for the batch, as the hand batch ABI does.
        with_cache(|cache| {
            cache.run(batch.iter().map(|r| Request { id: r.id, size: r.size }));
            stats_record(cache.stats())
        })
    }

    fn requests_packed(batch: Vec<u64>) -> simulator::Stats {
        with_cache(|cache| {
            cache.run(batch.iter().map(|&packed| Request { id: packed as u32, size: (packed >> 32) as u32 }));
            stats_record(cache.stats())
        })
    }

    fn counters() -> simulator::Stats {
        with_cache(|cache| stats_record(cache.stats()))
    }
}

static OUTPUT: GuestCell<Vec<Sample>> = GuestCell::new(Vec::new());

fn sample_record(sample: &Sample) -> payload::Sample {
    payload::Sample { key: sample.key, value: sample.value, flags: sample.flags }
}

impl payload::Guest for Component {
    fn checksum(data: Vec<u8>) -> u64 {
        checksum(&data)
    }

    fn checksum_samples(samples: Vec<payload::Sample>) -> u64 {
        checksum_samples(samples.iter().map(|s| Sample { key: s.key, value: s.value, flags: s.flags }))
    }

    fn prepare_output(bytes: u32) {
        let count = (bytes as usize / size_of::<Sample>()).max(1) as u64;
        OUTPUT.with(|out| *out = (0..count).map(Sample::nth).collect());
    }

    fn produce() -> Vec<u8> {
        // A list result is owned by the caller: a copy, freed after the host has lifted it.
        OUTPUT.with(|out| bytemuck::cast_slice::<Sample, u8>(out).to_vec())
    }

    fn produce_samples() -> Vec<payload::Sample> {
        OUTPUT.with(|out| out.iter().map(sample_record).collect())
    }
}

impl faults::Guest for Component {
    fn forged_list() -> Vec<u8> {
        // SAFETY: never read or freed here: ownership passes to the host, whose lift
        // must refuse a pointer 4 GiB - 64 KiB into a far smaller memory.
        unsafe { Vec::from_raw_parts(0xffff_0000usize as *mut u8, 16, 16) }
    }

    fn trap() {
        trap()
    }
}

export!(Component);
