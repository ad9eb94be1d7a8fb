//! Criterion's saved estimates under `target/criterion`, parsed back into the suite's
//! factors by benchmark id.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::{Error, Result};

/// A mean time with its confidence interval, in nanoseconds per iteration.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    pub mean: f64,
    pub lower: f64,
    pub upper: f64,
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

/// Every benchmark's estimate in one baseline, by full Criterion id.
#[derive(Clone, Debug, Default)]
pub struct Results {
    pub baseline: String,
    pub estimates: BTreeMap<String, Estimate>,
}

#[derive(Deserialize)]
struct BenchmarkFile {
    full_id: String,
    #[serde(default)]
    throughput: Option<ThroughputFile>,
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
        let mut results = Results { baseline: baseline.to_owned(), estimates: BTreeMap::new() };
        let mut dirs = vec![criterion_dir.to_path_buf()];
        while let Some(dir) = dirs.pop() {
            let Ok(entries) = fs::read_dir(&dir) else { continue };
            for entry in entries.flatten() {
                let path = entry.path();
                if !path.is_dir() {
                    continue;
                }
                if entry.file_name() == baseline && path.join("estimates.json").is_file() {
                    let (id, estimate) = read_estimate(&path)?;
                    results.estimates.insert(id, estimate);
                } else {
                    dirs.push(path);
                }
            }
        }
        if results.estimates.is_empty() {
            return Err(Error::Report {
                message: format!(
                    "no results for baseline `{baseline}` in {}: run `cargo bench` (latest results are `new`), \
                     or `cargo bench -- --save-baseline {baseline}`",
                    criterion_dir.display()
                ),
            });
        }
        Ok(results)
    }

    pub fn get(&self, id: &str) -> Option<Estimate> {
        self.estimates.get(id).copied()
    }

    /// Ids under `prefix/`.
    pub fn ids_under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.estimates
            .keys()
            .map(String::as_str)
            .filter(move |id| id.starts_with(prefix) && id[prefix.len()..].starts_with('/'))
    }
}

fn read_estimate(dir: &Path) -> Result<(String, Estimate)> {
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
    let mean = estimates.mean;
    Ok((
        benchmark.full_id,
        Estimate {
            mean: mean.point_estimate,
            lower: mean.confidence_interval.lower_bound,
            upper: mean.confidence_interval.upper_bound,
            confidence_level: mean.confidence_interval.confidence_level,
            throughput: benchmark.throughput.map(Throughput::from),
        },
    ))
}
