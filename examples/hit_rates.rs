//! Object and byte hit rates of every policy against cache size (the paper's Figure 6),
//! on a trace of your own or on the trace of a benchmark profile. The (policy x size)
//! points run in parallel; the table goes to stdout and a CSV file beside it.
//!
//!     cargo run --release --example hit_rates                                  # the default profile's trace
//!     cargo run --release --example hit_rates -- --trace my.csv.zst --sizes 64MiB,1GiB,8GiB
//!     cargo run --release --example hit_rates -- --trace t.oracleGeneral.zst --policies lru,lfu --csv out.csv

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};
use wasm_script_bench::experiments::sim::{PolicyKind, hit_rate_curve_with, paper_cache_sizes};
use wasm_script_bench::profile::Profile;
use wasm_script_bench::units::{parse_size, size_label};
use wasm_script_bench::workload::{TraceFile, TraceFormat, TraceSource};

/// Hit rates of FIFO, LRU, LFU and GD-Size against cache size.
#[derive(Parser)]
#[command(about, long_about = None)]
struct Args {
    /// A trace file (plain, .gz or .zst). Without it, the trace of the benchmark profile
    /// BENCH_PROFILE names (default: the generated default trace).
    #[arg(long)]
    trace: Option<PathBuf>,
    /// The trace's format: id-size, time-id-size, csv or oracle-general. Default: by the
    /// name (`oracleGeneral` in it: binary; .csv: CSV with a header) and, for text, by
    /// the column count of the first request.
    #[arg(long, value_parser = clap::value_parser!(TraceFormat))]
    format: Option<TraceFormat>,
    /// CSV: the id column's name (default: id or obj_id).
    #[arg(long)]
    id_column: Option<String>,
    /// CSV: the size column's name (default: size or obj_size).
    #[arg(long)]
    size_column: Option<String>,
    /// Cache sizes, comma-separated: 4MiB,64MiB,1GiB (B, KiB, MiB, GiB, TiB). Default: the
    /// paper's, 4 MiB doubling to 8 GiB.
    #[arg(long, value_delimiter = ',', value_parser = parse_size)]
    sizes: Option<Vec<i64>>,
    /// Policies, comma-separated (fifo, lru, lfu, gdsize). Default: all four.
    #[arg(long, value_delimiter = ',', value_parser = parse_policy)]
    policies: Option<Vec<PolicyKind>>,
    /// Where to write the CSV.
    #[arg(long, default_value = "target/hit-rates.csv")]
    csv: PathBuf,
    /// Worker threads (default: one per core).
    #[arg(long)]
    threads: Option<usize>,
}

fn parse_policy(name: &str) -> Result<PolicyKind, String> {
    PolicyKind::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = PolicyKind::ALL.iter().map(|p| p.name()).collect();
        format!("unknown policy `{name}`: use {}", names.join(", "))
    })
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let source = match args.trace {
        Some(path) => TraceSource::File(TraceFile {
            path,
            format: args.format,
            id_column: args.id_column,
            size_column: args.size_column,
        }),
        None if args.format.is_some() || args.id_column.is_some() || args.size_column.is_some() => {
            return Err("--format, --id-column and --size-column describe a --trace file; give one".into());
        }
        None => Profile::from_env()?.workload.trace_source(),
    };
    let started = Instant::now();
    let trace = source.load()?;
    let origin = match &source {
        TraceSource::File(file) => file.path.display().to_string(),
        TraceSource::Generated(params) => format!("the generator (seed {})", params.seed),
    };
    eprintln!(
        "{} requests to {} objects from {origin}, loaded in {:.1} s",
        trace.requests.len(),
        trace.objects,
        started.elapsed().as_secs_f64()
    );
    let sizes = args.sizes.unwrap_or_else(paper_cache_sizes);
    let policies = args.policies.unwrap_or_else(|| PolicyKind::ALL.to_vec());

    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(threads) = args.threads {
        pool = pool.num_threads(threads);
    }
    let pool = pool.build()?;
    let progress = ProgressBar::new((sizes.len() * policies.len()) as u64);
    progress.set_style(ProgressStyle::with_template("{msg} {wide_bar} {pos}/{len} points, {eta} left")?);
    progress.set_message(format!("simulating on {} threads", pool.current_num_threads()));
    let started = Instant::now();
    let points = pool.install(|| hit_rate_curve_with(&trace.requests, &policies, &sizes, |_| progress.inc(1)))?;
    progress.finish_and_clear();
    eprintln!("{} points in {:.1} s", points.len(), started.elapsed().as_secs_f64());

    println!("{:<8} {:>10} {:>16} {:>14}", "policy", "cache", "object hit rate", "byte hit rate");
    let cannot_write = |e: &dyn std::fmt::Display| format!("cannot write {}: {e}", args.csv.display());
    if let Some(folder) = args.csv.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).map_err(|e| cannot_write(&e))?;
    }
    let mut csv = csv::Writer::from_path(&args.csv).map_err(|e| cannot_write(&e))?;
    csv.write_record([
        "policy",
        "cache_bytes",
        "requests",
        "hits",
        "bytes_requested",
        "bytes_hit",
        "object_hit_rate",
        "byte_hit_rate",
    ])?;
    for point in &points {
        let stats = point.stats;
        println!(
            "{:<8} {:>10} {:>15.2}% {:>13.2}%",
            point.policy.name(),
            size_label(point.cache_bytes),
            100.0 * stats.object_hit_rate(),
            100.0 * stats.byte_hit_rate()
        );
        csv.write_record([
            point.policy.name().to_owned(),
            point.cache_bytes.to_string(),
            stats.requests.to_string(),
            stats.hits.to_string(),
            stats.bytes_requested.to_string(),
            stats.bytes_hit.to_string(),
            format!("{:.6}", stats.object_hit_rate()),
            format!("{:.6}", stats.byte_hit_rate()),
        ])?;
    }
    csv.flush()?;
    eprintln!("wrote {}", args.csv.display());
    Ok(())
}
