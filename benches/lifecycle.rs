//! An instance per request (beyond the paper): instantiate, handle one request, drop,
//! for the multiply guest (a trivial module) and the simulator guest (more memory and
//! data), per backend and per way of making the instance; beside the same request on
//! an instance kept alive (the floor). Throughput is in requests, so Criterion reports
//! instances per second.
//!
//! Ids (`wasm_script_bench::ids::LifecycleId`):
//! `lifecycle/{host}/{backend}/guest-release/{guest}/{strategy}`, strategies
//! `reuse-instance`, `new-instance` and, on Wasmtime, `instance-pre` and `pooling`.
//!
//! With `--features wasi`, guests `wasi` and `hostfn` too: one request's I/O (a clock
//! read, a 16-byte random fill, a 64-byte line to stdout) with a WASI context built per
//! instance, and the same I/O through the suite's typed host functions without one.

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
    for engine in common::plain_engines(&profile, &[GuestOpt::Release]) {
        let backend = engine.backend;
        for handler in Handler::ALL {
            let group_id = LifecycleGroup { host: common::host(), backend, opt: engine.opt, handler };
            let mut group = criterion.benchmark_group(group_id.to_string());
            group.throughput(Throughput::Elements(1));
            for strategy in strategies(backend) {
                let engine_for = Engine::with_options(backend, strategy.engine_options());
                let guest = common::or_fail(handler.guest(), strategy);
                let compiled = CompiledGuest::compile_in(&common::or_fail(engine_for, strategy), guest, engine.opt);
                common::or_fail(compiled, strategy).on_runtime(BenchRequests { group: &mut group, handler, strategy });
            }
            group.finish();
        }
        #[cfg(feature = "wasi")]
        for handler in Handler::IO.into_iter().filter(|_| backend.runs_wasi()) {
            let group_id = LifecycleGroup { host: common::host(), backend, opt: engine.opt, handler };
            let mut group = criterion.benchmark_group(group_id.to_string());
            group.throughput(Throughput::Elements(1));
            for strategy in strategies(backend) {
                bench_io_requests(&mut group, handler, strategy, engine.opt, backend);
            }
            group.finish();
        }
    }
    run.finish();
}

/// The strategies `backend`'s runtime has, in this repetition's order.
fn strategies(backend: wasm_script_bench::runtime::Backend) -> Vec<Strategy> {
    common::run_order(Strategy::ALL.into_iter().filter(|s| s.supported_by(backend.runtime())).collect())
}

/// One I/O request per iteration, each on an instance (and WASI context) made as the
/// strategy says; checked once against native before timing.
#[cfg(feature = "wasi")]
fn bench_io_requests(
    group: &mut BenchmarkGroup<'_, WallTime>,
    handler: Handler,
    strategy: Strategy,
    opt: GuestOpt,
    backend: wasm_script_bench::runtime::Backend,
) {
    use wasm_script_bench::experiments::lifecycle::IoServer;
    let Handler::Io(route) = handler else {
        common::fail(format!("{strategy}: {} is not an I/O handler", handler.name()))
    };
    let mut server = common::or_fail(IoServer::start(backend, route, strategy, opt), format!("{route} {strategy}"));
    group.bench_function(strategy.to_string(), |b| b.iter(|| common::or_fail(server.serve(), strategy)));
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
