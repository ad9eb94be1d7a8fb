//! The paper's macro-benchmark (section 5, Figure 7): the web-proxy cache simulator,
//! natively and as WASM through each ABI. One iteration = a fresh cache, every request
//! of the trace, the counters (what the paper timed). The trace is built once;
//! compilation and instantiation happen before timing.
//!
//! Ids (`wasm_script_bench::ids`):
//! - `simulator/{host}/{policy}/{backend}[-metered]/guest-{opt}/{scenario}` (`SimulatorId`):
//!   the paper's scenarios at the profile's cache size (on Wasmtime also the Component
//!   Model's, `component-cached-typed-call`, `component-batch-cached-typed-call` and
//!   `component-packed-batch-cached-typed-call`);
//! - `simulator-native/{host}/{policy}/{cache}` (`NativeSimId`): the native baseline at
//!   each of the paper's cache sizes (4MiB to 8GiB), to show how each policy scales;
//! - `hit-rate-sweep/{host}/{serial|parallel}` (`SweepId`): the whole Figure 6 sweep
//!   (every policy at every paper cache size), on one thread and on all cores.

mod common;

use criterion::{Criterion, SamplingMode, Throughput};
use wasm_script_bench::experiments::sim::{
    NativeDriver, PolicyKind, Scenario, SimDriver, hit_rate_curve, paper_cache_sizes,
};
use wasm_script_bench::guest;
use wasm_script_bench::ids::{CacheSize, Experiment, NativeSimGroup, SimCase, SimulatorGroup, SweepGroup, SweepMode};
use wasm_script_bench::profile::{Profile, ScenarioSet};
use wasm_script_bench::workload::Request;

fn main() {
    // The sweep's pools start before the measuring thread is pinned, so their threads
    // keep every CPU: one thread, and one per core.
    let serial = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap_or_else(|e| common::fail(e));
    let parallel = rayon::ThreadPoolBuilder::new().build().unwrap_or_else(|e| common::fail(e));
    let mut run = common::Run::start(Experiment::Simulator);
    let profile = run.profile.clone();
    let trace = profile.workload.trace_source().load().unwrap_or_else(|e| common::fail(e));
    let trace = &trace.requests;
    native_by_cache_size(&mut run.criterion, &profile, trace);
    hit_rate_sweep(&mut run.criterion, &profile, trace, [&serial, &parallel]);
    scenarios(&mut run.criterion, &profile, trace);
    run.finish();
}

/// The native simulator alone at every paper cache size: requests per second per policy.
fn native_by_cache_size(criterion: &mut Criterion, profile: &Profile, trace: &[Request]) {
    for policy in PolicyKind::ALL {
        let mut group = criterion.benchmark_group(NativeSimGroup { host: common::host(), policy }.to_string());
        group
            .throughput(Throughput::Elements(trace.len() as u64))
            .sample_size(profile.criterion.long_sample_size)
            .measurement_time(profile.criterion.long_measurement_time());
        for cache in paper_cache_sizes() {
            group.bench_function(CacheSize(cache).to_string(), |b| {
                b.iter(|| NativeDriver::default().run(policy, cache, trace).unwrap_or_else(|e| common::fail(e)))
            });
        }
        group.finish();
    }
}

/// Figure 6's sweep (4 policies x 12 sizes) on one thread, then on rayon's default pool
/// (one thread per core): the same work, so the ratio is the parallel speed-up.
fn hit_rate_sweep(criterion: &mut Criterion, profile: &Profile, trace: &[Request], pools: [&rayon::ThreadPool; 2]) {
    let mut group = criterion.benchmark_group(SweepGroup { host: common::host() }.to_string());
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(profile.criterion.long_sample_size)
        .measurement_time(profile.criterion.long_measurement_time());
    let sizes = paper_cache_sizes();
    let sweep = || hit_rate_curve(trace, &PolicyKind::ALL, &sizes).unwrap_or_else(|e| common::fail(e));
    for (mode, pool) in common::run_order(SweepMode::ALL.into_iter().zip(pools).collect()) {
        group.bench_function(mode.to_string(), |b| b.iter(|| pool.install(sweep)));
    }
    group.finish();
}

/// The paper's scenarios: native and every WASM configuration, per backend and policy.
fn scenarios(criterion: &mut Criterion, profile: &Profile, trace: &[Request]) {
    let workload = &profile.workload;
    let capacity = workload.cache_size;
    for engine in common::engines(profile, &workload.simulator_guest_opts, &profile.metering()) {
        let compiled = engine.compile(&guest::SIMULATOR);
        // An interpreter takes about a second per pass over the trace: the profile says
        // whether it runs every scenario or the headline ones.
        let all_scenarios = !engine.backend.interprets() || workload.interpreter_scenarios == ScenarioSet::All;
        let drivers: Vec<(SimCase, Box<dyn SimDriver>)> = Scenario::all()
            .into_iter()
            .filter(|scenario| all_scenarios || scenario.is_headline())
            .map(|scenario| {
                let driver = scenario.driver(&compiled, workload.batch_size);
                (SimCase::Hand(scenario), common::or_fail(driver, scenario))
            })
            .collect();
        // The Component Model's canonical ABI, in the same groups.
        #[cfg(feature = "wasmtime")]
        let mut drivers = drivers;
        #[cfg(feature = "wasmtime")]
        if engine.backend.runs_components() && engine.is_plain() {
            use wasm_script_bench::experiments::sim::ComponentScenario;
            use wasm_script_bench::experiments::sim::component::ComponentDriver;
            use wasm_script_bench::runtime::component::CompiledComponent;
            let component = common::or_fail(CompiledComponent::compile(engine.backend, engine.opt), "component");
            let scenarios = ComponentScenario::ALL.into_iter();
            for scenario in scenarios.filter(|&s| all_scenarios || s == ComponentScenario::PerRequest) {
                let driver = ComponentDriver::new(&component, scenario, workload.batch_size);
                drivers.push((SimCase::Component(scenario), Box::new(common::or_fail(driver, scenario))));
            }
        }
        let mut drivers = common::run_order(drivers);
        for policy in PolicyKind::ALL {
            let expected = NativeDriver::default().run(policy, capacity, trace).unwrap_or_else(|e| common::fail(e));
            let group_id = SimulatorGroup { host: common::host(), policy, engine: engine.id(), opt: engine.opt };
            let mut group = criterion.benchmark_group(group_id.to_string());
            group.throughput(Throughput::Elements(trace.len() as u64));
            group
                .sampling_mode(SamplingMode::Flat)
                .sample_size(profile.criterion.long_sample_size)
                .measurement_time(profile.criterion.long_measurement_time());
            for (case, driver) in &mut drivers {
                let mut checked = false;
                group.bench_function(case.to_string(), |b| {
                    // Once, outside the timing: WASM must count exactly what native counts.
                    if !checked {
                        let got = driver.run(policy, capacity, trace).unwrap_or_else(|e| common::fail(e));
                        if got != expected {
                            common::fail(format!("{policy} {case}: counters {got:?} differ from native {expected:?}"));
                        }
                        checked = true;
                    }
                    b.iter(|| {
                        driver
                            .run(policy, capacity, trace)
                            .unwrap_or_else(|e| common::fail(format!("{policy} {case}: {e}")))
                    })
                });
            }
            group.finish();
        }
    }
}
