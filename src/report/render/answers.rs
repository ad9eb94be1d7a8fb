//! The answers (`data::findings`) as text: a table first (the question, the answer in a
//! few words, the figure per backend, whether it holds across runs), then each answer as
//! a sentence with the ids of its figures, for a reader who wants to check one.

use std::fmt::{self, Write as _};

use super::between_runs::finding_note;
use super::environment::measured_on;
use super::inline::{backend_header, escape, link_ids};
use crate::environment::Environment;
use crate::ids::{BenchId, ColdCase};
use crate::report::data::break_even::BreakEven;
use crate::report::data::findings::{Cell, Finding, Question, ValueKind, cell_spread};
use crate::report::data::pairs::PAIRS;
use crate::report::data::runs::Runs;
use crate::report::format::{count, duration, factor, gain_percent};
use crate::runtime::Backend;

pub(crate) const HEADING: &str = "Answers at a glance";
const INTRO: &str = "From this run's own results: a release host calling release guests (LRU in the \
                     simulator). An answer whose results the run lacks is left out. A ratio marked \
                     \"paired\" was measured with both sides interleaved in the same seconds (the ratio \
                     target), which drift cannot tilt, with the 95% interval in which another run's \
                     median lands; the others divide two ids measured apart.";
const NONE: &str = "None: the run has none of the results the answers come from.";
const CHECK: &str = "Check a figure: each answer in full, with the ids it comes from";

/// What each question asks, as its sentence begins.
fn lead(question: Question) -> &'static str {
    match question {
        Question::CheapestCall => "Cheapest call into the guest (cached handles, typed call)",
        Question::DynamicCall => "A dynamic call against a typed one (Pair, cached handles)",
        Question::StaticBuffer => {
            "A typed call whose arguments wait in a static buffer (Bytemuck) against one that passes them (Pair)"
        }
        Question::Hotload => {
            "A dynamic call that builds its argument values on every call against one that built them beforehand"
        }
        Question::HandleCaching => "What caching export handles saves on a typed Pair call (1 - cached/uncached)",
        Question::Batching => "What batching buys in the simulator (LRU, cached typed calls, WASM/native)",
        Question::Runtimes => "Wasmtime against Wasmer on a typed Pair call (cached handles)",
        Question::Interpreter => {
            "Which interpreter: its typed Pair call against a JIT's (cached handles); then, on the interpreter \
             itself, the simulator's batch against native, a host call against native, and a fresh instance \
             per request against one kept alive"
        }
        Question::HostCalls => {
            "A typed call from the guest into a host function that does nothing, against the same call natively"
        }
        Question::InstancePerRequest => "A fresh instance per request (multiply guest) against one instance kept alive",
        Question::Payload => "1 MiB into the guest as raw bytes against a plain memcpy of it",
        Question::ComponentModel => "A Component Model call against a typed Pair call (cached handles)",
        Question::CompileTime => "Compiling the simulator guest",
        Question::CachedArtifact => "Loading the simulator guest's cached artifact instead of compiling it",
        Question::BreakEven => {
            "After how many calls a backend that runs faster has paid for starting slower: the simulator from \
             its bytes to its N-th answer (compile, instantiate, N calls), the sooner start's total against the \
             faster runner's at 1, 100, 10k and 1M calls, and where that ratio crosses 1"
        }
        Question::Interruption => {
            "An epoch deadline per call against no limit, with fuel beside it (simulator batch, LRU, typed)"
        }
        Question::AsyncCalls => "A typed Pair call made with `call_async` against the same call made synchronously",
        Question::Concurrency => {
            "What turning on WASI costs a component call: the call with Wasmtime's concurrency support on (its \
             default where component-model-async is compiled in, as `wasmtime-wasi` does) against the same call \
             with it off; with it off, the component call against the typed core call; the typed core call, on \
             against off"
        }
        Question::Wasi => {
            "A WASI Preview 1 call against the same work through the suite's own typed host function (clock; \
             then random 16 B, stdout 64 B)"
        }
        Question::Serverless => {
            "A wasi:http request to a pooled proxy component against the same work on a pooled core instance \
             (hand ABI)"
        }
        Question::Upgrade => {
            "The current release against the one before it (Wasmtime 50 / 49, wasmi 2 / 1), linked side by side: \
             a typed Pair call; then a dynamic call, the simulator's batch, a host call, a fresh instance per \
             request and a cold start to the 10,000th answer"
        }
    }
}

/// The question as the table's first column: short.
fn question_label(question: Question) -> &'static str {
    match question {
        Question::CheapestCall => "Cheapest call into the guest",
        Question::DynamicCall => "Dynamic call / typed call",
        Question::StaticBuffer => "Static Bytemuck buffer / Pair, typed call",
        Question::Hotload => "Values built per call / beforehand (hotload / preload)",
        Question::HandleCaching => "Caching export handles (cached / by name)",
        Question::Batching => "Simulator batched, WASM / native",
        Question::Runtimes => "Wasmtime / Wasmer, typed call",
        Question::Interpreter => "Which interpreter? Its typed call / a JIT's",
        Question::HostCalls => "Call into the host (no-op)",
        Question::InstancePerRequest => "Fresh instance / kept instance",
        Question::Payload => "1 MiB into the guest / memcpy",
        Question::ComponentModel => "Component call / core typed call",
        Question::CompileTime => "Compiling the simulator guest",
        Question::CachedArtifact => "Cached artifact load / compile",
        Question::BreakEven => "Break-even: calls until the faster runner has paid for its start",
        Question::Interruption => "Epochs or fuel: limited / unlimited batch",
        Question::AsyncCalls => "Async or sync: async call / sync call",
        Question::Concurrency => "What turning on WASI costs a component call: concurrency support on / off",
        Question::Wasi => "What WASI costs: WASI clock / host function",
        Question::Serverless => "Serverless request / core instance (pooled)",
        Question::Upgrade => "What the upgrade changed: this release / the one before, typed call",
    }
}

impl Finding {
    /// The answer as one sentence: `{question}: {backend's part}; {backend's part}.`
    pub fn text(&self) -> String {
        let clauses: Vec<String> = self.cells.iter().map(|cell| clause(self.question, cell)).collect();
        format!("{}: {}.", lead(self.question), clauses.join("; "))
    }
}

/// One backend's part of an answer's sentence. The times are quoted where the run has
/// them (a run of the `ratio` target alone has ratios only).
fn clause(question: Question, cell: &Cell) -> String {
    let backend = cell.backend;
    // The k-th ratio the cell states, marked if paired, with the interval in which the
    // next run's median lands where it has one; its two times are quoted by `times`.
    let stated = |k: usize| {
        cell.stated.get(k).map(|s| {
            let interval = s.interval.map(|(low, high)| format!(" [{}, {}]", factor(low), factor(high)));
            factor(s.value) + if s.paired { " paired" } else { "" } + &interval.unwrap_or_default()
        })
    };
    let time = |id| cell.figure(id).map(duration);
    // The k-th stated ratio's numerator's and denominator's times, if the run has both.
    let pair_times = |k: usize| {
        let s = cell.stated.get(k)?;
        Some((time(s.numerator)?, time(s.denominator)?))
    };
    let times = |k: usize| pair_times(k).map(|(a, b)| format!(" ({a} vs {b})")).unwrap_or_default();
    // The cell's own value: paired where the run measured it so, as the table shows it.
    let value = factor(cell.value) + paired_mark(cell);
    match question {
        Question::CheapestCall => {
            let case = cell.case.map(|c| c.to_string()).unwrap_or_default();
            format!("`{case}` on {backend}, {}", duration(cell.value))
        }
        Question::CompileTime => format!("{} on {backend}", duration(cell.value)),
        Question::DynamicCall
        | Question::StaticBuffer
        | Question::Hotload
        | Question::ComponentModel
        | Question::CachedArtifact
        | Question::AsyncCalls
        | Question::Payload
        | Question::Serverless => format!("{value} on {backend}{}", times(0)),
        Question::HandleCaching => {
            let saved = gain_percent(cell.value, 1.0) + paired_mark(cell);
            format!("{saved} on {backend}{}", times(0))
        }
        Question::Batching => match stated(1) {
            Some(per_request) => format!("{value} batched against {per_request} per request (Pair) on {backend}"),
            None => format!("{value} batched on {backend}"),
        },
        Question::Runtimes => {
            let wasmer = cell.against.unwrap_or(backend);
            let compiler = PAIRS.iter().find(|p| p.1 == backend).map_or("", |p| p.2);
            let mark = paired_mark(cell);
            match pair_times(0) {
                Some((wasmtime_time, wasmer_time)) => format!(
                    "{compiler}: {wasmtime_time} on {backend} vs {wasmer_time} on {wasmer}, Wasmtime/Wasmer {:.2}{mark}",
                    cell.value
                ),
                None => format!("{compiler}: Wasmtime/Wasmer {:.2}{mark} ({backend} vs {wasmer})", cell.value),
            }
        }
        Question::Interpreter => {
            let jit = cell.against.map_or_else(String::new, |b| b.to_string());
            let typed = stated(0).unwrap_or(value);
            let mut text = format!("typed {typed} on {backend} over {jit}{}", times(0));
            // Each further ratio named by what it divides (the run may lack some), on
            // the interpreter itself or over another interpreter (wasmi).
            for (k, s) in cell.stated.iter().enumerate().skip(1) {
                let over = s.denominator.engine().map(|e| e.backend).filter(|&other| other != backend);
                let what = match (s.numerator, over) {
                    (BenchId::Micro(_), Some(other)) => format!("typed over {other}"),
                    (BenchId::Simulator(_), Some(other)) => format!("batch over {other}"),
                    (BenchId::HostCall(_), Some(other)) => format!("host call over {other}"),
                    (BenchId::Simulator(_), None) => "batch / native".to_owned(),
                    (BenchId::HostCall(_), None) => "host call / native".to_owned(),
                    (BenchId::Lifecycle(_), None) => "fresh / kept instance".to_owned(),
                    _ => continue,
                };
                if let Some(ratio) = stated(k) {
                    text += &format!(", {what} {ratio}");
                }
            }
            text
        }
        Question::HostCalls => match pair_times(0) {
            Some((wasm, native)) => format!("{wasm} on {backend}, {value} the native {native}"),
            None => format!("{value} the native call on {backend}"),
        },
        Question::InstancePerRequest => {
            let mut text = match pair_times(0) {
                Some((fresh, kept)) => format!("{fresh} a request on {backend} vs {kept}, {value}"),
                None => format!("{value} a request on {backend}"),
            };
            if let Some(pooled) = stated(1) {
                let pooled_time = cell.stated.get(1).and_then(|s| time(s.numerator));
                match pooled_time {
                    Some(t) => text += &format!(", {t} pooled ({pooled} a fresh one)"),
                    None => text += &format!(", pooled {pooled} a fresh one"),
                }
            }
            text
        }
        Question::Interruption => {
            let mut text = format!("epoch {value} on {backend}{}", times(0));
            if let Some(fuel) = stated(1) {
                let fuel_time = cell.stated.get(1).and_then(|s| time(s.numerator));
                text += &format!(", fuel {fuel}{}", fuel_time.map(|t| format!(" ({t})")).unwrap_or_default());
            }
            text
        }
        Question::BreakEven => {
            let sooner = cell.against.map_or_else(String::new, |b| b.to_string());
            let interval = crossing_interval(cell).map(|(low, high)| format!(" [{low}, {high}]")).unwrap_or_default();
            let when = match BreakEven::from_calls(cell.value, most_calls()) {
                BreakEven::At(n) => format!("after {} calls", count(n.round())),
                BreakEven::FromTheStart => "from the first call".to_owned(),
                BreakEven::Beyond(n) => format!("not within {} calls", count(n)),
            };
            format!("{backend} overtakes {sooner} {when}{}{interval}", paired_mark(cell))
        }
        Question::Concurrency => {
            let mut text = format!("{value} on {backend}{}", times(0));
            if let Some(component_over_typed) = stated(1) {
                text += &format!(", with it off the component call costs {component_over_typed} the typed core call");
            }
            if let Some(typed) = stated(2) {
                text += &format!(", the typed core call {typed} on over off");
            }
            text
        }
        Question::Upgrade => {
            let before = cell.against.map_or_else(String::new, |b| b.to_string());
            let typed = stated(0).unwrap_or(value);
            let mut text = format!("typed {typed} on {backend} over {before}{}", times(0));
            for (k, what) in [(1, "dynamic"), (2, "batch"), (3, "host call"), (4, "fresh instance"), (5, "cold start")]
            {
                if let Some(ratio) = stated(k) {
                    text += &format!(", {what} {ratio}");
                }
            }
            text
        }
        Question::Wasi => {
            let mut text = format!("clock {value} on {backend}{}", times(0));
            for (k, op) in [(1, "random"), (2, "stdout")] {
                if let Some(ratio) = stated(k) {
                    text += &format!(", {op} {ratio}");
                }
            }
            text
        }
    }
}

/// The answer in a few words: the winner and by how much, or the range of the ratio.
fn short_answer(finding: &Finding) -> String {
    let ranked = finding.ranked();
    let (low, high) = (ranked[0].value, ranked[ranked.len() - 1].value);
    // The backends' values after `turn` (a saving, a speed-up), smallest first.
    let range = |turn: &dyn Fn(f64) -> f64, show: &dyn Fn(f64) -> String| {
        let (a, b) = (turn(low), turn(high));
        let (a, b) = (show(a.min(b)), show(a.max(b)));
        if a == b { a } else { format!("{a}-{b}") }
    };
    let same = |r: f64| r;
    let best = ranked[0].backend;
    match finding.question {
        Question::CheapestCall | Question::CompileTime => match ranked.get(1) {
            Some(second) => format!(
                "{best}: {}, {} {} than {}",
                duration(low),
                factor(second.value / low),
                if finding.question == Question::CompileTime { "sooner" } else { "cheaper" },
                second.backend
            ),
            None => format!("{best}: {}", duration(low)),
        },
        Question::DynamicCall => format!("typed; dynamic costs {}", range(&same, &factor)),
        Question::StaticBuffer => format!("static buffer / Pair {}", range(&same, &factor)),
        Question::Hotload => format!("build values beforehand: per call costs {}", range(&same, &factor)),
        Question::HostCalls => format!("{} a native call; least on {best}", range(&same, &factor)),
        Question::Payload => format!("{} a memcpy; least on {best}", range(&same, &factor)),
        Question::Serverless => format!("the proxy request costs {} the core call", range(&same, &factor)),
        Question::HandleCaching => {
            format!("cache them: saves {}", range(&|r| 1.0 - r, &|saved| format!("{:.0}%", 100.0 * saved)))
        }
        Question::Batching => format!("batch: {} native; best on {best}", range(&same, &factor)),
        Question::Runtimes if high < 1.0 => format!("Wasmtime, {} faster", range(&|r| 1.0 / r, &factor)),
        Question::Runtimes => format!("Wasmtime/Wasmer {}", range(&same, &factor)),
        Question::Interpreter => format!("{best}: its typed call costs {} a JIT's", factor(low)),
        Question::InstancePerRequest => format!("keep instances: a fresh one costs {}", range(&same, &factor)),
        Question::ComponentModel => format!("component call costs {}", range(&same, &factor)),
        Question::CachedArtifact if high < 1.0 => format!("load: {} sooner", range(&|r| 1.0 / r, &factor)),
        Question::CachedArtifact => format!("load / compile {}", range(&same, &factor)),
        Question::Interruption => format!("an epoch deadline costs {}", range(&same, &factor)),
        Question::AsyncCalls => format!("an async call costs {}", range(&same, &factor)),
        Question::Concurrency => format!("turn it off: on costs {}", range(&same, &factor)),
        Question::BreakEven => {
            // Each pair named by its faster runner and sooner start, grouped by the kind
            // of its crossing: within the measured calls, at the first call, or beyond.
            let pair =
                |c: &&Cell| format!("{} over {}", c.backend, c.against.map_or_else(String::new, |b| b.to_string()));
            let within: Vec<f64> = ranked.iter().map(|c| c.value).filter(|v| v.is_finite() && *v > 1.0).collect();
            let at_first: Vec<String> = ranked.iter().filter(|c| c.value <= 1.0).map(pair).collect();
            let never: Vec<String> = ranked.iter().filter(|c| c.value.is_infinite()).map(pair).collect();
            let mut parts = Vec::new();
            match (within.first(), within.last()) {
                (Some(&first), Some(&last)) if calls(first) == calls(last) => {
                    parts.push(format!("after {} calls", calls(first)))
                }
                (Some(&first), Some(&last)) => parts.push(format!("after {} to {} calls", calls(first), calls(last))),
                _ => {}
            }
            if !at_first.is_empty() {
                parts.push(format!("from the first call for {}", at_first.join(", ")));
            }
            if !never.is_empty() {
                parts.push(format!("not within {} calls for {}", count(most_calls()), never.join(", ")));
            }
            parts.join("; ")
        }
        Question::Wasi => format!("a WASI clock read costs {} the host function", range(&same, &factor)),
        Question::Upgrade => format!("a typed call costs {} what it did", range(&same, &factor)),
    }
}

/// A cell of the table: the backend's figure.
fn figure(finding: &Finding, cell: &Cell) -> String {
    match finding.question.value_kind() {
        ValueKind::Time => duration(cell.value),
        // A saving: 1 - cached / uncached, whichever way the ratio was measured.
        ValueKind::Ratio if finding.question == Question::HandleCaching => gain_percent(cell.value, 1.0),
        ValueKind::Ratio => factor(cell.value),
        ValueKind::Calls => {
            let against = cell.against.map(|b| format!(" (over {b})")).unwrap_or_default();
            calls(cell.value) + &against
        }
    }
}

/// A number of calls as a break-even reads: a count, "from the first call", or beyond
/// the most the cold start measures.
fn calls(value: f64) -> String {
    BreakEven::from_calls(value, most_calls()).to_string()
}

/// The most calls a cold start is measured to: a break-even beyond them is not seen.
fn most_calls() -> f64 {
    ColdCase::CALLS.iter().max().map_or(f64::INFINITY, |&n| n as f64)
}

/// A break-even cell's interval as text: where the next run's crossing lands; none
/// where both ends read the same (both at the first call, or both beyond).
fn crossing_interval(cell: &Cell) -> Option<(String, String)> {
    cell.crossing_interval().map(|(low, high)| (calls(low), calls(high))).filter(|(low, high)| low != high)
}

/// The word after a figure measured paired.
fn paired_mark(cell: &Cell) -> &'static str {
    if cell.paired { " paired" } else { "" }
}

/// A cell's interval, in the figure's unit: between the runs where several were merged,
/// else the paired ratio's own (where the next run's median lands).
fn interval(finding: &Finding, cell: &Cell, runs: Option<&Runs>) -> Option<String> {
    let (lower, upper) = match runs {
        Some(runs) => cell_spread(runs, cell).map(|spread| (spread.lower, spread.upper))?,
        None if finding.question.value_kind() == ValueKind::Calls => {
            let (low, high) = cell.crossing_interval()?;
            (calls(low) != calls(high)).then_some((low, high))?
        }
        None => cell.stated.first().filter(|stated| stated.value == cell.value)?.interval?,
    };
    Some(match finding.question.value_kind() {
        ValueKind::Time => format!("[{}, {}]", duration(lower), duration(upper)),
        // A saving's interval: 1 - the ratio's, its ends swapped.
        ValueKind::Ratio if finding.question == Question::HandleCaching => {
            let saved = |r: f64| format!("{:+.1}%", 100.0 * (1.0 - r));
            format!("[{}, {}]", saved(upper), saved(lower))
        }
        ValueKind::Ratio => format!("[{}, {}]", factor(lower), factor(upper)),
        ValueKind::Calls => format!("[{}, {}]", calls(lower), calls(upper)),
    })
}

/// Whether an answer holds across runs, as a mark and the words a reader hovers for.
fn holds(finding: &Finding, runs: &Runs) -> (&'static str, String) {
    match finding.holds(runs) {
        Some(true) => ("✓ holds", format!("every one of {} runs agrees", runs.runs.len())),
        Some(false) => ("✗ does not hold", format!("the {} runs' intervals overlap or cross 1", runs.runs.len())),
        None => ("?", "not every run has these results".to_owned()),
    }
}

/// The backends some answer has a cell for: the table's columns.
fn columns(findings: &[Finding]) -> Vec<Backend> {
    Backend::ALL.into_iter().filter(|b| findings.iter().any(|f| f.cells.iter().any(|c| c.backend == *b))).collect()
}

/// The answers as `summary.md`'s first section: the table, then the sentences.
pub(crate) fn markdown(md: &mut String, findings: &[Finding], runs: Option<&Runs>) -> fmt::Result {
    writeln!(md, "## {HEADING}\n\n{INTRO}\n")?;
    if findings.is_empty() {
        return writeln!(md, "{NONE}\n");
    }
    let backends = columns(findings);
    let names: Vec<String> = backends.iter().map(ToString::to_string).collect();
    // Whether an answer holds across runs needs several; one run's paired cells carry
    // their own interval instead.
    let holds_column = if runs.is_some() { " holds across runs |" } else { "" };
    writeln!(md, "| question | answer | {} |{holds_column}", names.join(" | "))?;
    writeln!(md, "|---|---|{}{}", "---|".repeat(backends.len()), if runs.is_some() { "---|" } else { "" })?;
    for finding in findings {
        let cells: Vec<String> = backends
            .iter()
            .map(|&b| match finding.cells.iter().find(|c| c.backend == b) {
                Some(cell) => {
                    let spread = interval(finding, cell, runs);
                    figure(finding, cell) + paired_mark(cell) + &spread.map(|s| format!("<br>{s}")).unwrap_or_default()
                }
                None => String::new(),
            })
            .collect();
        let holds = runs.map(|runs| holds(finding, runs)).map(|(mark, why)| format!(" {mark} ({why}) |"));
        let holds = holds.unwrap_or_default();
        writeln!(
            md,
            "| {} | {} | {} |{holds}",
            question_label(finding.question),
            short_answer(finding),
            cells.join(" | ")
        )?;
    }
    writeln!(md, "\n### {CHECK}\n")?;
    for finding in findings {
        let ids: Vec<String> = finding.ids.iter().map(|id| format!("`{id}`")).collect();
        writeln!(md, "- {}\n  From {}.", finding.text(), ids.join(", "))?;
        if let Some(note) = runs.and_then(|runs| finding_note(runs, finding)) {
            writeln!(md, "  Between runs, {note}.")?;
        }
    }
    md.push('\n');
    Ok(())
}

/// `docs/results/answers.md`: the answers of one committed run, with what it was
/// measured on and the command that wrote it (`GENERATED_BY`), for the README to quote.
pub(crate) fn file(
    findings: &[Finding],
    environments: &[Environment],
    generated_by: &str,
) -> Result<String, fmt::Error> {
    let mut md = String::new();
    writeln!(
        md,
        "# The answers of one committed run
"
    )?;
    writeln!(
        md,
        "Written by `{generated_by}` from the run in [run/](run/); edit nothing here by hand.
"
    )?;
    writeln!(
        md,
        "{}
",
        measured_on(environments).join(
            "

"
        )
    )?;
    markdown(&mut md, findings, None)?;
    Ok(md)
}

/// What the README quotes of `answers.md`: the lines naming the machine, and the table.
pub(crate) fn readme_block(file: &str) -> String {
    let lines = file.lines();
    let measured = lines.clone().filter(|line| line.starts_with("Measured on:"));
    let table = lines.skip_while(|line| !line.starts_with("| question |")).take_while(|line| line.starts_with('|'));
    let mut block = String::new();
    for line in measured {
        block += line;
        block += "\n\n";
    }
    for line in table {
        block += line;
        block.push('\n');
    }
    block
}

/// The answers as `index.html`'s first section: the table, the sentences folded below.
/// `page` links an id to Criterion's page for it, where the run wrote one.
pub(crate) fn html(findings: &[Finding], runs: Option<&Runs>, page: &dyn Fn(&str) -> Option<String>) -> String {
    let mut html = format!("<section id=\"answers\"><h2>{HEADING}</h2>\n<p>{}</p>\n", escape(INTRO));
    if findings.is_empty() {
        html += &format!("<p>{NONE}</p></section>\n");
        return html;
    }
    let backends = columns(findings);
    html += "<table class=\"answers\"><thead><tr><th>question</th><th>answer</th>";
    for &backend in &backends {
        html += &format!("<th>{}</th>", backend_header(backend));
    }
    if runs.is_some() {
        html += "<th>holds across runs</th>";
    }
    html += "</tr></thead><tbody>\n";
    for finding in findings {
        html += &format!(
            "<tr><td>{}</td><td><b>{}</b></td>",
            escape(question_label(finding.question)),
            escape(&short_answer(finding))
        );
        for &backend in &backends {
            let Some(cell) = finding.cells.iter().find(|c| c.backend == backend) else {
                html += "<td></td>";
                continue;
            };
            let value = escape(&figure(finding, cell));
            let value = match cell.figures.first().and_then(|m| page(&m.id.to_string())) {
                Some(href) => format!("<a href=\"{href}\">{value}</a>"),
                None => value,
            };
            let spread = interval(finding, cell, runs);
            let spread = spread.map(|s| format!("<br><small>{}</small>", escape(&s))).unwrap_or_default();
            let paired = if cell.paired { " <small>paired</small>" } else { "" };
            html += &format!("<td class=\"num\">{value}{paired}{spread}</td>");
        }
        if let Some(runs) = runs {
            let (mark, why) = holds(finding, runs);
            let class = match mark {
                "✓ holds" => "holds",
                "?" => "unknown",
                _ => "fails",
            };
            html += &format!("<td class=\"{class}\" title=\"{0}\">{mark}<br><small>{0}</small></td>", escape(&why));
        }
        html += "</tr>\n";
    }
    html += "</tbody></table>\n";
    html += &format!("<details><summary>{CHECK}</summary>\n<ul>\n");
    for finding in findings {
        let ids: Vec<String> = finding.ids.iter().map(|id| link_ids(&format!("`{id}`"), page)).collect();
        let note = runs
            .and_then(|runs| finding_note(runs, finding))
            .map(|note| format!("<br>Between runs, {}.", escape(&note).replace("**", "")));
        html += &format!(
            "<li>{}{}<br><small>From {}.</small></li>\n",
            link_ids(&finding.text(), &|_| None),
            note.unwrap_or_default(),
            ids.join(", ")
        );
    }
    html += "</ul></details></section>\n";
    html
}
