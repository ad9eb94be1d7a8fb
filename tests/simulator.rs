//! Every WASM scenario x backend x policy counts exactly what native counts.

use wasm_script_bench::experiments::sim::{
    NativeDriver, PolicyKind, Scenario, SimAbi, SimDriver, hit_rate_curve, paper_cache_sizes,
};
use wasm_script_bench::guest::{self, GuestOpt};
use wasm_script_bench::ids::{EngineId, Metering};
use wasm_script_bench::runtime::engine::CompiledGuest;
use wasm_script_bench::runtime::{Backend, Limit};
use wasm_script_bench::workload::{GeneratorParams, generate};
use wasm_script_bench::{
    Error,
    abi::{CallStyle, Lookup},
};

use rayon::prelude::*;

const CAPACITY: i64 = 4 << 20;

fn trace() -> Vec<wasm_script_bench::workload::Request> {
    generate(&GeneratorParams { requests: 100_000, objects: 3_000, ..GeneratorParams::default() }).unwrap().requests
}

#[test]
fn every_wasm_scenario_backend_and_policy_matches_native() {
    let trace = trace();
    let scenarios = Scenario::all();
    assert_eq!(scenarios.iter().filter(|s| s.in_paper()).count(), 7, "the paper's seven scenarios");
    let native: Vec<_> =
        PolicyKind::ALL.map(|policy| NativeDriver::default().run(policy, CAPACITY, &trace).unwrap()).into();
    assert!(native.iter().all(|stats| stats.hits > 0 && stats.misses() > 0));
    // Backends in parallel: with every feature, a dozen of them run every scenario over
    // the whole trace, and one after another that was the longest test of the suite.
    Backend::compiled_in().into_par_iter().for_each(|backend| {
        let compiled = CompiledGuest::compile(backend, &guest::SIMULATOR, GuestOpt::Release).unwrap();
        for scenario in &scenarios {
            // A batch size that does not divide the trace, so the last batch is partial.
            let mut driver = scenario.driver(&compiled, 1000 - 7).unwrap();
            for (policy, &expected) in PolicyKind::ALL.into_iter().zip(&native) {
                let got = driver.run(policy, CAPACITY, &trace).unwrap_or_else(|e| panic!("{scenario} {policy}: {e}"));
                assert_eq!(got, expected, "{backend} {scenario} {policy}");
            }
        }
    });
}

/// The paired measurement feeds the trace a chunk per call, restarting the cache at the
/// trace's end: the counters must be a whole run's, whatever the chunk, and a restarted
/// cache must forget the one before.
#[test]
fn a_trace_fed_in_chunks_counts_what_a_whole_run_counts() {
    let trace = &trace()[..30_000];
    for backend in Backend::compiled_in() {
        let compiled = CompiledGuest::compile(backend, &guest::SIMULATOR, GuestOpt::Release).unwrap();
        for scenario in Scenario::all().into_iter().filter(Scenario::is_headline) {
            let mut driver = scenario.driver(&compiled, 1024).unwrap();
            for policy in [PolicyKind::Lru, PolicyKind::GdSize] {
                let expected = NativeDriver::default().run(policy, CAPACITY, trace).unwrap();
                for round in 0..2 {
                    driver.start(policy, CAPACITY).unwrap();
                    for chunk in trace.chunks(1024 + 1) {
                        driver.send(chunk).unwrap();
                    }
                    assert_eq!(driver.stats().unwrap(), expected, "{backend} {scenario} {policy}, round {round}");
                }
            }
        }
    }
    // Requests before any cache: a clear error natively (a guest keeps a cache of its own).
    let err = NativeDriver::default().send(&trace[..1]).unwrap_err();
    assert!(matches!(err, Error::NotStarted), "{err}");
}

#[test]
fn a_debug_built_guest_counts_the_same() {
    let trace = &trace()[..20_000];
    let compiled = CompiledGuest::compile(Backend::compiled_in()[0], &guest::SIMULATOR, GuestOpt::Debug).unwrap();
    let scenario = Scenario::Wasm { abi: SimAbi::Bincode, lookup: Lookup::Cached, call: CallStyle::Typed };
    let mut driver = scenario.driver(&compiled, 1).unwrap();
    for policy in PolicyKind::ALL {
        assert_eq!(
            driver.run(policy, CAPACITY, trace).unwrap(),
            NativeDriver::default().run(policy, CAPACITY, trace).unwrap()
        );
    }
}

#[test]
fn an_unusable_cache_size_or_batch_size_is_a_clear_error() {
    let compiled = CompiledGuest::compile(Backend::compiled_in()[0], &guest::SIMULATOR, GuestOpt::Release).unwrap();
    let trace = &trace()[..10];
    for scenario in
        [Scenario::Native, Scenario::Wasm { abi: SimAbi::Pair, lookup: Lookup::Cached, call: CallStyle::Typed }]
    {
        let err = scenario.driver(&compiled, 1).unwrap().run(PolicyKind::Lru, 0, trace).unwrap_err();
        assert!(matches!(err, Error::CacheSize { bytes: 0 }), "{scenario}: {err}");
        assert!(err.to_string().contains("cache_size"), "{err}");
    }
    let batch = Scenario::Wasm { abi: SimAbi::Batch, lookup: Lookup::Cached, call: CallStyle::Typed };
    for size in [0, 1_000_000] {
        let err = batch.driver(&compiled, size).err().unwrap();
        assert!(matches!(err, Error::BatchSize { .. }) && err.to_string().contains("batch_size"), "{err}");
    }
}

#[test]
fn hit_rates_grow_with_cache_size_up_to_a_plateau() {
    let trace = trace();
    let sizes = paper_cache_sizes();
    assert_eq!((sizes[0], *sizes.last().unwrap()), (4 << 20, 8 << 30));
    let points = hit_rate_curve(&trace, &PolicyKind::ALL, &sizes).unwrap();
    assert_eq!(points.len(), 4 * sizes.len());
    for policy in PolicyKind::ALL {
        let curve: Vec<_> = points.iter().filter(|p| p.policy == policy).collect();
        let (first, last) = (curve[0].stats, curve[curve.len() - 1].stats);
        assert!(last.object_hit_rate() > first.object_hit_rate(), "{policy}: no gain from 4 MiB to 8 GiB");
        assert_eq!(curve[curve.len() - 2].stats, last, "{policy}: no plateau once everything fits");
        // With 8 GiB everything fits: only first references miss.
        let distinct = trace.iter().map(|r| r.id).collect::<std::collections::HashSet<_>>().len() as u64;
        assert_eq!(curve.last().unwrap().stats.misses(), distinct, "{policy}");
    }
}

#[test]
fn a_metered_guest_counts_the_same_within_its_limit() {
    let trace = &trace()[..30_000];
    // Every backend with fuel (Wasmer's metering middleware, Wasmtime's and wasmi's fuel),
    // and every Wasmtime backend with an epoch deadline (10 s: never reached here).
    let limits = [(Limit::Fuel(10_000_000), "-metered"), (Limit::Epoch(10_000), "-epoch")];
    for backend in Backend::compiled_in() {
        for (limit, suffix) in limits.into_iter().filter(|(l, _)| Metering::of(Some(*l)).runs_on(backend)) {
            let compiled =
                CompiledGuest::compile_metered(backend, &guest::SIMULATOR, GuestOpt::Release, Some(limit)).unwrap();
            assert!(EngineId::new(compiled.backend, compiled.limit).to_string().ends_with(suffix));
            for abi in SimAbi::ALL {
                let scenario = Scenario::Wasm { abi, lookup: Lookup::Cached, call: CallStyle::Typed };
                let mut driver = scenario.driver(&compiled, 256).unwrap();
                for policy in PolicyKind::ALL {
                    assert_eq!(
                        driver.run(policy, CAPACITY, trace).unwrap(),
                        NativeDriver::default().run(policy, CAPACITY, trace).unwrap(),
                        "{backend} {limit:?} {abi:?} {policy}"
                    );
                }
            }
        }
    }
}
