//! What repeated runs say (`data::runs`) as text: the "Between runs" section with the
//! headline ratios per run, a finding's between-run note, and the sentinel's drift.

use crate::report::data::findings::Finding;
use crate::report::data::results::Results;
use crate::report::data::runs::{Drift, Runs, drift, headlines};
use crate::report::data::spread::{Spread, interval_confidence};
use crate::report::doc::Doc;
use crate::report::format::duration;

/// A ratio's between-run summary: `2.41 [2.30, 2.55], min-max 2.28-2.60`, and why it
/// cannot be trusted, if so.
fn describe(spread: &Spread) -> (String, Option<&'static str>) {
    let text =
        format!("{:.3} [{:.3}, {:.3}], {:.3}-{:.3}", spread.median, spread.lower, spread.upper, spread.min, spread.max);
    let flag = if spread.crosses_one() {
        Some("interval crosses 1: the runs do not say which side is larger")
    } else if spread.spread_exceeds_effect() {
        Some("the runs spread wider than the effect")
    } else {
        None
    };
    (text, flag)
}

/// The "Between runs" section: the headline ratios per run and summarised.
fn headlines_per_run(doc: &mut Doc, runs: &Runs, merged: &Results) {
    let n = runs.runs.len();
    doc.heading(2, "Between runs");
    let names: Vec<&str> = runs.runs.iter().map(|r| r.baseline.as_str()).collect();
    let level = interval_confidence(n);
    doc.paragraph(format!(
        "{n} runs merged ({}), each a separate process measuring in its own order. Every figure in this \
         report is the median over the runs; its interval is the between-run interval of that median \
         ({:.1}% for {n} runs: order statistics, no distribution assumed). Ratios are computed inside each \
         run, then summarised: median [interval], min-max.",
        names.join(", "),
        100.0 * level
    ));
    let headlines = headlines(merged);
    if headlines.is_empty() {
        doc.paragraph("None of the headline ratios' ids are in these runs.");
        return;
    }
    let columns: Vec<String> = (1..=n)
        .map(|k| format!("run {k}"))
        .chain(
            ["median [interval], min-max", "max/min", "divided apart: median [interval], max/min", "note"]
                .map(String::from),
        )
        .collect();
    doc.paragraph(
        "A ratio marked (paired) was measured with both sides interleaved in the same seconds (the `ratio` \
         target); where the runs also hold its two ids, the same ratio divided from them (measured apart, \
         seconds or minutes from each other) stands beside it.",
    );
    let table = doc.table(&["ratio"], &columns);
    let mut wide = 0;
    let total = headlines.len();
    for headline in headlines {
        let (numerator, denominator) = (headline.numerator, headline.denominator);
        let per_run: Vec<String> = runs
            .runs
            .iter()
            .map(|run| match run.ratio(numerator, denominator) {
                Some(ratio) => format!("{:.3}", ratio.value),
                None => "-".into(),
            })
            .collect();
        let Some(spread) = runs.ratio(numerator, denominator) else { continue };
        let paired = runs.paired_ratio(numerator, denominator).is_some();
        let divided = match runs.divided_ratio(numerator, denominator) {
            Some(divided) if paired => {
                format!(
                    "{:.3} [{:.3}, {:.3}], {:.2}",
                    divided.median,
                    divided.lower,
                    divided.upper,
                    divided.max_over_min()
                )
            }
            _ => String::new(),
        };
        let (text, flag) = describe(&spread);
        if spread.max_over_min() > STEADY_SPREAD {
            wide += 1;
        }
        let name = format!("{}{}", headline.name, if paired { " (paired)" } else { "" });
        let summary = [text, format!("{:.2}", spread.max_over_min()), divided, flag.unwrap_or("").to_owned()];
        table.row([name].into_iter().chain(per_run).chain(summary));
    }
    if wide > 0 {
        // Why: the sentinel shows whether the machine itself changed speed while it
        // measured, which a ratio between ids measured at different moments cannot cancel.
        let drifts: Vec<f64> = runs.runs.iter().flat_map(drift).map(|d| (d.ratio - 1.0).abs()).collect();
        let worst = drifts.iter().copied().fold(0.0, f64::max);
        doc.paragraph(format!(
            "{wide} of {total} ratios spread more than {:.0}% between runs (max/min above {STEADY_SPREAD:.2}). {}",
            100.0 * (STEADY_SPREAD - 1.0),
            if drifts.is_empty() {
                "The runs have no sentinel to tell whether the machine drifted while it measured.".to_owned()
            } else {
                format!(
                    "The sentinel moved by up to {:.0}% between the start and the end of a bench target: the \
                     machine's own speed changed while it measured, so two ids measured seconds apart can see \
                     different machines, and a ratio between them moves from run to run. Trust the median and \
                     its interval, not one run.",
                    100.0 * worst
                )
            }
        ));
    }
}

/// A ratio whose runs lie within this factor of each other counts as steady.
const STEADY_SPREAD: f64 = 1.10;

/// A finding's between-run figures: each ratio it states, or its one figure.
pub(crate) fn finding_note(runs: &Runs, finding: &Finding) -> Option<String> {
    let mut parts = Vec::new();
    for &(numerator, denominator) in &finding.ratios {
        let spread = runs.ratio(numerator, denominator)?;
        let (text, flag) = describe(&spread);
        parts.push(match flag {
            Some(flag) => format!("{text} (**{flag}**)"),
            None => text,
        });
    }
    if finding.ratios.is_empty() {
        for &id in &finding.ids {
            let spread = runs.figure(id)?;
            parts.push(format!("{} [{}, {}]", duration(spread.median), duration(spread.lower), duration(spread.upper)));
        }
    }
    Some(format!("over {} runs: {}", runs.runs.len(), parts.join("; ")))
}

/// The drift section: per bench target and reference, each run's end / start, marked
/// where it moved more than the noise threshold.
fn drift_section(doc: &mut Doc, runs: &[&Results], noise_threshold: f64) {
    let per_run: Vec<Vec<Drift>> = runs.iter().map(|r| drift(r)).collect();
    let mut rows: Vec<(String, String)> =
        per_run.iter().flatten().map(|d| (d.target.clone(), d.case.to_string())).collect();
    rows.sort();
    rows.dedup();
    if rows.is_empty() {
        return;
    }
    doc.heading(2, "Drift during the run");
    doc.paragraph(format!(
        "The sentinel (the native multiplication and the cached typed Pair call) is measured at the start and \
         the end of every bench target; end / start shows how far the machine drifted while the target ran. \
         Marked with `!` where it moved more than the profile's noise threshold ({:.0}%).",
        100.0 * noise_threshold
    ));
    let names: Vec<String> = runs.iter().map(|r| format!("`{}`", r.baseline)).collect();
    let table = doc.table(&["target", "reference"], &names);
    for (target, case) in rows {
        let cells: Vec<String> = per_run
            .iter()
            .map(|drifts| match drifts.iter().find(|d| d.target == target && d.case.to_string() == case) {
                Some(d) if (d.ratio - 1.0).abs() > noise_threshold => format!("{:.3} !", d.ratio),
                Some(d) => format!("{:.3}", d.ratio),
                None => "-".into(),
            })
            .collect();
        table.row([target, case].into_iter().chain(cells));
    }
}

/// What repeated runs say (the headline ratios per run) and how far the machine drifted
/// while each run measured; for one run, its drift alone.
pub(crate) fn section(results: &Results, runs: Option<&Runs>, noise_threshold: f64) -> Doc {
    let mut doc = Doc::default();
    match runs {
        Some(runs) => {
            headlines_per_run(&mut doc, runs, results);
            drift_section(&mut doc, &runs.runs.iter().collect::<Vec<_>>(), noise_threshold);
        }
        None => drift_section(&mut doc, &[results], noise_threshold),
    }
    doc
}
