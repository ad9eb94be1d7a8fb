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
use wasm_script_bench::ids::{PayloadGroup, PayloadRoute};
use wasm_script_bench::runtime::Runtime;
use wasm_script_bench::runtime::engine::{Compiled, CompiledGuest, OnRuntime};

fn main() {
    let profile = common::profile();
    let mut criterion = common::criterion(&profile);
    let guests: Vec<CompiledGuest> = common::engines(&profile, &[GuestOpt::Release], &[None])
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
    for direction in Direction::ALL {
        for bytes in PAYLOAD_SIZES {
            let group_id = PayloadGroup { host: common::host(), direction, bytes };
            let mut group = criterion.benchmark_group(group_id.to_string());
            group.throughput(Throughput::Bytes(bytes as u64));
            let mut floor = Memcpy::new(bytes);
            group.bench_function(PayloadRoute::Memcpy.to_string(), |b| b.iter(|| black_box(floor.copy().len())));
            let expected = expected_checksum(bytes);
            for abi in PayloadAbi::ALL {
                let route = PayloadRoute::Native(abi);
                let mut native = NativeTransfer::new(abi, bytes);
                check(route, native.transfer(), expected);
                group.bench_function(route.to_string(), |b| {
                    b.iter(|| native.transfer().unwrap_or_else(|e| common::fail(e)))
                });
            }
            for compiled in &guests {
                for abi in PayloadAbi::ALL {
                    let route = PayloadRoute::Wasm(compiled.backend, abi);
                    compiled.on_runtime(BenchTransfer { group: &mut group, route, abi, direction, bytes });
                }
            }
            #[cfg(feature = "wasmtime")]
            for component in &components {
                use wasm_script_bench::experiments::payload::ComponentPayload;
                use wasm_script_bench::experiments::payload::component::ComponentTransfer;
                for payload in ComponentPayload::ALL {
                    let route = PayloadRoute::Component(component.backend, payload);
                    let transfer = ComponentTransfer::new(component, payload, direction, bytes);
                    let mut transfer = common::or_fail(transfer, route);
                    check(route, transfer.transfer(), expected);
                    group.bench_function(route.to_string(), |b| b.iter(|| common::or_fail(transfer.transfer(), route)));
                }
            }
            group.finish();
        }
    }
    criterion.final_summary();
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
