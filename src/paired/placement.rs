//! Placements sampled inside one run: each sample of a paired ratio taken by a fresh
//! worker process, and a ratio's samples spread over the whole run, so that the run's
//! interval sees what placement and the machine's state do to the ratio.
//!
//! Pairing removed drift, but a ratio still depends on where things land: the host's
//! code and heap, the JIT's output, the physical pages behind them, the hash seeds. All
//! of that is fixed for the life of a process, so a process that lands badly gives
//! every one of its samples the same bias: on the 2-vCPU VMs one process in six read a
//! headline ratio 10-35% away from the others, with an interval as tight as theirs
//! (issue 29; docs/running.md, "Placements"). And a fresh process per sample was not
//! enough: taken one after the other, 60 samples of one ratio came in streaks of one
//! mode or the other lasting seconds, so twelve consecutive samples still shared
//! their mode. Whatever sets it (the host's scheduling of the virtual CPU, physical
//! pages handed from one process to the next) changes over seconds, not per process.
//!
//! So samples are taken in *passes* ([`take_in_passes`]): pass k takes sample k of every
//! ratio, in an order shuffled anew per pass, each in a fresh worker started from the
//! bench target's own binary; the worker builds both sides anew (compiles,
//! instantiates, allocates after memory shifted by random amounts, see
//! [`shift_memory`]), takes its one sample and is stopped before the next starts. One
//! worker runs at a time, on the CPU the parent was pinned to, while the parent waits:
//! nothing is built beside a measurement. A ratio's samples so span the whole run, its
//! placements and its seconds, and Criterion, given them, reports an interval and a
//! median over both (as Sightglass reports an interval over processes x iterations,
//! and Stabilizer re-randomises layout so that it becomes noise the statistics see).
//!
//! The parent and a worker speak a line protocol over the worker's stdin and stdout:
//!
//! - worker: `ready` once both sides are built and checked, or `error <message>`;
//! - parent: `sample <microseconds>`; worker: `ratio <value>` (the median of the rounds'
//!   ratios in that time, [`super::sample_for`]), or `error <message>`;
//! - the parent closes stdin; the worker exits.
//!
//! A worker that dies, hangs or prints anything else ends the run with one line naming
//! the ratio ([`Error::Placement`]), with the last thing the worker wrote to stderr.

use std::fmt::Display;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde::Deserialize;

use crate::{Error, Result};

/// Set in a worker's environment to the ratio id it measures: a bench target started
/// with it serves samples ([`serve`]) instead of running Criterion.
pub const WORKER_ENV: &str = "BENCH_PLACEMENT_WORKER";

/// How a paired ratio's samples are spread over placements (`[paired] placement`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Placement {
    /// In passes over the ratios, each sample from a fresh worker process.
    Process,
    /// Every sample of a ratio from one worker process, one after the other: one
    /// placement and a few seconds for the whole ratio, as the paired measurement was
    /// before placements were sampled (to compare the two).
    None,
}

/// What a sample is taken from: a worker process, or (in the tests) a synthetic one.
pub trait Sampler {
    /// The median ratio of the rounds that fit in about `duration` (at least one).
    fn sample(&mut self, duration: Duration) -> Result<f64>;
}

/// `samples` samples of each of `ratios`, each of about `duration(ratio)`, taken as
/// `placement` says; `start(ratio)` makes a sampler (a worker) for a ratio and
/// `progress(done)` hears of each sample taken. The result holds each ratio's samples in
/// the order taken.
///
/// With [`Placement::Process`], pass k takes sample k of every ratio, in an order
/// shuffled by `seed` and k, each from its own sampler, dropped before the next one
/// starts. With [`Placement::None`], each ratio's samples come from one sampler, one
/// after the other.
pub fn take_in_passes<K: Copy, S: Sampler>(
    ratios: &[K],
    samples: usize,
    placement: Placement,
    seed: u64,
    mut start: impl FnMut(K) -> Result<S>,
    duration: impl Fn(K) -> Duration,
    mut progress: impl FnMut(usize),
) -> Result<Vec<Vec<f64>>> {
    let mut taken: Vec<Vec<f64>> = vec![Vec::with_capacity(samples); ratios.len()];
    let mut done = 0;
    match placement {
        Placement::Process => {
            let mut order: Vec<usize> = (0..ratios.len()).collect();
            for pass in 0..samples {
                order.shuffle(&mut StdRng::seed_from_u64(seed.wrapping_mul(1_000_003).wrapping_add(pass as u64)));
                for &k in &order {
                    let value = start(ratios[k])?.sample(duration(ratios[k]))?;
                    taken[k].push(value);
                    done += 1;
                    progress(done);
                }
            }
        }
        Placement::None => {
            for (k, &ratio) in ratios.iter().enumerate() {
                let mut sampler = start(ratio)?;
                for _ in 0..samples {
                    taken[k].push(sampler.sample(duration(ratio))?);
                    done += 1;
                    progress(done);
                }
            }
        }
    }
    Ok(taken)
}

/// A worker process, as the parent sees it.
pub struct Worker {
    /// The ratio it measures, for messages.
    ratio: String,
    child: Child,
    stdin: Option<ChildStdin>,
    /// The worker's stdout, line by line, from a reader thread (so a read can time out).
    lines: Receiver<io::Result<String>>,
    /// The end of what the worker wrote to stderr, for messages.
    stderr: Arc<Mutex<String>>,
    timeout: Duration,
}

/// How much of a worker's stderr a message quotes at most.
const STDERR_KEPT: usize = 2000;

impl Worker {
    /// Starts `command` as the worker for `ratio` and waits until it is ready (its sides
    /// are built and checked); each answer may take up to `timeout`.
    pub fn start(mut command: Command, ratio: impl Display, timeout: Duration) -> Result<Worker> {
        let ratio = ratio.to_string();
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| Error::Placement { ratio: ratio.clone(), reason: format!("could not be started: {e}") })?;
        let (stdin, stdout, stderr) = (child.stdin.take(), child.stdout.take(), child.stderr.take());
        let (sender, lines) = mpsc::channel();
        if let Some(stdout) = stdout {
            std::thread::spawn(move || {
                for line in BufReader::new(stdout).lines() {
                    if sender.send(line).is_err() {
                        break;
                    }
                }
            });
        }
        let kept = Arc::new(Mutex::new(String::new()));
        if let Some(mut stderr) = stderr {
            let kept = Arc::clone(&kept);
            std::thread::spawn(move || {
                let mut buffer = [0u8; 4096];
                while let Ok(n @ 1..) = stderr.read(&mut buffer) {
                    let mut text = kept.lock().unwrap_or_else(|e| e.into_inner());
                    text.push_str(&String::from_utf8_lossy(&buffer[..n]));
                    if text.len() > 4 * STDERR_KEPT {
                        let cut = text.len() - STDERR_KEPT;
                        let cut = (cut..text.len()).find(|&i| text.is_char_boundary(i)).unwrap_or(text.len());
                        text.drain(..cut);
                    }
                }
            });
        }
        let mut worker = Worker { ratio, child, stdin, lines, stderr: kept, timeout };
        match worker.answer("ready")?.as_str() {
            "" => Ok(worker),
            other => Err(worker.error(format!("sent `ready {other}` where `ready` was expected"))),
        }
    }

    /// The worker's next line, which must start with `word` (or be `error ...`): what
    /// follows the word.
    fn answer(&mut self, word: &str) -> Result<String> {
        let line = match self.lines.recv_timeout(self.timeout) {
            Ok(Ok(line)) => line,
            Ok(Err(e)) => return Err(self.error(format!("could not be read: {e}"))),
            Err(RecvTimeoutError::Timeout) => {
                let _ = self.child.kill();
                return Err(self.error(format!(
                    "did not answer within {} s and was stopped (`[paired] worker_timeout_seconds` in the profile)",
                    self.timeout.as_secs_f64()
                )));
            }
            Err(RecvTimeoutError::Disconnected) => {
                let status = self.child.wait().map(|s| s.to_string()).unwrap_or_else(|e| e.to_string());
                return Err(self.error(format!("ended ({status}) before it answered `{word}`")));
            }
        };
        let line = line.trim_end();
        if let Some(message) = line.strip_prefix("error ") {
            return Err(self.error(format!("failed: {message}")));
        }
        match line.split_once(' ') {
            Some((first, rest)) if first == word => Ok(rest.to_owned()),
            None if line == word => Ok(String::new()),
            _ => Err(self.error(format!("sent `{}` where `{word} ...` was expected", abridged(line)))),
        }
    }

    /// An error naming the ratio, with the end of the worker's stderr if it wrote any.
    fn error(&self, reason: String) -> Error {
        // The reader thread may still be taking in what a dying worker wrote last.
        std::thread::sleep(Duration::from_millis(20));
        let stderr = self.stderr.lock().map(|s| s.clone()).unwrap_or_default();
        let last = stderr.lines().rev().find(|l| !l.trim().is_empty()).map(str::trim);
        let reason = match last {
            Some(last) => format!("{reason}; its last words on stderr: {}", abridged(last)),
            None => reason,
        };
        Error::Placement { ratio: self.ratio.clone(), reason }
    }
}

impl Sampler for Worker {
    fn sample(&mut self, duration: Duration) -> Result<f64> {
        let microseconds = duration.as_micros();
        let sent = match &mut self.stdin {
            Some(stdin) => writeln!(stdin, "sample {microseconds}").and_then(|()| stdin.flush()),
            None => Err(io::Error::from(io::ErrorKind::BrokenPipe)),
        };
        if let Err(e) = sent {
            // A worker that died says so on its stdout's end, and that is the better message.
            let _ = self.child.kill();
            return match self.answer("ratio") {
                Err(error) => Err(error),
                Ok(_) => Err(self.error(format!("could not be sent a request: {e}"))),
            };
        }
        let answer = self.answer("ratio")?;
        match answer.parse::<f64>() {
            Ok(ratio) if ratio.is_finite() && ratio > 0.0 => Ok(ratio),
            _ => Err(self.error(format!("sent `ratio {}`, which is not a positive ratio", abridged(&answer)))),
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Its stdin closed, a worker exits; one that does not within a second is stopped.
        drop(self.stdin.take());
        for _ in 0..100 {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// At most 120 characters of `text`, for a message.
fn abridged(text: &str) -> String {
    match text.char_indices().nth(120) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text.to_owned(),
    }
}

/// The worker's side of the protocol: says `ready` if `sides` was built (else `error`
/// and returns), then answers each `sample <microseconds>` with `take(duration)` until
/// its input ends. A request it cannot read is answered with `error` and ends the loop.
pub fn serve<T: FnMut(Duration) -> f64>(
    sides: std::result::Result<T, String>,
    input: impl BufRead,
    mut output: impl Write,
) -> io::Result<()> {
    let mut take = match sides {
        Ok(take) => take,
        Err(message) => return writeln!(output, "error {}", one_line(&message)).and_then(|()| output.flush()),
    };
    writeln!(output, "ready")?;
    output.flush()?;
    for line in input.lines() {
        let line = line?;
        let microseconds = line.strip_prefix("sample ").and_then(|n| n.trim().parse::<u64>().ok());
        match microseconds {
            Some(microseconds) => writeln!(output, "ratio {}", take(Duration::from_micros(microseconds)))?,
            None => {
                writeln!(output, "error the worker was sent `{}`, not `sample <microseconds>`", abridged(&line))?;
                return output.flush();
            }
        }
        output.flush()?;
    }
    Ok(())
}

fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Memory a worker holds for its life so that what it builds after lands elsewhere:
/// see [`shift_memory`].
pub struct MemoryShift {
    _small: Vec<Box<[u8]>>,
    _pages: Vec<u8>,
}

/// Moves where this process's later allocations land, virtually and physically, by
/// random amounts; the caller keeps the result alive while it builds and measures.
///
/// - A random number of small blocks of random sizes: address-space layout
///   randomisation moves the heap by whole pages only, which leaves every address's
///   offset in its page, and so the L1 cache set it maps to, the same in every process.
/// - Up to 32 MiB of pages, touched: the kernel hands a new process the pages the last
///   one freed, in much the same order, so consecutive workers would share their
///   physical placement (which decides the sets of the physically indexed L2 and L3
///   caches) and their samples would not be independent. Taking a random number of
///   pages first moves everything after it.
pub fn shift_memory() -> MemoryShift {
    const PAGE: usize = 4096;
    let mut rng = rand::rng();
    let blocks = rng.random_range(1..=32);
    let small = (0..blocks).map(|_| vec![1u8; rng.random_range(1..=PAGE)].into_boxed_slice()).collect();
    let pages = rng.random_range(0..=8192usize);
    let mut touched = vec![0u8; pages * PAGE];
    for page in touched.chunks_mut(PAGE) {
        page[0] = 1;
    }
    MemoryShift { _small: small, _pages: std::hint::black_box(touched) }
}
