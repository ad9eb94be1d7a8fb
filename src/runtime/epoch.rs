//! The clock of Wasmtime's epoch interruption: a background thread that advances an
//! engine's epoch every [`EPOCH_TICK`], so a store's deadline ("this many ticks from
//! now") stops a guest after roughly that much wall time.
//!
//! The thread runs outside every timed region (it is started with the engine) and costs
//! the measured thread nothing but the guest's own deadline checks, which is the figure
//! the `epoch` metering factor reports. It holds the engine weakly and ends with the
//! engine's last handle, so an engine per benchmark leaves no thread behind.

use std::time::Duration;

/// How often the epoch advances: a deadline of `d` ticks stops a guest after `d` to
/// `d + 1` milliseconds.
pub const EPOCH_TICK: Duration = Duration::from_millis(1);

/// Starts the thread that advances `engine`'s epoch every [`EPOCH_TICK`] until the
/// engine is dropped.
pub fn start_ticker(engine: &wasmtime::Engine) -> Result<(), String> {
    let weak = engine.weak();
    std::thread::Builder::new()
        .name("epoch-ticker".into())
        .spawn(move || {
            loop {
                std::thread::sleep(EPOCH_TICK);
                match weak.upgrade() {
                    Some(engine) => engine.increment_epoch(),
                    None => break,
                }
            }
        })
        .map(drop)
        .map_err(|e| format!("cannot start the epoch ticker thread: {e}"))
}

/// Ticks in a deadline of `duration` (at least one).
pub fn ticks(duration: Duration) -> u64 {
    (duration.as_micros() / EPOCH_TICK.as_micros()).max(1) as u64
}
