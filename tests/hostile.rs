//! Guests that misbehave: every fault is an error the host handles (naming the export),
//! never a crash, and a fresh instance of the same module works afterwards.

use wasm_script_bench::Error;
use wasm_script_bench::abi::{Abi, CallStyle, Loading, Memory};
use wasm_script_bench::experiments::micro::MicroConfig;
use wasm_script_bench::guest::GuestOpt;
use wasm_script_bench::ids::Metering;
use wasm_script_bench::runtime::engine::{CompiledGuest, Engine};
use wasm_script_bench::runtime::{Backend, Limit};

/// Behaves (multiplies) unless x == 13, when it runs `$misbehave`.
fn module(misbehave: &str, extra: &str) -> String {
    format!(
        r#"(module
          (memory (export "memory") 1)
          {extra}
          (func $misbehave (param $x i32) (param $y i32) (result i32) {misbehave})
          (func (export "multiply") (param $x i32) (param $y i32) (result i32)
            (if (result i32) (i32.eq (local.get $x) (i32.const 13))
              (then (call $misbehave (local.get $x) (local.get $y)))
              (else (i32.mul (local.get $x) (local.get $y))))))"#
    )
}

const PAIR: MicroConfig = MicroConfig::CACHED_TYPED_PAIR;

/// The module compiled by every backend compiled in that can limit a call as `limit` says.
fn compile_all(wat: &str, limit: Option<Limit>) -> Vec<CompiledGuest> {
    let bytes = wat::parse_str(wat).unwrap();
    Backend::compiled_in()
        .into_iter()
        .filter(|&backend| Metering::of(limit).runs_on(backend))
        .map(|backend| {
            let engine = Engine::metered(backend, limit).unwrap();
            CompiledGuest::compile_bytes(&engine, "hostile", &bytes, GuestOpt::Release).unwrap()
        })
        .collect()
}

/// Calls the misbehaving path in both call styles, checks the error, then checks that
/// the same instance and a fresh one still multiply.
fn assert_contained(guests: &[CompiledGuest], check: impl Fn(&Error) -> bool) {
    for guest in guests {
        for config in [PAIR, MicroConfig { call: CallStyle::Dynamic, loading: Some(Loading::Hotload), ..PAIR }] {
            let mut subject = config.build(guest).unwrap();
            let object = subject.object();
            let err = object.multiply(13, 2).unwrap_err();
            assert!(check(&err), "{} {config}: unexpected error {err}", guest.backend);
            assert!(err.to_string().contains("multiply"), "the error names the export: {err}");
            assert_eq!(
                object.multiply(6, 7).unwrap(),
                42,
                "{}: the same instance works after the fault",
                guest.backend
            );
            assert_eq!(config.build(guest).unwrap().object().multiply(-3, 3).unwrap(), -9, "a fresh instance works");
        }
    }
}

#[test]
fn a_trap_is_an_error() {
    assert_contained(&compile_all(&module("unreachable", ""), None), |e| matches!(e, Error::Trap { .. }));
}

#[test]
fn a_stack_overflow_is_an_error() {
    let wat = module(
        "(call $recurse (local.get $x))",
        "(func $recurse (param i32) (result i32) (call $recurse (local.get 0)))",
    );
    assert_contained(&compile_all(&wat, None), |e| matches!(e, Error::Trap { .. }));
}

#[test]
fn growing_memory_without_bound_ends_in_an_error() {
    // Grows 64 MiB at a time until the runtime refuses, then traps.
    let grow = "(loop $again (br_if $again (i32.ne (memory.grow (i32.const 1024)) (i32.const -1)))) unreachable";
    assert_contained(&compile_all(&module(grow, ""), None), |e| matches!(e, Error::Trap { .. }));
}

#[test]
fn a_script_that_never_returns_is_stopped_by_the_execution_limit() {
    let spin = "(loop $forever (br $forever)) (i32.const 0)";
    assert_contained(&compile_all(&module(spin, ""), Some(Limit::Fuel(1_000_000))), |e| {
        matches!(e, Error::OutOfFuel { limit: 1_000_000, .. }) && e.to_string().contains("execution limit")
    });
}

#[test]
fn a_script_that_never_returns_is_stopped_by_an_epoch_deadline() {
    let spin = "(loop $forever (br $forever)) (i32.const 0)";
    let guests = compile_all(&module(spin, ""), Some(Limit::Epoch(20)));
    // Every Wasmtime backend compiled in (Pulley included); none without Wasmtime.
    assert_eq!(guests.len(), Backend::compiled_in().iter().filter(|b| Metering::Epoch.runs_on(**b)).count());
    let started = std::time::Instant::now();
    assert_contained(&guests, |e| {
        matches!(e, Error::DeadlineExceeded { ticks: 20, .. }) && e.to_string().contains("deadline")
    });
    // Two stopped calls per guest, 20 ticks of 1 ms each: far below a second apiece.
    assert!(started.elapsed() < std::time::Duration::from_secs(2 * guests.len() as u64 + 5), "{:?}", started.elapsed());
}

#[test]
fn an_epoch_deadline_on_a_runtime_without_epochs_is_a_clear_error() {
    for backend in Backend::compiled_in().into_iter().filter(|b| !Metering::Epoch.runs_on(*b)) {
        let err = Engine::metered(backend, Some(Limit::Epoch(5))).err().expect("refused");
        assert!(err.to_string().contains("no epoch interruption"), "{backend}: {err}");
    }
}

#[test]
fn a_limit_on_a_runtime_without_one_is_a_clear_error() {
    // wasm3 has neither fuel nor deadlines (with `--features wasm3`).
    for backend in Backend::compiled_in().into_iter().filter(|b| !Metering::Fuel.runs_on(*b)) {
        for limit in [Limit::Fuel(1_000), Limit::Epoch(5)] {
            let err = Engine::metered(backend, Some(limit)).err().expect("refused");
            assert!(err.to_string().contains("cannot stop a call that runs too long"), "{backend}: {err}");
        }
    }
}

#[test]
fn the_limit_is_per_call_so_honest_calls_keep_running() {
    for guest in compile_all(&module("unreachable", ""), Some(Limit::Fuel(100))) {
        let mut subject = PAIR.build(&guest).unwrap();
        for i in 0..10_000 {
            let product = subject.object().multiply(2, i);
            assert_eq!(product.unwrap(), i.wrapping_mul(2), "{}: x = 2 never takes the trap path", guest.backend);
        }
    }
    // A 200 ms deadline, and calls for five times as long: each call gets its own. (A
    // deadline is wall time, so it is far above what a busy test machine may pause a
    // thread for.)
    for guest in compile_all(&module("unreachable", ""), Some(Limit::Epoch(200))) {
        let mut subject = PAIR.build(&guest).unwrap();
        let started = std::time::Instant::now();
        let mut i = 0;
        while started.elapsed() < std::time::Duration::from_secs(1) {
            let product = subject.object().multiply(2, i);
            assert_eq!(product.unwrap(), i.wrapping_mul(2), "{}: call {i} within its own deadline", guest.backend);
            i += 1;
        }
    }
}

#[test]
fn a_missing_or_wrongly_typed_export_is_named_when_the_object_is_built() {
    for (wat, export) in [
        ("(module (memory (export \"memory\") 1))", "multiply"),
        (
            "(module (memory (export \"memory\") 1) (func (export \"multiply\") (param i64 i64) (result i64) (i64.const 0)))",
            "multiply",
        ),
        (
            "(module (func (export \"static_buffer\") (result i64) (i64.const 0)) (func (export \"multiply_static\") (result i32) (i32.const 0)))",
            "memory",
        ),
    ] {
        for guest in compile_all(wat, None) {
            let static_mem = MicroConfig { abi: Abi::Bytemuck, memory: Some(Memory::Static), ..PAIR };
            let config = if export == "memory" { static_mem } else { PAIR };
            let err = config.build(&guest).err().unwrap();
            assert!(matches!(err, Error::Export { .. }) && err.to_string().contains(&format!("`{export}`")), "{err}");
        }
    }
}

#[test]
fn a_buffer_outside_guest_memory_is_refused() {
    // static_buffer says its 64 bytes live at 4 GiB - 64: far outside the 64 KiB memory.
    let wat = r#"(module (memory (export "memory") 1)
        (func (export "static_buffer") (result i64) (i64.const 0x40_FFFF_FFC0))
        (func (export "multiply_static") (result i32) (i32.const 0)))"#;
    let config = MicroConfig { abi: Abi::Bytemuck, memory: Some(Memory::Static), ..PAIR };
    for guest in compile_all(wat, None) {
        let err = config.build(&guest).err().unwrap();
        assert!(matches!(err, Error::GuestBuffer { export: "static_buffer", .. }), "{err}");
        assert!(err.to_string().contains("4294967232") && err.to_string().contains("65536-byte memory"), "{err}");
    }
}

#[test]
fn an_allocation_outside_guest_memory_is_an_error_naming_the_export_and_range() {
    // alloc hands out an address past the end of memory; the host's write is refused.
    let wat = r#"(module (memory (export "memory") 1)
        (func (export "alloc") (param i32) (result i32) (i32.const 70000))
        (func (export "multiply_bytemuck") (param i32 i32) (result i32) (i32.const 0)))"#;
    let config = MicroConfig { abi: Abi::Bytemuck, memory: Some(Memory::Dynamic), ..PAIR };
    for guest in compile_all(wat, None) {
        let err = config.build(&guest).unwrap().object().multiply(2, 3).unwrap_err();
        assert!(
            matches!(err, Error::GuestMemory { export: "alloc", offset: 70000, len: 8, memory_size: 65536, .. }),
            "{err}"
        );
    }
}
