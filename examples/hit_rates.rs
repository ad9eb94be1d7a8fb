//! Object and byte hit rates of every policy against cache size (the paper's Figure 6),
//! on a trace of your own or on the trace of a benchmark profile. The (policy x size)
//! points run in parallel; the table goes to stdout and a CSV file beside it.
//!
//!     cargo run --release --example hit_rates                                  # the default profile's trace
//!     cargo run --release --example hit_rates -- --trace my.csv.zst --sizes 64MiB,1GiB,8GiB
//!     cargo run --release --example hit_rates -- --trace t.oracleGeneral.zst --policies lru,lfu --csv out.csv

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};
use wasm_script_bench::experiments::sim::{PolicyKind, hit_rate_curve_with, paper_cache_sizes};
use wasm_script_bench::profile::Profile;
use wasm_script_bench::units::{parse_size, size_label};
use wasm_script_bench::workload::{TraceFile, TraceFormat, TraceSource};

/// Simulates FIFO, LRU, LFU and GD-Size over a trace and prints their object and byte
/// hit rates against cache size (the paper's Figure 6).
// The doc comment above is the help's description; `about` alone would print the
// crate's instead.
#[derive(Parser)]
#[command(long_about = None)]
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

/// `--csv PATH` made ready to write, before the long run: its folder exists (created if
/// need be) and the path itself is not a folder. Otherwise one line saying what is wrong
/// and to choose another path.
pub fn prepare_csv_path(path: &Path) -> Result<(), String> {
    let shown = path.display();
    let refuse = |why: String| format!("cannot write --csv {shown}: {why}; choose another --csv path");
    if path.as_os_str().is_empty() {
        return Err("--csv is empty: give the path of the CSV file to write".into());
    }
    if path.is_dir() || path.as_os_str().to_string_lossy().ends_with(std::path::is_separator) {
        return Err(refuse("that is a folder, and the CSV needs a file name".into()));
    }
    let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) else {
        return Ok(());
    };
    // The nearest part of the path that exists must be a folder: below a file,
    // create_dir_all says only "File exists (os error 17)".
    for existing in folder.ancestors().filter(|a| !a.as_os_str().is_empty()) {
        match fs::metadata(existing) {
            Ok(metadata) if metadata.is_dir() => break,
            Ok(_) => return Err(refuse(format!("{} is a file, not a folder", existing.display()))),
            Err(_) if fs::symlink_metadata(existing).is_ok() => {
                return Err(refuse(format!("{} is a broken symbolic link", existing.display())));
            }
            Err(_) => {}
        }
    }
    fs::create_dir_all(folder).map_err(|e| refuse(format!("cannot create the folder {}: {e}", folder.display())))
}

/// A failure to write the CSV, in the words of [`prepare_csv_path`].
fn cannot_write(path: &Path, error: impl std::fmt::Display) -> String {
    format!("cannot write --csv {}: {error}; choose another --csv path", path.display())
}

fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    // Checked before the trace loads and the simulation runs, so a bad path costs no wait.
    prepare_csv_path(&args.csv)?;
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
    let cannot_write = |e: &dyn std::fmt::Display| cannot_write(&args.csv, e);
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
    ])
    .map_err(|e| cannot_write(&e))?;
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
        ])
        .map_err(|e| cannot_write(&e))?;
    }
    csv.flush().map_err(|e| cannot_write(&e))?;
    eprintln!("wrote {}", args.csv.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_line(result: Result<(), String>) -> String {
        let message = result.unwrap_err();
        assert_eq!(message.lines().count(), 1, "{message}");
        message
    }

    #[test]
    fn a_csv_path_below_a_file_names_the_file_and_the_way_out() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("somefile.txt");
        fs::write(&file, "not a folder").unwrap();
        for csv in [file.join("out.csv"), file.join("deeper/still/out.csv")] {
            let message = one_line(prepare_csv_path(&csv));
            assert_eq!(
                message,
                format!(
                    "cannot write --csv {}: {} is a file, not a folder; choose another --csv path",
                    csv.display(),
                    file.display()
                )
            );
        }
        assert!(file.is_file(), "the file is left alone");
    }

    #[test]
    fn a_csv_path_that_is_a_folder_or_empty_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let message = one_line(prepare_csv_path(dir.path()));
        assert!(message.contains("that is a folder") && message.ends_with("choose another --csv path"), "{message}");
        let slash = PathBuf::from(format!("{}/new/", dir.path().display()));
        let message = one_line(prepare_csv_path(&slash));
        assert!(message.contains("that is a folder"), "{message}");
        assert!(one_line(prepare_csv_path(Path::new(""))).contains("--csv is empty"));
    }

    #[cfg(unix)]
    #[test]
    fn a_broken_link_in_the_csv_path_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("gone");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &link).unwrap();
        let message = one_line(prepare_csv_path(&link.join("out.csv")));
        assert!(message.contains(&format!("{} is a broken symbolic link", link.display())), "{message}");
    }

    #[test]
    fn missing_folders_are_created_and_a_plain_name_needs_none() {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("a/b/out.csv");
        prepare_csv_path(&csv).unwrap();
        assert!(csv.parent().unwrap().is_dir());
        assert!(!csv.exists(), "the file itself is written after the run");
        prepare_csv_path(Path::new("hit-rates.csv")).unwrap();
    }
}
