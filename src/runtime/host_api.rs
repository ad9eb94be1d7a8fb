//! The host API: the functions a host offers the scripts it runs, imported by a guest
//! from module `host`. Four shapes stand for what a scripting host exposes (a game
//! engine's calls, a plugin host's state):
//!
//! - `nop()`: nothing, the bare cost of a call out of the guest;
//! - `add(a: i32, b: i32) -> i32`: scalars in and out;
//! - `read(ptr: i32, len: i32) -> i32`: the host copies `len` bytes of guest memory out
//!   through the runtime's memory API and returns their checksum (low 32 bits);
//! - `write(ptr: i32, len: i32)`: the host copies `len` bytes of its own into guest memory.
//!
//! What each function does is written once here ([`HostState`]); each runtime adapter
//! only binds it, as typed or dynamic host functions ([`HostFnStyle`]). A range outside
//! the guest's memory is a [`HostError`], which traps the calling guest.

use std::fmt;
use std::ops::Range;

use abi_types::checksum;
use serde::Deserialize;

use super::{Backend, RuntimeKind};

/// The import module the host API is offered under.
pub const HOST_MODULE: &str = "host";

/// The host API's function names, as the guests import them (the order every adapter
/// binds them in).
pub(crate) const HOST_FUNCTIONS: [&str; 4] = ["nop", "add", "read", "write"];

/// How the host functions are defined for the runtime.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HostFnStyle {
    /// Native Rust signatures the runtime checks once (Wasmer's
    /// `Function::new_typed_with_env`, Wasmtime's `Linker::func_wrap`).
    Typed,
    /// A function over runtime values, given a signature (Wasmer's
    /// `Function::new_with_env`, Wasmtime's `Linker::func_new`).
    Dynamic,
}

impl HostFnStyle {
    pub const ALL: [HostFnStyle; 2] = [HostFnStyle::Typed, HostFnStyle::Dynamic];

    /// Whether `backend`'s runtime offers host functions in this style: all do but WAMR,
    /// which links one set of natives per import module for the whole process, and so
    /// offers only its typed natives.
    pub fn runs_on(self, backend: Backend) -> bool {
        self == HostFnStyle::Typed || backend.runtime() != RuntimeKind::Wamr
    }
}

/// The imports a module declares, `(module, name)`, read from its bytes: for the runtimes
/// that link imports on their own terms (wasm3 when an import is first called, WAMR from
/// its process-wide natives), so that `prepare` refuses what the host does not offer
/// instead of a call trapping later.
#[cfg(any(feature = "wasm3", feature = "wamr"))]
pub(crate) fn declared_imports(bytes: &[u8]) -> Result<std::rc::Rc<[(String, String)]>, String> {
    let mut imports = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        if let wasmparser::Payload::ImportSection(section) = payload.map_err(|e| e.to_string())? {
            for import in section.into_imports() {
                let import = import.map_err(|e| e.to_string())?;
                imports.push((import.module.to_owned(), import.name.to_owned()));
            }
        }
    }
    Ok(imports.into())
}

/// Whether the host API (bound, or not, as `host` says) offers every import listed.
#[cfg(any(feature = "wasm3", feature = "wamr"))]
pub(crate) fn check_offered(imports: &[(String, String)], host: Option<HostFnStyle>) -> Result<(), String> {
    for (from, name) in imports {
        let offered = host.is_some() && from == HOST_MODULE && HOST_FUNCTIONS.contains(&name.as_str());
        if !offered {
            return Err(format!("the module imports `{from}.{name}`, which the host does not offer"));
        }
    }
    Ok(())
}

/// Why a host function refused a call; the guest traps with this message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostError(pub String);

impl fmt::Display for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for HostError {}

/// The host's side of one instance: what its imports did, and the bytes `write` gives.
#[derive(Debug, Default)]
pub struct HostState {
    /// Calls the guest made to any host function.
    pub calls: u64,
    /// What `write` copies into the guest: its first `len` bytes.
    pub source: Vec<u8>,
    /// Where `read` copies guest bytes to (reused: a call allocates nothing).
    scratch: Vec<u8>,
}

impl HostState {
    #[inline]
    pub fn nop(&mut self) {
        self.calls += 1;
    }

    #[inline]
    pub fn add(&mut self, a: i32, b: i32) -> i32 {
        self.calls += 1;
        a.wrapping_add(b)
    }

    /// The guest range `(ptr, len)` of a `read` or `write`, if it lies inside a memory
    /// of `memory_size` bytes.
    #[inline]
    pub fn range(import: &str, ptr: i32, len: i32, memory_size: u64) -> Result<Range<usize>, HostError> {
        // Guest pointers and lengths are unsigned 32-bit values in i32 clothing.
        let (start, len) = (u64::from(ptr as u32), u64::from(len as u32));
        if start + len > memory_size {
            return Err(HostError(format!(
                "host function `{import}` refused bytes {start}..{} of the guest's {memory_size}-byte memory",
                start + len
            )));
        }
        Ok(start as usize..(start + len) as usize)
    }

    /// `read`, step 1: a buffer of `len` bytes to copy the guest's bytes into.
    #[inline]
    pub fn read_buffer(&mut self, len: usize) -> &mut [u8] {
        if self.scratch.len() < len {
            self.scratch.resize(len, 0);
        }
        &mut self.scratch[..len]
    }

    /// `read`, step 2: the checksum of the `len` bytes copied, as the function's result.
    #[inline]
    pub fn read_done(&mut self, len: usize) -> i32 {
        self.calls += 1;
        checksum(&self.scratch[..len]) as i32
    }

    /// `write`: the `len` bytes to copy into the guest.
    #[inline]
    pub fn write_source(&mut self, len: usize) -> Result<&[u8], HostError> {
        self.calls += 1;
        let have = self.source.len();
        self.source
            .get(..len)
            .ok_or_else(|| HostError(format!("host function `write` was asked for {len} bytes and has {have} to give")))
    }
}
