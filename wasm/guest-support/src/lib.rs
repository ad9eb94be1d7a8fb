//! What every guest's export shims share: guest memory lent to the host (dynamic
//! allocations and static buffers), trapping on bad input, and global state.
//!
//! Guests are single-threaded (wasm32 without threads), which is what makes the
//! `Sync` impls below sound.
#![no_std]

extern crate alloc;

use alloc::alloc::{Layout, alloc as raw_alloc, dealloc};
use core::cell::UnsafeCell;

use abi_types::{BUFFER_ALIGN, pack_buffer};

/// Aborts the call with a wasm trap: the host sees an error naming the export. Used for
/// malformed input, where an export has no in-band way to say so.
pub fn trap() -> ! {
    core::arch::wasm32::unreachable()
}

fn buffer_layout(len: i32) -> Layout {
    match usize::try_from(len) {
        Ok(len) if len > 0 => Layout::from_size_align(len, BUFFER_ALIGN).unwrap_or_else(|_| trap()),
        _ => trap(),
    }
}

/// Dynamic ABIs, step 1: a buffer of `len` bytes for the host to fill; 0 when out of
/// memory. The export that consumes the buffer frees it.
pub fn alloc(len: i32) -> i32 {
    // SAFETY: the layout has a non-zero size (buffer_layout traps otherwise).
    unsafe { raw_alloc(buffer_layout(len)) as i32 }
}

/// Lends `f` the host-filled buffer at `ptr`, then frees it, so guest memory stays flat
/// however many dynamic calls are made.
pub fn consume_host_buffer<R>(ptr: i32, len: i32, f: impl FnOnce(&[u8]) -> R) -> R {
    let layout = buffer_layout(len);
    // SAFETY: the host obtained (ptr, len) from `alloc(len)` and wrote `len` bytes.
    let result = f(unsafe { core::slice::from_raw_parts(ptr as *const u8, layout.size()) });
    // SAFETY: same pointer and layout as the allocation in `alloc`.
    unsafe { dealloc(ptr as *mut u8, layout) };
    result
}

/// A buffer the guest exposes once and the host fills before each call (static ABIs).
/// Aligned for any `Pod` boundary type.
#[repr(C, align(8))]
pub struct StaticBuffer<const N: usize>(UnsafeCell<[u8; N]>);

// SAFETY: single-threaded guest; the host writes only between calls.
unsafe impl<const N: usize> Sync for StaticBuffer<N> {}

impl<const N: usize> StaticBuffer<N> {
    pub const fn new() -> Self {
        StaticBuffer(UnsafeCell::new([0; N]))
    }

    /// Address and length packed in one i64, for the host to fetch once.
    pub fn packed(&'static self) -> i64 {
        pack_buffer(self.0.get() as u32, N as u32)
    }

    pub fn bytes(&'static self) -> &'static [u8; N] {
        // SAFETY: single-threaded; no `&mut` to the buffer exists inside the guest.
        unsafe { &*self.0.get() }
    }

    /// The buffer, for the guest to fill.
    ///
    /// # Safety
    /// No other reference to the buffer (from `bytes` or `bytes_mut`) may be alive while
    /// the returned one is used.
    #[allow(clippy::mut_from_ref)]
    pub unsafe fn bytes_mut(&'static self) -> &'static mut [u8; N] {
        // SAFETY: the caller guarantees exclusivity; single-threaded guest.
        unsafe { &mut *self.0.get() }
    }
}

impl<const N: usize> Default for StaticBuffer<N> {
    fn default() -> Self {
        Self::new()
    }
}

/// Global mutable state of a guest (e.g. the simulator's cache between calls).
pub struct GuestCell<T>(UnsafeCell<T>);

// SAFETY: single-threaded guest.
unsafe impl<T> Sync for GuestCell<T> {}

impl<T> GuestCell<T> {
    pub const fn new(value: T) -> Self {
        GuestCell(UnsafeCell::new(value))
    }

    /// Runs `f` with exclusive access. Exports call this once per call and never
    /// re-enter, so no two `&mut` coexist.
    pub fn with<R>(&'static self, f: impl FnOnce(&mut T) -> R) -> R {
        // SAFETY: see above: one export at a time, no re-entry.
        f(unsafe { &mut *self.0.get() })
    }

    /// Address of the value, for handing it to the host to read.
    pub fn as_ptr(&'static self) -> *const T {
        self.0.get()
    }
}
