//! The simulator's input: a request trace, generated ProWGen-style or read from a file,
//! always with dense object ids (`0..objects`), so the simulator indexes arrays instead
//! of hashing.

mod dense_ids;
mod format;
mod generator;
mod reader;

pub use abi_types::Request;
pub use format::TraceFormat;
pub use generator::{GeneratorParams, SizeCorrelation, StackModel, generate};
pub(crate) use reader::deserialize_trace_file;
pub use reader::{TraceFile, read_trace};

use crate::Result;

/// Requests with dense object ids: every id is below `objects`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trace {
    pub requests: Vec<Request>,
    /// Distinct objects requested.
    pub objects: u32,
}

/// Where a trace comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum TraceSource {
    Generated(GeneratorParams),
    File(TraceFile),
}

impl TraceSource {
    pub fn load(&self) -> Result<Trace> {
        match self {
            TraceSource::Generated(params) => generate(params),
            TraceSource::File(file) => read_trace(file),
        }
    }
}
