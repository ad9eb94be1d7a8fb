//! The host-call guest: a script calling its host's API. Each `call_*` export calls one
//! host import (module `host`) `count` times in a loop, so one entry from the host times
//! many calls out of the guest.
//!
//! The imports, as a scripting host would offer them:
//! - `nop()`: nothing (the bare cost of the crossing);
//! - `add(a, b) -> a + b`: two i32 in, one out;
//! - `read(ptr, len) -> checksum`: the host reads `len` bytes of guest memory;
//! - `write(ptr, len)`: the host writes `len` bytes into guest memory.
//!
//! `read` and `write` work on this guest's buffer; `prepare` fills it and says where it
//! is. `read_at` passes any range, to test a host that must refuse a bad one.

use abi_types::guest_pattern;
use guest_support::{StaticBuffer, trap};

#[link(wasm_import_module = "host")]
unsafe extern "C" {
    fn nop();
    fn add(a: i32, b: i32) -> i32;
    fn read(ptr: i32, len: i32) -> i32;
    fn write(ptr: i32, len: i32);
}

/// The largest `len` the loops take.
const BUFFER_BYTES: usize = 64 * 1024;
static BUFFER: StaticBuffer<BUFFER_BYTES> = StaticBuffer::new();

/// `len` if it is a usable length of the buffer (1 to `BUFFER_BYTES`); traps otherwise.
fn buffer_len(len: i32) -> i32 {
    match usize::try_from(len) {
        Ok(n) if (1..=BUFFER_BYTES).contains(&n) => len,
        _ => trap(),
    }
}

/// Fills the buffer's first `len` bytes with `abi_types::guest_pattern`, whose checksum
/// the host's `read` returns, and returns the buffer's address and length packed.
#[unsafe(no_mangle)]
pub extern "C" fn prepare(len: i32) -> i64 {
    let len = buffer_len(len) as usize;
    // SAFETY: no other reference to the buffer is alive in this function.
    let bytes = unsafe { BUFFER.bytes_mut() };
    for (i, byte) in bytes[..len].iter_mut().enumerate() {
        *byte = guest_pattern(i);
    }
    BUFFER.packed()
}

/// `count` calls of `nop`; returns `count`.
#[unsafe(no_mangle)]
pub extern "C" fn call_nop(count: i64) -> i64 {
    for _ in 0..count {
        // SAFETY: a host import without arguments.
        unsafe { nop() }
    }
    count
}

/// `count` calls of `add`, each adding the loop index to the running total; returns
/// the total (wrapping).
#[unsafe(no_mangle)]
pub extern "C" fn call_add(count: i64) -> i32 {
    let mut total = 0i32;
    for i in 0..count {
        // SAFETY: a host import on two integers.
        total = unsafe { add(total, i as i32) };
    }
    total
}

/// `count` calls of `read` on the buffer's first `len` bytes; returns the sum of the
/// checksums the host returned.
#[unsafe(no_mangle)]
pub extern "C" fn call_read(count: i64, len: i32) -> i64 {
    let (ptr, len) = (BUFFER.bytes().as_ptr() as i32, buffer_len(len));
    let mut total = 0i64;
    for _ in 0..count {
        // SAFETY: the range lies inside this guest's buffer.
        total = total.wrapping_add(i64::from(unsafe { read(ptr, len) } as u32));
    }
    total
}

/// `count` calls of `write` into the buffer's first `len` bytes; after each, adds the
/// last byte written to the total, so every write is used. Returns the total.
#[unsafe(no_mangle)]
pub extern "C" fn call_write(count: i64, len: i32) -> i64 {
    let (ptr, len) = (BUFFER.bytes().as_ptr() as i32, buffer_len(len));
    let mut total = 0i64;
    for _ in 0..count {
        // SAFETY: the range lies inside this guest's buffer.
        unsafe { write(ptr, len) };
        let last = BUFFER.bytes()[len as usize - 1];
        total = total.wrapping_add(i64::from(core::hint::black_box(last)));
    }
    total
}

/// One `read` of any range: lets the tests hand the host an out-of-range one.
#[unsafe(no_mangle)]
pub extern "C" fn read_at(ptr: i32, len: i32) -> i32 {
    // SAFETY: the host checks the range; a bad one makes the call trap.
    unsafe { read(ptr, len) }
}
