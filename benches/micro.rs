//! The paper's micro-benchmark (section 3.2, Table 1): one call into the guest's
//! multiplication per Criterion iteration, for every configuration in
//! `MicroConfig::all()` x backend x guest opt level, beside the native baseline.
//!
//! Ids: `micro/{host-release|host-debug}/{backend}[-metered]/guest-{release|debug}/{config}`;
//! on Wasmtime also `component-{cached|uncached}-{typed|dyn}-call`, the Component Model's
//! canonical ABI beside the hand ABIs.

mod common;

use std::hint::black_box;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Throughput};
use wasm_script_bench::MultiplyParams;
use wasm_script_bench::abi::MultiplyAbi;
use wasm_script_bench::experiments::micro::{Held, MicroConfig, MicroSubject};
use wasm_script_bench::guest;
use wasm_script_bench::runtime::Runtime;
#[cfg(feature = "wasmtime")]
use wasm_script_bench::runtime::RuntimeKind;
use wasm_script_bench::runtime::engine::CompiledGuest;

/// The arguments of every call: their product overflows, so the wrapping path runs.
const ARGS: MultiplyParams = MultiplyParams { x: 46_341, y: -46_341 };

fn main() {
    let profile = common::profile();
    let mut criterion = common::criterion(&profile);
    for backend in common::backends(&profile) {
        for (opt, fuel) in
            profile.guest_opts().into_iter().flat_map(|opt| profile.metering().into_iter().map(move |f| (opt, f)))
        {
            let compiled = CompiledGuest::compile_metered(backend, &guest::MULTIPLY, opt, fuel)
                .unwrap_or_else(|e| common::fail(e));
            let engine = compiled.engine_label();
            let mut group = criterion.benchmark_group(format!("micro/{}/{engine}/guest-{opt}", common::host_profile()));
            group.throughput(Throughput::Elements(1));
            group.bench_function("native", |b| b.iter(|| black_box(ARGS).product()));
            for config in MicroConfig::all() {
                let mut subject = common::or_fail(config.build(&compiled), &config.to_string());
                match &mut subject {
                    MicroSubject::Wasmer(held) => bench_held(&mut group, &config, held),
                    #[cfg(feature = "wasmtime")]
                    MicroSubject::Wasmtime(held) => bench_held(&mut group, &config, held),
                }
            }
            // The Component Model's canonical ABI, in the same group (Wasmtime only).
            #[cfg(feature = "wasmtime")]
            if backend.runtime() == RuntimeKind::Wasmtime && fuel.is_none() {
                use wasm_script_bench::experiments::micro::component::{ComponentCall, ComponentMultiply};
                use wasm_script_bench::runtime::component::CompiledComponent;
                let component = common::or_fail(CompiledComponent::compile(backend, opt), "component");
                for call in ComponentCall::ALL {
                    let id = call.to_string();
                    bench_calls(&mut group, &id, &mut common::or_fail(ComponentMultiply::new(&component, call), &id));
                }
            }
            group.finish();
        }
    }
    criterion.final_summary();
}

/// Matched outside the timed loop, so a Local object is called by static dispatch
/// (straight into the runtime) and an SRS one through its trait object, as each is held.
fn bench_held<R: Runtime>(group: &mut BenchmarkGroup<WallTime>, config: &MicroConfig, held: &mut Held<R>) {
    match held {
        Held::Local(object) => bench_calls(group, &config.to_string(), object),
        Held::SelfReferential(modules) => bench_calls(group, &config.to_string(), modules[0].as_mut()),
    }
}

fn bench_calls<M: MultiplyAbi + ?Sized>(group: &mut BenchmarkGroup<WallTime>, id: &str, object: &mut M) {
    object.prepare(ARGS.x, ARGS.y);
    // A wrong answer would make the timing meaningless: check once before measuring.
    match object.call() {
        Ok(product) if product == ARGS.product() => {}
        Ok(product) => common::fail(format!("{id}: the guest returned {product}, expected {}", ARGS.product())),
        Err(e) => common::fail(format!("{id}: {e}")),
    }
    group.bench_function(id, |b| b.iter(|| common::or_fail(object.call(), id)));
}
