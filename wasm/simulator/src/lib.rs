//! The macro-benchmark guest: the web-proxy cache simulator of `wasm/policies` (the
//! same source the host runs natively), reachable through every ABI.
//!
//! Requests carry dense object ids; the policies' arrays grow as new ids arrive. A
//! request before `init`, or a malformed request buffer, traps.

use abi_types::{BINCODE_CONFIG, Request, Stats, pack_buffer};
use guest_support::{GuestCell, StaticBuffer, consume_host_buffer, trap};
use policies::{AnyCache, PolicyKind};

static CACHE: GuestCell<Option<AnyCache>> = GuestCell::new(None);

/// Most requests one `send_batch` call takes (the static buffer holds this many).
const BATCH_CAPACITY: usize = 4096;
static REQUESTS: StaticBuffer<{ BATCH_CAPACITY * size_of::<Request>() }> = StaticBuffer::new();
static STATS_OUT: GuestCell<Stats> = GuestCell::new(Stats { requests: 0, hits: 0, bytes_requested: 0, bytes_hit: 0 });

/// Result codes of `init`.
const INIT_OK: i32 = 0;
const INIT_UNKNOWN_POLICY: i32 = 1;
const INIT_BAD_CAPACITY: i32 = 2;

fn with_cache<R>(f: impl FnOnce(&mut AnyCache) -> R) -> R {
    CACHE.with(|cache| f(cache.as_mut().unwrap_or_else(|| trap())))
}

fn request(req: Request) -> bool {
    with_cache(|cache| cache.request(req.id, req.size))
}

/// A fresh cache of `capacity` bytes run by `policy` (a `PolicyKind` code), replacing
/// any previous one. Returns 0, or 1 for an unknown policy, 2 for a capacity below 1.
#[unsafe(no_mangle)]
pub extern "C" fn init(policy: i32, capacity: i64) -> i32 {
    let Some(kind) = PolicyKind::from_code(policy) else { return INIT_UNKNOWN_POLICY };
    match AnyCache::new(kind, capacity) {
        Ok(cache) => CACHE.with(|slot| *slot = Some(cache)),
        Err(_) => return INIT_BAD_CAPACITY,
    }
    INIT_OK
}

/// The counters so far, written to a guest location whose address and length are
/// returned packed, for the host to read.
#[unsafe(no_mangle)]
pub extern "C" fn stats() -> i64 {
    let stats = with_cache(|cache| cache.stats());
    STATS_OUT.with(|out| *out = stats);
    pack_buffer(STATS_OUT.as_ptr() as u32, size_of::<Stats>() as u32)
}

/// Pair ABI: one request as two i32 (the bits of the `u32` id and size); 1 on a hit,
/// 0 on a miss.
#[unsafe(no_mangle)]
pub extern "C" fn send(id: i32, size: i32) -> i32 {
    request(Request { id: id as u32, size: size as u32 }) as i32
}

/// Dynamic ABIs, step 1: a buffer of `len` bytes for the host to fill.
#[unsafe(no_mangle)]
pub extern "C" fn alloc(len: i32) -> i32 {
    guest_support::alloc(len)
}

/// Bincode ABI, dynamic memory: one bincode-encoded `Request` at `(ptr, len)`.
#[unsafe(no_mangle)]
pub extern "C" fn send_bincode(ptr: i32, len: i32) -> i32 {
    let req = consume_host_buffer(ptr, len, |bytes| {
        match bincode::serde::decode_from_slice::<Request, _>(bytes, BINCODE_CONFIG) {
            Ok((req, _)) => req,
            Err(_) => trap(),
        }
    });
    request(req) as i32
}

/// Static ABIs, once per instance: the request buffer's address and length, packed.
#[unsafe(no_mangle)]
pub extern "C" fn static_buffer() -> i64 {
    REQUESTS.packed()
}

/// Bytemuck ABI, static memory: one `Request` at the start of the buffer.
#[unsafe(no_mangle)]
pub extern "C" fn send_static() -> i32 {
    let req: &Request = bytemuck::from_bytes(&REQUESTS.bytes()[..size_of::<Request>()]);
    request(*req) as i32
}

/// Batch ABI: the first `count` `Request`s of the buffer, in order; returns the hits.
/// The policy is matched once per batch, not once per request.
#[unsafe(no_mangle)]
pub extern "C" fn send_batch(count: i32) -> i32 {
    let count = usize::try_from(count).ok().filter(|&c| c <= BATCH_CAPACITY).unwrap_or_else(|| trap());
    let requests: &[Request] = bytemuck::cast_slice(&REQUESTS.bytes()[..count * size_of::<Request>()]);
    with_cache(|cache| cache.run(requests.iter().copied())) as i32
}
