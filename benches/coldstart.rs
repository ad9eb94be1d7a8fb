//! Cold start (beyond the paper): from a guest's `.wasm` bytes in memory to its first
//! result, and on to N results, per backend: what a host that loads scripts on demand
//! pays before its first answer, and after how many calls a JIT's compile time has paid
//! for itself against an interpreter's instant start. Measured, not extrapolated: every
//! N is timed from the bytes. Beside them, the phases alone (compile, instantiate, warm
//! calls), from which the report predicts the same totals and checks the two agree.
//!
//! One iteration starts from a fresh engine made outside the timing (a host makes its
//! engine once); what it builds is dropped outside the timing too.
//!
//! Ids (`wasm_script_bench::ids::ColdStartId`):
//! `coldstart/{host}/{backend}[-metered|-epoch]/guest-release/{case}`, cases
//! - `multiply/from-bytes/calls-1`: compile, instantiate, one `multiply` (cached typed Pair);
//! - `simulator/from-bytes/calls-{1,100,10000,1000000}`: compile, instantiate, a fresh LRU
//!   cache, then that many requests of the trace, one cached typed Pair call each;
//! - `{guest}/from-artifact/calls-1`: the same from a JIT cache's artifact (not on wasmi,
//!   which has none);
//! - `simulator/compile`, `simulator/instantiate`, `simulator/warm/calls-10000`: the phases.

mod common;

use criterion::measurement::WallTime;
use criterion::{BatchSize, BenchmarkGroup, SamplingMode};
use wasm_script_bench::ids::{ColdCase, ColdGuest, ColdSource, ColdStartGroup, Experiment};
use wasm_script_bench::runtime::Backend;
use wasm_script_bench::runtime::engine::CompiledGuest;

use common::EngineConfig;
use common::coldstart::{Answer, ColdStart, OPT, Source};

fn main() {
    let mut run = common::Run::start(Experiment::ColdStart);
    let profile = run.profile.clone();
    let trace = profile.workload.trace_source().load().unwrap_or_else(|e| common::fail(e));
    let cold = ColdStart { trace: trace.requests.into(), capacity: profile.workload.cache_size };
    let calls: Vec<u64> = ColdCase::CALLS.into_iter().filter(|&n| n <= cold.trace.len() as u64).collect();
    if calls.len() < ColdCase::CALLS.len() {
        eprintln!(
            "note: coldstart stops at {} calls: the profile's trace has {} requests",
            calls.last().copied().unwrap_or(0),
            cold.trace.len()
        );
    }
    for engine in common::engines(&profile, &[OPT], &profile.metering()) {
        let group_id = ColdStartGroup { host: common::host(), engine: engine.id(), opt: OPT };
        let mut group = run.criterion.benchmark_group(group_id.to_string());
        // An iteration takes microseconds (a first call on wasmi) to seconds (a million
        // requests on an interpreter): flat sampling, the profile's long-run settings.
        group
            .sampling_mode(SamplingMode::Flat)
            .sample_size(profile.criterion.long_sample_size)
            .measurement_time(profile.criterion.long_measurement_time());
        for case in common::run_order(cases(engine.backend, &calls)) {
            bench(&cold, &mut group, engine, case);
        }
        group.finish();
    }
    run.finish();
}

/// Every case `backend` can run, in table order.
fn cases(backend: Backend, calls: &[u64]) -> Vec<ColdCase> {
    let mut cases = Vec::new();
    let sources: Vec<ColdSource> =
        ColdSource::ALL.into_iter().filter(|&s| s == ColdSource::Bytes || backend.caches_artifacts()).collect();
    for &source in &sources {
        cases.push(ColdCase::Start { guest: ColdGuest::Multiply, source, calls: 1 });
    }
    let simulator = ColdGuest::Simulator;
    for &calls in calls {
        cases.push(ColdCase::Start { guest: simulator, source: ColdSource::Bytes, calls });
    }
    if sources.contains(&ColdSource::Artifact) {
        cases.push(ColdCase::Start { guest: simulator, source: ColdSource::Artifact, calls: 1 });
    }
    cases.push(ColdCase::Compile(simulator));
    cases.push(ColdCase::Instantiate(simulator));
    if calls.contains(&ColdCase::WARM_CALLS) {
        cases.push(ColdCase::Warm { guest: simulator, calls: ColdCase::WARM_CALLS });
    }
    cases
}

/// One case on `engine`'s backend and limit, checked once against the native answer.
fn bench(cold: &ColdStart, group: &mut BenchmarkGroup<WallTime>, engine: EngineConfig, case: ColdCase) {
    let (backend, guest) = (engine.backend, case.guest());
    let fresh_engine = || engine.engine();
    let compiled = || engine.compile(guest.module());
    let check = |answer: Answer, calls: u64| {
        let expected = common::or_fail(cold.expected(guest, calls), case);
        if answer != expected {
            common::fail(format!("{backend} {case}: the guest answered {answer:?}, natively {expected:?}"));
        }
    };
    match case {
        ColdCase::Start { source, calls, .. } => {
            let source = match source {
                ColdSource::Bytes => Source::Bytes,
                ColdSource::Artifact => Source::Artifact(common::or_fail(compiled().serialize(), case)),
            };
            // Once, outside the timing: the answer must be the native one.
            check(common::or_fail(cold.start(&fresh_engine(), guest, &source, calls), case).2, calls);
            group.bench_function(case.to_string(), |b| {
                b.iter_batched(
                    fresh_engine,
                    |engine| {
                        let started = common::or_fail(cold.start(&engine, guest, &source, calls), case);
                        (engine, started)
                    },
                    BatchSize::PerIteration,
                )
            });
        }
        ColdCase::Compile(_) => {
            group.bench_function(case.to_string(), |b| {
                b.iter_batched(
                    fresh_engine,
                    |engine| common::or_fail(CompiledGuest::compile_in(&engine, guest.module(), OPT), case),
                    BatchSize::PerIteration,
                )
            });
        }
        ColdCase::Instantiate(_) => {
            let compiled = compiled();
            group.bench_function(case.to_string(), |b| {
                b.iter_with_large_drop(|| common::or_fail(cold.ready(guest, &compiled), case))
            });
        }
        ColdCase::Warm { calls, .. } => {
            let compiled = compiled();
            let mut ready = common::or_fail(cold.ready(guest, &compiled), case);
            // The first pass translates what it calls (lazily translating backends)
            // and is checked; the timed ones run on what is already there.
            check(common::or_fail(cold.answer(&mut ready, calls), case), calls);
            group
                .bench_function(case.to_string(), |b| b.iter(|| common::or_fail(cold.answer(&mut ready, calls), case)));
        }
    }
}
