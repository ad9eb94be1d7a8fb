//! Calls from the guest into the host (beyond the paper): per backend, the `hostcall`
//! guest loops over one host function K times per entry (K = Criterion's iteration
//! count, as Wasmtime's own `benches/call.rs` does), so each figure is the time of one
//! call out of the guest. Host functions are bound typed or dynamic; the baseline is the
//! same loop natively, over an `#[inline(never)]` function called through a pointer.
//!
//! Ids: `hostcall/{host}/{backend}/guest-release/{call}-{typed|dynamic}` and
//! `.../native-{call}`, calls `nop`, `add`, `read-{16B|4KiB}`, `write-{16B|4KiB}`.

mod common;

use std::hint::black_box;
use std::time::Instant;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Throughput};
use wasm_script_bench::experiments::hostcall::{HostCall, NativeCaller, WasmCaller, host_pattern};
use wasm_script_bench::guest::{self, GuestOpt};
use wasm_script_bench::runtime::engine::{AnyCompiled, Compiled, CompiledGuest};
use wasm_script_bench::runtime::{HostFnStyle, Runtime};

/// Calls in the check made before timing.
const CHECK_CALLS: u64 = 1000;

fn main() {
    let profile = common::profile();
    let mut criterion = common::criterion(&profile);
    for backend in common::backends(&profile) {
        let compiled =
            CompiledGuest::compile(backend, &guest::HOSTCALL, GuestOpt::Release).unwrap_or_else(|e| common::fail(e));
        let mut group =
            criterion.benchmark_group(format!("hostcall/{}/{backend}/guest-release", common::host_profile()));
        group.throughput(Throughput::Elements(1));
        for call in HostCall::all() {
            let mut native = NativeCaller::new(call);
            let expected = native.run(CHECK_CALLS);
            group.bench_function(format!("native-{call}"), |b| {
                b.iter_custom(|calls| {
                    let start = Instant::now();
                    black_box(native.run(calls));
                    start.elapsed()
                })
            });
            for style in HostFnStyle::ALL {
                match compiled.runtime() {
                    AnyCompiled::Wasmer(compiled) => bench_calls(&mut group, compiled, style, call, expected),
                    #[cfg(feature = "wasmtime")]
                    AnyCompiled::Wasmtime(compiled) => bench_calls(&mut group, compiled, style, call, expected),
                }
            }
        }
        group.finish();
    }
    criterion.final_summary();
}

fn bench_calls<R: Runtime>(
    group: &mut BenchmarkGroup<WallTime>,
    compiled: &Compiled<R>,
    style: HostFnStyle,
    call: HostCall,
    expected: i64,
) {
    let id = format!("{call}-{style}");
    let mut caller = common::or_fail(WasmCaller::new(compiled, style, call), &id);
    // Once, outside the timing: the guest loop must return what the native loop does,
    // after as many host calls, having received the host's bytes.
    let got = common::or_fail(caller.run(CHECK_CALLS), &id);
    if got != expected || caller.host_calls() != CHECK_CALLS {
        common::fail(format!(
            "{id}: the guest returned {got} after {} host calls, native {expected}",
            caller.host_calls()
        ));
    }
    if let HostCall::Write(len) = call {
        let written = common::or_fail(caller.guest_buffer(len), &id);
        if written.iter().enumerate().any(|(i, &byte)| byte != host_pattern(i)) {
            common::fail(format!("{id}: the guest's buffer does not hold the bytes the host wrote"));
        }
    }
    group.bench_function(id.clone(), |b| {
        b.iter_custom(|calls| {
            let start = Instant::now();
            common::or_fail(caller.run(calls), &id);
            start.elapsed()
        })
    });
}
