//! Trace files in the paper's text format: one request per line, `id size`, separated
//! by whitespace; `#` starts a comment; blank lines are ignored. Plain or gzip (by the
//! `.gz` extension), read as a stream, every line validated.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use abi_types::Request;
use flate2::read::MultiGzDecoder;

use crate::{Error, Result};

pub fn read_trace(path: &Path) -> Result<Vec<Request>> {
    let fail = |line: Option<u64>, message: String| Error::Trace { path: path.to_owned(), line, message };
    let file = File::open(path).map_err(|e| fail(None, format!("cannot open the trace file: {e}")))?;
    let stream: Box<dyn Read> = if path.extension().is_some_and(|ext| ext == "gz") {
        Box::new(MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let mut requests = Vec::new();
    let mut text = String::new();
    let mut reader = BufReader::new(stream);
    for number in 1u64.. {
        text.clear();
        let read = reader
            .read_line(&mut text)
            .map_err(|e| fail(Some(number), format!("cannot read the line: {e} (a truncated or corrupt .gz file?)")))?;
        if read == 0 {
            break;
        }
        if let Some(request) = parse_line(&text).map_err(|message| fail(Some(number), message))? {
            requests.push(request);
        }
    }
    if requests.is_empty() {
        return Err(fail(None, "the trace has no requests (each line: `id size`)".into()));
    }
    Ok(requests)
}

/// One line: a request, nothing (blank or comment), or what is wrong with it.
fn parse_line(line: &str) -> Result<Option<Request>, String> {
    let content = line.split('#').next().unwrap_or_default();
    let fields: Vec<&str> = content.split_whitespace().collect();
    match fields.as_slice() {
        [] => Ok(None),
        [id, size] => {
            let id = parse_int(id, "id")?;
            let id = i32::try_from(id).map_err(|_| format!("id {id} is outside the i32 range"))?;
            let size = parse_int(size, "size")?;
            match i32::try_from(size) {
                Ok(size) if size > 0 => Ok(Some(Request { id, size })),
                _ => Err(format!("size {size} must be a whole number of bytes from 1 to {}", i32::MAX)),
            }
        }
        other => Err(format!("expected 2 columns `id size`, found {}: `{}`", other.len(), content.trim())),
    }
}

/// Wide enough that an out-of-range number is reported as out of range, not as junk.
fn parse_int(field: &str, what: &str) -> Result<i128, String> {
    field.parse::<i128>().map_err(|_| format!("{what} `{field}` is not a whole number"))
}
