//! What a WASI call costs (feature `wasi`): per backend, a guest loops over one
//! operation K times per entry (K = Criterion's iteration count, as the hostcall target
//! does), each iteration one import call, so each figure is the time of one call out of
//! the guest: a monotonic clock read, a 16-byte random fill, a 64-byte line to stdout.
//! Through WASI Preview 1 (the runtime's own WASI crate, a WASI context per instance,
//! stdout captured in memory), through the suite's typed host function doing the same
//! work, and natively (the same work behind an `#[inline(never)]` call).
//!
//! Ids (`wasm_script_bench::ids::WasiId`):
//! `wasi/{host}/{backend}/guest-release/{op}-{wasi|hostfn}` and `.../native-{op}`, ops
//! `clock`, `random`, `stdout`.

mod common;

use std::time::{Duration, Instant};

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Throughput};
use wasm_script_bench::guest::GuestOpt;
use wasm_script_bench::ids::{Experiment, WasiCase, WasiGroup};
use wasm_script_bench::runtime::Backend;
use wasm_script_bench::runtime::wasi::{CompiledIo, Instance, IoOp, IoRoute, LINE, NativeIo, RandomSource};

/// Calls in the check made before timing.
const CHECK_CALLS: u64 = 1000;

/// Calls timed in one piece: between pieces (outside the timing) the captured stdout is
/// taken away, so a long run does not keep every line it wrote.
const CHUNK: u64 = 4096;

fn main() {
    let mut run = common::Run::start(Experiment::Wasi);
    let profile = run.profile.clone();
    let criterion = &mut run.criterion;
    for engine in common::plain_engines(&profile, &[GuestOpt::Release]).into_iter().filter(|e| e.backend.runs_wasi()) {
        let backend = engine.backend;
        let group_id = WasiGroup { host: common::host(), backend, opt: engine.opt };
        let mut group = criterion.benchmark_group(group_id.to_string());
        group.throughput(Throughput::Elements(1));
        let instance = |route| {
            let compiled = common::or_fail(CompiledIo::compile(backend, route, engine.opt), route);
            common::or_fail(compiled.instantiate(), route)
        };
        let (mut wasi, mut hostfn) = (instance(IoRoute::Wasi), instance(IoRoute::HostFn));
        for case in common::run_order(WasiCase::all()) {
            match case {
                WasiCase::Native(op) => bench_native(&mut group, backend, op),
                WasiCase::Guest(op, route) => {
                    let guest = match route {
                        IoRoute::Wasi => &mut wasi,
                        IoRoute::HostFn => &mut hostfn,
                    };
                    bench_guest(&mut group, guest, op, case)
                }
            }
        }
        group.finish();
    }
    run.finish();
}

/// The same work natively, with the kind of generator the backend's WASI draws from.
fn bench_native(group: &mut BenchmarkGroup<'_, WallTime>, backend: Backend, op: IoOp) {
    let case = WasiCase::Native(op);
    let mut native = NativeIo::new(RandomSource::of(backend.runtime()));
    check(case, op, common::or_fail(native.run(op, CHECK_CALLS), case), native.take_stdout());
    group.bench_function(case.to_string(), |b| {
        b.iter_custom(|calls| {
            timed_in_chunks(
                calls,
                &mut native,
                |native, n| common::or_fail(native.run(op, n), case),
                |native| drop(native.take_stdout()),
            )
        })
    });
}

/// The guest's loop over `op`, one import call per iteration.
fn bench_guest(group: &mut BenchmarkGroup<'_, WallTime>, guest: &mut Instance, op: IoOp, case: WasiCase) {
    let host_calls = guest.host_calls();
    let answer = common::or_fail(guest.run(op, CHECK_CALLS), case);
    check(case, op, answer, common::or_fail(guest.take_stdout(), case));
    let expected_calls = if guest.route() == IoRoute::HostFn { CHECK_CALLS } else { 0 };
    if guest.host_calls() - host_calls != expected_calls {
        common::fail(format!("{case}: the typed host functions saw {} calls", guest.host_calls() - host_calls));
    }
    group.bench_function(case.to_string(), |b| {
        b.iter_custom(|calls| {
            timed_in_chunks(
                calls,
                &mut *guest,
                |guest, n| common::or_fail(guest.run(op, n), case),
                |guest| drop(common::or_fail(guest.take_stdout(), case)),
            )
        })
    });
}

/// Once, outside the timing: the loop must answer what native answers, and stdout hold
/// exactly the lines written.
fn check(case: WasiCase, op: IoOp, answer: i64, stdout: Vec<u8>) {
    let expected = op.expected(CHECK_CALLS);
    if answer != expected {
        common::fail(format!("{case}: the loop answered {answer}, natively {expected}"));
    }
    let lines = if op == IoOp::Stdout { CHECK_CALLS as usize } else { 0 };
    if stdout != LINE.repeat(lines) {
        common::fail(format!("{case}: stdout holds {} bytes, not {lines} lines", stdout.len()));
    }
}

/// `calls` calls of `run` on `target`, at most [`CHUNK`] per piece, `between` each
/// piece untimed.
fn timed_in_chunks<T>(
    calls: u64,
    target: &mut T,
    mut run: impl FnMut(&mut T, u64) -> i64,
    mut between: impl FnMut(&mut T),
) -> Duration {
    let (mut left, mut elapsed) = (calls, Duration::ZERO);
    while left > 0 {
        let n = left.min(CHUNK);
        let start = Instant::now();
        std::hint::black_box(run(target, n));
        elapsed += start.elapsed();
        between(target);
        left -= n;
    }
    elapsed
}
