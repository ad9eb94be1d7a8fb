//! Trace files: text (`id size` or `time id size` per line), CSV with a header, or
//! libCacheSim's binary `oracleGeneral`; plain, gzip (`.gz`) or zstd (`.zst`). Read as a
//! stream and checked record by record; object ids become dense ids as they load, so
//! memory is 8 bytes per request plus one map entry per distinct object.

use std::fmt;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

use abi_types::Request;
use flate2::read::MultiGzDecoder;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use super::Trace;
use super::dense_ids::DenseIds;
use super::format::{Compression, TraceFormat};
use crate::{Error, Result};

/// A trace file and how to read it. In a profile: `trace = "path"`, or a table
/// `[workload.trace]` with `path` and optionally `format`, `id_column`, `size_column`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TraceFile {
    pub path: PathBuf,
    /// The record format; `None` tells it by the name and the first request (see
    /// [`TraceFormat::from_file_name`]).
    #[serde(default)]
    pub format: Option<TraceFormat>,
    /// CSV only: the id column's name (default: `id` or `obj_id`).
    #[serde(default)]
    pub id_column: Option<String>,
    /// CSV only: the size column's name (default: `size` or `obj_size`).
    #[serde(default)]
    pub size_column: Option<String>,
}

impl TraceFile {
    /// `path`, its format told by its name and content.
    pub fn new(path: impl Into<PathBuf>) -> TraceFile {
        TraceFile { path: path.into(), format: None, id_column: None, size_column: None }
    }

    pub fn with_format(self, format: TraceFormat) -> TraceFile {
        TraceFile { format: Some(format), ..self }
    }
}

/// `trace = "path"` or a table: a profile may give the path alone.
pub(crate) fn deserialize_trace_file<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<TraceFile>, D::Error> {
    struct PathOrTable;

    impl<'de> Visitor<'de> for PathOrTable {
        type Value = Option<TraceFile>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a path, or a table with `path` and optionally `format`, `id_column`, `size_column`")
        }

        fn visit_str<E: de::Error>(self, path: &str) -> Result<Self::Value, E> {
            Ok(Some(TraceFile::new(path)))
        }

        fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<Self::Value, M::Error> {
            TraceFile::deserialize(de::value::MapAccessDeserializer::new(map)).map(Some)
        }
    }

    deserializer.deserialize_any(PathOrTable)
}

/// Above this many requests, loading shows its progress (on a terminal).
const PROGRESS_FROM_REQUESTS: usize = 10_000_000;
/// libCacheSim's oracleGeneral record: u32 time, u64 id, u32 size, i64 next access.
const ORACLE_RECORD: usize = 24;

pub fn read_trace(file: &TraceFile) -> Result<Trace> {
    let path = file.path.as_path();
    let fail = |message: String| Error::Trace { path: path.to_owned(), line: None, message };
    let metadata = fs::metadata(path).map_err(|e| fail(format!("cannot open the trace file: {e}")))?;
    if metadata.is_dir() {
        return Err(fail("is a directory, not a trace file".into()));
    }
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let (compression, stem) = Compression::of(&name);
    let format = file.format.or_else(|| TraceFormat::from_file_name(stem));
    if format != Some(TraceFormat::Csv) && (file.id_column.is_some() || file.size_column.is_some()) {
        let format = format.map_or("text".to_owned(), |f| f.to_string());
        return Err(fail(format!("id_column and size_column apply to csv traces, and this one is read as {format}")));
    }
    let raw = File::open(path).map_err(|e| fail(format!("cannot open the trace file: {e}")))?;
    let mut loader = Loader::new(path, compression, metadata.len());
    let counted = loader.progress.wrap_read(raw);
    let stream: Box<dyn Read> = match compression {
        Compression::None => Box::new(counted),
        Compression::Gzip => Box::new(MultiGzDecoder::new(counted)),
        Compression::Zstd => Box::new(
            zstd::Decoder::new(counted).map_err(|e| fail(format!("cannot start reading the zstd stream: {e}")))?,
        ),
    };
    let reader = BufReader::with_capacity(1 << 18, stream);
    match format {
        Some(TraceFormat::Csv) => read_csv(reader, file, &mut loader)?,
        Some(TraceFormat::OracleGeneral) => read_oracle_general(reader, &mut loader)?,
        Some(TraceFormat::IdSize) => read_text(reader, Some(TextColumns::IdSize), &mut loader)?,
        Some(TraceFormat::TimeIdSize) => read_text(reader, Some(TextColumns::TimeIdSize), &mut loader)?,
        None => read_text(reader, None, &mut loader)?,
    }
    loader.finish()
}

/// What a trace has loaded so far, and the progress display.
struct Loader {
    path: PathBuf,
    compression: Compression,
    requests: Vec<Request>,
    ids: DenseIds,
    progress: ProgressBar,
    shown: bool,
}

impl Loader {
    fn new(path: &Path, compression: Compression, file_bytes: u64) -> Loader {
        // Hidden until the trace proves long: most traces load in a blink.
        let progress = ProgressBar::with_draw_target(Some(file_bytes), ProgressDrawTarget::hidden());
        let path = path.to_owned();
        Loader { path, compression, requests: Vec::new(), ids: DenseIds::default(), progress, shown: false }
    }

    fn error(&self, line: Option<u64>, message: impl Into<String>) -> Error {
        Error::Trace { path: self.path.clone(), line, message: message.into() }
    }

    /// A read error, with the compression's hint.
    fn read_error(&self, line: Option<u64>, error: impl fmt::Display) -> Error {
        self.error(line, format!("cannot read the trace: {error}{}", self.compression.read_hint()))
    }

    #[inline]
    fn push(&mut self, id: u32, size: u32) {
        self.requests.push(Request { id, size });
        if self.requests.len().is_multiple_of(1 << 20) {
            self.report_progress();
        }
    }

    #[cold]
    fn report_progress(&mut self) {
        if !self.shown && self.requests.len() >= PROGRESS_FROM_REQUESTS {
            self.shown = true;
            let style = ProgressStyle::with_template("{msg} {wide_bar} {bytes}/{total_bytes} of the file, {eta} left")
                .unwrap_or_else(|_| ProgressStyle::default_bar());
            self.progress.set_style(style);
            self.progress.set_draw_target(ProgressDrawTarget::stderr());
            self.progress.enable_steady_tick(Duration::from_millis(250));
        }
        let name = self.path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        self.progress.set_message(format!("reading {name}: {:.0}M requests", self.requests.len() as f64 / 1e6));
    }

    fn finish(self) -> Result<Trace> {
        self.progress.finish_and_clear();
        if self.requests.is_empty() {
            return Err(self.error(None, "the trace has no requests"));
        }
        Ok(Trace { objects: self.ids.count(), requests: self.requests })
    }
}

/// The longest excerpt of a record an error message quotes, in characters.
const EXCERPT_CHARS: usize = 60;

/// The most header names an error message lists.
const HEADER_NAMES_SHOWN: usize = 12;

/// `text` quoted for a one-line message, as [`printable`] shows it.
fn excerpt(text: &str) -> String {
    format!("`{}`", printable(text))
}

/// `text` as a one-line message shows it: control characters (a CSV field may hold a
/// line break) escaped, and cut to [`EXCERPT_CHARS`].
fn printable(text: &str) -> String {
    let mut shown = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == EXCERPT_CHARS {
            shown.push_str("...");
            break;
        }
        if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
            shown.extend(c.escape_default());
        } else {
            shown.push(c);
        }
    }
    shown
}

/// A size field: a whole number of bytes, 1 to `u32::MAX`.
fn parse_size(field: &str) -> Result<u32, String> {
    let out_of_range =
        |size: &dyn fmt::Display| format!("size {size} must be a whole number of bytes from 1 to {}", u32::MAX);
    // Wide enough that an out-of-range number is reported as out of range, not as junk;
    // a whole number wider still is out of range too.
    let Ok(size) = field.parse::<i128>() else {
        let digits = field.strip_prefix(['-', '+']).unwrap_or(field);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(out_of_range(&excerpt(field)));
        }
        return Err(format!("size {} is not a whole number", excerpt(field)));
    };
    match u32::try_from(size) {
        Ok(size) if size > 0 => Ok(size),
        _ => Err(out_of_range(&size)),
    }
}

/// The two text layouts.
#[derive(Clone, Copy, PartialEq)]
enum TextColumns {
    IdSize,
    TimeIdSize,
}

impl TextColumns {
    fn count(self) -> usize {
        match self {
            TextColumns::IdSize => 2,
            TextColumns::TimeIdSize => 3,
        }
    }

    fn format(self) -> TraceFormat {
        match self {
            TextColumns::IdSize => TraceFormat::IdSize,
            TextColumns::TimeIdSize => TraceFormat::TimeIdSize,
        }
    }

    fn names(self) -> &'static str {
        match self {
            TextColumns::IdSize => "`id size`",
            TextColumns::TimeIdSize => "`time id size`",
        }
    }
}

/// One request per line; `#` starts a comment; blank lines are skipped. Without a
/// format, the first request's column count decides (2: `id size`, 3: `time id size`).
fn read_text(mut reader: impl BufRead, mut columns: Option<TextColumns>, loader: &mut Loader) -> Result<()> {
    let given = columns;
    // The line whose column count set the layout, when the format was not given.
    let mut first_request = None;
    let mut bytes = Vec::new();
    for number in 1u64.. {
        bytes.clear();
        let read = reader.read_until(b'\n', &mut bytes).map_err(|e| loader.read_error(Some(number), e))?;
        if read == 0 {
            return Ok(());
        }
        let Ok(mut line) = std::str::from_utf8(&bytes) else {
            return Err(loader.error(
                Some(number),
                "not UTF-8 text. Is it a binary trace? libCacheSim's oracleGeneral format is read when the file \
                 name contains `oracleGeneral` or the format is given as oracle-general",
            ));
        };
        if number == 1 {
            line = line.strip_prefix('\u{feff}').unwrap_or(line);
        }
        let content = line.split('#').next().unwrap_or_default();
        // Every field is counted, so a line with too many columns is reported with its
        // real count; only the first three are kept.
        let mut fields = content.split_ascii_whitespace();
        let found: [Option<&str>; 3] = std::array::from_fn(|_| fields.next());
        let count = found.iter().flatten().count() + fields.count();
        if count == 0 {
            continue;
        }
        let layout = match (columns, count) {
            (Some(layout), count) if count == layout.count() => layout,
            (None, 2) => *columns.insert(TextColumns::IdSize),
            (None, 3) => *columns.insert(TextColumns::TimeIdSize),
            (Some(layout), count) => {
                let why = match first_request {
                    Some(first) => format!("the first request, line {first}, has {}", layout.count()),
                    None => format!("the format is given as {}", layout.format()),
                };
                let message = format!(
                    "expected {} columns {}, found {count}: {} ({why})",
                    layout.count(),
                    layout.names(),
                    excerpt(content.trim())
                );
                return Err(loader.error(Some(number), message));
            }
            (None, count) => {
                let message = format!(
                    "expected 2 columns `id size` or 3 `time id size`, found {count}: {}",
                    excerpt(content.trim())
                );
                return Err(loader.error(Some(number), message));
            }
        };
        if given.is_none() && first_request.is_none() {
            first_request = Some(number);
        }
        let fields = found.map(Option::unwrap_or_default);
        let (id, size) = match layout {
            TextColumns::IdSize => (fields[0], fields[1]),
            TextColumns::TimeIdSize => {
                if fields[0].parse::<f64>().is_err() {
                    return Err(loader.error(Some(number), format!("time {} is not a number", excerpt(fields[0]))));
                }
                (fields[1], fields[2])
            }
        };
        let size = parse_size(size).map_err(|message| loader.error(Some(number), message))?;
        let id = loader.ids.of_text(id).map_err(|message| loader.error(Some(number), message))?;
        loader.push(id, size);
    }
    Ok(())
}

/// CSV with a header row; the id and size columns are found by name.
fn read_csv(reader: impl Read, file: &TraceFile, loader: &mut Loader) -> Result<()> {
    let mut csv = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(reader);
    let csv_error = |loader: &Loader, e: csv::Error| {
        let line = e.position().map(|p| p.line());
        match e.kind() {
            csv::ErrorKind::Io(io) => loader.read_error(line, io),
            csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                loader.error(line, format!("{len} fields where the header has {expected_len}"))
            }
            _ => loader.error(line, e.to_string()),
        }
    };
    let header = csv.byte_headers().map_err(|e| csv_error(loader, e))?.clone();
    let names: Vec<String> = header.iter().map(|name| String::from_utf8_lossy(name).into_owned()).collect();
    // The header as a message shows it: one line, each name and the list cut short.
    let mut shown: Vec<String> = names.iter().take(HEADER_NAMES_SHOWN).map(|name| printable(name)).collect();
    if names.len() > HEADER_NAMES_SHOWN {
        shown.push(format!("and {} more", names.len() - HEADER_NAMES_SHOWN));
    }
    let column = |given: &Option<String>, defaults: &[&str], key: &str| -> Result<usize> {
        let wanted: Vec<&str> = given.as_deref().map_or(defaults.to_vec(), |name| vec![name]);
        let position = wanted.iter().find_map(|w| names.iter().position(|n| n.eq_ignore_ascii_case(w)));
        position.ok_or_else(|| {
            loader.error(
                Some(1),
                format!(
                    "the header has no {} column (its columns: {}); name it with `{key}` in the profile's \
                     [workload.trace] or --{} on the command line",
                    wanted.join(" or "),
                    shown.join(", "),
                    key.replace('_', "-"),
                ),
            )
        })
    };
    let id_column = column(&file.id_column, &["id", "obj_id"], "id_column")?;
    let size_column = column(&file.size_column, &["size", "obj_size"], "size_column")?;
    let mut record = csv::ByteRecord::new();
    loop {
        match csv.read_byte_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {}
            Err(e) => return Err(csv_error(loader, e)),
        }
        let line = record.position().map(|p| p.line());
        let field = |index: usize, what: &str| -> Result<&str> {
            std::str::from_utf8(&record[index]).map_err(|_| loader.error(line, format!("the {what} is not UTF-8 text")))
        };
        let (id, size) = (field(id_column, "id")?, field(size_column, "size")?);
        let size = parse_size(size).map_err(|message| loader.error(line, message))?;
        if id.is_empty() {
            return Err(loader.error(line, "the id is empty"));
        }
        let id = loader.ids.of_text(id).map_err(|message| loader.error(line, message))?;
        loader.push(id, size);
    }
}

/// Fills `record`, or as much of it as the stream has left; returns the bytes read.
fn read_record(reader: &mut impl Read, record: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < record.len() {
        match reader.read(&mut record[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// libCacheSim's oracleGeneral: fixed 24-byte little-endian records.
fn read_oracle_general(mut reader: impl Read, loader: &mut Loader) -> Result<()> {
    let mut record = [0u8; ORACLE_RECORD];
    for number in 1u64.. {
        let at = |message: String| format!("record {number} (byte {}): {message}", (number - 1) * ORACLE_RECORD as u64);
        match read_record(&mut reader, &mut record) {
            Ok(0) => return Ok(()),
            Ok(ORACLE_RECORD) => {}
            Ok(partial) => {
                let message = at(format!(
                    "the file ends {partial} bytes into a {ORACLE_RECORD}-byte record (a truncated file, or not \
                     in the oracleGeneral format?)"
                ));
                return Err(loader.error(None, message));
            }
            Err(e) => return Err(loader.read_error(None, at(e.to_string()))),
        }
        let id = u64::from_le_bytes(record[4..12].try_into().expect("8 bytes"));
        let size = u32::from_le_bytes(record[12..16].try_into().expect("4 bytes"));
        if size == 0 {
            return Err(loader.error(None, at("size 0: every object must be at least 1 byte".into())));
        }
        let id = loader.ids.of_number(id).map_err(|message| loader.error(None, at(message)))?;
        loader.push(id, size);
    }
    Ok(())
}
