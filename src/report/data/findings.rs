//! "Answers at a glance" as data: the study's questions answered from the run's own
//! results, per backend (or per pair of backends), each with the ids its figures come
//! from and the ratios it states, so a renderer can write the answer, its table row and
//! its check-a-figure sentence, and a merged report can add between-run intervals.
//!
//! All answers are for what an embedder ships: a release host calling release guests
//! (and LRU in the simulator). A backend is answered for only when it has every result
//! its cell needs; a question with no such backend is left out, never guessed.

use super::pairs::PAIRS;
use super::results::Results;
use super::runs::Runs;
use super::spread::Spread;
use crate::experiments::hostcall::HostCall;
use crate::experiments::lifecycle::{Handler, Strategy};
use crate::experiments::micro::MicroConfig;
use crate::experiments::sim::PolicyKind;
use crate::ids::{
    BenchId, CallMode, CallStyle, CompileCase, CompileGroup, CompileGuest, CompileId, EngineId, GuestOpt, HostCallCase,
    HostCallGroup, HostCallId, HostProfile, LifecycleGroup, LifecycleId, Lookup, Metering, MicroCase, MicroGroup,
    MicroId, Phase, SimCase, SimulatorGroup, SimulatorId, WasiCase, WasiGroup, WasiId,
};
use crate::ratios::{BATCH, BY_NAME, COMPONENT_TYPED, PAPER_DYNAMIC, PER_REQUEST};
use crate::runtime::wasi::{IoOp, IoRoute};
use crate::runtime::{Backend, HostFnStyle};

/// The questions, in the order the study asks them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Question {
    CheapestCall,
    DynamicCall,
    HandleCaching,
    Batching,
    Runtimes,
    HostCalls,
    InstancePerRequest,
    ComponentModel,
    CompileTime,
    CachedArtifact,
    Interruption,
    AsyncCalls,
    Wasi,
}

impl Question {
    /// Whether a cell's value is a time (ns; the backends are ranked by it) or a ratio
    /// (each backend's own; which side of 1 it falls on is the answer).
    pub fn value_kind(self) -> ValueKind {
        match self {
            Question::CheapestCall | Question::HostCalls | Question::CompileTime => ValueKind::Time,
            _ => ValueKind::Ratio,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    Time,
    Ratio,
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
    /// What the answer ranks or judges: a time in ns or a ratio.
    pub value: f64,
    /// Where the value comes from, to find its between-run interval.
    pub source: Source,
    /// The results the cell reads, in the order its sentence names them.
    pub figures: Vec<Measured>,
    /// The configuration a cell picked (the cheapest call's winner), if any.
    pub case: Option<MicroCase>,
    pub ratios: Vec<(BenchId, BenchId)>,
    /// Whether `value` is a ratio measured paired (both sides in the same seconds)
    /// rather than divided from two ids measured apart.
    pub paired: bool,
}

/// Where a cell's value comes from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Source {
    Figure(BenchId),
    Ratio(BenchId, BenchId),
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
    }
}

impl Finding {
    /// The ratio cells' values from the run's paired ids where it has them: a ratio
    /// measured with both sides interleaved is the better figure of the two.
    fn with_paired_values(mut self, results: &Results) -> Finding {
        for cell in &mut self.cells {
            if let Source::Ratio(numerator, denominator) = cell.source
                && let Some(paired) = results.paired(numerator, denominator)
            {
                cell.value = paired;
                cell.paired = true;
            }
        }
        self
    }

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
        handle_caching(&run),
        batching(&run),
        runtimes(&run),
        host_calls(&run),
        instance_per_request(&run),
        component_model(&run),
        compile_time(&run),
        cached_artifact(&run),
        interruption(&run),
        async_calls(&run),
        wasi(&run),
    ]
    .into_iter()
    .flatten()
    .map(|finding| finding.with_paired_values(results))
    .collect()
}

/// The results the answers read, at the release host and guest.
struct Run<'a>(&'a Results);

impl Run<'_> {
    fn get(&self, id: impl Into<BenchId>) -> Option<Measured> {
        let id = id.into();
        Some(Measured { id, mean: self.0.get(id)?.mean })
    }

    fn micro(&self, backend: Backend, case: MicroCase) -> Option<Measured> {
        self.micro_on(EngineId::plain(backend), case)
    }

    fn micro_on(&self, engine: EngineId, case: MicroCase) -> Option<Measured> {
        self.get(MicroId::new(MicroGroup { host: HOST, engine, opt: OPT }, case))
    }

    fn simulator(&self, backend: Backend, case: SimCase) -> Option<Measured> {
        self.simulator_on(EngineId::plain(backend), case)
    }

    fn simulator_on(&self, engine: EngineId, case: SimCase) -> Option<Measured> {
        self.get(SimulatorId::new(SimulatorGroup { host: HOST, policy: PolicyKind::Lru, engine, opt: OPT }, case))
    }

    fn hostcall(&self, backend: Backend, case: HostCallCase) -> Option<Measured> {
        self.get(HostCallId::new(HostCallGroup { host: HOST, engine: EngineId::plain(backend), opt: OPT }, case))
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

impl Cell {
    /// A cell whose value is `numerator / denominator`, reading `others` besides.
    fn ratio(backend: Backend, numerator: Measured, denominator: Measured, others: &[Measured]) -> Cell {
        let figures = [numerator, denominator].into_iter().chain(others.iter().copied()).collect();
        Cell {
            backend,
            against: None,
            value: numerator.mean / denominator.mean,
            source: Source::Ratio(numerator.id, denominator.id),
            figures,
            case: None,
            ratios: vec![(numerator.id, denominator.id)],
            paired: false,
        }
    }

    /// A cell whose value is one time.
    fn time(backend: Backend, figure: Measured, others: &[Measured]) -> Cell {
        Cell {
            backend,
            against: None,
            value: figure.mean,
            source: Source::Figure(figure.id),
            figures: std::iter::once(figure).chain(others.iter().copied()).collect(),
            case: None,
            ratios: Vec::new(),
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
        ids: cells.iter().flat_map(|c| c.figures.iter().map(|m| m.id)).collect(),
        ratios: cells.iter().flat_map(|c| c.ratios.iter().copied()).collect(),
        cells,
    })
}

/// A cell per backend that has its results.
fn per_backend(question: Question, cell: impl Fn(Backend) -> Option<Cell>) -> Option<Finding> {
    finding(question, Backend::ALL.map(cell))
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
            .filter_map(|&case| Some((case, run.micro(backend, case)?)))
            .min_by(|a, b| a.1.mean.total_cmp(&b.1.mean))?;
        Some(Cell { case: Some(case), ..Cell::time(backend, best, &[]) })
    })
}

fn dynamic_call(run: &Run) -> Option<Finding> {
    per_backend(Question::DynamicCall, |backend| {
        let dynamic = run.micro(backend, MicroCase::Hand(PAPER_DYNAMIC))?;
        let typed = run.micro(backend, MicroCase::Hand(PAIR_TYPED))?;
        Some(Cell::ratio(backend, dynamic, typed, &[]))
    })
}

fn handle_caching(run: &Run) -> Option<Finding> {
    per_backend(Question::HandleCaching, |backend| {
        let cached = run.micro(backend, MicroCase::Hand(PAIR_TYPED))?;
        let uncached = run.micro(backend, MicroCase::Hand(BY_NAME))?;
        Some(Cell::ratio(backend, cached, uncached, &[]))
    })
}

fn batching(run: &Run) -> Option<Finding> {
    per_backend(Question::Batching, |backend| {
        let native = run.simulator(backend, SimCase::NATIVE)?;
        let single = run.simulator(backend, SimCase::Hand(PER_REQUEST))?;
        let batch = run.simulator(backend, SimCase::Hand(BATCH))?;
        // The value is the batched slowdown; the per-request one is what it is set against.
        let mut cell = Cell::ratio(backend, batch, native, &[]);
        cell.figures = vec![single, batch, native];
        cell.ratios = vec![(single.id, native.id), (batch.id, native.id)];
        Some(cell)
    })
}

fn runtimes(run: &Run) -> Option<Finding> {
    let cells = PAIRS.map(|(wasmer, wasmtime, _)| {
        let a = run.micro(wasmer, MicroCase::Hand(PAIR_TYPED))?;
        let b = run.micro(wasmtime, MicroCase::Hand(PAIR_TYPED))?;
        Some(Cell { against: Some(wasmer), ..Cell::ratio(wasmtime, b, a, &[]) })
    });
    finding(Question::Runtimes, cells)
}

fn host_calls(run: &Run) -> Option<Finding> {
    per_backend(Question::HostCalls, |backend| {
        let wasm = run.hostcall(backend, HostCallCase::Wasm(HostCall::Nop, HostFnStyle::Typed))?;
        let native = run.hostcall(backend, HostCallCase::Native(HostCall::Nop))?;
        Some(Cell { ratios: vec![(wasm.id, native.id)], ..Cell::time(backend, wasm, &[native]) })
    })
}

fn instance_per_request(run: &Run) -> Option<Finding> {
    per_backend(Question::InstancePerRequest, |backend| {
        let fresh = run.lifecycle(backend, Strategy::NewInstance)?;
        let kept = run.lifecycle(backend, Strategy::ReuseInstance)?;
        let mut cell = Cell::ratio(backend, fresh, kept, &[]);
        if let Some(pooled) = run.lifecycle(backend, Strategy::Pooling) {
            cell.figures.push(pooled);
            cell.ratios.push((pooled.id, kept.id));
        }
        Some(cell)
    })
}

fn component_model(run: &Run) -> Option<Finding> {
    per_backend(Question::ComponentModel, |backend| {
        let component = run.micro(backend, MicroCase::Component(COMPONENT_TYPED))?;
        let pair = run.micro(backend, MicroCase::Hand(PAIR_TYPED))?;
        Some(Cell::ratio(backend, component, pair, &[]))
    })
}

fn compile_time(run: &Run) -> Option<Finding> {
    per_backend(Question::CompileTime, |backend| Some(Cell::time(backend, run.compile(backend, Phase::Compile)?, &[])))
}

fn cached_artifact(run: &Run) -> Option<Finding> {
    per_backend(Question::CachedArtifact, |backend| {
        let load = run.compile(backend, Phase::Deserialize)?;
        let compile = run.compile(backend, Phase::Compile)?;
        Some(Cell::ratio(backend, load, compile, &[]))
    })
}

/// What stopping a runaway script costs on the simulator's batch: an epoch deadline over
/// no limit (Wasmtime), with fuel over no limit beside it where the run has it.
fn interruption(run: &Run) -> Option<Finding> {
    per_backend(Question::Interruption, |backend| {
        let plain = EngineId::plain(backend);
        let on = |metering| run.simulator_on(EngineId { metering, ..plain }, SimCase::Hand(BATCH));
        let (epoch, none) = (on(Metering::Epoch)?, on(Metering::None)?);
        let mut cell = Cell::ratio(backend, epoch, none, &[]);
        if let Some(fuel) = on(Metering::Fuel) {
            cell.figures.push(fuel);
            cell.ratios.push((fuel.id, none.id));
        }
        Some(cell)
    })
}

/// What calling async costs: the typed Pair call through `call_async` over the same call
/// made synchronously (Wasmtime).
fn async_calls(run: &Run) -> Option<Finding> {
    per_backend(Question::AsyncCalls, |backend| {
        let plain = EngineId::plain(backend);
        let typed = MicroCase::Hand(PAIR_TYPED);
        let called_async = run.micro_on(EngineId { calls: CallMode::Async, ..plain }, typed)?;
        Some(Cell::ratio(backend, called_async, run.micro_on(plain, typed)?, &[]))
    })
}

/// What WASI costs: each WASI Preview 1 call (clock, 16-byte random fill, 64-byte line to
/// stdout) over the same work through the suite's own typed host function; the clock's
/// is the cell's value.
fn wasi(run: &Run) -> Option<Finding> {
    per_backend(Question::Wasi, |backend| {
        let get =
            |op, route| run.get(WasiId::new(WasiGroup { host: HOST, backend, opt: OPT }, WasiCase::Guest(op, route)));
        let (wasi, hostfn) = (get(IoOp::Clock, IoRoute::Wasi)?, get(IoOp::Clock, IoRoute::HostFn)?);
        let mut cell = Cell::ratio(backend, wasi, hostfn, &[]);
        for op in [IoOp::Random, IoOp::Stdout] {
            if let (Some(wasi), Some(hostfn)) = (get(op, IoRoute::Wasi), get(op, IoRoute::HostFn)) {
                cell.figures.extend([wasi, hostfn]);
                cell.ratios.push((wasi.id, hostfn.id));
            }
        }
        Some(cell)
    })
}
