//! The paper's micro-benchmark (section 3.2, Table 1): one call into the guest's
//! multiplication per Criterion iteration, for every configuration in
//! `MicroConfig::all()` x backend x guest opt level, beside the native baseline.
//!
//! Ids (`wasm_script_bench::ids::MicroId`):
//! `micro/{host-release|host-debug}/{backend}[-metered]/guest-{release|debug}/{case}`; on
//! Wasmtime the cases include `component-{cached|uncached}-{typed|dyn}-call`, the
//! Component Model's canonical ABI beside the hand ABIs.

mod common;

use std::hint::black_box;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Throughput};
use wasm_script_bench::MultiplyParams;
use wasm_script_bench::abi::MultiplyAbi;
use wasm_script_bench::experiments::micro::{Held, MicroConfig};
use wasm_script_bench::guest;
use wasm_script_bench::ids::{Experiment, MicroCase, MicroGroup};
use wasm_script_bench::runtime::Runtime;
use wasm_script_bench::runtime::engine::{Compiled, OnRuntime};

/// The arguments of every call: their product overflows, so the wrapping path runs.
const ARGS: MultiplyParams = MultiplyParams { x: 46_341, y: -46_341 };

fn main() {
    let mut run = common::Run::start(Experiment::Micro);
    let profile = run.profile.clone();
    let criterion = &mut run.criterion;
    for engine in common::engines(&profile, &profile.guest_opts(), &profile.metering()) {
        let compiled = engine.compile(&guest::MULTIPLY);
        let group_id = MicroGroup { host: common::host(), engine: engine.id(), opt: engine.opt };
        let mut group = criterion.benchmark_group(group_id.to_string());
        group.throughput(Throughput::Elements(1));
        // The Component Model's canonical ABI, in the same group, where the backend runs it.
        #[cfg(feature = "wasmtime")]
        let component = (engine.backend.runs_components() && engine.is_plain()).then(|| {
            let compiled =
                wasm_script_bench::runtime::component::CompiledComponent::compile(engine.backend, engine.opt);
            common::or_fail(compiled, "component")
        });
        for case in common::run_order(MicroCase::all()) {
            match case {
                MicroCase::Native => {
                    group.bench_function(case.to_string(), |b| b.iter(|| black_box(ARGS).product()));
                }
                MicroCase::Hand(config) => compiled.on_runtime(BenchConfig { group: &mut group, config }),
                #[cfg(feature = "wasmtime")]
                MicroCase::Component(call) => {
                    use wasm_script_bench::experiments::micro::component::ComponentMultiply;
                    if let Some(component) = &component {
                        let object = ComponentMultiply::new(component, call);
                        bench_calls(&mut group, case, &mut common::or_fail(object, case));
                    }
                }
                #[cfg(not(feature = "wasmtime"))]
                MicroCase::Component(_) => {}
            }
        }
        group.finish();
    }
    run.finish();
}

/// One configuration on the guest's runtime: a Local object is called by static
/// dispatch (straight into the runtime), an SRS one through its trait object, as each is
/// held.
struct BenchConfig<'a, 'g> {
    group: &'a mut BenchmarkGroup<'g, WallTime>,
    config: MicroConfig,
}

impl OnRuntime for BenchConfig<'_, '_> {
    type Output = ();
    fn run<R: Runtime>(self, compiled: &Compiled<R>) {
        let case = MicroCase::Hand(self.config);
        match common::or_fail(self.config.build_on(compiled), case) {
            Held::Local(mut object) => bench_calls(self.group, case, &mut object),
            Held::SelfReferential(mut modules) => bench_calls(self.group, case, modules[0].as_mut()),
        }
    }
}

fn bench_calls<M: MultiplyAbi + ?Sized>(group: &mut BenchmarkGroup<WallTime>, case: MicroCase, object: &mut M) {
    object.prepare(ARGS.x, ARGS.y);
    // A wrong answer would make the timing meaningless: check once before measuring.
    match object.call() {
        Ok(product) if product == ARGS.product() => {}
        Ok(product) => common::fail(format!("{case}: the guest returned {product}, expected {}", ARGS.product())),
        Err(e) => common::fail(format!("{case}: {e}")),
    }
    group.bench_function(case.to_string(), |b| b.iter(|| common::or_fail(object.call(), case)));
}
