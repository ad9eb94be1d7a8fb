//! The paper's Figure 6: object and byte hit rates against cache size, a line per
//! policy. Computed from the profile's trace when the report runs, not benchmarked, so
//! it has no ids.

use crate::experiments::sim::{HitRatePoint, PolicyKind};
use crate::report::data::chart::{Axes, Chart, Figure, HIT_RATES, Line, Panel};
use crate::report::data::palette;
use crate::report::doc::Doc;
use crate::units::size_label;

pub(crate) fn table(doc: &mut Doc, points: &[HitRatePoint]) {
    doc.heading(2, "Hit rates (object / byte) against cache size");
    let table = doc.table(&["cache"], &PolicyKind::ALL.map(|p| p.name()));
    let mut sizes: Vec<i64> = points.iter().map(|p| p.cache_bytes).collect();
    sizes.sort_unstable();
    sizes.dedup();
    for size in sizes {
        let cells: Vec<String> = PolicyKind::ALL
            .iter()
            .map(|policy| {
                points.iter().find(|p| p.policy == *policy && p.cache_bytes == size).map_or("-".into(), |p| {
                    format!("{:.1}% / {:.1}%", 100.0 * p.stats.object_hit_rate(), 100.0 * p.stats.byte_hit_rate())
                })
            })
            .collect();
        table.row([size_label(size)].into_iter().chain(cells));
    }
}

/// The object and the byte hit rate side by side, if the report computed them.
pub(crate) fn charts(points: Option<&[HitRatePoint]>) -> Vec<Chart> {
    let Some(points) = points.filter(|p| !p.is_empty()) else { return Vec::new() };
    let panel = |title: &str, rate: fn(&HitRatePoint) -> f64| {
        let lines = PolicyKind::ALL
            .into_iter()
            .map(|policy| {
                let line =
                    points.iter().filter(|p| p.policy == policy).map(|p| (p.cache_bytes as f64, 100.0 * rate(p)));
                Line::solid(policy.name(), palette::policy_color(policy), line.collect())
            })
            .collect();
        Panel { title: title.to_owned(), axes: Axes::cache_sizes("%"), lines }
    };
    vec![Chart {
        name: HIT_RATES.to_owned(),
        title: "Object and byte hit rate against cache size".to_owned(),
        figure: Figure::Lines(vec![
            panel("Object hit rate against cache size", |p| p.stats.object_hit_rate()),
            panel("Byte hit rate against cache size", |p| p.stats.byte_hit_rate()),
        ]),
    }]
}
