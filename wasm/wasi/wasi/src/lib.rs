//! The WASI Preview 1 guest: each export loops `n` times over one operation, each
//! iteration exactly one WASI import call (declared here by hand, so nothing else is
//! imported or called): `clock_time_get` of the monotonic clock, `random_get` of 16
//! bytes, `fd_write` of a 64-byte line to stdout. The loops are `io_loops`'s, shared
//! with the `hostfn` twin that makes the same calls to the suite's typed host functions.
#![no_std]

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    io_loops::trap()
}

/// WASI's `ciovec`: one buffer of an `fd_write`.
#[repr(C)]
struct Ciovec {
    buf: *const u8,
    len: usize,
}

#[link(wasm_import_module = "wasi_snapshot_preview1")]
unsafe extern "C" {
    fn clock_time_get(id: u32, precision: u64, time: *mut u64) -> i32;
    fn random_get(buf: *mut u8, len: usize) -> i32;
    fn fd_write(fd: u32, iovs: *const Ciovec, iovs_len: usize, written: *mut usize) -> i32;
}

/// WASI's clock ids and file descriptors used here.
const CLOCK_MONOTONIC: u32 = 1;
const STDOUT: u32 = 1;

fn read_clock() -> Result<u64, i32> {
    let mut now = 0u64;
    // SAFETY: `now` is a valid place for the u64 the call writes.
    match unsafe { clock_time_get(CLOCK_MONOTONIC, 1, &mut now) } {
        0 => Ok(now),
        errno => Err(errno),
    }
}

fn fill(buffer: &mut [u8; 16]) -> Result<(), i32> {
    // SAFETY: the call writes `buffer.len()` bytes at `buffer`.
    match unsafe { random_get(buffer.as_mut_ptr(), buffer.len()) } {
        0 => Ok(()),
        errno => Err(errno),
    }
}

fn write(line: &[u8]) -> Result<usize, i32> {
    let iov = Ciovec { buf: line.as_ptr(), len: line.len() };
    let mut written = 0;
    // SAFETY: one valid ciovec over `line`, and a place for the count written.
    match unsafe { fd_write(STDOUT, &iov, 1, &mut written) } {
        0 => Ok(written),
        errno => Err(errno),
    }
}

#[unsafe(no_mangle)]
pub extern "C" fn clock(n: i64) -> i64 {
    io_loops::clock(n, read_clock)
}

#[unsafe(no_mangle)]
pub extern "C" fn clock_span() -> i64 {
    io_loops::clock_span()
}

#[unsafe(no_mangle)]
pub extern "C" fn random(n: i64) -> i64 {
    io_loops::random(n, fill)
}

#[unsafe(no_mangle)]
pub extern "C" fn stdout(n: i64) -> i64 {
    io_loops::stdout(n, write)
}

#[unsafe(no_mangle)]
pub extern "C" fn request() -> i64 {
    io_loops::request(clock(1), random(1), stdout(1))
}
