//! Payloads from 16 B to 1 MiB (beyond the paper): per direction and size, every ABI
//! that carries bytes on every backend, beside the same encode + copy + decode +
//! checksum natively and a plain `copy_from_slice` of the payload's bytes (the physical
//! floor). Throughput is in payload bytes, so Criterion reports bytes per second.
//!
//! Ids (`wasm_script_bench::ids::PayloadId`):
//! `payload/{host}/{to-guest|from-guest}/{size}/{backend}/{abi}`,
//! `.../{size}/native/{abi}` and `.../{size}/memcpy`; ABIs `bincode`, `postcard`,
//! `bytemuck`, `raw`, and on Wasmtime the Component Model's `component` (`list<u8>`) and
//! `component-records` (`list<sample>`); sizes `16B`, `256B`, `4KiB`, `64KiB`, `1MiB`.
//! Release guests.

mod common;

use std::hint::black_box;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Throughput};
use wasm_script_bench::experiments::payload::{
    Direction, Memcpy, NativeTransfer, PAYLOAD_SIZES, PayloadAbi, WasmTransfer, expected_checksum,
};
use wasm_script_bench::guest::{self, GuestOpt};
use wasm_script_bench::ids::{Experiment, PayloadGroup, PayloadRoute};
use wasm_script_bench::runtime::Runtime;
use wasm_script_bench::runtime::engine::{Compiled, CompiledGuest, OnRuntime};

fn main() {
    let mut run = common::Run::start(Experiment::Payload);
    let profile = run.profile.clone();
    let criterion = &mut run.criterion;
    let guests: Vec<CompiledGuest> = common::plain_engines(&profile, &[GuestOpt::Release])
        .into_iter()
        .map(|engine| common::or_fail(CompiledGuest::compile(engine.backend, &guest::PAYLOAD, engine.opt), "payload"))
        .collect();
    // The Component Model's lists, on the backends that run components.
    #[cfg(feature = "wasmtime")]
    let components: Vec<wasm_script_bench::runtime::component::CompiledComponent> = guests
        .iter()
        .filter(|g| g.backend.runs_components())
        .map(|g| {
            let compiled = wasm_script_bench::runtime::component::CompiledComponent::compile(g.backend, g.opt);
            common::or_fail(compiled, "component")
        })
        .collect();
    // Every route, in the order a plain run measures them: the floor, natively, each
    // backend's ABIs, then the component's lists.
    let mut routes = vec![PayloadRoute::Memcpy];
    routes.extend(PayloadAbi::ALL.map(PayloadRoute::Native));
    routes.extend(guests.iter().flat_map(|g| PayloadAbi::ALL.map(|abi| PayloadRoute::Wasm(g.backend, abi))));
    #[cfg(feature = "wasmtime")]
    routes.extend(components.iter().flat_map(|c| {
        wasm_script_bench::experiments::payload::ComponentPayload::ALL.map(|p| PayloadRoute::Component(c.backend, p))
    }));
    for direction in Direction::ALL {
        for bytes in PAYLOAD_SIZES {
            let group_id = PayloadGroup { host: common::host(), direction, bytes };
            let mut group = criterion.benchmark_group(group_id.to_string());
            group.throughput(Throughput::Bytes(bytes as u64));
            let expected = expected_checksum(bytes);
            for route in common::run_order(routes.clone()) {
                match route {
                    PayloadRoute::Memcpy => {
                        let mut floor = Memcpy::new(bytes);
                        group.bench_function(route.to_string(), |b| b.iter(|| black_box(floor.copy().len())));
                    }
                    PayloadRoute::Native(abi) => {
                        let mut native = NativeTransfer::new(abi, bytes);
                        check(route, native.transfer(), expected);
                        group.bench_function(route.to_string(), |b| {
                            b.iter(|| native.transfer().unwrap_or_else(|e| common::fail(e)))
                        });
                    }
                    PayloadRoute::Wasm(backend, abi) => {
                        let compiled =
                            guests.iter().find(|g| g.backend == backend).expect("a route per compiled guest");
                        compiled.on_runtime(BenchTransfer { group: &mut group, route, abi, direction, bytes });
                    }
                    #[cfg(feature = "wasmtime")]
                    PayloadRoute::Component(backend, payload) => {
                        use wasm_script_bench::experiments::payload::component::ComponentTransfer;
                        let component =
                            components.iter().find(|c| c.backend == backend).expect("a route per component");
                        let transfer = ComponentTransfer::new(component, payload, direction, bytes);
                        let mut transfer = common::or_fail(transfer, route);
                        check(route, transfer.transfer(), expected);
                        group.bench_function(route.to_string(), |b| {
                            b.iter(|| common::or_fail(transfer.transfer(), route))
                        });
                    }
                    #[cfg(not(feature = "wasmtime"))]
                    PayloadRoute::Component(..) => {}
                }
            }
            group.finish();
        }
    }
    run.finish();
}

/// A wrong checksum would make the timing meaningless: checked once before timing.
fn check(route: PayloadRoute, got: wasm_script_bench::Result<u64>, expected: u64) {
    match got {
        Ok(sum) if sum == expected => {}
        Ok(sum) => common::fail(format!("{route}: checksum {sum:#x}, expected {expected:#x}")),
        Err(e) => common::fail(format!("{route}: {e}")),
    }
}

/// One ABI and direction through the payload guest, on the guest's runtime.
struct BenchTransfer<'a, 'g> {
    group: &'a mut BenchmarkGroup<'g, WallTime>,
    route: PayloadRoute,
    abi: PayloadAbi,
    direction: Direction,
    bytes: usize,
}

impl OnRuntime for BenchTransfer<'_, '_> {
    type Output = ();
    fn run<R: Runtime>(self, compiled: &Compiled<R>) {
        let BenchTransfer { group, route, abi, direction, bytes } = self;
        let mut transfer = common::or_fail(WasmTransfer::new(compiled, abi, direction, bytes), route);
        check(route, transfer.transfer(), expected_checksum(bytes));
        group.bench_function(route.to_string(), |b| b.iter(|| common::or_fail(transfer.transfer(), route)));
    }
}
