//! The paired measurement's arithmetic on synthetic subjects of known cost: a spin of
//! `k` iterations against one of `2k` reads 2, also when a block is delayed, and the
//! blocks are sized to the target. (These check what the estimator computes, not how
//! fast anything is: timings only enter as the known ratio of two spins.)

mod common;

use common::spin;
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use wasm_script_bench::paired::{Blocks, DEFAULT_BLOCK, median, sample};

const K: u64 = 400;
const ROUNDS: u64 = 301;

fn within(ratio: f64, expected: f64, tolerance: f64) -> bool {
    (ratio / expected - 1.0).abs() <= tolerance
}

#[test]
fn twice_the_work_reads_two() {
    let mut subject = || spin(2 * K);
    let mut reference = || spin(K);
    let blocks = Blocks::calibrate(&mut subject, &mut reference, DEFAULT_BLOCK);
    let ratio = sample(&mut subject, &mut reference, blocks, ROUNDS);
    assert!(within(ratio, 2.0, 0.05), "spin(2k)/spin(k) read {ratio}");
    // And the other way round.
    let inverse =
        sample(&mut reference, &mut subject, Blocks { subject: blocks.reference, reference: blocks.subject }, ROUNDS);
    assert!(within(inverse, 0.5, 0.05), "spin(k)/spin(2k) read {inverse}");
}

#[test]
fn blocks_are_sized_to_take_about_the_same_time() {
    let mut subject = || spin(2 * K);
    let mut reference = || spin(K);
    // The side that costs twice as much makes about half as many calls per block. One
    // calibration times a few calls, and the test threads beside it (two cores) can
    // preempt one of them (a run once read 1.29): the median of five is the check.
    let mut calls_ratios: Vec<(f64, Blocks)> = (0..5)
        .map(|_| {
            let blocks = Blocks::calibrate(&mut subject, &mut reference, Duration::from_micros(200));
            (blocks.reference as f64 / blocks.subject as f64, blocks)
        })
        .collect();
    calls_ratios.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (calls_ratio, blocks) = calls_ratios[2];
    assert!((1.5..=2.7).contains(&calls_ratio), "{blocks:?}: reference/subject calls {calls_ratio}");
    // A side whose one call outlasts the target makes one call per block.
    let mut slow = || std::thread::sleep(Duration::from_micros(300));
    let blocks = Blocks::calibrate(&mut slow, &mut reference, Duration::from_micros(50));
    assert_eq!(blocks.subject, 1);
}

/// A block that is preempted (here: the subject sleeps 1 ms, far longer than a block,
/// in about one round of ten) makes outlying rounds; the median of the rounds' ratios
/// holds, where the ratio of the summed times would not. The delay's period is counted
/// in blocks, not calls: a block makes a few calls of the spin in a debug build and ~20
/// in a release build, so a fixed period in calls (97 once) struck a share of the rounds
/// that depended on the build's speed (one in five in release).
#[test]
fn a_delayed_block_does_not_bias_the_median() {
    let mut reference = || spin(K);
    let blocks = Blocks::calibrate(&mut || spin(2 * K), &mut reference, DEFAULT_BLOCK);
    // One more call than ten blocks: the delay falls at a different place in each block.
    let period = blocks.subject * 10 + 1;
    let calls = Rc::new(Cell::new(0u64));
    let counter = Rc::clone(&calls);
    let mut subject = move || {
        counter.set(counter.get() + 1);
        if counter.get() % period == 0 {
            std::thread::sleep(Duration::from_millis(1));
        }
        spin(2 * K);
    };
    let ratio = sample(&mut subject, &mut reference, blocks, ROUNDS);
    assert!(calls.get() > period * 3, "the delay must have struck several blocks ({} calls)", calls.get());
    assert!(within(ratio, 2.0, 0.05), "with delayed blocks spin(2k)/spin(k) read {ratio}");
}

#[test]
fn one_round_is_a_sample_too() {
    let mut subject = || spin(2 * K);
    let mut reference = || spin(K);
    let ratio = sample(&mut subject, &mut reference, Blocks { subject: 50, reference: 100 }, 1);
    assert!(ratio.is_finite() && ratio > 0.0, "{ratio}");
    // Zero rounds (never asked by Criterion) still measures one, not NaN.
    let ratio = sample(&mut subject, &mut reference, Blocks { subject: 50, reference: 100 }, 0);
    assert!(ratio.is_finite() && ratio > 0.0, "{ratio}");
}

#[test]
fn median_of_odd_even_and_no_values() {
    assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
    assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), 2.5);
    assert_eq!(median(&mut [7.0]), 7.0);
    assert!(median(&mut []).is_nan());
}
