//! The ProWGen-style generator matches its parameters and is deterministic; the trace
//! reader accepts the paper's format and rejects each kind of bad line with file:line.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::Compression;
use flate2::write::GzEncoder;
use tempfile::TempDir;
use wasm_script_bench::Error;
use wasm_script_bench::workload::{GeneratorParams, Request, SizeCorrelation, StackModel, generate, read_trace};

fn small() -> GeneratorParams {
    GeneratorParams { requests: 200_000, objects: 6_000, ..GeneratorParams::default() }
}

fn counts_by_id(trace: &[Request]) -> HashMap<i32, (u64, i32)> {
    let mut counts = HashMap::new();
    for r in trace {
        let entry = counts.entry(r.id).or_insert((0, r.size));
        entry.0 += 1;
        assert_eq!(entry.1, r.size, "object {} changed size", r.id);
    }
    counts
}

#[test]
fn the_same_seed_gives_the_same_trace_and_another_seed_another() {
    let params = GeneratorParams { requests: 20_000, objects: 1_000, ..GeneratorParams::default() };
    assert_eq!(generate(&params).unwrap(), generate(&params).unwrap());
    assert_ne!(generate(&params).unwrap(), generate(&GeneratorParams { seed: 7, ..params }).unwrap());
}

#[test]
fn the_trace_has_the_exact_request_and_object_counts_and_one_timer_share() {
    for model in [StackModel::Static, StackModel::Dynamic] {
        let params = GeneratorParams { stack_model: model, ..small() };
        let trace = generate(&params).unwrap();
        assert_eq!(trace.len() as u64, params.requests);
        let counts = counts_by_id(&trace);
        assert_eq!(counts.len() as u64, params.objects, "{model:?}");
        let one_timers = counts.values().filter(|(n, _)| *n == 1).count() as f64;
        let share = one_timers / params.objects as f64;
        assert!((share - params.one_timer_share).abs() < 0.001, "{model:?}: one-timer share {share}");
    }
}

#[test]
fn popularity_follows_the_zipf_slope() {
    let trace = generate(&small()).unwrap();
    let mut counts: Vec<u64> = counts_by_id(&trace).values().map(|(n, _)| *n).collect();
    counts.sort_unstable_by(|a, b| b.cmp(a));
    // Least-squares slope of log(count) against log(rank) over the popular head (the
    // tail is flattened by the minimum of 2 requests per non-one-timer).
    let points: Vec<(f64, f64)> =
        counts.iter().take(500).enumerate().map(|(i, &n)| (((i + 1) as f64).ln(), (n as f64).ln())).collect();
    let n = points.len() as f64;
    let (mx, my) = (points.iter().map(|p| p.0).sum::<f64>() / n, points.iter().map(|p| p.1).sum::<f64>() / n);
    let slope = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum::<f64>()
        / points.iter().map(|p| (p.0 - mx).powi(2)).sum::<f64>();
    assert!((-slope - 0.75).abs() < 0.05, "fitted slope {slope}, expected -0.75");
}

fn median_size(params: &GeneratorParams) -> f64 {
    let mut sizes: Vec<i32> = counts_by_id(&generate(params).unwrap()).values().map(|(_, s)| *s).collect();
    sizes.sort_unstable();
    f64::from(sizes[sizes.len() / 2])
}

#[test]
fn sizes_follow_the_lognormal_body_and_the_pareto_tail() {
    // Lognormal median = mean / sqrt(1 + (sd/mean)^2).
    let body = GeneratorParams { tail_share: 0.0, ..small() };
    let expected = 14_000.0 / (1.0 + (22_000.0f64 / 14_000.0).powi(2)).sqrt();
    let median = median_size(&body);
    assert!((median / expected - 1.0).abs() < 0.06, "body median {median}, expected {expected:.0}");
    // Pareto median = start * 2^(1/index).
    let tail = GeneratorParams { tail_share: 1.0, ..small() };
    let expected = 10_000.0 * 2f64.powf(1.0 / 1.2);
    let median = median_size(&tail);
    assert!((median / expected - 1.0).abs() < 0.06, "tail median {median}, expected {expected:.0}");
    let max = counts_by_id(&generate(&tail).unwrap()).values().map(|(_, s)| *s).max().unwrap();
    assert!(max as u32 <= tail.max_size, "sizes are capped");
}

#[test]
fn size_popularity_correlation_orders_sizes_by_popularity() {
    for (correlation, most_popular_is_largest) in
        [(SizeCorrelation::Positive, true), (SizeCorrelation::Negative, false)]
    {
        let counts = counts_by_id(&generate(&GeneratorParams { correlation, ..small() }).unwrap());
        let (_, top_size) = counts.values().max_by_key(|(n, _)| *n).unwrap();
        let extreme = if most_popular_is_largest {
            counts.values().map(|(_, s)| *s).max()
        } else {
            counts.values().map(|(_, s)| *s).min()
        };
        assert_eq!(Some(*top_size), extreme, "{correlation:?}");
    }
}

#[test]
fn the_lru_stack_gives_more_temporal_locality_than_a_shuffle() {
    use rand::SeedableRng;
    use rand::seq::SliceRandom;
    let trace = generate(&small()).unwrap();
    let mut shuffled = trace.clone();
    shuffled.shuffle(&mut rand::rngs::StdRng::seed_from_u64(1));
    let near_reuses = |t: &[Request]| {
        let mut last = HashMap::new();
        (0..t.len()).filter(|&i| last.insert(t[i].id, i).is_some_and(|prev| i - prev <= 100)).count()
    };
    let (stack, random) = (near_reuses(&trace), near_reuses(&shuffled));
    assert!(stack as f64 > 1.2 * random as f64, "re-references within 100 requests: stack {stack}, shuffled {random}");
}

#[test]
fn impossible_parameters_name_the_key() {
    let cases = [
        (GeneratorParams { objects: 0, ..small() }, "objects"),
        (GeneratorParams { requests: 1_000, objects: 900, one_timer_share: 0.5, ..small() }, "requests"),
        (GeneratorParams { one_timer_share: 1.5, ..small() }, "one_timer_share"),
        (GeneratorParams { zipf_slope: -1.0, ..small() }, "zipf_slope"),
        (GeneratorParams { stack_size: 0, ..small() }, "stack_size"),
    ];
    for (params, key) in cases {
        let err = generate(&params).unwrap_err();
        assert!(matches!(err, Error::Workload { .. }) && err.to_string().contains(key), "{key}: {err}");
    }
}

fn trace_dir() -> TempDir {
    tempfile::Builder::new().prefix("wsb-trace-tests-").tempdir().unwrap()
}

/// Writes `bytes` to `name` inside `dir`, a directory removed when the test ends.
fn temp_file(dir: &TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn gzip(text: &str) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(text.as_bytes()).unwrap();
    encoder.finish().unwrap()
}

const GOOD: &str = "# id size\n1 100\n\n2\t2500  # trailing comment\n1 100\n-5 7\n";
const GOOD_REQUESTS: [Request; 4] = [
    Request { id: 1, size: 100 },
    Request { id: 2, size: 2500 },
    Request { id: 1, size: 100 },
    Request { id: -5, size: 7 },
];

#[test]
fn plain_and_gzip_traces_read_the_same() {
    let dir = trace_dir();
    assert_eq!(read_trace(&temp_file(&dir, "good.txt", GOOD.as_bytes())).unwrap(), GOOD_REQUESTS);
    assert_eq!(read_trace(&temp_file(&dir, "good.txt.gz", &gzip(GOOD))).unwrap(), GOOD_REQUESTS);
}

fn read_error(path: &Path) -> String {
    read_trace(path).unwrap_err().to_string()
}

#[test]
fn each_kind_of_bad_line_is_reported_with_file_and_line() {
    let dir = trace_dir();
    let cases = [
        ("1 100\nx 5\n", ":2:", "id `x` is not a whole number"),
        ("1 100\n2 1.5\n", ":2:", "size `1.5` is not a whole number"),
        ("1 100\n3 0\n", ":2:", "size 0 must be"),
        ("1 -4\n", ":1:", "size -4 must be"),
        ("1 100\n\n3000000000 4\n", ":3:", "id 3000000000 is outside the i32 range"),
        ("1 100 7\n", ":1:", "expected 2 columns"),
        ("1 100\n42\n", ":2:", "expected 2 columns `id size`, found 1"),
        ("1 99999999999\n", ":1:", "size 99999999999 must be"),
    ];
    for (i, (text, location, message)) in cases.into_iter().enumerate() {
        let path = temp_file(&dir, &format!("bad{i}.txt"), text.as_bytes());
        let error = read_error(&path);
        assert!(error.starts_with(&format!("{}{location}", path.display())), "{error}");
        assert!(error.contains(message), "expected {message:?} in {error}");
    }
}

#[test]
fn empty_truncated_and_missing_files_are_clear_errors() {
    let dir = trace_dir();
    let empty = read_error(&temp_file(&dir, "empty.txt", b"# nothing but comments\n\n"));
    assert!(empty.contains("no requests"), "{empty}");

    let long: String = (0..20_000).map(|i| format!("{i} {}\n", 1 + i % 999)).collect();
    let gz = gzip(&long);
    let truncated = read_error(&temp_file(&dir, "cut.txt.gz", &gz[..gz.len() / 2]));
    assert!(truncated.contains("cut.txt.gz:") && truncated.contains("truncated or corrupt"), "{truncated}");

    let missing = read_error(Path::new("/nonexistent/trace.txt"));
    assert!(missing.starts_with("/nonexistent/trace.txt: cannot open"), "{missing}");
}
