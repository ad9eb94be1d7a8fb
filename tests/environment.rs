//! The environment record of a benchmark run: captured, saved beside the results, loaded
//! back, told apart from another baseline's, and named at the top of the report.

use std::fs;
use std::path::Path;

use tempfile::TempDir;

use wasm_script_bench::environment::{
    Environment, RuntimeVersion, bench_target_name, differences, recorded_baselines, summarise, utc_time,
};
use wasm_script_bench::profile::Profile;
use wasm_script_bench::report::{ReportInput, Results, comparison_note, runs_note, write_report};

fn fixture_dir(name: &str) -> TempDir {
    tempfile::Builder::new().prefix(&format!("wsb-environment-{name}-")).tempdir().unwrap()
}

fn captured(target: &str) -> Environment {
    Environment::capture(&Profile::load("quick").unwrap(), target)
}

/// A record with known values, so tests do not depend on the machine they run on.
fn record(target: &str) -> Environment {
    Environment {
        cpu: "Test CPU 3000".into(),
        logical_cores: 8,
        os: "Test OS 1".into(),
        kernel: Some("6.1.0".into()),
        rustc: "rustc 1.95.0 (abcdef012 2026-04-14)".into(),
        runtimes: vec![
            RuntimeVersion { name: "wasmer".into(), version: "7.4.2".into() },
            RuntimeVersion { name: "wasmtime".into(), version: "48.0.0".into() },
        ],
        features: vec!["singlepass".into(), "cranelift".into(), "wasmtime".into()],
        profile: "quick".into(),
        criterion: Profile::load("quick").unwrap().criterion,
        commit: "0123abc".into(),
        bench_target: target.into(),
        host_profile: "release".into(),
        recorded_at: 1_764_336_000,
        pinned_cpu: Some(1),
        repetition: 0,
        layout_seed: 0,
    }
}

#[test]
fn the_environment_is_captured_and_survives_json() {
    let env = captured("micro");
    assert!(!env.cpu.is_empty() && !env.os.is_empty());
    assert!(env.logical_cores >= 1);
    assert!(env.rustc.starts_with("rustc "), "{}", env.rustc);
    let wasmer = env.runtimes.iter().find(|r| r.name == "wasmer").expect("Wasmer is always built in");
    assert!(wasmer.version.split('.').count() == 3, "{wasmer:?}");
    assert_eq!(env.runtimes.iter().any(|r| r.name == "wasmtime"), cfg!(feature = "wasmtime"));
    assert_eq!(env.features.iter().any(|f| f == "singlepass"), cfg!(feature = "singlepass"));
    assert_eq!(env.profile, "quick");
    assert_eq!(env.criterion.sample_size, Profile::load("quick").unwrap().criterion.sample_size);
    assert!(!env.commit.is_empty());
    assert_eq!(env.bench_target, "micro");
    assert_eq!(env.host_profile, if cfg!(debug_assertions) { "debug" } else { "release" });
    assert!(env.recorded_at > 1_700_000_000, "seconds since the epoch: {}", env.recorded_at);

    let json = serde_json::to_string(&env).unwrap();
    let back: Environment = serde_json::from_str(&json).unwrap();
    assert_eq!(back, env);
}

#[test]
fn records_save_and_load_per_baseline() {
    let dir = fixture_dir("roundtrip");
    let root = dir.path();
    let (micro, lifecycle) = (captured("micro"), captured("lifecycle"));
    let path = micro.save(root, "new").unwrap();
    assert_eq!(path, root.join("environment/new/micro.json"));
    lifecycle.save(root, "new").unwrap();
    micro.save(root, "before").unwrap();
    // Loaded in target order, whatever order they were saved in.
    assert_eq!(Environment::load_all(root, "new"), vec![lifecycle, micro.clone()]);
    assert_eq!(Environment::load_all(root, "before"), vec![micro]);
}

#[test]
fn a_baseline_without_records_loads_none() {
    let dir = fixture_dir("none");
    assert!(Environment::load_all(dir.path(), "new").is_empty());
    assert!(Environment::load_all(&dir.path().join("no-such-folder"), "new").is_empty());
    // A record that does not parse is skipped, not fatal.
    fs::create_dir_all(dir.path().join("environment/new")).unwrap();
    fs::write(dir.path().join("environment/new/micro.json"), "{ not json").unwrap();
    assert!(Environment::load_all(dir.path(), "new").is_empty());
}

#[test]
fn differences_name_what_changed() {
    let before = vec![record("micro"), record("lifecycle")];
    assert!(differences(&before, &before).is_empty(), "identical records differ");
    // Commits and times always differ between runs; they are not differences.
    let mut later = before.clone();
    later.iter_mut().for_each(|e| {
        e.commit = "4567def".into();
        e.recorded_at += 3600;
    });
    assert!(differences(&before, &later).is_empty());

    let mut after = before.clone();
    for e in &mut after {
        e.cpu = "Other CPU 9000".into();
        e.runtimes[1].version = "50.0.1".into();
    }
    let found = differences(&before, &after);
    assert!(found.contains(&"cpu Test CPU 3000 vs Other CPU 9000".to_owned()), "{found:?}");
    assert!(found.contains(&"wasmtime 48.0.0 vs 50.0.1".to_owned()), "{found:?}");
    assert_eq!(found.len(), 2, "{found:?}");

    // A build without Wasmtime: its version and its feature are missing.
    let mut without = before.clone();
    for e in &mut without {
        e.runtimes.truncate(1);
        e.features.retain(|f| f != "wasmtime");
    }
    let found = differences(&before, &without);
    assert!(found.contains(&"wasmtime 48.0.0 vs not built".to_owned()), "{found:?}");
    assert!(found.iter().any(|d| d.starts_with("features singlepass, cranelift, wasmtime vs")), "{found:?}");

    // The same profile with a key the summary does not show edited between the runs.
    let mut edited = before.clone();
    edited.iter_mut().for_each(|e| e.criterion.resamples = 500);
    let found = differences(&before, &edited);
    assert_eq!(found, [format!("resamples {} vs 500", before[0].criterion.resamples)]);

    let note = comparison_note(("before", &before), ("after", &after)).unwrap();
    assert!(note.starts_with("note: these baselines come from different environments: cpu"), "{note}");
    assert_eq!(comparison_note(("before", &before), ("later", &later)), None);
    let note = comparison_note(("old", &[]), ("after", &after)).unwrap();
    assert_eq!(note, "note: environment not recorded for `old`");

    // Repeated runs merged: one line when a run was measured elsewhere; layouts, commits
    // and order seeds may differ between runs.
    let mut other_layout = later.clone();
    other_layout.iter_mut().for_each(|e| {
        e.layout_seed = 7;
        e.repetition = 2;
    });
    assert_eq!(runs_note(&[("dev-1", &before), ("dev-2", &other_layout), ("dev-3", &[])]), None);
    let note = runs_note(&[("dev-1", &before), ("dev-2", &later), ("dev-3", &after)]).unwrap();
    assert!(note.starts_with("note: the merged runs come from different environments"), "{note}");
    assert!(note.contains("`dev-3` differs from `dev-1` in cpu Test CPU 3000 vs Other CPU 9000"), "{note}");
    assert!(!note.contains("dev-2") && !note.contains('\n'), "{note}");
}

#[test]
fn one_machine_is_one_line_with_the_union_of_features() {
    let micro = record("micro");
    let mut lifecycle = record("lifecycle");
    lifecycle.runtimes.truncate(1);
    lifecycle.features = vec!["llvm".into()];
    let lines = summarise(&[micro.clone(), lifecycle]);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("features singlepass, cranelift, llvm, wasmtime"), "{}", lines[0]);
    assert!(lines[0].contains("Wasmer 7.4.2, Wasmtime 48.0.0"), "{}", lines[0]);
    assert!(lines[0].contains("bench targets lifecycle, micro"), "{}", lines[0]);

    let mut elsewhere = record("payload");
    elsewhere.cpu = "Other CPU 9000".into();
    assert_eq!(summarise(&[micro, elsewhere]).len(), 2);
}

#[test]
fn times_are_shown_as_utc_dates() {
    assert_eq!(utc_time(0), "1970-01-01 00:00 UTC");
    assert_eq!(utc_time(951_782_400), "2000-02-29 00:00 UTC");
    assert_eq!(utc_time(1_764_288_000 + 13 * 3600 + 40 * 60), "2025-11-28 13:40 UTC");
}

#[test]
fn records_go_where_criterion_saves_results() {
    let baselines = |args: &[&str]| recorded_baselines(args);
    // `cargo bench` passes --bench; Criterion saves `new` and copies it to `base`.
    assert_eq!(baselines(&["--bench"]), ["new", "base"]);
    assert_eq!(baselines(&["--bench", "micro/", "--save-baseline", "before"]), ["new", "before"]);
    assert_eq!(baselines(&["--bench", "--save-baseline=before"]), ["new", "before"]);
    assert_eq!(baselines(&["--bench", "--baseline", "before"]), ["new"]);
    for saves_nothing in [
        &["--bench", "--list"][..],
        &["--bench", "--test"],
        &[],
        &["--bench", "--profile-time", "5"],
        &["--bench", "--baseline", "a", "--load-baseline", "b"],
        &["--bench", "--discard-baseline"],
    ] {
        assert!(baselines(saves_nothing).is_empty(), "{saves_nothing:?}");
    }
    assert_eq!(bench_target_name(Path::new("/t/release/deps/lifecycle-0123456789abcdef")), "lifecycle");
    assert_eq!(bench_target_name(Path::new("/t/release/deps/my-bench-0123456789abcdef")), "my-bench");
    assert_eq!(bench_target_name(Path::new("/t/my-bench")), "my-bench");
}

/// One benchmark's files as Criterion 0.8 writes them (only the fields the report reads).
fn put(root: &Path, baseline: &str, id: &str, mean: f64) {
    let dir = root.join(id.replace('/', "_")).join(baseline);
    fs::create_dir_all(&dir).unwrap();
    let benchmark = format!(
        r#"{{"group_id":"g","function_id":"f","value_str":null,"throughput":null,"full_id":"{id}","directory_name":"d","title":"{id}"}}"#
    );
    fs::write(dir.join("benchmark.json"), benchmark).unwrap();
    let stat = format!(
        r#"{{"confidence_interval":{{"confidence_level":0.95,"lower_bound":{},"upper_bound":{}}},"point_estimate":{mean},"standard_error":0.1}}"#,
        mean * 0.99,
        mean * 1.01
    );
    let estimates =
        format!(r#"{{"mean":{stat},"median":{stat},"median_abs_dev":{stat},"slope":null,"std_dev":{stat}}}"#);
    fs::write(dir.join("estimates.json"), estimates).unwrap();
}

/// summary.md and index.html for `baseline` in `root`, with its records if any.
fn report(root: &Path, baseline: &str) -> (String, String) {
    put(root, baseline, "micro/host-release/wasmer-cranelift/guest-release/pair-cached-typed-call", 40.0);
    let results = Results::load(root, baseline).unwrap();
    let environments = Environment::load_all(root, baseline);
    let input = ReportInput { results: &results, hit_rates: None, runs: None, environments: &environments };
    let out = root.join("summary");
    write_report(&input, &out).unwrap();
    (fs::read_to_string(out.join("summary.md")).unwrap(), fs::read_to_string(out.join("index.html")).unwrap())
}

#[test]
fn the_report_opens_with_the_environment() {
    let dir = fixture_dir("report");
    let root = dir.path();
    record("micro").save(root, "new").unwrap();
    let (md, html) = report(root, "new");
    let opening: Vec<&str> = md.lines().take(4).collect();
    let line = opening.iter().find(|l| l.starts_with("Measured on: ")).unwrap_or_else(|| panic!("{opening:?}"));
    assert!(line.starts_with("Measured on: CPU Test CPU 3000, 8 logical cores, OS Test OS 1"), "{line}");
    assert!(line.contains("rustc 1.95.0") && line.contains("Wasmer 7.4.2, Wasmtime 48.0.0"), "{line}");
    assert!(line.contains("profile quick (sample_size 10, measurement 0.3 s)"), "{line}");
    assert!(line.contains("commit 0123abc"), "{line}");
    assert!(html.contains("<p>Measured on: CPU Test CPU 3000"), "{html}");
}

#[test]
fn a_report_of_an_older_baseline_says_the_environment_was_not_recorded() {
    let dir = fixture_dir("older");
    let (md, html) = report(dir.path(), "before");
    let opening = md.lines().take(4).collect::<Vec<_>>().join("\n");
    assert!(opening.contains("Environment not recorded"), "{opening}");
    assert!(!md.contains("Measured on"), "{md}");
    assert!(html.contains("Environment not recorded"), "{html}");
}
