//! Placements sampled inside one run (`wasm_script_bench::paired::placement`): samples
//! taken in passes, each in its own placement; a planted bimodal cost that comes in
//! streaks seen by the spread while the median holds; the worker protocol; and a worker
//! that dies, hangs or prints garbage ending in one clear error that names the ratio.

mod common;

use common::spin;
use std::cell::Cell;
use std::process::Command;
use std::rc::Rc;
use std::time::Duration;

use wasm_script_bench::Error;
use wasm_script_bench::paired::placement::{Placement, Sampler, Worker, serve, take_in_passes};
use wasm_script_bench::paired::{Blocks, DEFAULT_BLOCK, sample_for};
use wasm_script_bench::report::Spread;

/// A placement that answers its ratio's number and how many placements were made
/// before it, so a test can see which one took a sample.
struct Numbered(f64);

impl Sampler for Numbered {
    fn sample(&mut self, _: Duration) -> wasm_script_bench::Result<f64> {
        Ok(self.0)
    }
}

#[test]
fn each_pass_takes_one_sample_of_every_ratio_each_in_a_fresh_placement() {
    let ratios = [0usize, 1, 2, 3];
    let mut started = Vec::new();
    let start = |ratio: usize, started: &mut Vec<usize>| {
        started.push(ratio);
        Ok(Numbered((100 * ratio + started.len()) as f64))
    };
    let taken =
        take_in_passes(&ratios, 5, Placement::Process, 7, |r| start(r, &mut started), |_| Duration::ZERO, |_| ())
            .unwrap();
    assert_eq!(started.len(), 20, "a placement per sample");
    // Pass k starts every ratio once, in some order, before pass k+1 starts any.
    for pass in started.chunks(4) {
        let mut sorted = pass.to_vec();
        sorted.sort();
        assert_eq!(sorted, ratios);
    }
    assert!(started.chunks(4).any(|pass| pass != [0, 1, 2, 3]), "passes are shuffled: {started:?}");
    for (ratio, samples) in taken.iter().enumerate() {
        assert_eq!(samples.len(), 5);
        assert!(samples.iter().all(|&v| (v / 100.0).floor() as usize == ratio), "{ratio}: {samples:?}");
    }

    let mut started = Vec::new();
    let taken =
        take_in_passes(&ratios, 5, Placement::None, 7, |r| start(r, &mut started), |_| Duration::ZERO, |_| ()).unwrap();
    assert_eq!(started, ratios, "one placement per ratio, the ratios in order");
    assert!(taken.iter().all(|samples| samples.len() == 5 && samples.windows(2).all(|w| w[0] == w[1])));
}

/// A synthetic placement with a planted cost that comes in streaks, as the machine's
/// modes were seen: of every 36 samples taken (by any placement, one after the other),
/// the 24th to the 35th are twice as slow.
struct Planted {
    clock: Rc<Cell<u64>>,
    blocks: Blocks,
}

const K: u64 = 300;

impl Planted {
    fn new(clock: &Rc<Cell<u64>>) -> Planted {
        let blocks = Blocks::calibrate(&mut || spin(K), &mut || spin(K), DEFAULT_BLOCK);
        Planted { clock: Rc::clone(clock), blocks }
    }
}

impl Sampler for Planted {
    fn sample(&mut self, duration: Duration) -> wasm_script_bench::Result<f64> {
        let now = self.clock.get();
        self.clock.set(now + 1);
        let factor = if (now / 12) % 3 == 2 { 2 } else { 1 };
        Ok(sample_for(&mut || spin(factor * K), &mut || spin(K), self.blocks, duration))
    }
}

/// Taken ratio by ratio, a streak covers all of some ratios' samples, and their medians
/// are the slow mode's; taken in passes, every ratio's samples meet both modes, its
/// interval covers both and its median is the common mode's, ratio after ratio.
#[test]
fn a_planted_bimodal_cost_that_comes_in_streaks_is_covered_in_passes() {
    let ratios = [0usize, 1, 2, 3, 4, 5];
    let run = |placement| {
        let clock = Rc::new(Cell::new(0));
        let start = |_| Ok(Planted::new(&clock));
        let taken = take_in_passes(&ratios, 12, placement, 3, start, |_| Duration::from_millis(2), |_| ()).unwrap();
        taken.iter().map(|samples| Spread::of(samples).unwrap()).collect::<Vec<Spread>>()
    };
    for spread in run(Placement::Process) {
        assert!(spread.lower < 1.15 && spread.upper > 1.8, "the interval covers both modes: {spread:?}");
        assert!((0.93..1.1).contains(&spread.median), "the median is the common mode's: {spread:?}");
    }
    let one_by_one = run(Placement::None);
    let slow: Vec<usize> = (0..6).filter(|&k| one_by_one[k].median > 1.8).collect();
    assert_eq!(slow, [2, 5], "{one_by_one:?}");
}

#[test]
fn sample_for_takes_at_least_one_round() {
    let blocks = Blocks { subject: 1, reference: 1 };
    let ratio = sample_for(&mut || spin(2 * K), &mut || spin(K), blocks, Duration::ZERO);
    assert!(ratio.is_finite() && ratio > 0.0, "{ratio}");
}

#[test]
fn serve_answers_each_request_and_stops_at_a_bad_one() {
    let mut out = Vec::new();
    serve(Ok(|time: Duration| time.as_micros() as f64 / 2.0), &b"sample 3\nsample 10\n"[..], &mut out).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), "ready\nratio 1.5\nratio 5\n");

    let mut out = Vec::new();
    serve(Ok(|_: Duration| 1.0), &b"sample 3\nsample many\nsample 4\n"[..], &mut out).unwrap();
    let out = String::from_utf8(out).unwrap();
    assert!(out.starts_with("ready\nratio 1\nerror ") && out.contains("`sample many`"), "{out}");
    assert_eq!(out.lines().count(), 3, "nothing after the error: {out}");

    let mut out = Vec::new();
    serve(Err::<fn(Duration) -> f64, _>("its counters\ndiffer from native's".into()), &b"sample 3\n"[..], &mut out)
        .unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), "error its counters differ from native's\n");
}

const RATIO: &str = "ratio/micro/host-release/wasmer-cranelift/guest-release/a/over/b";

/// A worker that is the shell script `script`.
fn shell_worker(script: &str, timeout: Duration) -> wasm_script_bench::Result<Worker> {
    let mut command = Command::new("sh");
    command.args(["-c", script]);
    Worker::start(command, RATIO, timeout)
}

const PATIENT: Duration = Duration::from_secs(20);

#[test]
fn a_well_behaved_worker_answers_its_samples() {
    let script = r#"echo ready; while read word micros; do echo "ratio 1.$micros"; done"#;
    let mut worker = shell_worker(script, PATIENT).unwrap();
    assert_eq!(worker.sample(Duration::from_micros(25)).unwrap(), 1.25);
    assert_eq!(worker.sample(Duration::from_micros(5)).unwrap(), 1.5);
}

/// The one-line message of a failed start or sample, checked to name the ratio.
fn message(result: wasm_script_bench::Result<impl Sized>) -> String {
    let error: Error = match result {
        Ok(_) => panic!("the worker should have failed"),
        Err(e) => e,
    };
    let text = error.to_string();
    assert!(text.starts_with(RATIO), "names the ratio: {text}");
    assert!(!text.contains('\n'), "one line: {text}");
    text
}

#[test]
fn a_worker_that_dies_before_it_is_ready_is_one_clear_error() {
    let text = message(shell_worker("echo 'error: no such guest' >&2; exit 3", PATIENT));
    assert!(text.contains("ended (exit status: 3)") && text.contains("error: no such guest"), "{text}");
}

#[test]
fn a_worker_that_dies_during_a_sample_is_one_clear_error() {
    let mut worker = shell_worker("echo ready; read request; echo 'trapped' >&2; exit 1", PATIENT).unwrap();
    let text = message(worker.sample(Duration::from_millis(1)));
    assert!(text.contains("before it answered `ratio`") && text.contains("trapped"), "{text}");
}

#[test]
fn a_worker_that_hangs_is_stopped_and_named() {
    let text = message(shell_worker("sleep 30", Duration::from_millis(300)));
    assert!(text.contains("did not answer within 0.3 s"), "{text}");
    let mut worker = shell_worker("echo ready; read request; sleep 30", Duration::from_millis(300)).unwrap();
    let text = message(worker.sample(Duration::from_millis(1)));
    assert!(text.contains("did not answer within"), "{text}");
}

#[test]
fn a_worker_that_prints_garbage_is_one_clear_error() {
    let text = message(shell_worker("echo 'Compiling 3 functions...'", PATIENT));
    assert!(text.contains("sent `Compiling 3 functions...` where `ready ...` was expected"), "{text}");
    let mut worker = shell_worker("echo ready; read request; echo 'ratio fast'", PATIENT).unwrap();
    let text = message(worker.sample(Duration::from_millis(1)));
    assert!(text.contains("`ratio fast`, which is not a positive ratio"), "{text}");
    let mut worker = shell_worker("echo ready; read request; echo 'ratio -2'", PATIENT).unwrap();
    message(worker.sample(Duration::from_millis(1)));
}

#[test]
fn a_worker_that_reports_an_error_passes_it_on() {
    let text = message(shell_worker("echo 'error its counters differ from native'\"'\"'s'", PATIENT));
    assert!(text.ends_with("failed: its counters differ from native's"), "{text}");
}

#[test]
fn a_worker_that_cannot_be_started_is_one_clear_error() {
    let text = message(Worker::start(Command::new("/nonexistent/bench-binary"), RATIO, PATIENT));
    assert!(text.contains("could not be started"), "{text}");
}
