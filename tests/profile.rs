//! Benchmark profiles: the shipped ones load; bad ones say what, where, and what to do.

use std::path::Path;

use wasm_script_bench::Error;
use wasm_script_bench::profile::{Profile, available_profiles};

#[test]
fn shipped_profiles_load() {
    let names = available_profiles();
    for required in ["default", "paper", "quick"] {
        assert!(names.iter().any(|n| n == required), "criterion-config/{required}.toml is missing");
    }
    for name in names {
        Profile::load(&name).unwrap_or_else(|e| panic!("{e}"));
    }
    assert_eq!(Profile::load("paper").unwrap().criterion.sample_size, 100, "the paper took 100 samples");
}

#[test]
fn an_unknown_profile_lists_the_available_ones() {
    let err = Profile::load("nope").unwrap_err();
    assert!(matches!(err, Error::UnknownProfile { .. }));
    let message = err.to_string();
    for expected in ["`nope`", "default", "quick", "paper", "BENCH_PROFILE"] {
        assert!(message.contains(expected), "{message}");
    }
}

const VALID: &str = r#"
[criterion]
sample_size = 10
warm_up_seconds = 0.5
measurement_seconds = 1.0
confidence_level = 0.95
noise_threshold = 0.01
significance_level = 0.05

[workload]
backends = ["wasmer-cranelift"]
"#;

fn parse_error(text: &str) -> String {
    Profile::parse(text, Path::new("criterion-config/mine.toml")).unwrap_err().to_string()
}

#[test]
fn bad_keys_types_and_values_name_the_file_and_the_key() {
    Profile::parse(VALID, Path::new("mine.toml")).unwrap();
    let cases = [
        (VALID.replace("sample_size", "samples"), "samples"),
        (VALID.replace("sample_size = 10", "sample_size = \"ten\""), "sample_size"),
        (VALID.replace("sample_size = 10", "sample_size = 3"), "sample_size = 3 must be at least 10"),
        (VALID.replace("confidence_level = 0.95", "confidence_level = 95.0"), "confidence_level"),
        (VALID.replace("measurement_seconds = 1.0", "measurement_seconds = 0.0"), "measurement_seconds"),
        (VALID.replace("\"wasmer-cranelift\"", "\"v8\""), "wasmtime-winch"),
        (
            VALID.replace("backends = [\"wasmer-cranelift\"]", "backends = []"),
            "backends is empty: list at least one of wasmer-singlepass, wasmer-cranelift, wasmer-llvm, \
             wasmtime-cranelift, wasmtime-winch",
        ),
        (VALID.replace("[workload]", "[workload]\ncolour = 1"), "colour"),
        (VALID.replace("sample_size = 10", "sample_size = 0"), "sample_size = 0 must be at least 10"),
        (format!("{VALID}cache_size = 0\n"), "cache_size = 0 must be at least 1 byte"),
        (format!("{VALID}cache_size = -4096\n"), "cache_size = -4096"),
        (format!("{VALID}batch_size = 0\n"), "batch_size must be at least 1"),
        (format!("{VALID}metering = []\n"), "metering is empty"),
        (format!("{VALID}metering = [\"gas\"]\n"), "metering lists \"none\", \"fuel\" and/or \"epoch\""),
        (format!("{VALID}deadline_milliseconds = 0\n"), "deadline_milliseconds must be at least 1"),
        (format!("{VALID}calls = []\n"), "calls is empty"),
        (format!("{VALID}calls = [\"threaded\"]\n"), "calls"),
        (format!("{VALID}[workload.generator]\nrequests = 10\n"), "[workload.generator] requests"),
        (format!("{VALID}[workload.generator]\nstack_model = \"lifo\"\n"), "static"),
        (format!("{VALID}[workload.generator]\ncorrelation = 2\n"), "must be -1, 0 or 1"),
    ];
    for (text, expected) in cases {
        let message = parse_error(&text);
        assert!(message.contains("criterion-config/mine.toml"), "no file named: {message}");
        assert!(message.contains(expected), "expected {expected:?} in: {message}");
    }
}

#[test]
fn metering_takes_names_and_the_booleans_of_older_profiles() {
    use wasm_script_bench::ids::Metering;
    use wasm_script_bench::runtime::Limit;
    let named = Profile::parse("[workload]\nmetering = [\"none\", \"epoch\"]\n", Path::new("p.toml")).unwrap();
    assert_eq!(named.workload.metering, [Metering::None, Metering::Epoch]);
    assert_eq!(named.metering(), [None, Some(Limit::Epoch(named.workload.deadline_milliseconds))]);
    let old = Profile::parse("[workload]\nmetering = [false, true]\n", Path::new("p.toml")).unwrap();
    assert_eq!(old.workload.metering, [Metering::None, Metering::Fuel]);
    assert_eq!(old.metering()[1], Some(Limit::Fuel(old.workload.fuel_per_call)));
}

#[test]
fn keys_a_profile_leaves_out_take_the_default_profiles_values() {
    let default = Profile::load("default").unwrap();
    let own = Profile::parse("[workload]\ncache_size = 1000\n", Path::new("mine.toml")).unwrap();
    assert_eq!(own.workload.cache_size, 1000);
    assert_eq!(own.criterion.sample_size, default.criterion.sample_size);
    assert_eq!(own.criterion.long_measurement_seconds, default.criterion.long_measurement_seconds);
    assert_eq!(own.workload.guest_opts, default.workload.guest_opts);
    // A table is overlaid key by key: one changed key keeps the table's others.
    let own = Profile::parse("[criterion]\nsample_size = 12\n", Path::new("mine.toml")).unwrap();
    assert_eq!((own.criterion.sample_size, own.criterion.confidence_level), (12, default.criterion.confidence_level));
    let empty = Profile::parse("", Path::new("empty.toml")).unwrap();
    assert_eq!(empty.criterion.sample_size, default.criterion.sample_size);
}

#[test]
fn a_trace_is_a_path_or_a_table_with_its_format() {
    use wasm_script_bench::workload::{TraceFile, TraceFormat, TraceSource};
    let path = Profile::parse("[workload]\ntrace = \"t.txt.gz\"\n", Path::new("p.toml")).unwrap();
    assert_eq!(path.workload.trace_source(), TraceSource::File(TraceFile::new("t.txt.gz")));
    let table = "[workload.trace]\npath = \"kv.csv\"\nformat = \"csv\"\nid_column = \"key\"\n";
    let table = Profile::parse(table, Path::new("p.toml")).unwrap();
    let expected =
        TraceFile { id_column: Some("key".into()), ..TraceFile::new("kv.csv").with_format(TraceFormat::Csv) };
    assert_eq!(table.workload.trace_source(), TraceSource::File(expected));
    let bad = "[workload.trace]\npath = \"t\"\nformat = \"parquet\"\n";
    let message = parse_error(bad);
    assert!(message.contains("parquet") && message.contains("oracle-general"), "{message}");
}

#[test]
fn a_missing_profile_file_is_named() {
    let message = Profile::load("/nonexistent/profile.toml").unwrap_err().to_string();
    assert!(message.contains("/nonexistent/profile.toml") && message.contains("cannot read"), "{message}");
}

#[test]
fn the_paired_placement_keys_are_checked_with_what_to_do() {
    use wasm_script_bench::paired::placement::Placement;
    let own = Profile::parse("[paired]\nsamples = 20\nplacement = \"none\"\n", Path::new("p.toml")).unwrap();
    assert_eq!((own.paired.samples, own.paired.placement), (20, Placement::None));
    let message = parse_error("[paired]\nsamples = 5\n");
    assert!(
        message.contains("mine.toml") && message.contains("samples = 5") && message.contains("between 10"),
        "{message}"
    );
    let message = parse_error("[paired]\nworker_timeout_seconds = 0.0\n");
    assert!(message.contains("worker_timeout_seconds = 0") && message.contains("positive"), "{message}");
    let message = parse_error("[paired]\nplacement = \"thread\"\n");
    assert!(message.contains("placement") && message.contains("process") && message.contains("none"), "{message}");
}
