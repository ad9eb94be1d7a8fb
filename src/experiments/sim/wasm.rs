//! The simulator guest driven through one ABI, with handles cached or looked up by
//! name on every call (as the paper's uncached modules did), in either call style.

use abi_types::{BINCODE_CONFIG, unpack_buffer};
use policies::{PolicyKind, Stats};

use super::{SimAbi, SimDriver};
use crate::abi::transfer::{DynamicBuffer, StaticBuffer};
use crate::abi::{Access, CallStyle, GuestFn, GuestMemory, Lookup};
use crate::runtime::Runtime;
use crate::runtime::engine::{Compiled, Loaded};
use crate::workload::Request;
use crate::{Error, Result};

const INIT_EXPORT: &str = "init";
const STATS_EXPORT: &str = "stats";
/// `init`'s answer to a capacity below one byte.
const INIT_BAD_CAPACITY: i32 = 2;

pub struct WasmDriver<R: Runtime> {
    guest: Loaded<R>,
    init: GuestFn<R, (i32, i64), i32>,
    stats: GuestFn<R, (), i64>,
    memory: GuestMemory<R>,
    sender: Sender<R>,
}

/// How one ABI sends the trace's requests.
enum Sender<R: Runtime> {
    Pair(GuestFn<R, (i32, i32), i32>),
    Bincode { buffer: DynamicBuffer<R>, send: GuestFn<R, (i32, i32), i32>, scratch: Vec<u8> },
    Bytemuck { buffer: StaticBuffer<R>, send: GuestFn<R, (), i32> },
    Batch { buffer: StaticBuffer<R>, send: GuestFn<R, i32, i32>, batch_size: usize },
}

impl<R: Runtime> WasmDriver<R> {
    pub fn new(
        compiled: &Compiled<R>,
        abi: SimAbi,
        lookup: Lookup,
        call: CallStyle,
        batch_size: usize,
    ) -> Result<Self> {
        let mut guest = compiled.instantiate()?;
        let access = Access { lookup, style: call };
        let sender = match abi {
            SimAbi::Pair => Sender::Pair(access.function(&mut guest, "send")?),
            SimAbi::Bincode => Sender::Bincode {
                buffer: DynamicBuffer::new(&mut guest, access)?,
                send: access.function(&mut guest, "send_bincode")?,
                scratch: Vec::with_capacity(size_of::<Request>()),
            },
            SimAbi::Bytemuck => Sender::Bytemuck {
                buffer: StaticBuffer::new(&mut guest, access)?,
                send: access.function(&mut guest, "send_static")?,
            },
            SimAbi::Batch => {
                let buffer = StaticBuffer::new(&mut guest, access)?;
                let fits = buffer.capacity() / size_of::<Request>();
                if batch_size == 0 || batch_size > fits {
                    return Err(Error::BatchSize { requested: batch_size, guest_capacity: fits });
                }
                Sender::Batch { buffer, send: access.function(&mut guest, "send_batch")?, batch_size }
            }
        };
        Ok(WasmDriver {
            init: access.function(&mut guest, INIT_EXPORT)?,
            stats: access.function(&mut guest, STATS_EXPORT)?,
            memory: access.memory(&mut guest)?,
            guest,
            sender,
        })
    }

    fn read_stats(&mut self) -> Result<Stats> {
        let (ptr, len) = unpack_buffer(self.stats.call(&mut self.guest, ())?);
        if len as usize != size_of::<Stats>() {
            return Err(Error::GuestBuffer {
                export: STATS_EXPORT,
                reason: format!("{len} bytes of counters, expected {}", size_of::<Stats>()),
            });
        }
        let mut bytes = [0u8; size_of::<Stats>()];
        self.memory.read(&mut self.guest, STATS_EXPORT, ptr, &mut bytes)?;
        Ok(bytemuck::pod_read_unaligned(&bytes))
    }
}

impl<R: Runtime> SimDriver for WasmDriver<R> {
    fn start(&mut self, policy: PolicyKind, capacity: i64) -> Result<()> {
        match self.init.call(&mut self.guest, (policy.code(), capacity))? {
            0 => Ok(()),
            INIT_BAD_CAPACITY => Err(Error::CacheSize { bytes: capacity }),
            code => Err(Error::BadReturn { export: INIT_EXPORT, got: code.to_string(), expected: "0 (initialised)" }),
        }
    }

    fn send(&mut self, trace: &[Request]) -> Result<()> {
        let guest = &mut self.guest;
        match &mut self.sender {
            Sender::Pair(send) => {
                for request in trace {
                    // The u32 id and size travel as the bits of two wasm i32s.
                    send.call(guest, (request.id as i32, request.size as i32))?;
                }
            }
            Sender::Bincode { buffer, send, scratch } => {
                for request in trace {
                    scratch.clear();
                    bincode::serde::encode_into_std_write(request, scratch, BINCODE_CONFIG)
                        .map_err(|e| Error::Encode { export: "send_bincode", reason: e.to_string() })?;
                    let (ptr, len) = buffer.send(guest, scratch)?;
                    send.call(guest, (ptr, len))?;
                }
            }
            Sender::Bytemuck { buffer, send } => {
                for request in trace {
                    buffer.write(guest, bytemuck::bytes_of(request))?;
                    send.call(guest, ())?;
                }
            }
            Sender::Batch { buffer, send, batch_size } => {
                for chunk in trace.chunks(*batch_size) {
                    buffer.write(guest, bytemuck::cast_slice(chunk))?;
                    // chunk.len() <= batch_size, which fits the guest's buffer (checked in new).
                    send.call(guest, chunk.len() as i32)?;
                }
            }
        }
        Ok(())
    }

    fn stats(&mut self) -> Result<Stats> {
        self.read_stats()
    }
}
