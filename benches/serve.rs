//! The serverless request (beyond the paper; `--features wasi`): one HTTP request to a
//! `wasi:http` proxy component, handled in process as `wasmtime serve` handles it (a new
//! store, WASI and wasi:http contexts and instance per request from the pre-instantiated
//! proxy, a hyper request built in memory, the response body collected), per Wasmtime
//! backend and configuration: pooling or not, copy-on-write memory images on or off,
//! and one instance kept for every request (the floor); beside the same work natively
//! (decode the body, answer from a fresh LRU). One request per iteration and
//! `Throughput::Elements(1)`, so Criterion reports requests per second on one core.
//!
//! The same work on the hand ABI is `lifecycle/.../simulator/{strategy}` (a fresh core
//! instance, `init` a 4 MiB LRU, `send` the same request); the `ratio` target pairs
//! the pooled proxy with the pooled hand-ABI instance.
//!
//! Ids (`wasm_script_bench::ids::ServeId`): `serve/{host}/{backend}/guest-release/{case}`,
//! cases `native`, `reuse-instance`, `instance-pre`, `instance-pre-no-cow`, `pooling`,
//! `pooling-no-cow`.

mod common;

use std::hint::black_box;

use criterion::Throughput;
use wasm_script_bench::experiments::serve::{BENCH_REQUEST, Bytes, NativeProxy, ProxyServer, ServeCase, Verdict};
use wasm_script_bench::guest::GuestOpt;
use wasm_script_bench::ids::{Experiment, ServeGroup};
use wasm_script_bench::runtime::RuntimeKind;

fn main() {
    let mut run = common::Run::start(Experiment::Serve);
    let profile = run.profile.clone();
    let criterion = &mut run.criterion;
    let body = Bytes::copy_from_slice(&BENCH_REQUEST.encode());
    let backends = common::backends(&profile).into_iter().filter(|b| b.runtime() == RuntimeKind::Wasmtime);
    for backend in backends {
        let group_id = ServeGroup { host: common::host(), backend, opt: GuestOpt::Release };
        let mut group = criterion.benchmark_group(group_id.to_string());
        group.throughput(Throughput::Elements(1));
        for case in common::run_order(ServeCase::ALL.to_vec()) {
            match case {
                ServeCase::Native => {
                    let mut native = NativeProxy::instance_per_request();
                    group.bench_function(case.to_string(), |b| {
                        b.iter(|| common::or_fail(native.answer(black_box(&body)), case))
                    });
                }
                ServeCase::Proxy(config) => {
                    let mut server = common::or_fail(ProxyServer::new(backend, config), case);
                    // Once, outside the timing: the proxy must answer what native answers
                    // (its first request, kept instance or not, finds an empty LRU).
                    let got = common::or_fail(server.verdict(body.clone()), case);
                    if got != Verdict::Miss {
                        common::fail(format!("{group_id}/{case}: the proxy answered {got:?}, natively Miss"));
                    }
                    group.bench_function(case.to_string(), |b| {
                        b.iter(|| common::or_fail(server.request(black_box(body.clone())), case))
                    });
                }
            }
        }
        group.finish();
    }
    run.finish();
}
