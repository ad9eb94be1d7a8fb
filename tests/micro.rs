//! The micro-benchmark's configurations: right answers through every ABI, backend and
//! guest opt level; ids that cover the paper's Table 1; flat guest memory.

use std::collections::HashSet;

use wasm_script_bench::abi::{Abi, CallStyle, Loading, Lookup, Memory, MultiplyAbi};
use wasm_script_bench::experiments::micro::MicroConfig;
use wasm_script_bench::guest::{self, GuestOpt};
use wasm_script_bench::runtime::Backend;
use wasm_script_bench::runtime::engine::{CompiledGuest, Engine};
use wasm_script_bench::{Error, MultiplyParams};

/// Zero, signs, and products that overflow i32 (the guest must wrap like the host).
const INPUTS: [(i32, i32); 10] = [
    (0, 0),
    (0, -17),
    (6, 7),
    (-6, 7),
    (-6, -7),
    (i32::MAX, 2),
    (i32::MIN, -1),
    (i32::MIN, i32::MIN),
    (65_536, 65_536),
    (123_457, -98_765),
];

fn compiled_guests() -> Vec<CompiledGuest> {
    let backends = Backend::compiled_in();
    assert!(!backends.is_empty(), "no backend compiled in");
    backends
        .into_iter()
        .flat_map(|backend| GuestOpt::ALL.map(move |opt| (backend, opt)))
        .map(|(backend, opt)| CompiledGuest::compile(backend, &guest::MULTIPLY, opt).unwrap())
        .collect()
}

#[test]
fn every_configuration_backend_and_guest_opt_multiplies_like_native() {
    for compiled in compiled_guests() {
        for config in MicroConfig::all() {
            let mut subject = config.build(&compiled).unwrap_or_else(|e| panic!("{config}: {e}"));
            let object = subject.object();
            for (x, y) in INPUTS {
                let expected = MultiplyParams { x, y }.product();
                let got = object.multiply(x, y).unwrap_or_else(|e| panic!("{config} ({x}, {y}): {e}"));
                assert_eq!(got, expected, "{config} on {} guest-{}: {x} * {y}", compiled.backend, compiled.opt);
            }
            // A staged call repeats the staged arguments.
            object.prepare(-3, 9);
            assert_eq!((object.call().unwrap(), object.call().unwrap()), (-27, -27), "{config}");
        }
    }
}

#[test]
fn configurations_cover_table_1_once_each_plus_typed_twins_and_postcard() {
    let configs = MicroConfig::all();
    let ids: Vec<String> = configs.iter().map(ToString::to_string).collect();
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ids.len(), "duplicate ids: {ids:?}");

    let paper_rows: Vec<u8> = configs
        .iter()
        .filter(|c| c.call == CallStyle::Dynamic && c.abi != Abi::Postcard)
        .flat_map(MicroConfig::table1_rows)
        .collect();
    assert_eq!(paper_rows, (1..=12).collect::<Vec<u8>>(), "each Table 1 row exactly once, in order");

    // Every paper row has a typed twin, and Preload/Hotload share one.
    let twins_of: Vec<Vec<u8>> =
        configs.iter().filter(|c| c.call == CallStyle::Typed).map(MicroConfig::table1_rows).collect();
    let covered: HashSet<u8> = twins_of.iter().flatten().copied().collect();
    assert_eq!(covered, (1..=12).collect::<HashSet<u8>>());
    assert!(twins_of.contains(&vec![1, 2]) && twins_of.contains(&vec![3, 4]) && twins_of.contains(&vec![5, 6]));

    let postcard: Vec<&MicroConfig> = configs.iter().filter(|c| c.abi == Abi::Postcard).collect();
    assert_eq!(postcard.len(), 4, "postcard cached/uncached x dynamic/typed");
    assert!(postcard.iter().all(|c| c.table1_rows().is_empty()));

    assert_eq!(ids[0], "pair-uncached-hotload-dyn-call");
    assert_eq!(ids[11], "bytemuck-static-mem-cached-dyn-call");
    assert!(ids.contains(&"pair-cached-preload-srs-dyn-call".to_owned()));
    assert!(ids.contains(&"bytemuck-dynamic-mem-cached-typed-call".to_owned()));
}

#[test]
fn the_id_reference_maps_every_micro_configuration_and_simulator_scenario() {
    let reference = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/ids.md")).unwrap();
    for config in MicroConfig::all() {
        assert!(reference.contains(&format!("`{config}`")), "docs/ids.md lacks the id `{config}`");
    }
    for scenario in wasm_script_bench::ids::SimCase::all() {
        assert!(reference.contains(&format!("`{scenario}`")), "docs/ids.md lacks the scenario `{scenario}`");
    }
}

#[test]
fn dynamic_memory_calls_free_what_they_allocate() {
    const CALLS: usize = 20_000;
    for compiled in compiled_guests() {
        for config in MicroConfig::all().into_iter().filter(|c| c.memory == Some(Memory::Dynamic)) {
            let mut subject = config.build(&compiled).unwrap();
            let object = subject.object();
            object.prepare(3, 5);
            object.call().unwrap(); // the allocator's first pages
            let before = object.memory_size().unwrap();
            for _ in 0..CALLS {
                object.call().unwrap();
            }
            let after = object.memory_size().unwrap();
            assert_eq!(before, after, "{config} on {}: guest memory grew over {CALLS} calls", compiled.backend);
        }
    }
}

#[test]
fn self_referential_struct_survives_moves() {
    let config = MicroConfig {
        abi: Abi::Pair,
        memory: None,
        lookup: Lookup::Cached,
        loading: Some(Loading::Preload),
        srs: true,
        call: CallStyle::Dynamic,
    };
    // One list holds the modules of every backend (both runtimes with `--features
    // wasmtime`). Move them around (and the Vec's buffer, by growing it): cached
    // handles are owned values (Wasmer 3+, Wasmtime), so nothing dangles.
    let mut modules: Vec<Box<dyn MultiplyAbi>> = Vec::new();
    for _ in 0..16 {
        for compiled in &compiled_guests() {
            let subject = config.build(compiled).unwrap();
            modules.extend(subject.into_modules().expect("an SRS configuration is held in a list of boxed modules"));
        }
    }
    let mut moved: Vec<Box<dyn MultiplyAbi>> = modules.into_iter().rev().collect();
    for (i, module) in (0..).zip(moved.iter_mut()) {
        assert_eq!(module.multiply(i, 3).unwrap(), i * 3);
    }
}

#[test]
fn contradictory_factors_are_rejected_with_the_reason() {
    let pair = MicroConfig {
        abi: Abi::Pair,
        memory: None,
        lookup: Lookup::Cached,
        loading: Some(Loading::Preload),
        srs: false,
        call: CallStyle::Dynamic,
    };
    let bad = [
        (MicroConfig { memory: Some(Memory::Static), ..pair }, "no guest memory"),
        (MicroConfig { call: CallStyle::Typed, ..pair }, "no Preload/Hotload"),
        (MicroConfig { loading: None, ..pair }, "need Preload or Hotload"),
        (MicroConfig { srs: true, lookup: Lookup::ByName, ..pair }, "cache handles"),
        (MicroConfig { abi: Abi::Bincode, memory: Some(Memory::Static), loading: None, ..pair }, "dynamic memory only"),
        (
            MicroConfig { abi: Abi::Postcard, memory: Some(Memory::Dynamic), loading: None, ..pair },
            "static buffer only",
        ),
        (MicroConfig { abi: Abi::Bytemuck, memory: None, loading: None, ..pair }, "needs a memory mode"),
    ];
    let compiled = &compiled_guests()[0];
    for (config, reason) in bad {
        let err = config.build(compiled).err().unwrap_or_else(|| panic!("{config:?} was accepted"));
        assert!(matches!(err, Error::Config { .. }) && err.to_string().contains(reason), "{config:?}: {err}");
    }
}

#[test]
fn serialized_artifacts_load_into_a_fresh_engine_and_run() {
    for compiled in compiled_guests() {
        if !compiled.backend.caches_artifacts() {
            // The interpreters (wasmi, wasm3): no artifact, and saying so is an error
            // naming the backend.
            let backend = compiled.backend.name();
            let err = compiled.serialize().err().unwrap_or_else(|| panic!("{backend} serialized an artifact"));
            assert!(err.to_string().contains("nothing to serialize") && err.to_string().contains(backend), "{err}");
            continue;
        }
        let artifact = compiled.serialize().unwrap();
        assert!(!artifact.is_empty());
        let reloaded = artifact.load(&Engine::new(compiled.backend).unwrap()).unwrap();
        let config = MicroConfig::all()[3];
        assert_eq!(config.build(&reloaded).unwrap().object().multiply(-4, 25).unwrap(), -100);
    }
}

#[test]
fn an_artifact_loads_only_into_an_engine_of_its_own_backend() {
    let guests = compiled_guests();
    let first = &guests[0];
    let artifact = first.serialize().unwrap();
    for other in Backend::compiled_in().into_iter().filter(|b| *b != first.backend) {
        let err = artifact.load(&Engine::new(other).unwrap()).err().expect("a foreign artifact was loaded");
        assert!(matches!(err, Error::Deserialize { .. }) && err.to_string().contains(other.name()), "{err}");
    }
}

#[test]
fn a_backend_that_is_not_compiled_in_is_a_clear_error() {
    for backend in Backend::ALL.into_iter().filter(|b| !b.is_compiled_in()) {
        let message = Engine::new(backend).err().unwrap().to_string();
        assert!(message.contains(&format!("--features {}", backend.feature())), "{message}");
    }
}
