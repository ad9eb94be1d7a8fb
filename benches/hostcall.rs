//! Calls from the guest into the host (beyond the paper): per backend, the `hostcall`
//! guest loops over one host function K times per entry (K = Criterion's iteration
//! count, as Wasmtime's own `benches/call.rs` does), so each figure is the time of one
//! call out of the guest. Host functions are bound typed or dynamic; the baseline is the
//! same loop natively, over an `#[inline(never)]` function called through a pointer.
//!
//! Ids (`wasm_script_bench::ids::HostCallId`):
//! `hostcall/{host}/{backend}[-metered|-epoch]/guest-release/{call}-{typed|dynamic}` and
//! `.../native-{call}`, calls `nop`, `add`, `read-{16B|4KiB}`, `write-{16B|4KiB}`.

mod common;

use std::hint::black_box;
use std::time::Instant;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Throughput};
use wasm_script_bench::experiments::hostcall::{HostCall, NativeCaller, WasmCaller, host_pattern};
use wasm_script_bench::guest::{self, GuestOpt};
use wasm_script_bench::ids::{Experiment, HostCallCase, HostCallGroup};
use wasm_script_bench::runtime::engine::{Compiled, OnRuntime};
use wasm_script_bench::runtime::{HostFnStyle, Runtime};

/// Calls in the check made before timing.
const CHECK_CALLS: u64 = 1000;

fn main() {
    let mut run = common::Run::start(Experiment::HostCall);
    let profile = run.profile.clone();
    let criterion = &mut run.criterion;
    for engine in common::engines(&profile, &[GuestOpt::Release], &profile.metering()) {
        let compiled = engine.compile(&guest::HOSTCALL);
        let group_id = HostCallGroup { host: common::host(), engine: engine.id(), opt: engine.opt };
        let mut group = criterion.benchmark_group(group_id.to_string());
        group.throughput(Throughput::Elements(1));
        let backend = engine.backend;
        let cases = HostCall::all().into_iter().flat_map(|call| {
            std::iter::once(HostCallCase::Native(call)).chain(
                HostFnStyle::ALL
                    .into_iter()
                    .filter(move |style| style.runs_on(backend))
                    .map(move |style| HostCallCase::Wasm(call, style)),
            )
        });
        for case in common::run_order(cases.collect()) {
            match case {
                HostCallCase::Native(call) => {
                    let mut native = NativeCaller::new(call);
                    group.bench_function(case.to_string(), |b| {
                        b.iter_custom(|calls| {
                            let start = Instant::now();
                            black_box(native.run(calls));
                            start.elapsed()
                        })
                    });
                }
                HostCallCase::Wasm(call, style) => compiled.on_runtime(BenchCalls { group: &mut group, call, style }),
            }
        }
        group.finish();
    }
    run.finish();
}

/// The guest loop over one host function bound in one style, on the guest's runtime.
struct BenchCalls<'a, 'g> {
    group: &'a mut BenchmarkGroup<'g, WallTime>,
    call: HostCall,
    style: HostFnStyle,
}

impl OnRuntime for BenchCalls<'_, '_> {
    type Output = ();
    fn run<R: Runtime>(self, compiled: &Compiled<R>) {
        let BenchCalls { group, call, style } = self;
        let case = HostCallCase::Wasm(call, style);
        let expected = NativeCaller::new(call).run(CHECK_CALLS);
        let mut caller = common::or_fail(WasmCaller::new(compiled, style, call), case);
        // Once, outside the timing: the guest loop must return what the native loop does,
        // after as many host calls, having received the host's bytes.
        let got = common::or_fail(caller.run(CHECK_CALLS), case);
        if got != expected || caller.host_calls() != CHECK_CALLS {
            common::fail(format!(
                "{case}: the guest returned {got} after {} host calls, native {expected}",
                caller.host_calls()
            ));
        }
        if let HostCall::Write(len) = call {
            let written = common::or_fail(caller.guest_buffer(len), case);
            if written.iter().enumerate().any(|(i, &byte)| byte != host_pattern(i)) {
                common::fail(format!("{case}: the guest's buffer does not hold the bytes the host wrote"));
            }
        }
        group.bench_function(case.to_string(), |b| {
            b.iter_custom(|calls| {
                let start = Instant::now();
                common::or_fail(caller.run(calls), case);
                start.elapsed()
            })
        });
    }
}
