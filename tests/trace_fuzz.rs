//! The trace reader on hostile input: arbitrary bytes, and valid files with bytes
//! flipped, cut, inserted or lines duplicated, in every format and compression, with the
//! format told by the name and content or given. Every read is a trace with dense ids
//! or an error of one line that starts with the file's path; never a panic.

use std::io::Write;
use std::path::Path;

use flate2::write::GzEncoder;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestCaseError};
use tempfile::TempDir;
use wasm_script_bench::Error;
use wasm_script_bench::workload::{Request, TraceFile, TraceFormat, TraceSource};

/// Cases per property: a few thousand reads in all, seconds in a debug build.
const CASES: u32 = 64;

#[derive(Clone, Copy, Debug)]
enum Compression {
    Plain,
    Gzip,
    Zstd,
}

const COMPRESSIONS: [Compression; 3] = [Compression::Plain, Compression::Gzip, Compression::Zstd];

impl Compression {
    fn suffix(self) -> &'static str {
        match self {
            Compression::Plain => "",
            Compression::Gzip => ".gz",
            Compression::Zstd => ".zst",
        }
    }

    fn compress(self, bytes: &[u8]) -> Vec<u8> {
        match self {
            Compression::Plain => bytes.to_vec(),
            Compression::Gzip => {
                let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::fast());
                encoder.write_all(bytes).unwrap();
                encoder.finish().unwrap()
            }
            Compression::Zstd => zstd::encode_all(bytes, 1).unwrap(),
        }
    }
}

/// A name the reader tells `format` by (text formats by their first request), and a
/// name that tells nothing, for reading with the format given.
fn telling_name(format: TraceFormat) -> &'static str {
    match format {
        TraceFormat::IdSize => "trace.txt",
        TraceFormat::TimeIdSize => "webcachesim.tr",
        TraceFormat::Csv => "trace.csv",
        TraceFormat::OracleGeneral => "cluster.oracleGeneral.bin",
    }
}

/// Every way to store and name `bytes`: each format, told by the name or given, each
/// compression, and compressed bytes or the same bytes under the compressed name.
fn every_variant(
    dir: &TempDir,
    bytes: &[u8],
    mut check: impl FnMut(&Path, Option<TraceFormat>) -> Result<(), TestCaseError>,
) -> Result<(), TestCaseError> {
    for format in TraceFormat::ALL {
        for compression in COMPRESSIONS {
            let stored = [compression.compress(bytes), bytes.to_vec()];
            let stored = if matches!(compression, Compression::Plain) { &stored[..1] } else { &stored[..] };
            for (i, stored) in stored.iter().enumerate() {
                for given in [None, Some(format)] {
                    let name = if given.is_some() { "no-hint.dat" } else { telling_name(format) };
                    let path = dir.path().join(format!("{format}-{i}-{name}{}", compression.suffix()));
                    std::fs::write(&path, stored).unwrap();
                    check(&path, given)?;
                }
            }
        }
    }
    Ok(())
}

/// A trace with dense ids, or one line naming the file: never a panic.
fn reads_or_names_the_file(path: &Path, format: Option<TraceFormat>) -> Result<(), TestCaseError> {
    let file = TraceFile { format, ..TraceFile::new(path) };
    match TraceSource::File(file).load() {
        Ok(trace) => {
            prop_assert!(!trace.requests.is_empty(), "{}: an empty trace", path.display());
            prop_assert!(trace.objects as usize <= trace.requests.len());
            for request in &trace.requests {
                prop_assert!(request.id < trace.objects && request.size > 0, "{}: {request:?}", path.display());
            }
        }
        Err(error) => {
            let message = error.to_string();
            prop_assert!(matches!(error, Error::Trace { .. }), "{message}");
            prop_assert!(message.starts_with(&format!("{}:", path.display())), "does not name the file: {message}");
            prop_assert!(!message.contains(['\n', '\r']), "more than one line: {message:?}");
        }
    }
    Ok(())
}

/// A request as the files hold it: (time, id, size).
type Record = (u32, u64, u32);

fn records() -> impl Strategy<Value = Vec<Record>> {
    // Few ids, so requests repeat; some at the ends of the ranges.
    let id = prop_oneof![0..20u64, Just(u64::MAX), any::<u64>()];
    let size = prop_oneof![1..5_000u32, Just(u32::MAX)];
    prop::collection::vec((any::<u32>(), id, size), 1..24)
}

/// `records` in `format`, with the comments, blank lines and spacing each allows.
fn encode(format: TraceFormat, records: &[Record]) -> Vec<u8> {
    let mut out = Vec::new();
    match format {
        TraceFormat::IdSize => {
            out.extend(b"# id size\n\n");
            for (_, id, size) in records {
                out.extend(format!("{id}\t{size}  # a comment\n").bytes());
            }
        }
        TraceFormat::TimeIdSize => {
            for (time, id, size) in records {
                out.extend(format!("{time} {id} {size}\r\n").bytes());
            }
        }
        TraceFormat::Csv => {
            out.extend(b"time,obj_id,obj_size,next_access_vtime\n");
            for (time, id, size) in records {
                out.extend(format!("{time}, {id},\"{size}\",-1\n").bytes());
            }
        }
        TraceFormat::OracleGeneral => {
            for (time, id, size) in records {
                out.extend(time.to_le_bytes());
                out.extend(id.to_le_bytes());
                out.extend(size.to_le_bytes());
                out.extend((-1i64).to_le_bytes());
            }
        }
    }
    out
}

/// The dense trace `records` read to: ids numbered in order of first appearance.
fn dense(records: &[Record]) -> (Vec<Request>, u32) {
    let mut ids = std::collections::HashMap::new();
    let requests = records
        .iter()
        .map(|&(_, id, size)| {
            let next = ids.len() as u32;
            Request { id: *ids.entry(id).or_insert(next), size }
        })
        .collect();
    (requests, ids.len() as u32)
}

/// Bytes of every value, or of the characters text and CSV traces are made of, so the
/// parsers see near-misses as well as junk.
fn junk(len: std::ops::Range<usize>) -> impl Strategy<Value = Vec<u8>> {
    let texty = prop::sample::select(b"0123456789 \t\r\n#,-+.\"e_ab\x0b\xc3\xa9\xff\x00".to_vec());
    prop_oneof![prop::collection::vec(any::<u8>(), len.clone()), prop::collection::vec(texty, len)]
}

#[derive(Clone, Debug)]
enum Mutation {
    /// XOR a byte with a non-zero mask.
    Flip(Index, u8),
    /// Cut the file there.
    Truncate(Index),
    Insert(Index, Vec<u8>),
    /// Repeat the line (up to and with its `\n`) that holds that byte.
    DuplicateLine(Index),
}

fn mutations() -> impl Strategy<Value = Vec<Mutation>> {
    let mutation = prop_oneof![
        (any::<Index>(), 1..=255u8).prop_map(|(at, mask)| Mutation::Flip(at, mask)),
        any::<Index>().prop_map(Mutation::Truncate),
        (any::<Index>(), junk(1..9)).prop_map(|(at, bytes)| Mutation::Insert(at, bytes)),
        any::<Index>().prop_map(Mutation::DuplicateLine),
    ];
    prop::collection::vec(mutation, 1..4)
}

fn mutate(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let len = bytes.len();
    match mutation {
        Mutation::Insert(at, inserted) => {
            let at = at.index(len + 1);
            bytes.splice(at..at, inserted.iter().copied());
        }
        _ if len == 0 => {}
        Mutation::Flip(at, mask) => bytes[at.index(len)] ^= mask,
        Mutation::Truncate(at) => bytes.truncate(at.index(len)),
        Mutation::DuplicateLine(at) => {
            let at = at.index(len);
            let start = bytes[..at].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let end = bytes[at..].iter().position(|&b| b == b'\n').map_or(len, |i| at + i + 1);
            let line = bytes[start..end].to_vec();
            bytes.splice(end..end, line);
        }
    }
}

fn temp_dir() -> TempDir {
    tempfile::Builder::new().prefix("wsb-trace-fuzz-").tempdir().unwrap()
}

proptest! {
    #![proptest_config(Config::with_cases(CASES))]

    #[test]
    fn arbitrary_bytes_read_or_fail_naming_the_file(bytes in junk(0..400)) {
        every_variant(&temp_dir(), &bytes, reads_or_names_the_file)?;
    }

    #[test]
    fn mutated_valid_files_read_or_fail_naming_the_file(
        records in records(),
        mutations in mutations(),
        after_compression in any::<bool>(),
    ) {
        let dir = temp_dir();
        for format in TraceFormat::ALL {
            let valid = encode(format, &records);
            for compression in COMPRESSIONS {
                // Mutated before compression, the parser sees the damage; after, the
                // decompressor does.
                let mut stored = if after_compression { compression.compress(&valid) } else { valid.clone() };
                for mutation in &mutations {
                    mutate(&mut stored, mutation);
                }
                if !after_compression {
                    stored = compression.compress(&stored);
                }
                for given in [None, Some(format)] {
                    let name = if given.is_some() { "no-hint.dat" } else { telling_name(format) };
                    let path = dir.path().join(format!("{format}-{name}{}", compression.suffix()));
                    std::fs::write(&path, &stored).unwrap();
                    reads_or_names_the_file(&path, given)?;
                }
            }
        }
    }

    /// The unmutated files the property above starts from read back exactly, so the
    /// mutations damage files the reader accepts.
    #[test]
    fn valid_files_read_to_their_dense_trace(records in records()) {
        let dir = temp_dir();
        let (requests, objects) = dense(&records);
        for format in TraceFormat::ALL {
            let valid = encode(format, &records);
            for compression in COMPRESSIONS {
                for given in [None, Some(format)] {
                    let name = if given.is_some() { "no-hint.dat" } else { telling_name(format) };
                    let path = dir.path().join(format!("{format}-{name}{}", compression.suffix()));
                    std::fs::write(&path, compression.compress(&valid)).unwrap();
                    let file = TraceFile { format: given, ..TraceFile::new(&path) };
                    let trace = TraceSource::File(file).load().map_err(|e| TestCaseError::fail(e.to_string()))?;
                    prop_assert_eq!(&trace.requests, &requests, "{}", path.display());
                    prop_assert_eq!(trace.objects, objects);
                }
            }
        }
    }
}
