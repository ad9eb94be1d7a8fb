//! Draws chart data (`data::chart`) as SVG with plotters, and clears the charts an
//! earlier report drew that this one did not. Bars carry whiskers for their confidence
//! interval; axes are labelled by the units the data names.

use std::path::{Path, PathBuf};

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::ids::Experiment;
use crate::report::data::chart::{Bars, Chart, Figure, HIT_RATES, Panel, Scale, Unit};
use crate::report::format::{count, duration, gbps};
use crate::{Error, Result};

/// Draws every chart into `dir` (in the order given) and removes the charts an earlier
/// report left there that this one did not draw.
pub(crate) fn draw_all<'a>(charts: impl IntoIterator<Item = &'a Chart>, dir: &Path) -> Result<Vec<ChartFile>> {
    let files = charts.into_iter().map(|chart| draw(chart, dir)).collect::<Result<Vec<_>>>()?;
    let paths: Vec<PathBuf> = files.iter().map(|c| c.path.clone()).collect();
    remove_stale(dir, &paths)?;
    Ok(files)
}

/// A chart written, and what it shows (the heading `index.html` gives it).
pub(crate) struct ChartFile {
    pub path: PathBuf,
    pub title: String,
}

fn draw(chart: &Chart, dir: &Path) -> Result<ChartFile> {
    let path = dir.join(format!("{}.svg", chart.name));
    match &chart.figure {
        Figure::Bars(bars) => draw_bars(&path, &chart.title, bars),
        Figure::Lines(panels) => draw_lines(&path, &chart.title, panels),
    }?;
    Ok(ChartFile { path, title: chart.title.clone() })
}

/// How the names of the charts begin: the experiment whose results they show
/// (`simulator-native-...` begins as the simulator's), or the hit rates.
fn chart_name_starts() -> Vec<String> {
    let experiments = [
        Experiment::Micro,
        Experiment::Compile,
        Experiment::Simulator,
        Experiment::HostCall,
        Experiment::Payload,
        Experiment::Lifecycle,
        Experiment::ColdStart,
    ];
    experiments.iter().map(|e| format!("{e}-")).chain([HIT_RATES.to_owned()]).collect()
}

/// Deletes the charts an earlier report left in `dir` that this one did not draw (a
/// backend or guest no longer in the results), so the folder shows one run only.
/// Only SVG files named like the report's charts are touched.
fn remove_stale(dir: &Path, drawn: &[PathBuf]) -> Result<()> {
    let cannot = |e: std::io::Error| Error::Report { message: format!("cannot clean {}: {e}", dir.display()) };
    let starts = chart_name_starts();
    for entry in std::fs::read_dir(dir).map_err(cannot)? {
        let path = entry.map_err(cannot)?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let is_chart = name.ends_with(".svg") && starts.iter().any(|start| name.starts_with(start.as_str()));
        if is_chart && !drawn.contains(&path) {
            std::fs::remove_file(&path).map_err(cannot)?;
        }
    }
    Ok(())
}

fn draw_error(path: &Path, e: impl std::fmt::Debug) -> Error {
    Error::Report { message: format!("cannot draw {}: {e:?}", path.display()) }
}

type ChartArea<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The series legend, placed where the charts leave room for it.
fn draw_legend<'a, DB: DrawingBackend + 'a>(
    chart: &mut ChartArea<'a, DB>,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .draw()
}

/// Horizontal grouped bars, each with a whisker over its confidence interval.
fn draw_bars(path: &Path, title: &str, bars: &Bars) -> Result<()> {
    let Bars { x_desc, categories, series, scale } = bars;
    let scale = *scale;
    let fail = |e| draw_error(path, e);
    let to_x = |v: f64| match scale {
        Scale::Linear => v,
        Scale::LogDuration | Scale::LogCount => v.max(1.0).log10(),
    };
    let values = series.iter().flat_map(|s| s.bars.iter().flatten().flat_map(|b| [b.value, b.high]));
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
    for (index, series) in series.iter().enumerate() {
        let color = series.color;
        // Category 0 at the top, as the tables read.
        let top = |row: usize| (categories.len() - row) as f64 - 0.1 - bar * index as f64;
        let present = || series.bars.iter().enumerate().filter_map(|(row, value)| value.map(|b| (top(row), b)));
        let rects = present().map(|(top, b)| Rectangle::new([(min, top - bar), (to_x(b.value), top)], color.filled()));
        chart
            .draw_series(rects)
            .map_err(fail)?
            .label(series.name.as_str())
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

/// An axis value as its unit reads.
fn label(unit: Unit, value: f64) -> String {
    match unit {
        Unit::CacheBytes => mib_label(value),
        Unit::PayloadBytes => crate::units::size_label(value.round() as i64),
        Unit::Count => count(value.round()),
        Unit::Duration => duration(value),
        Unit::Gbps => gbps(value * 1e9),
        Unit::Whole => format!("{value:.0}"),
    }
}

fn mib_label(bytes: f64) -> String {
    let mib = bytes / (1u64 << 20) as f64;
    if mib >= 1024.0 { format!("{:.0} GiB", mib / 1024.0) } else { format!("{mib:.0} MiB") }
}

/// One panel over the whole chart (its title the chart's), or panels side by side.
fn draw_lines(path: &Path, title: &str, panels: &[Panel]) -> Result<()> {
    let fail = |e| draw_error(path, e);
    let size = if panels.len() > 1 { (1100, 450) } else { (1000, 520) };
    let root = SVGBackend::new(path, size).into_drawing_area();
    root.fill(&WHITE).map_err(fail)?;
    if let [panel] = panels {
        line_panel(&root, title, panel).map_err(fail)?;
    } else {
        for (area, panel) in root.split_evenly((1, panels.len())).iter().zip(panels) {
            line_panel(area, &panel.title, panel).map_err(fail)?;
        }
    }
    root.present().map_err(fail)
}

/// Lines on one drawing area; x (and y, if the axes say) on log scales, drawn as the
/// log2 / log10 of the values and labelled with the values.
fn line_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    title: &str,
    panel: &Panel,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let axes = &panel.axes;
    let to_y = |y: f64| if axes.y_log { y.max(1e-6).log10() } else { y };
    let all = || panel.lines.iter().flat_map(|line| line.points.iter().copied());
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
        .x_label_formatter(&|x| label(axes.x_unit, 2f64.powf(*x)))
        .y_label_formatter(&|y| label(axes.y_unit, if axes.y_log { 10f64.powf(*y) } else { *y }))
        .draw()?;
    for line in panel.lines.iter().filter(|line| !line.points.is_empty()) {
        let points: Vec<(f64, f64)> = line.points.iter().map(|&(x, y)| (x.log2(), to_y(y))).collect();
        let style = line.stroke.color.stroke_width(2);
        let dashed = line.stroke.dashed;
        let drawn = if dashed {
            chart.draw_series(DashedLineSeries::new(points, 6, 4, style))?
        } else {
            chart.draw_series(LineSeries::new(points, style))?
        };
        drawn.label(line.name.as_str()).legend(move |(x, y)| {
            let end = if dashed { x + 6 } else { x + 14 };
            PathElement::new(vec![(x, y), (end, y)], style)
        });
    }
    draw_legend(&mut chart)
}
