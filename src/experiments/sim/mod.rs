//! The web-proxy cache simulator's drivers: the same policies (`wasm/policies`) run
//! natively or inside the simulator guest through one of the ABIs.
//!
//! A [`Scenario`] is data (native, or WASM with ABI x lookup x call style); its
//! `Display` is the benchmark id. One [`SimDriver::run`] is what the paper timed: a
//! fresh cache, every request of the trace, the counters.

#[cfg(feature = "wasmtime")]
pub mod component;
mod hit_rates;
mod native;
mod wasm;

use std::fmt;

pub use hit_rates::{HitRatePoint, hit_rate_curve, hit_rate_curve_with, paper_cache_sizes};
pub use native::NativeDriver;
pub use policies::{PolicyKind, Stats};
pub use wasm::WasmDriver;

use crate::Result;
use crate::abi::{CallStyle, Lookup};
use crate::runtime::engine::{AnyCompiled, CompiledGuest};
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

    /// A driver for this scenario; WASM ones instantiate `guest` (compiled from the
    /// simulator guest) now, outside any timed region.
    pub fn driver(&self, guest: &CompiledGuest, batch_size: usize) -> Result<Box<dyn SimDriver>> {
        Ok(match *self {
            Scenario::Native => Box::new(NativeDriver),
            Scenario::Wasm { abi, lookup, call } => match guest.runtime() {
                AnyCompiled::Wasmer(compiled) => Box::new(WasmDriver::new(compiled, abi, lookup, call, batch_size)?),
                #[cfg(feature = "wasmtime")]
                AnyCompiled::Wasmtime(compiled) => Box::new(WasmDriver::new(compiled, abi, lookup, call, batch_size)?),
            },
        })
    }
}

/// Benchmark id, e.g. `native`, `pair-cached-dyn-call`, `batch-uncached-typed-call`.
impl fmt::Display for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Scenario::Wasm { abi, lookup, call } = self else { return f.write_str("native") };
        let abi = match abi {
            SimAbi::Pair => "pair",
            SimAbi::Bincode => "bincode-dynamic-mem",
            SimAbi::Bytemuck => "bytemuck-static-mem",
            SimAbi::Batch => "batch-static-mem",
        };
        write!(f, "{abi}-{lookup}-{call}")
    }
}

/// Runs whole simulations.
pub trait SimDriver {
    /// A fresh `policy` cache of `capacity` bytes, every request of `trace` in order,
    /// then the counters.
    fn run(&mut self, policy: PolicyKind, capacity: i64, trace: &[Request]) -> Result<Stats>;
}
