//! Payloads through the Component Model's canonical ABI: `list<u8>` beside the hand
//! ABIs' raw bytes, `list<sample>` beside Bytemuck's records.

use abi_types::{Sample, checksum, checksum_samples};

use super::{ComponentPayload, Direction, samples};
use crate::runtime::component::exports::wsb::bench::payload::Sample as WitSample;
use crate::runtime::component::{CompiledComponent, LoadedComponent, failure};
use crate::{Error, Result};

/// A payload through the canonical ABI, one way.
pub struct ComponentTransfer {
    guest: LoadedComponent,
    payload: ComponentPayload,
    direction: Direction,
    bytes: Vec<u8>,
    samples: Vec<Sample>,
    /// The records as the generated type, for host-to-guest `list<sample>`.
    records: Vec<WitSample>,
}

impl ComponentTransfer {
    pub fn new(
        compiled: &CompiledComponent,
        payload: ComponentPayload,
        direction: Direction,
        bytes: usize,
    ) -> Result<Self> {
        let mut guest = compiled.instantiate()?;
        let samples = samples(bytes);
        if direction == Direction::FromGuest {
            let size = u32::try_from(bytes)
                .map_err(|_| Error::Config { config: payload.to_string(), reason: "payloads are below 4 GiB" })?;
            guest
                .bench
                .wsb_bench_payload()
                .call_prepare_output(&mut guest.store, size)
                .map_err(|e| failure("prepare-output", e))?;
        }
        let bytes = bytemuck::cast_slice(&samples).to_vec();
        Ok(ComponentTransfer { guest, payload, direction, bytes, samples, records: Vec::new() })
    }

    /// One transfer; returns the receiver's checksum.
    #[inline]
    pub fn transfer(&mut self) -> Result<u64> {
        let payload = self.guest.bench.wsb_bench_payload();
        let store = &mut self.guest.store;
        match (self.direction, self.payload) {
            (Direction::ToGuest, ComponentPayload::Bytes) => {
                payload.call_checksum(store, &self.bytes).map_err(|e| failure("checksum", e))
            }
            (Direction::ToGuest, ComponentPayload::Records) => {
                // The host's records become the generated type: the encode step.
                self.records.clear();
                self.records.extend(self.samples.iter().map(|s| WitSample {
                    key: s.key,
                    value: s.value,
                    flags: s.flags,
                }));
                payload.call_checksum_samples(store, &self.records).map_err(|e| failure("checksum-samples", e))
            }
            (Direction::FromGuest, ComponentPayload::Bytes) => {
                let bytes = payload.call_produce(store).map_err(|e| failure("produce", e))?;
                Ok(checksum(&bytes))
            }
            (Direction::FromGuest, ComponentPayload::Records) => {
                let records = payload.call_produce_samples(store).map_err(|e| failure("produce-samples", e))?;
                Ok(checksum_samples(records.iter().map(|s| Sample { key: s.key, value: s.value, flags: s.flags })))
            }
        }
    }
}
