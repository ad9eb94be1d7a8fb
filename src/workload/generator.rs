//! A seeded, deterministic ProWGen-style workload generator (Busari & Williamson,
//! "ProWGen: a synthetic workload generation tool for simulation evaluation of web
//! proxy caches", Computer Networks 38(6), 2002).
//!
//! 1. One-timers: `one_timer_share` of the distinct objects are requested exactly once.
//! 2. Popularity: the other objects get Zipf-like request counts, count(rank) ~
//!    rank^-`zipf_slope`, each at least 2, summing exactly to the remaining requests.
//! 3. Sizes: a lognormal body (`size_mean`, `size_sd`) and, for `tail_share` of the
//!    objects, a Pareto tail (`tail_index`, from `tail_start` bytes), all capped at
//!    `max_size`; assigned to objects at random (correlation 0), or largest to the most
//!    popular (+1), or smallest to the most popular (-1).
//! 4. Order: an LRU stack of `stack_size` objects with references left. Each request
//!    picks a stack position, the chosen object moves to the top, and an object whose
//!    references are used up leaves the stack for the next unseen object (in random
//!    order). The static model picks position d with a fixed probability ~ 1/d
//!    (recency); the dynamic model picks an object with probability proportional to
//!    its references left. Either way every object gets exactly its count.

use std::collections::VecDeque;

use abi_types::Request;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, LogNormal, Pareto};
use serde::Deserialize;

use super::Trace;
use crate::{Error, Result};

/// How object size relates to popularity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(try_from = "i8")]
pub enum SizeCorrelation {
    /// The most popular objects are the smallest (-1).
    Negative,
    /// Independent (0).
    None,
    /// The most popular objects are the largest (+1).
    Positive,
}

impl TryFrom<i8> for SizeCorrelation {
    type Error = String;
    fn try_from(value: i8) -> Result<Self, String> {
        match value {
            -1 => Ok(SizeCorrelation::Negative),
            0 => Ok(SizeCorrelation::None),
            1 => Ok(SizeCorrelation::Positive),
            other => Err(format!("correlation {other} must be -1, 0 or 1")),
        }
    }
}

/// LRU stack model flavour (ProWGen's static and dynamic models).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StackModel {
    Static,
    Dynamic,
}

/// The generator's parameters (`[workload.generator]` in a profile); `Default` is the
/// paper's workload with ProWGen's defaults for what the paper does not state.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GeneratorParams {
    pub seed: u64,
    /// Requests in the trace (paper: 1,000,000).
    pub requests: u64,
    /// Distinct objects (paper: 30,000; ProWGen's own default is 30% of the requests).
    pub objects: u64,
    pub zipf_slope: f64,
    pub one_timer_share: f64,
    pub size_mean: f64,
    pub size_sd: f64,
    pub tail_index: f64,
    pub tail_start: f64,
    pub tail_share: f64,
    pub max_size: u32,
    pub correlation: SizeCorrelation,
    pub stack_size: usize,
    pub stack_model: StackModel,
}

impl Default for GeneratorParams {
    fn default() -> Self {
        GeneratorParams {
            seed: 42,
            requests: 1_000_000,
            objects: 30_000,
            zipf_slope: 0.75,
            one_timer_share: 0.70,
            size_mean: 14_000.0,
            size_sd: 22_000.0,
            tail_index: 1.2,
            tail_start: 10_000.0,
            tail_share: 0.20,
            max_size: 50 * 1024 * 1024,
            correlation: SizeCorrelation::None,
            stack_size: 1000,
            stack_model: StackModel::Static,
        }
    }
}

impl GeneratorParams {
    /// Objects requested exactly once.
    pub fn one_timers(&self) -> u64 {
        (self.one_timer_share * self.objects as f64).round() as u64
    }

    /// Checks the parameters fit together; errors name the `[workload]` key.
    pub fn validate(&self) -> Result<()> {
        let fail = |key: &'static str, message: String| Err(Error::Workload { key, message });
        if self.objects == 0 || self.objects > i32::MAX as u64 {
            return fail("objects", format!("{} must be from 1 to {}", self.objects, i32::MAX));
        }
        if !(0.0..=1.0).contains(&self.one_timer_share) {
            return fail("one_timer_share", format!("{} must be between 0 and 1", self.one_timer_share));
        }
        let (one_timers, popular) = (self.one_timers(), self.objects - self.one_timers());
        let needed = one_timers + 2 * popular;
        if self.requests < needed || (popular == 0 && self.requests != self.objects) {
            return fail(
                "requests",
                format!(
                    "{} requests cannot give {} objects with {one_timers} one-timers: the other {popular} \
                     need at least 2 requests each ({needed} in all); raise requests or lower objects",
                    self.requests, self.objects
                ),
            );
        }
        for (key, value) in [("zipf_slope", self.zipf_slope), ("size_mean", self.size_mean), ("size_sd", self.size_sd)]
        {
            if !(value.is_finite() && value > 0.0) {
                return fail(key, format!("{value} must be a positive number"));
            }
        }
        for (key, value) in [("tail_index", self.tail_index), ("tail_start", self.tail_start)] {
            if !(value.is_finite() && value > 0.0) {
                return fail(key, format!("{value} must be a positive number"));
            }
        }
        if !(0.0..=1.0).contains(&self.tail_share) {
            return fail("tail_share", format!("{} must be between 0 and 1", self.tail_share));
        }
        if self.max_size == 0 {
            return fail("max_size", "must be at least 1 byte".into());
        }
        if self.stack_size == 0 {
            return fail("stack_size", "must be at least 1".into());
        }
        Ok(())
    }
}

/// Bytes of memory per object while generating: request count, Zipf weight, size,
/// id and the unseen-object queue.
const BYTES_PER_OBJECT: u64 = 8 + 8 + 4 + 4 + 8;

/// Generates the trace `params` describe; the same parameters give the same trace.
/// Ids are dense (a random permutation of `0..objects`, so ids say nothing about
/// popularity).
pub fn generate(params: &GeneratorParams) -> Result<Trace> {
    params.validate()?;
    let mut requests = reserve_trace(params)?;
    let mut rng = StdRng::seed_from_u64(params.seed);
    // Objects are indexed by popularity rank: 0 is the most popular.
    let counts = request_counts(params);
    let sizes = object_sizes(params, &mut rng);
    let mut ids: Vec<u32> = (0..params.objects as u32).collect();
    ids.shuffle(&mut rng);
    stack_order(params, counts, &mut rng, |rank| requests.push(Request { id: ids[rank], size: sizes[rank] }));
    Ok(Trace { requests, objects: params.objects as u32 })
}

/// The trace's memory, taken before any work so that a trace too large for the machine
/// is a clear error rather than an abort (or the kernel's OOM killer) halfway through.
fn reserve_trace(params: &GeneratorParams) -> Result<Vec<Request>> {
    let needed = params
        .requests
        .saturating_mul(size_of::<Request>() as u64)
        .saturating_add(params.objects.saturating_mul(BYTES_PER_OBJECT));
    let mut requests = Vec::new();
    // An allocator that overcommits would hand out more than the machine has, so check
    // against physical memory where the system says what it is.
    let fits = physical_memory().is_none_or(|total| needed <= total)
        && usize::try_from(params.requests).is_ok_and(|n| requests.try_reserve_exact(n).is_ok());
    if !fits {
        return Err(Error::Workload {
            key: "requests",
            message: format!(
                "{} requests would need {:.1} GB of memory ({} bytes per request, {BYTES_PER_OBJECT} per object), \
                 more than this machine can allocate; lower requests",
                params.requests,
                needed as f64 / 1e9,
                size_of::<Request>()
            ),
        });
    }
    Ok(requests)
}

/// Bytes of RAM, on systems that say (Linux's /proc/meminfo).
fn physical_memory() -> Option<u64> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let kib = meminfo.lines().find_map(|line| line.strip_prefix("MemTotal:"))?.trim().strip_suffix("kB")?;
    kib.trim().parse::<u64>().ok()?.checked_mul(1024)
}

/// Requests per object, by popularity rank; sums to `params.requests` exactly.
fn request_counts(params: &GeneratorParams) -> Vec<u64> {
    let one_timers = params.one_timers();
    let popular = (params.objects - one_timers) as usize;
    let budget = params.requests - one_timers;
    let weights: Vec<f64> = (1..=popular).map(|rank| (rank as f64).powf(-params.zipf_slope)).collect();
    let total_weight: f64 = weights.iter().sum();
    let mut counts: Vec<u64> = weights.iter().map(|w| ((budget as f64 * w / total_weight) as u64).max(2)).collect();
    // Rounding leaves a small surplus or deficit: settle it on the most popular ranks,
    // which keeps the counts non-increasing and every popular object at 2 or more.
    let mut assigned: u64 = counts.iter().sum();
    let mut rank = 0;
    while assigned != budget && popular > 0 {
        if assigned < budget {
            counts[rank % popular] += 1;
            assigned += 1;
        } else if counts[rank % popular] > 2 {
            counts[rank % popular] -= 1;
            assigned -= 1;
        }
        rank += 1;
    }
    counts.resize(params.objects as usize, 1);
    counts
}

/// One size per object, by popularity rank.
fn object_sizes(params: &GeneratorParams, rng: &mut StdRng) -> Vec<u32> {
    // Lognormal with the requested mean and standard deviation of the sizes themselves.
    let sigma2 = (1.0 + (params.size_sd / params.size_mean).powi(2)).ln();
    let body = LogNormal::new(params.size_mean.ln() - sigma2 / 2.0, sigma2.sqrt()).expect("validated parameters");
    let tail = Pareto::new(params.tail_start, params.tail_index).expect("validated parameters");
    let mut sizes: Vec<u32> = (0..params.objects)
        .map(|_| {
            let bytes = if rng.random::<f64>() < params.tail_share { tail.sample(rng) } else { body.sample(rng) };
            bytes.round().clamp(1.0, f64::from(params.max_size)) as u32
        })
        .collect();
    match params.correlation {
        SizeCorrelation::None => {}
        SizeCorrelation::Positive => sizes.sort_unstable_by(|a, b| b.cmp(a)),
        SizeCorrelation::Negative => sizes.sort_unstable(),
    }
    sizes
}

/// The request order from the LRU stack model (see the module docs): hands each
/// request's object rank to `emit`, in order.
fn stack_order(params: &GeneratorParams, mut left: Vec<u64>, rng: &mut StdRng, mut emit: impl FnMut(usize)) {
    let mut unseen: Vec<usize> = (0..left.len()).collect();
    unseen.shuffle(rng);
    let mut unseen = unseen.into_iter();
    let mut stack: VecDeque<usize> = unseen.by_ref().take(params.stack_size).collect();
    // Static model: P(position d) ~ 1/d; cumulative weights, reused for any stack length.
    let recency: Vec<f64> = (1..=params.stack_size)
        .scan(0.0, |sum, d| {
            *sum += 1.0 / d as f64;
            Some(*sum)
        })
        .collect();
    // References left among the stack's objects, kept up to date for the dynamic model.
    let mut stack_total: u64 = stack.iter().map(|&object| left[object]).sum();
    while !stack.is_empty() {
        let position = match params.stack_model {
            StackModel::Static => {
                let target = rng.random::<f64>() * recency[stack.len() - 1];
                recency.partition_point(|&sum| sum <= target).min(stack.len() - 1)
            }
            StackModel::Dynamic => {
                let mut target = rng.random_range(0..stack_total);
                stack
                    .iter()
                    .position(|&object| {
                        let hit = target < left[object];
                        target = target.saturating_sub(left[object]);
                        hit
                    })
                    .unwrap_or(stack.len() - 1)
            }
        };
        let object = stack.remove(position).expect("position is within the stack");
        emit(object);
        left[object] -= 1;
        stack_total -= 1;
        if left[object] > 0 {
            stack.push_front(object);
        } else if let Some(next) = unseen.next() {
            stack.push_front(next);
            stack_total += left[next];
        }
    }
}
