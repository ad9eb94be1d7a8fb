//! Which backends the report sets against each other across runtimes.

use crate::runtime::Backend;

/// Backends compared across runtimes: same compiler, or the same kind (one-pass).
pub(crate) const PAIRS: [(Backend, Backend, &str); 2] = [
    (Backend::WasmerCranelift, Backend::WasmtimeCranelift, "Cranelift"),
    (Backend::WasmerSinglepass, Backend::WasmtimeWinch, "Winch / Singlepass"),
];
