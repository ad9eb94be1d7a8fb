//! The WASI guest's twin without WASI: the same loops (`io_loops`), each iteration one
//! call of the suite's own typed host functions (module `host`) that do the same work on
//! the host side: read the same monotonic clock (returned, not written through a
//! pointer: the shape a typed host function has), fill 16 bytes of guest memory from the
//! same kind of generator, append a 64-byte line to an in-memory buffer.
#![no_std]

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    io_loops::trap()
}

#[link(wasm_import_module = "host")]
unsafe extern "C" {
    fn clock_now() -> u64;
    fn random_fill(ptr: *mut u8, len: usize);
    fn stdout_write(ptr: *const u8, len: usize) -> usize;
}

#[unsafe(no_mangle)]
pub extern "C" fn clock(n: i64) -> i64 {
    // SAFETY: a host import without arguments.
    io_loops::clock(n, || Ok(unsafe { clock_now() }))
}

#[unsafe(no_mangle)]
pub extern "C" fn clock_span() -> i64 {
    io_loops::clock_span()
}

#[unsafe(no_mangle)]
pub extern "C" fn random(n: i64) -> i64 {
    // SAFETY: the host writes `buffer.len()` bytes at `buffer`.
    io_loops::random(n, |buffer| Ok(unsafe { random_fill(buffer.as_mut_ptr(), buffer.len()) }))
}

#[unsafe(no_mangle)]
pub extern "C" fn stdout(n: i64) -> i64 {
    // SAFETY: the host reads `line.len()` bytes at `line`.
    io_loops::stdout(n, |line| Ok(unsafe { stdout_write(line.as_ptr(), line.len()) }))
}

#[unsafe(no_mangle)]
pub extern "C" fn request() -> i64 {
    io_loops::request(clock(1), random(1), stdout(1))
}
