//! `summary.md`: the answers table first, what repeated runs say, what the run lacks,
//! then each experiment's tables.

use std::fmt::{self, Write as _};

use super::{answers, between_runs, environment, missing};
use crate::environment::Environment;
use crate::report::data::coverage::Missing;
use crate::report::data::findings::Finding;
use crate::report::data::query::Summary;
use crate::report::doc::{Block, Doc};
use crate::report::sections::Section;

/// What a drift beyond counts as, when the run did not record its profile's setting:
/// the `default` profile's noise threshold.
const DEFAULT_NOISE_THRESHOLD: f64 = 0.02;

/// The noise threshold the run's profile set, which drift is judged against.
pub(crate) fn noise_threshold(environments: &[Environment]) -> f64 {
    environments.first().map_or(DEFAULT_NOISE_THRESHOLD, |e| e.criterion.noise_threshold)
}

/// The whole of `summary.md`.
pub(crate) fn summary(
    summary: &Summary,
    findings: &[Finding],
    missing: &[Missing],
    sections: &[Section],
    environments: &[Environment],
) -> Result<String, fmt::Error> {
    let mut md = String::new();
    writeln!(md, "# wasm-script-bench summary\n")?;
    // What the run was measured on, right under the title.
    writeln!(md, "{}\n", environment::measured_on(environments).join("\n\n"))?;
    writeln!(
        md,
        "Baseline `{}`: Criterion's mean with its confidence interval; a paired ratio, the median over \
         its placements with the 95% interval in which another run's median lands. Written by `cargo bench` at the end of each bench \
         target, from every result `target/criterion` holds (also those of earlier runs and other \
         builds: the environment lines name each), or by `cargo run --release --example report`.\n",
        summary.results.baseline
    )?;
    answers::markdown(&mut md, findings, summary.runs)?;
    doc(&mut md, &between_runs::section(summary.results, summary.runs, noise_threshold(environments)));
    missing::markdown(&mut md, missing)?;
    for section in sections {
        doc(&mut md, &section.doc);
    }
    Ok(md)
}

/// A document as Markdown: each block followed by a blank line; the text's inline marks
/// are Markdown's own already.
pub(crate) fn doc(md: &mut String, doc: &Doc) {
    for block in &doc.blocks {
        match block {
            Block::Heading { level, text } => {
                md.push_str(&"#".repeat(usize::from(*level)));
                md.push(' ');
                md.push_str(text);
                md.push('\n');
            }
            Block::Paragraph(text) => {
                md.push_str(text);
                md.push('\n');
            }
            Block::Table(table) => {
                let row = |md: &mut String, cells: &[String]| {
                    md.push_str("| ");
                    md.push_str(&cells.join(" | "));
                    md.push_str(" |\n");
                };
                row(md, &table.headings);
                md.push('|');
                md.push_str(&"---|".repeat(table.headings.len()));
                md.push('\n');
                for cells in &table.rows {
                    row(md, cells);
                }
            }
        }
        md.push('\n');
    }
}
