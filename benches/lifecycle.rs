//! An instance per request (beyond the paper): instantiate, handle one request, drop,
//! for the multiply guest (a trivial module) and the simulator guest (more memory and
//! data), per backend and per way of making the instance; beside the same request on
//! an instance kept alive (the floor). Throughput is in requests, so Criterion reports
//! instances per second.
//!
//! Ids: `lifecycle/{host}/{backend}/guest-release/{guest}/{strategy}`, strategies
//! `reuse-instance`, `new-instance` and, on Wasmtime, `instance-pre` and `pooling`.

mod common;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Throughput};
use wasm_script_bench::experiments::lifecycle::{Handler, Server, Strategy};
use wasm_script_bench::guest::GuestOpt;
use wasm_script_bench::runtime::Runtime;
use wasm_script_bench::runtime::engine::{AnyCompiled, Compiled, CompiledGuest, Engine};

fn main() {
    let profile = common::profile();
    let mut criterion = common::criterion(&profile);
    for backend in common::backends(&profile) {
        for handler in Handler::ALL {
            let guest = handler.guest();
            let mut group = criterion.benchmark_group(format!(
                "lifecycle/{}/{backend}/guest-release/{}",
                common::host_profile(),
                guest.name
            ));
            group.throughput(Throughput::Elements(1));
            for strategy in Strategy::ALL.into_iter().filter(|s| s.supported_by(backend.runtime())) {
                let engine =
                    Engine::with_options(backend, strategy.engine_options()).unwrap_or_else(|e| common::fail(e));
                let compiled =
                    CompiledGuest::compile_in(&engine, guest, GuestOpt::Release).unwrap_or_else(|e| common::fail(e));
                match compiled.runtime() {
                    AnyCompiled::Wasmer(c) => bench_requests(&mut group, c, handler, strategy),
                    #[cfg(feature = "wasmtime")]
                    AnyCompiled::Wasmtime(c) => bench_requests(&mut group, c, handler, strategy),
                }
            }
            group.finish();
        }
    }
    criterion.final_summary();
}

fn bench_requests<R: Runtime>(
    group: &mut BenchmarkGroup<WallTime>,
    compiled: &Compiled<R>,
    handler: Handler,
    strategy: Strategy,
) {
    let id = strategy.to_string();
    let mut server = common::or_fail(Server::new(compiled, handler, strategy), &id);
    // Once, outside the timing: the request must do what it does natively.
    let (got, expected) = (common::or_fail(server.serve(), &id), handler.native());
    if got != expected {
        common::fail(format!("{strategy}: the guest returned {got}, natively {expected}"));
    }
    group.bench_function(&id, |b| b.iter(|| common::or_fail(server.serve(), &id)));
}
