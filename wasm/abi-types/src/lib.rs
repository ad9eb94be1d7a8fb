//! What crosses the sandbox boundary, defined once for the host and every guest.
//!
//! Both sides compile this crate (natively and for `wasm32-unknown-unknown`), so a
//! struct layout or a wire setting can never drift between the writer and the reader.
#![no_std]

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

/// One web request in the simulator's trace: object id and size in bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Pod, Zeroable, Serialize, Deserialize)]
pub struct Request {
    pub id: i32,
    pub size: i32,
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
