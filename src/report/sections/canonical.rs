//! `summary.md`'s "hand ABI vs canonical ABI" table: per operation, the Component
//! Model's call beside the fastest hand-made ABI on the same backend, in the same run.

use crate::experiments::micro::{ComponentCall, MicroConfig};
use crate::experiments::payload::{ComponentPayload, Direction, PAYLOAD_SIZES, PayloadAbi};
use crate::experiments::sim::{ComponentScenario, PolicyKind, Scenario, SimAbi};
use crate::ids::{
    CallStyle, EngineId, Experiment, GuestOpt, GuestSegment, HostProfile, Lookup, MicroCase, PayloadRoute, SimCase,
};
use crate::report::data::query::Summary;
use crate::report::data::results::Estimate;
use crate::report::doc::Doc;
use crate::report::format::{MISSING, duration};
use crate::units::size_label;

/// The host and guest the table compares on: what an embedder ships.
const HOST: HostProfile = HostProfile::Release;
const OPT: GuestOpt = GuestOpt::Release;

/// The component call of the micro-benchmark the table is about.
const COMPONENT_CALL: MicroCase =
    MicroCase::Component(ComponentCall { lookup: Lookup::Cached, call: CallStyle::Typed });

/// One side of a row: a case the component or a hand ABI ran.
#[derive(Clone, Copy)]
enum Rival {
    Micro(MicroCase),
    /// LRU, the profile's cache size.
    Simulator(SimCase),
    Payload {
        direction: Direction,
        bytes: usize,
        wire: Wire,
    },
}

/// How a payload crossed into a backend.
#[derive(Clone, Copy)]
enum Wire {
    Hand(PayloadAbi),
    Component(ComponentPayload),
}

impl Rival {
    fn estimate(self, summary: &Summary, engine: EngineId) -> Option<Estimate> {
        match self {
            Rival::Micro(case) => summary.micro(Summary::micro_group(HOST, engine, OPT), case),
            Rival::Simulator(case) => {
                summary.simulator(Summary::simulator_group(HOST, PolicyKind::Lru, engine, OPT), case)
            }
            // The payload benchmark runs without an execution limit only.
            Rival::Payload { .. } if engine.metered() => None,
            Rival::Payload { direction, bytes, wire } => {
                let route = match wire {
                    Wire::Hand(abi) => PayloadRoute::Wasm(engine.backend, abi),
                    Wire::Component(payload) => PayloadRoute::Component(engine.backend, payload),
                };
                summary.payload(HOST, direction, bytes, route)
            }
        }
    }

    /// How a cell names the fastest hand ABI: its case as ids spell it.
    fn label(self) -> String {
        match self {
            Rival::Micro(case) => case.to_string(),
            Rival::Simulator(case) => case.to_string(),
            Rival::Payload { wire: Wire::Hand(abi), .. } => abi.to_string(),
            Rival::Payload { wire: Wire::Component(payload), .. } => payload.to_string(),
        }
    }
}

/// One operation: the component's case and its hand-ABI rivals'.
struct Operation {
    name: String,
    component: Rival,
    hand: Vec<Rival>,
    /// Divides a time to give the per-unit figure the row shows (requests per trace).
    per: u64,
}

impl Summary<'_> {
    pub(crate) fn canonical_table(&self, doc: &mut Doc) {
        let backends: Vec<EngineId> = self
            .backends_in(Experiment::Micro, HOST)
            .into_iter()
            .filter(|&b| self.micro(Self::micro_group(HOST, b, OPT), COMPONENT_CALL).is_some())
            .collect();
        if backends.is_empty() {
            return;
        }
        doc.heading(2, format!("Hand ABI vs canonical ABI (Component Model), {HOST}, {}", GuestSegment(OPT)));
        doc.paragraph(
            "Per operation: the component call's time, the fastest hand-made ABI's on the same backend (which one), \
             and component / hand. Simulator rows are per request (LRU, the profile's cache size); payload rows per \
             transfer.",
        );
        let table = doc.table(&["operation"], &backends);
        for op in self.operations() {
            let cells: Vec<String> = backends
                .iter()
                .map(|&b| {
                    let component = op.component.estimate(self, b);
                    let best = op
                        .hand
                        .iter()
                        .filter_map(|&rival| Some((rival, rival.estimate(self, b)?)))
                        .min_by(|a, c| a.1.mean.total_cmp(&c.1.mean));
                    match (component, best) {
                        (Some(c), Some((rival, h))) => format!(
                            "{} vs {} (`{}`): {:.2}x",
                            duration(c.mean / op.per as f64),
                            duration(h.mean / op.per as f64),
                            rival.label(),
                            c.mean / h.mean
                        ),
                        _ => MISSING.into(),
                    }
                })
                .collect();
            table.row([op.name.to_string()].into_iter().chain(cells));
        }
    }

    fn operations(&self) -> Vec<Operation> {
        let hand_micro = MicroConfig::all()
            .into_iter()
            .filter(|c| c.lookup == Lookup::Cached && c.call == CallStyle::Typed && !c.srs)
            .map(|c| Rival::Micro(MicroCase::Hand(c)))
            .collect();
        let mut operations = vec![Operation {
            name: "`multiply(record)`".into(),
            component: Rival::Micro(COMPONENT_CALL),
            hand: hand_micro,
            per: 1,
        }];
        let hand_scenarios = |batch: bool| -> Vec<Rival> {
            Scenario::all()
                .into_iter()
                .filter(|s| matches!(s, Scenario::Wasm { lookup: Lookup::Cached, call: CallStyle::Typed, abi } if (*abi == SimAbi::Batch) == batch))
                .map(|s| Rival::Simulator(SimCase::Hand(s)))
                .collect()
        };
        // Requests per trace, as the simulator benchmarks declared their throughput.
        let requests = self
            .backends_in(Experiment::Simulator, HOST)
            .into_iter()
            .find_map(|b| {
                self.simulator(Self::simulator_group(HOST, PolicyKind::Lru, b, OPT), SimCase::NATIVE)?.elements()
            })
            .unwrap_or(1);
        let component = |scenario| Rival::Simulator(SimCase::Component(scenario));
        operations.push(Operation {
            name: "simulator `send(id, size) -> bool`".into(),
            component: component(ComponentScenario::PerRequest),
            hand: hand_scenarios(false),
            per: requests,
        });
        operations.push(Operation {
            name: "simulator `requests(list<request>) -> stats`".into(),
            component: component(ComponentScenario::Batch),
            hand: hand_scenarios(true),
            per: requests,
        });
        operations.push(Operation {
            name: "simulator `requests-packed(list<u64>) -> stats`".into(),
            component: component(ComponentScenario::PackedBatch),
            hand: hand_scenarios(true),
            per: requests,
        });
        for direction in Direction::ALL {
            for bytes in PAYLOAD_SIZES {
                let size = size_label(bytes as i64);
                let name = match direction {
                    Direction::ToGuest => format!("`checksum(list<u8>)`, {size} to the guest"),
                    Direction::FromGuest => format!("`produce() -> list<u8>`, {size} from the guest"),
                };
                let rival = |wire| Rival::Payload { direction, bytes, wire };
                operations.push(Operation {
                    name,
                    component: rival(Wire::Component(ComponentPayload::Bytes)),
                    hand: PayloadAbi::ALL.map(|abi| rival(Wire::Hand(abi))).to_vec(),
                    per: 1,
                });
            }
        }
        operations
    }
}
