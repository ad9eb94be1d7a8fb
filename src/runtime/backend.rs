//! The backends: a runtime and one of its compilers, as the suite's factor. Which exist
//! in a build is decided by cargo features.

use std::fmt;

use serde::Deserialize;

use super::RuntimeKind;

/// A runtime and one of its compiler backends. Which exist in a build is decided by
/// cargo features (Wasmer's `singlepass` and `cranelift` by default; `llvm` and
/// `wasmtime` opt-in), so benchmarks iterate over [`Backend::compiled_in`] and a
/// feature adds its rows by itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Backend {
    WasmerSinglepass,
    WasmerCranelift,
    WasmerLlvm,
    WasmtimeCranelift,
    /// Wasmtime's baseline compiler: one pass, like Singlepass.
    WasmtimeWinch,
    /// Wasmtime's portable interpreter: Cranelift compiles to Pulley bytecode instead
    /// of machine code, and Wasmtime interprets it.
    WasmtimePulley,
    /// The wasmi interpreter (lazy translation: each function is translated into
    /// wasmi's bytecode on its first call).
    Wasmi,
    /// The wasm3 interpreter (C; each function compiled to its threaded code on its
    /// first call, per instance).
    Wasm3,
    /// WAMR's fast interpreter (C; every function translated into WAMR's own bytecode
    /// when the module is loaded).
    Wamr,
    /// Wasmtime's Cranelift at the release before the current one (feature `previous`).
    WasmtimeCraneliftPrevious,
    /// Wasmtime's Winch at the previous release.
    WasmtimeWinchPrevious,
    /// Wasmtime's Pulley at the previous release.
    WasmtimePulleyPrevious,
    /// wasmi at the release before the current one.
    WasmiPrevious,
}

impl Backend {
    pub const ALL: [Backend; 13] = [
        Backend::WasmerSinglepass,
        Backend::WasmerCranelift,
        Backend::WasmerLlvm,
        Backend::WasmtimeCranelift,
        Backend::WasmtimeWinch,
        Backend::WasmtimePulley,
        Backend::Wasmi,
        Backend::Wasm3,
        Backend::Wamr,
        Backend::WasmtimeCraneliftPrevious,
        Backend::WasmtimeWinchPrevious,
        Backend::WasmtimePulleyPrevious,
        Backend::WasmiPrevious,
    ];

    /// Each backend at the previous release, beside the same backend at the current one:
    /// an upgrade, measured paired.
    pub const RELEASES: [(Backend, Backend); 4] = [
        (Backend::WasmtimeCraneliftPrevious, Backend::WasmtimeCranelift),
        (Backend::WasmtimeWinchPrevious, Backend::WasmtimeWinch),
        (Backend::WasmtimePulleyPrevious, Backend::WasmtimePulley),
        (Backend::WasmiPrevious, Backend::Wasmi),
    ];

    /// How ids, profiles and messages name it: `wasmer-cranelift`.
    pub fn name(self) -> &'static str {
        match self {
            Backend::WasmerSinglepass => "wasmer-singlepass",
            Backend::WasmerCranelift => "wasmer-cranelift",
            Backend::WasmerLlvm => "wasmer-llvm",
            Backend::WasmtimeCranelift => "wasmtime-cranelift",
            Backend::WasmtimeWinch => "wasmtime-winch",
            Backend::WasmtimePulley => "wasmtime-pulley",
            Backend::Wasmi => "wasmi",
            Backend::Wasm3 => "wasm3",
            Backend::Wamr => "wamr",
            // The release is in the name (a saved baseline stays true when the releases
            // move on); `tests/releases.rs` checks it against Cargo.lock.
            Backend::WasmtimeCraneliftPrevious => "wasmtime-cranelift@49",
            Backend::WasmtimeWinchPrevious => "wasmtime-winch@49",
            Backend::WasmtimePulleyPrevious => "wasmtime-pulley@49",
            Backend::WasmiPrevious => "wasmi@1",
        }
    }

    /// The same backend at the current release (itself, if it is one).
    pub fn at_current_release(self) -> Backend {
        Backend::RELEASES.iter().find(|(previous, _)| *previous == self).map_or(self, |&(_, current)| current)
    }

    /// The same backend at the previous release, if the suite has one.
    pub fn at_previous_release(self) -> Option<Backend> {
        Backend::RELEASES.iter().find(|(_, current)| *current == self).map(|&(previous, _)| previous)
    }

    pub fn runtime(self) -> RuntimeKind {
        match self {
            Backend::WasmerSinglepass | Backend::WasmerCranelift | Backend::WasmerLlvm => RuntimeKind::Wasmer,
            Backend::WasmtimeCranelift | Backend::WasmtimeWinch | Backend::WasmtimePulley => RuntimeKind::Wasmtime,
            Backend::Wasmi => RuntimeKind::Wasmi,
            Backend::Wasm3 => RuntimeKind::Wasm3,
            Backend::Wamr => RuntimeKind::Wamr,
            Backend::WasmtimeCraneliftPrevious | Backend::WasmtimeWinchPrevious | Backend::WasmtimePulleyPrevious => {
                RuntimeKind::WasmtimePrevious
            }
            Backend::WasmiPrevious => RuntimeKind::WasmiPrevious,
        }
    }

    /// Whether it interprets instead of running machine code it generated.
    pub fn interprets(self) -> bool {
        matches!(self.at_current_release(), Backend::WasmtimePulley | Backend::Wasmi | Backend::Wasm3 | Backend::Wamr)
    }

    /// Whether it makes modules in more than one compilation mode (wasmi's eager, lazy
    /// translation and lazy; `EngineOptions::translation` picks one).
    pub fn has_translation_modes(self) -> bool {
        self.runtime().family() == RuntimeKind::Wasmi
    }

    /// Whether a compiled module can be saved and loaded again (a JIT cache): every
    /// backend's but the interpreters wasmi, wasm3 and WAMR, which keep no artifact.
    pub fn caches_artifacts(self) -> bool {
        !matches!(self.runtime().family(), RuntimeKind::Wasmi | RuntimeKind::Wasm3 | RuntimeKind::Wamr)
    }

    /// Whether it runs the Component Model guest (Wasmtime's backends do, at the current
    /// release; Wasmer does not implement components).
    pub fn runs_components(self) -> bool {
        self.runtime() == RuntimeKind::Wasmtime
    }

    /// Whether it runs the WASI guests with a WASI context (every runtime's own WASI
    /// crate, at the current release): all but wasm3 and WAMR, whose WASI the suite does
    /// not build, and the previous releases.
    pub fn runs_wasi(self) -> bool {
        matches!(self.runtime(), RuntimeKind::Wasmer | RuntimeKind::Wasmtime | RuntimeKind::Wasmi)
    }

    /// The cargo feature that builds it in.
    pub fn feature(self) -> &'static str {
        match self {
            Backend::WasmerSinglepass => "singlepass",
            Backend::WasmerCranelift => "cranelift",
            Backend::WasmerLlvm => "llvm",
            Backend::WasmtimeCranelift | Backend::WasmtimeWinch | Backend::WasmtimePulley => "wasmtime",
            Backend::Wasmi => "wasmi",
            Backend::Wasm3 => "wasm3",
            Backend::Wamr => "wamr",
            Backend::WasmtimeCraneliftPrevious
            | Backend::WasmtimeWinchPrevious
            | Backend::WasmtimePulleyPrevious
            | Backend::WasmiPrevious => "previous",
        }
    }

    /// The cargo flag a command needs to build it in: none for the default backends.
    pub fn feature_flag(self) -> String {
        match self {
            Backend::WasmerSinglepass | Backend::WasmerCranelift => String::new(),
            _ => format!(" --features {}", self.feature()),
        }
    }

    pub fn is_compiled_in(self) -> bool {
        match self {
            Backend::WasmerSinglepass => cfg!(feature = "singlepass"),
            Backend::WasmerCranelift => cfg!(feature = "cranelift"),
            Backend::WasmerLlvm => cfg!(feature = "llvm"),
            Backend::WasmtimeCranelift | Backend::WasmtimeWinch | Backend::WasmtimePulley => cfg!(feature = "wasmtime"),
            Backend::Wasmi => cfg!(feature = "wasmi"),
            Backend::Wasm3 => cfg!(feature = "wasm3"),
            Backend::Wamr => cfg!(feature = "wamr"),
            Backend::WasmtimeCraneliftPrevious
            | Backend::WasmtimeWinchPrevious
            | Backend::WasmtimePulleyPrevious
            | Backend::WasmiPrevious => cfg!(feature = "previous"),
        }
    }

    pub fn compiled_in() -> Vec<Backend> {
        Backend::ALL.into_iter().filter(|b| b.is_compiled_in()).collect()
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
