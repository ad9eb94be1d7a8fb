//! Several runs of one environment merged: the baselines `NAME-1` .. `NAME-N` that
//! `examples/repeat` saves, each a separate process.
//!
//! Per id, the merged estimate is the median of the runs' means with the between-run
//! interval ([`Spread`]), so every table and chart of the report shows medians over runs
//! without knowing it. A ratio is computed inside each run first (both ids measured in
//! the same process), then summarised: drift between processes cancels out of a
//! ratio where it moves both ids alike, and shows where it does not.

use std::collections::BTreeMap;
use std::path::Path;

use super::pairs::PAIRS;
use super::results::{Estimate, Results};
use super::spread::Spread;
use crate::experiments::hostcall::HostCall;
use crate::experiments::lifecycle::{Handler, Strategy};
use crate::experiments::micro::MicroConfig;
use crate::experiments::payload::{Direction, PayloadAbi};
use crate::experiments::sim::PolicyKind;
use crate::ids::{
    BenchId, EngineId, GuestOpt, HostCallCase, HostCallGroup, HostCallId, HostProfile, LifecycleGroup, LifecycleId,
    MicroCase, MicroGroup, MicroId, PayloadGroup, PayloadId, PayloadRoute, SentinelCase, SentinelGroup, SentinelId,
    SimCase, SimulatorGroup, SimulatorId,
};
use crate::ratios::{BATCH, COMPONENT_TYPED, PAPER_DYNAMIC, PAPER_HOTLOAD, PER_REQUEST, STATIC_BYTEMUCK};
use crate::runtime::{Backend, HostFnStyle};
use crate::{Error, Result};

/// The runs of one repeated measurement, in run order.
pub struct Runs {
    pub name: String,
    pub runs: Vec<Results>,
}

impl Runs {
    /// Baselines `name-1`, `name-2`, ... in `criterion_dir`, up to the first missing.
    pub fn load(criterion_dir: &Path, name: &str) -> Result<Runs> {
        let mut runs = Vec::new();
        loop {
            let baseline = format!("{name}-{}", runs.len() + 1);
            match Results::load(criterion_dir, &baseline) {
                Ok(results) => runs.push(results),
                Err(_) if !runs.is_empty() => break,
                Err(_) => {
                    return Err(Error::Report {
                        message: format!(
                            "no run `{baseline}` to merge in {}: make the runs with \
                             `cargo run --release --example repeat -- --name {name}`",
                            criterion_dir.display()
                        ),
                    });
                }
            }
        }
        Ok(Runs { name: name.to_owned(), runs })
    }

    /// One set of results: per id, the median of the runs' means, with the between-run
    /// interval as its bounds and that interval's confidence as its level.
    pub fn merged(&self) -> Results {
        let mut means: BTreeMap<&str, (Vec<f64>, Estimate)> = BTreeMap::new();
        for run in &self.runs {
            for (id, estimate) in &run.estimates {
                means.entry(id).or_insert_with(|| (Vec::new(), *estimate)).0.push(estimate.mean);
            }
        }
        let estimates = means
            .into_iter()
            .filter_map(|(id, (values, first))| {
                let spread = Spread::of(&values)?;
                let estimate = Estimate {
                    mean: spread.median,
                    lower: spread.lower,
                    upper: spread.upper,
                    confidence_level: spread.confidence,
                    placements: None,
                    throughput: first.throughput,
                };
                Some((id.to_owned(), estimate))
            })
            .collect();
        let label = format!("{}-1..{} (median of {} runs)", self.name, self.runs.len(), self.runs.len());
        let merged = Results::new(&label, estimates);
        // Every run wrote its ids to the same folders; any run's are the merged ones'.
        match self.runs.first().and_then(Results::criterion_dir) {
            Some(dir) => {
                let directories = self.runs.iter().flat_map(|run| run.directories().clone()).collect();
                merged.with_directories(dir, directories)
            }
            None => merged,
        }
    }

    /// `numerator / denominator` inside each run that has it, over the runs: paired
    /// where a run measured it so, else divided from the two ids' means.
    pub fn ratio(&self, numerator: BenchId, denominator: BenchId) -> Option<Spread> {
        let values: Vec<f64> =
            self.runs.iter().filter_map(|run| Some(run.ratio(numerator, denominator)?.value)).collect();
        Spread::of(&values)
    }

    /// The ratio measured paired in each run that has it, over the runs.
    pub fn paired_ratio(&self, numerator: BenchId, denominator: BenchId) -> Option<Spread> {
        Spread::of(&self.runs.iter().filter_map(|run| run.paired(numerator, denominator)).collect::<Vec<_>>())
    }

    /// The ratio divided from the two ids measured apart in each run that has both.
    pub fn divided_ratio(&self, numerator: BenchId, denominator: BenchId) -> Option<Spread> {
        Spread::of(&self.runs.iter().filter_map(|run| run.divided(numerator, denominator)).collect::<Vec<_>>())
    }

    /// One id's mean over the runs.
    pub fn figure(&self, id: BenchId) -> Option<Spread> {
        Spread::of(&self.runs.iter().filter_map(|run| Some(run.get(id)?.mean)).collect::<Vec<_>>())
    }
}

/// A ratio the study's answers rest on, named for the tables.
pub struct Headline {
    pub name: String,
    pub numerator: BenchId,
    pub denominator: BenchId,
}

const HOST: HostProfile = HostProfile::Release;
const OPT: GuestOpt = GuestOpt::Release;

fn micro(backend: Backend, case: MicroCase) -> BenchId {
    MicroId::new(MicroGroup { host: HOST, engine: EngineId::plain(backend), opt: OPT }, case).into()
}

/// A variant of the cached typed Pair call.
/// The headline ratios, for every backend (or pair of backends) the results hold.
pub fn headlines(results: &Results) -> Vec<Headline> {
    let pair_typed = MicroCase::Hand(MicroConfig::CACHED_TYPED_PAIR);
    let preload = MicroCase::Hand(PAPER_DYNAMIC);
    let hotload = MicroCase::Hand(PAPER_HOTLOAD);
    let bytemuck = MicroCase::Hand(STATIC_BYTEMUCK);
    let component = MicroCase::Component(COMPONENT_TYPED);
    let simulator = |backend, case| -> BenchId {
        let engine = EngineId::plain(backend);
        SimulatorId::new(SimulatorGroup { host: HOST, policy: PolicyKind::Lru, engine, opt: OPT }, case).into()
    };
    let batch = SimCase::Hand(BATCH);
    let mut headlines = Vec::new();
    let mut add = |name: String, numerator: BenchId, denominator: BenchId| {
        if results.ratio(numerator, denominator).is_some() {
            headlines.push(Headline { name, numerator, denominator });
        }
    };
    for backend in Backend::ALL {
        let on = |case| micro(backend, case);
        add(format!("dynamic / typed call (Pair), {backend}"), on(preload), on(pair_typed));
        add(format!("static Bytemuck / Pair (typed), {backend}"), on(bytemuck), on(pair_typed));
        add(format!("hotload / preload (Pair, dynamic), {backend}"), on(hotload), on(preload));
        add(format!("component / typed Pair, {backend}"), on(component), on(pair_typed));
        add(format!("typed Pair call / native multiply, {backend}"), on(pair_typed), on(MicroCase::Native));
        let sim = |case| simulator(backend, case);
        add(format!("batch / native (simulator, LRU), {backend}"), sim(batch), sim(SimCase::NATIVE));
        let per_request = SimCase::Hand(PER_REQUEST);
        add(
            format!("typed Pair per request / native (simulator, LRU), {backend}"),
            sim(per_request),
            sim(SimCase::NATIVE),
        );
        let host_call = |case| -> BenchId {
            HostCallId::new(HostCallGroup { host: HOST, engine: EngineId::plain(backend), opt: OPT }, case).into()
        };
        let (nop_typed, nop_native) =
            (HostCallCase::Wasm(HostCall::Nop, HostFnStyle::Typed), HostCallCase::Native(HostCall::Nop));
        add(format!("typed host call / native call (nop), {backend}"), host_call(nop_typed), host_call(nop_native));
        let payload = |route| -> BenchId {
            PayloadId::new(PayloadGroup { host: HOST, direction: Direction::ToGuest, bytes: 4096 }, route).into()
        };
        let bytemuck_in = PayloadRoute::Wasm(backend, PayloadAbi::Bytemuck);
        add(
            format!("4 KiB Bytemuck into the guest / memcpy, {backend}"),
            payload(bytemuck_in),
            payload(PayloadRoute::Memcpy),
        );
        let lifecycle = |strategy| -> BenchId {
            LifecycleId::new(LifecycleGroup { host: HOST, backend, opt: OPT, handler: Handler::Multiply }, strategy)
                .into()
        };
        let (fresh, kept) = (lifecycle(Strategy::NewInstance), lifecycle(Strategy::ReuseInstance));
        add(format!("new instance / kept instance (multiply), {backend}"), fresh, kept);
        let cold = |calls| -> BenchId { crate::ratios::cold_start(HOST, backend, calls).into() };
        add(format!("simulator from bytes, 1M / 1 requests, {backend}"), cold(1_000_000), cold(1));
    }
    for (wasmer, wasmtime, compiler) in PAIRS {
        let name = format!("Wasmer / Wasmtime typed Pair call ({compiler})");
        add(name, micro(wasmer, pair_typed), micro(wasmtime, pair_typed));
    }
    headlines
}

/// The sentinel's drift in one run: per bench target and reference, end / start.
pub struct Drift {
    pub target: String,
    pub case: SentinelCase,
    pub ratio: f64,
}

/// Every sentinel pair (start and end of one target) in `results`.
pub fn drift(results: &Results) -> Vec<Drift> {
    let mut drifts = Vec::new();
    for id in results.ids_of::<SentinelId>() {
        if id.group.position != crate::ids::Position::Start {
            continue;
        }
        let end = SentinelId::new(SentinelGroup { position: crate::ids::Position::End, ..id.group }, id.case);
        if let (Some(start), Some(end)) = (results.get(id), results.get(end)) {
            drifts.push(Drift { target: id.group.target.to_string(), case: id.case, ratio: end.mean / start.mean });
        }
    }
    drifts
}
