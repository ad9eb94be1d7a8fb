//! Host side of wasm-script-bench: what it costs a native host to call small scripts
//! compiled to WebAssembly, through Wasmer or Wasmtime, and the host code that makes
//! those calls.
//!
//! - [`runtime`]: the small interface the ABIs use, and one adapter per runtime.
//! - [`engine`]: the backends compiled in, and compiling/instantiating guests.
//! - [`guest`]: the guest modules built from `wasm/` by `build.rs`.
//! - [`abi`]: one object per ABI (Pair, Bincode, Bytemuck, Postcard) behind one trait.
//! - [`micro`]: the paper's Table 1 as data, and a constructor from a row to a callable.
//! - [`sim`]: the web-proxy cache simulator, natively and through each ABI.
//! - [`workload`]: the simulator's request traces (generated or read from a file).
//! - [`profile`]: the benchmark profiles in `criterion-config/`.
//! - [`report`]: a finished run as the paper's tables and figures.

pub mod abi;
pub mod engine;
mod error;
pub mod guest;
pub mod micro;
pub mod profile;
pub mod report;
pub mod runtime;
pub mod sim;
pub mod workload;

pub use abi_types::MultiplyParams;
pub use error::{Error, Result};
