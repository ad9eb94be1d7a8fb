//! Host side of wasm-script-bench: what it costs a native host to call small scripts
//! compiled to WebAssembly, through Wasmer or Wasmtime, and the host code that makes
//! those calls.
//!
//! The modules are floors; each uses only the floors below it, and no experiment uses
//! another:
//!
//! 0. Foundations: [`error`](Error), [`units`] (byte sizes as ids and people write
//!    them), [`guest`] (the guest modules built from `wasm/`), [`workload`] (the
//!    simulator's traces), [`paired`] (the paired measurement of a ratio), [`layout`]
//!    (the code layout the binary was built with).
//! 1. [`runtime`]: the backends, the small interface the ABIs use, one adapter per
//!    runtime, the host API guests import, the compile/instantiate phases with the one
//!    dispatch from a backend chosen at run time to code written once for every
//!    runtime, and (with `wasmtime`) the Component Model guest.
//! 2. [`abi`]: one object per hand-written ABI (Pair, Bincode, Bytemuck, Postcard)
//!    behind one trait, and the ways to reach exports and guest memory.
//! 3. [`experiments`]: what each benchmark measures, each beside its native baseline and
//!    with the Component Model's variant of its calls.
//! 4. The study: [`ids`] (every benchmark id as typed fields), [`ratios`] (which ratios
//!    are measured paired) and [`profile`] (the benchmark profiles in
//!    `criterion-config/`).
//! 5. [`report`]: a finished run as the paper's tables and figures.

pub mod abi;
pub mod environment;
mod error;
pub mod experiments;
pub mod guest;
pub mod ids;
pub mod layout;
pub mod paired;
pub mod profile;
pub mod ratios;
pub mod report;
pub mod runtime;
pub mod units;
pub mod workload;

pub use abi_types::MultiplyParams;
pub use error::{Error, Result};
