//! The trace formats the reader understands, and how a file's format is recognised.

use std::fmt;
use std::str::FromStr;

use serde::Deserialize;

/// A trace file's record format. Compression (`.gz`, `.zst`) is separate: it is
/// recognised by the file's extension and works with every format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TraceFormat {
    /// Text, one request per line: `id size` (the paper's format). `#` starts a comment.
    IdSize,
    /// Text, one request per line: `time id size` (webcachesim's format); the time is
    /// checked to be a number and otherwise ignored.
    TimeIdSize,
    /// CSV with a header row naming the columns; the id and size columns are found by
    /// name (`id` or `obj_id`, `size` or `obj_size`, or names of your own), the others
    /// are ignored (libCacheSim's csv reader takes the same options).
    Csv,
    /// libCacheSim's `oracleGeneral` binary format: 24-byte little-endian records
    /// (u32 time, u64 id, u32 size, i64 next access).
    #[serde(alias = "oracleGeneral")]
    OracleGeneral,
}

impl TraceFormat {
    pub const ALL: [TraceFormat; 4] =
        [TraceFormat::IdSize, TraceFormat::TimeIdSize, TraceFormat::Csv, TraceFormat::OracleGeneral];

    pub fn name(self) -> &'static str {
        match self {
            TraceFormat::IdSize => "id-size",
            TraceFormat::TimeIdSize => "time-id-size",
            TraceFormat::Csv => "csv",
            TraceFormat::OracleGeneral => "oracle-general",
        }
    }

    /// The format a file's name implies, if any (`name` without a compression
    /// extension): `oracleGeneral` in the name is that binary format, `.csv` is CSV. A
    /// text file's format (2 or 3 columns) is then told by its first request.
    pub fn from_file_name(name: &str) -> Option<TraceFormat> {
        if name.to_ascii_lowercase().contains("oraclegeneral") {
            Some(TraceFormat::OracleGeneral)
        } else if name.to_ascii_lowercase().ends_with(".csv") {
            Some(TraceFormat::Csv)
        } else {
            None
        }
    }
}

impl fmt::Display for TraceFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for TraceFormat {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        TraceFormat::ALL
            .into_iter()
            .find(|format| format.name() == text || (text == "oracleGeneral" && *format == TraceFormat::OracleGeneral))
            .ok_or_else(|| {
                let names: Vec<&str> = TraceFormat::ALL.iter().map(|f| f.name()).collect();
                format!("unknown trace format `{text}`: use one of {}", names.join(", "))
            })
    }
}

/// How the file's bytes are compressed, by its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Compression {
    None,
    Gzip,
    Zstd,
}

impl Compression {
    /// The compression `name` implies, and the name without its extension.
    pub(crate) fn of(name: &str) -> (Compression, &str) {
        if let Some(stem) = name.strip_suffix(".gz") {
            (Compression::Gzip, stem)
        } else if let Some(stem) = name.strip_suffix(".zst") {
            (Compression::Zstd, stem)
        } else {
            (Compression::None, name)
        }
    }

    /// What to suspect when the stream cannot be read.
    pub(crate) fn read_hint(self) -> &'static str {
        match self {
            Compression::None => "",
            Compression::Gzip => " (a truncated or corrupt .gz file?)",
            Compression::Zstd => " (a truncated or corrupt .zst file?)",
        }
    }
}
