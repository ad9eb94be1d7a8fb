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

impl BreakEven {
    /// As a number of calls, to rank and to spread over runs: a crossing before the
    /// first call counts as 1, none within the measured calls as infinitely many.
    pub fn calls(self) -> f64 {
        match self {
            BreakEven::At(n) => n.max(1.0),
            BreakEven::FromTheStart => 1.0,
            BreakEven::Beyond(_) => f64::INFINITY,
        }
    }

    /// Back from `calls`, for a text: none within `measured` calls is `Beyond(measured)`.
    pub fn from_calls(calls: f64, measured: f64) -> BreakEven {
        if calls.is_infinite() {
            BreakEven::Beyond(measured)
        } else if calls <= 1.0 {
            BreakEven::FromTheStart
        } else {
            BreakEven::At(calls)
        }
    }
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

/// The crossing from paired ratios `(calls, total of the sooner start / total of the
/// faster runner)`, both totals measured in the same rounds. Each total is a start plus
/// a cost per call, so the ratio is `(a + b N) / (c + N)` in units of the faster
/// runner's cost per call; that curve is fitted to the ratios (least squares on the
/// relative error, by reweighting) and solved for 1, within the two measured N whose
/// ratios straddle 1. With fewer than three N, or a fit that fails, the crossing is
/// interpolated in log N between those two.
pub fn paired_break_even(ratios: &[(f64, f64)]) -> Option<BreakEven> {
    let &(_, first) = ratios.first()?;
    if first > 1.0 {
        return Some(BreakEven::FromTheStart);
    }
    let Some(bracket) = ratios.windows(2).find(|pair| pair[0].1 <= 1.0 && pair[1].1 > 1.0) else {
        return ratios.last().map(|&(n, _)| BreakEven::Beyond(n));
    };
    let [(n0, r0), (n1, r1)] = [bracket[0], bracket[1]];
    let fitted = fit_start_and_per_call(ratios)
        .map(|(a, b, c)| (c - a) / (b - 1.0))
        .filter(|n| n.is_finite() && (n0..=n1).contains(n));
    let logarithmic = || (n0.ln() + (n1.ln() - n0.ln()) * (1.0 - r0) / (r1 - r0)).exp();
    Some(BreakEven::At(fitted.unwrap_or_else(logarithmic)))
}

/// `(a, b, c)` of `r = (a + b N) / (c + N)` through the points: the linear equations
/// `a + b N - c r = r N`, each divided by `c + N` from the fit before (so each weighs
/// as its ratio's relative error), a few rounds.
fn fit_start_and_per_call(points: &[(f64, f64)]) -> Option<(f64, f64, f64)> {
    if points.len() < 3 {
        return None;
    }
    let mut c = 0.0;
    let mut fit = None;
    for _ in 0..8 {
        // Normal equations of the weighted least squares in (a, b, c).
        let (mut m, mut v) = ([[0.0f64; 3]; 3], [0.0f64; 3]);
        for &(n, r) in points {
            let w = 1.0 / (c + n).max(1.0);
            let row = [w, w * n, -w * r];
            let rhs = w * r * n;
            for i in 0..3 {
                for j in 0..3 {
                    m[i][j] += row[i] * row[j];
                }
                v[i] += row[i] * rhs;
            }
        }
        let (a, b, next_c) = solve3(m, v)?;
        if !(next_c.is_finite() && next_c >= 0.0) {
            return None;
        }
        c = next_c;
        fit = Some((a, b, c));
    }
    fit
}

/// The solution of a 3x3 linear system by Cramer's rule; `None` if it is singular.
fn solve3(m: [[f64; 3]; 3], v: [f64; 3]) -> Option<(f64, f64, f64)> {
    let det = |m: [[f64; 3]; 3]| {
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    };
    let d = det(m);
    if d.abs() < f64::MIN_POSITIVE || !d.is_finite() {
        return None;
    }
    let column = |k: usize| {
        let mut replaced = m;
        for (row, &value) in replaced.iter_mut().zip(&v) {
            row[k] = value;
        }
        det(replaced) / d
    };
    Some((column(0), column(1), column(2)))
}
