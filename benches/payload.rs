//! Payloads from 16 B to 1 MiB (beyond the paper): per direction and size, every ABI
//! that carries bytes on every backend, beside the same encode + copy + decode +
//! checksum natively and a plain `copy_from_slice` of the payload's bytes (the physical
//! floor). Throughput is in payload bytes, so Criterion reports bytes per second.
//!
//! Ids: `payload/{host}/{to-guest|from-guest}/{size}/{backend}/{abi}`,
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
use wasm_script_bench::runtime::Runtime;
use wasm_script_bench::runtime::engine::{AnyCompiled, Compiled, CompiledGuest};
use wasm_script_bench::units::size_label;

fn main() {
    let profile = common::profile();
    let mut criterion = common::criterion(&profile);
    let backends = common::backends(&profile);
    let guests: Vec<CompiledGuest> = backends
        .iter()
        .map(|&backend| common::or_fail(CompiledGuest::compile(backend, &guest::PAYLOAD, GuestOpt::Release), "payload"))
        .collect();
    // The Component Model's lists, on Wasmtime's backends.
    #[cfg(feature = "wasmtime")]
    let components: Vec<wasm_script_bench::runtime::component::CompiledComponent> = backends
        .iter()
        .filter(|b| b.runtime() == wasm_script_bench::runtime::RuntimeKind::Wasmtime)
        .map(|&b| {
            common::or_fail(
                wasm_script_bench::runtime::component::CompiledComponent::compile(b, GuestOpt::Release),
                "component",
            )
        })
        .collect();
    for direction in Direction::ALL {
        for bytes in PAYLOAD_SIZES {
            let size = size_label(bytes as i64);
            let mut group = criterion.benchmark_group(format!("payload/{}/{direction}/{size}", common::host_profile()));
            group.throughput(Throughput::Bytes(bytes as u64));
            let mut floor = Memcpy::new(bytes);
            group.bench_function("memcpy", |b| b.iter(|| black_box(floor.copy().len())));
            let expected = expected_checksum(bytes);
            for abi in PayloadAbi::ALL {
                let mut native = NativeTransfer::new(abi, bytes);
                check(&format!("native/{abi}"), native.transfer(), expected);
                group.bench_function(format!("native/{abi}"), |b| {
                    b.iter(|| native.transfer().unwrap_or_else(|e| common::fail(e)))
                });
            }
            for compiled in &guests {
                for abi in PayloadAbi::ALL {
                    let id = format!("{}/{abi}", compiled.backend);
                    match compiled.runtime() {
                        AnyCompiled::Wasmer(c) => bench_transfer(&mut group, &id, c, abi, direction, bytes),
                        #[cfg(feature = "wasmtime")]
                        AnyCompiled::Wasmtime(c) => bench_transfer(&mut group, &id, c, abi, direction, bytes),
                    }
                }
            }
            #[cfg(feature = "wasmtime")]
            for component in &components {
                use wasm_script_bench::experiments::payload::component::{ComponentPayload, ComponentTransfer};
                for payload in ComponentPayload::ALL {
                    let id = format!("{}/{payload}", component.backend);
                    let mut transfer =
                        common::or_fail(ComponentTransfer::new(component, payload, direction, bytes), &id);
                    check(&id, transfer.transfer(), expected);
                    group.bench_function(&id, |b| b.iter(|| common::or_fail(transfer.transfer(), &id)));
                }
            }
            group.finish();
        }
    }
    criterion.final_summary();
}

/// A wrong checksum would make the timing meaningless: checked once before timing.
fn check(id: &str, got: wasm_script_bench::Result<u64>, expected: u64) {
    match got {
        Ok(sum) if sum == expected => {}
        Ok(sum) => common::fail(format!("{id}: checksum {sum:#x}, expected {expected:#x}")),
        Err(e) => common::fail(format!("{id}: {e}")),
    }
}

fn bench_transfer<R: Runtime>(
    group: &mut BenchmarkGroup<WallTime>,
    id: &str,
    compiled: &Compiled<R>,
    abi: PayloadAbi,
    direction: Direction,
    bytes: usize,
) {
    let mut transfer = common::or_fail(WasmTransfer::new(compiled, abi, direction, bytes), id);
    check(id, transfer.transfer(), expected_checksum(bytes));
    group.bench_function(id, |b| b.iter(|| common::or_fail(transfer.transfer(), id)));
}
