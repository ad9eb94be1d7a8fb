//! Payloads of every size both ways (beyond the paper): bytes per second through each
//! ABI, against the same work natively and against a plain copy (the floor); table and a
//! chart per backend and direction.

use crate::experiments::payload::{Direction, PAYLOAD_SIZES, PayloadAbi};
use crate::ids::{Experiment, HostProfile, PayloadGroup, PayloadId, PayloadRoute};
use crate::report::data::chart::{Axes, Chart, Figure, Line, Panel};
use crate::report::data::palette;
use crate::report::data::query::Summary;
use crate::report::data::results::Estimate;
use crate::report::doc::Doc;
use crate::report::format::{MISSING, gbps};
use crate::units::size_label;

impl Summary<'_> {
    /// Hosts and directions with payload results.
    pub(crate) fn payload_groups(&self) -> Vec<(HostProfile, Direction)> {
        HostProfile::ALL
            .into_iter()
            .flat_map(|host| Direction::ALL.map(move |d| (host, d)))
            .filter(|&(host, direction)| {
                self.results.any::<PayloadId>(|id| id.group.host == host && id.group.direction == direction)
            })
            .collect()
    }

    pub(crate) fn payload(
        &self,
        host: HostProfile,
        direction: Direction,
        bytes: usize,
        route: PayloadRoute,
    ) -> Option<Estimate> {
        self.results.get(PayloadId::new(PayloadGroup { host, direction, bytes }, route))
    }

    pub(crate) fn payload_tables(&self, doc: &mut Doc) {
        for (host, direction) in self.payload_groups() {
            let backends = self.backends_in(Experiment::Payload, host);
            doc.heading(2, format!("Payloads {direction}, {host}"));
            doc.paragraph(
                "Payload bytes per second (GB/s = 10^9 B/s): a plain copy of the bytes (the floor), the same encode, \
                 copy, decode and checksum natively, and through WASM; in parentheses, WASM against native.",
            );
            let (memcpy, native) = (PayloadRoute::Memcpy.to_string(), palette::native_label());
            let table = doc.table(&["ABI", "size", &memcpy, &native], &backends);
            for abi in PayloadAbi::ALL {
                for bytes in PAYLOAD_SIZES {
                    let rate = |route| self.payload(host, direction, bytes, route)?.bytes_per_second();
                    let native = rate(PayloadRoute::Native(abi));
                    let cells: Vec<String> = backends
                        .iter()
                        .map(|b| match (rate(PayloadRoute::Wasm(b.backend, abi)), native) {
                            (Some(r), Some(n)) => format!("{} ({:.2}x)", gbps(r), r / n),
                            (Some(r), None) => gbps(r),
                            (None, _) => MISSING.into(),
                        })
                        .collect();
                    let show = |r: Option<f64>| r.map_or(MISSING.into(), gbps);
                    let (floor, size) = (show(rate(PayloadRoute::Memcpy)), size_label(bytes as i64));
                    table.row([abi.to_string(), size, floor, show(native)].into_iter().chain(cells));
                }
            }
        }
    }

    /// Bytes per second against payload size on one backend: the floor, then per ABI a
    /// solid line through WASM and a dashed one natively, in the ABI's colour.
    pub(crate) fn payload_charts(&self) -> Vec<Chart> {
        let mut charts = Vec::new();
        for (host, direction) in self.payload_groups() {
            for engine in self.backends_in(Experiment::Payload, host) {
                let line = |name: String, route: PayloadRoute| {
                    let points = PAYLOAD_SIZES.iter().filter_map(|&bytes| {
                        let rate = self.payload(host, direction, bytes, route)?.bytes_per_second()?;
                        Some((bytes as f64, rate / 1e9))
                    });
                    Line { name, stroke: palette::route_stroke(route), points: points.collect() }
                };
                let mut lines = vec![line(format!("{} (floor)", PayloadRoute::Memcpy), PayloadRoute::Memcpy)];
                for abi in PayloadAbi::ALL {
                    lines.push(line(abi.to_string(), PayloadRoute::Wasm(engine.backend, abi)));
                    lines.push(line(PayloadRoute::Native(abi).to_string(), PayloadRoute::Native(abi)));
                }
                let title = format!("Payload throughput {direction} on {engine} ({host})");
                let panel = Panel { title: title.clone(), axes: Axes::payload_sizes(), lines };
                charts.push(Chart {
                    name: format!("{}-{host}-{direction}-{engine}", Experiment::Payload),
                    title,
                    figure: Figure::Lines(vec![panel]),
                });
            }
        }
        charts
    }
}
