//! How an embedder configures its engine changes what each call costs, never what it
//! answers: with an epoch deadline and called async (Wasmtime's `call_async`, host
//! functions bound with `func_wrap_async`), every micro configuration, host-call loop,
//! simulator ABI and lifecycle strategy answers exactly what native answers; runtimes
//! without a setting refuse it in one clear line.

use wasm_script_bench::MultiplyParams;
use wasm_script_bench::experiments::hostcall::{HostCall, NativeCaller, WasmCaller};
use wasm_script_bench::experiments::lifecycle::{Handler, Server, Strategy};
use wasm_script_bench::experiments::micro::MicroConfig;
use wasm_script_bench::experiments::sim::{NativeDriver, PolicyKind, Scenario, SimDriver};
use wasm_script_bench::guest::{self, GuestModule, GuestOpt};
use wasm_script_bench::ids::EngineId;
use wasm_script_bench::runtime::engine::{Compiled, CompiledGuest, Engine, OnRuntime};
use wasm_script_bench::runtime::{Backend, CallMode, Concurrency, EngineOptions, HostFnStyle, Limit, Runtime};
use wasm_script_bench::workload::{GeneratorParams, generate};

/// Every setting a Wasmtime engine is measured with beyond the plain one.
fn settings() -> Vec<EngineOptions> {
    let epoch = Some(Limit::Epoch(10_000));
    let mut all = vec![EngineOptions { limit: epoch, ..EngineOptions::default() }];
    if CallMode::Async.compiled_in() {
        all.push(EngineOptions { calls: CallMode::Async, ..EngineOptions::default() });
        all.push(EngineOptions { calls: CallMode::Async, limit: epoch, ..EngineOptions::default() });
    }
    // Turning Wasmtime's concurrency support off changes what each store sets up, not
    // what a call answers (in every build; it is on by default only with `wasi`).
    all.push(EngineOptions { concurrency: Concurrency::Off, ..EngineOptions::default() });
    all
}

/// `module` compiled by every backend compiled in that takes `options`, with its id.
fn compiled(module: &GuestModule, options: EngineOptions) -> Vec<(EngineId, CompiledGuest)> {
    Backend::compiled_in()
        .into_iter()
        .filter(|&b| {
            EngineId::of(b, &options).metering.runs_on(b) && options.calls.runs_on(b) && options.concurrency.runs_on(b)
        })
        .map(|backend| {
            let engine = Engine::with_options(backend, options).unwrap();
            (EngineId::of(backend, &options), CompiledGuest::compile_in(&engine, module, GuestOpt::Release).unwrap())
        })
        .collect()
}

#[test]
fn every_micro_configuration_multiplies_like_native() {
    for options in settings() {
        for (engine, compiled) in compiled(&guest::MULTIPLY, options) {
            for config in MicroConfig::all() {
                let mut subject = config.build(&compiled).unwrap_or_else(|e| panic!("{engine} {config}: {e}"));
                let object = subject.object();
                for (x, y) in [(6, 7), (-3, 9), (i32::MAX, 2)] {
                    let got = object.multiply(x, y).unwrap_or_else(|e| panic!("{engine} {config}: {e}"));
                    assert_eq!(got, MultiplyParams { x, y }.product(), "{engine} {config}");
                }
            }
        }
    }
}

struct HostCallsMatchNative(EngineId);

impl OnRuntime for HostCallsMatchNative {
    type Output = ();
    fn run<R: Runtime>(self, compiled: &Compiled<R>) {
        let engine = self.0;
        for call in HostCall::all() {
            for style in HostFnStyle::ALL.into_iter().filter(|style| style.runs_on(engine.backend)) {
                let mut caller = WasmCaller::new(compiled, style, call).unwrap();
                let mut native = NativeCaller::new(call);
                assert_eq!(caller.run(777).unwrap(), native.run(777), "{engine} {call} {style}");
                assert_eq!(caller.host_calls(), 777, "{engine} {call} {style}: host calls made");
            }
        }
    }
}

#[test]
fn every_host_call_loop_returns_what_the_native_loop_does() {
    for options in settings() {
        for (engine, compiled) in compiled(&guest::HOSTCALL, options) {
            compiled.on_runtime(HostCallsMatchNative(engine));
        }
    }
}

#[test]
fn every_simulator_abi_counts_like_native() {
    let trace =
        generate(&GeneratorParams { requests: 8_000, objects: 1_000, ..GeneratorParams::default() }).unwrap().requests;
    let capacity = 1 << 20;
    for options in settings() {
        for (engine, compiled) in compiled(&guest::SIMULATOR, options) {
            for scenario in Scenario::all().into_iter().filter(|s| *s != Scenario::Native) {
                let mut driver = scenario.driver(&compiled, 1000 - 7).unwrap();
                for policy in PolicyKind::ALL {
                    let expected = NativeDriver::default().run(policy, capacity, &trace).unwrap();
                    assert_eq!(driver.run(policy, capacity, &trace).unwrap(), expected, "{engine} {scenario} {policy}");
                }
            }
        }
    }
}

/// The first requests a server answers, made as `strategy` says.
struct Serve(Handler, Strategy);

impl OnRuntime for Serve {
    type Output = Vec<i64>;
    fn run<R: Runtime>(self, compiled: &Compiled<R>) -> Vec<i64> {
        let mut server = Server::new(compiled, self.0, self.1).unwrap();
        (0..3).map(|_| server.serve().unwrap_or_else(|e| panic!("{:?} {:?}: {e}", self.0, self.1))).collect()
    }
}

#[test]
fn every_lifecycle_strategy_serves_with_async_calls_as_with_sync_ones() {
    if !CallMode::Async.compiled_in() {
        return;
    }
    for backend in Backend::compiled_in().into_iter().filter(|b| CallMode::Async.runs_on(*b)) {
        for strategy in Strategy::ALL.into_iter().filter(|s| s.supported_by(backend.runtime())) {
            let sync = strategy.engine_options();
            // Pooled, async calls take their fiber stacks from the pool.
            let called_async = EngineOptions { calls: CallMode::Async, ..sync };
            for handler in Handler::ALL {
                let [expected, got] = [sync, called_async].map(|options| {
                    let engine = Engine::with_options(backend, options).unwrap();
                    let compiled =
                        CompiledGuest::compile_in(&engine, handler.guest().unwrap(), GuestOpt::Release).unwrap();
                    compiled.on_runtime(Serve(handler, strategy))
                });
                assert_eq!(got, expected, "{backend} {strategy:?} {handler:?}");
            }
        }
    }
}

#[test]
fn a_runtime_without_a_setting_refuses_it_in_one_line() {
    for backend in Backend::compiled_in() {
        if !Concurrency::Off.runs_on(backend) {
            let options = EngineOptions { concurrency: Concurrency::Off, ..EngineOptions::default() };
            let err = Engine::with_options(backend, options).err().expect("refused").to_string();
            assert!(err.contains("no concurrency support to turn off") && !err.contains('\n'), "{backend}: {err}");
        }
        if !CallMode::Async.runs_on(backend) {
            let options = EngineOptions { calls: CallMode::Async, ..EngineOptions::default() };
            let err = Engine::with_options(backend, options).err().expect("refused").to_string();
            assert!(err.contains("no async call path") && !err.contains('\n'), "{backend}: {err}");
        } else if !CallMode::Async.compiled_in() {
            let options = EngineOptions { calls: CallMode::Async, ..EngineOptions::default() };
            let err = Engine::with_options(backend, options).err().expect("refused").to_string();
            assert!(err.contains("--features async"), "{backend}: {err}");
        }
    }
}
