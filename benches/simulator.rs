//! The paper's macro-benchmark (section 5, Figure 7): the web-proxy cache simulator,
//! natively and as WASM through each ABI. One iteration = a fresh cache, every request
//! of the trace, the counters (what the paper timed). The trace is built once;
//! compilation and instantiation happen before timing.
//!
//! Ids: `simulator/{host}/{policy}/{backend}[-metered]/guest-{opt}/{scenario}`.

mod common;

use criterion::{SamplingMode, Throughput};
use wasm_script_bench::engine::CompiledGuest;
use wasm_script_bench::guest;
use wasm_script_bench::sim::{NativeDriver, PolicyKind, Scenario, SimDriver};

fn main() {
    let profile = common::profile();
    let mut criterion = common::criterion(&profile);
    let workload = &profile.workload;
    let trace = workload.trace_source().load().unwrap_or_else(|e| common::fail(e));
    let capacity = workload.cache_size;
    for backend in common::backends(&profile) {
        for (opt, fuel) in
            workload.simulator_guest_opts.iter().flat_map(|&opt| profile.metering().into_iter().map(move |f| (opt, f)))
        {
            let compiled = CompiledGuest::compile_metered(backend, &guest::SIMULATOR, opt, fuel)
                .unwrap_or_else(|e| common::fail(e));
            let engine = compiled.engine_label();
            let mut drivers: Vec<(Scenario, Box<dyn SimDriver>)> = Scenario::all()
                .into_iter()
                .map(|scenario| {
                    let driver = scenario.driver(&compiled, workload.batch_size);
                    (scenario, driver.unwrap_or_else(|e| common::fail(format!("{scenario}: {e}"))))
                })
                .collect();
            for policy in PolicyKind::ALL {
                let expected = NativeDriver.run(policy, capacity, &trace).unwrap_or_else(|e| common::fail(e));
                let mut group = criterion
                    .benchmark_group(format!("simulator/{}/{policy}/{engine}/guest-{opt}", common::host_profile()));
                group.throughput(Throughput::Elements(trace.len() as u64));
                group
                    .sampling_mode(SamplingMode::Flat)
                    .sample_size(profile.criterion.long_sample_size)
                    .measurement_time(profile.criterion.long_measurement_time());
                for (scenario, driver) in &mut drivers {
                    let mut checked = false;
                    group.bench_function(scenario.to_string(), |b| {
                        // Once, outside the timing: WASM must count exactly what native counts.
                        if !checked {
                            let got = driver.run(policy, capacity, &trace).unwrap_or_else(|e| common::fail(e));
                            if got != expected {
                                common::fail(format!(
                                    "{policy} {scenario}: counters {got:?} differ from native {expected:?}"
                                ));
                            }
                            checked = true;
                        }
                        b.iter(|| {
                            driver
                                .run(policy, capacity, &trace)
                                .unwrap_or_else(|e| common::fail(format!("{policy} {scenario}: {e}")))
                        })
                    });
                }
                group.finish();
            }
        }
    }
    criterion.final_summary();
}
