//! "Answers at a glance": the study's questions answered in one sentence each, from the
//! run's own results, each with its figures and the ids they come from, so a reader can
//! check a figure in the tables below or in Criterion's report.
//!
//! All answers are for what an embedder ships: a release host calling release guests
//! (and LRU in the simulator). An answer is given per backend (or per pair of backends)
//! that has every result it needs; an answer with no such backend is left out, never
//! guessed. A clause whose own result is missing is left out the same way.

use std::fmt::{self, Write as _};

use super::Results;
use super::figures::{duration, gain_percent};
use super::runs::{Runs, finding_note};
use super::runtimes::PAIRS;
use crate::experiments::hostcall::HostCall;
use crate::experiments::lifecycle::{Handler, Strategy};
use crate::experiments::micro::{ComponentCall, MicroConfig};
use crate::experiments::sim::{PolicyKind, Scenario, SimAbi};
use crate::ids::{
    BenchId, CallStyle, CompileCase, CompileGroup, CompileGuest, CompileId, EngineId, GuestOpt, HostCallCase,
    HostCallGroup, HostCallId, HostProfile, LifecycleGroup, LifecycleId, Loading, Lookup, MicroCase, MicroGroup,
    MicroId, Phase, SimCase, SimulatorGroup, SimulatorId,
};
use crate::runtime::{Backend, HostFnStyle};

/// One answer: a sentence with its figures, and the ids of the results they come from.
/// Data rather than text alone, so what else is known about those ids (their intervals
/// across runs, say) can be added beside them later.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub text: String,
    pub ids: Vec<BenchId>,
    /// The ratios the sentence states, each as (numerator, denominator): what a merged
    /// report recomputes inside every run to give the finding its between-run interval.
    pub ratios: Vec<(BenchId, BenchId)>,
}

const HOST: HostProfile = HostProfile::Release;
const OPT: GuestOpt = GuestOpt::Release;

/// Every answer this run's results allow, in the order the study asks them.
pub fn findings(results: &Results) -> Vec<Finding> {
    let run = Run(results);
    [
        cheapest_call(&run),
        dynamic_call(&run),
        handle_caching(&run),
        batching(&run),
        runtimes(&run),
        host_calls(&run),
        instance_per_request(&run),
        component_model(&run),
        compile_time(&run),
        cached_artifact(&run),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// One result: its id and mean time (ns).
#[derive(Clone, Copy)]
struct Measured {
    id: BenchId,
    mean: f64,
}

impl Measured {
    fn time(self) -> String {
        duration(self.mean)
    }
}

/// The results the answers read, at the release host and guest.
struct Run<'a>(&'a Results);

impl Run<'_> {
    fn get(&self, id: impl Into<BenchId>) -> Option<Measured> {
        let id = id.into();
        Some(Measured { id, mean: self.0.get(id)?.mean })
    }

    fn micro(&self, backend: Backend, case: MicroCase) -> Option<Measured> {
        self.get(MicroId::new(MicroGroup { host: HOST, engine: EngineId::plain(backend), opt: OPT }, case))
    }

    fn simulator(&self, backend: Backend, case: SimCase) -> Option<Measured> {
        let engine = EngineId::plain(backend);
        self.get(SimulatorId::new(SimulatorGroup { host: HOST, policy: PolicyKind::Lru, engine, opt: OPT }, case))
    }

    fn hostcall(&self, backend: Backend, case: HostCallCase) -> Option<Measured> {
        self.get(HostCallId::new(HostCallGroup { host: HOST, backend, opt: OPT }, case))
    }

    /// The multiply guest: a request's own work is one call, so the instance is the cost.
    fn lifecycle(&self, backend: Backend, strategy: Strategy) -> Option<Measured> {
        let group = LifecycleGroup { host: HOST, backend, opt: OPT, handler: Handler::Multiply };
        self.get(LifecycleId::new(group, strategy))
    }

    /// The simulator guest: the larger of the paper's two.
    fn compile(&self, backend: Backend, phase: Phase) -> Option<Measured> {
        let case = CompileCase { phase, guest: CompileGuest::Simulator, opt: OPT };
        self.get(CompileId::new(CompileGroup { host: HOST, backend }, case))
    }
}

/// A clause of an answer: its text, the ids of its figures, the ratios it states.
struct Clause {
    text: String,
    ids: Vec<BenchId>,
    ratios: Vec<(BenchId, BenchId)>,
}

impl Clause {
    /// A clause stating `numerator / denominator` (and reading `others` besides).
    fn ratio(text: String, numerator: Measured, denominator: Measured, others: &[Measured]) -> Clause {
        let ids = [numerator.id, denominator.id].into_iter().chain(others.iter().map(|m| m.id)).collect();
        Clause { text, ids, ratios: vec![(numerator.id, denominator.id)] }
    }

    /// A clause stating one figure.
    fn figure(text: String, figure: Measured) -> Clause {
        Clause { text, ids: vec![figure.id], ratios: Vec::new() }
    }
}

/// `{lead}: {clause}; {clause}.` from the clauses that exist; none, no answer.
fn finding(lead: &str, clauses: impl IntoIterator<Item = Option<Clause>>) -> Option<Finding> {
    let clauses: Vec<Clause> = clauses.into_iter().flatten().collect();
    if clauses.is_empty() {
        return None;
    }
    let texts: Vec<&str> = clauses.iter().map(|c| c.text.as_str()).collect();
    Some(Finding {
        text: format!("{lead}: {}.", texts.join("; ")),
        ids: clauses.iter().flat_map(|c| c.ids.iter().copied()).collect(),
        ratios: clauses.iter().flat_map(|c| c.ratios.iter().copied()).collect(),
    })
}

/// A clause per backend that has its results.
fn per_backend(lead: &str, clause: impl Fn(Backend) -> Option<Clause>) -> Option<Finding> {
    finding(lead, Backend::ALL.map(clause))
}

/// `a / b` as a factor, with the digits that matter at its size.
fn ratio(a: f64, b: f64) -> String {
    match a / b {
        r if r >= 100.0 => format!("{r:.0}x"),
        r if r >= 10.0 => format!("{r:.1}x"),
        r => format!("{r:.2}x"),
    }
}

const PAIR_TYPED: MicroConfig = MicroConfig::CACHED_TYPED_PAIR;

/// The dynamic twin of [`PAIR_TYPED`]: its values built once, as a typed call has none
/// to build.
const PAIR_DYNAMIC: MicroConfig =
    MicroConfig { loading: Some(Loading::Preload), call: CallStyle::Dynamic, ..PAIR_TYPED };

const COMPONENT_TYPED: ComponentCall = ComponentCall { lookup: Lookup::Cached, call: CallStyle::Typed };

fn cheapest_call(run: &Run) -> Option<Finding> {
    let candidates: Vec<MicroCase> = MicroConfig::all()
        .into_iter()
        .filter(|c| c.lookup == Lookup::Cached && c.call == CallStyle::Typed && !c.srs)
        .map(MicroCase::Hand)
        .chain([MicroCase::Component(COMPONENT_TYPED)])
        .collect();
    per_backend("Cheapest call into the guest (cached handles, typed call)", |backend| {
        let best = candidates
            .iter()
            .filter_map(|&case| Some((case, run.micro(backend, case)?)))
            .min_by(|a, b| a.1.mean.total_cmp(&b.1.mean))?;
        Some(Clause::figure(format!("`{}` on {backend}, {}", best.0, best.1.time()), best.1))
    })
}

fn dynamic_call(run: &Run) -> Option<Finding> {
    per_backend("A dynamic call against a typed one (Pair, cached handles)", |backend| {
        let dynamic = run.micro(backend, MicroCase::Hand(PAIR_DYNAMIC))?;
        let typed = run.micro(backend, MicroCase::Hand(PAIR_TYPED))?;
        let text = format!("{} on {backend} ({} vs {})", ratio(dynamic.mean, typed.mean), dynamic.time(), typed.time());
        Some(Clause::ratio(text, dynamic, typed, &[]))
    })
}

fn handle_caching(run: &Run) -> Option<Finding> {
    let uncached = MicroConfig { lookup: Lookup::ByName, ..PAIR_TYPED };
    per_backend("What caching export handles saves on a typed Pair call (1 - cached/uncached)", |backend| {
        let cached = run.micro(backend, MicroCase::Hand(PAIR_TYPED))?;
        let uncached = run.micro(backend, MicroCase::Hand(uncached))?;
        let saved = gain_percent(cached.mean, uncached.mean);
        Some(Clause::ratio(
            format!("{saved} on {backend} ({} vs {})", cached.time(), uncached.time()),
            cached,
            uncached,
            &[],
        ))
    })
}

fn batching(run: &Run) -> Option<Finding> {
    let typed = |abi| SimCase::Hand(Scenario::Wasm { abi, lookup: Lookup::Cached, call: CallStyle::Typed });
    per_backend("What batching buys in the simulator (LRU, cached typed calls, WASM/native)", |backend| {
        let native = run.simulator(backend, SimCase::NATIVE)?;
        let single = run.simulator(backend, typed(SimAbi::Pair))?;
        let batch = run.simulator(backend, typed(SimAbi::Batch))?;
        let text = format!(
            "{} per request (Pair) against {} batched on {backend}",
            ratio(single.mean, native.mean),
            ratio(batch.mean, native.mean)
        );
        let ids = vec![single.id, batch.id, native.id];
        Some(Clause { text, ids, ratios: vec![(single.id, native.id), (batch.id, native.id)] })
    })
}

fn runtimes(run: &Run) -> Option<Finding> {
    let clauses = PAIRS.map(|(wasmer, wasmtime, compiler)| {
        let a = run.micro(wasmer, MicroCase::Hand(PAIR_TYPED))?;
        let b = run.micro(wasmtime, MicroCase::Hand(PAIR_TYPED))?;
        let text = format!(
            "{compiler}: {} on {wasmtime} vs {} on {wasmer}, Wasmtime/Wasmer {:.2}",
            b.time(),
            a.time(),
            b.mean / a.mean
        );
        Some(Clause::ratio(text, b, a, &[]))
    });
    finding("Wasmtime against Wasmer on a typed Pair call (cached handles)", clauses)
}

fn host_calls(run: &Run) -> Option<Finding> {
    let lead = "A typed call from the guest into a host function that does nothing, against the same call natively";
    per_backend(lead, |backend| {
        let wasm = run.hostcall(backend, HostCallCase::Wasm(HostCall::Nop, HostFnStyle::Typed))?;
        let native = run.hostcall(backend, HostCallCase::Native(HostCall::Nop))?;
        let text =
            format!("{} on {backend}, {} the native {}", wasm.time(), ratio(wasm.mean, native.mean), native.time());
        Some(Clause::ratio(text, wasm, native, &[]))
    })
}

fn instance_per_request(run: &Run) -> Option<Finding> {
    let lead = "A fresh instance per request (multiply guest) against one instance kept alive";
    per_backend(lead, |backend| {
        let fresh = run.lifecycle(backend, Strategy::NewInstance)?;
        let kept = run.lifecycle(backend, Strategy::ReuseInstance)?;
        let mut text =
            format!("{} a request on {backend} vs {}, {}", fresh.time(), kept.time(), ratio(fresh.mean, kept.mean));
        let pooled = run.lifecycle(backend, Strategy::Pooling);
        if let Some(pooled) = pooled {
            text += &format!(", {} pooled ({})", pooled.time(), ratio(pooled.mean, kept.mean));
        }
        let mut clause = Clause::ratio(text, fresh, kept, &[]);
        if let Some(pooled) = pooled {
            clause.ids.push(pooled.id);
            clause.ratios.push((pooled.id, kept.id));
        }
        Some(clause)
    })
}

fn component_model(run: &Run) -> Option<Finding> {
    per_backend("A Component Model call against a typed Pair call (cached handles)", |backend| {
        let component = run.micro(backend, MicroCase::Component(COMPONENT_TYPED))?;
        let pair = run.micro(backend, MicroCase::Hand(PAIR_TYPED))?;
        let text =
            format!("{} on {backend} ({} vs {})", ratio(component.mean, pair.mean), component.time(), pair.time());
        Some(Clause::ratio(text, component, pair, &[]))
    })
}

fn compile_time(run: &Run) -> Option<Finding> {
    per_backend("Compiling the simulator guest", |backend| {
        let compile = run.compile(backend, Phase::Compile)?;
        Some(Clause::figure(format!("{} on {backend}", compile.time()), compile))
    })
}

fn cached_artifact(run: &Run) -> Option<Finding> {
    per_backend("Loading the simulator guest's cached artifact instead of compiling it", |backend| {
        let load = run.compile(backend, Phase::Deserialize)?;
        let compile = run.compile(backend, Phase::Compile)?;
        let text = format!("{} on {backend} ({} vs {})", ratio(load.mean, compile.mean), load.time(), compile.time());
        Some(Clause::ratio(text, load, compile, &[]))
    })
}

const HEADING: &str = "Answers at a glance";
const INTRO: &str = "From this run's own results: a release host calling release guests (LRU in the \
                     simulator). An answer whose results the run lacks is left out.";
const NONE: &str = "None: the run has none of the results the answers come from.";

/// The answers as `summary.md`'s first section.
pub(super) fn markdown(md: &mut String, findings: &[Finding], runs: Option<&Runs>) -> fmt::Result {
    writeln!(md, "## {HEADING}\n\n{INTRO}\n")?;
    if findings.is_empty() {
        return writeln!(md, "{NONE}\n");
    }
    for finding in findings {
        let ids: Vec<String> = finding.ids.iter().map(|id| format!("`{id}`")).collect();
        writeln!(md, "- {}\n  From {}.", finding.text, ids.join(", "))?;
        if let Some(note) = runs.and_then(|runs| finding_note(runs, finding)) {
            writeln!(md, "  Between runs, {note}.")?;
        }
    }
    md.push('\n');
    Ok(())
}

/// The answers as `index.html`'s first section.
pub(super) fn html(findings: &[Finding], runs: Option<&Runs>) -> String {
    let mut html = format!("<h2>{HEADING}</h2>\n<p>{}</p>\n", super::escape(INTRO));
    if findings.is_empty() {
        html += &format!("<p>{NONE}</p>\n");
        return html;
    }
    html += "<ul>\n";
    for finding in findings {
        let ids: Vec<String> =
            finding.ids.iter().map(|id| format!("<code>{}</code>", super::escape(&id.to_string()))).collect();
        let note = runs
            .and_then(|runs| finding_note(runs, finding))
            .map(|note| format!("<br>Between runs, {}.", super::escape(&note).replace("**", "")));
        html += &format!(
            "<li>{}{}<br><small>From {}.</small></li>\n",
            code_spans(&finding.text),
            note.unwrap_or_default(),
            ids.join(", ")
        );
    }
    html += "</ul>\n";
    html
}

/// `text` escaped, its backticked spans as `<code>`.
fn code_spans(text: &str) -> String {
    let parts = text.split('`').map(super::escape).enumerate();
    parts.map(|(i, part)| if i % 2 == 1 { format!("<code>{part}</code>") } else { part }).collect()
}
