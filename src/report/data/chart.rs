//! A chart as data: a name, a title and its series, built by its experiment's section
//! beside that experiment's tables and drawn by `render::svg`. Values are numbers in the
//! chart's unit; how an axis labels them is named here ([`Unit`]) and written by the
//! renderer.

use plotters::style::RGBColor;

use super::palette::{self, Stroke};
use super::results::Estimate;
use crate::ids::EngineId;

/// One chart, ready to draw.
pub(crate) struct Chart {
    /// The file name without `.svg`; it starts with the name of the experiment whose
    /// results it shows, or with [`HIT_RATES`].
    pub name: String,
    pub title: String,
    pub figure: Figure,
}

pub(crate) enum Figure {
    Bars(Bars),
    /// Line panels side by side, each with its own title (one panel: the chart's).
    Lines(Vec<Panel>),
}

/// The name of the chart file for the Figure 6 hit rates (not an experiment of ids: it
/// is computed from the trace when the report runs).
pub(crate) const HIT_RATES: &str = "hit-rates";

impl Chart {
    /// The chart with only what the run measured: categories and series without a bar,
    /// lines without points and panels without lines left out, so a filtered run draws
    /// no empty rows. `None` when nothing is left to draw.
    pub fn measured(self) -> Option<Chart> {
        let figure = match self.figure {
            Figure::Bars(bars) => Figure::Bars(bars.measured()?),
            Figure::Lines(panels) => {
                let panels: Vec<Panel> = panels.into_iter().filter_map(Panel::measured).collect();
                if panels.is_empty() {
                    return None;
                }
                Figure::Lines(panels)
            }
        };
        Some(Chart { figure, ..self })
    }
}

/// Horizontal grouped bars: one group per category, one bar per series.
pub(crate) struct Bars {
    pub x_desc: &'static str,
    pub categories: Vec<String>,
    pub series: Vec<BarSeries>,
    pub scale: Scale,
}

impl Bars {
    fn measured(self) -> Option<Bars> {
        let Bars { x_desc, categories, series, scale } = self;
        let series: Vec<BarSeries> = series.into_iter().filter(|s| s.bars.iter().any(Option::is_some)).collect();
        let kept: Vec<usize> =
            (0..categories.len()).filter(|&row| series.iter().any(|s| s.bars[row].is_some())).collect();
        if kept.is_empty() {
            return None;
        }
        let categories = kept.iter().map(|&row| categories[row].clone()).collect();
        let series = series
            .into_iter()
            .map(|s| BarSeries { bars: kept.iter().map(|&row| s.bars[row]).collect(), ..s })
            .collect();
        Some(Bars { x_desc, categories, series, scale })
    }
}

/// A named row of bars in one colour, one per category (`None`: missing).
pub(crate) struct BarSeries {
    pub name: String,
    pub color: RGBColor,
    pub bars: Vec<Option<Bar>>,
}

/// A series per engine, in its palette colour, with a bar per category from `bar`:
/// how most of the report's bar charts are made.
pub(crate) fn engine_series<C>(
    engines: &[EngineId],
    categories: &[C],
    bar: impl Fn(EngineId, &C) -> Option<Bar>,
) -> Vec<BarSeries> {
    engines
        .iter()
        .map(|&engine| BarSeries {
            name: engine.to_string(),
            color: palette::engine_color(engine),
            bars: categories.iter().map(|category| bar(engine, category)).collect(),
        })
        .collect()
}

/// One bar: a value and the ends of its confidence interval, in the chart's unit.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Bar {
    pub value: f64,
    pub low: f64,
    pub high: f64,
}

impl Bar {
    /// A time: ns per iteration divided by `unit`.
    pub fn time(e: Estimate, unit: f64) -> Bar {
        Bar { value: e.mean / unit, low: e.lower / unit, high: e.upper / unit }
    }

    /// A rate: iterations per second (the interval's ends swap).
    pub fn rate(e: Estimate) -> Bar {
        Bar { value: 1e9 / e.mean, low: 1e9 / e.upper, high: 1e9 / e.lower }
    }
}

#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Scale {
    Linear,
    /// Values in ns, drawn on a log10 axis labelled as durations.
    LogDuration,
    /// Counts drawn on a log10 axis (rates that span orders of magnitude).
    LogCount,
}

/// One panel of lines.
pub(crate) struct Panel {
    pub title: String,
    pub axes: Axes,
    pub lines: Vec<Line>,
}

impl Panel {
    fn measured(self) -> Option<Panel> {
        let lines: Vec<Line> = self.lines.into_iter().filter(|line| !line.points.is_empty()).collect();
        (!lines.is_empty()).then_some(Panel { lines, ..self })
    }
}

/// A line of (x, y) points.
pub(crate) struct Line {
    pub name: String,
    pub stroke: Stroke,
    pub points: Vec<(f64, f64)>,
}

impl Line {
    pub fn solid(name: impl Into<String>, color: RGBColor, points: Vec<(f64, f64)>) -> Line {
        Line { name: name.into(), stroke: Stroke { color, dashed: false }, points }
    }
}

/// What an axis's values are, so the renderer labels them: x is logarithmic (log2 of
/// the values), y linear from 0 or log10.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Unit {
    /// Bytes of a cache, labelled in MiB or GiB.
    CacheBytes,
    /// Bytes of a payload, labelled as sizes (`4KiB`).
    PayloadBytes,
    /// A count (`20k`).
    Count,
    /// A duration given in ns.
    Duration,
    /// GB/s.
    Gbps,
    /// A plain number, no decimals (a percentage).
    Whole,
}

/// The axes of a line panel.
pub(crate) struct Axes {
    pub x_desc: &'static str,
    pub x_unit: Unit,
    pub y_desc: &'static str,
    pub y_log: bool,
    pub y_unit: Unit,
}

impl Axes {
    /// Cache sizes (log2 steps) against a value from 0.
    pub fn cache_sizes(y_desc: &'static str) -> Axes {
        Axes { x_desc: "cache size", x_unit: Unit::CacheBytes, y_desc, y_log: false, y_unit: Unit::Whole }
    }

    /// Calls made against the total time, both logarithmic.
    pub fn calls() -> Axes {
        Axes {
            x_desc: "calls (simulator requests), log scale",
            x_unit: Unit::Count,
            y_desc: "time from the bytes to the last answer (log scale)",
            y_log: true,
            y_unit: Unit::Duration,
        }
    }

    /// Payload sizes against GB/s, both logarithmic.
    pub fn payload_sizes() -> Axes {
        Axes {
            x_desc: "payload size",
            x_unit: Unit::PayloadBytes,
            y_desc: "payload bytes per second (log scale)",
            y_log: true,
            y_unit: Unit::Gbps,
        }
    }
}
