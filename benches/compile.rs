//! JIT costs per backend (Wasmer's and, with `--features wasmtime`, Wasmtime's) and
//! guest (the paper's Figure 5), each phase on its own as
//! Sightglass keeps them: (a) compile the module, (b) instantiate a compiled module,
//! (c) load a previously serialized artifact, i.e. a JIT cache hit (section 5.5).
//!
//! Ids: `compile/{host-release|host-debug}/{backend}/{phase}/{guest}-{release|debug}`,
//! guests `multiply` and `simulator`, and on Wasmtime the Component Model guest,
//! `component`.

mod common;

use criterion::{BatchSize, BenchmarkId, SamplingMode};
use wasm_script_bench::guest;
use wasm_script_bench::runtime::engine::{CompiledGuest, Engine};

fn main() {
    let profile = common::profile();
    let mut criterion = common::criterion(&profile);
    for backend in common::backends(&profile) {
        let mut group = criterion.benchmark_group(format!("compile/{}/{backend}", common::host_profile()));
        // One compile can take most of a second (LLVM, debug guests): flat sampling and
        // the profile's sample count for long benchmarks keep the run bounded.
        group
            .sampling_mode(SamplingMode::Flat)
            .sample_size(profile.criterion.long_sample_size)
            .measurement_time(profile.criterion.long_measurement_time());
        // The paper's two guests: a trivial module and a real program. (The host-call and
        // payload guests are as small as `multiply` and add nothing here.)
        for module in [&guest::MULTIPLY, &guest::SIMULATOR] {
            for opt in profile.guest_opts() {
                let input = format!("{}-{opt}", module.name);
                let engine = || Engine::new(backend).unwrap_or_else(|e| common::fail(e));
                // Each compile and load gets a fresh engine (made, and later dropped,
                // outside the timed region): an engine keeps the code of every module
                // it ever loaded, so reusing one would grow without bound.
                group.bench_function(BenchmarkId::new("compile", &input), |b| {
                    b.iter_batched(
                        engine,
                        |engine| common::or_fail(CompiledGuest::compile_in(&engine, module, opt), &input),
                        BatchSize::PerIteration,
                    )
                });
                let compiled = CompiledGuest::compile(backend, module, opt).unwrap_or_else(|e| common::fail(e));
                group.bench_function(BenchmarkId::new("instantiate", &input), |b| {
                    b.iter_with_large_drop(|| common::or_fail(compiled.instantiate(), &input))
                });
                let artifact = compiled.serialize().unwrap_or_else(|e| common::fail(e));
                group.bench_function(BenchmarkId::new("deserialize", &input), |b| {
                    b.iter_batched(
                        engine,
                        |engine| common::or_fail(artifact.load(&engine), &input),
                        BatchSize::PerIteration,
                    )
                });
            }
        }
        // The Component Model guest's phases: instantiating a component differs from a
        // core module's (Wasmtime only).
        #[cfg(feature = "wasmtime")]
        if backend.runtime() == wasm_script_bench::runtime::RuntimeKind::Wasmtime {
            use wasm_script_bench::runtime::component::CompiledComponent;
            for opt in profile.guest_opts() {
                let input = format!("component-{opt}");
                let engine = || Engine::new(backend).unwrap_or_else(|e| common::fail(e));
                group.bench_function(BenchmarkId::new("compile", &input), |b| {
                    b.iter_batched(
                        engine,
                        |engine| common::or_fail(CompiledComponent::compile_in(&engine, opt), &input),
                        BatchSize::PerIteration,
                    )
                });
                let compiled = common::or_fail(CompiledComponent::compile(backend, opt), &input);
                let prepared = common::or_fail(compiled.prepare(), &input);
                group.bench_function(BenchmarkId::new("instantiate", &input), |b| {
                    b.iter_with_large_drop(|| {
                        let mut store = wasmtime::Store::new(prepared.engine(), ());
                        let instance =
                            common::or_fail(prepared.instantiate(&mut store).map_err(|e| format!("{e:#}")), &input);
                        (store, instance)
                    })
                });
                let artifact = common::or_fail(compiled.serialize(), &input);
                group.bench_function(BenchmarkId::new("deserialize", &input), |b| {
                    b.iter_batched(
                        engine,
                        |engine| common::or_fail(CompiledComponent::deserialize(&engine, opt, &artifact), &input),
                        BatchSize::PerIteration,
                    )
                });
            }
        }
        group.finish();
    }
    criterion.final_summary();
}
