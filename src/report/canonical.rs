//! `summary.md`'s "hand ABI vs canonical ABI" table: per operation, the Component
//! Model's call beside the fastest hand-made ABI on the same backend, in the same run.

use std::fmt::Write as _;

use super::summary::{Summary, duration};
use super::{Estimate, Experiment};
use crate::abi::{CallStyle, Lookup};
use crate::experiments::micro::MicroConfig;
use crate::experiments::payload::{Direction, PAYLOAD_SIZES, PayloadAbi};
use crate::experiments::sim::{PolicyKind, Scenario};
use crate::units::size_label;

/// One operation: the component's id and its hand-ABI rivals' ids, and how to find an
/// id's estimate for a backend.
struct Operation {
    name: String,
    component: String,
    hand: Vec<String>,
    /// Divides a time to give the per-unit figure the row shows (requests per trace).
    per: u64,
    find: fn(&Summary, &str, &str, &str) -> Option<Estimate>,
}

impl Summary<'_> {
    pub(super) fn canonical_table(&self, md: &mut String) {
        let host = "host-release";
        let backends: Vec<String> = self
            .backends_in(Experiment::Micro, host)
            .into_iter()
            .filter(|b| self.micro(host, b, "guest-release", "component-cached-typed-call").is_some())
            .collect();
        if backends.is_empty() {
            return;
        }
        let _ = writeln!(md, "## Hand ABI vs canonical ABI (Component Model), {host}, guest-release\n");
        let _ = writeln!(
            md,
            "Per operation: the component call's time, the fastest hand-made ABI's on the same backend (which one), \
             and component / hand. Simulator rows are per request (LRU, the profile's cache size); payload rows per \
             transfer.\n"
        );
        let _ = writeln!(md, "| operation | {} |", backends.join(" | "));
        let _ = writeln!(md, "|---|{}", "---|".repeat(backends.len()));
        for op in self.operations() {
            let cells: Vec<String> = backends
                .iter()
                .map(|b| {
                    let component = (op.find)(self, host, b, &op.component);
                    let best = op
                        .hand
                        .iter()
                        .filter_map(|id| Some((id, (op.find)(self, host, b, id)?)))
                        .min_by(|a, c| a.1.mean.total_cmp(&c.1.mean));
                    match (component, best) {
                        (Some(c), Some((id, h))) => format!(
                            "{} vs {} (`{id}`): {:.2}x",
                            duration(c.mean / op.per as f64),
                            duration(h.mean / op.per as f64),
                            c.mean / h.mean
                        ),
                        _ => "missing".into(),
                    }
                })
                .collect();
            let _ = writeln!(md, "| {} | {} |", op.name, cells.join(" | "));
        }
        md.push('\n');
    }

    fn operations(&self) -> Vec<Operation> {
        let hand_micro: Vec<String> = MicroConfig::all()
            .into_iter()
            .filter(|c| c.lookup == Lookup::Cached && c.call == CallStyle::Typed && !c.srs)
            .map(|c| c.to_string())
            .collect();
        let mut operations = vec![Operation {
            name: "`multiply(record)`".into(),
            component: "component-cached-typed-call".into(),
            hand: hand_micro,
            per: 1,
            find: |s, host, b, id| s.micro(host, b, "guest-release", id),
        }];
        let hand_scenarios = |batch: bool| -> Vec<String> {
            Scenario::all()
                .into_iter()
                .filter(|s| matches!(s, Scenario::Wasm { lookup: Lookup::Cached, call: CallStyle::Typed, abi } if (*abi == crate::experiments::sim::SimAbi::Batch) == batch))
                .map(|s| s.to_string())
                .collect()
        };
        // Requests per trace, as the simulator benchmarks declared their throughput.
        let backends = self.backends_in(Experiment::Simulator, "host-release");
        let requests = backends
            .iter()
            .find_map(|b| {
                self.simulator("host-release", PolicyKind::Lru.name(), b, "guest-release", "native")?.elements()
            })
            .unwrap_or(1);
        let sim: fn(&Summary, &str, &str, &str) -> Option<Estimate> =
            |s, host, b, id| s.simulator(host, PolicyKind::Lru.name(), b, "guest-release", id);
        operations.push(Operation {
            name: "simulator `send(id, size) -> bool`".into(),
            component: "component-cached-typed-call".into(),
            hand: hand_scenarios(false),
            per: requests,
            find: sim,
        });
        operations.push(Operation {
            name: "simulator `requests(list<request>) -> stats`".into(),
            component: "component-batch-cached-typed-call".into(),
            hand: hand_scenarios(true),
            per: requests,
            find: sim,
        });
        operations.push(Operation {
            name: "simulator `requests-packed(list<u64>) -> stats`".into(),
            component: "component-packed-batch-cached-typed-call".into(),
            hand: hand_scenarios(true),
            per: requests,
            find: sim,
        });
        for direction in Direction::ALL {
            for bytes in PAYLOAD_SIZES {
                let size = size_label(bytes as i64);
                let (component, name) = match direction {
                    Direction::ToGuest => ("component", format!("`checksum(list<u8>)`, {size} to the guest")),
                    Direction::FromGuest => ("component", format!("`produce() -> list<u8>`, {size} from the guest")),
                };
                operations.push(Operation {
                    name,
                    component: format!("{direction}/{size}/{component}"),
                    hand: PayloadAbi::ALL.iter().map(|abi| format!("{direction}/{size}/{abi}")).collect(),
                    per: 1,
                    find: |s, host, b, id| {
                        let (route, name) = id.rsplit_once('/')?;
                        s.results.get(&format!("payload/{host}/{route}/{b}/{name}"))
                    },
                });
            }
        }
        operations
    }
}
