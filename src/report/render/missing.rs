//! What the run lacks (`data::coverage`) as text: one line per group with the command
//! that measures it; the names of the absent rows only in HTML, folded.

use std::fmt::{self, Write as _};

use super::inline::{escape, inline};
use crate::report::data::coverage::Missing;

pub(crate) const HEADING: &str = "Missing or unrecognised results";

/// One line for one thing the run lacks.
pub(crate) fn line(missing: &Missing) -> String {
    match missing {
        Missing::Experiment { name, experiment } => {
            format!("{name}: no results; run `cargo bench --bench {experiment}`")
        }
        Missing::Group(gap) => format!(
            "{}: {} of {} {} not in this run; rerun `{}`",
            gap.group,
            gap.absent.len(),
            gap.total,
            gap.rows,
            gap.rerun
        ),
        Missing::Unrecognised(unknown) => {
            format!("{unknown}; left out of the tables (saved by another version of the suite?)")
        }
    }
}

pub(crate) fn markdown(md: &mut String, missing: &[Missing]) -> fmt::Result {
    if missing.is_empty() {
        return Ok(());
    }
    writeln!(md, "## {HEADING}\n")?;
    for item in missing {
        writeln!(md, "- {}", line(item))?;
    }
    md.push('\n');
    Ok(())
}

pub(crate) fn html(missing: &[Missing]) -> String {
    if missing.is_empty() {
        return String::new();
    }
    let mut html = format!("<section id=\"missing\"><h2>{HEADING}</h2>\n<ul>\n");
    for item in missing {
        html += &format!("<li>{}", inline(&line(item), &|_| None));
        if let Missing::Group(gap) = item {
            let names: Vec<String> = gap.absent.iter().map(|name| format!("<code>{}</code>", escape(name))).collect();
            html += &format!("<details><summary>which</summary>{}</details>", names.join(", "));
        }
        html += "</li>\n";
    }
    html += "</ul></section>\n";
    html
}
