//! The simulator through the Component Model's canonical ABI: per request, or a batch
//! as a list of records or of packed integers, beside the hand ABIs' scenarios.

use crate::Error;
use crate::Result;
use crate::runtime::component::exports::wsb::bench::simulator::{
    Policy as WitPolicy, Request as WitRequest, Stats as WitStats,
};
use crate::runtime::component::{CompiledComponent, LoadedComponent, failure};
use crate::workload::Request;

use super::{ComponentScenario, PolicyKind, SimDriver, Stats};

/// The simulator through the canonical ABI.
pub struct ComponentDriver {
    guest: LoadedComponent,
    scenario: ComponentScenario,
    batch_size: usize,
    /// The batch as the generated record type, or packed (reused: a call allocates
    /// nothing here).
    batch: Vec<WitRequest>,
    packed: Vec<u64>,
}

impl ComponentDriver {
    pub fn new(compiled: &CompiledComponent, scenario: ComponentScenario, batch_size: usize) -> Result<Self> {
        if batch_size == 0 {
            return Err(Error::BatchSize { requested: 0, guest_capacity: usize::MAX });
        }
        let guest = compiled.instantiate()?;
        Ok(ComponentDriver { guest, scenario, batch_size, batch: Vec::new(), packed: Vec::new() })
    }
}

fn wit_policy(policy: PolicyKind) -> WitPolicy {
    match policy {
        PolicyKind::Fifo => WitPolicy::Fifo,
        PolicyKind::Lru => WitPolicy::Lru,
        PolicyKind::Lfu => WitPolicy::Lfu,
        PolicyKind::GdSize => WitPolicy::Gdsize,
    }
}

fn stats(stats: WitStats) -> Stats {
    Stats {
        requests: stats.requests,
        hits: stats.hits,
        bytes_requested: stats.bytes_requested,
        bytes_hit: stats.bytes_hit,
    }
}

impl SimDriver for ComponentDriver {
    fn start(&mut self, policy: PolicyKind, capacity: i64) -> Result<()> {
        let simulator = self.guest.bench.wsb_bench_simulator();
        if !simulator.call_init(&mut self.guest.store, wit_policy(policy), capacity).map_err(|e| failure("init", e))? {
            return Err(Error::CacheSize { bytes: capacity });
        }
        Ok(())
    }

    fn send(&mut self, trace: &[Request]) -> Result<()> {
        let simulator = self.guest.bench.wsb_bench_simulator();
        let store = &mut self.guest.store;
        match self.scenario {
            ComponentScenario::PerRequest => {
                for request in trace {
                    simulator.call_send(&mut *store, request.id, request.size).map_err(|e| failure("send", e))?;
                }
            }
            ComponentScenario::Batch => {
                for chunk in trace.chunks(self.batch_size) {
                    self.batch.clear();
                    self.batch.extend(chunk.iter().map(|r| WitRequest { id: r.id, size: r.size }));
                    simulator.call_requests(&mut *store, &self.batch).map_err(|e| failure("requests", e))?;
                }
            }
            ComponentScenario::PackedBatch => {
                for chunk in trace.chunks(self.batch_size) {
                    self.packed.clear();
                    self.packed.extend(chunk.iter().map(|r| u64::from(r.id) | u64::from(r.size) << 32));
                    simulator
                        .call_requests_packed(&mut *store, &self.packed)
                        .map_err(|e| failure("requests-packed", e))?;
                }
            }
        }
        Ok(())
    }

    fn stats(&mut self) -> Result<Stats> {
        let simulator = self.guest.bench.wsb_bench_simulator();
        simulator.call_counters(&mut self.guest.store).map(stats).map_err(|e| failure("counters", e))
    }
}
