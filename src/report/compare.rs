//! Two baselines side by side: each benchmark's change, with an interval from the two
//! baselines' confidence intervals, judged against the noise threshold.

use std::fmt::{self, Write as _};

use super::figures::duration;
use super::runs::{Runs, headlines};
use super::spread::{Spread, interval_confidence};
use super::{Estimate, Results};

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

/// Two repeated measurements side by side (before and after an upgrade, say), as
/// Markdown: the headline ratios, each computed inside every run of each side, and
/// every id both hold, as medians with their between-run intervals. A change is called
/// only where the two intervals do not overlap and it exceeds `noise_threshold`: one
/// side's process-to-process spread is the noise the other side is judged against.
pub fn compare_runs_markdown(before: &Runs, after: &Runs, noise_threshold: f64) -> Result<String, fmt::Error> {
    let mut md = String::new();
    let (b, a) = (before.merged(), after.merged());
    writeln!(
        md,
        "`{}` ({} runs) against `{}` ({} runs): medians over each side's runs, with the between-run interval \
         of the median ({:.1}% and {:.1}%). A change is called when the intervals do not overlap and it exceeds \
         the noise threshold ({:.0}%).\n",
        before.name,
        before.runs.len(),
        after.name,
        after.runs.len(),
        100.0 * interval_confidence(before.runs.len()),
        100.0 * interval_confidence(after.runs.len()),
        100.0 * noise_threshold
    )?;
    writeln!(md, "### Headline ratios\n")?;
    writeln!(md, "| ratio | {} | {} | change |", before.name, after.name)?;
    writeln!(md, "|---|---|---|---|")?;
    let names: Vec<String> = headlines(&a).into_iter().map(|h| h.name).collect();
    for headline in headlines(&b).into_iter().filter(|h| names.contains(&h.name)) {
        let (Some(x), Some(y)) = (
            before.ratio(headline.numerator, headline.denominator),
            after.ratio(headline.numerator, headline.denominator),
        ) else {
            continue;
        };
        let interval = |s: &Spread| format!("{:.3} [{:.3}, {:.3}]", s.median, s.lower, s.upper);
        writeln!(
            md,
            "| {} | {} | {} | {} |",
            headline.name,
            interval(&x),
            interval(&y),
            verdict(&x, &y, noise_threshold)
        )?;
    }
    writeln!(md, "\n### Every id in both\n")?;
    writeln!(md, "| id | {} | {} | after / before | change |", before.name, after.name)?;
    writeln!(md, "|---|---|---|---|---|")?;
    for (id, x) in &b.estimates {
        let Some(y) = a.estimates.get(id) else { continue };
        let spread = |e: &Estimate| Spread {
            median: e.mean,
            lower: e.lower,
            upper: e.upper,
            confidence: e.confidence_level,
            min: e.lower,
            max: e.upper,
            runs: 0,
        };
        let cell = |e: &Estimate| format!("{} [{}, {}]", duration(e.mean), duration(e.lower), duration(e.upper));
        writeln!(
            md,
            "| `{id}` | {} | {} | {:.3} | {} |",
            cell(x),
            cell(y),
            y.mean / x.mean,
            verdict(&spread(x), &spread(y), noise_threshold)
        )?;
    }
    md.push('\n');
    Ok(md)
}

/// `faster`/`slower` (for a ratio: `lower`/`higher`) when the intervals are apart and the
/// change exceeds the threshold, else `within noise`.
fn verdict(before: &Spread, after: &Spread, noise_threshold: f64) -> String {
    let change = after.median / before.median - 1.0;
    let apart = after.upper < before.lower || after.lower > before.upper;
    if apart && change.abs() > noise_threshold {
        format!("{:+.0}%", 100.0 * change)
    } else {
        format!("within noise ({:+.0}%)", 100.0 * change)
    }
}
