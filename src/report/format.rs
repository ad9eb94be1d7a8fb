//! How the report writes a figure, the same in every table, chart and answer.

use std::fmt;

use super::data::break_even::BreakEven;
use super::data::results::Estimate;

/// A time per call in ns: two decimals below 10 ns, one above.
pub(crate) fn ns(value: f64) -> String {
    if value < 10.0 { format!("{value:.2}") } else { format!("{value:.1}") }
}

/// A duration given in ns, in the unit that reads best.
pub(crate) fn duration(ns: f64) -> String {
    match ns {
        n if n >= 1e9 => format!("{:.2} s", n / 1e9),
        n if n >= 1e6 => format!("{:.2} ms", n / 1e6),
        n if n >= 1e3 => format!("{:.1} µs", n / 1e3),
        n => format!("{n:.1} ns"),
    }
}

/// Bytes per second as GB/s (or MB/s below one GB/s).
pub(crate) fn gbps(bytes_per_second: f64) -> String {
    if bytes_per_second >= 1e9 {
        format!("{:.2} GB/s", bytes_per_second / 1e9)
    } else {
        format!("{:.0} MB/s", bytes_per_second / 1e6)
    }
}

/// An axis label for a count: `300`, `20k`, `4M`.
pub(crate) fn count(value: f64) -> String {
    let (scaled, suffix) = match value {
        v if v >= 1e6 => (v / 1e6, "M"),
        v if v >= 1e3 => (v / 1e3, "k"),
        v => (v, ""),
    };
    format!("{scaled:.1}").trim_end_matches('0').trim_end_matches('.').to_owned() + suffix
}

/// What caching buys: 1 - cached / uncached, as a signed percentage.
pub(crate) fn gain_percent(cached: f64, uncached: f64) -> String {
    format!("{:+.1}%", 100.0 * (1.0 - cached / uncached))
}

/// [`gain_percent`] for a table cell: `missing` unless both twins are in the run.
pub(crate) fn gain(cached: Option<Estimate>, uncached: Option<Estimate>) -> String {
    match (cached, uncached) {
        (Some(c), Some(u)) => gain_percent(c.mean, u.mean),
        _ => MISSING.into(),
    }
}

/// A table cell whose result is not in the run: marked, never zero.
pub(crate) const MISSING: &str = "missing";

/// A break-even as the tables give it: a count of calls, or why there is none.
impl fmt::Display for BreakEven {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            BreakEven::At(n) => write!(f, "{}", count(n.round())),
            BreakEven::FromTheStart => f.write_str("from the first call"),
            BreakEven::Beyond(n) if n.is_finite() => write!(f, "beyond {}", count(n)),
            BreakEven::Beyond(_) => f.write_str("never"),
        }
    }
}

/// A factor `a / b` is given as: whole above 100, then one and two decimals, and below 1
/// two significant digits, so a small ratio never reads as `0.00x`.
pub(crate) fn factor(ratio: f64) -> String {
    match ratio {
        r if !r.is_finite() || r <= 0.0 => format!("{r}x"),
        r if r >= 100.0 => format!("{r:.0}x"),
        r if r >= 10.0 => format!("{r:.1}x"),
        r if r >= 1.0 => format!("{r:.2}x"),
        r => {
            let decimals = (1 - r.log10().floor() as i32).max(2) as usize;
            format!("{r:.decimals$}x")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::factor;

    #[test]
    fn factors_keep_two_significant_digits_below_one() {
        assert_eq!(factor(0.0026), "0.0026x");
        assert_eq!(factor(0.05), "0.050x");
        assert_eq!(factor(0.5), "0.50x");
        assert_eq!(factor(2.5), "2.50x");
        assert_eq!(factor(25.0), "25.0x");
        assert_eq!(factor(380.4), "380x");
    }
}
