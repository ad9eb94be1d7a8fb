//! Between-run statistics: one figure measured in several processes (repetitions), or
//! one paired ratio's samples over their placements (`crate::paired::placement`), as
//! its median and a distribution-free interval for that median.
//!
//! One process's Criterion interval describes the noise inside that process; on a
//! shared or virtual machine the spread between processes is larger (memory layout, CPU
//! frequency, neighbours), so findings are judged by the spread of the per-run figures
//! (Kalibera & Jones, "Rigorous Benchmarking in Reasonable Time", ISMM 2013). With few
//! runs and no reason to assume a distribution, the interval is the one the order
//! statistics give: [x(k), x(n+1-k)] covers the median with probability
//! 1 - 2 P(Binomial(n, 1/2) < k).

/// The level the interval aims at; with fewer than 6 runs none reaches it, and the
/// widest interval (min to max) is given with the level it has (5 runs: 93.75%).
pub const TARGET_CONFIDENCE: f64 = 0.95;

/// The confidence of the interval [`Spread::of`] gives for `runs` values.
pub fn interval_confidence(runs: usize) -> f64 {
    Spread::of(&vec![0.0; runs]).map_or(0.0, |spread| spread.confidence)
}

/// One figure over several runs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    pub median: f64,
    /// The interval for the median, at `confidence`.
    pub lower: f64,
    pub upper: f64,
    pub confidence: f64,
    pub min: f64,
    pub max: f64,
    pub runs: usize,
}

impl Spread {
    /// The spread of `values` (NaNs ignored); `None` without a value.
    pub fn of(values: &[f64]) -> Option<Spread> {
        let mut sorted: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
        if sorted.is_empty() {
            return None;
        }
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        let median = if n % 2 == 1 { sorted[n / 2] } else { (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0 };
        // The largest k whose interval still reaches the target, else k = 1.
        let mut k = 1;
        while k < n.div_ceil(2) && coverage(n, k + 1) >= TARGET_CONFIDENCE {
            k += 1;
        }
        Some(Spread {
            median,
            lower: sorted[k - 1],
            upper: sorted[n - k],
            confidence: coverage(n, k),
            min: sorted[0],
            max: sorted[n - 1],
            runs: n,
        })
    }

    /// max / min: how far apart the runs' figures lie (1.0 = identical).
    pub fn max_over_min(&self) -> f64 {
        self.max / self.min
    }

    /// For a ratio: whether its interval includes 1, i.e. the runs do not establish
    /// which side is larger.
    pub fn crosses_one(&self) -> bool {
        self.lower <= 1.0 && self.upper >= 1.0
    }

    /// For a ratio: whether the runs spread wider than the effect they measure (the
    /// distance of the median from 1).
    pub fn spread_exceeds_effect(&self) -> bool {
        self.max - self.min > (self.median - 1.0).abs()
    }
}

/// The probability that [x(k), x(n+1-k)] of n runs covers the median.
fn coverage(n: usize, k: usize) -> f64 {
    // P(Binomial(n, 1/2) < k) = sum_{i < k} C(n, i) / 2^n.
    let mut below = 0.0;
    let mut choose = 1.0;
    for i in 0..k {
        if i > 0 {
            choose = choose * (n + 1 - i) as f64 / i as f64;
        }
        below += choose;
    }
    1.0 - 2.0 * below / 2f64.powi(n as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_runs_give_their_median_and_the_min_max_interval_at_93_75_percent() {
        let spread = Spread::of(&[3.0, 1.0, 5.0, 2.0, 4.0]).unwrap();
        assert_eq!((spread.median, spread.lower, spread.upper), (3.0, 1.0, 5.0));
        assert!((spread.confidence - 0.9375).abs() < 1e-12);
        assert_eq!(spread.runs, 5);
    }

    #[test]
    fn ten_runs_drop_one_run_at_each_end_for_95_percent() {
        let values: Vec<f64> = (1..=10).map(f64::from).collect();
        let spread = Spread::of(&values).unwrap();
        assert_eq!((spread.median, spread.lower, spread.upper), (5.5, 2.0, 9.0));
        assert!((spread.confidence - 0.978515625).abs() < 1e-12);
    }

    #[test]
    fn ratio_flags() {
        let steady = Spread::of(&[1.30, 1.32, 1.31, 1.29, 1.33]).unwrap();
        assert!(!steady.crosses_one() && !steady.spread_exceeds_effect());
        let flipping = Spread::of(&[0.75, 1.24, 0.98, 1.1, 0.9]).unwrap();
        assert!(flipping.crosses_one() && flipping.spread_exceeds_effect());
        assert_eq!(Spread::of(&[]), None);
    }
}
