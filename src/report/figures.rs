//! How the report writes a figure, the same in every table, chart and answer.

use super::Estimate;

/// A time per call in ns: two decimals below 10 ns, one above.
pub(super) fn ns(value: f64) -> String {
    if value < 10.0 { format!("{value:.2}") } else { format!("{value:.1}") }
}

/// A duration given in ns, in the unit that reads best.
pub(super) fn duration(ns: f64) -> String {
    match ns {
        n if n >= 1e9 => format!("{:.2} s", n / 1e9),
        n if n >= 1e6 => format!("{:.2} ms", n / 1e6),
        n if n >= 1e3 => format!("{:.1} µs", n / 1e3),
        n => format!("{n:.1} ns"),
    }
}

/// Bytes per second as GB/s (or MB/s below one GB/s).
pub(super) fn gbps(bytes_per_second: f64) -> String {
    if bytes_per_second >= 1e9 {
        format!("{:.2} GB/s", bytes_per_second / 1e9)
    } else {
        format!("{:.0} MB/s", bytes_per_second / 1e6)
    }
}

/// An axis label for a count: `300`, `20k`, `4M`.
pub(super) fn count(value: f64) -> String {
    let (scaled, suffix) = match value {
        v if v >= 1e6 => (v / 1e6, "M"),
        v if v >= 1e3 => (v / 1e3, "k"),
        v => (v, ""),
    };
    format!("{scaled:.1}").trim_end_matches('0').trim_end_matches('.').to_owned() + suffix
}

/// What caching buys: 1 - cached / uncached, as a signed percentage.
pub(super) fn gain_percent(cached: f64, uncached: f64) -> String {
    format!("{:+.1}%", 100.0 * (1.0 - cached / uncached))
}

/// [`gain_percent`] for a table cell: `missing` unless both twins are in the run.
pub(super) fn gain(cached: Option<Estimate>, uncached: Option<Estimate>) -> String {
    match (cached, uncached) {
        (Some(c), Some(u)) => gain_percent(c.mean, u.mean),
        _ => MISSING.into(),
    }
}

/// A table cell whose result is not in the run: marked, never zero.
pub(super) const MISSING: &str = "missing";
