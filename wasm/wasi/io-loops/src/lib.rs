//! The loops of the two I/O guests, written once over the call that does each
//! operation: a WASI Preview 1 import in `wasi`, one of the suite's typed host
//! functions in `hostfn`. So the modules differ only in the import each iteration makes,
//! and each iteration makes exactly one.
//!
//! Each loop works on what the call gives (nothing is dead code to the optimiser) and
//! returns an answer the host can check exactly, the same one a native loop gives:
//!
//! - `clock`: `n` reads; how many were not earlier than the read before (`n` on a
//!   monotonic clock). The span from the first read to the last is kept for
//!   `clock_span`, so the host can check the readings are plausible.
//! - `random`: `n` fills of one 16-byte buffer; how many changed it (`n`: two equal
//!   16-byte draws have probability 2^-128), so every fill must have reached the host.
//! - `stdout`: `n` writes of [`LINE`]; the bytes written (`64 * n`).
//!
//! A failed call ends its loop, which returns the error code negated (a WASI errno), so
//! the host can name it.
#![no_std]

use core::sync::atomic::{AtomicI64, Ordering};

include!("line.rs");

/// The span of the last `clock` loop, first read to last, in the clock's nanoseconds.
/// (wasm32 without threads: the atomic is a plain global.)
static CLOCK_SPAN: AtomicI64 = AtomicI64::new(0);

/// `n` reads of a clock in nanoseconds; how many were not earlier than the one before.
pub fn clock(n: i64, mut read: impl FnMut() -> Result<u64, i32>) -> i64 {
    let (mut steady, mut first, mut last) = (0, None, 0u64);
    for _ in 0..n {
        let now = match read() {
            Ok(now) => now,
            Err(errno) => return -i64::from(errno),
        };
        steady += i64::from(now >= last);
        first.get_or_insert(now);
        last = now;
    }
    CLOCK_SPAN.store(last.wrapping_sub(first.unwrap_or(last)) as i64, Ordering::Relaxed);
    steady
}

/// The span of the last `clock` loop.
pub fn clock_span() -> i64 {
    CLOCK_SPAN.load(Ordering::Relaxed)
}

/// `n` fills of one 16-byte buffer; how many changed it.
pub fn random(n: i64, mut fill: impl FnMut(&mut [u8; 16]) -> Result<(), i32>) -> i64 {
    let mut buffer = [0u8; 16];
    let mut changed = 0;
    for _ in 0..n {
        // Compared as one number: a slice comparison would call `memcmp`, which a
        // no_std guest has no libc to link.
        let before = u128::from_ne_bytes(buffer);
        if let Err(errno) = fill(&mut buffer) {
            return -i64::from(errno);
        }
        changed += i64::from(u128::from_ne_bytes(buffer) != before);
    }
    changed
}

/// `n` writes of [`LINE`]; the bytes written.
pub fn stdout(n: i64, mut write: impl FnMut(&[u8]) -> Result<usize, i32>) -> i64 {
    let mut written = 0;
    for _ in 0..n {
        match write(LINE) {
            Ok(bytes) => written += bytes as i64,
            Err(errno) => return -i64::from(errno),
        }
    }
    written
}

/// One request's I/O: a clock read, a random fill and a line, the answers summed
/// (`1 + 1 + 64`), or the first failure.
pub fn request(clock: i64, random: i64, stdout: i64) -> i64 {
    [clock, random, stdout].into_iter().find(|&answer| answer < 0).unwrap_or(clock + random + stdout)
}

/// What a panic becomes (the guests have no other way to end a call early): a trap.
pub fn trap() -> ! {
    core::arch::wasm32::unreachable()
}
