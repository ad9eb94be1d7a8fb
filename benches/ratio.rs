//! Paired ratios: every headline ratio of the study measured with its two sides
//! interleaved in the same seconds (`wasm_script_bench::paired`), so drift and noisy
//! neighbours fall on both sides and cancel; the other targets' absolute times stay.
//!
//! Ids (`wasm_script_bench::ids::RatioId`): `ratio/{subject id}/over/{reference}`, the
//! reference as its case when it is in the subject's group, else as its whole id; the
//! list is `wasm_script_bench::ratios::measured` plus the profile's `[paired] extra`.
//! Criterion prints each as a ratio (`3.2104 x`), with its interval over the samples.
//!
//! Each sample is taken in a placement of its own: the target first takes every
//! sample of every ratio, in passes over them, each in a fresh worker process started
//! from this binary (`common::paired::take_samples`; this `main` then only builds the
//! worker's two sides), and hands them to Criterion afterwards.

mod common;

use std::collections::HashMap;
use std::hint::black_box;
use std::rc::Rc;

use wasm_script_bench::MultiplyParams;
use wasm_script_bench::abi::MultiplyAbi;
use wasm_script_bench::experiments::hostcall::{HostCall, NativeCaller, WasmCaller};
use wasm_script_bench::experiments::lifecycle::{Handler, Server, Strategy};
use wasm_script_bench::experiments::micro::{Held, MicroConfig};
use wasm_script_bench::experiments::payload::{
    Direction, Memcpy, NativeTransfer, PayloadAbi, WasmTransfer, expected_checksum,
};
use wasm_script_bench::experiments::sim::{NativeDriver, SimDriver};
use wasm_script_bench::guest::{self, GuestModule, GuestOpt};
use wasm_script_bench::ids::{
    ColdCase, ColdSource, ColdStartId, EngineId, Experiment, HostCallCase, LifecycleId, MicroCase, PayloadRoute,
    RatioId, RatioSide, ServeId, SimCase, SimulatorId, WasiId,
};
use wasm_script_bench::profile::Profile;
use wasm_script_bench::runtime::engine::{Compiled, CompiledGuest, Engine, OnRuntime};
use wasm_script_bench::runtime::{Backend, EngineOptions, HostFnStyle, Runtime};
use wasm_script_bench::workload::Request;
use wasm_script_bench::{Error, ratios};

use common::coldstart::{ColdStart, OPT, Source};
use common::paired::{Mode, Ratio, Side, bench_ratio, group_for_samples};

/// The micro-benchmark's arguments (as `benches/micro.rs`): the product overflows.
const ARGS: MultiplyParams = MultiplyParams { x: 46_341, y: -46_341 };

/// Host calls per call of a host-call side: the guest's loop makes this many, and so
/// does the native loop it is divided by.
const HOST_CALLS_PER_CALL: u64 = 256;

#[cfg(feature = "wasi")]
/// I/O calls per call of a WASI side: the guest's loop makes this many, and so does the
/// typed host function's or the native loop it is divided by.
const IO_CALLS_PER_CALL: u64 = 256;

fn main() {
    if let Some(ratio) = common::paired::worker_ratio() {
        common::paired::serve_as_worker(ratio, |ratio, profile| {
            let mut sides = Sides::new(profile);
            Ok((sides.build(ratio.subject)?, sides.build(ratio.reference)?))
        });
    }
    let run = common::Run::start(Experiment::Ratio);
    let profile = run.profile.clone();
    let mut criterion = common::criterion(&profile).with_measurement(Ratio);
    let backends = common::backends(&profile);
    let mut ratios = ratios::measured(common::host(), &backends);
    for extra in &profile.paired.extra {
        if !ratios.contains(extra) {
            ratios.push(*extra);
        }
    }
    // A cold start to the N-th request needs N requests in the trace (a short profile's
    // trace stops earlier, as the coldstart target's does). The sides themselves are
    // built in the worker processes that take the samples.
    let requests = Sides::new(&profile).trace.len() as u64;
    let fits = |side: RatioSide| requests_answered(side) <= requests;
    let (kept, beyond): (Vec<RatioId>, Vec<RatioId>) =
        ratios.into_iter().partition(|ratio| fits(ratio.subject) && fits(ratio.reference));
    if !beyond.is_empty() {
        eprintln!("note: {} paired cold starts skipped: the profile's trace has {requests} requests", beyond.len());
    }
    let ratios = kept;
    // Criterion groups by name; a group's ratios are measured together, in this
    // repetition's order.
    let mut groups: Vec<(String, Vec<RatioId>)> = Vec::new();
    for ratio in common::run_order(ratios) {
        match groups.iter_mut().find(|(name, _)| *name == ratio.group()) {
            Some((_, members)) => members.push(ratio),
            None => groups.push((ratio.group(), vec![ratio])),
        }
    }
    let filter = common::filter_argument();
    let groups: Vec<(String, Vec<RatioId>)> = groups
        .into_iter()
        .map(|(name, members)| {
            let kept = members.into_iter().filter(|r| filter.as_ref().is_none_or(|f| f.is_match(&r.to_string())));
            (name, kept.collect::<Vec<RatioId>>())
        })
        .filter(|(_, members)| !members.is_empty())
        .collect();
    if let (Some(filter), true) = (&filter, groups.is_empty()) {
        eprintln!(
            "note: no paired ratio matches `{}`; `cargo bench --bench ratio -- --list` lists them",
            filter.as_str()
        );
    }
    // Every sample of every ratio first, in passes over them all, each in a fresh worker
    // process (docs/running.md, "Placements"); then Criterion's statistics over them.
    let settings = &profile.paired;
    let one_sample = |ratio: RatioId| {
        // A cold start's side takes milliseconds to a second a call.
        let time = match ratio.subject {
            RatioSide::ColdStart(_) => profile.criterion.long_measurement_time(),
            _ => profile.criterion.measurement_time(),
        };
        time / settings.samples as u32
    };
    let all: Vec<RatioId> = groups.iter().flat_map(|(_, members)| members.iter().copied()).collect();
    let samples = common::paired::take_samples(&all, settings, Mode::of_arguments(), one_sample);
    for (name, members) in groups {
        let mut group = criterion.benchmark_group(name);
        group_for_samples(&mut group, settings.samples);
        for ratio in members {
            bench_ratio(&mut group, ratio, samples.get(&ratio).map_or(&[], Vec::as_slice));
        }
        group.finish();
    }
    criterion.final_summary();
    run.finish();
}

/// The trace's requests a side answers from: a cold start's N; the other sides cycle
/// through the trace, whatever its length.
fn requests_answered(side: RatioSide) -> u64 {
    match side {
        RatioSide::ColdStart(id) => match id.case {
            ColdCase::Start { calls, .. } => calls,
            _ => 0,
        },
        _ => 0,
    }
}

/// Builds each side from its id, compiling each guest once per backend.
struct Sides {
    trace: Rc<[Request]>,
    cache_size: i64,
    batch_size: usize,
    fuel_per_call: u64,
    deadline_ticks: u64,
    compiled: HashMap<(EngineId, &'static str, Option<Strategy>), CompiledGuest>,
}

impl Sides {
    fn new(profile: &Profile) -> Sides {
        let trace = common::or_fail(profile.workload.trace_source().load(), "trace");
        Sides {
            trace: trace.requests.into(),
            cache_size: profile.workload.cache_size,
            batch_size: profile.workload.batch_size,
            fuel_per_call: profile.workload.fuel_per_call,
            deadline_ticks: profile.workload.deadline_milliseconds,
            compiled: HashMap::new(),
        }
    }

    /// How `engine` is set up, with the profile's limits.
    fn options(&self, engine: EngineId) -> EngineOptions {
        engine.options(self.fuel_per_call, self.deadline_ticks)
    }

    /// The guest compiled (release) by `engine`'s backend with its limit, with the engine
    /// a lifecycle strategy needs where one is given.
    fn guest(
        &mut self,
        engine: EngineId,
        guest: &'static GuestModule,
        strategy: Option<Strategy>,
    ) -> Result<CompiledGuest, Error> {
        let backend = engine.backend;
        if !backend.is_compiled_in() {
            return Err(Error::Config {
                config: backend.to_string(),
                reason: "this backend is not compiled in (build with its feature, see the README)",
            });
        }
        let key = (engine, guest.name, strategy);
        let EngineOptions { limit, calls, concurrency, .. } = self.options(engine);
        if let Some(compiled) = self.compiled.get(&key) {
            return Ok(compiled.clone());
        }
        let options = strategy.map(Strategy::engine_options).unwrap_or_default();
        let engine = Engine::with_options(backend, EngineOptions { limit, calls, concurrency, ..options })?;
        let compiled = CompiledGuest::compile_in(&engine, guest, GuestOpt::Release)?;
        self.compiled.insert(key, compiled.clone());
        Ok(compiled)
    }

    /// The side `id` names, checked once to give the answer its native twin gives.
    fn build(&mut self, id: RatioSide) -> Result<Side, String> {
        let unsupported = |why: &str| Err(format!("{id}: {why}"));
        let side: Side = match id {
            RatioSide::Micro(micro) => {
                if micro.group.opt != GuestOpt::Release {
                    return unsupported("paired ratios run release guests");
                }
                let (engine, backend) = (micro.group.engine, micro.group.engine.backend);
                match micro.case {
                    MicroCase::Native => Box::new(|| {
                        black_box(black_box(ARGS).product());
                    }),
                    MicroCase::Hand(config) => {
                        let compiled = self.guest(engine, &guest::MULTIPLY, None).map_err(|e| format!("{id}: {e}"))?;
                        compiled.on_runtime(MicroSide(config)).map_err(|e| format!("{id}: {e}"))?
                    }
                    MicroCase::Component(_) if engine.metered() => {
                        return unsupported("the component runs without an execution limit");
                    }
                    MicroCase::Component(call) => {
                        component_side(backend, self.options(engine), call).map_err(|e| format!("{id}: {e}"))?
                    }
                }
            }
            RatioSide::Simulator(sim) => {
                if sim.group.opt != GuestOpt::Release {
                    return unsupported("paired ratios run release guests");
                }
                self.simulator_side(sim).map_err(|e| format!("{id}: {e}"))?
            }
            RatioSide::HostCall(host) => match host.case {
                HostCallCase::Native(call) => {
                    let mut native = NativeCaller::new(call);
                    Box::new(move || {
                        black_box(native.run(HOST_CALLS_PER_CALL));
                    })
                }
                HostCallCase::Wasm(call, style) => {
                    let compiled =
                        self.guest(host.group.engine, &guest::HOSTCALL, None).map_err(|e| format!("{id}: {e}"))?;
                    compiled.on_runtime(HostCallSide { call, style }).map_err(|e| format!("{id}: {e}"))?
                }
            },
            RatioSide::Payload(payload) => {
                let (direction, bytes) = (payload.group.direction, payload.group.bytes);
                match payload.case {
                    PayloadRoute::Memcpy => {
                        let mut floor = Memcpy::new(bytes);
                        Box::new(move || {
                            black_box(floor.copy().len());
                        })
                    }
                    PayloadRoute::Native(abi) => {
                        let mut native = NativeTransfer::new(abi, bytes);
                        checked(native.transfer(), expected_checksum(bytes)).map_err(|e| format!("{id}: {e}"))?;
                        Box::new(move || {
                            black_box(common::or_fail(native.transfer(), id));
                        })
                    }
                    PayloadRoute::Wasm(backend, abi) => {
                        let compiled = self
                            .guest(EngineId::plain(backend), &guest::PAYLOAD, None)
                            .map_err(|e| format!("{id}: {e}"))?;
                        let side = PayloadSide { abi, direction, bytes };
                        compiled.on_runtime(side).map_err(|e| format!("{id}: {e}"))?
                    }
                    PayloadRoute::Component(..) => return unsupported("component payloads are not paired yet"),
                }
            }
            RatioSide::Lifecycle(lifecycle) => self.lifecycle_side(lifecycle).map_err(|e| format!("{id}: {e}"))?,
            RatioSide::ColdStart(cold) => self.coldstart_side(cold).map_err(|e| format!("{id}: {e}"))?,
            RatioSide::Wasi(wasi) => wasi_side(wasi).map_err(|e| format!("{id}: {e}"))?,
            RatioSide::Serve(serve) => serve_side(serve).map_err(|e| format!("{id}: {e}"))?,
        };
        Ok(side)
    }

    /// The trace fed a chunk per call (the profile's batch size, 1024 requests by
    /// default): a call takes microseconds, not the milliseconds of a whole trace, so a
    /// block is short against a burst of noise. At the trace's end the counters are
    /// checked against native's and a fresh cache starts, inside that call, as a whole
    /// run starts one; over a trace the calls do a whole run's work.
    fn simulator_side(&mut self, id: SimulatorId) -> Result<Side, Error> {
        let policy = id.group.policy;
        let (capacity, trace, chunk) = (self.cache_size, Rc::clone(&self.trace), self.batch_size);
        let expected = NativeDriver::default().run(policy, capacity, &trace)?;
        let mut driver: Box<dyn SimDriver> = match id.case {
            SimCase::Hand(scenario) => {
                let compiled = self.guest(id.group.engine, &guest::SIMULATOR, None)?;
                scenario.driver(&compiled, self.batch_size)?
            }
            SimCase::Component(_) => {
                return Err(Error::Config {
                    config: id.case.to_string(),
                    reason: "the component's simulator scenarios are not paired yet",
                });
            }
        };
        if driver.run(policy, capacity, &trace)? != expected {
            return Err(Error::Config { config: id.to_string(), reason: "its counters differ from native's" });
        }
        driver.start(policy, capacity)?;
        let mut at = 0;
        Ok(Box::new(move || {
            if at == trace.len() {
                let got = common::or_fail(driver.stats(), id);
                if got != expected {
                    common::fail(format!("{id}: fed in chunks, counters {got:?} differ from native's {expected:?}"));
                }
                common::or_fail(driver.start(policy, capacity), id);
                at = 0;
            }
            let end = (at + chunk).min(trace.len());
            common::or_fail(driver.send(black_box(&trace[at..end])), id);
            at = end;
        }))
    }

    /// From the bytes (or an artifact) to the N-th answer, on one engine made here, as a
    /// host that loads scripts on demand keeps its engine (the `coldstart` target makes a
    /// fresh one per start, outside its timing). Each start drops the one before it.
    fn coldstart_side(&mut self, id: ColdStartId) -> Result<Side, Error> {
        let (backend, options) = (id.group.engine.backend, self.options(id.group.engine));
        let ColdCase::Start { guest, source, calls } = id.case else {
            return Err(Error::Config {
                config: id.case.to_string(),
                reason: "only a cold start's totals are paired (`{guest}/from-bytes/calls-N`), not its phases",
            });
        };
        if id.group.opt != OPT {
            return Err(Error::Config { config: id.to_string(), reason: "cold starts run release guests" });
        }
        if !ratios::cold_starts_paired(id.group.engine) {
            return Err(Error::Config {
                config: id.to_string(),
                reason: "not paired: Wasmer's metering middleware serves one module per engine, and async cold \
                         starts are not measured (the coldstart target has the metered rows)",
            });
        }
        if calls > self.trace.len() as u64 {
            return Err(Error::Config {
                config: id.to_string(),
                reason: "the profile's trace has fewer requests than this start answers",
            });
        }
        let cold = ColdStart { trace: Rc::clone(&self.trace), capacity: self.cache_size };
        let source = match source {
            ColdSource::Bytes => Source::Bytes,
            ColdSource::Artifact => Source::Artifact(
                CompiledGuest::compile_in(&Engine::with_options(backend, options)?, guest.module(), OPT)?
                    .serialize()?,
            ),
        };
        let engine = Engine::with_options(backend, options)?;
        let (_, _, answer) = cold.start(&engine, guest, &source, calls)?;
        if answer != cold.expected(guest, calls)? {
            return Err(Error::Config { config: id.to_string(), reason: "its answer differs from native's" });
        }
        let mut last = None;
        Ok(Box::new(move || {
            let started = common::or_fail(cold.start(&engine, guest, &source, calls), id);
            // The start before this one is dropped here, inside the timing, on both sides.
            drop(last.replace(black_box(started)));
        }))
    }

    fn lifecycle_side(&mut self, id: LifecycleId) -> Result<Side, Error> {
        let (backend, handler, strategy) = (id.group.backend, id.group.handler, id.case);
        if !strategy.supported_by(backend.runtime()) {
            return Err(Error::Config {
                config: id.to_string(),
                reason: "this runtime has no such way of instantiating",
            });
        }
        if let Handler::Io(_) = handler {
            return io_lifecycle_side(id);
        }
        let compiled = self.guest(EngineId::plain(backend), handler.guest()?, Some(strategy))?;
        compiled.on_runtime(LifecycleSide { id })
    }
}

/// `result`, if it is the checksum expected.
fn checked(result: wasm_script_bench::Result<u64>, expected: u64) -> Result<(), Error> {
    let got = result?;
    if got != expected {
        return Err(Error::BadReturn { export: "transfer", got: format!("{got:#x}"), expected: "the native checksum" });
    }
    Ok(())
}

/// A multiplication through one hand ABI configuration, checked once.
struct MicroSide(MicroConfig);

impl OnRuntime for MicroSide {
    type Output = Result<Side, Error>;
    fn run<R: Runtime>(self, compiled: &Compiled<R>) -> Self::Output {
        let config = self.0;
        match config.build_on(compiled)? {
            Held::Local(object) => multiply_side(object, config),
            Held::SelfReferential(mut modules) => match modules.pop() {
                Some(object) => multiply_side(object, config),
                None => Err(Error::Config { config: config.to_string(), reason: "built no module" }),
            },
        }
    }
}

fn multiply_side<M: MultiplyAbi + 'static>(
    mut object: M,
    config: impl std::fmt::Display + Copy + 'static,
) -> Result<Side, Error> {
    object.prepare(ARGS.x, ARGS.y);
    let product = object.call()?;
    if product != ARGS.product() {
        return Err(Error::BadReturn { export: "multiply", got: product.to_string(), expected: "the native product" });
    }
    Ok(Box::new(move || {
        black_box(common::or_fail(object.call(), config));
    }))
}

#[cfg(feature = "wasmtime")]
fn component_side(
    backend: Backend,
    options: EngineOptions,
    call: wasm_script_bench::experiments::micro::ComponentCall,
) -> Result<Side, Error> {
    use wasm_script_bench::experiments::micro::component::ComponentMultiply;
    use wasm_script_bench::runtime::component::CompiledComponent;
    if !backend.runs_components() {
        return Err(Error::Config { config: backend.to_string(), reason: "this backend runs no components" });
    }
    let component = CompiledComponent::compile_in(&Engine::with_options(backend, options)?, GuestOpt::Release)?;
    multiply_side(ComponentMultiply::new(&component, call)?, MicroCase::Component(call))
}

#[cfg(not(feature = "wasmtime"))]
fn component_side(
    backend: Backend,
    _: EngineOptions,
    _: wasm_script_bench::experiments::micro::ComponentCall,
) -> Result<Side, Error> {
    Err(Error::Config { config: backend.to_string(), reason: "components need --features wasmtime" })
}

/// The guest's loop over one host function, checked once against the native loop.
struct HostCallSide {
    call: HostCall,
    style: HostFnStyle,
}

impl OnRuntime for HostCallSide {
    type Output = Result<Side, Error>;
    fn run<R: Runtime>(self, compiled: &Compiled<R>) -> Self::Output {
        let HostCallSide { call, style } = self;
        let mut caller = WasmCaller::new(compiled, style, call)?;
        let expected = NativeCaller::new(call).run(HOST_CALLS_PER_CALL);
        if caller.run(HOST_CALLS_PER_CALL)? != expected {
            return Err(Error::BadReturn { export: "run", got: "another sum".into(), expected: "the native loop's" });
        }
        let case = HostCallCase::Wasm(call, style);
        Ok(Box::new(move || {
            black_box(common::or_fail(caller.run(HOST_CALLS_PER_CALL), case));
        }))
    }
}

/// One payload transfer through the guest, checked once.
struct PayloadSide {
    abi: PayloadAbi,
    direction: Direction,
    bytes: usize,
}

impl OnRuntime for PayloadSide {
    type Output = Result<Side, Error>;
    fn run<R: Runtime>(self, compiled: &Compiled<R>) -> Self::Output {
        let PayloadSide { abi, direction, bytes } = self;
        let mut transfer = WasmTransfer::new(compiled, abi, direction, bytes)?;
        checked(transfer.transfer(), expected_checksum(bytes))?;
        Ok(Box::new(move || {
            black_box(common::or_fail(transfer.transfer(), abi));
        }))
    }
}

/// One request on an instance made as the strategy says, checked once.
struct LifecycleSide {
    id: LifecycleId,
}

impl OnRuntime for LifecycleSide {
    type Output = Result<Side, Error>;
    fn run<R: Runtime>(self, compiled: &Compiled<R>) -> Self::Output {
        let id = self.id;
        let (handler, strategy) = (id.group.handler, id.case);
        let mut server = Server::new(compiled, handler, strategy)?;
        if server.serve()? != handler.native() {
            return Err(Error::BadReturn {
                export: "handle",
                got: "another answer".into(),
                expected: "the native one",
            });
        }
        Ok(Box::new(move || {
            black_box(common::or_fail(server.serve(), id));
        }))
    }
}

/// One call of a WASI side: `IO_CALLS_PER_CALL` operations natively or out of a guest,
/// checked once; the captured stdout is dropped after each call on every side alike.
#[cfg(feature = "wasi")]
fn wasi_side(id: WasiId) -> Result<Side, Error> {
    use wasm_script_bench::ids::WasiCase;
    use wasm_script_bench::runtime::wasi::{CompiledIo, NativeIo, RandomSource};
    if id.group.opt != GuestOpt::Release {
        return Err(Error::Config { config: id.to_string(), reason: "paired ratios run release guests" });
    }
    let backend = id.group.backend;
    let checked = |op: wasm_script_bench::runtime::wasi::IoOp, answer: i64| {
        if answer != op.expected(IO_CALLS_PER_CALL) {
            return Err(Error::BadReturn {
                export: op.export(),
                got: answer.to_string(),
                expected: "the native answer",
            });
        }
        Ok(())
    };
    Ok(match id.case {
        WasiCase::Native(op) => {
            let mut native = NativeIo::new(RandomSource::of(backend.runtime()));
            checked(op, native.run(op, IO_CALLS_PER_CALL)?)?;
            Box::new(move || {
                black_box(common::or_fail(native.run(op, IO_CALLS_PER_CALL), id));
                drop(native.take_stdout());
            })
        }
        WasiCase::Guest(op, route) => {
            let mut guest = CompiledIo::compile(backend, route, GuestOpt::Release)?.instantiate()?;
            checked(op, guest.run(op, IO_CALLS_PER_CALL)?)?;
            Box::new(move || {
                black_box(common::or_fail(guest.run(op, IO_CALLS_PER_CALL), id));
                drop(common::or_fail(guest.take_stdout(), id));
            })
        }
    })
}

/// One serverless request (`benches/serve.rs`), checked once to answer what native does.
#[cfg(feature = "wasi")]
fn serve_side(id: ServeId) -> Result<Side, Error> {
    use wasm_script_bench::experiments::serve::{BENCH_REQUEST, Bytes, NativeProxy, ProxyServer, ServeCase};
    let body = Bytes::copy_from_slice(&BENCH_REQUEST.encode());
    let mut native = NativeProxy::instance_per_request();
    let expected = native.answer(&body).map_err(|e| Error::Proxy { reason: e.to_string() })?;
    Ok(match id.case {
        ServeCase::Native => Box::new(move || {
            black_box(common::or_fail(native.answer(black_box(&body)), id));
        }),
        ServeCase::Proxy(config) => {
            let mut server = ProxyServer::new(id.group.backend, config)?;
            if server.verdict(body.clone())? != expected {
                return Err(Error::Config { config: id.to_string(), reason: "its verdict differs from native's" });
            }
            Box::new(move || {
                black_box(common::or_fail(server.request(black_box(body.clone())), id));
            })
        }
    })
}

#[cfg(not(feature = "wasi"))]
fn wasi_side(id: WasiId) -> Result<Side, Error> {
    Err(Error::Config { config: id.to_string(), reason: "WASI sides need --features wasi" })
}

/// One I/O request on an instance (and WASI context) made as the strategy says.
#[cfg(feature = "wasi")]
fn io_lifecycle_side(id: LifecycleId) -> Result<Side, Error> {
    use wasm_script_bench::experiments::lifecycle::IoServer;
    let Handler::Io(route) = id.group.handler else {
        return Err(Error::Config { config: id.to_string(), reason: "not an I/O handler" });
    };
    let mut server = IoServer::start(id.group.backend, route, id.case, id.group.opt)?;
    Ok(Box::new(move || {
        black_box(common::or_fail(server.serve(), id));
    }))
}

#[cfg(not(feature = "wasi"))]
fn io_lifecycle_side(id: LifecycleId) -> Result<Side, Error> {
    Err(Error::Config { config: id.to_string(), reason: "the I/O handlers need --features wasi" })
}

#[cfg(not(feature = "wasi"))]
fn serve_side(_: ServeId) -> Result<Side, Error> {
    Err(Error::Config { config: "serve".into(), reason: "the wasi:http proxy needs `--features wasi`" })
}
