//! JIT costs per backend (Wasmer's and, with `--features wasmtime`, Wasmtime's) and
//! guest (the paper's Figure 5), each phase on its own as Sightglass keeps them:
//! (a) compile the module, (b) instantiate a compiled module, (c) load a previously
//! serialized artifact, i.e. a JIT cache hit (section 5.5). On wasmi, "compile" is
//! validation (its default mode translates each function on its first call), beside its
//! two other modes, `compile-eager` (validate and translate everything) and
//! `compile-lazy` (parse only); it keeps no artifact, so it has no `deserialize` row.
//!
//! Ids (`wasm_script_bench::ids::CompileId`):
//! `compile/{host-release|host-debug}/{backend}/{phase}/{guest}-{release|debug}`, guests
//! `multiply` and `simulator`, and on Wasmtime the Component Model guest, `component`.

mod common;

use criterion::{BatchSize, BenchmarkGroup, BenchmarkId, SamplingMode, measurement::WallTime};
use wasm_script_bench::guest;
use wasm_script_bench::ids::{CompileCase, CompileGroup, CompileGuest, Experiment, Phase};
use wasm_script_bench::runtime::EngineOptions;
use wasm_script_bench::runtime::engine::{CompiledGuest, Engine};

fn main() {
    let mut run = common::Run::start(Experiment::Compile);
    let profile = run.profile.clone();
    let criterion = &mut run.criterion;
    for backend in common::backends(&profile) {
        let mut group = criterion.benchmark_group(CompileGroup { host: common::host(), backend }.to_string());
        // One compile can take most of a second (LLVM, debug guests): flat sampling and
        // the profile's sample count for long benchmarks keep the run bounded.
        group
            .sampling_mode(SamplingMode::Flat)
            .sample_size(profile.criterion.long_sample_size)
            .measurement_time(profile.criterion.long_measurement_time());
        // Each compile and load gets a fresh engine (made, and later dropped, outside
        // the timed region): an engine keeps the code of every module it ever loaded, so
        // reusing one would grow without bound.
        let engine = || Engine::new(backend).unwrap_or_else(|e| common::fail(e));
        // The paper's two guests: a trivial module and a real program. (The host-call and
        // payload guests are as small as `multiply` and add nothing here.)
        for (guest, module) in
            [(CompileGuest::Multiply, &guest::MULTIPLY), (CompileGuest::Simulator, &guest::SIMULATOR)]
        {
            for opt in profile.guest_opts() {
                let case = |phase| CompileCase { phase, guest, opt };
                bench(&mut group, case(Phase::Compile), |b| {
                    b.iter_batched(
                        engine,
                        |engine| common::or_fail(CompiledGuest::compile_in(&engine, module, opt), case(Phase::Compile)),
                        BatchSize::PerIteration,
                    )
                });
                // wasmi's other compilation modes: everything up front, or nothing.
                for phase in [Phase::CompileEager, Phase::CompileLazy] {
                    let Some(translation) = phase.translation().filter(|_| backend.has_translation_modes()) else {
                        continue;
                    };
                    let options = EngineOptions { translation: Some(translation), ..EngineOptions::default() };
                    let engine = || Engine::with_options(backend, options).unwrap_or_else(|e| common::fail(e));
                    bench(&mut group, case(phase), |b| {
                        b.iter_batched(
                            engine,
                            |engine| common::or_fail(CompiledGuest::compile_in(&engine, module, opt), case(phase)),
                            BatchSize::PerIteration,
                        )
                    });
                }
                let compiled = CompiledGuest::compile(backend, module, opt).unwrap_or_else(|e| common::fail(e));
                bench(&mut group, case(Phase::Instantiate), |b| {
                    b.iter_with_large_drop(|| common::or_fail(compiled.instantiate(), case(Phase::Instantiate)))
                });
                // wasmi keeps no artifact: there is no cache hit to time.
                if !backend.caches_artifacts() {
                    continue;
                }
                let artifact = compiled.serialize().unwrap_or_else(|e| common::fail(e));
                bench(&mut group, case(Phase::Deserialize), |b| {
                    b.iter_batched(
                        engine,
                        |engine| common::or_fail(artifact.load(&engine), case(Phase::Deserialize)),
                        BatchSize::PerIteration,
                    )
                });
            }
        }
        // The Component Model guest's phases: instantiating a component differs from a
        // core module's.
        #[cfg(feature = "wasmtime")]
        if backend.runs_components() {
            use wasm_script_bench::runtime::component::CompiledComponent;
            for opt in profile.guest_opts() {
                let case = |phase| CompileCase { phase, guest: CompileGuest::Component, opt };
                bench(&mut group, case(Phase::Compile), |b| {
                    b.iter_batched(
                        engine,
                        |engine| common::or_fail(CompiledComponent::compile_in(&engine, opt), case(Phase::Compile)),
                        BatchSize::PerIteration,
                    )
                });
                let compiled = common::or_fail(CompiledComponent::compile(backend, opt), case(Phase::Compile));
                let prepared = common::or_fail(compiled.prepare(), case(Phase::Instantiate));
                bench(&mut group, case(Phase::Instantiate), |b| {
                    b.iter_with_large_drop(|| {
                        let mut store = wasmtime::Store::new(prepared.engine(), ());
                        let instance = prepared.instantiate(&mut store).map_err(|e| format!("{e:#}"));
                        let instance = common::or_fail(instance, case(Phase::Instantiate));
                        (store, instance)
                    })
                });
                let artifact = common::or_fail(compiled.serialize(), case(Phase::Deserialize));
                bench(&mut group, case(Phase::Deserialize), |b| {
                    b.iter_batched(
                        engine,
                        |engine| {
                            let loaded = CompiledComponent::deserialize(&engine, opt, &artifact);
                            common::or_fail(loaded, case(Phase::Deserialize))
                        },
                        BatchSize::PerIteration,
                    )
                });
            }
        }
        group.finish();
    }
    run.finish();
}

/// Criterion's function is the phase and its parameter the input, as the ids have
/// always been saved (`compile/.../compile/multiply-release`).
fn bench(group: &mut BenchmarkGroup<WallTime>, case: CompileCase, f: impl FnMut(&mut criterion::Bencher<WallTime>)) {
    group.bench_function(BenchmarkId::new(case.phase.to_string(), case.input()), f);
}
