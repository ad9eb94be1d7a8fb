//! `summary.md`'s sections on what the paper did not measure: calls from the guest into
//! the host, payloads of every size both ways, and an instance per request. Each figure
//! stands beside its baseline from the same run.

use std::fmt::Write as _;

use super::summary::{Summary, duration};
use super::{BenchId, Estimate, Experiment, HOSTS};
use crate::experiments::hostcall::HostCall;
use crate::experiments::lifecycle::{Handler, Strategy};
use crate::experiments::payload::{Direction, PAYLOAD_SIZES, PayloadAbi};
use crate::runtime::HostFnStyle;
use crate::units::size_label;

impl Summary<'_> {
    /// (host, guest opt) pairs with host-call results.
    pub(super) fn hostcall_groups(&self) -> Vec<(&'static str, &'static str)> {
        self.pairs(|id| match id {
            BenchId::HostCall { host, opt, .. } => Some((host, opt)),
            _ => None,
        })
    }

    pub(super) fn hostcall(&self, host: &str, backend: &str, opt: &str, case: &str) -> Option<Estimate> {
        self.results.get(&format!("hostcall/{host}/{backend}/{opt}/{case}"))
    }

    /// The first backend's native figure for `call` (each backend's group measures it).
    pub(super) fn hostcall_native(&self, host: &str, opt: &str, call: HostCall) -> Option<Estimate> {
        let backends = self.backends_in(Experiment::HostCall, host);
        backends.iter().find_map(|b| self.hostcall(host, b, opt, &format!("native-{call}")))
    }

    /// Hosts and directions with payload results.
    pub(super) fn payload_groups(&self) -> Vec<(&'static str, Direction)> {
        HOSTS
            .into_iter()
            .flat_map(|host| Direction::ALL.map(move |d| (host, d)))
            .filter(|(host, direction)| self.results.ids_under(&format!("payload/{host}/{direction}")).next().is_some())
            .collect()
    }

    /// `route`: `memcpy`, `native/{abi}` or `{backend}/{abi}`.
    pub(super) fn payload(&self, host: &str, direction: Direction, bytes: usize, route: &str) -> Option<Estimate> {
        self.results.get(&format!("payload/{host}/{direction}/{}/{route}", size_label(bytes as i64)))
    }

    pub(super) fn lifecycle_hosts(&self) -> Vec<&'static str> {
        HOSTS.into_iter().filter(|host| self.results.ids_under(&format!("lifecycle/{host}")).next().is_some()).collect()
    }

    pub(super) fn lifecycle(&self, host: &str, backend: &str, guest: &str, strategy: Strategy) -> Option<Estimate> {
        self.results.get(&format!("lifecycle/{host}/{backend}/guest-release/{guest}/{strategy}"))
    }

    pub(super) fn boundary_tables(&self, md: &mut String) {
        self.hostcall_tables(md);
        self.payload_tables(md);
        self.lifecycle_tables(md);
    }

    fn hostcall_tables(&self, md: &mut String) {
        for (host, opt) in self.hostcall_groups() {
            let backends = self.backends_in(Experiment::HostCall, host);
            let _ = writeln!(md, "## Calls from the guest into the host, {host}, {opt}\n");
            let _ = writeln!(
                md,
                "Time per call out of the guest in ns (the guest loops over the host function): typed / dynamic \
                 host functions, and the same loop natively through a function pointer.\n"
            );
            let _ = writeln!(md, "| host function | native | {} |", backends.join(" | "));
            let _ = writeln!(md, "|---|---|{}", "---|".repeat(backends.len()));
            for call in HostCall::all() {
                let native = self.hostcall_native(host, opt, call).map_or("missing".into(), |e| ns(e.mean));
                let cells: Vec<String> = backends
                    .iter()
                    .map(|b| {
                        let style = |s: HostFnStyle| {
                            self.hostcall(host, b, opt, &format!("{call}-{s}")).map_or("missing".into(), |e| ns(e.mean))
                        };
                        format!("{} / {}", style(HostFnStyle::Typed), style(HostFnStyle::Dynamic))
                    })
                    .collect();
                let _ = writeln!(md, "| `{call}` | {native} | {} |", cells.join(" | "));
            }
            md.push('\n');
        }
    }

    fn payload_tables(&self, md: &mut String) {
        for (host, direction) in self.payload_groups() {
            let backends = self.backends_in(Experiment::Payload, host);
            let _ = writeln!(md, "## Payloads {direction}, {host}\n");
            let _ = writeln!(
                md,
                "Payload bytes per second (GB/s = 10^9 B/s): a plain copy of the bytes (the floor), the same encode, \
                 copy, decode and checksum natively, and through WASM; in parentheses, WASM against native.\n"
            );
            let _ = writeln!(md, "| ABI | size | memcpy | native | {} |", backends.join(" | "));
            let _ = writeln!(md, "|---|---|---|---|{}", "---|".repeat(backends.len()));
            for abi in PayloadAbi::ALL {
                for bytes in PAYLOAD_SIZES {
                    let rate = |route: &str| self.payload(host, direction, bytes, route)?.bytes_per_second();
                    let native = rate(&format!("native/{abi}"));
                    let cells: Vec<String> = backends
                        .iter()
                        .map(|b| match (rate(&format!("{b}/{abi}")), native) {
                            (Some(r), Some(n)) => format!("{} ({:.2}x)", gbps(r), r / n),
                            (Some(r), None) => gbps(r),
                            (None, _) => "missing".into(),
                        })
                        .collect();
                    let show = |r: Option<f64>| r.map_or("missing".into(), gbps);
                    let (floor, size) = (show(rate("memcpy")), size_label(bytes as i64));
                    let _ = writeln!(md, "| {abi} | {size} | {floor} | {} | {} |", show(native), cells.join(" | "));
                }
            }
            md.push('\n');
        }
    }

    fn lifecycle_tables(&self, md: &mut String) {
        for host in self.lifecycle_hosts() {
            let backends = self.backends_in(Experiment::Lifecycle, host);
            let _ = writeln!(md, "## An instance per request, {host}\n");
            let _ = writeln!(
                md,
                "Requests per second, each on a fresh instance (instantiate, one request, drop) made each way the \
                 runtime offers, and on one instance kept alive (the floor); in parentheses, time per request.\n"
            );
            let _ = writeln!(md, "| guest | instance | {} |", backends.join(" | "));
            let _ = writeln!(md, "|---|---|{}", "---|".repeat(backends.len()));
            for handler in Handler::ALL {
                let guest = handler.guest().name;
                for strategy in Strategy::ALL {
                    let cells: Vec<String> = backends
                        .iter()
                        .map(|b| match self.lifecycle(host, b, guest, strategy) {
                            Some(e) => format!("{:.0}/s ({})", 1e9 / e.mean, duration(e.mean)),
                            None => "-".into(),
                        })
                        .collect();
                    let _ = writeln!(md, "| {guest} | `{strategy}` | {} |", cells.join(" | "));
                }
            }
            md.push('\n');
        }
    }
}

fn ns(value: f64) -> String {
    if value < 10.0 { format!("{value:.2}") } else { format!("{value:.1}") }
}

/// Bytes per second as GB/s (or MB/s below one GB/s).
pub(super) fn gbps(bytes_per_second: f64) -> String {
    if bytes_per_second >= 1e9 {
        format!("{:.2} GB/s", bytes_per_second / 1e9)
    } else {
        format!("{:.0} MB/s", bytes_per_second / 1e6)
    }
}
