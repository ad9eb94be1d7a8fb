//! Criterion's saved estimates under `target/criterion`, parsed back into the suite's
//! typed ids ([`crate::ids`]): the report finds a result by its id's fields, never by
//! spelling the id.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::spread::{Spread, TARGET_CONFIDENCE, next_run};
pub use crate::ids::ExperimentId;
use crate::ids::{BenchId, ParseIdError, RatioId, RatioSide};
use crate::{Error, Result};

/// A mean time with its confidence interval, in nanoseconds per iteration; for a paired
/// ratio (`ratio/...`), the median over its samples, one per placement
/// (`crate::paired::placement`), with the 95% interval in which another run's median
/// lands ([`next_run`]): one placement that lands in a rare mode moves a mean, not a
/// median.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    pub mean: f64,
    pub lower: f64,
    pub upper: f64,
    /// For a paired ratio, its samples' spread: with a placement per sample, `min` and
    /// `max` say how far placement moved it in this run.
    pub placements: Option<Spread>,
    pub confidence_level: f64,
    /// What one iteration processed, as the benchmark declared it to Criterion.
    pub throughput: Option<Throughput>,
}

/// Work per iteration (Criterion's `Throughput`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Throughput {
    Elements(u64),
    Bytes(u64),
}

impl Estimate {
    /// Elements per second at the mean, if the benchmark counted elements.
    pub fn elements_per_second(&self) -> Option<f64> {
        match self.throughput? {
            Throughput::Elements(n) => Some(n as f64 / (self.mean * 1e-9)),
            Throughput::Bytes(_) => None,
        }
    }

    /// Bytes per second at the mean, if the benchmark counted bytes.
    pub fn bytes_per_second(&self) -> Option<f64> {
        match self.throughput? {
            Throughput::Bytes(n) => Some(n as f64 / (self.mean * 1e-9)),
            Throughput::Elements(_) => None,
        }
    }

    /// Elements per iteration, if counted.
    pub fn elements(&self) -> Option<u64> {
        match self.throughput? {
            Throughput::Elements(n) => Some(n),
            Throughput::Bytes(_) => None,
        }
    }
}

/// Every benchmark's estimate in one baseline: by the id as Criterion saved it (what
/// baseline comparison matches on, whatever the ids), and by typed id (what the tables
/// look up), with the saved ids that are not ids of this suite.
#[derive(Clone, Debug, Default)]
pub struct Results {
    pub baseline: String,
    pub estimates: BTreeMap<String, Estimate>,
    parsed: HashMap<BenchId, Estimate>,
    /// Saved ids this version of the suite does not know (renamed or retired factors, a
    /// foreign benchmark in the same folder): named in the report, never dropped silently.
    unrecognised: Vec<Unrecognised>,
    /// The folder the results were loaded from, and per saved id the folder below it
    /// Criterion wrote the id to (its `directory_name`), where Criterion's own page for
    /// it lives; none for results not loaded from disk.
    criterion_dir: Option<PathBuf>,
    directories: BTreeMap<String, String>,
}

/// A saved id that is not an id of this suite, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unrecognised {
    /// The whole id as Criterion saved it.
    pub id: String,
    /// Where parsing stopped: the segment and the values it could have been.
    pub error: ParseIdError,
}

impl std::fmt::Display for Unrecognised {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}`: {}", self.id, self.error)
    }
}

#[derive(Deserialize)]
struct BenchmarkFile {
    full_id: String,
    #[serde(default)]
    throughput: Option<ThroughputFile>,
    /// Where below the results folder Criterion wrote this benchmark (a filename-safe
    /// form of the id, made unique): its own page is `<directory_name>/report/index.html`.
    directory_name: String,
}

/// Criterion's serialized `Throughput`.
#[derive(Deserialize)]
enum ThroughputFile {
    Elements(u64),
    Bytes(u64),
    BytesDecimal(u64),
    Bits(u64),
    ElementsAndBytes { elements: u64 },
}

impl From<ThroughputFile> for Throughput {
    fn from(file: ThroughputFile) -> Self {
        match file {
            ThroughputFile::Elements(n) | ThroughputFile::ElementsAndBytes { elements: n } => Throughput::Elements(n),
            ThroughputFile::Bytes(n) | ThroughputFile::BytesDecimal(n) => Throughput::Bytes(n),
            ThroughputFile::Bits(n) => Throughput::Bytes(n / 8),
        }
    }
}

#[derive(Deserialize)]
struct EstimatesFile {
    mean: Statistic,
    median: Statistic,
}

/// Criterion's raw samples: per sample, the iterations and their summed measurement.
#[derive(Deserialize)]
struct SampleFile {
    iters: Vec<f64>,
    times: Vec<f64>,
}

#[derive(Deserialize)]
struct Statistic {
    point_estimate: f64,
    confidence_interval: Interval,
}

#[derive(Deserialize)]
struct Interval {
    confidence_level: f64,
    lower_bound: f64,
    upper_bound: f64,
}

/// A ratio between two ids, and how it was measured.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RatioValue {
    pub value: f64,
    /// Measured paired (the `ratio` target: both sides in the same seconds), not
    /// divided from two ids measured apart.
    pub paired: bool,
    /// For a paired ratio, the interval its estimate carries: where another run's
    /// median lands (`Estimate`); none for a divided one.
    pub interval: Option<(f64, f64)>,
}

impl Results {
    /// Reads every `<benchmark>/<baseline>/estimates.json` below `criterion_dir`.
    /// `baseline` is `new` for the latest run, or a name given to `--save-baseline`.
    pub fn load(criterion_dir: &Path, baseline: &str) -> Result<Results> {
        if !criterion_dir.is_dir() {
            return Err(Error::Report {
                message: format!(
                    "no benchmark results in {}: run `cargo bench` first (or give the folder with --dir)",
                    criterion_dir.display()
                ),
            });
        }
        let mut estimates = BTreeMap::new();
        let mut directories = BTreeMap::new();
        let mut dirs = vec![criterion_dir.to_path_buf()];
        while let Some(dir) = dirs.pop() {
            let Ok(entries) = fs::read_dir(&dir) else { continue };
            for entry in entries.flatten() {
                let path = entry.path();
                if !path.is_dir() {
                    continue;
                }
                if entry.file_name() == baseline && path.join("estimates.json").is_file() {
                    let (id, estimate, directory) = read_estimate(&path)?;
                    directories.insert(id.clone(), directory);
                    estimates.insert(id, estimate);
                } else {
                    dirs.push(path);
                }
            }
        }
        if estimates.is_empty() {
            return Err(Error::Report {
                message: format!(
                    "no results for baseline `{baseline}` in {}: run `cargo bench` (latest results are `new`), \
                     or `cargo bench -- --save-baseline {baseline}`",
                    criterion_dir.display()
                ),
            });
        }
        Ok(Results::new(baseline, estimates).with_directories(criterion_dir, directories))
    }

    /// Results from estimates by saved id; each id is parsed once, here.
    pub fn new(baseline: &str, estimates: BTreeMap<String, Estimate>) -> Results {
        let mut parsed = HashMap::new();
        let mut unrecognised = Vec::new();
        for (text, estimate) in &estimates {
            match text.parse::<BenchId>() {
                Ok(id) => {
                    parsed.insert(id, *estimate);
                }
                Err(error) => unrecognised.push(Unrecognised { id: text.clone(), error }),
            }
        }
        Results {
            baseline: baseline.to_owned(),
            estimates,
            parsed,
            unrecognised,
            criterion_dir: None,
            directories: BTreeMap::new(),
        }
    }

    /// The same results, knowing the folder they came from and, per saved id, the
    /// folder below it Criterion wrote the id to.
    pub fn with_directories(self, criterion_dir: &Path, directories: BTreeMap<String, String>) -> Results {
        Results { criterion_dir: Some(criterion_dir.to_owned()), directories, ..self }
    }

    /// The folder the results were loaded from, if any.
    pub fn criterion_dir(&self) -> Option<&Path> {
        self.criterion_dir.as_deref()
    }

    /// The folder Criterion wrote one saved id to, if the results were loaded from one.
    pub fn directory(&self, id: &str) -> Option<PathBuf> {
        Some(self.criterion_dir.as_ref()?.join(self.directories.get(id)?))
    }

    /// Every saved id's folder below [`Results::criterion_dir`].
    pub fn directories(&self) -> &BTreeMap<String, String> {
        &self.directories
    }

    /// The estimate of one benchmark, if this run has it.
    pub fn get(&self, id: impl Into<BenchId>) -> Option<Estimate> {
        self.parsed.get(&id.into()).copied()
    }

    /// Every id of the suite this run has, in no particular order.
    pub fn ids(&self) -> impl Iterator<Item = BenchId> + '_ {
        self.parsed.keys().copied()
    }

    /// `numerator / denominator`: paired where the run measured it so (both sides in the
    /// same seconds), else divided from the two ids' means.
    pub fn ratio(&self, numerator: impl Into<BenchId>, denominator: impl Into<BenchId>) -> Option<RatioValue> {
        let (numerator, denominator) = (numerator.into(), denominator.into());
        match self.paired_estimate(numerator, denominator) {
            Some((value, lower, upper)) => Some(RatioValue { value, paired: true, interval: Some((lower, upper)) }),
            None => Some(RatioValue { value: self.divided(numerator, denominator)?, paired: false, interval: None }),
        }
    }

    /// A paired `numerator / denominator` with its interval, as (value, lower, upper).
    fn paired_estimate(&self, numerator: BenchId, denominator: BenchId) -> Option<(f64, f64, f64)> {
        let (numerator, denominator) = (RatioSide::try_from(numerator).ok()?, RatioSide::try_from(denominator).ok()?);
        let ratio = |subject, reference| self.get(RatioId { subject, reference });
        match ratio(numerator, denominator) {
            Some(e) => Some((e.mean, e.lower, e.upper)),
            None => ratio(denominator, numerator).map(|e| (1.0 / e.mean, 1.0 / e.upper, 1.0 / e.lower)),
        }
    }

    /// `numerator / denominator` as the `ratio` target measured it, both sides
    /// interleaved (`ratio/{numerator}/over/{denominator}`, or 1 over its inverse).
    pub fn paired(&self, numerator: BenchId, denominator: BenchId) -> Option<f64> {
        self.paired_estimate(numerator, denominator).map(|(value, _, _)| value)
    }

    /// `numerator / denominator` from the two ids' own means, measured apart.
    pub fn divided(&self, numerator: BenchId, denominator: BenchId) -> Option<f64> {
        Some(self.get(numerator)?.mean / self.get(denominator)?.mean)
    }

    /// The ids of one experiment: `results.ids_of::<MicroId>()`.
    pub fn ids_of<I: ExperimentId>(&self) -> impl Iterator<Item = I> + '_ {
        self.ids().filter_map(I::from_bench_id)
    }

    /// Whether any id of one experiment satisfies `test`.
    pub fn any<I: ExperimentId>(&self, test: impl Fn(&I) -> bool) -> bool {
        self.ids_of::<I>().any(|id| test(&id))
    }

    /// The saved ids that are not ids of this suite, each with why.
    pub fn unrecognised(&self) -> &[Unrecognised] {
        &self.unrecognised
    }
}

/// One benchmark's saved id, estimate and folder (relative to the results folder).
fn read_estimate(dir: &Path) -> Result<(String, Estimate, String)> {
    let read = |name: &str| -> Result<String> {
        let path: PathBuf = dir.join(name);
        fs::read_to_string(&path).map_err(|e| Error::Report { message: format!("cannot read {}: {e}", path.display()) })
    };
    let parse_error = |name: &str, e: serde_json::Error| Error::Report {
        message: format!("{}/{name} is not Criterion's format: {e}", dir.display()),
    };
    let benchmark: BenchmarkFile =
        serde_json::from_str(&read("benchmark.json")?).map_err(|e| parse_error("benchmark.json", e))?;
    let estimates: EstimatesFile =
        serde_json::from_str(&read("estimates.json")?).map_err(|e| parse_error("estimates.json", e))?;
    let paired = benchmark.full_id.parse::<RatioId>().is_ok();
    // Criterion writes sample.json beside estimates.json; results copied without it
    // still have Criterion's median, without the spread.
    let samples = if paired && dir.join("sample.json").is_file() {
        let samples: SampleFile =
            serde_json::from_str(&read("sample.json")?).map_err(|e| parse_error("sample.json", e))?;
        Some(samples.times.iter().zip(&samples.iters).map(|(time, iters)| time / iters).collect::<Vec<f64>>())
    } else {
        None
    };
    let placements = samples.as_deref().and_then(Spread::of);
    let point = if paired { estimates.median } else { estimates.mean };
    // A paired ratio's interval says where the next run's median will land
    // (`spread::next_run`), what a reader of one run needs to know; Criterion's and the
    // order statistics' intervals of the median are narrower than runs differ.
    let next_run = placements.zip(samples.as_deref()).and_then(|(spread, values)| next_run(values, spread.median));
    let (mean, lower, upper, confidence_level) = match (placements, next_run) {
        (Some(spread), Some((lower, upper))) => (spread.median, lower, upper, TARGET_CONFIDENCE),
        (Some(spread), None) => (spread.median, spread.lower, spread.upper, spread.confidence),
        (None, _) => (
            point.point_estimate,
            point.confidence_interval.lower_bound,
            point.confidence_interval.upper_bound,
            point.confidence_interval.confidence_level,
        ),
    };
    Ok((
        benchmark.full_id,
        Estimate {
            mean,
            lower,
            upper,
            placements,
            confidence_level,
            throughput: benchmark.throughput.map(Throughput::from),
        },
        benchmark.directory_name,
    ))
}
