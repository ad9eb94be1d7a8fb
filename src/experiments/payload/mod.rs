//! Payloads from 16 bytes to 1 MiB across the boundary (beyond the paper, whose ABIs only
//! ever carried 8 bytes), in both directions, through every ABI that carries bytes:
//! Bincode and Postcard (serde formats), Bytemuck (a slice of `Pod` records) and raw
//! bytes. A payload of N bytes is N / 16 [`Sample`] records; the receiving side decodes
//! it and checksums it (`abi_types::checksum`), which is checked against the checksum
//! the payload should have.
//!
//! - [`Direction::ToGuest`]: the host encodes, copies the bytes into a buffer the guest
//!   allocated (`alloc`), and the guest decodes and checksums them (`consume_*`).
//! - [`Direction::FromGuest`]: the guest encodes its records (or points at them) and
//!   returns the buffer (`produce_*`); the host copies the bytes out through the
//!   runtime's checked memory API, decodes and checksums them.
//!
//! [`NativeTransfer`] does the same encode, copy, decode and checksum without WASM;
//! [`Memcpy`] is the physical floor, a plain `copy_from_slice` of the payload's bytes.

#[cfg(feature = "wasmtime")]
pub mod component;

use abi_types::{BINCODE_CONFIG, Sample, checksum, checksum_samples, unpack_buffer};

use crate::abi::transfer::DynamicBuffer;
use crate::abi::{Access, CallStyle, GuestFn, GuestMemory, Lookup};
use crate::runtime::Runtime;
use crate::runtime::engine::{Compiled, Loaded};
use crate::units::size_label;
use crate::{Error, Result};

/// The payload sizes the benchmark sweeps, in bytes.
pub const PAYLOAD_SIZES: [usize; 5] = [16, 256, 4 << 10, 64 << 10, 1 << 20];

/// How the payload is encoded for the crossing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PayloadAbi {
    /// serde + bincode 2 (legacy: bincode 1.x's fixed-width format), a `Vec<Sample>`.
    Bincode,
    /// serde + postcard (varints), a `Vec<Sample>`.
    Postcard,
    /// The records' bytes as they lie in memory; the receiver views them as `&[Sample]`.
    Bytemuck,
    /// Opaque bytes (an HTTP body, an image); the receiver checksums the bytes.
    Raw,
}

impl PayloadAbi {
    pub const ALL: [PayloadAbi; 4] = [PayloadAbi::Bincode, PayloadAbi::Postcard, PayloadAbi::Bytemuck, PayloadAbi::Raw];
}

/// Which way the payload crosses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Host to guest: an argument.
    ToGuest,
    /// Guest to host: a result.
    FromGuest,
}

impl Direction {
    pub const ALL: [Direction; 2] = [Direction::ToGuest, Direction::FromGuest];
}

/// How a payload crosses as a component list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ComponentPayload {
    /// `list<u8>`: the payload's bytes (beside the hand ABIs' raw bytes).
    Bytes,
    /// `list<sample>`: the payload's records (beside Bytemuck).
    Records,
}

impl ComponentPayload {
    pub const ALL: [ComponentPayload; 2] = [ComponentPayload::Bytes, ComponentPayload::Records];
}

/// The payload of `bytes` bytes: `bytes / 16` records (at least one).
pub fn samples(bytes: usize) -> Vec<Sample> {
    (0..(bytes / size_of::<Sample>()).max(1) as u64).map(Sample::nth).collect()
}

/// The checksum every route must report for a payload of `bytes` bytes.
pub fn expected_checksum(bytes: usize) -> u64 {
    checksum_samples(samples(bytes))
}

/// The sender's step: the bytes that cross for `samples` (encoded into `out` when the
/// ABI encodes).
fn encode<'a>(abi: PayloadAbi, samples: &'a [Sample], out: &'a mut Vec<u8>) -> Result<&'a [u8]> {
    let failed = |reason: String| Error::Encode { export: consume_export(abi), reason };
    match abi {
        PayloadAbi::Bincode => {
            out.clear();
            bincode::serde::encode_into_std_write(samples, out, BINCODE_CONFIG).map_err(|e| failed(e.to_string()))?;
            Ok(out)
        }
        PayloadAbi::Postcard => {
            out.clear();
            *out = postcard::to_extend(samples, std::mem::take(out)).map_err(|e| failed(e.to_string()))?;
            Ok(out)
        }
        PayloadAbi::Bytemuck | PayloadAbi::Raw => Ok(bytemuck::cast_slice(samples)),
    }
}

/// The receiver's step: decode `bytes` and checksum what they hold.
fn decode_and_checksum(abi: PayloadAbi, export: &'static str, bytes: &[u8]) -> Result<u64> {
    let failed = |reason: String| Error::GuestBuffer { export, reason: format!("{abi} payload: {reason}") };
    match abi {
        PayloadAbi::Bincode => {
            let (samples, _): (Vec<Sample>, _) =
                bincode::serde::decode_from_slice(bytes, BINCODE_CONFIG).map_err(|e| failed(e.to_string()))?;
            Ok(checksum_samples(samples))
        }
        PayloadAbi::Postcard => {
            let samples: Vec<Sample> = postcard::from_bytes(bytes).map_err(|e| failed(e.to_string()))?;
            Ok(checksum_samples(samples))
        }
        PayloadAbi::Bytemuck => {
            let samples: &[Sample] = bytemuck::try_cast_slice(bytes).map_err(|e| failed(e.to_string()))?;
            Ok(checksum_samples(samples.iter().copied()))
        }
        PayloadAbi::Raw => Ok(checksum(bytes)),
    }
}

/// A receiving buffer aligned for `Sample`, so Bytemuck can view it in place.
#[derive(Default)]
struct Landing {
    words: Vec<u64>,
}

impl Landing {
    /// Its first `len` bytes, growing it if needed.
    fn bytes(&mut self, len: usize) -> &mut [u8] {
        let words = len.div_ceil(size_of::<u64>());
        if self.words.len() < words {
            self.words.resize(words, 0);
        }
        &mut bytemuck::cast_slice_mut(&mut self.words)[..len]
    }
}

/// The baseline: the same encode, copy, decode and checksum, natively. (Both directions
/// are the same work without a boundary.)
pub struct NativeTransfer {
    abi: PayloadAbi,
    samples: Vec<Sample>,
    encoded: Vec<u8>,
    landing: Landing,
}

impl NativeTransfer {
    pub fn new(abi: PayloadAbi, bytes: usize) -> NativeTransfer {
        NativeTransfer { abi, samples: samples(bytes), encoded: Vec::new(), landing: Landing::default() }
    }

    /// One transfer; returns the receiver's checksum.
    pub fn transfer(&mut self) -> Result<u64> {
        let sent = encode(self.abi, &self.samples, &mut self.encoded)?;
        let landing = self.landing.bytes(sent.len());
        landing.copy_from_slice(sent);
        decode_and_checksum(self.abi, "native", landing)
    }
}

/// The physical floor: copying the payload's bytes, nothing else.
pub struct Memcpy {
    source: Vec<u8>,
    landing: Vec<u8>,
}

impl Memcpy {
    pub fn new(bytes: usize) -> Memcpy {
        let source = bytemuck::cast_slice(&samples(bytes)).to_vec();
        Memcpy { landing: vec![0; source.len()], source }
    }

    /// One copy; returns the destination, for the caller to keep observable.
    pub fn copy(&mut self) -> &[u8] {
        self.landing.copy_from_slice(&self.source);
        &self.landing
    }
}

/// The payload guest, one ABI and direction.
pub struct WasmTransfer<R: Runtime> {
    guest: Loaded<R>,
    abi: PayloadAbi,
    route: Route<R>,
}

enum Route<R: Runtime> {
    ToGuest { samples: Vec<Sample>, encoded: Vec<u8>, buffer: DynamicBuffer<R>, consume: GuestFn<R, (i32, i32), i64> },
    FromGuest { produce: GuestFn<R, (), i64>, export: &'static str, memory: GuestMemory<R>, landing: Landing },
}

impl<R: Runtime> WasmTransfer<R> {
    /// Instantiates the compiled payload guest for `abi` in `direction` with payloads of
    /// `bytes` bytes.
    pub fn new(compiled: &Compiled<R>, abi: PayloadAbi, direction: Direction, bytes: usize) -> Result<Self> {
        let mut guest = compiled.instantiate()?;
        let access = Access { lookup: Lookup::Cached, style: CallStyle::Typed };
        let route = match direction {
            Direction::ToGuest => Route::ToGuest {
                samples: samples(bytes),
                encoded: Vec::new(),
                buffer: DynamicBuffer::new(&mut guest, access)?,
                consume: access.function(&mut guest, consume_export(abi))?,
            },
            Direction::FromGuest => {
                let prepare: GuestFn<R, i32, i32> = access.function(&mut guest, "prepare_output")?;
                let bytes = i32::try_from(bytes).map_err(|_| Error::Config {
                    config: size_label(bytes as i64),
                    reason: "payloads are below 2 GiB",
                })?;
                prepare.call(&mut guest, bytes)?;
                let export = produce_export(abi);
                Route::FromGuest {
                    produce: access.function(&mut guest, export)?,
                    export,
                    memory: access.memory(&mut guest)?,
                    landing: Landing::default(),
                }
            }
        };
        Ok(WasmTransfer { guest, abi, route })
    }

    /// One transfer; returns the receiver's checksum.
    #[inline]
    pub fn transfer(&mut self) -> Result<u64> {
        let guest = &mut self.guest;
        match &mut self.route {
            Route::ToGuest { samples, encoded, buffer, consume } => {
                let sent = encode(self.abi, samples, encoded)?;
                let (ptr, len) = buffer.send(guest, sent)?;
                Ok(consume.call(guest, (ptr, len))? as u64)
            }
            Route::FromGuest { produce, export, memory, landing } => {
                let (ptr, len) = unpack_buffer(produce.call(guest, ())?);
                let bytes = landing.bytes(len as usize);
                memory.read(guest, export, ptr, bytes)?;
                decode_and_checksum(self.abi, export, bytes)
            }
        }
    }
}

fn consume_export(abi: PayloadAbi) -> &'static str {
    match abi {
        PayloadAbi::Bincode => "consume_bincode",
        PayloadAbi::Postcard => "consume_postcard",
        PayloadAbi::Bytemuck => "consume_bytemuck",
        PayloadAbi::Raw => "consume_raw",
    }
}

fn produce_export(abi: PayloadAbi) -> &'static str {
    match abi {
        PayloadAbi::Bincode => "produce_bincode",
        PayloadAbi::Postcard => "produce_postcard",
        PayloadAbi::Bytemuck => "produce_bytemuck",
        PayloadAbi::Raw => "produce_raw",
    }
}
