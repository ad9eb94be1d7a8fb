/// The line the stdout operation writes, one 64-byte write per call. The host includes
/// this file too (`src/runtime/wasi/mod.rs`), so the captured output is checked against
/// the very bytes the guest wrote.
pub const LINE: &[u8; 64] = b"wasm-script-bench: a 64-byte line a guest writes to its stdout.\n";
