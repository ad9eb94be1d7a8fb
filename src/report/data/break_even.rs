//! Where two backends' total-time lines cross: after how many calls a backend that
//! runs faster has paid for starting slower, from measured totals or predicted from the
//! phases measured alone.

use crate::runtime::Backend;

/// The pairs a host weighs: a backend that starts sooner against one that runs faster.
pub const BREAK_EVEN_PAIRS: [(Backend, Backend); 5] = [
    (Backend::Wasmi, Backend::WasmtimeCranelift),
    (Backend::Wasmi, Backend::WasmerCranelift),
    (Backend::WasmtimePulley, Backend::WasmtimeWinch),
    (Backend::WasmerSinglepass, Backend::WasmerCranelift),
    (Backend::Wasmi, Backend::WasmerSinglepass),
];

/// How far a break-even predicted from the phases may be from the measured one before
/// the report says why.
pub const AGREEMENT: f64 = 0.15;

/// Where two backends' total-time lines cross.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum BreakEven {
    /// After this many calls the second backend's total is the lower.
    At(f64),
    /// The second backend is ahead from the first call.
    FromTheStart,
    /// The first backend is still ahead after the last N measured (or forever: it is
    /// not slower per call).
    Beyond(f64),
}

/// The crossing of two lines given as `(calls, total ns)` at the same calls, the first
/// cheaper at the start: linear between the measured points, as the totals are linear
/// in the calls (a start cost plus a cost per call).
pub fn measured_break_even(fast_start: &[(f64, f64)], fast_run: &[(f64, f64)]) -> Option<BreakEven> {
    let diffs: Vec<(f64, f64)> = fast_start.iter().zip(fast_run).map(|(&(n, a), &(_, b))| (n, a - b)).collect();
    let &(_, first) = diffs.first()?;
    if first > 0.0 {
        return Some(BreakEven::FromTheStart);
    }
    for pair in diffs.windows(2) {
        let [(n0, d0), (n1, d1)] = [pair[0], pair[1]];
        if d0 <= 0.0 && d1 > 0.0 {
            return Some(BreakEven::At(n0 + (n1 - n0) * (-d0) / (d1 - d0)));
        }
    }
    diffs.last().map(|&(n, _)| BreakEven::Beyond(n))
}

/// The crossing of two lines `start + calls * per_call`.
pub fn predicted_break_even(fast_start: (f64, f64), fast_run: (f64, f64)) -> BreakEven {
    let ((start_a, per_a), (start_b, per_b)) = (fast_start, fast_run);
    if start_b <= start_a {
        return BreakEven::FromTheStart;
    }
    if per_a <= per_b {
        return BreakEven::Beyond(f64::INFINITY);
    }
    BreakEven::At(((start_b - start_a) / (per_a - per_b)).max(1.0))
}
