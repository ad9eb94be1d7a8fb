//! The report on a small fixture in Criterion's on-disk format: expected numbers and
//! files, missing results named with the command that makes them, clear errors.

use std::fs;
use std::path::Path;

use tempfile::TempDir;

use wasm_script_bench::experiments::micro::MicroConfig;
use wasm_script_bench::experiments::sim::PolicyKind;
use wasm_script_bench::ids::{BenchId, EngineId, GuestOpt, HostProfile, MicroCase, MicroGroup, MicroId, SimCase};
use wasm_script_bench::report::{
    BreakEven, Finding, ReportInput, Results, Runs, Verdict, compare, drift, findings, measured_break_even,
    predicted_break_even, write_report,
};
use wasm_script_bench::runtime::Backend;

/// A fresh directory for one test's fixture, removed when the test ends (pass or fail).
fn fixture_dir(name: &str) -> TempDir {
    tempfile::Builder::new().prefix(&format!("wsb-report-{name}-")).tempdir().unwrap()
}

/// One benchmark's files as Criterion 0.8 writes them (only the fields read).
fn put(root: &Path, baseline: &str, id: &str, mean: f64) {
    put_counting(root, baseline, id, mean, "null");
}

/// The same, with the throughput the benchmark declared (Criterion's JSON for it).
fn put_counting(root: &Path, baseline: &str, id: &str, mean: f64, throughput: &str) {
    let directory = id.replace('/', "_");
    let dir = root.join(&directory).join(baseline);
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("benchmark.json"), format!(r#"{{"group_id":"g","function_id":"f","value_str":null,"throughput":{throughput},"full_id":"{id}","directory_name":"{directory}","title":"{id}"}}"#)).unwrap();
    let stat = |v: f64| {
        format!(
            r#"{{"confidence_interval":{{"confidence_level":0.95,"lower_bound":{},"upper_bound":{}}},"point_estimate":{v},"standard_error":0.1}}"#,
            v * 0.99,
            v * 1.01
        )
    };
    fs::write(
        dir.join("estimates.json"),
        format!(
            r#"{{"mean":{},"median":{},"median_abs_dev":{},"slope":null,"std_dev":{}}}"#,
            stat(mean),
            stat(mean),
            stat(1.0),
            stat(1.0)
        ),
    )
    .unwrap();
}

const MICRO: &str = "micro/host-release/wasmer-cranelift/guest-release";
const SIM: &str = "simulator/host-release/lru/wasmer-cranelift/guest-release";

fn fixture(root: &Path) {
    put(root, "new", &format!("{MICRO}/native"), 0.5);
    put(root, "new", &format!("{MICRO}/pair-cached-typed-call"), 40.0);
    put(root, "new", &format!("{MICRO}/pair-uncached-typed-call"), 80.0);
    put(root, "new", "compile/host-release/wasmer-cranelift/compile/multiply-release", 6_000_000.0);
    put(root, "new", &format!("{SIM}/native"), 100_000_000.0);
    put(root, "new", &format!("{SIM}/pair-cached-dyn-call"), 500_000_000.0);
    put(root, "new", &format!("{SIM}/pair-uncached-dyn-call"), 625_000_000.0);
}

#[test]
fn ids_parse_into_their_factors() {
    // The report reads saved ids through the crate's id model, field by field.
    let pair_typed = MicroConfig::CACHED_TYPED_PAIR;
    let group =
        MicroGroup { host: HostProfile::Debug, engine: EngineId::plain(Backend::WasmerLlvm), opt: GuestOpt::Release };
    assert_eq!(
        "micro/host-debug/wasmer-llvm/guest-release/pair-cached-typed-call".parse::<BenchId>(),
        Ok(BenchId::Micro(MicroId::new(group, MicroCase::Hand(pair_typed))))
    );
    assert!(matches!(
        "simulator/host-release/lfu/wasmer-singlepass/guest-release/native".parse::<BenchId>(),
        Ok(BenchId::Simulator(id)) if id.group.policy == PolicyKind::Lfu && id.case == SimCase::NATIVE
    ));
    assert!("something/else".parse::<BenchId>().is_err());
}

#[test]
fn saved_ids_the_suite_does_not_know_are_named_not_dropped() {
    let dir = fixture_dir("unknown");
    let root = dir.path().to_path_buf();
    fixture(&root);
    put(&root, "new", &format!("{MICRO}/pair-retired-call"), 1.0);
    let results = Results::load(&root, "new").unwrap();
    // Kept for baseline comparison; out of the tables; named in the report.
    assert_eq!(results.estimates.len(), 8);
    assert_eq!(results.unrecognised().len(), 1);
    let out = write_report(
        &ReportInput { results: &results, hit_rates: None, runs: None, environments: &[] },
        &root.join("summary"),
    )
    .unwrap();
    assert!(out.missing.iter().any(|m| m.contains("pair-retired-call")), "{:?}", out.missing);
    let md = fs::read_to_string(root.join("summary/summary.md")).unwrap();
    let section = &md[md.find("## Missing or unrecognised results").expect("no missing section")..];
    assert!(
        section.contains(&format!("`{MICRO}/pair-retired-call`: `pair-retired-call` is not a benchmark id")),
        "{section}"
    );
}

#[test]
fn the_summary_has_the_expected_numbers_and_files() {
    let dir = fixture_dir("summary");
    let root = dir.path().to_path_buf();
    fixture(&root);
    let results = Results::load(&root, "new").unwrap();
    assert_eq!(results.estimates.len(), 7);
    // Left by an earlier report of another backend; a file of the user's own beside it.
    fs::create_dir_all(root.join("summary")).unwrap();
    fs::write(root.join("summary/simulator-host-release-llvm-guest-release.svg"), "<svg/>").unwrap();
    fs::write(root.join("summary/notes.svg"), "<svg/>").unwrap();
    let out = write_report(
        &ReportInput { results: &results, hit_rates: None, runs: None, environments: &[] },
        &root.join("summary"),
    )
    .unwrap();
    let names: Vec<String> = out.files.iter().map(|f| f.file_name().unwrap().to_string_lossy().into_owned()).collect();
    for expected in [
        "summary.md",
        "index.html",
        "micro-host-release-guest-release.svg",
        "compile-host-release.svg",
        "simulator-host-release-wasmer-cranelift-guest-release.svg",
    ] {
        assert!(names.iter().any(|n| n == expected), "{expected} not in {names:?}");
    }
    let md = fs::read_to_string(root.join("summary/summary.md")).unwrap();
    // 40 ns per call is 0.004 s per 100,000 calls (the paper's unit).
    assert!(md.contains("| `pair-cached-typed-call` | 40.0 [39.6, 40.4] (0.00400 s) |"), "{md}");
    // Caching: 1 - 40/80.
    assert!(md.contains("| `pair-cached-typed-call` | +50.0% |"), "{md}");
    // Simulator: 0.5 s per trace, 5x native; caching gains 1 - 500/625 = 20%.
    assert!(md.contains("| `pair-cached-dyn-call` | 0.5000 [0.4950, 0.5050] 5.00x |"), "{md}");
    assert!(md.contains("| `pair-cached-dyn-call` | +20.0% |"), "{md}");
    assert!(md.contains("| compile | multiply-release | 6.00 ms |"), "{md}");
    // Partial results are named, with the command that produces them.
    assert!(
        out.missing.iter().any(|m| m.contains("micro/host-release/wasmer-cranelift/guest-release")
            && m.contains("cargo bench --bench micro"))
    );
    assert!(out.missing.iter().any(|m| m.contains("fifo") && m.contains("cargo bench --bench simulator")));
    assert!(md.contains("missing"), "missing cells are marked, never zero");
    assert!(!root.join("summary/simulator-host-release-llvm-guest-release.svg").exists(), "stale chart kept");
    assert!(root.join("summary/notes.svg").exists(), "a file the report did not make was removed");
    let svg = fs::read_to_string(root.join("summary/micro-host-release-guest-release.svg")).unwrap();
    assert!(svg.contains("<svg") && svg.contains("pair-cached-typed-call"));
}

#[test]
fn wasmer_and_wasmtime_are_set_side_by_side_with_their_ratio() {
    let dir = fixture_dir("runtimes");
    let root = dir.path().to_path_buf();
    fixture(&root);
    // Without Wasmtime results there is nothing to set side by side.
    let md = write_summary(&root);
    assert!(!md.contains("Wasmer beside Wasmtime"), "{md}");

    let wasmtime = MICRO.replace("wasmer-cranelift", "wasmtime-cranelift");
    put(&root, "new", &format!("{wasmtime}/native"), 0.5);
    put(&root, "new", &format!("{wasmtime}/pair-cached-typed-call"), 20.5);
    put(&root, "new", "compile/host-release/wasmtime-cranelift/compile/multiply-release", 3_000_000.0);
    let wasmtime_sim = SIM.replace("wasmer-cranelift", "wasmtime-cranelift");
    put(&root, "new", &format!("{wasmtime_sim}/native"), 100_000_000.0);
    put(&root, "new", &format!("{wasmtime_sim}/pair-cached-dyn-call"), 300_000_000.0);
    let md = write_summary(&root);
    let section = &md[md.find("## Wasmer beside Wasmtime").expect("no side-by-side section")..];
    // Overhead over native: 39.5 ns on Wasmer, 20.0 on Wasmtime: a ratio of 0.51.
    assert!(section.contains("| `pair-cached-typed-call` | 39.5 | 20.0 | 0.51 |"), "{section}");
    assert!(section.contains("| compile multiply-release | 6.00 ms | 3.00 ms | 0.50 |"), "{section}");
    // Slowdown against native: 5x and 3x.
    assert!(section.contains("| lru `pair-cached-dyn-call` | 5.00x | 3.00x | 0.60 |"), "{section}");
    assert!(section.contains("Cranelift: Wasmtime/Wasmer"), "{section}");
}

#[test]
fn the_measurements_beyond_the_paper_have_their_sections_and_charts() {
    let dir = fixture_dir("beyond");
    let root = dir.path().to_path_buf();
    fixture(&root);
    let requests = r#"{"Elements":1000000}"#;
    // The native simulator: FIFO 200 M/s, LRU 100 M/s at 4 MiB.
    put_counting(&root, "new", "simulator-native/host-release/fifo/4MiB", 5_000_000.0, requests);
    put_counting(&root, "new", "simulator-native/host-release/lru/4MiB", 10_000_000.0, requests);
    put(&root, "new", "hit-rate-sweep/host-release/serial", 1e9);
    put(&root, "new", "hit-rate-sweep/host-release/parallel", 5.5e8);
    // A simulator scenario: (0.5 s - 0.1 s) over a million requests is 400 ns each.
    put_counting(&root, "new", &format!("{SIM}/native"), 100_000_000.0, requests);
    put_counting(&root, "new", &format!("{SIM}/pair-cached-dyn-call"), 500_000_000.0, requests);
    let host = "hostcall/host-release/wasmer-cranelift/guest-release";
    put(&root, "new", &format!("{host}/native-nop"), 1.0);
    put(&root, "new", &format!("{host}/nop-typed"), 15.0);
    put(&root, "new", &format!("{host}/nop-dynamic"), 30.0);
    let mib = r#"{"Bytes":1048576}"#;
    put_counting(&root, "new", "payload/host-release/to-guest/1MiB/memcpy", 50_000.0, mib);
    put_counting(&root, "new", "payload/host-release/to-guest/1MiB/native/raw", 100_000.0, mib);
    put_counting(&root, "new", "payload/host-release/to-guest/1MiB/wasmer-cranelift/raw", 200_000.0, mib);
    put(&root, "new", "lifecycle/host-release/wasmer-cranelift/guest-release/multiply/new-instance", 10_000.0);
    let wasmtime = MICRO.replace("wasmer-cranelift", "wasmtime-cranelift");
    put(&root, "new", &format!("{wasmtime}/pair-cached-typed-call"), 15.0);
    put(&root, "new", &format!("{wasmtime}/component-cached-typed-call"), 100.0);
    // The serverless request: natively 200 ns, a pooled proxy instance 30 µs, the same
    // work on a pooled core instance 6 µs; instance-pre not measured.
    let serve = "serve/host-release/wasmtime-cranelift/guest-release";
    put(&root, "new", &format!("{serve}/native"), 200.0);
    put(&root, "new", &format!("{serve}/pooling"), 30_000.0);
    put(&root, "new", "lifecycle/host-release/wasmtime-cranelift/guest-release/simulator/pooling", 6_000.0);

    let md = write_summary(&root);
    assert!(md.contains("## The serverless request, host-release"), "{md}");
    assert!(md.contains("| native (decode, fresh LRU) | 200.0 ns |"), "{md}");
    assert!(md.contains("| proxy component, `pooling` | 30.0 µs (150x) |"), "{md}");
    assert!(md.contains("| proxy component, `instance-pre` | missing |"), "{md}");
    assert!(md.contains("| core instance, `pooling` (hand ABI) | 6.0 µs (30.0x) |"), "{md}");
    assert!(md.contains("| 4MiB | 200.0 | 100.0 (0.50x) | missing | missing |"), "{md}");
    assert!(md.contains("0.55 of the serial time"), "{md}");
    assert!(md.contains("0.5000 [0.4950, 0.5050] 5.00x, +400.0 ns/req"), "{md}");
    assert!(md.contains("| `nop` | 1.00 | 15.0 / 30.0 |"), "{md}");
    assert!(md.contains("| raw | 1MiB | 20.97 GB/s | 10.49 GB/s | 5.24 GB/s (0.50x) |"), "{md}");
    assert!(md.contains("| multiply | `new-instance` | 100000/s (10.0 µs) |"), "{md}");
    assert!(md.contains("| `multiply(record)` | 100.0 ns vs 15.0 ns (`pair-cached-typed-call`): 6.67x |"), "{md}");
    for chart in [
        "simulator-native-host-release.svg",
        "hostcall-host-release-guest-release.svg",
        "payload-host-release-to-guest-wasmer-cranelift.svg",
        "lifecycle-host-release.svg",
        "serve-host-release.svg",
    ] {
        assert!(root.join("summary").join(chart).is_file(), "{chart} not drawn");
    }
    // index.html heads each chart with what it shows, not with its file name.
    let html = fs::read_to_string(root.join("summary/index.html")).unwrap();
    assert!(
        html.contains("<figcaption>Payload throughput to-guest on wasmer-cranelift (host-release)</figcaption>"),
        "{html}"
    );
    assert!(!html.contains("<figcaption>payload-host-release"), "{html}");
}

/// Cold-start fixtures for `backend`: a start cost and a cost per call, measured totals
/// `start + calls * per_call` scaled by `measured_over_predicted` from 10,000 calls on.
fn coldstart_fixture(root: &Path, backend: &str, compile: f64, instantiate: f64, per_call: f64, drift: f64) {
    let group = format!("coldstart/host-release/{backend}/guest-release/simulator");
    put(root, "new", &format!("{group}/compile"), compile);
    put(root, "new", &format!("{group}/instantiate"), instantiate);
    put(root, "new", &format!("{group}/warm/calls-10000"), per_call * 10_000.0);
    for calls in [1u64, 100, 10_000, 1_000_000] {
        let scale = if calls >= 10_000 { drift } else { 1.0 };
        let total = (compile + instantiate + calls as f64 * per_call) * scale;
        put(root, "new", &format!("{group}/from-bytes/calls-{calls}"), total);
    }
}

#[test]
fn the_break_even_is_measured_predicted_and_checked_against_each_other() {
    let dir = fixture_dir("coldstart");
    let root = dir.path().to_path_buf();
    fixture(&root);
    // wasmi: 15 µs to start, 1 µs a call; Cranelift: 1.02 ms to start, 0.1 µs a call.
    // They cross at (1,020,000 - 15,000) / (1,000 - 100) = 1116.7 calls.
    coldstart_fixture(&root, "wasmi", 10_000.0, 5_000.0, 1_000.0, 1.0);
    coldstart_fixture(&root, "wasmtime-cranelift", 1_000_000.0, 20_000.0, 100.0, 1.0);
    // Pulley measured 2x slower than its phases predict from 10,000 calls on: the
    // measured crossing with Winch moves, and the report must say they disagree.
    coldstart_fixture(&root, "wasmtime-pulley", 200_000.0, 20_000.0, 300.0, 2.0);
    coldstart_fixture(&root, "wasmtime-winch", 400_000.0, 20_000.0, 100.0, 1.0);
    let md = write_summary(&root);
    assert!(md.contains("## Cold start, host-release"), "{md}");
    assert!(md.contains("| wasmi / wasmtime-cranelift | - | 1.1k | 1.1k | agree: predicted +0% |  |"), "{md}");
    assert!(md.contains("| wasmtime-pulley / wasmtime-winch |"), "{md}");
    let pulley = md.lines().find(|l| l.starts_with("| wasmtime-pulley / wasmtime-winch |")).unwrap();
    assert!(pulley.contains("DISAGREE"), "{pulley}");
    // ... and where: Pulley's measured cost per call (the slope from 10,000 to 1M calls,
    // 600 ns) against its warm 300 ns.
    assert!(
        pulley.contains(
            "wasmtime-pulley: start 220.3 µs measured vs 220.0 µs from the phases, per call 600.0 ns vs 300.0 ns"
        ),
        "{pulley}"
    );
    // A pair whose second backend is not in the run is left out.
    assert!(!md.contains("| wasmi / wasmer-cranelift |"), "{md}");
    assert!(root.join("summary/coldstart-host-release.svg").is_file(), "the cold-start chart was not drawn");
}

#[test]
fn break_evens_cross_where_the_lines_do() {
    // a = 100 + 10 N, b = 1000 + N: they cross at N = 100.
    let line = |start: f64, per: f64| [1.0, 50.0, 1000.0].map(|n| (n, start + per * n)).to_vec();
    assert_eq!(measured_break_even(&line(100.0, 10.0), &line(1000.0, 1.0)), Some(BreakEven::At(100.0)));
    assert_eq!(predicted_break_even((100.0, 10.0), (1000.0, 1.0)), BreakEven::At(100.0));
    // The second is ahead from the start, or never catches up.
    assert_eq!(measured_break_even(&line(1000.0, 1.0), &line(100.0, 10.0)), Some(BreakEven::FromTheStart));
    assert_eq!(predicted_break_even((100.0, 1.0), (1000.0, 1.0)), BreakEven::Beyond(f64::INFINITY));
    assert_eq!(measured_break_even(&line(100.0, 1.0), &line(1000.0, 1.0)), Some(BreakEven::Beyond(1000.0)));
    assert_eq!(measured_break_even(&[], &[]), None);
}

fn write_summary(root: &Path) -> String {
    let results = Results::load(root, "new").unwrap();
    write_report(
        &ReportInput { results: &results, hit_rates: None, runs: None, environments: &[] },
        &root.join("summary"),
    )
    .unwrap();
    fs::read_to_string(root.join("summary/summary.md")).unwrap()
}

#[test]
fn missing_results_are_a_clear_error() {
    let dir = fixture_dir("none");
    let root = dir.path().to_path_buf();
    // No Criterion folder at all: nothing was benchmarked yet.
    let message = Results::load(&root.join("criterion"), "new").unwrap_err().to_string();
    assert!(message.contains("no benchmark results") && message.contains("cargo bench"), "{message}");
    // A folder without the baseline asked for.
    let message = Results::load(&root, "new").unwrap_err().to_string();
    assert!(message.contains("baseline `new`") && message.contains("cargo bench"), "{message}");
    fixture(&root);
    let message = Results::load(&root, "before").unwrap_err().to_string();
    assert!(message.contains("baseline `before`") && message.contains("--save-baseline before"), "{message}");
}

#[test]
fn baselines_compare_with_intervals_and_the_noise_threshold() {
    let dir = fixture_dir("compare");
    let root = dir.path().to_path_buf();
    for (id, before, after) in [("a", 100.0, 100.5), ("b", 100.0, 80.0), ("c", 100.0, 130.0), ("d", 100.0, 101.5)] {
        put(&root, "before", &format!("{MICRO}/{id}"), before);
        put(&root, "after", &format!("{MICRO}/{id}"), after);
    }
    put(&root, "after", &format!("{MICRO}/new-one"), 1.0);
    let (before, after) = (Results::load(&root, "before").unwrap(), Results::load(&root, "after").unwrap());
    let (changes, unmatched) = compare(&before, &after, 0.01);
    let verdict = |id: &str| changes.iter().find(|c| c.id.ends_with(&format!("/{id}"))).unwrap().verdict;
    assert_eq!(verdict("a"), Verdict::Unchanged, "0.5% is inside the 1% noise threshold");
    assert_eq!(verdict("b"), Verdict::Faster);
    assert_eq!(verdict("c"), Verdict::Slower);
    assert_eq!(verdict("d"), Verdict::Unchanged, "1.5% but the intervals overlap");
    let b = changes.iter().find(|c| c.id.ends_with("/b")).unwrap();
    assert!((b.change + 0.2).abs() < 1e-9 && b.lower < b.change && b.upper > b.change);
    assert_eq!(unmatched.len(), 1);
    assert!(unmatched[0].contains("new-one"));
}

/// A run with every result the answers at a glance read, with known figures.
fn glance_fixture(root: &Path) {
    fixture(root);
    put(root, "new", &format!("{MICRO}/pair-cached-preload-dyn-call"), 100.0);
    let wasmtime = MICRO.replace("wasmer-cranelift", "wasmtime-cranelift");
    put(root, "new", &format!("{wasmtime}/pair-cached-typed-call"), 20.0);
    put(root, "new", &format!("{wasmtime}/component-cached-typed-call"), 100.0);
    put(root, "new", &format!("{SIM}/pair-cached-typed-call"), 300_000_000.0);
    put(root, "new", &format!("{SIM}/batch-static-mem-cached-typed-call"), 120_000_000.0);
    let hostcall = "hostcall/host-release/wasmer-cranelift/guest-release";
    put(root, "new", &format!("{hostcall}/native-nop"), 1.0);
    put(root, "new", &format!("{hostcall}/nop-typed"), 15.0);
    let lifecycle = |backend: &str, strategy: &str, mean: f64| {
        put(root, "new", &format!("lifecycle/host-release/{backend}/guest-release/multiply/{strategy}"), mean);
    };
    lifecycle("wasmer-cranelift", "new-instance", 10_000.0);
    lifecycle("wasmer-cranelift", "reuse-instance", 50.0);
    lifecycle("wasmtime-cranelift", "new-instance", 5_000.0);
    lifecycle("wasmtime-cranelift", "reuse-instance", 40.0);
    lifecycle("wasmtime-cranelift", "pooling", 1_000.0);
    let compile = "compile/host-release/wasmer-cranelift";
    put(root, "new", &format!("{compile}/compile/simulator-release"), 80_000_000.0);
    put(root, "new", &format!("{compile}/deserialize/simulator-release"), 4_000_000.0);
    // Wasmtime's engine settings: the batch with no limit, fuel and an epoch deadline;
    // the typed call sync and async.
    let sim = SIM.replace("wasmer-cranelift", "wasmtime-cranelift");
    for (engine, mean) in [("", 100_000_000.0), ("-metered", 150_000_000.0), ("-epoch", 110_000_000.0)] {
        put(
            root,
            "new",
            &format!(
                "{}/batch-static-mem-cached-typed-call",
                sim.replace("cranelift/", &format!("cranelift{engine}/"))
            ),
            mean,
        );
    }
    put(root, "new", &format!("{}/pair-cached-typed-call", wasmtime.replace("cranelift/", "cranelift-async/")), 60.0);
    let wasi = "wasi/host-release/wasmtime-cranelift/guest-release";
    for (case, mean) in [("native-clock", 20.0), ("clock-hostfn", 30.0), ("clock-wasi", 60.0)] {
        put(root, "new", &format!("{wasi}/{case}"), mean);
    }
}

fn ids(texts: &[&str]) -> Vec<BenchId> {
    texts.iter().map(|id| id.parse().unwrap()).collect()
}

#[test]
fn the_answers_at_a_glance_give_the_runs_own_figures_and_ids() {
    let dir = fixture_dir("glance");
    let root = dir.path().to_path_buf();
    glance_fixture(&root);
    let results = Results::load(&root, "new").unwrap();
    let found = findings(&results);
    let texts: Vec<String> = found.iter().map(Finding::text).collect();
    let wasmtime = MICRO.replace("wasmer-cranelift", "wasmtime-cranelift");
    for (expected, from) in [
        (
            "Cheapest call into the guest (cached handles, typed call): `pair-cached-typed-call` on \
             wasmer-cranelift, 40.0 ns; `pair-cached-typed-call` on wasmtime-cranelift, 20.0 ns.",
            vec![format!("{MICRO}/pair-cached-typed-call"), format!("{wasmtime}/pair-cached-typed-call")],
        ),
        (
            "A dynamic call against a typed one (Pair, cached handles): 2.50x on wasmer-cranelift \
             (100.0 ns vs 40.0 ns).",
            vec![format!("{MICRO}/pair-cached-preload-dyn-call"), format!("{MICRO}/pair-cached-typed-call")],
        ),
        (
            "What caching export handles saves on a typed Pair call (1 - cached/uncached): +50.0% on \
             wasmer-cranelift (40.0 ns vs 80.0 ns).",
            vec![format!("{MICRO}/pair-cached-typed-call"), format!("{MICRO}/pair-uncached-typed-call")],
        ),
        (
            "What batching buys in the simulator (LRU, cached typed calls, WASM/native): 1.20x batched \
             against 3.00x per request (Pair) on wasmer-cranelift.",
            vec![
                format!("{SIM}/batch-static-mem-cached-typed-call"),
                format!("{SIM}/native"),
                format!("{SIM}/pair-cached-typed-call"),
            ],
        ),
        (
            "Wasmtime against Wasmer on a typed Pair call (cached handles): Cranelift: 20.0 ns on \
             wasmtime-cranelift vs 40.0 ns on wasmer-cranelift, Wasmtime/Wasmer 0.50.",
            vec![format!("{wasmtime}/pair-cached-typed-call"), format!("{MICRO}/pair-cached-typed-call")],
        ),
        (
            "A typed call from the guest into a host function that does nothing, against the same call \
             natively: 15.0 ns on wasmer-cranelift, 15.0x the native 1.0 ns.",
            vec![
                "hostcall/host-release/wasmer-cranelift/guest-release/nop-typed".to_owned(),
                "hostcall/host-release/wasmer-cranelift/guest-release/native-nop".to_owned(),
            ],
        ),
        (
            "A fresh instance per request (multiply guest) against one instance kept alive: 10.0 µs a request \
             on wasmer-cranelift vs 50.0 ns, 200x; 5.0 µs a request on wasmtime-cranelift vs 40.0 ns, 125x, \
             1.0 µs pooled (0.20x a fresh one).",
            [
                "wasmer-cranelift/guest-release/multiply/new-instance",
                "wasmer-cranelift/guest-release/multiply/reuse-instance",
                "wasmtime-cranelift/guest-release/multiply/new-instance",
                "wasmtime-cranelift/guest-release/multiply/reuse-instance",
                "wasmtime-cranelift/guest-release/multiply/pooling",
            ]
            .map(|id| format!("lifecycle/host-release/{id}"))
            .to_vec(),
        ),
        (
            "A Component Model call against a typed Pair call (cached handles): 5.00x on wasmtime-cranelift \
             (100.0 ns vs 20.0 ns).",
            vec![format!("{wasmtime}/component-cached-typed-call"), format!("{wasmtime}/pair-cached-typed-call")],
        ),
        (
            "Compiling the simulator guest: 80.00 ms on wasmer-cranelift.",
            vec!["compile/host-release/wasmer-cranelift/compile/simulator-release".to_owned()],
        ),
        (
            "Loading the simulator guest's cached artifact instead of compiling it: 0.050x on wasmer-cranelift \
             (4.00 ms vs 80.00 ms).",
            vec![
                "compile/host-release/wasmer-cranelift/deserialize/simulator-release".to_owned(),
                "compile/host-release/wasmer-cranelift/compile/simulator-release".to_owned(),
            ],
        ),
        (
            "An epoch deadline per call against no limit, with fuel beside it (simulator batch, LRU, typed): \
             epoch 1.10x on wasmtime-cranelift (110.00 ms vs 100.00 ms), fuel 1.50x (150.00 ms).",
            [
                "wasmtime-cranelift-epoch/guest-release/batch-static-mem-cached-typed-call",
                "wasmtime-cranelift/guest-release/batch-static-mem-cached-typed-call",
                "wasmtime-cranelift-metered/guest-release/batch-static-mem-cached-typed-call",
            ]
            .map(|id| format!("simulator/host-release/lru/{id}"))
            .to_vec(),
        ),
        (
            "A typed Pair call made with `call_async` against the same call made synchronously: 3.00x on \
             wasmtime-cranelift (60.0 ns vs 20.0 ns).",
            vec![
                "micro/host-release/wasmtime-cranelift-async/guest-release/pair-cached-typed-call".to_owned(),
                format!("{wasmtime}/pair-cached-typed-call"),
            ],
        ),
        (
            "A WASI Preview 1 call against the same work through the suite's own typed host function (clock; \
             then random 16 B, stdout 64 B): clock 2.00x on wasmtime-cranelift (60.0 ns vs 30.0 ns).",
            vec![
                "wasi/host-release/wasmtime-cranelift/guest-release/clock-wasi".to_owned(),
                "wasi/host-release/wasmtime-cranelift/guest-release/clock-hostfn".to_owned(),
            ],
        ),
    ] {
        let finding = found.iter().find(|f| f.text() == expected).unwrap_or_else(|| panic!("{expected}\n{texts:#?}"));
        let from: Vec<&str> = from.iter().map(String::as_str).collect();
        assert_eq!(finding.ids, ids(&from), "{expected}");
    }
    assert_eq!(found.len(), 13, "{texts:#?}");

    // They open the summary and the page: after the title, before the tables.
    write_report(
        &ReportInput { results: &results, hit_rates: None, runs: None, environments: &[] },
        &root.join("summary"),
    )
    .unwrap();
    let md = fs::read_to_string(root.join("summary/summary.md")).unwrap();
    let at = |heading: &str| md.find(heading).unwrap_or_else(|| panic!("no {heading}"));
    assert!(at("# wasm-script-bench summary") < at("## Answers at a glance"));
    assert!(at("## Answers at a glance") < at("## Missing or unrecognised results"));
    assert!(at("## Answers at a glance") < at("## Micro-benchmark"));
    // The engine settings' table: each setting over the plain engine, a column each.
    assert!(
        md.contains("| wasmtime-cranelift | simulator `batch-static-mem-cached-typed-call` | 1.50x | 1.10x | - |"),
        "{md}"
    );
    assert!(md.contains("| wasmtime-cranelift | micro `pair-cached-typed-call` | - | - | 3.00x |"), "{md}");
    assert!(md.contains("| wasmtime-cranelift | clock | 20.0 | 30.0 | 60.0 | 2.00x |"), "{md}");
    assert!(
        md.contains(&format!("  From `{MICRO}/pair-cached-typed-call`, `{MICRO}/pair-uncached-typed-call`.")),
        "{md}"
    );
    let html = fs::read_to_string(root.join("summary/index.html")).unwrap();
    assert!(
        html.find("<h2>Answers at a glance</h2>") < html.find("<figcaption>Time per call into the guest"),
        "{html}"
    );
    assert!(html.contains("<code>pair-cached-typed-call</code> on wasmer-cranelift, 40.0 ns"), "{html}");
}

#[test]
fn an_answer_whose_results_the_run_lacks_is_left_out() {
    let dir = fixture_dir("glance-partial");
    let root = dir.path().to_path_buf();
    fixture(&root);
    // Wasmtime has a typed Pair call but not its uncached twin, nor the component call.
    let wasmtime = MICRO.replace("wasmer-cranelift", "wasmtime-cranelift");
    put(&root, "new", &format!("{wasmtime}/pair-cached-typed-call"), 20.0);
    let results = Results::load(&root, "new").unwrap();
    let found = findings(&results);
    let texts: Vec<String> = found.iter().map(Finding::text).collect();
    // The caching answer keeps the backend that has both twins, and only it.
    let caching = texts.iter().find(|t| t.starts_with("What caching")).expect("caching answer");
    assert!(caching.contains("wasmer-cranelift") && !caching.contains("wasmtime-cranelift"), "{caching}");
    // No run of these: no answer, not a guess.
    for absent in [
        "A dynamic call",
        "What batching",
        "A typed call from the guest",
        "A fresh instance",
        "A Component Model",
        "Compiling",
        "Loading",
    ] {
        assert!(!texts.iter().any(|t| t.starts_with(absent)), "{absent} answered from nothing: {texts:#?}");
    }
    // An empty run (only ids of another suite) says so rather than showing nothing.
    let other = fixture_dir("glance-none");
    put(other.path(), "new", "someone-else/bench", 1.0);
    let results = Results::load(other.path(), "new").unwrap();
    assert!(findings(&results).is_empty());
    let md = write_summary(other.path());
    assert!(md.contains("## Answers at a glance") && md.contains("None: the run has none"), "{md}");
}

/// Five runs with known means: the merge gives each id's median and the min-max
/// interval (93.75% for five runs), computes ratios inside each run, flags the one that
/// flips around 1, and marks the run whose sentinel drifted.
#[test]
fn repeated_runs_merge_into_medians_between_run_intervals_ratios_and_flags() {
    let dir = fixture_dir("runs");
    let root = dir.path();
    let typed = format!("{MICRO}/pair-cached-typed-call");
    let dynamic = format!("{MICRO}/pair-cached-preload-dyn-call");
    let bytemuck = format!("{MICRO}/bytemuck-static-mem-cached-typed-call");
    // Per run: typed, dynamic, static Bytemuck. The typed time moves between runs and the
    // dynamic one with it (their ratio stays 3); Bytemuck/Pair flips around 1.
    let means =
        [(40.0, 120.0, 44.0), (50.0, 150.0, 45.0), (60.0, 180.0, 57.0), (45.0, 135.0, 36.0), (55.0, 165.0, 66.0)];
    for (k, (t, d, b)) in means.into_iter().enumerate() {
        let baseline = format!("dev-{}", k + 1);
        put(root, &baseline, &typed, t);
        put(root, &baseline, &dynamic, d);
        put(root, &baseline, &bytemuck, b);
        put(root, &baseline, "sentinel/host-release/micro/start/native", 1.0);
        put(root, &baseline, "sentinel/host-release/micro/end/native", if k == 2 { 1.3 } else { 1.0 });
    }
    let runs = Runs::load(root, "dev").unwrap();
    assert_eq!(runs.runs.len(), 5);
    let merged = runs.merged();
    let typed_id: BenchId = typed.parse().unwrap();
    let estimate = merged.get(typed_id).unwrap();
    assert_eq!((estimate.mean, estimate.lower, estimate.upper), (50.0, 40.0, 60.0));
    assert!((estimate.confidence_level - 0.9375).abs() < 1e-12);

    let steady = runs.ratio(dynamic.parse().unwrap(), typed_id).unwrap();
    assert!((steady.median - 3.0).abs() < 1e-12 && (steady.max_over_min() - 1.0).abs() < 1e-12);
    assert!(!steady.crosses_one() && !steady.spread_exceeds_effect());
    let flipping = runs.ratio(bytemuck.parse().unwrap(), typed_id).unwrap();
    assert!((flipping.median - 0.95).abs() < 1e-12 && (flipping.min - 0.8).abs() < 1e-12);
    assert!(flipping.crosses_one() && flipping.spread_exceeds_effect());
    let drifts: Vec<f64> = runs.runs.iter().flat_map(drift).map(|d| d.ratio).collect();
    assert_eq!(drifts, [1.0, 1.0, 1.3, 1.0, 1.0]);

    let input = ReportInput { results: &merged, hit_rates: None, runs: Some(&runs), environments: &[] };
    write_report(&input, &root.join("summary")).unwrap();
    let md = fs::read_to_string(root.join("summary/summary.md")).unwrap();
    for expected in [
        "5 runs merged (dev-1, dev-2, dev-3, dev-4, dev-5)",
        "| dynamic / typed call (Pair), wasmer-cranelift | 3.000 | 3.000 | 3.000 | 3.000 | 3.000 | 3.000 [3.000, 3.000], 3.000-3.000 | 1.00 |  |  |",
        "| static Bytemuck / Pair (typed), wasmer-cranelift | 1.100 | 0.900 | 0.950 | 0.800 | 1.200 | 0.950 [0.800, 1.200], 0.800-1.200 | 1.50 |  | interval crosses 1",
        "1 of 2 ratios spread more than 10% between runs",
        "The sentinel moved by up to 30%",
        "| micro | native | 1.000 | 1.000 | 1.300 ! | 1.000 | 1.000 |",
        "Between runs, over 5 runs: 3.000 [3.000, 3.000], 3.000-3.000.",
    ] {
        assert!(md.contains(expected), "summary.md lacks {expected:?}:\n{md}");
    }
    // Runs never made are a clear error that names the command that makes them.
    let err = Runs::load(root, "other").err().unwrap().to_string();
    assert!(err.contains("other-1") && err.contains("--example repeat -- --name other"), "{err}");
}

/// Criterion's own page for one id, as `cargo bench` writes it beside the results.
fn put_criterion_page(root: &Path, id: &str) {
    let dir = root.join(id.replace('/', "_")).join("report");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("index.html"), "<html></html>").unwrap();
}

/// The values of one attribute (`src`, `href`) across an HTML page.
fn attribute_values<'a>(html: &'a str, attribute: &str) -> Vec<&'a str> {
    let opening = format!(" {attribute}=\"");
    html.match_indices(&opening)
        .map(|(at, _)| {
            let value = &html[at + opening.len()..];
            &value[..value.find('"').expect("unterminated attribute")]
        })
        .collect()
}

#[test]
fn the_page_links_only_charts_and_criterion_pages_that_exist() {
    let dir = fixture_dir("links");
    let root = dir.path().to_path_buf();
    glance_fixture(&root);
    // Criterion wrote a page for two ids only (and its overview); the rest have none.
    let linked = [format!("{MICRO}/pair-cached-typed-call"), format!("{SIM}/native")];
    for id in &linked {
        put_criterion_page(&root, id);
    }
    fs::create_dir_all(root.join("report")).unwrap();
    fs::write(root.join("report/index.html"), "<html></html>").unwrap();
    let results = Results::load(&root, "new").unwrap();
    let out = root.join("summary");
    write_report(&ReportInput { results: &results, hit_rates: None, runs: None, environments: &[] }, &out).unwrap();
    let html = fs::read_to_string(out.join("index.html")).unwrap();

    let images = attribute_values(&html, "src");
    assert!(images.iter().any(|src| src.starts_with("micro-")), "no micro chart in {images:?}");
    for src in &images {
        assert!(out.join(src).is_file(), "the page shows {src}, which the report did not write");
    }
    let links: Vec<&str> = attribute_values(&html, "href").into_iter().filter(|href| !href.starts_with('#')).collect();
    for href in &links {
        assert!(out.join(href).is_file(), "the page links {href}, which does not exist");
    }
    // Each id with a page is linked to it; the overview too; ids without one are not.
    for id in &linked {
        let page = format!("../{}/report/index.html", id.replace('/', "_"));
        assert!(links.contains(&page.as_str()), "{page} not linked: {links:?}");
    }
    assert!(links.contains(&"../report/index.html"), "{links:?}");
    let criterion_links = links.iter().filter(|href| href.ends_with("/report/index.html")).count();
    assert!(criterion_links >= linked.len() + 1, "{links:?}");
    assert!(!links.iter().any(|href| href.contains("pair-uncached-typed-call")), "{links:?}");

    // The answers table comes first, before any other section.
    let at = |text: &str| html.find(text).unwrap_or_else(|| panic!("no {text}"));
    assert!(at("<table class=\"answers\">") < at("<section id=\"micro\">"));
}

/// Paired runs: the `ratio` target's ids merge over repetitions like every other id; a
/// headline ratio and an answer take the paired figure, with the ratio divided from the
/// two ids beside it, and an answer holds only where the paired interval lies on one side
/// of 1. Here the divided ratio flips around 1 between runs while the paired one holds.
#[test]
fn paired_ratios_merge_over_runs_and_lead_the_answers() {
    let dir = fixture_dir("paired");
    let root = dir.path();
    let typed = format!("{MICRO}/pair-cached-typed-call");
    let bytemuck = format!("{MICRO}/bytemuck-static-mem-cached-typed-call");
    let paired = format!("ratio/{bytemuck}/over/pair-cached-typed-call");
    // Per run: typed, Bytemuck (measured apart: their ratio flips), and the paired ratio.
    let means = [(40.0, 44.0, 1.21), (50.0, 45.0, 1.20), (60.0, 57.0, 1.22), (45.0, 36.0, 1.19), (55.0, 66.0, 1.20)];
    for (k, (t, b, r)) in means.into_iter().enumerate() {
        let baseline = format!("pr-{}", k + 1);
        put(root, &baseline, &typed, t);
        put(root, &baseline, &bytemuck, b);
        put(root, &baseline, &paired, r);
    }
    let runs = Runs::load(root, "pr").unwrap();
    let merged = runs.merged();
    let (subject, reference): (BenchId, BenchId) = (bytemuck.parse().unwrap(), typed.parse().unwrap());
    // The merged paired id: the median of the runs' paired ratios, min-max between runs.
    let estimate = merged.get(paired.parse::<BenchId>().unwrap()).unwrap();
    assert_eq!((estimate.mean, estimate.lower, estimate.upper), (1.20, 1.19, 1.22));
    let value = merged.ratio(subject, reference).unwrap();
    assert!(value.paired && (value.value - 1.20).abs() < 1e-12, "{value:?}");
    // Its inverse is read from the same id.
    let inverse = merged.ratio(reference, subject).unwrap();
    assert!(inverse.paired && (inverse.value - 1.0 / 1.20).abs() < 1e-12, "{inverse:?}");
    let over_runs = runs.ratio(subject, reference).unwrap();
    assert!(!over_runs.crosses_one() && (over_runs.max_over_min() - 1.22 / 1.19).abs() < 1e-12);
    assert!(runs.divided_ratio(subject, reference).unwrap().crosses_one());

    let input = ReportInput { results: &merged, hit_rates: None, runs: Some(&runs), environments: &[] };
    write_report(&input, &root.join("summary")).unwrap();
    let md = fs::read_to_string(root.join("summary/summary.md")).unwrap();
    for expected in [
        "| static Bytemuck / Pair (typed), wasmer-cranelift (paired) | 1.210 | 1.200 | 1.220 | 1.190 | 1.200 | \
         1.200 [1.190, 1.220], 1.190-1.220 | 1.03 | 0.950 [0.800, 1.200], 1.50 |  |",
        "## Paired ratios",
        "| `micro/host-release/wasmer-cranelift/guest-release/bytemuck-static-mem-cached-typed-call` | \
         `pair-cached-typed-call` | 1.20x [1.19x, 1.22x] |  | 0.90x |",
    ] {
        assert!(md.contains(expected), "summary.md lacks {expected:?}:\n{md}");
    }
}

/// Where two backends' paired cold-start ratio crosses 1: the ratio of two lines
/// (start + N x per call) fitted and solved, within the measured N that straddle 1.
#[test]
fn the_paired_break_even_is_where_the_ratio_crosses_one() {
    use wasm_script_bench::report::paired_break_even;
    // wasmi: 15 µs to start, 1 µs a call; Cranelift: 1.02 ms to start, 0.1 µs a call:
    // they cross at (1,020,000 - 15,000) / (1,000 - 100) = 1116.7 calls.
    let ratio = |n: f64| (15_000.0 + 1_000.0 * n) / (1_020_000.0 + 100.0 * n);
    let ratios: Vec<(f64, f64)> = [1.0, 100.0, 10_000.0, 1e6].iter().map(|&n| (n, ratio(n))).collect();
    match paired_break_even(&ratios) {
        Some(BreakEven::At(n)) => assert!((n / 1116.666_666 - 1.0).abs() < 1e-6, "{n}"),
        other => panic!("{other:?}"),
    }
    // Two N only: interpolated in log N (0.5 at 100, 2 at 10,000: at 10^(2 + 2/3)).
    match paired_break_even(&[(100.0, 0.5), (10_000.0, 2.0)]) {
        Some(BreakEven::At(n)) => assert!((n / 10f64.powf(2.0 + 2.0 / 3.0) - 1.0).abs() < 1e-9, "{n}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(paired_break_even(&[(1.0, 1.5), (100.0, 2.0)]), Some(BreakEven::FromTheStart));
    assert_eq!(paired_break_even(&[(1.0, 0.2), (1e6, 0.9)]), Some(BreakEven::Beyond(1e6)));
    assert_eq!(paired_break_even(&[]), None);
}

/// The break-even answer: per pair, in the faster runner's column, where the paired
/// cold-start ratios cross 1, with where the next run's crossing lands (from the ends of
/// the ratios' intervals); a pair whose ratios never reach 1 is answered "not within".
#[test]
fn the_break_even_answer_is_where_the_paired_cold_starts_cross_one() {
    use wasm_script_bench::ratios;
    use wasm_script_bench::report::Question;
    let dir = fixture_dir("break-even");
    let root = dir.path();
    let host = HostProfile::Release;
    // wasmi against Wasmtime Cranelift: they cross at 1116.7 calls (the test above);
    // Pulley against Winch: Winch never catches up within the measured calls.
    let crossing = |n: f64| (15_000.0 + 1_000.0 * n) / (1_020_000.0 + 100.0 * n);
    let never = |n: f64| 0.5 + 0.4 * n / 1e6;
    for (pair, ratio) in [
        ([Backend::Wasmi, Backend::WasmtimeCranelift], &crossing as &dyn Fn(f64) -> f64),
        ([Backend::WasmtimePulley, Backend::WasmtimeWinch], &never),
    ] {
        for id in ratios::cold_starts(host, &pair) {
            let calls = id.to_string().rsplit("calls-").next().unwrap().split('/').next().unwrap().parse().unwrap();
            put(root, "new", &id.to_string(), ratio(calls));
            // Two more runs, 5% apart: between them the crossing moves, its kind does not.
            for (run, scale) in [("br-1", 0.95), ("br-2", 1.05)] {
                put(root, run, &id.to_string(), ratio(calls) * scale);
            }
        }
    }
    let results = Results::load(root, "new").unwrap();
    let found = findings(&results);
    let answer = found.iter().find(|f| f.question == Question::BreakEven).expect("a break-even answer");
    assert_eq!(answer.cells.len(), 2, "{answer:?}");
    let cranelift = answer.cells.iter().find(|c| c.backend == Backend::WasmtimeCranelift).unwrap();
    assert_eq!(cranelift.against, Some(Backend::Wasmi));
    assert!(cranelift.paired && (cranelift.value / 1116.666_666 - 1.0).abs() < 1e-6, "{cranelift:?}");
    assert_eq!(cranelift.stated.len(), 4);
    let (low, high) = cranelift.crossing_interval().expect("paired ratios have intervals");
    assert!(low < cranelift.value && cranelift.value < high, "{low} {high}");
    let winch = answer.cells.iter().find(|c| c.backend == Backend::WasmtimeWinch).unwrap();
    assert!(winch.value.is_infinite(), "{winch:?}");
    let text = answer.text();
    // Intervals of 1% move the crossing less than the text's rounding: no interval.
    assert!(text.contains("wasmtime-cranelift overtakes wasmi after 1.1k calls paired;"), "{text}");
    assert!(text.contains("wasmtime-winch overtakes wasmtime-pulley not within 1M calls paired"), "{text}");
    let input = ReportInput { results: &results, hit_rates: None, runs: None, environments: &[] };
    write_report(&input, &root.join("summary")).unwrap();
    let md = fs::read_to_string(root.join("summary/summary.md")).unwrap();
    let row = md.lines().find(|l| l.starts_with("| Break-even")).unwrap_or_else(|| panic!("no row:\n{md}"));
    assert!(row.contains("| after 1.1k calls; not within 1M calls for wasmtime-winch over wasmtime-pulley |"), "{row}");
    assert!(row.contains("| 1.1k (over wasmi) paired |"), "{row}");
    // Over runs: the crossing's between-run interval holds the merged one, and the
    // answer holds (every run crosses within the measured calls, or none does).
    let runs = Runs::load(root, "br").unwrap();
    let merged = runs.merged();
    let over_runs = findings(&merged).into_iter().find(|f| f.question == Question::BreakEven).unwrap();
    assert_eq!(over_runs.holds(&runs), Some(true));
    let cell = over_runs.cells.iter().find(|c| c.backend == Backend::WasmtimeCranelift).unwrap();
    let spread = wasm_script_bench::report::cell_spread(&runs, cell).unwrap();
    assert!(spread.lower < spread.median && spread.median < spread.upper && spread.upper.is_finite(), "{spread:?}");
}

/// A run of the `ratio` target alone: every ratio it measures (with every feature's
/// ratios, on every backend), and nothing else. Every answer that is a ratio comes from
/// it, each marked paired; only the answers that rank absolute times (the cheapest call,
/// compile time) and the cached artifact (compile phases are not paired) are left out.
#[test]
fn a_run_of_the_ratio_target_alone_answers_every_ratio_question() {
    use wasm_script_bench::ratios;
    use wasm_script_bench::report::Question;
    let dir = fixture_dir("ratio-only");
    let root = dir.path();
    let host = HostProfile::Release;
    let backends = Backend::ALL;
    let mut measured = ratios::measured(host, &backends);
    measured.extend(ratios::engine_settings_with(host, &backends, true, true));
    measured.extend(ratios::wasi(host, &backends));
    measured.extend(ratios::serverless_ratios(host, &backends));
    for ratio in &measured {
        put(root, "new", &ratio.to_string(), 1.5);
    }
    let results = Results::load(root, "new").unwrap();
    let found = findings(&results);
    let asked: Vec<Question> = found.iter().map(|f| f.question).collect();
    for question in [
        Question::DynamicCall,
        Question::StaticBuffer,
        Question::Hotload,
        Question::HandleCaching,
        Question::Batching,
        Question::Runtimes,
        Question::Interpreter,
        Question::HostCalls,
        Question::InstancePerRequest,
        Question::Payload,
        Question::ComponentModel,
        Question::BreakEven,
        Question::Interruption,
        Question::AsyncCalls,
        Question::Concurrency,
        Question::Wasi,
        Question::Serverless,
        Question::Upgrade,
    ] {
        let finding =
            found.iter().find(|f| f.question == question).unwrap_or_else(|| panic!("{question:?}: {asked:?}"));
        assert!(finding.cells.iter().all(|c| c.paired && c.figures.is_empty()), "{question:?}: {finding:?}");
        // A previous release answers only the upgrade, in its current release's column.
        assert!(finding.cells.iter().all(|c| c.backend.at_current_release() == c.backend), "{question:?}");
    }
    assert_eq!(found.len(), 18, "{asked:?}");
    // Sentences without the times the run lacks, and the inverse read where measured so
    // (caching: typed over by-name is measured by-name over typed).
    let text = |q: Question| found.iter().find(|f| f.question == q).unwrap().text();
    assert!(
        text(Question::DynamicCall).contains(": 1.50x paired on wasmer-singlepass; "),
        "{}",
        text(Question::DynamicCall)
    );
    assert!(
        text(Question::HandleCaching).contains("+33.3% paired on wasmer-cranelift"),
        "{}",
        text(Question::HandleCaching)
    );
    assert!(
        text(Question::InstancePerRequest)
            .contains("1.50x paired a request on wasmtime-cranelift, pooled 1.50x paired [1.49x, 1.51x] a fresh one"),
        "{}",
        text(Question::InstancePerRequest)
    );
    // Which interpreter: a cell per interpreter, its typed call over a JIT's, then its
    // batch, host call and fresh instance, each over its own reference, and for the
    // others than wasmi, the typed call, the batch and the host call over wasmi's.
    let interpreter = found.iter().find(|f| f.question == Question::Interpreter).unwrap();
    let interpreters = backends.iter().filter(|b| b.interprets() && b.at_current_release() == **b).count();
    assert_eq!(interpreter.cells.len(), interpreters);
    for cell in &interpreter.cells {
        assert!(cell.backend.interprets() && cell.against.is_some_and(|jit| !jit.interprets()), "{cell:?}");
        let over_wasmi =
            cell.stated.iter().filter(|s| s.denominator.engine().map(|e| e.backend) == Some(Backend::Wasmi));
        if cell.backend == ratios::INTERPRETER_REFERENCE {
            assert_eq!(cell.stated.len(), 4, "{cell:?}");
        } else {
            assert_eq!(cell.stated.len(), 7, "{cell:?}");
            assert_eq!(over_wasmi.count(), 3, "{cell:?}");
        }
    }
    assert!(
        text(Question::Interpreter).contains(
            "on wasm3 over wasmtime-cranelift, batch / native 1.50x paired [1.49x, 1.51x], host call / native 1.50x \
             paired [1.49x, 1.51x], fresh / kept instance 1.50x paired [1.49x, 1.51x], typed over wasmi 1.50x paired \
             [1.49x, 1.51x], batch over wasmi 1.50x paired [1.49x, 1.51x], host call over wasmi 1.50x paired \
             [1.49x, 1.51x]"
        ),
        "{}",
        text(Question::Interpreter)
    );
    assert!(
        text(Question::Interpreter).contains(
            "typed 1.50x paired [1.49x, 1.51x] on wasmi over wasmtime-cranelift, batch / native 1.50x paired \
             [1.49x, 1.51x], host call / native 1.50x paired [1.49x, 1.51x], fresh / kept instance 1.50x paired \
             [1.49x, 1.51x]"
        ),
        "{}",
        text(Question::Interpreter)
    );
    // The upgrade: each backend at two releases, every ratio of `ratios::releases` stated.
    let upgrade = found.iter().find(|f| f.question == Question::Upgrade).unwrap();
    assert_eq!(upgrade.cells.len(), Backend::RELEASES.len());
    for cell in &upgrade.cells {
        assert_eq!(cell.backend.at_previous_release(), cell.against, "{cell:?}");
        assert_eq!(cell.stated.len(), 6, "{cell:?}");
    }
    assert!(
        text(Question::Upgrade).contains(
            "typed 1.50x paired [1.49x, 1.51x] on wasmtime-cranelift over wasmtime-cranelift@49, dynamic 1.50x \
             paired [1.49x, 1.51x], batch 1.50x paired [1.49x, 1.51x], host call 1.50x paired [1.49x, 1.51x], \
             fresh instance 1.50x paired [1.49x, 1.51x], cold start 1.50x paired [1.49x, 1.51x]"
        ),
        "{}",
        text(Question::Upgrade)
    );
    let md = write_summary(root);
    assert!(!md.contains("None: the run has none"), "{md}");
}

/// Each sample of a paired ratio is one placement: the report gives, from Criterion's
/// raw samples, the median over them with its interval, and the lowest and highest.
#[test]
fn a_paired_ratio_reads_the_median_and_the_spread_of_its_placements() {
    let dir = fixture_dir("placements");
    let root = dir.path();
    let typed = format!("{MICRO}/pair-cached-typed-call");
    let ratio = format!("ratio/{MICRO}/pair-cached-preload-dyn-call/over/pair-cached-typed-call");
    put(root, "new", &typed, 40.0);
    put(root, "new", &ratio, 2.5);
    // Criterion's estimates: a mean pulled up by one slow placement, the median not.
    let sample_dir = root.join(ratio.replace('/', "_")).join("new");
    let estimates = fs::read_to_string(sample_dir.join("estimates.json")).unwrap();
    fs::write(
        sample_dir.join("estimates.json"),
        estimates.replacen("\"point_estimate\":2.5", "\"point_estimate\":2.9", 1),
    )
    .unwrap();
    // Per sample: rounds and the ratio times rounds (Criterion's `iters` and `times`).
    fs::write(
        sample_dir.join("sample.json"),
        r#"{"sampling_mode":"Flat","iters":[100.0,100.0,100.0,100.0],"times":[250.0,245.0,510.0,255.0]}"#,
    )
    .unwrap();
    let results = Results::load(root, "new").unwrap();
    let estimate = results.get(ratio.parse::<BenchId>().unwrap()).unwrap();
    // The median over the four samples, not Criterion's mean; its interval, where the
    // next run's median lands, is wide with four samples one of which is far off: wider
    // than the samples' range, and as far above the median as below on a log scale.
    assert_eq!(estimate.mean, 2.525, "the median, not the mean");
    let spread = estimate.placements.unwrap();
    assert_eq!((spread.min, spread.max), (2.45, 5.1));
    assert!(estimate.lower < 2.45 && estimate.upper > 5.1, "{estimate:?}");
    assert!((estimate.mean / estimate.lower - estimate.upper / estimate.mean).abs() < 1e-9, "{estimate:?}");
    let md = write_summary(root);
    assert!(md.contains(" | 2.52x [") && md.contains("] | 2.45x to 5.10x |"), "{md}");
}
