//! Host side of wasm-script-bench: what it costs a native host to call small scripts
//! compiled to WebAssembly, through Wasmer or Wasmtime, and the host code that makes
//! those calls.
//!
//! - [`runtime`]: the backends, the small interface the ABIs use, one adapter per
//!   runtime, and the host API guests may import.
//! - [`engine`]: compiling, preparing and instantiating guests.
//! - [`guest`]: the guest modules built from `wasm/` by `build.rs`.
//! - [`abi`]: one object per ABI (Pair, Bincode, Bytemuck, Postcard) behind one trait.
//! - `component` (with the `wasmtime` feature): the Component Model's canonical ABI, as
//!   objects that fit the same interfaces.
//! - [`micro`]: the paper's Table 1 as data, and a constructor from a row to a callable.
//! - [`hostcall`]: calls from the guest into the host (the host API), and their baseline.
//! - [`lifecycle`]: an instance per request, made each way the runtimes offer.
//! - [`payload`]: payloads of 16 B to 1 MiB through every byte-carrying ABI, both ways.
//! - [`sim`]: the web-proxy cache simulator, natively and through each ABI.
//! - [`workload`]: the simulator's request traces (generated or read from a file).
//! - [`profile`]: the benchmark profiles in `criterion-config/`.
//! - [`report`]: a finished run as the paper's tables and figures.

pub mod abi;
#[cfg(feature = "wasmtime")]
pub mod component;
pub mod engine;
pub mod environment;
mod error;
pub mod guest;
pub mod hostcall;
pub mod lifecycle;
pub mod micro;
pub mod payload;
pub mod profile;
pub mod report;
pub mod runtime;
pub mod sim;
pub mod workload;

pub use abi_types::MultiplyParams;
pub use error::{Error, Result};
