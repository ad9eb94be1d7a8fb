//! WASI Preview 1 guests with a WASI context per instance, on every backend built: each
//! operation answers what native answers, through WASI and through the suite's typed
//! host functions; stdout is captured byte for byte; a guest that traps, a WASI call that
//! fails and a host function given a bad range are clear errors.
#![cfg(feature = "wasi")]

use std::time::Instant;

use wasm_script_bench::Error;
use wasm_script_bench::experiments::lifecycle::{Handler, IoServer, Server, Strategy};
use wasm_script_bench::guest::{self, GuestOpt};
use wasm_script_bench::runtime::engine::{Compiled, CompiledGuest, Engine, OnRuntime};
use wasm_script_bench::runtime::wasi::{CompiledIo, IoOp, IoRoute, LINE, NativeIo, REQUEST_ANSWER, RandomSource};
use wasm_script_bench::runtime::{Backend, EngineOptions, Limit, Linking, Runtime};

/// Iterations per loop in the checks.
const N: u64 = 257;

/// The backends built in whose runtime gives a WASI context (all but wasm3).
fn wasi_backends() -> Vec<Backend> {
    Backend::compiled_in().into_iter().filter(|b| b.runs_wasi()).collect()
}

fn every_configuration() -> Vec<(Backend, IoRoute)> {
    wasi_backends().into_iter().flat_map(|backend| IoRoute::ALL.map(|route| (backend, route))).collect()
}

#[test]
fn every_operation_answers_what_native_answers() {
    for (backend, route) in every_configuration() {
        let mut native = NativeIo::new(RandomSource::of(backend.runtime()));
        let mut guest = CompiledIo::compile(backend, route, GuestOpt::Release).unwrap().instantiate().unwrap();
        for op in IoOp::ALL {
            for n in [0, 1, N] {
                let expected = op.expected(n);
                assert_eq!(native.run(op, n).unwrap(), expected, "native {op} x{n}");
                assert_eq!(guest.run(op, n).unwrap(), expected, "{backend} {route} {op} x{n}");
            }
        }
    }
}

#[test]
fn the_clock_is_monotonic_and_its_readings_plausible() {
    for (backend, route) in every_configuration() {
        let mut guest = CompiledIo::compile(backend, route, GuestOpt::Release).unwrap().instantiate().unwrap();
        let start = Instant::now();
        // Every read not earlier than the one before it.
        assert_eq!(guest.run(IoOp::Clock, N).unwrap(), N as i64, "{backend} {route}");
        let elapsed = start.elapsed().as_nanos() as i64;
        // The guest's first and last reads lie inside the host's span around the call.
        let span = guest.clock_span().unwrap();
        assert!((0..=elapsed).contains(&span), "{backend} {route}: span {span} ns, the call took {elapsed} ns");
        if route == IoRoute::HostFn {
            assert_eq!(guest.host_calls(), N, "{backend}: the host saw every clock read");
        }
    }
}

#[test]
fn every_random_fill_reaches_the_host() {
    for (backend, route) in every_configuration() {
        let mut guest = CompiledIo::compile(backend, route, GuestOpt::Release).unwrap().instantiate().unwrap();
        // The answer counts fills that changed the 16-byte buffer: each must have been
        // written by the host (two equal 16-byte draws have probability 2^-128).
        assert_eq!(guest.run(IoOp::Random, N).unwrap(), N as i64, "{backend} {route}");
        let host_calls = if route == IoRoute::HostFn { N } else { 0 };
        assert_eq!(guest.host_calls(), host_calls, "{backend} {route}: calls the typed host functions saw");
    }
}

#[test]
fn stdout_is_captured_byte_for_byte_and_alike_everywhere() {
    let expected = LINE.repeat(N as usize);
    let mut native = NativeIo::new(RandomSource::Os);
    native.run(IoOp::Stdout, N).unwrap();
    assert_eq!(native.take_stdout(), expected);
    for (backend, route) in every_configuration() {
        let mut guest = CompiledIo::compile(backend, route, GuestOpt::Release).unwrap().instantiate().unwrap();
        assert_eq!(guest.take_stdout().unwrap(), b"", "{backend} {route}: nothing before the first line");
        assert_eq!(guest.run(IoOp::Stdout, N).unwrap(), expected.len() as i64, "{backend} {route}");
        assert_eq!(guest.take_stdout().unwrap(), expected, "{backend} {route}: the captured stdout");
        assert_eq!(guest.take_stdout().unwrap(), b"", "{backend} {route}: taken once");
        guest.run(IoOp::Stdout, 1).unwrap();
        assert_eq!(guest.take_stdout().unwrap(), LINE, "{backend} {route}: only what came after the take");
    }
}

#[test]
fn a_fresh_instance_per_request_answers_every_time_on_every_strategy() {
    for (backend, route) in every_configuration() {
        let handler = Handler::Io(route);
        for strategy in Strategy::ALL.into_iter().filter(|s| s.supported_by(backend.runtime())) {
            let engine = Engine::with_options(backend, strategy.engine_options()).unwrap();
            let compiled = CompiledIo::compile_in(&engine, route, GuestOpt::Release).unwrap();
            let mut server = IoServer::new(&compiled, strategy).unwrap();
            for _ in 0..3 {
                assert_eq!(server.serve().unwrap(), handler.native(), "{backend} {route} {strategy}");
            }
            assert_eq!(handler.native(), REQUEST_ANSWER);
        }
    }
}

/// Tries to serve an I/O handler with the core guests' `Server`.
struct CoreServer(Handler);

impl OnRuntime for CoreServer {
    type Output = Option<Error>;
    fn run<R: Runtime>(self, compiled: &Compiled<R>) -> Option<Error> {
        Server::new(compiled, self.0, Strategy::NewInstance).err()
    }
}

#[test]
fn the_core_server_refuses_an_io_handler_with_a_clear_error() {
    for backend in Backend::compiled_in() {
        let compiled = CompiledGuest::compile(backend, &guest::MULTIPLY, GuestOpt::Release).unwrap();
        for handler in Handler::IO {
            assert!(handler.guest().is_ok(), "with `wasi` the I/O guests are built");
            let error = compiled.on_runtime(CoreServer(handler)).expect("refused");
            assert!(error.to_string().contains("IoServer"), "{backend}: {error}");
        }
    }
}

/// A module with the I/O guests' exports on `route`, whose export `body_of` is `body`
/// (the others answer 0).
fn custom_guest(route: IoRoute, body_of: &str, body: &str) -> Vec<u8> {
    let imports = match route {
        IoRoute::Wasi => {
            r#"(import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))"#
        }
        IoRoute::HostFn => r#"(import "host" "random_fill" (func $fill (param i32 i32)))"#,
    };
    let export = |name: &str, params: &str| {
        let code = if name == body_of { body } else { "i64.const 0" };
        format!(r#"(func (export "{name}") {params} (result i64) {code})"#)
    };
    let exports = [
        export("clock", "(param i64)"),
        export("clock_span", ""),
        export("random", "(param i64)"),
        export("stdout", "(param i64)"),
        export("request", ""),
    ]
    .join("\n");
    wat::parse_str(format!(r#"(module {imports} (memory (export "memory") 1) {exports})"#)).unwrap()
}

fn instance(backend: Backend, route: IoRoute, bytes: &[u8]) -> wasm_script_bench::runtime::wasi::Instance {
    let engine = Engine::new(backend).unwrap();
    CompiledIo::compile_bytes(&engine, route, bytes).unwrap().instantiate().unwrap()
}

#[test]
fn a_guest_that_traps_is_an_error_naming_the_export_and_the_instance_lives_on() {
    for (backend, route) in every_configuration() {
        let mut guest = instance(backend, route, &custom_guest(route, "clock", "unreachable"));
        let error = guest.run(IoOp::Clock, 1).unwrap_err();
        assert!(matches!(error, Error::Trap { export: "clock", .. }), "{backend} {route}: {error}");
        assert!(error.to_string().lines().count() == 1, "{backend} {route}: one line: {error}");
        assert_eq!(guest.run(IoOp::Random, 1).unwrap(), 0, "{backend} {route}: the instance still answers");
    }
}

#[test]
fn a_failing_wasi_call_is_an_error_naming_the_call() {
    // `fd_write` to a descriptor the context never opened: the call returns an errno
    // (`badf`), which the guest hands back negated, as the I/O guests do.
    let body = "i32.const 99 i32.const 0 i32.const 0 i32.const 0 call $write i64.extend_i32_u i64.const -1 i64.mul";
    for backend in wasi_backends() {
        let mut guest = instance(backend, IoRoute::Wasi, &custom_guest(IoRoute::Wasi, "stdout", body));
        let error = guest.run(IoOp::Stdout, 1).unwrap_err();
        let message = error.to_string();
        assert!(matches!(error, Error::BadReturn { export: "stdout", .. }), "{backend}: {message}");
        assert!(message.contains("fd_write") && message.contains("error code 8"), "{backend}: {message}");
    }
}

#[test]
fn a_host_function_given_a_range_outside_memory_traps_the_guest_with_the_range() {
    let body = "i32.const 65530 i32.const 16 call $fill i64.const 0";
    for backend in wasi_backends() {
        let mut guest = instance(backend, IoRoute::HostFn, &custom_guest(IoRoute::HostFn, "clock", body));
        let message = guest.run(IoOp::Clock, 1).unwrap_err().to_string();
        assert!(message.contains("random_fill") && message.contains("65530..65546"), "{backend}: {message}");
    }
}

#[test]
fn a_metered_engine_is_refused_with_a_clear_error() {
    // Every runtime here meters (Wasmer's middleware, Wasmtime's and wasmi's fuel).
    for backend in wasi_backends() {
        let limit = EngineOptions { limit: Some(Limit::Fuel(1000)), ..EngineOptions::default() };
        let engine = Engine::with_options(backend, limit).unwrap();
        let error = CompiledIo::compile_in(&engine, IoRoute::Wasi, GuestOpt::Release).err().unwrap();
        assert!(matches!(error, Error::Config { .. }), "{backend}: {error}");
        assert!(error.to_string().contains("without an execution limit"), "{backend}: {error}");
    }
}

#[test]
fn linking_per_instance_and_once_give_the_same_answers() {
    for (backend, route) in every_configuration() {
        let compiled = CompiledIo::compile(backend, route, GuestOpt::Release).unwrap();
        for linking in [Linking::Once, Linking::PerInstance] {
            let mut guest = compiled.prepare(linking).unwrap().instantiate().unwrap();
            assert_eq!(guest.request().unwrap(), REQUEST_ANSWER, "{backend} {route} {linking:?}");
            assert_eq!(guest.take_stdout().unwrap(), LINE, "{backend} {route} {linking:?}");
        }
    }
}

#[test]
fn a_runtime_without_wasi_is_refused_with_a_clear_error() {
    // wasm3 (with `--features wasm3`): no WASI context here, said when compiling.
    for backend in Backend::compiled_in().into_iter().filter(|b| !b.runs_wasi()) {
        for route in IoRoute::ALL {
            let error = CompiledIo::compile(backend, route, GuestOpt::Release).err().expect("refused");
            assert!(matches!(error, Error::Config { .. }), "{backend}: {error}");
            assert!(error.to_string().contains("no WASI context"), "{backend}: {error}");
        }
    }
}
