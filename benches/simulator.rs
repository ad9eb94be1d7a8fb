//! The paper's macro-benchmark (section 5, Figure 7): the web-proxy cache simulator,
//! natively and as WASM through each ABI. One iteration = a fresh cache, every request
//! of the trace, the counters (what the paper timed). The trace is built once;
//! compilation and instantiation happen before timing.
//!
//! Ids:
//! - `simulator/{host}/{policy}/{backend}[-metered]/guest-{opt}/{scenario}`: the paper's
//!   scenarios at the profile's cache size (on Wasmtime also the Component Model's,
//!   `component-cached-typed-call`, `component-batch-cached-typed-call` and
//!   `component-packed-batch-cached-typed-call`);
//! - `simulator-native/{host}/{policy}/{cache}`: the native baseline at each of the
//!   paper's cache sizes (4MiB to 8GiB), to show how each policy scales;
//! - `hit-rate-sweep/{host}/{serial|parallel}`: the whole Figure 6 sweep (every policy
//!   at every paper cache size), on one thread and on all cores.

mod common;

use criterion::{Criterion, SamplingMode, Throughput};
use wasm_script_bench::experiments::sim::{
    NativeDriver, PolicyKind, Scenario, SimDriver, hit_rate_curve, paper_cache_sizes,
};
use wasm_script_bench::guest;
use wasm_script_bench::profile::Profile;
use wasm_script_bench::runtime::engine::CompiledGuest;
use wasm_script_bench::units::size_label;
use wasm_script_bench::workload::Request;

fn main() {
    let profile = common::profile();
    let mut criterion = common::criterion(&profile);
    let trace = profile.workload.trace_source().load().unwrap_or_else(|e| common::fail(e));
    let trace = &trace.requests;
    native_by_cache_size(&mut criterion, &profile, trace);
    hit_rate_sweep(&mut criterion, &profile, trace);
    scenarios(&mut criterion, &profile, trace);
    criterion.final_summary();
}

/// The native simulator alone at every paper cache size: requests per second per policy.
fn native_by_cache_size(criterion: &mut Criterion, profile: &Profile, trace: &[Request]) {
    for policy in PolicyKind::ALL {
        let mut group = criterion.benchmark_group(format!("simulator-native/{}/{policy}", common::host_profile()));
        group
            .throughput(Throughput::Elements(trace.len() as u64))
            .sample_size(profile.criterion.long_sample_size)
            .measurement_time(profile.criterion.long_measurement_time());
        for cache in paper_cache_sizes() {
            group.bench_function(size_label(cache), |b| {
                b.iter(|| NativeDriver.run(policy, cache, trace).unwrap_or_else(|e| common::fail(e)))
            });
        }
        group.finish();
    }
}

/// Figure 6's sweep (4 policies x 12 sizes) on one thread, then on rayon's default pool
/// (one thread per core): the same work, so the ratio is the parallel speed-up.
fn hit_rate_sweep(criterion: &mut Criterion, profile: &Profile, trace: &[Request]) {
    let mut group = criterion.benchmark_group(format!("hit-rate-sweep/{}", common::host_profile()));
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(profile.criterion.long_sample_size)
        .measurement_time(profile.criterion.long_measurement_time());
    let sizes = paper_cache_sizes();
    let serial = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap_or_else(|e| common::fail(e));
    let sweep = || hit_rate_curve(trace, &PolicyKind::ALL, &sizes).unwrap_or_else(|e| common::fail(e));
    group.bench_function("serial", |b| b.iter(|| serial.install(sweep)));
    group.bench_function("parallel", |b| b.iter(sweep));
    group.finish();
}

/// The paper's scenarios: native and every WASM configuration, per backend and policy.
fn scenarios(criterion: &mut Criterion, profile: &Profile, trace: &[Request]) {
    let workload = &profile.workload;
    let capacity = workload.cache_size;
    for backend in common::backends(profile) {
        for (opt, fuel) in
            workload.simulator_guest_opts.iter().flat_map(|&opt| profile.metering().into_iter().map(move |f| (opt, f)))
        {
            let compiled = CompiledGuest::compile_metered(backend, &guest::SIMULATOR, opt, fuel)
                .unwrap_or_else(|e| common::fail(e));
            let engine = compiled.engine_label();
            let mut drivers: Vec<(String, Box<dyn SimDriver>)> = Scenario::all()
                .into_iter()
                .map(|scenario| {
                    let driver = scenario.driver(&compiled, workload.batch_size);
                    (scenario.to_string(), common::or_fail(driver, &scenario.to_string()))
                })
                .collect();
            // The Component Model's canonical ABI, in the same groups (Wasmtime only).
            #[cfg(feature = "wasmtime")]
            if backend.runtime() == wasm_script_bench::runtime::RuntimeKind::Wasmtime && fuel.is_none() {
                use wasm_script_bench::experiments::sim::component::{ComponentDriver, ComponentScenario};
                use wasm_script_bench::runtime::component::CompiledComponent;
                let component = common::or_fail(CompiledComponent::compile(backend, opt), "component");
                for scenario in ComponentScenario::ALL {
                    let id = scenario.to_string();
                    let driver = common::or_fail(ComponentDriver::new(&component, scenario, workload.batch_size), &id);
                    drivers.push((id, Box::new(driver)));
                }
            }
            for policy in PolicyKind::ALL {
                let expected = NativeDriver.run(policy, capacity, trace).unwrap_or_else(|e| common::fail(e));
                let mut group = criterion
                    .benchmark_group(format!("simulator/{}/{policy}/{engine}/guest-{opt}", common::host_profile()));
                group.throughput(Throughput::Elements(trace.len() as u64));
                group
                    .sampling_mode(SamplingMode::Flat)
                    .sample_size(profile.criterion.long_sample_size)
                    .measurement_time(profile.criterion.long_measurement_time());
                for (scenario, driver) in &mut drivers {
                    let mut checked = false;
                    group.bench_function(scenario.as_str(), |b| {
                        // Once, outside the timing: WASM must count exactly what native counts.
                        if !checked {
                            let got = driver.run(policy, capacity, trace).unwrap_or_else(|e| common::fail(e));
                            if got != expected {
                                common::fail(format!(
                                    "{policy} {scenario}: counters {got:?} differ from native {expected:?}"
                                ));
                            }
                            checked = true;
                        }
                        b.iter(|| {
                            driver
                                .run(policy, capacity, trace)
                                .unwrap_or_else(|e| common::fail(format!("{policy} {scenario}: {e}")))
                        })
                    });
                }
                group.finish();
            }
        }
    }
}
