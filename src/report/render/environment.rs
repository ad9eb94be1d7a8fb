//! What the report says about where its numbers were measured: the lines that open
//! `summary.md` and `index.html`, and the note a comparison prints when two baselines
//! were measured in different environments.

use crate::environment::{Environment, differences, summarise};

/// "Measured on: CPU ..., rustc ..., Wasmer ...; features ...; profile ...; commit ...",
/// one line per machine the baseline's bench targets ran on; for a baseline saved before
/// the suite recorded environments, one line saying so.
pub(crate) fn measured_on(records: &[Environment]) -> Vec<String> {
    if records.is_empty() {
        return vec!["Environment not recorded (baseline saved before the suite recorded it).".to_owned()];
    }
    summarise(records).into_iter().map(|line| format!("Measured on: {line}")).collect()
}

/// The line a comparison prints before its table when the two baselines' environments
/// differ or one was not recorded; `None` when both were recorded and match.
pub fn comparison_note(before: (&str, &[Environment]), after: (&str, &[Environment])) -> Option<String> {
    let unrecorded: Vec<String> =
        [before, after].iter().filter(|(_, records)| records.is_empty()).map(|(name, _)| format!("`{name}`")).collect();
    if !unrecorded.is_empty() {
        return Some(format!("note: environment not recorded for {}", unrecorded.join(" and ")));
    }
    let found = differences(before.1, after.1);
    (!found.is_empty()).then(|| format!("note: these baselines come from different environments: {}", found.join("; ")))
}

/// The line a merge of repeated runs prints when some run was measured in another
/// environment than the first (another CPU, toolchain, runtime version, feature set or
/// profile): its between-run interval would mix them. `None` when they all match (or
/// none was recorded). Code layouts, commits and order seeds may differ: that is what
/// repetition varies.
pub fn runs_note(runs: &[(&str, &[Environment])]) -> Option<String> {
    let (first_name, first) = runs.iter().find(|(_, records)| !records.is_empty())?;
    let parts: Vec<String> = runs
        .iter()
        .filter(|(_, records)| !records.is_empty())
        .filter_map(|(name, records)| {
            let found = differences(first, records);
            (!found.is_empty()).then(|| format!("`{name}` differs from `{first_name}` in {}", found.join(", ")))
        })
        .collect();
    (!parts.is_empty()).then(|| {
        format!(
            "note: the merged runs come from different environments, so their between-run intervals mix them: {}",
            parts.join("; ")
        )
    })
}
