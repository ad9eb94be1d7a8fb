//! The paired measurement inside Criterion: a `Measurement` whose value is a ratio, so
//! Criterion's statistics (bootstrap intervals, outliers, `--save-baseline`,
//! `--baseline`, the HTML report) apply to the ratio itself. The arithmetic (blocks,
//! alternation, the median of the rounds' ratios) is `wasm_script_bench::paired`.

use std::time::Duration;

use criterion::measurement::{Measurement, ValueFormatter};
use criterion::{BenchmarkGroup, Throughput};
use wasm_script_bench::ids::RatioId;
use wasm_script_bench::paired::{self, Blocks};

/// A subject's time per call over its reference's, both measured in the same rounds.
///
/// Criterion schedules iterations by wall-clock time (it times each `iter_custom` call
/// itself), so one iteration here is one round of the two sides' blocks, and a
/// sample's value is its rounds' median ratio times the number of rounds: Criterion's
/// per-iteration value is then the ratio.
pub struct Ratio;

impl Measurement for Ratio {
    type Intermediate = ();
    type Value = f64;

    fn start(&self) {}

    fn end(&self, _: ()) -> f64 {
        // Only reachable by timing one routine (`b.iter`) in a ratio group: a ratio needs
        // two sides, which only `bench_ratio` gives it. A programming error in a bench.
        panic!("a paired ratio is measured with common::paired::bench_ratio, not b.iter")
    }

    fn add(&self, v1: &f64, v2: &f64) -> f64 {
        v1 + v2
    }

    fn zero(&self) -> f64 {
        0.0
    }

    fn to_f64(&self, value: &f64) -> f64 {
        *value
    }

    fn formatter(&self) -> &dyn ValueFormatter {
        &RatioFormatter
    }
}

/// Prints a ratio as `3.2104 x`: unscaled, whatever its size.
struct RatioFormatter;

impl ValueFormatter for RatioFormatter {
    fn scale_values(&self, _typical: f64, _values: &mut [f64]) -> &'static str {
        "x"
    }

    fn scale_throughputs(&self, _typical: f64, _throughput: &Throughput, _values: &mut [f64]) -> &'static str {
        // Ratio groups declare no throughput: a ratio has no work per second.
        "x"
    }

    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "ratio"
    }
}

/// Measures `ratio` in `group`: the two sides alternate in blocks of about `block`
/// each, sized in the first call Criterion makes (its warm-up), then fixed.
pub fn bench_ratio(
    group: &mut BenchmarkGroup<Ratio>,
    ratio: RatioId,
    subject: &mut dyn FnMut(),
    reference: &mut dyn FnMut(),
    block: Duration,
) {
    let mut blocks: Option<Blocks> = None;
    group.bench_function(ratio.function(), |b| {
        b.iter_custom(|rounds| {
            let blocks = *blocks.get_or_insert_with(|| Blocks::calibrate(subject, reference, block));
            paired::sample(subject, reference, blocks, rounds) * rounds as f64
        })
    });
}
