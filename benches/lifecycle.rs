//! An instance per request (beyond the paper): instantiate, handle one request, drop,
//! for the multiply guest (a trivial module) and the simulator guest (more memory and
//! data), per backend and per way of making the instance; beside the same request on
//! an instance kept alive (the floor). Throughput is in requests, so Criterion reports
//! instances per second.
//!
//! Ids (`wasm_script_bench::ids::LifecycleId`):
//! `lifecycle/{host}/{backend}/guest-release/{guest}/{strategy}`, strategies
//! `reuse-instance`, `new-instance` and, on Wasmtime, `instance-pre` and `pooling`.

mod common;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Throughput};
use wasm_script_bench::experiments::lifecycle::{Handler, Server, Strategy};
use wasm_script_bench::guest::GuestOpt;
use wasm_script_bench::ids::{Experiment, LifecycleGroup};
use wasm_script_bench::runtime::Runtime;
use wasm_script_bench::runtime::engine::{Compiled, CompiledGuest, Engine, OnRuntime};

fn main() {
    let mut run = common::Run::start(Experiment::Lifecycle);
    let profile = run.profile.clone();
    let criterion = &mut run.criterion;
    for engine in common::engines(&profile, &[GuestOpt::Release], &[None]) {
        let backend = engine.backend;
        for handler in Handler::ALL {
            let group_id = LifecycleGroup { host: common::host(), backend, opt: engine.opt, handler };
            let mut group = criterion.benchmark_group(group_id.to_string());
            group.throughput(Throughput::Elements(1));
            let strategies = Strategy::ALL.into_iter().filter(|s| s.supported_by(backend.runtime()));
            for strategy in common::run_order(strategies.collect()) {
                let engine_for = Engine::with_options(backend, strategy.engine_options());
                let compiled =
                    CompiledGuest::compile_in(&common::or_fail(engine_for, strategy), handler.guest(), engine.opt);
                common::or_fail(compiled, strategy).on_runtime(BenchRequests { group: &mut group, handler, strategy });
            }
            group.finish();
        }
    }
    run.finish();
}

/// One request per iteration, each on an instance made as the strategy says.
struct BenchRequests<'a, 'g> {
    group: &'a mut BenchmarkGroup<'g, WallTime>,
    handler: Handler,
    strategy: Strategy,
}

impl OnRuntime for BenchRequests<'_, '_> {
    type Output = ();
    fn run<R: Runtime>(self, compiled: &Compiled<R>) {
        let BenchRequests { group, handler, strategy } = self;
        let mut server = common::or_fail(Server::new(compiled, handler, strategy), strategy);
        // Once, outside the timing: the request must do what it does natively.
        let (got, expected) = (common::or_fail(server.serve(), strategy), handler.native());
        if got != expected {
            common::fail(format!("{strategy}: the guest returned {got}, natively {expected}"));
        }
        group.bench_function(strategy.to_string(), |b| b.iter(|| common::or_fail(server.serve(), strategy)));
    }
}
