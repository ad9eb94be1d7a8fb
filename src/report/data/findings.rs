//! "Answers at a glance" as data: the study's questions answered from the run's own
//! results, per backend (or per pair of backends), each with the ids its figures come
//! from and the ratios it states, so a renderer can write the answer, its table row and
//! its check-a-figure sentence, and a merged report can add between-run intervals.
//!
//! All answers are for what an embedder ships: a release host calling release guests
//! (and LRU in the simulator). Every answer but the two that rank times (the cheapest
//! call, compile time) is a ratio, or where ratios cross 1 (the break-even), read paired
//! where the run measured it so (the `ratio` target) and divided from two ids measured
//! apart only where it did not; the times an answer quotes beside its ratio are a
//! supplement. So a run of the `ratio`
//! target alone gives every ratio answer its build can give. A backend is answered for
//! only when it has every result its cell needs; a question with no such backend is
//! left out, never guessed.

use super::break_even::{BREAK_EVEN_PAIRS, BreakEven, paired_break_even};
use super::pairs::PAIRS;
use super::results::Results;
use super::runs::Runs;
use super::spread::Spread;
use crate::experiments::hostcall::HostCall;
use crate::experiments::lifecycle::{Handler, Strategy};
use crate::experiments::micro::MicroConfig;
use crate::experiments::payload::{Direction, PayloadAbi};
use crate::experiments::serve::{ProxyConfig, ServeCase};
use crate::experiments::sim::PolicyKind;
use crate::ids::{
    BenchId, CallMode, CallStyle, ColdCase, ColdStartId, CompileCase, CompileGroup, CompileGuest, CompileId, EngineId,
    GuestOpt, HostCallCase, HostCallGroup, HostCallId, HostProfile, LifecycleGroup, LifecycleId, Lookup, Metering,
    MicroCase, MicroGroup, MicroId, PayloadGroup, PayloadId, PayloadRoute, Phase, ServeGroup, ServeId, SimCase,
    SimulatorGroup, SimulatorId, WasiCase, WasiGroup, WasiId,
};
use crate::ratios::{
    BATCH, BY_NAME, COMPONENT_TYPED, INTERPRETER_REFERENCE, JIT_REFERENCES, PAPER_DYNAMIC, PAPER_HOTLOAD,
    PAYLOAD_BYTES, PER_REQUEST, STATIC_BYTEMUCK,
};
use crate::runtime::wasi::{IoOp, IoRoute};
use crate::runtime::{Backend, HostFnStyle};

/// The questions, in the order the study asks them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Question {
    CheapestCall,
    DynamicCall,
    StaticBuffer,
    Hotload,
    HandleCaching,
    Batching,
    Runtimes,
    Interpreter,
    HostCalls,
    InstancePerRequest,
    Payload,
    ComponentModel,
    CompileTime,
    CachedArtifact,
    BreakEven,
    Interruption,
    AsyncCalls,
    Concurrency,
    Wasi,
    Serverless,
    Upgrade,
}

impl Question {
    /// Whether a cell's value is a time (ns; the backends are ranked by it) or a ratio
    /// (each backend's own; which side of 1 it falls on is the answer).
    pub fn value_kind(self) -> ValueKind {
        match self {
            Question::CheapestCall | Question::CompileTime => ValueKind::Time,
            Question::BreakEven => ValueKind::Calls,
            _ => ValueKind::Ratio,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    Time,
    Ratio,
    /// A number of calls: where two backends' totals cross (the break-even).
    Calls,
}

/// One answer: a cell per backend that has its results.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub question: Question,
    pub cells: Vec<Cell>,
    /// Every id the answer reads, in the order its sentence names them.
    pub ids: Vec<BenchId>,
    /// The ratios it states, each as (numerator, denominator): what a merged report
    /// recomputes inside every run to give the finding its between-run interval.
    pub ratios: Vec<(BenchId, BenchId)>,
}

/// One backend's part of an answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    /// The column it goes in: the backend, or for a pair the second (Wasmtime's).
    pub backend: Backend,
    /// For a pair, the backend it is set against (Wasmer's).
    pub against: Option<Backend>,
    /// What the answer ranks or judges: a time in ns, a ratio, or a number of calls.
    pub value: f64,
    /// Where the value comes from, to find its between-run interval.
    pub source: Source,
    /// The absolute times the cell quotes, those the run has: a supplement to its
    /// ratios (a run of the `ratio` target alone has none, and answers all the same).
    pub figures: Vec<Measured>,
    /// The configuration a cell picked (the cheapest call's winner), if any.
    pub case: Option<MicroCase>,
    /// The ratios it states, its value's first.
    pub stated: Vec<Stated>,
    /// Whether `value` is a ratio measured paired (both sides in the same seconds)
    /// rather than divided from two ids measured apart.
    pub paired: bool,
}

/// A ratio an answer states: its two ids and its value in this run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stated {
    pub numerator: BenchId,
    pub denominator: BenchId,
    pub value: f64,
    /// Measured paired (the `ratio` target), not divided from two ids measured apart.
    pub paired: bool,
    /// A paired ratio's interval: where another run's median lands.
    pub interval: Option<(f64, f64)>,
}

/// Where a cell's value comes from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Source {
    Figure(BenchId),
    Ratio(BenchId, BenchId),
    /// Where the cell's stated ratios (a cold start's totals, one per number of calls)
    /// cross 1.
    Crossing,
}

/// One result: its id and mean time (ns).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Measured {
    pub id: BenchId,
    pub mean: f64,
}

/// What the runs say of a cell's value: its between-run interval.
pub fn cell_spread(runs: &Runs, cell: &Cell) -> Option<Spread> {
    match cell.source {
        Source::Figure(id) => runs.figure(id),
        Source::Ratio(numerator, denominator) => runs.ratio(numerator, denominator),
        Source::Crossing => {
            let spreads: Vec<Spread> =
                cell.stated.iter().map(|s| runs.ratio(s.numerator, s.denominator)).collect::<Option<_>>()?;
            let at = |pick: fn(&Spread) -> f64| {
                let ratios = cell.stated.iter().zip(&spreads).map(|(s, spread)| (s, pick(spread)));
                crossing(ratios.map(|(s, ratio)| Some((calls_of(s.numerator)?, ratio))))
            };
            // A higher ratio (the sooner start's total the larger) crosses 1 sooner.
            Some(Spread {
                median: at(|s| s.median)?,
                lower: at(|s| s.upper)?,
                upper: at(|s| s.lower)?,
                min: at(|s| s.max)?,
                max: at(|s| s.min)?,
                ..spreads[0]
            })
        }
    }
}

/// The number of calls a cold start's id runs to, if it is one.
fn calls_of(id: BenchId) -> Option<f64> {
    match id {
        BenchId::ColdStart(ColdStartId { case: ColdCase::Start { calls, .. }, .. }) => Some(calls as f64),
        _ => None,
    }
}

/// Where `(calls, ratio)` crosses 1, as a number of calls (`BreakEven::calls`).
fn crossing(points: impl Iterator<Item = Option<(f64, f64)>>) -> Option<f64> {
    let points: Vec<(f64, f64)> = points.collect::<Option<_>>()?;
    paired_break_even(&points).map(BreakEven::calls)
}

impl Cell {
    /// The time of `id`, if the run measured it on its own.
    pub fn figure(&self, id: BenchId) -> Option<f64> {
        self.figures.iter().find(|m| m.id == id).map(|m| m.mean)
    }

    /// A break-even cell's crossing where the next run's lands: from the ends of its
    /// ratios' intervals (the higher ratios cross sooner). `None` unless every stated
    /// ratio has an interval (measured paired).
    pub fn crossing_interval(&self) -> Option<(f64, f64)> {
        let at = |end: fn((f64, f64)) -> f64| {
            crossing(self.stated.iter().map(|s| Some((calls_of(s.numerator)?, end(s.interval?)))))
        };
        Some((at(|(_, upper)| upper)?, at(|(lower, _)| lower)?))
    }

    /// The ratios it states, as (numerator, denominator).
    pub fn ratios(&self) -> impl Iterator<Item = (BenchId, BenchId)> + '_ {
        self.stated.iter().map(|s| (s.numerator, s.denominator))
    }

    /// Every id it reads: each stated ratio's two, then the times it quotes besides.
    fn ids(&self) -> Vec<BenchId> {
        let mut ids: Vec<BenchId> = Vec::new();
        let sides = self.stated.iter().flat_map(|s| [s.numerator, s.denominator]);
        for id in self.figures.iter().map(|m| m.id).chain(sides) {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        ids
    }
}

impl Finding {
    /// The cells from the lowest value up: the winner first.
    pub fn ranked(&self) -> Vec<&Cell> {
        let mut cells: Vec<&Cell> = self.cells.iter().collect();
        cells.sort_by(|a, b| a.value.total_cmp(&b.value));
        cells
    }

    /// Whether the answer holds across `runs`: for times, the winner's between-run
    /// interval lies below every other backend's; for ratios, no ratio's interval
    /// crosses 1. `None` when a value has no between-run interval.
    pub fn holds(&self, runs: &Runs) -> Option<bool> {
        match self.question.value_kind() {
            ValueKind::Time => {
                let ranked = self.ranked();
                let (winner, rest) = ranked.split_first()?;
                let best = cell_spread(runs, winner)?;
                let others: Option<Vec<Spread>> = rest.iter().map(|c| cell_spread(runs, c)).collect();
                Some(others?.iter().all(|other| best.upper < other.lower))
            }
            ValueKind::Ratio => {
                let spreads: Option<Vec<Spread>> = self.ratios.iter().map(|&(n, d)| runs.ratio(n, d)).collect();
                Some(spreads?.iter().all(|s| !s.crosses_one()))
            }
            // The runs agree when every pair crosses within the measured calls in all of
            // them, before the first call in all, or in none.
            ValueKind::Calls => {
                let spreads: Option<Vec<Spread>> = self.cells.iter().map(|c| cell_spread(runs, c)).collect();
                let kind = |calls: f64| (calls.is_finite(), calls <= 1.0);
                Some(spreads?.iter().all(|s| kind(s.lower) == kind(s.upper)))
            }
        }
    }
}

const HOST: HostProfile = HostProfile::Release;
const OPT: GuestOpt = GuestOpt::Release;

/// Every answer this run's results allow, in the order the study asks them.
pub fn findings(results: &Results) -> Vec<Finding> {
    let run = Run(results);
    [
        cheapest_call(&run),
        dynamic_call(&run),
        static_buffer(&run),
        hotload(&run),
        handle_caching(&run),
        batching(&run),
        runtimes(&run),
        interpreter(&run),
        host_calls(&run),
        instance_per_request(&run),
        payload_route(&run),
        component_model(&run),
        compile_time(&run),
        cached_artifact(&run),
        break_even(&run),
        interruption(&run),
        async_calls(&run),
        concurrency(&run),
        wasi(&run),
        serverless(&run),
        upgrade(&run),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The results the answers read, at the release host and guest.
struct Run<'a>(&'a Results);

impl Run<'_> {
    fn get(&self, id: impl Into<BenchId>) -> Option<Measured> {
        let id = id.into();
        Some(Measured { id, mean: self.0.get(id)?.mean })
    }

    /// `numerator / denominator`: paired where the run measured it so, else divided
    /// from the two ids measured apart; `None` if the run has neither.
    fn stated(&self, numerator: impl Into<BenchId>, denominator: impl Into<BenchId>) -> Option<Stated> {
        let (numerator, denominator) = (numerator.into(), denominator.into());
        let ratio = self.0.ratio(numerator, denominator)?;
        Some(Stated { numerator, denominator, value: ratio.value, paired: ratio.paired, interval: ratio.interval })
    }

    /// A cell whose value is `numerator / denominator`, quoting the two times where the
    /// run has them.
    fn ratio_cell(
        &self,
        backend: Backend,
        numerator: impl Into<BenchId>,
        denominator: impl Into<BenchId>,
    ) -> Option<Cell> {
        let stated = self.stated(numerator, denominator)?;
        let figures = [stated.numerator, stated.denominator].into_iter().filter_map(|id| self.get(id)).collect();
        Some(Cell {
            backend,
            against: None,
            value: stated.value,
            source: Source::Ratio(stated.numerator, stated.denominator),
            figures,
            case: None,
            stated: vec![stated],
            paired: stated.paired,
        })
    }

    /// `cell` stating `numerator / denominator` too, with its times, if the run has it.
    fn also(&self, mut cell: Cell, numerator: impl Into<BenchId>, denominator: impl Into<BenchId>) -> Cell {
        if let Some(stated) = self.stated(numerator, denominator) {
            for id in [stated.numerator, stated.denominator] {
                if let Some(measured) = self.get(id).filter(|_| cell.figure(id).is_none()) {
                    cell.figures.push(measured);
                }
            }
            cell.stated.push(stated);
        }
        cell
    }

    fn micro(&self, backend: Backend, case: MicroCase) -> MicroId {
        micro_on(EngineId::plain(backend), case)
    }

    fn simulator(&self, backend: Backend, case: SimCase) -> SimulatorId {
        simulator_on(EngineId::plain(backend), case)
    }

    fn hostcall(&self, backend: Backend, case: HostCallCase) -> HostCallId {
        HostCallId::new(HostCallGroup { host: HOST, engine: EngineId::plain(backend), opt: OPT }, case)
    }

    /// The multiply guest: a request's own work is one call, so the instance is the cost.
    fn lifecycle(&self, backend: Backend, strategy: Strategy) -> LifecycleId {
        let group = LifecycleGroup { host: HOST, backend, opt: OPT, handler: Handler::Multiply };
        LifecycleId::new(group, strategy)
    }

    /// The simulator guest: the larger of the paper's two.
    fn compile(&self, backend: Backend, phase: Phase) -> CompileId {
        let case = CompileCase { phase, guest: CompileGuest::Simulator, opt: OPT };
        CompileId::new(CompileGroup { host: HOST, backend }, case)
    }
}

fn micro_on(engine: EngineId, case: MicroCase) -> MicroId {
    MicroId::new(MicroGroup { host: HOST, engine, opt: OPT }, case)
}

fn simulator_on(engine: EngineId, case: SimCase) -> SimulatorId {
    SimulatorId::new(SimulatorGroup { host: HOST, policy: PolicyKind::Lru, engine, opt: OPT }, case)
}

impl Cell {
    /// A cell whose value is one time.
    fn time(backend: Backend, figure: Measured) -> Cell {
        Cell {
            backend,
            against: None,
            value: figure.mean,
            source: Source::Figure(figure.id),
            figures: vec![figure],
            case: None,
            stated: Vec::new(),
            paired: false,
        }
    }
}

/// The answer from the cells that exist; none, no answer.
fn finding(question: Question, cells: impl IntoIterator<Item = Option<Cell>>) -> Option<Finding> {
    let cells: Vec<Cell> = cells.into_iter().flatten().collect();
    if cells.is_empty() {
        return None;
    }
    Some(Finding {
        question,
        ids: cells.iter().flat_map(Cell::ids).collect(),
        ratios: cells.iter().flat_map(Cell::ratios).collect(),
        cells,
    })
}

/// A cell per backend that has its results, at its current release (a previous
/// release answers only the upgrade).
fn per_backend(question: Question, cell: impl Fn(Backend) -> Option<Cell>) -> Option<Finding> {
    finding(question, Backend::ALL.into_iter().filter(|b| b.at_current_release() == *b).map(cell))
}

const PAIR_TYPED: MicroConfig = MicroConfig::CACHED_TYPED_PAIR;

fn cheapest_call(run: &Run) -> Option<Finding> {
    let candidates: Vec<MicroCase> = MicroConfig::all()
        .into_iter()
        .filter(|c| c.lookup == Lookup::Cached && c.call == CallStyle::Typed && !c.srs)
        .map(MicroCase::Hand)
        .chain([MicroCase::Component(COMPONENT_TYPED)])
        .collect();
    per_backend(Question::CheapestCall, |backend| {
        let (case, best) = candidates
            .iter()
            .filter_map(|&case| Some((case, run.get(run.micro(backend, case))?)))
            .min_by(|a, b| a.1.mean.total_cmp(&b.1.mean))?;
        Some(Cell { case: Some(case), ..Cell::time(backend, best) })
    })
}

/// A ratio of two micro configurations per backend.
fn micro_ratio(run: &Run, question: Question, numerator: MicroCase, denominator: MicroCase) -> Option<Finding> {
    per_backend(question, |backend| {
        run.ratio_cell(backend, run.micro(backend, numerator), run.micro(backend, denominator))
    })
}

fn dynamic_call(run: &Run) -> Option<Finding> {
    micro_ratio(run, Question::DynamicCall, MicroCase::Hand(PAPER_DYNAMIC), MicroCase::Hand(PAIR_TYPED))
}

fn static_buffer(run: &Run) -> Option<Finding> {
    micro_ratio(run, Question::StaticBuffer, MicroCase::Hand(STATIC_BYTEMUCK), MicroCase::Hand(PAIR_TYPED))
}

fn hotload(run: &Run) -> Option<Finding> {
    micro_ratio(run, Question::Hotload, MicroCase::Hand(PAPER_HOTLOAD), MicroCase::Hand(PAPER_DYNAMIC))
}

fn handle_caching(run: &Run) -> Option<Finding> {
    micro_ratio(run, Question::HandleCaching, MicroCase::Hand(PAIR_TYPED), MicroCase::Hand(BY_NAME))
}

fn batching(run: &Run) -> Option<Finding> {
    per_backend(Question::Batching, |backend| {
        let native = run.simulator(backend, SimCase::NATIVE);
        let cell = run.ratio_cell(backend, run.simulator(backend, SimCase::Hand(BATCH)), native)?;
        // The batched slowdown is the value; the per-request one what it is set against.
        Some(run.also(cell, run.simulator(backend, SimCase::Hand(PER_REQUEST)), native))
    })
}

fn runtimes(run: &Run) -> Option<Finding> {
    let cells = PAIRS.map(|(wasmer, wasmtime, _)| {
        let typed = |backend| run.micro(backend, MicroCase::Hand(PAIR_TYPED));
        let cell = run.ratio_cell(wasmtime, typed(wasmtime), typed(wasmer))?;
        Some(Cell { against: Some(wasmer), ..cell })
    });
    finding(Question::Runtimes, cells)
}

/// Which interpreter: each interpreter's typed Pair call over a JIT's (the first of
/// `JIT_REFERENCES` the run has), then the simulator's batch over native, a host call
/// over native and a fresh instance over a kept one, each on the interpreter itself,
/// and for the others than wasmi, the typed call, the batch and the host call over
/// wasmi's.
fn interpreter(run: &Run) -> Option<Finding> {
    let typed = |backend| run.micro(backend, MicroCase::Hand(PAIR_TYPED));
    per_backend(Question::Interpreter, |backend| {
        if !backend.interprets() {
            return None;
        }
        let cell = JIT_REFERENCES.iter().find_map(|&jit| {
            let cell = run.ratio_cell(backend, typed(backend), typed(jit))?;
            Some(Cell { against: Some(jit), ..cell })
        })?;
        let native = run.simulator(backend, SimCase::NATIVE);
        let cell = run.also(cell, run.simulator(backend, SimCase::Hand(BATCH)), native);
        let wasm = run.hostcall(backend, HostCallCase::Wasm(HostCall::Nop, HostFnStyle::Typed));
        let cell = run.also(cell, wasm, run.hostcall(backend, HostCallCase::Native(HostCall::Nop)));
        let mut cell = run.also(
            cell,
            run.lifecycle(backend, Strategy::NewInstance),
            run.lifecycle(backend, Strategy::ReuseInstance),
        );
        // Set against the other interpreter an embedder weighs it with: the typed call,
        // the simulator's batch and the typed host call over wasmi's, paired.
        let reference = INTERPRETER_REFERENCE;
        if backend != reference {
            let nop = HostCallCase::Wasm(HostCall::Nop, HostFnStyle::Typed);
            cell = run.also(cell, typed(backend), typed(reference));
            cell = run.also(
                cell,
                run.simulator(backend, SimCase::Hand(BATCH)),
                run.simulator(reference, SimCase::Hand(BATCH)),
            );
            cell = run.also(cell, run.hostcall(backend, nop), run.hostcall(reference, nop));
        }
        Some(cell)
    })
}

fn host_calls(run: &Run) -> Option<Finding> {
    per_backend(Question::HostCalls, |backend| {
        let wasm = run.hostcall(backend, HostCallCase::Wasm(HostCall::Nop, HostFnStyle::Typed));
        run.ratio_cell(backend, wasm, run.hostcall(backend, HostCallCase::Native(HostCall::Nop)))
    })
}

fn instance_per_request(run: &Run) -> Option<Finding> {
    per_backend(Question::InstancePerRequest, |backend| {
        let fresh = run.lifecycle(backend, Strategy::NewInstance);
        let cell = run.ratio_cell(backend, fresh, run.lifecycle(backend, Strategy::ReuseInstance))?;
        Some(run.also(cell, run.lifecycle(backend, Strategy::Pooling), fresh))
    })
}

/// A megabyte into the guest through its raw-bytes route over a plain memcpy of it.
fn payload_route(run: &Run) -> Option<Finding> {
    per_backend(Question::Payload, |backend| {
        let payload = |route| {
            PayloadId::new(PayloadGroup { host: HOST, direction: Direction::ToGuest, bytes: PAYLOAD_BYTES }, route)
        };
        run.ratio_cell(backend, payload(PayloadRoute::Wasm(backend, PayloadAbi::Raw)), payload(PayloadRoute::Memcpy))
    })
}

fn component_model(run: &Run) -> Option<Finding> {
    micro_ratio(run, Question::ComponentModel, MicroCase::Component(COMPONENT_TYPED), MicroCase::Hand(PAIR_TYPED))
}

fn compile_time(run: &Run) -> Option<Finding> {
    per_backend(Question::CompileTime, |backend| {
        Some(Cell::time(backend, run.get(run.compile(backend, Phase::Compile))?))
    })
}

fn cached_artifact(run: &Run) -> Option<Finding> {
    per_backend(Question::CachedArtifact, |backend| {
        run.ratio_cell(backend, run.compile(backend, Phase::Deserialize), run.compile(backend, Phase::Compile))
    })
}

/// After how many requests a backend that runs faster has paid for starting slower: per
/// break-even pair, in the faster runner's column, where the sooner start's total over
/// the faster runner's crosses 1 (the simulator from its bytes to its N-th answer, at
/// every N the `coldstart` target measures; paired in the `ratio` target).
fn break_even(run: &Run) -> Option<Finding> {
    let start = |backend, calls| crate::ratios::cold_start(HOST, backend, calls);
    let cells = BREAK_EVEN_PAIRS.map(|(sooner, faster)| {
        let stated: Vec<Stated> = ColdCase::CALLS
            .iter()
            .map(|&calls| run.stated(start(sooner, calls), start(faster, calls)))
            .collect::<Option<_>>()?;
        let value = crossing(stated.iter().map(|s| Some((calls_of(s.numerator)?, s.value))))?;
        let figures = stated.iter().flat_map(|s| [s.numerator, s.denominator]).filter_map(|id| run.get(id)).collect();
        Some(Cell {
            backend: faster,
            against: Some(sooner),
            value,
            source: Source::Crossing,
            figures,
            case: None,
            paired: stated.iter().all(|s| s.paired),
            stated,
        })
    });
    finding(Question::BreakEven, cells)
}

/// What stopping a runaway script costs on the simulator's batch: an epoch deadline over
/// no limit (Wasmtime), with fuel over no limit beside it where the run has it.
fn interruption(run: &Run) -> Option<Finding> {
    per_backend(Question::Interruption, |backend| {
        let plain = EngineId::plain(backend);
        let on = |metering| simulator_on(EngineId { metering, ..plain }, SimCase::Hand(BATCH));
        let cell = run.ratio_cell(backend, on(Metering::Epoch), on(Metering::None))?;
        Some(run.also(cell, on(Metering::Fuel), on(Metering::None)))
    })
}

/// What calling async costs: the typed Pair call through `call_async` over the same call
/// made synchronously (Wasmtime).
fn async_calls(run: &Run) -> Option<Finding> {
    per_backend(Question::AsyncCalls, |backend| {
        let plain = EngineId::plain(backend);
        let typed = MicroCase::Hand(PAIR_TYPED);
        run.ratio_cell(backend, micro_on(EngineId { calls: CallMode::Async, ..plain }, typed), micro_on(plain, typed))
    })
}

/// What Wasmtime's concurrency support costs where the build compiles it in (the
/// `wasi` build): the component call with the support on (the default) over the same
/// call with it off; then, with it off, the component call over the typed core call,
/// and the typed core call with it on over off.
fn concurrency(run: &Run) -> Option<Finding> {
    per_backend(Question::Concurrency, |backend| {
        let (plain, off) = (EngineId::plain(backend), EngineId::without_concurrency(backend)?);
        let (component, typed) = (MicroCase::Component(COMPONENT_TYPED), MicroCase::Hand(PAIR_TYPED));
        let cell = run.ratio_cell(backend, micro_on(plain, component), micro_on(off, component))?;
        let cell = run.also(cell, micro_on(off, component), micro_on(off, typed));
        Some(run.also(cell, micro_on(plain, typed), micro_on(off, typed)))
    })
}

/// What WASI costs: each WASI Preview 1 call (clock, 16-byte random fill, 64-byte line to
/// stdout) over the same work through the suite's own typed host function; the clock's
/// is the cell's value.
fn wasi(run: &Run) -> Option<Finding> {
    per_backend(Question::Wasi, |backend| {
        let id = |op, route| WasiId::new(WasiGroup { host: HOST, backend, opt: OPT }, WasiCase::Guest(op, route));
        let mut cell = run.ratio_cell(backend, id(IoOp::Clock, IoRoute::Wasi), id(IoOp::Clock, IoRoute::HostFn))?;
        for op in [IoOp::Random, IoOp::Stdout] {
            cell = run.also(cell, id(op, IoRoute::Wasi), id(op, IoRoute::HostFn));
        }
        Some(cell)
    })
}

/// What the upgrade changed (`--features previous`): per backend at two releases, in the
/// current release's column, the typed Pair call at the current release over the
/// previous one's; then the same for the dynamic call, the batch, the host call, a fresh
/// instance and a cold start (the ratios `ratios::releases` measures, in its order).
fn upgrade(run: &Run) -> Option<Finding> {
    let cells = Backend::RELEASES.map(|(previous, current)| {
        let mut ratios = crate::ratios::releases(HOST, &[previous, current]).into_iter();
        let first = ratios.next()?;
        let cell = run.ratio_cell(current, first.subject, first.reference)?;
        let cell = ratios.fold(cell, |cell, ratio| run.also(cell, ratio.subject, ratio.reference));
        Some(Cell { against: Some(previous), ..cell })
    });
    finding(Question::Upgrade, cells)
}

/// The serverless request (`--features wasi`): a wasi:http proxy's request on pooled
/// instances, as `wasmtime serve` makes them, over the same work on a pooled instance
/// called through the suite's hand ABI.
fn serverless(run: &Run) -> Option<Finding> {
    per_backend(Question::Serverless, |backend| {
        let proxy = ServeId::new(ServeGroup { host: HOST, backend, opt: OPT }, ServeCase::Proxy(ProxyConfig::POOLING));
        let group = LifecycleGroup { host: HOST, backend, opt: OPT, handler: Handler::Simulator };
        run.ratio_cell(backend, proxy, LifecycleId::new(group, Strategy::Pooling))
    })
}
