//! Where a benchmark run measured: the machine, the toolchain, the runtime versions, the
//! cargo features and the profile. Each bench target stores this record beside the
//! results Criterion saves, as `<criterion dir>/environment/<baseline>/<target>.json`, so
//! that a report can say what its numbers were measured on and a comparison can warn
//! when two baselines were not measured alike.
//!
//! The rustc version and the runtime crates' versions are fixed when the suite is built
//! (`build.rs` sets `WSB_RUSTC_VERSION` and `WSB_RUNTIME_VERSIONS`); the rest is read
//! when the run starts.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::profile::{CriterionSettings, Profile};

/// The folder below Criterion's that holds the records, one subfolder per baseline.
pub const ENVIRONMENT_DIR: &str = "environment";

/// The cargo features that decide what a build measures, and whether this build has
/// each. A new feature is one entry.
const FEATURES: [(&str, bool); 11] = [
    ("singlepass", cfg!(feature = "singlepass")),
    ("cranelift", cfg!(feature = "cranelift")),
    ("llvm", cfg!(feature = "llvm")),
    ("wasmtime", cfg!(feature = "wasmtime")),
    ("wasmi", cfg!(feature = "wasmi")),
    ("wasm3", cfg!(feature = "wasm3")),
    ("wamr", cfg!(feature = "wamr")),
    ("previous", cfg!(feature = "previous")),
    // Not only what can be measured: these compile crates in that move calls which do
    // not use them (`wasi` turns on Wasmtime's concurrency support and changes Wasmer's
    // call path: `wasmer-async` alone), so every figure names them.
    ("async", cfg!(feature = "async")),
    ("wasmer-async", cfg!(feature = "wasmer-async")),
    ("wasi", cfg!(feature = "wasi")),
];

/// One bench target's run: what it was measured on and how.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Environment {
    /// `model name` from /proc/cpuinfo, or the architecture (`x86_64`) where there is none.
    pub cpu: String,
    pub logical_cores: usize,
    /// `PRETTY_NAME` from /etc/os-release, or the OS family (`linux`, `macos`).
    pub os: String,
    /// /proc/sys/kernel/osrelease, where there is one.
    pub kernel: Option<String>,
    /// `rustc --version` of the toolchain that built the benchmarks.
    pub rustc: String,
    /// The runtime crates built in, with the versions Cargo.lock pins.
    pub runtimes: Vec<RuntimeVersion>,
    /// The enabled cargo features among those that decide what can be measured.
    pub features: Vec<String>,
    /// The benchmark profile's name: the file stem of its `.toml`.
    pub profile: String,
    pub criterion: CriterionSettings,
    /// `git rev-parse --short HEAD`, with `+dirty` when there were uncommitted changes;
    /// `unknown` without git or outside a repository.
    pub commit: String,
    /// The bench target that ran: `micro`, `lifecycle`, ...
    pub bench_target: String,
    /// How the host was built: `release` (`cargo bench`) or `debug` (`--profile dev`).
    pub host_profile: String,
    /// When the run started, in seconds since the UNIX epoch.
    pub recorded_at: u64,
    /// The CPU the measuring thread was pinned to (`[process] pin_cpu`), if it was.
    #[serde(default)]
    pub pinned_cpu: Option<usize>,
    /// Which repetition of a repeated run this was (`BENCH_REPETITION`, also the seed of
    /// its measuring order); 0 for a plain run.
    #[serde(default)]
    pub repetition: u64,
    /// The code layout the binary was built with (`BENCH_LAYOUT_SEED`; 0: none added).
    #[serde(default)]
    pub layout_seed: u64,
}

/// A runtime crate and its version, as Cargo.lock names them: `wasmtime`, `48.0.0`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuntimeVersion {
    pub name: String,
    pub version: String,
}

impl Environment {
    /// The environment of this process, running `bench_target` with `profile`.
    pub fn capture(profile: &Profile, bench_target: &str) -> Environment {
        Environment {
            cpu: cpu_model().unwrap_or_else(|| std::env::consts::ARCH.to_owned()),
            logical_cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            os: os_name().unwrap_or_else(|| std::env::consts::OS.to_owned()),
            kernel: read_trimmed("/proc/sys/kernel/osrelease"),
            rustc: env!("WSB_RUSTC_VERSION").to_owned(),
            runtimes: built_in_runtimes(),
            features: FEATURES.iter().filter(|(_, on)| *on).map(|(name, _)| (*name).to_owned()).collect(),
            profile: profile.path.file_stem().map_or_else(|| "unknown".into(), |s| s.to_string_lossy().into_owned()),
            criterion: profile.criterion.clone(),
            commit: git_commit(Path::new(env!("CARGO_MANIFEST_DIR"))),
            bench_target: bench_target.to_owned(),
            host_profile: if cfg!(debug_assertions) { "debug" } else { "release" }.to_owned(),
            recorded_at: SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()),
            pinned_cpu: None,
            repetition: 0,
            layout_seed: crate::layout::LAYOUT_SEED,
        }
    }

    /// Where the record of `bench_target` in `baseline` lives.
    pub fn path(criterion_dir: &Path, baseline: &str, bench_target: &str) -> PathBuf {
        criterion_dir.join(ENVIRONMENT_DIR).join(baseline).join(format!("{bench_target}.json"))
    }

    /// Writes the record for `baseline`, replacing this bench target's earlier one.
    /// The error is one line naming the file.
    pub fn save(&self, criterion_dir: &Path, baseline: &str) -> Result<PathBuf, String> {
        let path = Environment::path(criterion_dir, baseline, &self.bench_target);
        let failed = |e: &dyn std::fmt::Display| format!("could not record the environment in {}: {e}", path.display());
        let json = serde_json::to_string_pretty(self).map_err(|e| failed(&e))?;
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| failed(&e))?;
        }
        fs::write(&path, json + "\n").map_err(|e| failed(&e))?;
        Ok(path)
    }

    /// Every bench target's record in `baseline`, by target name. Empty when none was
    /// recorded, as for baselines saved before the suite recorded environments. A record
    /// that does not parse is skipped with a warning: it must not cost the whole report.
    pub fn load_all(criterion_dir: &Path, baseline: &str) -> Vec<Environment> {
        let dir = criterion_dir.join(ENVIRONMENT_DIR).join(baseline);
        let Ok(entries) = fs::read_dir(&dir) else { return Vec::new() };
        let mut paths: Vec<PathBuf> =
            entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "json")).collect();
        paths.sort();
        paths
            .into_iter()
            .filter_map(|path| {
                let parsed = fs::read_to_string(&path)
                    .map_err(|e| e.to_string())
                    .and_then(|text| serde_json::from_str(&text).map_err(|e| e.to_string()));
                parsed.map_err(|e| eprintln!("warning: ignoring the environment record {}: {e}", path.display())).ok()
            })
            .collect()
    }

    /// `quick (sample_size 10, measurement 0.3 s)`: the profile and what it sets.
    pub fn profile_description(&self) -> String {
        let c = &self.criterion;
        format!("{} (sample_size {}, measurement {} s)", self.profile, c.sample_size, c.measurement_seconds)
    }

    /// What must match for two records to count as one machine and toolchain.
    fn same_machine(&self, other: &Environment) -> bool {
        (&self.cpu, self.logical_cores, &self.os, &self.kernel, &self.rustc)
            == (&other.cpu, other.logical_cores, &other.os, &other.kernel, &other.rustc)
    }
}

/// One line per machine and toolchain among `records` (usually one: every bench target of
/// a baseline ran on the same machine): CPU, cores, OS, rustc and runtime versions, then
/// the features, profiles and commits of the targets that ran there. Targets built with
/// different features share a line, with the union of their features and runtimes;
/// a runtime pinned at two versions makes a second line.
pub fn summarise(records: &[Environment]) -> Vec<String> {
    let mut groups: Vec<Vec<&Environment>> = Vec::new();
    for record in records {
        let fits = |group: &Vec<&Environment>| {
            group.iter().all(|other| {
                record.same_machine(other)
                    && record.runtimes.iter().all(|r| other.runtimes.iter().all(|o| o.name != r.name || o == r))
            })
        };
        match groups.iter_mut().find(|group| fits(group)) {
            Some(group) => group.push(record),
            None => groups.push(vec![record]),
        }
    }
    groups.iter().map(|group| summary_line(group)).collect()
}

fn summary_line(group: &[&Environment]) -> String {
    let first = group[0];
    let mut line = format!("CPU {}, {} logical cores, OS {}", first.cpu, first.logical_cores, first.os);
    if let Some(kernel) = &first.kernel {
        line += &format!(" (kernel {kernel})");
    }
    line += &format!(", {}", first.rustc);
    for runtime in runtime_names(group) {
        line += &format!(", {} {}", display_name(&runtime), runtime_versions(group, &runtime).join("/"));
    }
    let features = features_union(group);
    line += &format!("; features {}", if features.is_empty() { "none".to_owned() } else { features.join(", ") });
    line += &format!("; profile {}", distinct(group, Environment::profile_description).join(", "));
    line += &format!("; commit {}", distinct(group, |e| e.commit.clone()).join(", "));
    line += &format!("; {} host", distinct(group, |e| e.host_profile.clone()).join("/"));
    line += &format!("; bench targets {}", distinct(group, |e| e.bench_target.clone()).join(", "));
    let pinned =
        |e: &Environment| e.pinned_cpu.map_or_else(|| "not pinned".to_owned(), |cpu| format!("pinned to CPU {cpu}"));
    line += &format!("; {}", distinct(group, pinned).join("/"));
    let repetitions: Vec<String> = distinct(group, |e| e.repetition.to_string());
    if repetitions.iter().any(|r| r != "0") {
        line += &format!("; repetitions (order seeds) {}", repetitions.join(", "));
    }
    let layouts: Vec<String> = distinct(group, |e| e.layout_seed.to_string());
    if layouts.iter().any(|l| l != "0") {
        line += &format!("; code layouts (seeds) {}", layouts.join(", "));
    }
    let times: Vec<u64> = group.iter().map(|e| e.recorded_at).collect();
    let (earliest, latest) = (times.iter().min().copied().unwrap_or(0), times.iter().max().copied().unwrap_or(0));
    line += &format!("; recorded {}", utc_time(earliest));
    if latest != earliest {
        line += &format!(" to {}", utc_time(latest));
    }
    line
}

/// What differs between the records of two baselines, one item per aspect that matters
/// for comparing their times, each as `aspect A vs B`: cpu, cores, os, kernel, rustc,
/// each runtime's version, features, profile. Empty when they match, or when either has
/// no records (the caller says those were not recorded). Commits and times are left out:
/// they differ between any two runs.
pub fn differences(a: &[Environment], b: &[Environment]) -> Vec<String> {
    if a.is_empty() || b.is_empty() {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut compare = |aspect: &str, a: Vec<String>, b: Vec<String>| {
        if a != b {
            found.push(format!("{aspect} {} vs {}", shown(&a), shown(&b)));
        }
    };
    compare("cpu", distinct(a, |e| e.cpu.clone()), distinct(b, |e| e.cpu.clone()));
    compare("cores", distinct(a, |e| e.logical_cores.to_string()), distinct(b, |e| e.logical_cores.to_string()));
    compare("os", distinct(a, |e| e.os.clone()), distinct(b, |e| e.os.clone()));
    let kernel = |e: &Environment| e.kernel.clone().unwrap_or_else(|| "unknown".into());
    compare("kernel", distinct(a, kernel), distinct(b, kernel));
    compare("rustc", distinct(a, |e| e.rustc.clone()), distinct(b, |e| e.rustc.clone()));
    let mut runtimes = runtime_names(a);
    for name in runtime_names(b) {
        if !runtimes.contains(&name) {
            runtimes.push(name);
        }
    }
    for runtime in runtimes {
        compare(&runtime, runtime_versions(a, &runtime), runtime_versions(b, &runtime));
    }
    compare("features", vec![features_union(a).join(", ")], vec![features_union(b).join(", ")]);
    let (profile_a, profile_b) =
        (distinct(a, Environment::profile_description), distinct(b, Environment::profile_description));
    let same_profile = profile_a == profile_b;
    compare("profile", profile_a, profile_b);
    if same_profile {
        // The same profile name and sample settings, yet a key the summary does not show
        // (resamples, noise_threshold, ...) may have been edited between the runs.
        found.extend(settings_differences(a, b));
    }
    found
}

/// `resamples 10000 vs 2000`: the Criterion settings keys that differ when each side ran
/// with one set of settings; one general item when a side mixes several.
fn settings_differences(a: &[Environment], b: &[Environment]) -> Vec<String> {
    let settings = |records: &[Environment]| -> Vec<serde_json::Value> {
        let mut values: Vec<serde_json::Value> = Vec::new();
        for value in records.iter().filter_map(|e| serde_json::to_value(&e.criterion).ok()) {
            if !values.contains(&value) {
                values.push(value);
            }
        }
        values
    };
    let (settings_a, settings_b) = (settings(a), settings(b));
    match (settings_a.as_slice(), settings_b.as_slice()) {
        ([serde_json::Value::Object(x)], [serde_json::Value::Object(y)]) => x
            .iter()
            .filter(|(key, value)| y.get(*key) != Some(*value))
            .map(|(key, value)| {
                let other = y.get(key).map_or_else(|| "none".to_owned(), ToString::to_string);
                format!("{key} {value} vs {other}")
            })
            .collect(),
        _ if settings_a.iter().all(|v| settings_b.contains(v)) && settings_b.iter().all(|v| settings_a.contains(v)) => {
            Vec::new()
        }
        _ => vec!["criterion settings differ".to_owned()],
    }
}

/// Values for one side of a difference: `A` or `A / B`; `none` for an empty list.
fn shown(values: &[String]) -> String {
    match values {
        [] => "none".into(),
        [one] if one.is_empty() => "none".into(),
        _ => values.join(" / "),
    }
}

/// The distinct values of `key` over `records`, sorted.
fn distinct<E: std::borrow::Borrow<Environment>>(records: &[E], key: impl Fn(&Environment) -> String) -> Vec<String> {
    records.iter().map(|e| key(e.borrow())).collect::<BTreeSet<_>>().into_iter().collect()
}

/// The runtime crates any record lists, in the order the records list them.
fn runtime_names<E: std::borrow::Borrow<Environment>>(records: &[E]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for runtime in records.iter().flat_map(|e| &e.borrow().runtimes) {
        if !names.contains(&runtime.name) {
            names.push(runtime.name.clone());
        }
    }
    names
}

/// The versions of `runtime` among `records`, or `not built` when none has it.
fn runtime_versions<E: std::borrow::Borrow<Environment>>(records: &[E], runtime: &str) -> Vec<String> {
    let versions: BTreeSet<String> = records
        .iter()
        .flat_map(|e| &e.borrow().runtimes)
        .filter(|r| r.name == runtime)
        .map(|r| r.version.clone())
        .collect();
    if versions.is_empty() { vec!["not built".into()] } else { versions.into_iter().collect() }
}

/// Every feature any record was built with: known ones in `FEATURES` order, then others.
fn features_union<E: std::borrow::Borrow<Environment>>(records: &[E]) -> Vec<String> {
    let all: BTreeSet<&str> = records.iter().flat_map(|e| e.borrow().features.iter().map(String::as_str)).collect();
    let position = |name: &str| FEATURES.iter().position(|(f, _)| *f == name).unwrap_or(FEATURES.len());
    let mut features: Vec<String> = all.into_iter().map(str::to_owned).collect();
    features.sort_by_key(|f| position(f));
    features
}

/// `wasmtime` -> `Wasmtime`: runtimes as their projects write them.
fn display_name(crate_name: &str) -> String {
    let mut chars = crate_name.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The runtime crates this build has, from `WSB_RUNTIME_VERSIONS` (`wasmer=7.4.2,...`).
fn built_in_runtimes() -> Vec<RuntimeVersion> {
    env!("WSB_RUNTIME_VERSIONS")
        .split(',')
        .filter_map(|entry| entry.split_once('='))
        .map(|(name, version)| RuntimeVersion { name: name.to_owned(), version: version.to_owned() })
        .collect()
}

fn read_trimmed(path: &str) -> Option<String> {
    fs::read_to_string(path).ok().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

fn cpu_model() -> Option<String> {
    let cpuinfo = fs::read_to_string("/proc/cpuinfo").ok()?;
    let line = cpuinfo.lines().find(|line| line.starts_with("model name"))?;
    let model = line.split_once(':')?.1.trim();
    (!model.is_empty()).then(|| model.to_owned())
}

fn os_name() -> Option<String> {
    let text = fs::read_to_string("/etc/os-release").or_else(|_| fs::read_to_string("/usr/lib/os-release")).ok()?;
    let value = text.lines().find_map(|line| line.strip_prefix("PRETTY_NAME="))?;
    let name = value.trim().trim_matches('"').trim_matches('\'');
    (!name.is_empty()).then(|| name.to_owned())
}

/// The checked-out commit of the repository at `dir`, `+dirty` with changes not
/// committed (untracked files count: a new bench file changes what runs).
fn git_commit(dir: &Path) -> String {
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(dir)
            .output()
            .ok()
            .filter(|output| output.status.success())
            .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
    };
    match git(&["rev-parse", "--short", "HEAD"]) {
        Some(commit) if !commit.is_empty() => match git(&["status", "--porcelain"]) {
            Some(status) if !status.is_empty() => format!("{commit}+dirty"),
            _ => commit,
        },
        _ => "unknown".into(),
    }
}

/// Criterion's output folder, by Criterion's own rule: `$CRITERION_HOME`, else
/// `$CARGO_TARGET_DIR/criterion`, else the target directory `cargo metadata` reports,
/// else `target/criterion` (cargo runs benchmarks in the package's folder).
pub fn criterion_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(target).join("criterion");
    }
    #[derive(Deserialize)]
    struct Metadata {
        target_directory: PathBuf,
    }
    let metadata = std::env::var_os("CARGO").and_then(|cargo| {
        let output = Command::new(cargo).args(["metadata", "--format-version", "1", "--no-deps"]).output().ok()?;
        serde_json::from_slice::<Metadata>(&output.stdout).ok()
    });
    match metadata {
        Some(metadata) => metadata.target_directory.join("criterion"),
        None => PathBuf::from("target/criterion"),
    }
}

/// The baselines a Criterion benchmark binary run with `args` (without the program name)
/// saves results to, following Criterion 0.8's rules: `new` on every measuring run, and
/// a copy to the `--save-baseline` name, `base` by default, unless the run compares with
/// `--baseline`/`--baseline-lenient`. Nothing when it saves nothing: `--list`, test mode
/// (`--test`, or run without cargo bench's `--bench`), `--profile-time`,
/// `--load-baseline` (its samples are an old run's) and `--discard-baseline`.
pub fn recorded_baselines<S: AsRef<str>>(args: &[S]) -> Vec<String> {
    let args: Vec<&str> = args.iter().map(AsRef::as_ref).collect();
    let has = |flags: &[&str]| {
        args.iter().any(|arg| flags.iter().any(|flag| *arg == *flag || arg.starts_with(&format!("{flag}="))))
    };
    let value = |flags: &[&str]| {
        args.iter().enumerate().find_map(|(i, arg)| {
            flags.iter().find_map(|flag| {
                if arg == flag {
                    args.get(i + 1).map(|v| v.to_string())
                } else {
                    arg.strip_prefix(&format!("{flag}=")).map(str::to_owned)
                }
            })
        })
    };
    let measuring = has(&["--bench"]) && !has(&["--test"]);
    if !measuring || has(&["--list", "--profile-time", "--load-baseline", "--discard-baseline"]) {
        return Vec::new();
    }
    let saved = match value(&["--save-baseline", "-s"]) {
        Some(name) => Some(name),
        None if has(&["--baseline", "-b", "--baseline-lenient"]) => None,
        None => Some("base".to_owned()),
    };
    let mut baselines = vec!["new".to_owned()];
    baselines.extend(saved.filter(|name| name != "new"));
    baselines
}

/// The bench target a benchmark binary runs: its file stem without cargo's `-<hash>`
/// (`target/release/deps/micro-0123456789abcdef` is `micro`).
pub fn bench_target_name(exe: &Path) -> String {
    let stem = exe.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    match stem.rsplit_once('-') {
        Some((name, hash)) if !name.is_empty() && hash.len() >= 8 && hash.chars().all(|c| c.is_ascii_hexdigit()) => {
            name.to_owned()
        }
        _ => stem,
    }
}

/// `2025-11-28 13:40 UTC` from seconds since the UNIX epoch (no date crate needed for
/// this one format; days to a civil date by Howard Hinnant's `civil_from_days`).
pub fn utc_time(seconds: u64) -> String {
    let days = (seconds / 86_400) as i64;
    let (hour, minute) = ((seconds % 86_400) / 3600, (seconds % 3600) / 60);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02} UTC")
}
