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

/// Starts the thread that calls `tick` every [`EPOCH_TICK`] until it returns false:
/// `tick` advances an engine's epoch through a weak handle and says whether the engine
/// was still there (a closure, so every Wasmtime release the build links uses it).
pub fn start_ticker(tick: impl Fn() -> bool + Send + 'static) -> Result<(), String> {
    std::thread::Builder::new()
        .name("epoch-ticker".into())
        .spawn(move || {
            loop {
                std::thread::sleep(EPOCH_TICK);
                if !tick() {
                    break;
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
