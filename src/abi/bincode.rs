//! Bincode ABI: arguments serialized with bincode (bincode 1.x wire format, see
//! `abi_types::BINCODE_CONFIG`) into a fresh guest allocation on every call. The
//! encoded size is not known up front, so the paper used dynamic memory only.

use abi_types::{BINCODE_CONFIG, MultiplyParams};

use super::transfer::DynamicBuffer;
use super::{Access, GuestFn, MultiplyAbi};
use crate::runtime::Runtime;
use crate::runtime::engine::Loaded;
use crate::{Error, Result};

const MULTIPLY_EXPORT: &str = "multiply_bincode";

pub struct BincodeAbi<R: Runtime> {
    guest: Loaded<R>,
    buffer: DynamicBuffer<R>,
    multiply: GuestFn<R, (i32, i32), i32>,
    staged: MultiplyParams,
    /// Reused encoding buffer: the host allocates nothing per call.
    scratch: Vec<u8>,
}

impl<R: Runtime> BincodeAbi<R> {
    pub(crate) fn new(mut guest: Loaded<R>, access: Access) -> Result<Self> {
        Ok(Self {
            buffer: DynamicBuffer::new(&mut guest, access)?,
            multiply: access.function(&mut guest, MULTIPLY_EXPORT)?,
            guest,
            staged: MultiplyParams::default(),
            scratch: Vec::with_capacity(size_of::<MultiplyParams>()),
        })
    }
}

impl<R: Runtime> MultiplyAbi for BincodeAbi<R> {
    fn prepare(&mut self, x: i32, y: i32) {
        self.staged = MultiplyParams { x, y };
    }

    #[inline]
    fn call(&mut self) -> Result<i32> {
        self.scratch.clear();
        bincode::serde::encode_into_std_write(self.staged, &mut self.scratch, BINCODE_CONFIG)
            .map_err(|e| Error::Encode { export: MULTIPLY_EXPORT, reason: e.to_string() })?;
        let (ptr, len) = self.buffer.send(&mut self.guest, &self.scratch)?;
        self.multiply.call(&mut self.guest, (ptr, len))
    }

    fn memory_size(&mut self) -> Result<u64> {
        self.guest.memory_size()
    }
}
