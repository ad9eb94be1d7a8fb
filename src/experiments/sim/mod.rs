//! The web-proxy cache simulator's drivers: the same policies (`wasm/policies`) run
//! natively or inside the simulator guest through one of the ABIs.
//!
//! A [`Scenario`] is data (native, or WASM with ABI x lookup x call style); its
//! `Display` (in `crate::ids`) is the benchmark case. One [`SimDriver::run`] is what the paper timed: a
//! fresh cache, every request of the trace, the counters.

#[cfg(feature = "wasmtime")]
pub mod component;
mod hit_rates;
mod native;
mod wasm;

pub use hit_rates::{HitRatePoint, hit_rate_curve, hit_rate_curve_with, paper_cache_sizes};
pub use native::NativeDriver;
pub use policies::{PolicyKind, Stats};
pub use wasm::WasmDriver;

use crate::Result;
use crate::abi::{CallStyle, Lookup};
use crate::runtime::Runtime;
use crate::runtime::engine::{Compiled, CompiledGuest, OnRuntime};
use crate::workload::Request;

/// How requests cross into the simulator guest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SimAbi {
    /// `send(id, size)`: one request as two i32.
    Pair,
    /// `alloc` + `send_bincode(ptr, len)`: one bincode-encoded request in a fresh
    /// allocation (dynamic memory: bincode's size is not fixed).
    Bincode,
    /// `send_static()`: one `Request` in the guest's static buffer.
    Bytemuck,
    /// `send_batch(count)`: up to the batch size of `Request`s in the static buffer per
    /// call (beyond the paper: the batching its section 6 names as future work).
    Batch,
}

impl SimAbi {
    pub const ALL: [SimAbi; 4] = [SimAbi::Pair, SimAbi::Bincode, SimAbi::Bytemuck, SimAbi::Batch];
}

/// One way of running the simulator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scenario {
    Native,
    Wasm { abi: SimAbi, lookup: Lookup, call: CallStyle },
}

impl Scenario {
    /// Native, then every WASM combination; the paper's seven scenarios per policy are
    /// native and Pair/Bincode/Bytemuck x cached/uncached with dynamic calls.
    pub fn all() -> Vec<Scenario> {
        let mut scenarios = vec![Scenario::Native];
        for call in [CallStyle::Dynamic, CallStyle::Typed] {
            for abi in SimAbi::ALL {
                for lookup in [Lookup::Cached, Lookup::ByName] {
                    scenarios.push(Scenario::Wasm { abi, lookup, call });
                }
            }
        }
        scenarios
    }

    /// Whether the paper ran this scenario (its Figure 7).
    pub fn in_paper(&self) -> bool {
        match self {
            Scenario::Native => true,
            Scenario::Wasm { abi, call, .. } => *call == CallStyle::Dynamic && *abi != SimAbi::Batch,
        }
    }

    /// Whether it is among the few a slow backend runs when the profile says
    /// `interpreter_scenarios = "headline"`: native, the Pair call typed and dynamic,
    /// and the typed static Bytemuck and batch, all with cached handles.
    pub fn is_headline(&self) -> bool {
        match *self {
            Scenario::Native => true,
            Scenario::Wasm { abi, lookup, call } => {
                lookup == Lookup::Cached && (abi == SimAbi::Pair || call == CallStyle::Typed) && abi != SimAbi::Bincode
            }
        }
    }

    /// A driver for this scenario; WASM ones instantiate `guest` (compiled from the
    /// simulator guest) now, outside any timed region.
    pub fn driver(&self, guest: &CompiledGuest, batch_size: usize) -> Result<Box<dyn SimDriver>> {
        Ok(match *self {
            Scenario::Native => Box::new(NativeDriver::default()),
            Scenario::Wasm { abi, lookup, call } => {
                struct NewDriver(SimAbi, Lookup, CallStyle, usize);
                impl OnRuntime for NewDriver {
                    type Output = Result<Box<dyn SimDriver>>;
                    fn run<R: Runtime>(self, compiled: &Compiled<R>) -> Self::Output {
                        let NewDriver(abi, lookup, call, batch_size) = self;
                        Ok(Box::new(WasmDriver::new(compiled, abi, lookup, call, batch_size)?))
                    }
                }
                guest.on_runtime(NewDriver(abi, lookup, call, batch_size))?
            }
        })
    }
}

/// How the simulator's requests cross into the component.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ComponentScenario {
    /// `send(id, size) -> bool`, one call per request.
    PerRequest,
    /// `requests(list<request>) -> stats`, `batch_size` requests per call.
    Batch,
    /// `requests-packed(list<u64>) -> stats`: the same batch, each request packed in a
    /// u64, because Wasmtime lowers a list of integers as one copy and a list of
    /// records field by field.
    PackedBatch,
}

impl ComponentScenario {
    pub const ALL: [ComponentScenario; 3] =
        [ComponentScenario::PerRequest, ComponentScenario::Batch, ComponentScenario::PackedBatch];
}

/// Runs simulations: whole, or a trace fed in parts (as the paired measurement feeds
/// it, a chunk per call, so that each call is short against a burst of noise).
pub trait SimDriver {
    /// A fresh `policy` cache of `capacity` bytes.
    fn start(&mut self, policy: PolicyKind, capacity: i64) -> Result<()>;

    /// `requests`, in order, into the cache started last.
    fn send(&mut self, requests: &[Request]) -> Result<()>;

    /// The counters of the cache started last.
    fn stats(&mut self) -> Result<Stats>;

    /// A fresh cache, every request of `trace` in order, then the counters.
    fn run(&mut self, policy: PolicyKind, capacity: i64, trace: &[Request]) -> Result<Stats> {
        self.start(policy, capacity)?;
        self.send(trace)?;
        self.stats()
    }
}
