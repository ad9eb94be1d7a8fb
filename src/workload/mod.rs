//! The simulator's input: a request trace, generated ProWGen-style or read from a file.

mod generator;
mod reader;

use std::path::PathBuf;

pub use abi_types::Request;
pub use generator::{GeneratorParams, SizeCorrelation, StackModel, generate};
pub use reader::read_trace;

use crate::Result;

/// Where a trace comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum TraceSource {
    Generated(GeneratorParams),
    File(PathBuf),
}

impl TraceSource {
    pub fn load(&self) -> Result<Vec<Request>> {
        match self {
            TraceSource::Generated(params) => generate(params),
            TraceSource::File(path) => read_trace(path),
        }
    }
}
