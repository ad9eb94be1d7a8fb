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
}

impl Backend {
    pub const ALL: [Backend; 5] = [
        Backend::WasmerSinglepass,
        Backend::WasmerCranelift,
        Backend::WasmerLlvm,
        Backend::WasmtimeCranelift,
        Backend::WasmtimeWinch,
    ];

    /// How ids, profiles and messages name it: `wasmer-cranelift`.
    pub fn name(self) -> &'static str {
        match self {
            Backend::WasmerSinglepass => "wasmer-singlepass",
            Backend::WasmerCranelift => "wasmer-cranelift",
            Backend::WasmerLlvm => "wasmer-llvm",
            Backend::WasmtimeCranelift => "wasmtime-cranelift",
            Backend::WasmtimeWinch => "wasmtime-winch",
        }
    }

    pub fn runtime(self) -> RuntimeKind {
        match self {
            Backend::WasmerSinglepass | Backend::WasmerCranelift | Backend::WasmerLlvm => RuntimeKind::Wasmer,
            Backend::WasmtimeCranelift | Backend::WasmtimeWinch => RuntimeKind::Wasmtime,
        }
    }

    /// Whether it runs the Component Model guest (Wasmtime's backends do; Wasmer does
    /// not implement components).
    pub fn runs_components(self) -> bool {
        self.runtime() == RuntimeKind::Wasmtime
    }

    /// The cargo feature that builds it in.
    pub fn feature(self) -> &'static str {
        match self {
            Backend::WasmerSinglepass => "singlepass",
            Backend::WasmerCranelift => "cranelift",
            Backend::WasmerLlvm => "llvm",
            Backend::WasmtimeCranelift | Backend::WasmtimeWinch => "wasmtime",
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
            Backend::WasmtimeCranelift | Backend::WasmtimeWinch => cfg!(feature = "wasmtime"),
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
