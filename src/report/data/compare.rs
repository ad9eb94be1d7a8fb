//! Two baselines side by side: each benchmark's change, with an interval from the two
//! baselines' confidence intervals, judged against the noise threshold.

use super::results::Results;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The interval includes no change, or the change is inside the noise threshold.
    Unchanged,
    Faster,
    Slower,
}

/// One benchmark's change from `before` to `after`, as relative differences of means.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub id: String,
    pub change: f64,
    /// Widest change the two intervals allow: [after.lower / before.upper - 1,
    /// after.upper / before.lower - 1].
    pub lower: f64,
    pub upper: f64,
    pub verdict: Verdict,
}

/// Changes for the benchmarks in both baselines, plus the ids found in only one.
/// Matched by the ids as saved, parsed or not: a comparison must work across versions
/// of the suite whose ids this one does not know.
pub fn compare(before: &Results, after: &Results, noise_threshold: f64) -> (Vec<Change>, Vec<String>) {
    let mut changes = Vec::new();
    let mut unmatched = Vec::new();
    for (id, b) in &before.estimates {
        let Some(&a) = after.estimates.get(id) else {
            unmatched.push(format!("{id}: only in `{}`", before.baseline));
            continue;
        };
        let change = a.mean / b.mean - 1.0;
        let (lower, upper) = (a.lower / b.upper - 1.0, a.upper / b.lower - 1.0);
        let verdict = if change.abs() <= noise_threshold || (lower <= 0.0 && upper >= 0.0) {
            Verdict::Unchanged
        } else if change < 0.0 {
            Verdict::Faster
        } else {
            Verdict::Slower
        };
        changes.push(Change { id: id.clone(), change, lower, upper, verdict });
    }
    unmatched.extend(
        after
            .estimates
            .keys()
            .filter(|id| !before.estimates.contains_key(*id))
            .map(|id| format!("{id}: only in `{}`", after.baseline)),
    );
    (changes, unmatched)
}
