//! `index.html`: a short navigation, the answers table on the first screen, then what
//! repeated runs say, what the run lacks, each experiment's tables with its charts
//! inline, and the environment. The sections' documents are rendered here as
//! `render::markdown` renders them for `summary.md`; ids in them link to Criterion's
//! own page for the id where the run wrote one.

use std::path::{Component, Path, PathBuf};

use super::inline::{escape, inline};
use super::svg::ChartFile;
use super::{answers, between_runs, environment, markdown, missing};
use crate::environment::Environment;
use crate::report::data::coverage::Missing;
use crate::report::data::findings::Finding;
use crate::report::data::query::Summary;
use crate::report::doc::{Block, Doc};
use crate::report::sections::Section;

const STYLE: &str = "body{font-family:sans-serif;font-size:14px;max-width:84em;margin:0.5em auto;padding:0 1em}\
h1{font-size:1.4em;margin:0.2em 0}h2{font-size:1.2em;margin-top:1.5em}h3{font-size:1.05em}\
nav{margin:0.3em 0 0.6em;padding:0.3em 0;border-bottom:1px solid #ccc}nav a{margin-right:0.9em}\
table{border-collapse:collapse;margin:0.5em 0}th,td{border:1px solid #ddd;padding:2px 6px;vertical-align:top}\
th{background:#f4f4f4;text-align:left}td.num{text-align:right;white-space:nowrap}\
table.answers td small{color:#555}.swatch{display:inline-block;width:0.8em;height:0.8em;margin-right:0.3em;\
vertical-align:baseline}td.holds{color:#176b2c}td.fails{color:#a11}td.unknown{color:#777}\
figure{margin:0.8em 0}img{max-width:100%;border:1px solid #ddd}code{font-size:0.92em}p{margin:0.4em 0}";

/// The whole page. `charts` are the files drawn for `sections`' charts, in their order.
pub(crate) fn page(
    summary: &Summary,
    findings: &[Finding],
    missing_results: &[Missing],
    sections: &[Section],
    charts: &[ChartFile],
    environments: &[Environment],
    out_dir: &Path,
) -> String {
    let results = summary.results;
    let page_of = |id: &str| criterion_page(&results.directory(id)?, out_dir);
    let between = between_runs::section(results, summary.runs, markdown::noise_threshold(environments));
    let mut html = format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>wasm-script-bench summary</title>\
         <style>{STYLE}</style></head><body>\n<h1>wasm-script-bench summary</h1>\n"
    );
    let mut nav = vec![("answers", answers::HEADING)];
    if !between.is_empty() {
        nav.push(("between-runs", "Between runs"));
    }
    if !missing_results.is_empty() {
        nav.push(("missing", "Missing"));
    }
    nav.extend(sections.iter().map(|s| (s.anchor, s.title)));
    nav.push(("environment", "Environment"));
    let links: Vec<String> = nav.iter().map(|(anchor, title)| format!("<a href=\"#{anchor}\">{title}</a>")).collect();
    // Criterion's own report of every benchmark, where the run wrote one: the summary
    // folder usually sits beside it in target/criterion.
    let overview = results
        .criterion_dir()
        .and_then(|criterion_dir| criterion_page(criterion_dir, out_dir))
        .map(|href| format!(" &middot; <a href=\"{}\">Criterion's report</a>", escape(&href)))
        .unwrap_or_default();
    html += &format!("<nav>{} &middot; <a href=\"summary.md\">summary.md</a>{overview}</nav>\n", links.join(""));
    html += &answers::html(findings, summary.runs, &page_of);
    if !between.is_empty() {
        html += &format!("<section id=\"between-runs\">{}</section>\n", doc(&between, &page_of));
    }
    html += &missing::html(missing_results);
    let mut drawn = charts.iter();
    for section in sections {
        html += &format!("<section id=\"{}\">\n{}", section.anchor, doc(&section.doc, &page_of));
        for file in drawn.by_ref().take(section.charts.len()) {
            let name = file.path.file_name().unwrap_or_default().to_string_lossy();
            let title = escape(&file.title);
            html += &format!("<figure><img src=\"{name}\" alt=\"{title}\"><figcaption>{title}</figcaption></figure>\n");
        }
        html += "</section>\n";
    }
    html += "<section id=\"environment\"><h2>Environment</h2>\n";
    for line in environment::measured_on(environments) {
        html += &format!("<p>{}</p>\n", escape(&line));
    }
    html += &format!("<p>Baseline <code>{}</code>.</p></section>\n</body></html>\n", escape(&results.baseline));
    html
}

/// Criterion's page for a benchmark written to `directory`, as a link from `out_dir`,
/// if the run wrote it.
fn criterion_page(directory: &Path, out_dir: &Path) -> Option<String> {
    let page = directory.join("report").join("index.html");
    if !page.is_file() {
        return None;
    }
    relative(out_dir, &page)
}

/// `to` as a link relative to the folder `from` (both made absolute first).
fn relative(from: &Path, to: &Path) -> Option<String> {
    let (from, to) = (std::path::absolute(from).ok()?, std::path::absolute(to).ok()?);
    let from: Vec<Component> = from.components().filter(|c| *c != Component::CurDir).collect();
    let to: Vec<Component> = to.components().filter(|c| *c != Component::CurDir).collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut link = PathBuf::new();
    for _ in common..from.len() {
        link.push("..");
    }
    link.extend(&to[common..]);
    Some(link.to_string_lossy().replace('\\', "/"))
}

/// A document as HTML; ids in its code spans link to Criterion's page for them.
fn doc(doc: &Doc, page: &dyn Fn(&str) -> Option<String>) -> String {
    let mut html = String::new();
    for block in &doc.blocks {
        match block {
            Block::Heading { level, text } => html += &format!("<h{level}>{}</h{level}>\n", inline(text, page)),
            Block::Paragraph(text) => html += &format!("<p>{}</p>\n", inline(text, page)),
            Block::Table(table) => {
                html += "<table>\n";
                let row = |tag: &str, cells: &[String]| {
                    let cells: Vec<String> =
                        cells.iter().map(|cell| format!("<{tag}>{}</{tag}>", inline(cell, page))).collect();
                    format!("<tr>{}</tr>\n", cells.concat())
                };
                html += &row("th", &table.headings);
                for cells in &table.rows {
                    html += &row("td", cells);
                }
                html += "</table>\n";
            }
        }
    }
    html
}
