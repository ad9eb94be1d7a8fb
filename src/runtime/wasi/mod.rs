//! WASI Preview 1 guests, as embedders configure them: a WASI context per instance on
//! each runtime, from each runtime's own WASI crate (Wasmtime: `wasmtime-wasi`'s
//! Preview 1; Wasmer: `wasmer-wasix`; wasmi: `wasmi_wasi`), with stdout captured in
//! memory, never the terminal.
//!
//! Two guests (`wasm/wasi`) run the same loops: `wasi` makes each operation one WASI
//! import call (`clock_time_get`, `random_get` of 16 bytes, `fd_write` of a 64-byte
//! line), `hostfn` one call of the suite's own typed host functions (module
//! [`HOST_MODULE`](super::host_api::HOST_MODULE)) that do the same work on the host side ([`HostIo`]). They import
//! different things, so, like the Component Model guest (`runtime::component`), they are
//! compiled and instantiated here (`host` over the runtimes' `on_*` files, which implement
//! `contract`; feature `wasi`), outside the
//! [`Runtime`](super::Runtime) trait the core guests share.
//!
//! This module itself is in every build: the operations and routes are factors that ids
//! name whether or not this build runs them, and the host functions' work and its native
//! baseline need no WASI crate.

#[cfg(feature = "wasi")]
mod contract;
#[cfg(feature = "wasi")]
mod host;
#[cfg(feature = "wasi")]
mod on_wasmer;
#[cfg(feature = "wasi")]
mod on_wasmi;
#[cfg(feature = "wasi")]
mod on_wasmtime;

use std::fmt;
use std::time::Instant;

use rand::{RngCore, SeedableRng, TryRngCore};

#[cfg(feature = "wasi")]
pub use self::host::{CompiledIo, Instance, Prepared, guest};
use super::RuntimeKind;
#[cfg(feature = "wasi")]
use super::host_api::HOST_MODULE;
use crate::{Error, Result};

include!("../../../wasm/wasi/io-loops/src/line.rs");

/// What one iteration of a guest loop does: exactly one import call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IoOp {
    // The order of `ALL` and of `HOST_FUNCTIONS`: `op as usize` indexes both.
    /// Read the monotonic clock (WASI `clock_time_get`).
    Clock,
    /// Fill 16 bytes of guest memory with random bytes (WASI `random_get`).
    Random,
    /// Write the 64-byte [`LINE`] to stdout (WASI `fd_write`).
    Stdout,
}

impl IoOp {
    pub const ALL: [IoOp; 3] = [IoOp::Clock, IoOp::Random, IoOp::Stdout];

    /// The guest export that loops over it (both guests export the same names).
    pub fn export(self) -> &'static str {
        match self {
            IoOp::Clock => "clock",
            IoOp::Random => "random",
            IoOp::Stdout => "stdout",
        }
    }

    /// The WASI call the `wasi` guest makes for it.
    pub fn wasi_call(self) -> &'static str {
        match self {
            IoOp::Clock => "clock_time_get",
            IoOp::Random => "random_get",
            IoOp::Stdout => "fd_write",
        }
    }

    /// The typed host function the `hostfn` guest calls for it.
    pub fn host_function(self) -> &'static str {
        HOST_FUNCTIONS[self as usize]
    }

    /// What the loop over `n` iterations answers on every route, natively too: `n` clock
    /// reads not earlier than the one before, `n` fills that changed the buffer, `64 n`
    /// bytes written.
    pub fn expected(self, n: u64) -> i64 {
        match self {
            IoOp::Clock | IoOp::Random => n as i64,
            IoOp::Stdout => (n * LINE.len() as u64) as i64,
        }
    }
}

impl fmt::Display for IoOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.export())
    }
}

/// What one request answers (`request` export): a clock read, a fill and a line.
pub const REQUEST_ANSWER: i64 = 1 + 1 + LINE.len() as i64;

/// Which import a guest's iterations make: the guest that makes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IoRoute {
    /// WASI Preview 1, through the runtime's WASI implementation (the `wasi` guest).
    Wasi,
    /// The suite's own typed host functions (the `hostfn` guest), no WASI context.
    HostFn,
}

impl IoRoute {
    pub const ALL: [IoRoute; 2] = [IoRoute::Wasi, IoRoute::HostFn];

    /// The guest's name, as ids write it (the module exists only with `wasi`).
    pub fn guest_name(self) -> &'static str {
        match self {
            IoRoute::Wasi => "wasi",
            IoRoute::HostFn => "hostfn",
        }
    }
}

impl fmt::Display for IoRoute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.guest_name())
    }
}

/// The generator a runtime's WASI `random_get` draws from, so the typed host function
/// draws from the same kind: `wasmtime-wasi` and `wasmi_wasi` (wasi-common) seed a
/// ChaCha12 `StdRng` per context; `wasmer-wasix` asks the OS for every fill.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RandomSource {
    SeededPerContext,
    Os,
}

impl RandomSource {
    pub fn of(runtime: RuntimeKind) -> RandomSource {
        match runtime {
            // wasm3 and WAMR run no WASI guest here; their host functions' state draws as
            // wasmi's.
            RuntimeKind::Wasmtime | RuntimeKind::Wasmi | RuntimeKind::Wasm3 | RuntimeKind::Wamr => {
                RandomSource::SeededPerContext
            }
            RuntimeKind::Wasmer => RandomSource::Os,
            // A previous release runs no WASI guest here either; its host functions' state
            // draws as its current release's.
            RuntimeKind::WasmtimePrevious | RuntimeKind::WasmiPrevious => RandomSource::SeededPerContext,
        }
    }
}

enum HostRng {
    Seeded(Box<rand::rngs::StdRng>),
    Os,
}

/// The typed host functions' side of one `hostfn` instance: the same work a WASI
/// implementation does for the same operation, written once for every runtime (each
/// runtime's file only binds it and reaches guest memory).
pub struct HostIo {
    /// The clock's origin: WASI's monotonic clocks count from an origin of their own too.
    origin: Instant,
    rng: HostRng,
    /// Captured stdout: every line the guest wrote.
    pub stdout: Vec<u8>,
    /// Calls the guest made to the host functions.
    pub calls: u64,
    /// Where `random_bytes` fills for a runtime that copies into guest memory (reused:
    /// a call allocates nothing).
    scratch: Vec<u8>,
}

impl HostIo {
    pub fn new(random: RandomSource) -> HostIo {
        let rng = match random {
            RandomSource::SeededPerContext => HostRng::Seeded(Box::new(rand::rngs::StdRng::from_os_rng())),
            RandomSource::Os => HostRng::Os,
        };
        HostIo { origin: Instant::now(), rng, stdout: Vec::new(), calls: 0, scratch: Vec::new() }
    }

    /// `clock_now() -> u64`: nanoseconds since the origin.
    #[inline]
    pub fn clock_now(&mut self) -> u64 {
        self.calls += 1;
        self.origin.elapsed().as_nanos() as u64
    }

    /// `random_fill(ptr, len)`, once the runtime has the guest's bytes at hand.
    #[inline]
    pub fn random_fill(&mut self, bytes: &mut [u8]) -> Result<(), String> {
        self.calls += 1;
        match &mut self.rng {
            HostRng::Seeded(rng) => rng.fill_bytes(bytes),
            HostRng::Os => {
                rand::rngs::OsRng.try_fill_bytes(bytes).map_err(|e| format!("the OS random source failed: {e}"))?
            }
        }
        Ok(())
    }

    /// `random_fill(ptr, len)` for a runtime that copies into guest memory (Wasmer's
    /// memory view): the `len` random bytes to copy.
    #[inline]
    pub fn random_bytes(&mut self, len: usize) -> Result<&[u8], String> {
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.resize(len, 0);
        self.random_fill(&mut scratch)?;
        self.scratch = scratch;
        Ok(&self.scratch)
    }

    /// `stdout_write(ptr, len)` for a runtime that copies out of guest memory: the `len`
    /// bytes at the end of the captured stdout to copy the line into.
    #[inline]
    pub fn stdout_tail(&mut self, len: usize) -> &mut [u8] {
        self.calls += 1;
        let start = self.stdout.len();
        self.stdout.resize(start + len, 0);
        &mut self.stdout[start..]
    }

    /// `stdout_write(ptr, len) -> written`, once the runtime has the guest's bytes.
    #[inline]
    pub fn stdout_write(&mut self, bytes: &[u8]) -> usize {
        self.calls += 1;
        self.stdout.extend_from_slice(bytes);
        bytes.len()
    }
}

/// The typed host functions' names in module [`HOST_MODULE`].
pub(crate) const HOST_FUNCTIONS: [&str; 3] = ["clock_now", "random_fill", "stdout_write"];

/// The same operations done natively, the baseline: the clock read, the 16-byte fill
/// from the kind of generator the backend's WASI uses, the line appended to a buffer.
/// Each loop gives the answer the guests give (the same `io_loops` logic, here in Rust).
pub struct NativeIo {
    io: HostIo,
}

impl NativeIo {
    pub fn new(random: RandomSource) -> NativeIo {
        NativeIo { io: HostIo::new(random) }
    }

    /// `n` iterations of `op`, each through an `#[inline(never)]` call, as a host
    /// function is called; the loop's answer.
    pub fn run(&mut self, op: IoOp, n: u64) -> Result<i64> {
        match op {
            IoOp::Clock => {
                let (mut steady, mut last) = (0, 0u64);
                for _ in 0..n {
                    let now = native_clock(&mut self.io);
                    steady += i64::from(now >= last);
                    last = now;
                }
                Ok(steady)
            }
            IoOp::Random => {
                let mut buffer = [0u8; 16];
                let mut changed = 0;
                for _ in 0..n {
                    let before = buffer;
                    native_fill(&mut self.io, &mut buffer).map_err(|reason| Error::BadReturn {
                        export: "native random",
                        got: reason,
                        expected: "16 random bytes",
                    })?;
                    changed += i64::from(buffer != before);
                }
                Ok(changed)
            }
            IoOp::Stdout => {
                let mut written = 0;
                for _ in 0..n {
                    written += native_write(&mut self.io, LINE) as i64;
                }
                Ok(written)
            }
        }
    }

    /// The lines written so far, dropped from the buffer.
    pub fn take_stdout(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.io.stdout)
    }
}

#[inline(never)]
fn native_clock(io: &mut HostIo) -> u64 {
    std::hint::black_box(io.clock_now())
}

#[inline(never)]
fn native_fill(io: &mut HostIo, bytes: &mut [u8]) -> Result<(), String> {
    io.random_fill(std::hint::black_box(bytes))
}

#[inline(never)]
fn native_write(io: &mut HostIo, bytes: &[u8]) -> usize {
    io.stdout_write(std::hint::black_box(bytes))
}
