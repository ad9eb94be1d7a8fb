//! Beyond the paper: calls from the guest into the host, payloads of every size both
//! ways, and an instance per request. Every path returns what native returns, on every
//! backend built; bad ranges and bad buffers are clear errors, never a host crash.

use wasm_script_bench::Error;
use wasm_script_bench::experiments::hostcall::{HostCall, NativeCaller, WasmCaller, host_pattern};
use wasm_script_bench::experiments::lifecycle::{Handler, Server, Strategy};
use wasm_script_bench::experiments::payload::{
    Direction, Memcpy, NativeTransfer, PAYLOAD_SIZES, PayloadAbi, WasmTransfer, expected_checksum,
};
use wasm_script_bench::guest::{self, GuestOpt};
use wasm_script_bench::runtime::engine::{Compiled, CompiledGuest, Engine, OnRuntime};
use wasm_script_bench::runtime::{Backend, HostFnStyle, Runtime};

/// A check written once for every runtime, run on a guest's own runtime through the
/// library's one dispatch (`CompiledGuest::on_runtime`).
trait Check {
    fn check<R: Runtime>(&self, compiled: &Compiled<R>);
}

struct Run<'a, C>(&'a C);

impl<C: Check> OnRuntime for Run<'_, C> {
    type Output = ();
    fn run<R: Runtime>(self, compiled: &Compiled<R>) {
        self.0.check(compiled)
    }
}

fn check_on(guest: &CompiledGuest, check: impl Check) {
    guest.on_runtime(Run(&check))
}

fn compiled(module: &guest::GuestModule) -> Vec<CompiledGuest> {
    Backend::compiled_in().into_iter().map(|b| CompiledGuest::compile(b, module, GuestOpt::Release).unwrap()).collect()
}

struct HostCallsMatchNative(Backend);

impl Check for HostCallsMatchNative {
    fn check<R: Runtime>(&self, compiled: &Compiled<R>) {
        let name = self.0;
        for call in HostCall::all() {
            for style in HostFnStyle::ALL.into_iter().filter(|style| style.runs_on(name)) {
                let mut caller = WasmCaller::new(compiled, style, call).unwrap();
                let mut native = NativeCaller::new(call);
                for count in [0, 1, 777] {
                    let before = caller.host_calls();
                    assert_eq!(caller.run(count).unwrap(), native.run(count), "{name} {call} {style} x{count}");
                    assert_eq!(caller.host_calls() - before, count, "{name} {call} {style}: host calls made");
                }
                assert_eq!(caller.host_calls(), native.host_calls());
                if let HostCall::Write(len) = call {
                    let expected: Vec<u8> = (0..len).map(host_pattern).collect();
                    assert_eq!(caller.guest_buffer(len).unwrap(), expected, "{name} {style}: the bytes written");
                    assert_eq!(native.guest_buffer(len), expected);
                }
            }
        }
    }
}

#[test]
fn host_calls_return_what_native_returns_on_every_backend() {
    for guest in compiled(&guest::HOSTCALL) {
        check_on(&guest, HostCallsMatchNative(guest.backend));
    }
}

struct BadRangesTrapTheGuest(Backend);

impl Check for BadRangesTrapTheGuest {
    fn check<R: Runtime>(&self, compiled: &Compiled<R>) {
        let name = self.0;
        for style in HostFnStyle::ALL.into_iter().filter(|style| style.runs_on(name)) {
            let mut caller = WasmCaller::new(compiled, style, HostCall::Read(16)).unwrap();
            for (ptr, len) in [(-16, 32), (i32::MAX, 2), (0, -1)] {
                let err = caller.read_at(ptr, len).unwrap_err();
                assert!(matches!(err, Error::Trap { export: "read_at", .. }), "{name} {style}: {err}");
                let message = err.to_string();
                assert!(
                    message.contains("host function `read` refused bytes") && message.contains("-byte memory"),
                    "{message}"
                );
                assert!(!message.contains('\n'), "one line: {message}");
            }
            // The instance survives the refused calls.
            assert_eq!(caller.run(3).unwrap(), NativeCaller::new(HostCall::Read(16)).run(3), "{name} {style}");

            // A host function that fails for its own reasons traps the guest the same way.
            let mut caller = WasmCaller::new(compiled, style, HostCall::Write(16)).unwrap();
            caller.host_state().unwrap().source.clear();
            let err = caller.run(1).unwrap_err();
            assert!(matches!(err, Error::Trap { export: "call_write", .. }), "{name} {style}: {err}");
            assert!(err.to_string().contains("host function `write` was asked for 16 bytes and has 0"), "{err}");
        }
    }
}

#[test]
fn a_bad_range_or_a_failing_host_function_traps_the_guest_not_the_host() {
    for guest in compiled(&guest::HOSTCALL) {
        check_on(&guest, BadRangesTrapTheGuest(guest.backend));
    }
}

#[test]
fn a_guest_that_imports_the_host_api_needs_it_bound() {
    for guest in compiled(&guest::HOSTCALL) {
        let err = guest.instantiate().err().expect("instantiated without its imports");
        assert!(matches!(err, Error::Instantiate { .. }), "{err}");
        assert!(err.to_string().contains("host"), "names the missing import: {err}");
    }
}

/// WAMR links one set of natives per import module for the whole process, so it offers
/// the host API in one style; asking for the other is a clear error, on the backends that
/// lack it (with `--features wamr`).
struct StyleRefused;

impl Check for StyleRefused {
    fn check<R: Runtime>(&self, compiled: &Compiled<R>) {
        let err = WasmCaller::new(compiled, HostFnStyle::Dynamic, HostCall::Nop).err().expect("refused");
        assert!(matches!(err, Error::Instantiate { .. }), "{err}");
        assert!(err.to_string().contains("typed natives only"), "{err}");
        assert!(!err.to_string().contains('\n'), "one line: {err}");
    }
}

#[test]
fn a_host_function_style_a_runtime_lacks_is_a_clear_error() {
    for guest in compiled(&guest::HOSTCALL).into_iter().filter(|g| !HostFnStyle::Dynamic.runs_on(g.backend)) {
        check_on(&guest, StyleRefused);
    }
}

struct PayloadsMatchNative<'a>(&'a str);

impl Check for PayloadsMatchNative<'_> {
    fn check<R: Runtime>(&self, compiled: &Compiled<R>) {
        let name = self.0;
        for direction in Direction::ALL {
            for bytes in PAYLOAD_SIZES {
                let expected = expected_checksum(bytes);
                for abi in PayloadAbi::ALL {
                    let mut transfer = WasmTransfer::new(compiled, abi, direction, bytes).unwrap();
                    for round in 0..2 {
                        let got =
                            transfer.transfer().unwrap_or_else(|e| panic!("{name} {direction} {abi} {bytes}: {e}"));
                        assert_eq!(got, expected, "{name} {direction} {abi} {bytes} B, round {round}");
                    }
                }
            }
        }
    }
}

#[test]
fn payloads_of_every_size_cross_both_ways_intact_on_every_backend() {
    for bytes in PAYLOAD_SIZES {
        let expected = expected_checksum(bytes);
        for abi in PayloadAbi::ALL {
            assert_eq!(NativeTransfer::new(abi, bytes).transfer().unwrap(), expected, "native {abi} {bytes}");
        }
        assert_eq!(Memcpy::new(bytes).copy().len(), bytes.max(16));
    }
    // Different sizes give different checksums, so a truncated payload cannot pass.
    let sums: std::collections::HashSet<u64> = PAYLOAD_SIZES.iter().map(|&b| expected_checksum(b)).collect();
    assert_eq!(sums.len(), PAYLOAD_SIZES.len());
    for guest in compiled(&guest::PAYLOAD) {
        check_on(&guest, PayloadsMatchNative(guest.backend.name()));
    }
}

/// A payload guest whose `produce_raw` hands back a buffer outside its memory, and whose
/// `consume_raw` traps.
const BAD_PAYLOAD_GUEST: &str = r#"(module
  (memory (export "memory") 1)
  (func (export "alloc") (param i32) (result i32) (i32.const 1024))
  (func (export "prepare_output") (param i32) (result i32) (i32.const 0))
  (func (export "produce_raw") (result i64) (i64.const 0x0000_0100_0000_fff0))
  (func (export "consume_raw") (param i32 i32) (result i64) unreachable))"#;

struct BadBuffersAreErrors<'a>(&'a str);

impl Check for BadBuffersAreErrors<'_> {
    fn check<R: Runtime>(&self, compiled: &Compiled<R>) {
        let name = self.0;
        let mut from = WasmTransfer::new(compiled, PayloadAbi::Raw, Direction::FromGuest, 256).unwrap();
        let err = from.transfer().unwrap_err();
        assert!(
            matches!(err, Error::GuestMemory { export: "produce_raw", offset: 65520, len: 256, .. }),
            "{name}: {err}"
        );
        let mut to = WasmTransfer::new(compiled, PayloadAbi::Raw, Direction::ToGuest, 256).unwrap();
        let err = to.transfer().unwrap_err();
        assert!(matches!(err, Error::Trap { export: "consume_raw", .. }), "{name}: {err}");
    }
}

#[test]
fn a_guest_that_returns_an_out_of_range_payload_is_a_clear_error() {
    let bytes = wat::parse_str(BAD_PAYLOAD_GUEST).unwrap();
    for backend in Backend::compiled_in() {
        let engine = Engine::new(backend).unwrap();
        let guest = CompiledGuest::compile_bytes(&engine, "bad-payload", &bytes, GuestOpt::Release).unwrap();
        check_on(&guest, BadBuffersAreErrors(backend.name()));
    }
}

#[derive(Clone, Copy)]
struct RequestsMatchNative(Handler, Strategy);

impl Check for RequestsMatchNative {
    fn check<R: Runtime>(&self, compiled: &Compiled<R>) {
        let RequestsMatchNative(handler, strategy) = *self;
        let mut server = Server::new(compiled, handler, strategy).unwrap();
        // More requests than Wasmtime's pool has slots: each instance must give its slot back.
        for request in 0..100 {
            assert_eq!(server.serve().unwrap(), handler.native(), "{handler:?} {strategy}, request {request}");
        }
    }
}

#[test]
fn an_instance_per_request_serves_what_native_does_every_way_it_is_made() {
    for backend in Backend::compiled_in() {
        let strategies: Vec<Strategy> =
            Strategy::ALL.into_iter().filter(|s| s.supported_by(backend.runtime())).collect();
        assert!(strategies.contains(&Strategy::NewInstance) && strategies.contains(&Strategy::ReuseInstance));
        for handler in Handler::ALL {
            for &strategy in &strategies {
                let engine = Engine::with_options(backend, strategy.engine_options()).unwrap();
                let guest = CompiledGuest::compile_in(&engine, handler.guest().unwrap(), GuestOpt::Release).unwrap();
                check_on(&guest, RequestsMatchNative(handler, strategy));
            }
        }
        if !backend.runtime().pools_instances() {
            let options = Strategy::Pooling.engine_options();
            let err = Engine::with_options(backend, options).err().expect("a pooled engine on a runtime without pools");
            assert!(err.to_string().contains("pooling allocator"), "{err}");
        }
    }
}
