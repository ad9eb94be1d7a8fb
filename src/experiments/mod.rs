//! What the suite measures, one room per experiment. Each experiment holds its own
//! native baseline and, with the `wasmtime` feature, the Component Model's variant of
//! its calls, so a benchmark group sets them side by side. Experiments use the ABIs and
//! runtimes below them and never each other.

pub mod hostcall;
pub mod lifecycle;
pub mod micro;
pub mod payload;
pub mod serve;
pub mod sim;
