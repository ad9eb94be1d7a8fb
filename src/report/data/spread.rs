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
//!
//! A paired ratio's reader asks something else: not where the true median lies, but
//! whether the next run will agree. [`next_run`] answers that with a prediction
//! interval for the median of another run of as many samples. Measured on the 10
//! headline ratios over 6 whole processes (docs/running.md, "Placements"), the order
//! statistics' 95% interval of one run covered every other run's median for 2 of the
//! 10 ratios, the prediction interval for 7.

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

/// A 95% prediction interval for the median another run of `values.len()` samples
/// will read, around this run's `median`: the two medians differ by about sqrt(2)
/// standard errors of one, and a median's standard error is sqrt(pi/2) s / sqrt(n)
/// for samples of standard deviation s. Taken on the logarithms (a ratio is
/// multiplicative, and the interval of `1/r` is then the inverse of that of `r`), with
/// Student's t for s estimated from n samples. `None` below 3 samples or for a value
/// that is not positive.
pub fn next_run(values: &[f64], median: f64) -> Option<(f64, f64)> {
    let n = values.len();
    if n < 3 || median <= 0.0 || values.iter().any(|v| !(*v > 0.0)) {
        return None;
    }
    let logs: Vec<f64> = values.iter().map(|v| v.ln()).collect();
    let mean = logs.iter().sum::<f64>() / n as f64;
    let variance = logs.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
    let standard_error = (std::f64::consts::FRAC_PI_2 * variance / n as f64).sqrt();
    let half_width = student_t_975(n - 1) * std::f64::consts::SQRT_2 * standard_error;
    Some((median * (-half_width).exp(), median * half_width.exp()))
}

/// Student's t distribution's 97.5% quantile for `df` degrees of freedom (Cornish-Fisher
/// expansion around the normal's 1.96: within 0.2% of the exact value from 5 degrees of
/// freedom on, 0.7% at 3; the `ratio` target takes at least 10 samples).
fn student_t_975(df: usize) -> f64 {
    let z: f64 = 1.959_963_984_540_054;
    let d = df.max(1) as f64;
    z + (z.powi(3) + z) / (4.0 * d)
        + (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / (96.0 * d.powi(2))
        + (3.0 * z.powi(7) + 19.0 * z.powi(5) + 17.0 * z.powi(3) - 15.0 * z) / (384.0 * d.powi(3))
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
    fn student_t_matches_the_tables() {
        for (df, table) in [(5, 2.571), (11, 2.201), (30, 2.042), (1000, 1.962)] {
            assert!((student_t_975(df) - table).abs() / table < 0.002, "df {df}: {}", student_t_975(df));
        }
    }

    #[test]
    fn next_run_covers_the_next_runs_median_95_times_in_100_and_is_symmetric_under_inversion() {
        use rand::SeedableRng;
        use rand_distr::{Distribution, LogNormal};
        // Two runs of 12 samples each from one lognormal placement distribution: the
        // first run's interval holds the second run's median about 95% of the time.
        let mut rng = rand::rngs::StdRng::seed_from_u64(29);
        let placements = LogNormal::new(0.1, 0.05).unwrap();
        let mut run = || -> Vec<f64> { (0..12).map(|_| placements.sample(&mut rng)).collect() };
        let trials = 4000;
        let covered = (0..trials)
            .filter(|_| {
                let (this, next) = (run(), run());
                let (lower, upper) = next_run(&this, Spread::of(&this).unwrap().median).unwrap();
                let next_median = Spread::of(&next).unwrap().median;
                lower <= next_median && next_median <= upper
            })
            .count();
        let coverage = covered as f64 / trials as f64;
        assert!((0.93..=0.98).contains(&coverage), "coverage {coverage}");

        let values = [1.08, 1.10, 1.09, 1.25, 1.11, 1.07, 1.26, 1.10, 1.09, 1.12, 1.08, 1.27];
        let median = Spread::of(&values).unwrap().median;
        let (lower, upper) = next_run(&values, median).unwrap();
        assert!(lower < median && median < upper);
        assert!((median / lower - upper / median).abs() < 1e-12, "symmetric on the log scale");
        let inverse: Vec<f64> = values.iter().map(|v| 1.0 / v).collect();
        let (inv_lower, inv_upper) = next_run(&inverse, 1.0 / median).unwrap();
        assert!((inv_lower - 1.0 / upper).abs() < 1e-12 && (inv_upper - 1.0 / lower).abs() < 1e-12);
        assert_eq!(next_run(&[1.0, 2.0], 1.5), None);
        assert_eq!(next_run(&[1.0, 0.0, 2.0], 1.0), None);
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
