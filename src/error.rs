//! The library's one error type. Messages say what went wrong, where, and what to do.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("could not set up the {backend} engine: {reason}")]
    Engine { backend: &'static str, reason: String },

    #[error("the {backend} backend could not compile guest `{guest}`: {reason}")]
    Compile { backend: &'static str, guest: &'static str, reason: String },

    #[error("could not serialize guest `{guest}` compiled by {backend}: {reason}")]
    Serialize { backend: &'static str, guest: &'static str, reason: String },

    #[error("could not load the serialized artifact of guest `{guest}` into {backend}: {reason}")]
    Deserialize { backend: &'static str, guest: &'static str, reason: String },

    #[error("could not instantiate guest `{guest}`: {reason}")]
    Instantiate { guest: &'static str, reason: String },

    #[error(
        "guest `{guest}` has no usable export `{export}` ({reason}); the host expects the exports of \
         wasm/{guest}: rebuild the guests (`cargo clean -p wasm-script-bench`) if they changed"
    )]
    Export { guest: &'static str, export: &'static str, reason: String },

    #[error("guest export `{export}` trapped: {reason}")]
    Trap { export: &'static str, reason: String },

    #[error(
        "guest export `{export}` used up its execution limit ({limit} wasm operators per call) and was stopped: \
         it does not return, or needs a larger limit"
    )]
    OutOfFuel { export: &'static str, limit: u64 },

    #[error(
        "guest export `{export}` ran past its deadline ({ticks} ms per call, Wasmtime's epoch interruption) and was \
         stopped: it does not return, or needs a later deadline"
    )]
    DeadlineExceeded { export: &'static str, ticks: u64 },

    #[error("guest export `{export}` returned {got}, but the host expects {expected}")]
    BadReturn { export: &'static str, got: String, expected: &'static str },

    #[error(
        "guest memory access for `{export}` at offset {offset}, {len} bytes, is outside the guest's \
         {memory_size}-byte memory: {reason}"
    )]
    GuestMemory { export: &'static str, offset: u64, len: u64, memory_size: u64, reason: String },

    #[error("guest export `{export}` gave a buffer the host cannot use: {reason}")]
    GuestBuffer { export: &'static str, reason: String },

    #[error("could not encode the arguments for `{export}`: {reason}")]
    Encode { export: &'static str, reason: String },

    #[error("backend `{name}` is not compiled in (available: {available}); rebuild with `--features {feature}`")]
    BackendUnavailable { name: &'static str, feature: &'static str, available: String },

    #[error("unsupported configuration `{config}`: {reason}")]
    Config { config: String, reason: &'static str },

    #[error("{}{}: {message}", path.display(), line.map(|n| format!(":{n}")).unwrap_or_default())]
    Trace { path: PathBuf, line: Option<u64>, message: String },

    #[error("[workload] {key}: {message}")]
    Workload { key: &'static str, message: String },

    #[error("cache size {bytes} bytes is not usable: it must be at least 1 byte (set `cache_size` in [workload])")]
    CacheSize { bytes: i64 },

    #[error("the simulator was sent requests before a cache was started (call `start` first)")]
    NotStarted,

    #[error(
        "batch size {requested} does not fit: the guest's buffer holds 1 to {guest_capacity} requests \
             (set `batch_size` in [workload])"
    )]
    BatchSize { requested: usize, guest_capacity: usize },

    #[error("report: {message}")]
    Report { message: String },

    #[error("benchmark profile {}: {message}", path.display())]
    Profile { path: PathBuf, message: String },

    #[error("unknown benchmark profile `{name}` (BENCH_PROFILE); available in {}: {available}. \
             Give one of those names, or a path to a .toml file", dir.display())]
    UnknownProfile { name: String, dir: PathBuf, available: String },

    #[error("wasi:http proxy: {reason}")]
    Proxy { reason: String },

    #[error("{ratio}: its placement worker {reason}")]
    Placement { ratio: String, reason: String },
}
