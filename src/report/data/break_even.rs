//! Where two backends' total-time lines cross: after how many calls a backend that
//! runs faster has paid for starting slower, from measured totals or predicted from the
//! phases measured alone.

pub use crate::ratios::BREAK_EVEN_PAIRS;

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
    first_crossing(&diffs, |n| n)
}

/// Where `(x, y)` points, `y` at most 0 at first, first rise above 0, linear between
/// the points; the calls at that `x` by `calls`.
fn first_crossing(points: &[(f64, f64)], calls: impl Fn(f64) -> f64) -> Option<BreakEven> {
    let &(_, first) = points.first()?;
    if first > 0.0 {
        return Some(BreakEven::FromTheStart);
    }
    for pair in points.windows(2) {
        let [(x0, y0), (x1, y1)] = [pair[0], pair[1]];
        if y0 <= 0.0 && y1 > 0.0 {
            return Some(BreakEven::At(calls(x0 + (x1 - x0) * (-y0) / (y1 - y0))));
        }
    }
    points.last().map(|&(x, _)| BreakEven::Beyond(calls(x)))
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

/// The crossing from paired ratios `(calls, total of the sooner start / total of the
/// faster runner)`, both totals measured in the same rounds: where the ratio reaches 1,
/// interpolated in log N (the ratio moves with the calls' order of magnitude).
pub fn paired_break_even(ratios: &[(f64, f64)]) -> Option<BreakEven> {
    let points: Vec<(f64, f64)> = ratios.iter().map(|&(n, r)| (n.ln(), r - 1.0)).collect();
    match first_crossing(&points, f64::exp)? {
        // The last N as measured, not as it comes back from its logarithm.
        BreakEven::Beyond(_) => ratios.last().map(|&(n, _)| BreakEven::Beyond(n)),
        crossing => Some(crossing),
    }
}
