//! Several runs of one environment merged: the baselines `NAME-1` .. `NAME-N` that
//! `examples/repeat` saves, each a separate process.
//!
//! Per id, the merged estimate is the median of the runs' means with the between-run
//! interval ([`Spread`]), so every table and chart of the report shows medians over runs
//! without knowing it. A ratio is computed inside each run first (both ids measured in
//! the same process), then summarised: drift between processes cancels out of a
//! ratio where it moves both ids alike, and shows where it does not.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::path::Path;

use super::figures::duration;
use super::glance::Finding;
use super::runtimes::PAIRS;
use super::spread::Spread;
use super::{Estimate, Results};
use crate::experiments::hostcall::HostCall;
use crate::experiments::lifecycle::{Handler, Strategy};
use crate::experiments::micro::{ComponentCall, MicroConfig};
use crate::experiments::payload::{Direction, PayloadAbi};
use crate::experiments::sim::{PolicyKind, Scenario, SimAbi};
use crate::ids::{
    Abi, BenchId, CallStyle, ColdCase, ColdGuest, ColdSource, ColdStartGroup, ColdStartId, EngineId, GuestOpt,
    HostCallCase, HostCallGroup, HostCallId, HostProfile, LifecycleGroup, LifecycleId, Loading, Lookup, Memory,
    MicroCase, MicroGroup, MicroId, PayloadGroup, PayloadId, PayloadRoute, SentinelCase, SentinelGroup, SentinelId,
    SimCase, SimulatorGroup, SimulatorId,
};
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
                    throughput: first.throughput,
                };
                Some((id.to_owned(), estimate))
            })
            .collect();
        let label = format!("{}-1..{} (median of {} runs)", self.name, self.runs.len(), self.runs.len());
        Results::new(&label, estimates)
    }

    /// `numerator / denominator` inside each run that has both, over the runs.
    pub fn ratio(&self, numerator: BenchId, denominator: BenchId) -> Option<Spread> {
        let values: Vec<f64> =
            self.runs.iter().filter_map(|run| Some(run.get(numerator)?.mean / run.get(denominator)?.mean)).collect();
        Spread::of(&values)
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
fn hand(abi: Abi, memory: Option<Memory>, loading: Option<Loading>, call: CallStyle) -> MicroCase {
    MicroCase::Hand(MicroConfig { abi, memory, loading, call, ..MicroConfig::CACHED_TYPED_PAIR })
}

/// The headline ratios, for every backend (or pair of backends) the results hold.
pub fn headlines(results: &Results) -> Vec<Headline> {
    let pair_typed = MicroCase::Hand(MicroConfig::CACHED_TYPED_PAIR);
    let preload = hand(Abi::Pair, None, Some(Loading::Preload), CallStyle::Dynamic);
    let hotload = hand(Abi::Pair, None, Some(Loading::Hotload), CallStyle::Dynamic);
    let bytemuck = hand(Abi::Bytemuck, Some(Memory::Static), None, CallStyle::Typed);
    let component = MicroCase::Component(ComponentCall { lookup: Lookup::Cached, call: CallStyle::Typed });
    let simulator = |backend, case| -> BenchId {
        let engine = EngineId::plain(backend);
        SimulatorId::new(SimulatorGroup { host: HOST, policy: PolicyKind::Lru, engine, opt: OPT }, case).into()
    };
    let batch = SimCase::Hand(Scenario::Wasm { abi: SimAbi::Batch, lookup: Lookup::Cached, call: CallStyle::Typed });
    let mut headlines = Vec::new();
    let mut add = |name: String, numerator: BenchId, denominator: BenchId| {
        if results.get(numerator).is_some() && results.get(denominator).is_some() {
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
        let per_request =
            SimCase::Hand(Scenario::Wasm { abi: SimAbi::Pair, lookup: Lookup::Cached, call: CallStyle::Typed });
        add(
            format!("typed Pair per request / native (simulator, LRU), {backend}"),
            sim(per_request),
            sim(SimCase::NATIVE),
        );
        let host_call =
            |case| -> BenchId { HostCallId::new(HostCallGroup { host: HOST, backend, opt: OPT }, case).into() };
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
        let cold =
            |case| -> BenchId { ColdStartId::new(ColdStartGroup { host: HOST, backend, opt: OPT }, case).into() };
        let first = |calls| ColdCase::Start { guest: ColdGuest::Simulator, source: ColdSource::Bytes, calls };
        add(format!("simulator from bytes, 1M / 1 requests, {backend}"), cold(first(1_000_000)), cold(first(1)));
    }
    for (wasmer, wasmtime, compiler) in PAIRS {
        let name = format!("Wasmer / Wasmtime typed Pair call ({compiler})");
        add(name, micro(wasmer, pair_typed), micro(wasmtime, pair_typed));
    }
    headlines
}

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

/// `summary.md`'s "Between runs" section: the headline ratios per run and summarised.
pub(super) fn markdown(md: &mut String, runs: &Runs, merged: &Results) -> fmt::Result {
    let n = runs.runs.len();
    writeln!(md, "## Between runs\n")?;
    let names: Vec<&str> = runs.runs.iter().map(|r| r.baseline.as_str()).collect();
    let level = super::spread::interval_confidence(n);
    writeln!(
        md,
        "{n} runs merged ({}), each a separate process measuring in its own order. Every figure in this \
         report is the median over the runs; its interval is the between-run interval of that median \
         ({:.1}% for {n} runs: order statistics, no distribution assumed). Ratios are computed inside each \
         run, then summarised: median [interval], min-max.\n",
        names.join(", "),
        100.0 * level
    )?;
    let headlines = headlines(merged);
    if headlines.is_empty() {
        return writeln!(md, "None of the headline ratios' ids are in these runs.\n");
    }
    let columns: Vec<String> = (1..=n).map(|k| format!("run {k}")).collect();
    writeln!(md, "| ratio | {} | median [interval], min-max | max/min | note |", columns.join(" | "))?;
    writeln!(md, "|---|{}---|---|---|", "---|".repeat(n))?;
    let mut wide = 0;
    let total = headlines.len();
    for headline in headlines {
        let per_run: Vec<String> = runs
            .runs
            .iter()
            .map(|run| match (run.get(headline.numerator), run.get(headline.denominator)) {
                (Some(a), Some(b)) => format!("{:.3}", a.mean / b.mean),
                _ => "-".into(),
            })
            .collect();
        let Some(spread) = runs.ratio(headline.numerator, headline.denominator) else { continue };
        let (text, flag) = describe(&spread);
        if spread.max_over_min() > STEADY_SPREAD {
            wide += 1;
        }
        writeln!(
            md,
            "| {} | {} | {text} | {:.2} | {} |",
            headline.name,
            per_run.join(" | "),
            spread.max_over_min(),
            flag.unwrap_or("")
        )?;
    }
    md.push('\n');
    if wide > 0 {
        // Why: the sentinel shows whether the machine itself changed speed while it
        // measured, which a ratio between ids measured at different moments cannot cancel.
        let drifts: Vec<f64> = runs.runs.iter().flat_map(drift).map(|d| (d.ratio - 1.0).abs()).collect();
        let worst = drifts.iter().copied().fold(0.0, f64::max);
        writeln!(
            md,
            "{wide} of {total} ratios spread more than {:.0}% between runs (max/min above {STEADY_SPREAD:.2}). {}\n",
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
        )?;
    }
    Ok(())
}

/// A ratio whose runs lie within this factor of each other counts as steady.
const STEADY_SPREAD: f64 = 1.10;

/// A finding's between-run figures: each ratio it states, or its one figure.
pub(super) fn finding_note(runs: &Runs, finding: &Finding) -> Option<String> {
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

/// `summary.md`'s drift section: per bench target and reference, each run's end / start,
/// marked where it moved more than the noise threshold.
pub(super) fn drift_markdown(md: &mut String, runs: &[&Results], noise_threshold: f64) -> fmt::Result {
    let per_run: Vec<Vec<Drift>> = runs.iter().map(|r| drift(r)).collect();
    let mut rows: Vec<(String, String)> =
        per_run.iter().flatten().map(|d| (d.target.clone(), d.case.to_string())).collect();
    rows.sort();
    rows.dedup();
    if rows.is_empty() {
        return Ok(());
    }
    writeln!(md, "## Drift during the run\n")?;
    writeln!(
        md,
        "The sentinel (the native multiplication and the cached typed Pair call) is measured at the start and \
         the end of every bench target; end / start shows how far the machine drifted while the target ran. \
         Marked with `!` where it moved more than the profile's noise threshold ({:.0}%).\n",
        100.0 * noise_threshold
    )?;
    let names: Vec<String> = runs.iter().map(|r| format!("`{}`", r.baseline)).collect();
    writeln!(md, "| target | reference | {} |", names.join(" | "))?;
    writeln!(md, "|---|---|{}", "---|".repeat(runs.len()))?;
    for (target, case) in rows {
        let cells: Vec<String> = per_run
            .iter()
            .map(|drifts| match drifts.iter().find(|d| d.target == target && d.case.to_string() == case) {
                Some(d) if (d.ratio - 1.0).abs() > noise_threshold => format!("{:.3} !", d.ratio),
                Some(d) => format!("{:.3}", d.ratio),
                None => "-".into(),
            })
            .collect();
        writeln!(md, "| {target} | {case} | {} |", cells.join(" | "))?;
    }
    md.push('\n');
    Ok(())
}
