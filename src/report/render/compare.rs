//! Two repeated measurements compared, as Markdown (the single-baseline comparison,
//! `data::compare`, is printed by the example itself).

use std::fmt::{self, Write as _};

use crate::report::data::results::Estimate;
use crate::report::data::runs::{Runs, headlines};
use crate::report::data::spread::{Spread, interval_confidence};
use crate::report::format::duration;

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
