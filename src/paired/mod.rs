//! The paired measurement: a ratio between two calls, measured with both calls timed
//! in the same seconds, so that what the machine does meanwhile falls on both.
//!
//! Every answer of the study is a ratio (dynamic/typed call, Wasmer/Wasmtime, batch/
//! native, ...). Dividing two times that were measured one after the other, seconds
//! apart, lets a noisy neighbour or a change of CPU frequency land on one side only: on
//! the 2-vCPU development VM such ratios moved 1.1-1.9x between processes. Here the
//! subject and its reference alternate instead, in *rounds*: each round times one block
//! of subject calls and one block of reference calls, in alternating order (subject
//! first in even rounds, reference first in odd ones, so neither side always runs on
//! caches the other warmed or evicted), and gives one ratio of the two per-call times.
//!
//! - **Blocks of equal length.** Each side's block is sized (by [`Blocks::calibrate`])
//!   to take about the same time, tens of microseconds: long against the clock's
//!   resolution and cost (a block is timed with two clock reads, and a cost that is the
//!   same share of both blocks cancels in their ratio), short against the bursts a
//!   scheduler or a neighbour makes, so one burst lands inside one round.
//! - **The median of the rounds' ratios** is a sample's value. A block that is
//!   preempted gives one round an outlying ratio, and the median ignores it. The ratio
//!   of the summed times would not: a preempted block lands more often on the longer
//!   side (it spends more time exposed), so under a burst/idle CPU hog the sums
//!   biased a dynamic/typed ratio up by 10% where the median held within 2%
//!   (docs/running.md, "Paired ratios").
//! - **One measuring loop for both sides.** Each block runs through the same
//!   non-inlined loop, calling its side through a `&mut dyn FnMut()`, so the two sides
//!   differ only in what they call, never in how the harness around them was compiled
//!   or placed: both pay the same indirect call (about a nanosecond), which the ratio
//!   includes on both sides.
//!
//! Criterion drives this through `iter_custom` and a `Measurement` whose value is the
//! ratio (`benches/common/paired.rs`), so its statistics, baselines and HTML report
//! apply to the ratio itself; this module has the arithmetic, free of Criterion, so the
//! tests can check it on synthetic subjects of known cost.
//!
//! Each of a ratio's samples is taken in a placement of its own, a fresh worker
//! process ([`placement`]), so that the interval covers what placement does too.

pub mod placement;

use std::hint::black_box;
use std::time::{Duration, Instant};

/// How long a block aims to take when none is given: long enough that two clock reads
/// (~25-50 ns on the development VMs) are under 0.2% of it, short enough that a round
/// (two blocks) stays well inside a scheduler's time slice (~1-4 ms).
pub const DEFAULT_BLOCK: Duration = Duration::from_micros(25);

/// The most calls one block may make, whatever the calibration says (a side that does
/// nothing measurable must not make a block run for minutes).
const MAX_CALLS_PER_BLOCK: u64 = 1 << 24;

/// How many calls each side makes per block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Blocks {
    pub subject: u64,
    pub reference: u64,
}

impl Blocks {
    /// Sizes each side's block to take about `target`: each side is timed over a
    /// doubling number of calls until a timing reaches a quarter of `target` (the
    /// fastest of two timings per count, so one preemption does not shrink the block),
    /// then the count is scaled to `target`. A side whose one call exceeds `target`
    /// makes one call per block.
    pub fn calibrate(subject: &mut dyn FnMut(), reference: &mut dyn FnMut(), target: Duration) -> Blocks {
        Blocks { subject: calls_per_block(subject, target), reference: calls_per_block(reference, target) }
    }
}

fn calls_per_block(side: &mut dyn FnMut(), target: Duration) -> u64 {
    side(); // the first call may fault in code and data: not a representative one
    let target_ns = target.as_nanos().max(1) as f64;
    let mut calls = 1u64;
    loop {
        let fastest = time_block(side, calls).min(time_block(side, calls));
        let ns = fastest.as_nanos() as f64;
        if ns * 4.0 >= target_ns || calls >= MAX_CALLS_PER_BLOCK {
            let per_call = (ns / calls as f64).max(f64::MIN_POSITIVE);
            return ((target_ns / per_call).round() as u64).clamp(1, MAX_CALLS_PER_BLOCK);
        }
        calls *= 2;
    }
}

/// Times `calls` calls of `side`: the one loop every block of either side runs through.
#[inline(never)]
fn time_block(side: &mut dyn FnMut(), calls: u64) -> Duration {
    let side = black_box(side);
    let start = Instant::now();
    for _ in 0..calls {
        side();
    }
    start.elapsed()
}

/// One sample: `rounds` rounds (at least one) of the two sides' blocks, alternating
/// which side goes first; the median of the rounds' ratios of subject time per call
/// to reference time per call.
pub fn sample(subject: &mut dyn FnMut(), reference: &mut dyn FnMut(), blocks: Blocks, rounds: u64) -> f64 {
    let rounds = rounds.max(1);
    // Allocated before any block is timed; `rounds` is at most a few hundred thousand.
    let mut ratios = Vec::with_capacity(rounds as usize);
    for round in 0..rounds {
        ratios.push(round_ratio(subject, reference, blocks, round));
    }
    median(&mut ratios)
}

/// One sample of rounds for about `duration` (at least one round): the median of their
/// ratios, as [`sample`].
pub fn sample_for(subject: &mut dyn FnMut(), reference: &mut dyn FnMut(), blocks: Blocks, duration: Duration) -> f64 {
    let started = Instant::now();
    let mut ratios = Vec::with_capacity(1024);
    let mut round = 0;
    while round == 0 || started.elapsed() < duration {
        // A vector that grows does so between rounds, outside both timings.
        ratios.push(round_ratio(subject, reference, blocks, round));
        round += 1;
    }
    median(&mut ratios)
}

/// Round `round`'s ratio: one block of each side, the subject first in even rounds.
fn round_ratio(subject: &mut dyn FnMut(), reference: &mut dyn FnMut(), blocks: Blocks, round: u64) -> f64 {
    let (subject_time, reference_time) = if round % 2 == 0 {
        let s = time_block(subject, blocks.subject);
        (s, time_block(reference, blocks.reference))
    } else {
        let r = time_block(reference, blocks.reference);
        (time_block(subject, blocks.subject), r)
    };
    let per_subject_call = subject_time.as_nanos() as f64 / blocks.subject as f64;
    // A reference block too short for the clock to see reads as 1 ns, not 0 (a ratio
    // must stay finite for the statistics).
    let per_reference_call = (reference_time.as_nanos() as f64).max(1.0) / blocks.reference as f64;
    per_subject_call / per_reference_call
}

/// The median of `values` (the mean of the middle two for an even count); NaN for none.
pub fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    if values.len() % 2 == 1 { values[middle] } else { (values[middle - 1] + values[middle]) / 2.0 }
}
