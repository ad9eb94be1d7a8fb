//! What crosses the sandbox boundary, defined once for the host and every guest.
//!
//! Both sides compile this crate (natively and for `wasm32-unknown-unknown`), so a
//! struct layout or a wire setting can never drift between the writer and the reader.
#![no_std]

pub mod proxy;

use bytemuck::{Pod, Zeroable};
use serde::{Deserialize, Serialize};

/// The micro-benchmark's arguments: two factors of a wrapping multiplication.
///
/// `#[repr(C)]` + `Pod` so the Bytemuck ABI can copy it as raw bytes; serde so Bincode
/// and Postcard can encode it.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Pod, Zeroable, Serialize, Deserialize)]
pub struct MultiplyParams {
    pub x: i32,
    pub y: i32,
}

impl MultiplyParams {
    /// The script's whole job. Native runs and every guest call this one function, so
    /// the baseline and the guests compute exactly the same thing. Wrapping, because a
    /// debug-built guest would otherwise trap on overflow while a release build wraps.
    #[inline]
    pub fn product(self) -> i32 {
        self.x.wrapping_mul(self.y)
    }
}

/// Bincode settings both sides use. `legacy()` is bincode 1.x's format (fixed-width
/// little-endian integers), which the paper used: for two `i32` it is byte-for-byte
/// the C struct, the observation the paper's section 4.2 makes.
pub const BINCODE_CONFIG: bincode::config::Configuration<
    bincode::config::LittleEndian,
    bincode::config::Fixint,
    bincode::config::NoLimit,
> = bincode::config::legacy();

/// Alignment of every buffer a guest hands out, so any `Pod` boundary type can be
/// viewed in place (bytemuck refuses misaligned casts).
pub const BUFFER_ALIGN: usize = 8;

/// Packs a guest buffer's address and length into one `i64`, so a guest can hand both
/// to the host in a single return value (wasm32 pointers and lengths fit in 32 bits).
/// Pointer in the low 32 bits, length in the high 32 bits.
#[inline]
pub const fn pack_buffer(ptr: u32, len: u32) -> i64 {
    ((len as u64) << 32 | ptr as u64) as i64
}

/// Inverse of [`pack_buffer`]: `(ptr, len)`.
#[inline]
pub const fn unpack_buffer(packed: i64) -> (u32, u32) {
    let bits = packed as u64;
    (bits as u32, (bits >> 32) as u32)
}

/// One web request in the simulator's trace: a dense object id (`0..n`: the trace
/// readers map a trace's own ids to these at load time) and a size in bytes (at least 1).
/// Eight bytes, so a trace costs 8 bytes per request in memory.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Pod, Zeroable, Serialize, Deserialize)]
pub struct Request {
    pub id: u32,
    pub size: u32,
}

/// A cache simulation's counters. `#[repr(C)]` + `Pod`: the guest hands them to the
/// host as raw bytes in its memory.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Pod, Zeroable, Serialize, Deserialize)]
pub struct Stats {
    pub requests: u64,
    pub hits: u64,
    pub bytes_requested: u64,
    pub bytes_hit: u64,
}

impl Stats {
    pub fn misses(&self) -> u64 {
        self.requests - self.hits
    }

    /// Share of requests that hit (0 when there were none).
    pub fn object_hit_rate(&self) -> f64 {
        ratio(self.hits, self.requests)
    }

    /// Share of requested bytes served from the cache (0 when there were none).
    pub fn byte_hit_rate(&self) -> f64 {
        ratio(self.bytes_hit, self.bytes_requested)
    }
}

fn ratio(part: u64, whole: u64) -> f64 {
    if whole == 0 { 0.0 } else { part as f64 / whole as f64 }
}

/// One record of the payload benchmarks: 16 bytes, `Pod` for the Bytemuck ABI, serde for
/// Bincode and Postcard. A payload of N bytes is N / 16 of them.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Pod, Zeroable, Serialize, Deserialize)]
pub struct Sample {
    pub key: u64,
    pub value: u32,
    pub flags: u32,
}

impl Sample {
    /// The `index`-th record of every payload: host and guests make the same ones.
    pub const fn nth(index: u64) -> Sample {
        Sample {
            key: index.wrapping_mul(0x9E37_79B9_7F4A_7C15),
            value: (index as u32) ^ 0x5BD1_E995,
            flags: (index as u32).wrapping_mul(7),
        }
    }
}

/// A position-sensitive checksum that reads every byte but costs about a cycle per
/// 8 bytes, so it does not hide the transfer it checks: two running sums over
/// little-endian 8-byte words (Fletcher's scheme, modulo 2^64), the last word
/// zero-padded, mixed with the length.
pub fn checksum(bytes: &[u8]) -> u64 {
    let mut words = bytes.chunks_exact(8);
    let (mut sum, mut sum_of_sums) = (0u64, 0u64);
    for word in &mut words {
        sum = sum.wrapping_add(u64::from_le_bytes(word.try_into().unwrap_or([0; 8])));
        sum_of_sums = sum_of_sums.wrapping_add(sum);
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        let mut last = [0u8; 8];
        last[..rest.len()].copy_from_slice(rest);
        sum = sum.wrapping_add(u64::from_le_bytes(last));
        sum_of_sums = sum_of_sums.wrapping_add(sum);
    }
    sum ^ sum_of_sums.rotate_left(32) ^ bytes.len() as u64
}

/// [`checksum`] of the records' bytes (`bytemuck::cast_slice(samples)` on a
/// little-endian machine, which wasm32 and the hosts here are), computed field by field,
/// so it takes records from anywhere (a slice, or bindings' own record types).
pub fn checksum_samples(samples: impl IntoIterator<Item = Sample>) -> u64 {
    let (mut sum, mut sum_of_sums, mut count) = (0u64, 0u64, 0u64);
    for sample in samples {
        for word in [sample.key, u64::from(sample.value) | u64::from(sample.flags) << 32] {
            sum = sum.wrapping_add(word);
            sum_of_sums = sum_of_sums.wrapping_add(sum);
        }
        count += 1;
    }
    sum ^ sum_of_sums.rotate_left(32) ^ (count * size_of::<Sample>() as u64)
}

/// Byte `i` of the buffer the host-call guest lends its host (its `prepare` export fills
/// it), which the host's `read` copies out.
pub const fn guest_pattern(i: usize) -> u8 {
    (i as u8).wrapping_mul(31).wrapping_add(7)
}
