//! SVG charts of the paper's figures and of the measurements beyond it, drawn with
//! plotters. Bars carry whiskers for their confidence interval.

use std::path::{Path, PathBuf};

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::boundary::gbps;
use super::summary::{Summary, duration};
use super::{Estimate, Experiment, PHASES};
use crate::experiments::hostcall::HostCall;
use crate::experiments::lifecycle::{Handler, Strategy};
use crate::experiments::payload::{PAYLOAD_SIZES, PayloadAbi};
use crate::experiments::sim::{HitRatePoint, PolicyKind};
use crate::runtime::HostFnStyle;
use crate::units::parse_size;
use crate::{Error, Result};

/// A chart written, and what it shows (the heading `index.html` gives it).
pub(super) struct ChartFile {
    pub path: PathBuf,
    pub title: String,
}

/// Every chart the results allow.
pub(super) fn draw_all(summary: &Summary, hit_rates: Option<&[HitRatePoint]>, dir: &Path) -> Result<Vec<ChartFile>> {
    let mut charts = Vec::new();
    let mut add = |name: String, title: String, draw: &dyn Fn(&Path, &str) -> Result<()>| -> Result<()> {
        let path = dir.join(name);
        draw(&path, &title)?;
        charts.push(ChartFile { path, title });
        Ok(())
    };
    // Figures 3-4: per-call time of each configuration, bars per backend.
    for (host, opt) in summary.micro_groups() {
        let configs = Summary::micro_configs();
        let series: Vec<Series> = summary
            .backends_in(Experiment::Micro, host)
            .into_iter()
            .map(|b| {
                let bars = configs.iter().map(|c| summary.micro(host, &b, opt, c).map(|e| Bar::time(e, 1.0))).collect();
                (b, bars)
            })
            .collect();
        let title = format!("Time per call into the guest ({host}, {opt})");
        add(format!("micro-{host}-{opt}.svg"), title, &|path, title| {
            bars(path, title, "ns per call", &configs, &series, Scale::Linear)
        })?;
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
                let bars = categories
                    .iter()
                    .map(|c| {
                        let (phase, input) = c.split_once(' ').unwrap_or_default();
                        summary.compile(host, &b, phase, input).map(|e| Bar::time(e, 1.0))
                    })
                    .collect();
                (b, bars)
            })
            .collect();
        let title = format!("Compile, instantiate and load a cached artifact ({host})");
        add(format!("compile-{host}.svg"), title, &|path, title| {
            bars(path, title, "time (log scale)", &categories, &series, Scale::LogDuration)
        })?;
    }
    // Figure 7: seconds per trace, per backend; bars per policy.
    for (host, opt) in summary.simulator_groups() {
        for backend in summary.backends_in(Experiment::Simulator, host) {
            let scenarios = Summary::scenarios();
            let series: Vec<Series> = PolicyKind::ALL
                .iter()
                .map(|p| {
                    let bars = scenarios
                        .iter()
                        .map(|s| summary.simulator(host, p.name(), &backend, opt, s).map(|e| Bar::time(e, 1e9)))
                        .collect();
                    (p.name().to_owned(), bars)
                })
                .collect();
            let title = format!("Cache simulator, seconds per trace, on {backend} ({host}, {opt})");
            add(format!("simulator-{host}-{backend}-{opt}.svg"), title, &|path, title| {
                bars(path, title, "seconds per trace", &scenarios, &series, Scale::Linear)
            })?;
        }
    }
    // The native baselines against cache size.
    for host in summary.native_sim_hosts() {
        let caches = summary.native_sim_caches(host);
        let series: Vec<Line> = PolicyKind::ALL
            .iter()
            .map(|&policy| {
                let points = caches.iter().filter_map(|cache| {
                    Some((parse_size(cache).ok()? as f64, summary.native_sim_rate(host, policy, cache)?))
                });
                Line::solid(policy.name(), policy as usize, points.collect())
            })
            .collect();
        let title = format!("Native simulator throughput against cache size ({host})");
        add(format!("simulator-native-{host}.svg"), title, &|path, title| {
            lines(path, title, &Axes::cache_sizes("million requests per second"), &series)
        })?;
    }
    // Figure 6: hit rates against cache size.
    if let Some(points) = hit_rates.filter(|p| !p.is_empty()) {
        let title = "Object and byte hit rate against cache size".to_owned();
        add("hit-rates.svg".into(), title, &|path, _| hit_rate_chart(path, points))?;
    }
    // Beyond the paper: calls out of the guest, payloads, an instance per request.
    for (host, opt) in summary.hostcall_groups() {
        let calls = HostCall::all();
        let categories: Vec<String> =
            calls.iter().flat_map(|c| HostFnStyle::ALL.map(move |s| format!("{c}-{s}"))).collect();
        let native: Vec<Option<Bar>> = calls
            .iter()
            .flat_map(|&c| HostFnStyle::ALL.map(move |_| c))
            .map(|c| summary.hostcall_native(host, opt, c).map(|e| Bar::time(e, 1.0)))
            .collect();
        let series: Vec<Series> = std::iter::once(("native".to_owned(), native))
            .chain(summary.backends_in(Experiment::HostCall, host).into_iter().map(|b| {
                let bars = categories.iter().map(|c| summary.hostcall(host, &b, opt, c).map(|e| Bar::time(e, 1.0)));
                let bars = bars.collect();
                (b, bars)
            }))
            .collect();
        let title = format!("Time per call from the guest into the host ({host}, {opt})");
        add(format!("hostcall-{host}-{opt}.svg"), title, &|path, title| {
            bars(path, title, "ns per call", &categories, &series, Scale::Linear)
        })?;
    }
    for (host, direction) in summary.payload_groups() {
        for backend in summary.backends_in(Experiment::Payload, host) {
            let rate =
                |route: String, bytes: usize| summary.payload(host, direction, bytes, &route)?.bytes_per_second();
            let mut series = vec![Line::solid(
                "memcpy (floor)",
                0,
                PAYLOAD_SIZES.iter().filter_map(|&b| Some((b as f64, rate("memcpy".into(), b)? / 1e9))).collect(),
            )];
            for (index, abi) in PayloadAbi::ALL.into_iter().enumerate() {
                let points = |route: &str| {
                    let route = format!("{route}/{abi}");
                    PAYLOAD_SIZES.iter().filter_map(|&b| Some((b as f64, rate(route.clone(), b)? / 1e9))).collect()
                };
                series.push(Line::solid(&format!("{abi}"), index + 1, points(&backend)));
                series.push(Line::dashed(&format!("{abi} native"), index + 1, points("native")));
            }
            let title = format!("Payload throughput {direction} on {backend} ({host})");
            add(format!("payload-{host}-{direction}-{backend}.svg"), title, &|path, title| {
                lines(path, title, &Axes::payload_sizes(), &series)
            })?;
        }
    }
    for host in summary.lifecycle_hosts() {
        let categories: Vec<String> =
            Handler::ALL.iter().flat_map(|h| Strategy::ALL.map(move |s| format!("{} {s}", h.guest().name))).collect();
        let series: Vec<Series> = summary
            .backends_in(Experiment::Lifecycle, host)
            .into_iter()
            .map(|b| {
                let bars = Handler::ALL.iter().flat_map(|h| Strategy::ALL.map(move |s| (h.guest().name, s)));
                let bars = bars.map(|(guest, s)| summary.lifecycle(host, &b, guest, s).map(|e| Bar::rate(e, 1.0)));
                let bars = bars.collect();
                (b, bars)
            })
            .collect();
        let title = format!("Requests per second with an instance per request ({host})");
        // Log scale: a live instance answers 100x faster than a fresh one.
        add(format!("lifecycle-{host}.svg"), title, &|path, title| {
            bars(path, title, "requests per second (log scale)", &categories, &series, Scale::LogCount)
        })?;
    }
    let paths: Vec<PathBuf> = charts.iter().map(|c| c.path.clone()).collect();
    remove_stale(dir, &paths)?;
    Ok(charts)
}

/// How the names `draw_all` gives its charts begin.
const CHART_NAME_STARTS: [&str; 7] =
    ["micro-", "compile-", "simulator-", "hit-rates", "hostcall-", "payload-", "lifecycle-"];

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

/// One bar: a value and the ends of its confidence interval, in the chart's unit.
#[derive(Clone, Copy, Debug)]
struct Bar {
    value: f64,
    low: f64,
    high: f64,
}

impl Bar {
    /// A time: ns per iteration divided by `unit`.
    fn time(e: Estimate, unit: f64) -> Bar {
        Bar { value: e.mean / unit, low: e.lower / unit, high: e.upper / unit }
    }

    /// A rate: iterations per second times `scale` (the interval's ends swap).
    fn rate(e: Estimate, scale: f64) -> Bar {
        Bar { value: 1e9 / e.mean * scale, low: 1e9 / e.upper * scale, high: 1e9 / e.lower * scale }
    }
}

/// A named row of bars, one per category (`None`: missing).
type Series = (String, Vec<Option<Bar>>);

#[derive(Clone, Copy, PartialEq)]
enum Scale {
    Linear,
    /// Values in ns, drawn on a log10 axis labelled as durations.
    LogDuration,
    /// Counts drawn on a log10 axis (rates that span orders of magnitude).
    LogCount,
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

/// Horizontal grouped bars: one group per category, one bar per series, each with a
/// whisker over its confidence interval.
fn bars(path: &Path, title: &str, x_desc: &str, categories: &[String], series: &[Series], scale: Scale) -> Result<()> {
    let fail = |e| draw_error(path, e);
    let to_x = |v: f64| match scale {
        Scale::Linear => v,
        Scale::LogDuration | Scale::LogCount => v.max(1.0).log10(),
    };
    let values = series.iter().flat_map(|(_, v)| v.iter().flatten().flat_map(|b| [b.value, b.high]));
    // A third more room on the right than the longest bar needs: the legend goes there.
    let max = values.clone().map(to_x).fold(0.0_f64, f64::max).max(1e-9) * 1.35;
    let min = match scale {
        Scale::Linear => 0.0,
        Scale::LogDuration | Scale::LogCount => values.map(to_x).fold(f64::INFINITY, f64::min).floor().min(max - 1.0),
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
        .x_desc(format!("{x_desc}; whiskers: confidence interval"))
        .x_label_formatter(&|x| match scale {
            Scale::Linear => format!("{x:.3}").trim_end_matches('0').trim_end_matches('.').to_owned(),
            Scale::LogDuration => duration(10f64.powf(*x)),
            Scale::LogCount => count(10f64.powf(*x)),
        })
        .draw()
        .map_err(fail)?;
    let bar = 0.8 / series.len().max(1) as f64;
    for (index, (name, values)) in series.iter().enumerate() {
        let color = Palette99::pick(index).to_rgba();
        // Category 0 at the top, as the tables read.
        let top = |row: usize| (categories.len() - row) as f64 - 0.1 - bar * index as f64;
        let present = || values.iter().enumerate().filter_map(|(row, value)| value.map(|b| (top(row), b)));
        let rects = present().map(|(top, b)| Rectangle::new([(min, top - bar), (to_x(b.value), top)], color.filled()));
        chart
            .draw_series(rects)
            .map_err(fail)?
            .label(name.as_str())
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], color.filled()));
        let whiskers = present().map(|(top, b)| {
            let middle = top - bar / 2.0;
            PathElement::new(vec![(to_x(b.low), middle), (to_x(b.high), middle)], BLACK.stroke_width(1))
        });
        chart.draw_series(whiskers).map_err(fail)?;
    }
    draw_legend(&mut chart).map_err(fail)?;
    let style = TextStyle::from(("sans-serif", 12)).pos(Pos::new(HPos::Right, VPos::Center));
    for (row, category) in categories.iter().enumerate() {
        let (x, y) = chart.backend_coord(&(min, (categories.len() - row) as f64 - 0.5));
        root.draw(&Text::new(category.as_str(), (x - 6, y), style.clone())).map_err(fail)?;
    }
    root.present().map_err(fail)
}

/// A line of (x, y) points; lines sharing a palette index share a colour.
struct Line {
    name: String,
    color: usize,
    dashed: bool,
    points: Vec<(f64, f64)>,
}

impl Line {
    fn solid(name: &str, color: usize, points: Vec<(f64, f64)>) -> Line {
        Line { name: name.to_owned(), color, dashed: false, points }
    }

    fn dashed(name: &str, color: usize, points: Vec<(f64, f64)>) -> Line {
        Line { name: name.to_owned(), color, dashed: true, points }
    }
}

/// A line chart's axes: x is always logarithmic (sizes); y linear from 0 or log10.
struct Axes {
    x_desc: &'static str,
    x_label: fn(f64) -> String,
    y_desc: &'static str,
    y_log: bool,
    y_label: fn(f64) -> String,
}

impl Axes {
    /// Cache sizes (log2 steps) against a value from 0.
    fn cache_sizes(y_desc: &'static str) -> Axes {
        Axes { x_desc: "cache size", x_label: mib_label, y_desc, y_log: false, y_label: |y| format!("{y:.0}") }
    }

    /// Payload sizes against GB/s, both logarithmic.
    fn payload_sizes() -> Axes {
        Axes {
            x_desc: "payload size",
            x_label: |bytes| crate::units::size_label(bytes.round() as i64),
            y_desc: "payload bytes per second (log scale)",
            y_log: true,
            y_label: |gbs| gbps(gbs * 1e9),
        }
    }
}

fn mib_label(bytes: f64) -> String {
    let mib = bytes / (1u64 << 20) as f64;
    if mib >= 1024.0 { format!("{:.0} GiB", mib / 1024.0) } else { format!("{mib:.0} MiB") }
}

/// A chart of lines over a logarithmic x axis.
fn lines(path: &Path, title: &str, axes: &Axes, series: &[Line]) -> Result<()> {
    let fail = |e| draw_error(path, e);
    let root = SVGBackend::new(path, (1000, 520)).into_drawing_area();
    root.fill(&WHITE).map_err(fail)?;
    line_panel(&root, title, axes, series).map_err(fail)?;
    root.present().map_err(fail)
}

/// Lines on one drawing area; x (and y, if the axes say) on log scales, drawn as the
/// log2 / log10 of the values and labelled with the values.
fn line_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    title: &str,
    axes: &Axes,
    series: &[Line],
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let to_y = |y: f64| if axes.y_log { y.max(1e-6).log10() } else { y };
    let all = || series.iter().flat_map(|line| line.points.iter().copied());
    let (x_lo, x_hi) =
        all().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (x, _)| (lo.min(x.log2()), hi.max(x.log2())));
    let (y_lo, y_hi) =
        all().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (_, y)| (lo.min(to_y(y)), hi.max(to_y(y))));
    let (x_lo, x_hi) = if x_lo.is_finite() { (x_lo, x_hi.max(x_lo + 1.0)) } else { (0.0, 1.0) };
    let y_range = match (axes.y_log, y_lo.is_finite()) {
        (true, true) => y_lo.floor()..y_hi.ceil().max(y_lo.floor() + 1.0),
        (false, true) => 0.0..(y_hi * 1.1).max(1e-9),
        (_, false) => 0.0..1.0,
    };
    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(80)
        .build_cartesian_2d(x_lo..x_hi, y_range)?;
    chart
        .configure_mesh()
        .x_desc(axes.x_desc)
        .y_desc(axes.y_desc)
        .x_label_formatter(&|x| (axes.x_label)(2f64.powf(*x)))
        .y_label_formatter(&|y| (axes.y_label)(if axes.y_log { 10f64.powf(*y) } else { *y }))
        .draw()?;
    for line in series.iter().filter(|line| !line.points.is_empty()) {
        let color = Palette99::pick(line.color).to_rgba();
        let points: Vec<(f64, f64)> = line.points.iter().map(|&(x, y)| (x.log2(), to_y(y))).collect();
        let style = color.stroke_width(2);
        let drawn = if line.dashed {
            chart.draw_series(DashedLineSeries::new(points, 6, 4, style))?
        } else {
            chart.draw_series(LineSeries::new(points, style))?
        };
        let dashed = line.dashed;
        drawn.label(line.name.as_str()).legend(move |(x, y)| {
            let end = if dashed { x + 6 } else { x + 14 };
            PathElement::new(vec![(x, y), (end, y)], style)
        });
    }
    draw_legend(&mut chart)
}

/// Object and byte hit rate against cache size, a line per policy.
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
        let series: Vec<Line> = PolicyKind::ALL
            .iter()
            .map(|&policy| {
                let line =
                    points.iter().filter(|p| p.policy == policy).map(|p| (p.cache_bytes as f64, 100.0 * rate(p)));
                Line::solid(policy.name(), policy as usize, line.collect())
            })
            .collect();
        line_panel(panel, title, &Axes::cache_sizes("%"), &series).map_err(fail)?;
    }
    root.present().map_err(fail)
}

/// An axis label for a count: `300`, `20k`, `4M`.
fn count(value: f64) -> String {
    let (scaled, suffix) = match value {
        v if v >= 1e6 => (v / 1e6, "M"),
        v if v >= 1e3 => (v / 1e3, "k"),
        v => (v, ""),
    };
    format!("{scaled:.1}").trim_end_matches('0').trim_end_matches('.').to_owned() + suffix
}
