//! Properties over random inputs: the policies' invariants, and native == WASM for the
//! simulator's counters and the micro-benchmark's products, through every ABI and
//! backend. Guests are compiled and instantiated once; the cases reuse them.

use std::cell::RefCell;

use policies::{AnyCache, PolicyKind};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use wasm_script_bench::MultiplyParams;
use wasm_script_bench::experiments::micro::{MicroConfig, MicroSubject};
use wasm_script_bench::experiments::sim::{NativeDriver, Scenario, SimDriver};
use wasm_script_bench::guest::{self, GuestOpt};
use wasm_script_bench::runtime::Backend;
use wasm_script_bench::runtime::engine::CompiledGuest;
use wasm_script_bench::workload::Request;

fn traces() -> impl Strategy<Value = Vec<Request>> {
    // Few ids, so requests repeat; sizes up to above the smaller capacities.
    prop::collection::vec((0..60u32, 1..400u32).prop_map(|(id, size)| Request { id, size }), 0..400)
}

proptest! {
    #![proptest_config(Config::with_cases(200))]
    #[test]
    fn policies_stay_within_capacity_and_count_every_request(trace in traces(), capacity in 1..3_000i64) {
        for kind in PolicyKind::ALL {
            let mut cache = AnyCache::new(kind, capacity).unwrap();
            let mut hits = 0u64;
            for r in &trace {
                hits += u64::from(cache.request(r.id, r.size));
                prop_assert!(cache.used() <= capacity as u64, "{kind}: {} > {capacity}", cache.used());
            }
            let stats = cache.stats();
            prop_assert_eq!(stats.requests, trace.len() as u64);
            prop_assert_eq!(stats.hits, hits);
            prop_assert_eq!(stats.hits + stats.misses(), stats.requests);
            prop_assert!(stats.bytes_hit <= stats.bytes_requested);
        }
    }
}

#[test]
fn every_wasm_scenario_counts_like_native_on_random_traces() {
    let mut drivers: Vec<(String, Box<dyn SimDriver>)> = Vec::new();
    for backend in Backend::compiled_in() {
        let compiled = CompiledGuest::compile(backend, &guest::SIMULATOR, GuestOpt::Release).unwrap();
        for scenario in Scenario::all().into_iter().filter(|s| *s != Scenario::Native) {
            drivers.push((format!("{backend} {scenario}"), scenario.driver(&compiled, 7).unwrap()));
        }
    }
    let drivers = RefCell::new(drivers);
    let mut runner = TestRunner::new(Config::with_cases(24));
    runner
        .run(&(traces(), 1..3_000i64), |(trace, capacity)| {
            for policy in PolicyKind::ALL {
                let expected = NativeDriver::default().run(policy, capacity, &trace).unwrap();
                for (name, driver) in drivers.borrow_mut().iter_mut() {
                    prop_assert_eq!(driver.run(policy, capacity, &trace).unwrap(), expected, "{} {}", name, policy);
                }
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn every_micro_configuration_multiplies_like_native_on_random_arguments() {
    let mut subjects: Vec<(String, MicroSubject)> = Vec::new();
    for backend in Backend::compiled_in() {
        let compiled = CompiledGuest::compile(backend, &guest::MULTIPLY, GuestOpt::Release).unwrap();
        for config in MicroConfig::all() {
            subjects.push((format!("{backend} {config}"), config.build(&compiled).unwrap()));
        }
    }
    let subjects = RefCell::new(subjects);
    let mut runner = TestRunner::new(Config::with_cases(256));
    runner
        .run(&(any::<i32>(), any::<i32>()), |(x, y)| {
            let expected = MultiplyParams { x, y }.product();
            for (name, subject) in subjects.borrow_mut().iter_mut() {
                prop_assert_eq!(subject.object().multiply(x, y).unwrap(), expected, "{}", name);
            }
            Ok(())
        })
        .unwrap();
}
