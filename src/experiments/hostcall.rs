//! Calls from the guest into the host (beyond the paper, which timed host-to-guest
//! calls only). The `hostcall` guest loops over one host function `count` times per
//! entry, so one call in times many calls out; the same loop runs natively over an
//! `#[inline(never)]` function reached through a pointer, as the baseline.
//!
//! What the host functions do is `crate::runtime::host_api`; how they are bound (typed
//! or dynamic) is a [`HostFnStyle`].

use std::hint::black_box;

use abi_types::{guest_pattern, unpack_buffer};

use crate::abi::{Access, CallStyle, GuestFn, GuestMemory, Lookup};
use crate::runtime::engine::{Compiled, Loaded};
use crate::runtime::{HostFnStyle, HostState, Linking, Runtime};
use crate::{Error, Result};

/// Bytes `read` and `write` move per call in the benchmarks.
pub const TRANSFER_SIZES: [usize; 2] = [16, 4096];

/// One host function, as the guest loop calls it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HostCall {
    Nop,
    Add,
    /// The host copies this many bytes out of guest memory.
    Read(usize),
    /// The host copies this many bytes into guest memory.
    Write(usize),
}

impl HostCall {
    /// Every call the benchmark times: `nop`, `add`, then `read` and `write` at each size.
    pub fn all() -> Vec<HostCall> {
        let mut calls = vec![HostCall::Nop, HostCall::Add];
        calls.extend(TRANSFER_SIZES.map(HostCall::Read));
        calls.extend(TRANSFER_SIZES.map(HostCall::Write));
        calls
    }

    /// Bytes the call moves across (0 for `nop` and `add`).
    pub fn bytes(self) -> usize {
        match self {
            HostCall::Nop | HostCall::Add => 0,
            HostCall::Read(len) | HostCall::Write(len) => len,
        }
    }
}

/// What `write` copies into the guest: byte `i` of the host's buffer (different from
/// the guest's own pattern, so a write shows).
pub fn host_pattern(i: usize) -> u8 {
    (i as u8).wrapping_mul(17).wrapping_add(3)
}

/// The largest transfer the guest's buffer takes.
const GUEST_BUFFER: usize = 64 * 1024;

/// The hostcall guest, instantiated with the host API, looping over one host function.
pub struct WasmCaller<R: Runtime> {
    guest: Loaded<R>,
    call: HostCall,
    run: Loop<R>,
    memory: GuestMemory<R>,
    /// The guest buffer `read` and `write` use: address and length.
    buffer: (u32, u32),
}

/// The guest export that loops over `call`.
enum Loop<R: Runtime> {
    Nop(GuestFn<R, i64, i64>),
    Add(GuestFn<R, i64, i32>),
    Transfer(GuestFn<R, (i64, i32), i64>),
}

impl<R: Runtime> WasmCaller<R> {
    /// Instantiates the compiled hostcall guest with the host API bound in `style`, for
    /// loops over `call`.
    pub fn new(compiled: &Compiled<R>, style: HostFnStyle, call: HostCall) -> Result<Self> {
        let mut guest = compiled.prepare(Some(style), Linking::Once)?.instantiate()?;
        let access = Access { lookup: Lookup::Cached, style: CallStyle::Typed };
        let run = match call {
            HostCall::Nop => Loop::Nop(access.function(&mut guest, "call_nop")?),
            HostCall::Add => Loop::Add(access.function(&mut guest, "call_add")?),
            HostCall::Read(_) => Loop::Transfer(access.function(&mut guest, "call_read")?),
            HostCall::Write(_) => Loop::Transfer(access.function(&mut guest, "call_write")?),
        };
        let len = call.bytes().max(1);
        if len > GUEST_BUFFER {
            return Err(Error::Config { config: call.to_string(), reason: "the guest's buffer holds 64 KiB" });
        }
        let prepare: GuestFn<R, i32, i64> = access.function(&mut guest, "prepare")?;
        let buffer = unpack_buffer(prepare.call(&mut guest, len as i32)?);
        let state = guest
            .host_state()
            .ok_or(Error::GuestBuffer { export: "prepare", reason: "the instance has no host API state".into() })?;
        state.source = (0..len).map(host_pattern).collect();
        let memory = access.memory(&mut guest)?;
        Ok(WasmCaller { guest, call, run, memory, buffer })
    }

    /// `count` calls out of the guest; returns what the guest loop returned.
    #[inline]
    pub fn run(&mut self, count: u64) -> Result<i64> {
        let count = count as i64;
        let len = self.call.bytes() as i32;
        match &self.run {
            Loop::Nop(f) => f.call(&mut self.guest, count),
            Loop::Add(f) => f.call(&mut self.guest, count).map(i64::from),
            Loop::Transfer(f) => f.call(&mut self.guest, (count, len)),
        }
    }

    /// Host function calls made so far.
    pub fn host_calls(&mut self) -> u64 {
        self.guest.host_state().map_or(0, |state| state.calls)
    }

    /// The host API's state in this instance.
    pub fn host_state(&mut self) -> Option<&mut HostState> {
        self.guest.host_state()
    }

    /// The first `len` bytes of the guest's buffer, read back through the runtime.
    pub fn guest_buffer(&mut self, len: usize) -> Result<Vec<u8>> {
        let mut bytes = vec![0; len.min(self.buffer.1 as usize)];
        self.memory.read(&mut self.guest, "prepare", self.buffer.0, &mut bytes)?;
        Ok(bytes)
    }

    /// One `read` of any range, through the guest's `read_at` (the tests' bad ranges).
    pub fn read_at(&mut self, ptr: i32, len: i32) -> Result<i32> {
        let access = Access { lookup: Lookup::Cached, style: CallStyle::Typed };
        let read_at: GuestFn<R, (i32, i32), i32> = access.function(&mut self.guest, "read_at")?;
        read_at.call(&mut self.guest, (ptr, len))
    }
}

/// The baseline: the guest's loops, natively, over the same host functions called
/// through pointers the optimiser cannot see through.
pub struct NativeCaller {
    call: HostCall,
    state: HostState,
    /// Stands for the guest's buffer, filled as the guest's `prepare` fills it.
    memory: Vec<u8>,
}

impl NativeCaller {
    pub fn new(call: HostCall) -> NativeCaller {
        let len = call.bytes().max(1);
        let mut state = HostState::default();
        state.source = (0..len).map(host_pattern).collect();
        NativeCaller { call, state, memory: (0..len).map(guest_pattern).collect() }
    }
}

#[inline(never)]
fn native_nop(state: &mut HostState) {
    state.nop()
}

#[inline(never)]
fn native_add(state: &mut HostState, a: i32, b: i32) -> i32 {
    state.add(a, b)
}

#[inline(never)]
fn native_read(state: &mut HostState, memory: &[u8], ptr: i32, len: i32) -> i32 {
    let Ok(range) = HostState::range("read", ptr, len, memory.len() as u64) else { return 0 };
    state.read_buffer(range.len()).copy_from_slice(&memory[range.clone()]);
    state.read_done(range.len())
}

#[inline(never)]
fn native_write(state: &mut HostState, memory: &mut [u8], ptr: i32, len: i32) {
    let Ok(range) = HostState::range("write", ptr, len, memory.len() as u64) else { return };
    if let Ok(source) = state.write_source(range.len()) {
        memory[range].copy_from_slice(source);
    }
}

impl NativeCaller {
    /// The guest loop, `count` times, natively; returns what the guest loop returns.
    #[inline(never)]
    pub fn run(&mut self, count: u64) -> i64 {
        let len = self.call.bytes();
        let (state, memory) = (&mut self.state, &mut self.memory);
        match self.call {
            HostCall::Nop => {
                let nop: fn(&mut HostState) = black_box(native_nop);
                for _ in 0..count {
                    nop(state);
                }
                count as i64
            }
            HostCall::Add => {
                let add: fn(&mut HostState, i32, i32) -> i32 = black_box(native_add);
                let mut total = 0i32;
                for i in 0..count {
                    total = add(state, total, i as i32);
                }
                i64::from(total)
            }
            HostCall::Read(_) => {
                let read: fn(&mut HostState, &[u8], i32, i32) -> i32 = black_box(native_read);
                let mut total = 0i64;
                for _ in 0..count {
                    total = total.wrapping_add(i64::from(read(state, memory, 0, len as i32) as u32));
                }
                total
            }
            HostCall::Write(_) => {
                let write: fn(&mut HostState, &mut [u8], i32, i32) = black_box(native_write);
                let mut total = 0i64;
                for _ in 0..count {
                    write(state, memory, 0, len as i32);
                    total = total.wrapping_add(i64::from(black_box(memory[len - 1])));
                }
                total
            }
        }
    }

    /// Host function calls made so far.
    pub fn host_calls(&self) -> u64 {
        self.state.calls
    }

    /// The first `len` bytes of the buffer standing for the guest's.
    pub fn guest_buffer(&self, len: usize) -> Vec<u8> {
        self.memory[..len.min(self.memory.len())].to_vec()
    }
}
