//! The ProWGen-style generator matches its parameters and is deterministic; the trace
//! reader reads every format and compression to the same dense-id trace, and rejects
//! each kind of bad record with file:line (or record number) and what to do.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::Compression;
use flate2::write::GzEncoder;
use tempfile::TempDir;
use wasm_script_bench::Error;
use wasm_script_bench::workload::{
    GeneratorParams, Request, SizeCorrelation, StackModel, Trace, TraceFile, TraceFormat, generate, read_trace,
};

fn small() -> GeneratorParams {
    GeneratorParams { requests: 200_000, objects: 6_000, ..GeneratorParams::default() }
}

fn requests(params: &GeneratorParams) -> Vec<Request> {
    generate(params).unwrap().requests
}

fn counts_by_id(trace: &[Request]) -> HashMap<u32, (u64, u32)> {
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
    assert_eq!(requests(&params), requests(&params));
    assert_ne!(requests(&params), requests(&GeneratorParams { seed: 7, ..params }));
}

#[test]
fn the_trace_has_the_exact_request_and_object_counts_and_one_timer_share() {
    for model in [StackModel::Static, StackModel::Dynamic] {
        let params = GeneratorParams { stack_model: model, ..small() };
        let trace = requests(&params);
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
    let trace = requests(&small());
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
    let mut sizes: Vec<u32> = counts_by_id(&requests(params)).values().map(|(_, s)| *s).collect();
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
    let max = counts_by_id(&requests(&tail)).values().map(|(_, s)| *s).max().unwrap();
    assert!(max <= tail.max_size, "sizes are capped");
}

#[test]
fn size_popularity_correlation_orders_sizes_by_popularity() {
    for (correlation, most_popular_is_largest) in
        [(SizeCorrelation::Positive, true), (SizeCorrelation::Negative, false)]
    {
        let counts = counts_by_id(&requests(&GeneratorParams { correlation, ..small() }));
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
    let trace = requests(&small());
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

#[test]
fn generated_ids_are_dense() {
    let trace = generate(&small()).unwrap();
    assert_eq!(trace.objects as u64, small().objects);
    let mut seen = vec![false; trace.objects as usize];
    for r in &trace.requests {
        seen[r.id as usize] = true;
    }
    assert!(seen.iter().all(|&s| s), "every id below `objects` is requested");
}

#[test]
fn a_trace_larger_than_memory_is_refused_before_allocating() {
    // 8 TB of requests: more than any machine has, whatever its allocator promises.
    let err = generate(&GeneratorParams { requests: 1_000_000_000_000, ..GeneratorParams::default() }).unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, Error::Workload { key: "requests", .. }), "{message}");
    assert!(message.contains("8000.0 GB of memory") && message.contains("lower requests"), "{message}");
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

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn zstd(bytes: &[u8]) -> Vec<u8> {
    zstd::encode_all(bytes, 3).unwrap()
}

/// One logical trace: (time, id, size) with ids far outside i32, repeated and out of order.
const LOGICAL: [(u32, u64, u32); 6] = [
    (1, 7, 100),
    (2, 1 << 40, 2500),
    (2, 7, 100),
    (5, 3_000_000_000, 7),
    (9, 18_446_744_073_709_551_615, 1),
    (9, 1 << 40, 2500),
];

/// The same trace with dense ids in order of first appearance.
fn logical_dense() -> Trace {
    let requests = [(0, 100), (1, 2500), (0, 100), (2, 7), (3, 1), (1, 2500)];
    Trace { requests: requests.map(|(id, size)| Request { id, size }).to_vec(), objects: 4 }
}

/// LOGICAL in each format, as (file name, bytes).
fn logical_files() -> Vec<(&'static str, Vec<u8>)> {
    let mut id_size = String::from("\u{feff}# id size, with a byte-order mark\n\n");
    let mut time_id_size = String::from("# time id size\n");
    let mut csv = String::from("time,obj_id,obj_size,next_access_vtime\n");
    let mut oracle = Vec::new();
    for (time, id, size) in LOGICAL {
        id_size += &format!("{id}\t{size}   # comment\n");
        time_id_size += &format!("{time} {id} {size}\n");
        csv += &format!("{time}, {id},{size},-1\n");
        oracle.extend(time.to_le_bytes());
        oracle.extend(id.to_le_bytes());
        oracle.extend(size.to_le_bytes());
        oracle.extend((-1i64).to_le_bytes());
    }
    vec![
        ("trace.txt", id_size.into_bytes()),
        ("webcachesim.tr", time_id_size.into_bytes()),
        ("trace.csv", csv.into_bytes()),
        ("cluster.oracleGeneral.bin", oracle),
    ]
}

#[test]
fn every_format_and_compression_reads_to_the_same_dense_trace() {
    let dir = trace_dir();
    for (name, bytes) in logical_files() {
        for (suffix, stored) in [("", bytes.clone()), (".gz", gzip(&bytes)), (".zst", zstd(&bytes))] {
            let path = temp_file(&dir, &format!("{name}{suffix}"), &stored);
            let trace = read_trace(&TraceFile::new(&path)).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(trace, logical_dense(), "{}", path.display());
        }
    }
}

#[test]
fn a_given_format_overrides_the_name() {
    let dir = trace_dir();
    let files = logical_files();
    let formats = [TraceFormat::IdSize, TraceFormat::TimeIdSize, TraceFormat::Csv, TraceFormat::OracleGeneral];
    for ((_, bytes), format) in files.into_iter().zip(formats) {
        let path = temp_file(&dir, &format!("no-hint-{format}.dat"), &bytes);
        let trace = read_trace(&TraceFile::new(&path).with_format(format)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(trace, logical_dense(), "{format}");
    }
    // Names parse as the CLI and profiles spell them.
    assert_eq!("oracleGeneral".parse::<TraceFormat>(), Ok(TraceFormat::OracleGeneral));
    assert!("parquet".parse::<TraceFormat>().unwrap_err().contains("id-size, time-id-size, csv, oracle-general"));
}

#[test]
fn text_ids_may_be_any_key_and_csv_columns_any_name() {
    let dir = trace_dir();
    let text = "/index.html 100\n-5 7\n/index.html 100\n0007 3\n7 3\n";
    let trace = read_trace(&TraceFile::new(temp_file(&dir, "keys.txt", text.as_bytes()))).unwrap();
    let ids: Vec<u32> = trace.requests.iter().map(|r| r.id).collect();
    assert_eq!((ids, trace.objects), (vec![0, 1, 0, 2, 2], 3), "`0007` and `7` are one object");

    let csv = "key,bytes,op\n\"a,b\",10,get\nc,20,get\n\"a,b\",10,set\n";
    let path = temp_file(&dir, "kv.csv", csv.as_bytes());
    let file = TraceFile { id_column: Some("key".into()), size_column: Some("BYTES".into()), ..TraceFile::new(&path) };
    let trace = read_trace(&file).unwrap();
    assert_eq!(trace.requests, [Request { id: 0, size: 10 }, Request { id: 1, size: 20 }, Request { id: 0, size: 10 }]);

    let missing = read_trace(&TraceFile::new(&path)).unwrap_err().to_string();
    assert!(
        missing.contains("kv.csv:1: the header has no id or obj_id column (its columns: key, bytes, op)"),
        "{missing}"
    );
    assert!(missing.contains("id_column") && missing.contains("--id-column"), "{missing}");
    let not_csv = TraceFile { id_column: Some("key".into()), ..TraceFile::new(temp_file(&dir, "t.txt", b"1 2\n")) };
    assert!(read_trace(&not_csv).unwrap_err().to_string().contains("apply to csv traces"));
}

fn read_error(path: &Path) -> String {
    read_trace(&TraceFile::new(path)).unwrap_err().to_string()
}

#[test]
fn each_kind_of_bad_record_is_reported_with_file_and_line() {
    let dir = trace_dir();
    let cases = [
        ("1 100\n2 1.5\n", "t.txt", ":2:", "size `1.5` is not a whole number"),
        ("1 100\n3 0\n", "t.txt", ":2:", "size 0 must be"),
        ("1 -4\n", "t.txt", ":1:", "size -4 must be"),
        ("1 100\n42\n", "t.txt", ":2:", "expected 2 columns `id size`, found 1"),
        ("1 100\n1 2 100\n", "t.txt", ":2:", "expected 2 columns `id size`, found 3"),
        ("0 1 100\n1 100\n", "t.txt", ":2:", "expected 3 columns `time id size`, found 2"),
        ("1 2 3 4\n", "t.txt", ":1:", "expected 2 columns `id size` or 3 `time id size`, found 4"),
        ("noon 1 100\n", "t.txt", ":1:", "time `noon` is not a number"),
        ("1 99999999999\n", "t.txt", ":1:", "size 99999999999 must be"),
        ("id,size\n1,100\n2\n", "t.csv", ":3:", "1 fields where the header has 2"),
        ("id,size\n1,100\n,5\n", "t.csv", ":3:", "the id is empty"),
        ("id,size\n1,x\n", "t.csv", ":2:", "size `x` is not a whole number"),
    ];
    for (i, (text, name, location, message)) in cases.into_iter().enumerate() {
        let path = temp_file(&dir, &format!("{i}-{name}"), text.as_bytes());
        let error = read_error(&path);
        assert!(error.starts_with(&format!("{}{location}", path.display())), "{error}");
        assert!(error.contains(message), "expected {message:?} in {error}");
    }
}

#[test]
fn a_line_with_too_many_columns_is_reported_with_its_real_count() {
    let dir = trace_dir();
    // (content, format given, line, message). Five and more columns were once cut to
    // "found 4", whatever the line held.
    let cases = [
        ("1 2 3 4 5\n", None, 1, "expected 2 columns `id size` or 3 `time id size`, found 5: `1 2 3 4 5`"),
        (
            "# id size\n1 100\n1 2 3 4 5\n",
            None,
            3,
            "expected 2 columns `id size`, found 5: `1 2 3 4 5` (the first request, line 2, has 2)",
        ),
        (
            "0 1 100\n1 2 3 4 5 6 7 # comment\n",
            None,
            2,
            "expected 3 columns `time id size`, found 7: `1 2 3 4 5 6 7` (the first request, line 1, has 3)",
        ),
        (
            "1 100\n1 2 3 4 5\n",
            Some(TraceFormat::IdSize),
            2,
            "expected 2 columns `id size`, found 5: `1 2 3 4 5` (the format is given as id-size)",
        ),
        (
            "1 2 3 4 5\n",
            Some(TraceFormat::TimeIdSize),
            1,
            "expected 3 columns `time id size`, found 5: `1 2 3 4 5` (the format is given as time-id-size)",
        ),
    ];
    for (i, (text, format, line, message)) in cases.into_iter().enumerate() {
        let path = temp_file(&dir, &format!("{i}-five.txt"), text.as_bytes());
        let file = TraceFile { format, ..TraceFile::new(&path) };
        let error = read_trace(&file).unwrap_err().to_string();
        assert_eq!(error, format!("{}:{line}: {message}", path.display()));
        assert_eq!(error.lines().count(), 1, "{error}");
    }
}

#[test]
fn quoted_fields_are_shown_on_one_line_and_cut_short() {
    let dir = trace_dir();
    // A CSV field may hold a line break; the message escapes it.
    let path = temp_file(&dir, "broken.csv", b"id,size\n1,\"10\n20\"\n");
    let error = read_error(&path);
    assert_eq!(error, format!("{}:2: size `10\\n20` is not a whole number", path.display()));
    // So may a header name (found by tests/trace_fuzz.rs), and a text line may hold a
    // carriage return, which splits fields as a space does.
    let path = temp_file(&dir, "header.csv", b"\"a\rb\",c\n1,2\n");
    let error = read_error(&path);
    assert!(
        error.starts_with(&format!(
            "{}:1: the header has no id or obj_id column (its columns: a\\rb, c)",
            path.display()
        )),
        "{error}"
    );
    let path = temp_file(&dir, "cr.txt", b"1 100\n1 2\r3\n");
    let error = read_error(&path);
    assert!(
        error.starts_with(&format!("{}:2: expected 2 columns `id size`, found 3: `1 2\\r3`", path.display())),
        "{error}"
    );
    let many: String = (0..40).map(|i| format!("c{i},")).collect();
    let error = read_error(&temp_file(&dir, "wide.csv", format!("{many}\n").as_bytes()));
    assert!(error.contains("(its columns: c0, c1,") && error.contains("c11, and 29 more)"), "{error}");
    // A long field is cut to an excerpt; a whole number too wide even for i128 is out of
    // range, not "not a whole number".
    let wide = "9".repeat(200);
    let path = temp_file(&dir, "wide.txt", format!("1 {wide}\n").as_bytes());
    let error = read_error(&path);
    assert!(error.starts_with(&format!("{}:1: size `{}...` must be", path.display(), "9".repeat(60))), "{error}");
    assert!(error.len() < 200, "{error}");
    let junk = format!("1 {}x\n", "a".repeat(200));
    let error = read_error(&temp_file(&dir, "junk.txt", junk.as_bytes()));
    assert!(error.contains(&format!("size `{}...` is not a whole number", "a".repeat(60))), "{error}");
}

#[test]
fn binary_records_are_checked_too() {
    let dir = trace_dir();
    let record =
        |id: u64, size: u32| [1u32.to_le_bytes().as_slice(), &id.to_le_bytes(), &size.to_le_bytes(), &[0; 8]].concat();
    let cut = [record(1, 10), record(2, 20)[..10].to_vec()].concat();
    let error = read_error(&temp_file(&dir, "cut.oracleGeneral", &cut));
    assert!(error.contains("record 2 (byte 24): the file ends 10 bytes into a 24-byte record"), "{error}");
    let zero = [record(1, 10), record(2, 0)].concat();
    let error = read_error(&temp_file(&dir, "zero.oracleGeneral", &zero));
    assert!(error.contains("record 2 (byte 24): size 0"), "{error}");
}

#[test]
fn empty_truncated_binary_missing_and_folder_inputs_are_clear_errors() {
    let dir = trace_dir();
    let empty = read_error(&temp_file(&dir, "empty.txt", b"# nothing but comments\n\n"));
    assert!(empty.contains("no requests"), "{empty}");

    let long: String = (0..20_000).map(|i| format!("{i} {}\n", 1 + i % 999)).collect();
    let gz = gzip(long.as_bytes());
    let truncated = read_error(&temp_file(&dir, "cut.txt.gz", &gz[..gz.len() / 2]));
    assert!(truncated.contains("cut.txt.gz:") && truncated.contains("truncated or corrupt .gz file"), "{truncated}");
    let zst = zstd(long.as_bytes());
    let truncated = read_error(&temp_file(&dir, "cut.txt.zst", &zst[..zst.len() / 2]));
    assert!(truncated.contains("cut.txt.zst:") && truncated.contains("truncated or corrupt .zst file"), "{truncated}");

    // A binary file read as text: said so, with the way to read a binary trace, and no
    // gzip hint (it is not a .gz file).
    let binary = read_error(&temp_file(&dir, "trace.bin", &[0x80, 0xff, 0x00, 0x10, b'\n']));
    assert!(binary.contains("trace.bin:1: not UTF-8 text") && binary.contains("oracle-general"), "{binary}");
    assert!(!binary.contains(".gz"), "{binary}");

    let folder = read_error(dir.path());
    assert!(folder.ends_with("is a directory, not a trace file") && !folder.contains(".gz"), "{folder}");

    let missing = read_error(Path::new("/nonexistent/trace.txt"));
    assert!(missing.starts_with("/nonexistent/trace.txt: cannot open"), "{missing}");
}
