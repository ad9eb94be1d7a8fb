//! SVG charts of the paper's figures, drawn with plotters.

use std::path::{Path, PathBuf};

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::summary::{Summary, duration};
use super::{Experiment, PHASES};
use crate::sim::{HitRatePoint, PolicyKind, parse_cache_size};
use crate::{Error, Result};

/// Every chart the results allow; returns the files written.
pub(super) fn draw_all(summary: &Summary, hit_rates: Option<&[HitRatePoint]>, dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    // Figures 3-4: per-call time of each configuration, bars per backend.
    for (host, opt) in summary.micro_groups() {
        let configs = Summary::micro_configs();
        let series: Vec<Series> = summary
            .backends_in(Experiment::Micro, host)
            .into_iter()
            .map(|b| (b.to_owned(), configs.iter().map(|c| summary.micro(host, &b, opt, c).map(|e| e.mean)).collect()))
            .collect();
        let path = dir.join(format!("micro-{host}-{opt}.svg"));
        bars(&path, &format!("Time per call ({host}, {opt})"), "ns per call", &configs, &series, Scale::Linear)?;
        files.push(path);
    }
    // Figure 5: the JIT phases per backend (log scale: ms to µs).
    for host in summary.compile_hosts() {
        let inputs = summary.compile_inputs(host);
        let categories: Vec<String> =
            PHASES.iter().flat_map(|p| inputs.iter().map(move |i| format!("{p} {i}"))).collect();
        let series: Vec<Series> = summary
            .backends_in(Experiment::Compile, host)
            .into_iter()
            .map(|b| {
                let values = categories
                    .iter()
                    .map(|c| {
                        let (phase, input) = c.split_once(' ').unwrap_or_default();
                        summary.compile(host, &b, phase, input).map(|e| e.mean)
                    })
                    .collect();
                (b.to_owned(), values)
            })
            .collect();
        let path = dir.join(format!("compile-{host}.svg"));
        bars(&path, &format!("JIT phases ({host})"), "time (log scale)", &categories, &series, Scale::LogDuration)?;
        files.push(path);
    }
    // Figure 7: seconds per trace, per backend; bars per policy.
    for (host, opt) in summary.simulator_groups() {
        for backend in summary.backends_in(Experiment::Simulator, host) {
            let scenarios = Summary::scenarios();
            let series: Vec<Series> = PolicyKind::ALL
                .iter()
                .map(|p| {
                    let values = scenarios
                        .iter()
                        .map(|s| summary.simulator(host, p.name(), &backend, opt, s).map(|e| e.mean / 1e9))
                        .collect();
                    (p.name().to_owned(), values)
                })
                .collect();
            let path = dir.join(format!("simulator-{host}-{backend}-{opt}.svg"));
            let title = format!("Simulator, seconds per trace ({backend}, {host}, {opt})");
            bars(&path, &title, "seconds per trace", &scenarios, &series, Scale::Linear)?;
            files.push(path);
        }
    }
    // The native baselines against cache size.
    for host in summary.native_sim_hosts() {
        let caches = summary.native_sim_caches(host);
        let series: Vec<SizeSeries> = PolicyKind::ALL
            .iter()
            .map(|&policy| {
                let line = caches.iter().filter_map(|cache| {
                    Some((parse_cache_size(cache).ok()?, summary.native_sim_rate(host, policy, cache)?))
                });
                (policy.name().to_owned(), line.collect())
            })
            .collect();
        let path = dir.join(format!("simulator-native-{host}.svg"));
        native_sim_chart(&path, &format!("Native simulator throughput against cache size ({host})"), &series)?;
        files.push(path);
    }
    // Figure 6: hit rates against cache size.
    if let Some(points) = hit_rates.filter(|p| !p.is_empty()) {
        let path = dir.join("hit-rates.svg");
        hit_rate_chart(&path, points)?;
        files.push(path);
    }
    remove_stale(dir, &files)?;
    Ok(files)
}

/// How the names `draw_all` gives its charts begin.
const CHART_NAME_STARTS: [&str; 4] = ["micro-", "compile-", "simulator-", "hit-rates"];

/// Deletes the charts an earlier report left in `dir` that this one did not draw (a
/// backend or guest no longer in the results), so the folder shows one run only.
/// Only SVG files named like `draw_all`'s are touched.
fn remove_stale(dir: &Path, drawn: &[PathBuf]) -> Result<()> {
    let cannot = |e: std::io::Error| Error::Report { message: format!("cannot clean {}: {e}", dir.display()) };
    for entry in std::fs::read_dir(dir).map_err(cannot)? {
        let path = entry.map_err(cannot)?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let is_chart = name.ends_with(".svg") && CHART_NAME_STARTS.iter().any(|start| name.starts_with(start));
        if is_chart && !drawn.contains(&path) {
            std::fs::remove_file(&path).map_err(cannot)?;
        }
    }
    Ok(())
}

/// A named row of values, one per category (`None`: missing).
type Series = (String, Vec<Option<f64>>);

#[derive(Clone, Copy, PartialEq)]
enum Scale {
    Linear,
    /// Values in ns, drawn on a log10 axis labelled as durations.
    LogDuration,
}

fn draw_error(path: &Path, e: impl std::fmt::Debug) -> Error {
    Error::Report { message: format!("cannot draw {}: {e:?}", path.display()) }
}

type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The series legend, placed where the charts leave room for it.
fn draw_legend<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .draw()
}

/// Horizontal grouped bars: one group per category, one bar per series.
fn bars(path: &Path, title: &str, x_desc: &str, categories: &[String], series: &[Series], scale: Scale) -> Result<()> {
    let fail = |e| draw_error(path, e);
    let to_x = |v: f64| match scale {
        Scale::Linear => v,
        Scale::LogDuration => v.max(1.0).log10(),
    };
    let values = series.iter().flat_map(|(_, v)| v.iter().flatten().copied());
    let max = values.clone().map(to_x).fold(0.0_f64, f64::max).max(1e-9) * 1.08;
    let min = match scale {
        Scale::Linear => 0.0,
        Scale::LogDuration => values.map(to_x).fold(f64::INFINITY, f64::min).floor().min(max - 1.0),
    };
    let row_height = 10 + 9 * series.len() as u32;
    let height = 120 + row_height * categories.len() as u32;
    let root = SVGBackend::new(path, (1100, height)).into_drawing_area();
    root.fill(&WHITE).map_err(fail)?;
    let label_width = 330;
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(label_width)
        .build_cartesian_2d(min..max, 0.0..categories.len() as f64)
        .map_err(fail)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_desc(x_desc)
        .x_label_formatter(&|x| match scale {
            Scale::Linear => format!("{x:.3}").trim_end_matches('0').trim_end_matches('.').to_owned(),
            Scale::LogDuration => duration(10f64.powf(*x)),
        })
        .draw()
        .map_err(fail)?;
    let bar = 0.8 / series.len().max(1) as f64;
    for (index, (name, values)) in series.iter().enumerate() {
        let color = Palette99::pick(index).to_rgba();
        // Category 0 at the top, as the tables read.
        let rects = values.iter().enumerate().filter_map(|(row, value)| {
            let top = (categories.len() - row) as f64 - 0.1 - bar * index as f64;
            value.map(|v| Rectangle::new([(min, top - bar), (to_x(v), top)], color.filled()))
        });
        chart
            .draw_series(rects)
            .map_err(fail)?
            .label(name.as_str())
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], color.filled()));
    }
    draw_legend(&mut chart).map_err(fail)?;
    let style = TextStyle::from(("sans-serif", 12)).pos(Pos::new(HPos::Right, VPos::Center));
    for (row, category) in categories.iter().enumerate() {
        let (x, y) = chart.backend_coord(&(min, (categories.len() - row) as f64 - 0.5));
        root.draw(&Text::new(category.as_str(), (x - 6, y), style.clone())).map_err(fail)?;
    }
    root.present().map_err(fail)
}

/// One line of a chart over cache sizes: a name and (cache bytes, value) points.
type SizeSeries = (String, Vec<(i64, f64)>);

/// Object and byte hit rate against cache size, a line per policy (log2 x axis).
fn hit_rate_chart(path: &Path, points: &[HitRatePoint]) -> Result<()> {
    let fail = |e| draw_error(path, e);
    let root = SVGBackend::new(path, (1100, 450)).into_drawing_area();
    root.fill(&WHITE).map_err(fail)?;
    let panels = root.split_evenly((1, 2));
    for (panel, (title, rate)) in panels.iter().zip([
        (
            "Object hit rate against cache size",
            (|p: &HitRatePoint| p.stats.object_hit_rate()) as fn(&HitRatePoint) -> f64,
        ),
        ("Byte hit rate against cache size", |p: &HitRatePoint| p.stats.byte_hit_rate()),
    ]) {
        let series: Vec<SizeSeries> = PolicyKind::ALL
            .iter()
            .map(|policy| {
                let line = points.iter().filter(|p| p.policy == *policy).map(|p| (p.cache_bytes, 100.0 * rate(p)));
                (policy.name().to_owned(), line.collect())
            })
            .collect();
        size_lines(panel, title, "%", 100.0, &series).map_err(fail)?;
    }
    root.present().map_err(fail)
}

/// Requests per second of each policy natively against cache size.
fn native_sim_chart(path: &Path, title: &str, series: &[SizeSeries]) -> Result<()> {
    let fail = |e| draw_error(path, e);
    let root = SVGBackend::new(path, (900, 450)).into_drawing_area();
    root.fill(&WHITE).map_err(fail)?;
    let top = series.iter().flat_map(|(_, line)| line.iter().map(|p| p.1)).fold(0.0, f64::max) * 1.1;
    size_lines(&root, title, "million requests per second", top.max(1.0), series).map_err(fail)?;
    root.present().map_err(fail)
}

/// Lines over cache size (log2 x axis, labelled in MiB/GiB) from 0 to `y_max`.
fn size_lines<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    title: &str,
    y_desc: &str,
    y_max: f64,
    series: &[SizeSeries],
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let log2_mib = |bytes: i64| ((bytes as f64) / (1u64 << 20) as f64).log2();
    let xs = series.iter().flat_map(|(_, line)| line.iter().map(|p| log2_mib(p.0)));
    let (lo, hi) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| (lo.min(x), hi.max(x)));
    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(lo..hi.max(lo + 1.0), 0.0..y_max)?;
    chart
        .configure_mesh()
        .x_desc("cache size")
        .y_desc(y_desc)
        .x_label_formatter(&|x| {
            let mib = 2f64.powf(*x);
            if mib >= 1024.0 { format!("{:.0} GiB", mib / 1024.0) } else { format!("{mib:.0} MiB") }
        })
        .draw()?;
    for (index, (name, line)) in series.iter().enumerate() {
        let color = Palette99::pick(index).to_rgba();
        let points: Vec<(f64, f64)> = line.iter().map(|&(bytes, value)| (log2_mib(bytes), value)).collect();
        chart
            .draw_series(LineSeries::new(points, color.stroke_width(2)))?
            .label(name.as_str())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 14, y)], color.stroke_width(2)));
    }
    draw_legend(&mut chart)
}
