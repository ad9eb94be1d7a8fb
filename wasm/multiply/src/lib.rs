//! The micro-benchmark guest: the same multiplication reachable through every ABI.
//!
//! Only export shims live here; the arithmetic is `MultiplyParams::product`, shared
//! with the native baseline. A malformed argument buffer traps (`unreachable`): every
//! `i32` is a valid product, so there is no in-band error value, and a trap reaches
//! the host as an error it can report.

use std::alloc::{Layout, alloc as raw_alloc, dealloc};
use std::cell::UnsafeCell;

use abi_types::{BINCODE_CONFIG, BUFFER_ALIGN, MultiplyParams, pack_buffer};

fn trap() -> ! {
    core::arch::wasm32::unreachable()
}

fn buffer_layout(len: i32) -> Layout {
    match usize::try_from(len) {
        Ok(len) if len > 0 => Layout::from_size_align(len, BUFFER_ALIGN).unwrap_or_else(|_| trap()),
        _ => trap(),
    }
}

/// Dynamic ABIs, step 1: a buffer of `len` bytes for the host to fill. Returns 0 when
/// the guest is out of memory. The call that consumes the buffer frees it.
#[unsafe(no_mangle)]
pub extern "C" fn alloc(len: i32) -> i32 {
    // SAFETY: the layout has a non-zero size (buffer_layout traps otherwise).
    unsafe { raw_alloc(buffer_layout(len)) as i32 }
}

/// Lends `f` the host-filled buffer at `ptr`, then frees it, so guest memory stays flat
/// however many dynamic calls are made.
fn consume_host_buffer<R>(ptr: i32, len: i32, f: impl FnOnce(&[u8]) -> R) -> R {
    let layout = buffer_layout(len);
    // SAFETY: the host obtained (ptr, len) from `alloc(len)` and wrote `len` bytes.
    let result = f(unsafe { core::slice::from_raw_parts(ptr as *const u8, layout.size()) });
    // SAFETY: same pointer and layout as the allocation in `alloc`.
    unsafe { dealloc(ptr as *mut u8, layout) };
    result
}

fn from_pod_bytes(bytes: &[u8]) -> MultiplyParams {
    *bytemuck::try_from_bytes::<MultiplyParams>(bytes).unwrap_or_else(|_| trap())
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

/// One buffer for the static-memory ABIs, aligned for any `Pod` boundary type and large
/// enough for the longest encoding of `MultiplyParams` (postcard: two 5-byte varints).
#[repr(C, align(8))]
struct StaticBuffer(UnsafeCell<[u8; STATIC_BUFFER_LEN]>);
const STATIC_BUFFER_LEN: usize = 64;
// SAFETY: a wasm32 guest runs on one thread.
unsafe impl Sync for StaticBuffer {}
static STATIC_BUFFER: StaticBuffer = StaticBuffer(UnsafeCell::new([0; STATIC_BUFFER_LEN]));

fn static_bytes() -> &'static [u8; STATIC_BUFFER_LEN] {
    // SAFETY: single-threaded; the host writes only between calls, never during one.
    unsafe { &*STATIC_BUFFER.0.get() }
}

/// Static ABIs, once per instance: the buffer's address and length packed in one i64.
#[unsafe(no_mangle)]
pub extern "C" fn static_buffer() -> i64 {
    pack_buffer(STATIC_BUFFER.0.get() as u32, STATIC_BUFFER_LEN as u32)
}

/// Bytemuck ABI, static memory: the raw struct sits at the start of the static buffer.
#[unsafe(no_mangle)]
pub extern "C" fn multiply_static() -> i32 {
    from_pod_bytes(&static_bytes()[..size_of::<MultiplyParams>()]).product()
}

/// Postcard ABI, static memory: the first `len` bytes of the static buffer hold the
/// postcard encoding (a published wire format, unlike bincode's).
#[unsafe(no_mangle)]
pub extern "C" fn multiply_postcard(len: i32) -> i32 {
    let bytes = usize::try_from(len).ok().and_then(|len| static_bytes().get(..len));
    match bytes.map(postcard::from_bytes::<MultiplyParams>) {
        Some(Ok(params)) => params.product(),
        _ => trap(),
    }
}
