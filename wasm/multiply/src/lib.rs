//! The micro-benchmark guest: the same multiplication reachable through every ABI.
//!
//! Only export shims live here; the arithmetic is `MultiplyParams::product`, shared
//! with the native baseline. A malformed argument buffer traps (`unreachable`): every
//! `i32` is a valid product, so there is no in-band error value, and a trap reaches
//! the host as an error it can report.

use abi_types::{BINCODE_CONFIG, MultiplyParams};
use guest_support::{StaticBuffer, consume_host_buffer, trap};

fn from_pod_bytes(bytes: &[u8]) -> MultiplyParams {
    *bytemuck::try_from_bytes::<MultiplyParams>(bytes).unwrap_or_else(|_| trap())
}

/// Dynamic ABIs, step 1: a buffer of `len` bytes for the host to fill.
#[unsafe(no_mangle)]
pub extern "C" fn alloc(len: i32) -> i32 {
    guest_support::alloc(len)
}

/// Pair ABI: the arguments travel as plain wasm `i32` values.
#[unsafe(no_mangle)]
pub extern "C" fn multiply(x: i32, y: i32) -> i32 {
    MultiplyParams { x, y }.product()
}

/// Bincode ABI, dynamic memory: `(ptr, len)` from `alloc`, holding bincode bytes.
#[unsafe(no_mangle)]
pub extern "C" fn multiply_bincode(ptr: i32, len: i32) -> i32 {
    consume_host_buffer(ptr, len, |bytes| {
        match bincode::serde::decode_from_slice::<MultiplyParams, _>(bytes, BINCODE_CONFIG) {
            Ok((params, _)) => params.product(),
            Err(_) => trap(),
        }
    })
}

/// Bytemuck ABI, dynamic memory: `(ptr, len)` from `alloc`, holding the raw struct.
#[unsafe(no_mangle)]
pub extern "C" fn multiply_bytemuck(ptr: i32, len: i32) -> i32 {
    consume_host_buffer(ptr, len, |bytes| from_pod_bytes(bytes).product())
}

/// One buffer for the static-memory ABIs, large enough for the longest encoding of
/// `MultiplyParams` (postcard: two 5-byte varints).
static STATIC_BUFFER: StaticBuffer<64> = StaticBuffer::new();

/// Static ABIs, once per instance: the buffer's address and length packed in one i64.
#[unsafe(no_mangle)]
pub extern "C" fn static_buffer() -> i64 {
    STATIC_BUFFER.packed()
}

/// Bytemuck ABI, static memory: the raw struct sits at the start of the static buffer.
#[unsafe(no_mangle)]
pub extern "C" fn multiply_static() -> i32 {
    from_pod_bytes(&STATIC_BUFFER.bytes()[..size_of::<MultiplyParams>()]).product()
}

/// Postcard ABI, static memory: the first `len` bytes of the static buffer hold the
/// postcard encoding (a published wire format, unlike bincode's).
#[unsafe(no_mangle)]
pub extern "C" fn multiply_postcard(len: i32) -> i32 {
    let bytes = usize::try_from(len).ok().and_then(|len| STATIC_BUFFER.bytes().get(..len));
    match bytes.map(postcard::from_bytes::<MultiplyParams>) {
        Some(Ok(params)) => params.product(),
        _ => trap(),
    }
}
