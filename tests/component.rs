//! The Component Model guest returns exactly what native and the hand ABIs return:
//! products, the simulator's counters on the default trace, payload checksums; a
//! component that traps or returns an invalid list is a clear error. Wasmtime only.
#![cfg(feature = "wasmtime")]

use rayon::prelude::*;
use wasm_script_bench::abi::MultiplyAbi;
use wasm_script_bench::experiments::micro::ComponentCall;
use wasm_script_bench::experiments::micro::component::ComponentMultiply;
use wasm_script_bench::experiments::payload::ComponentPayload;
use wasm_script_bench::experiments::payload::component::ComponentTransfer;
use wasm_script_bench::experiments::payload::{Direction, PAYLOAD_SIZES, expected_checksum};
use wasm_script_bench::experiments::sim::ComponentScenario;
use wasm_script_bench::experiments::sim::component::ComponentDriver;
use wasm_script_bench::experiments::sim::{NativeDriver, PolicyKind, SimDriver};
use wasm_script_bench::guest::GuestOpt;
use wasm_script_bench::runtime::component::CompiledComponent;
use wasm_script_bench::runtime::engine::Engine;
use wasm_script_bench::runtime::{Backend, Concurrency, EngineOptions};
use wasm_script_bench::workload::{GeneratorParams, generate};
use wasm_script_bench::{Error, MultiplyParams};

/// The component compiled by every backend that runs components, on its default engine
/// and on one with Wasmtime's concurrency support off (which changes what a store sets
/// up, never what a call answers).
fn components(opt: GuestOpt) -> Vec<CompiledComponent> {
    let backends = Backend::compiled_in().into_iter().filter(|b| b.runs_components());
    backends
        .flat_map(|backend| {
            [Concurrency::Default, Concurrency::Off].map(|concurrency| {
                let engine = Engine::with_options(backend, EngineOptions { concurrency, ..EngineOptions::default() });
                CompiledComponent::compile_in(&engine.unwrap(), opt).unwrap()
            })
        })
        .collect()
}

#[test]
fn every_component_call_multiplies_like_native() {
    let inputs = [(0, 0), (6, 7), (-6, 7), (i32::MAX, 2), (i32::MIN, -1), (123_457, -98_765)];
    for opt in GuestOpt::ALL {
        for component in components(opt) {
            for call in ComponentCall::ALL {
                let mut object = ComponentMultiply::new(&component, call).unwrap();
                for (x, y) in inputs {
                    let expected = MultiplyParams { x, y }.product();
                    assert_eq!(
                        object.multiply(x, y).unwrap(),
                        expected,
                        "{} {opt} {call}: {x} * {y}",
                        component.backend
                    );
                }
                let err = object.memory_size().unwrap_err();
                assert!(err.to_string().contains("linear memory"), "{err}");
            }
        }
    }
}

#[test]
fn the_component_simulator_counts_like_native_on_the_default_trace() {
    let trace = generate(&GeneratorParams::default()).unwrap().requests;
    let capacity = 4 << 20;
    let native: Vec<_> =
        PolicyKind::ALL.iter().map(|&p| NativeDriver::default().run(p, capacity, &trace).unwrap()).collect();
    // Components in parallel: six of them (three backends, concurrency on and off) over
    // the whole default trace were the suite's second-longest test one after another.
    components(GuestOpt::Release).into_par_iter().for_each(|component| {
        for scenario in ComponentScenario::ALL {
            // A batch size that does not divide the trace: the last batch is partial.
            let mut driver = ComponentDriver::new(&component, scenario, 1000 - 7).unwrap();
            for (policy, expected) in PolicyKind::ALL.into_iter().zip(&native) {
                assert_eq!(
                    &driver.run(policy, capacity, &trace).unwrap(),
                    expected,
                    "{} {scenario} {policy}",
                    component.backend
                );
            }
            let err = driver.run(PolicyKind::Lru, 0, &trace[..10]).unwrap_err();
            assert!(matches!(err, Error::CacheSize { bytes: 0 }), "{err}");
        }
    });
}

#[test]
fn component_payloads_cross_both_ways_intact() {
    for component in components(GuestOpt::Release) {
        for direction in Direction::ALL {
            for payload in ComponentPayload::ALL {
                for bytes in PAYLOAD_SIZES {
                    let mut transfer = ComponentTransfer::new(&component, payload, direction, bytes).unwrap();
                    for round in 0..2 {
                        let got = transfer.transfer().unwrap();
                        assert_eq!(
                            got,
                            expected_checksum(bytes),
                            "{} {direction} {payload} {bytes} B round {round}",
                            component.backend
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn a_component_that_traps_or_returns_an_invalid_list_is_a_clear_error() {
    for component in components(GuestOpt::Release) {
        let mut guest = component.instantiate().unwrap();
        let err = guest.forged_list().unwrap_err();
        assert!(matches!(err, Error::GuestBuffer { export: "forged-list", .. }), "{err}");
        assert!(err.to_string().contains("out of bounds"), "{err}");

        let mut guest = component.instantiate().unwrap();
        let err = guest.trap().unwrap_err();
        assert!(matches!(err, Error::Trap { export: "trap", .. }), "{err}");
        assert!(err.to_string().contains("unreachable"), "{err}");

        // A fresh instance (its own store) works after both.
        let mut object = ComponentMultiply::new(&component, ComponentCall::ALL[3]).unwrap();
        assert_eq!(object.multiply(6, 7).unwrap(), 42);
    }
}

#[test]
fn components_run_on_wasmtime_only() {
    for backend in Backend::compiled_in().into_iter().filter(|b| !b.runs_components()) {
        let err = CompiledComponent::compile(backend, GuestOpt::Release).err().expect("a component on Wasmer");
        assert!(err.to_string().contains("Wasmtime only"), "{err}");
    }
}
