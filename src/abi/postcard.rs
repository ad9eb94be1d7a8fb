//! Postcard ABI (beyond the paper): serde with postcard, a format with a published wire
//! specification (the paper's section 4.2 asks for one), through the guest's static
//! buffer. The encoding is variable-length, so the call passes its length.

use abi_types::MultiplyParams;

use super::transfer::StaticBuffer;
use super::{Access, GuestFn, MultiplyAbi};
use crate::runtime::Runtime;
use crate::runtime::engine::Loaded;
use crate::{Error, Result};

const MULTIPLY_EXPORT: &str = "multiply_postcard";
/// Postcard writes an `i32` as a zigzag varint of at most 5 bytes.
const MAX_ENCODED_LEN: usize = 2 * 5;

pub struct PostcardAbi<R: Runtime> {
    guest: Loaded<R>,
    buffer: StaticBuffer<R>,
    multiply: GuestFn<R, i32, i32>,
    staged: MultiplyParams,
    scratch: [u8; MAX_ENCODED_LEN],
}

impl<R: Runtime> PostcardAbi<R> {
    pub(crate) fn new(mut guest: Loaded<R>, access: Access) -> Result<Self> {
        let buffer = StaticBuffer::new(&mut guest, access)?;
        Ok(Self {
            multiply: access.function(&mut guest, MULTIPLY_EXPORT)?,
            scratch: [0; MAX_ENCODED_LEN],
            buffer,
            guest,
            staged: MultiplyParams::default(),
        })
    }
}

impl<R: Runtime> MultiplyAbi for PostcardAbi<R> {
    fn prepare(&mut self, x: i32, y: i32) {
        self.staged = MultiplyParams { x, y };
    }

    #[inline]
    fn call(&mut self) -> Result<i32> {
        let encoded = postcard::to_slice(&self.staged, &mut self.scratch)
            .map_err(|e| Error::Encode { export: MULTIPLY_EXPORT, reason: e.to_string() })?;
        self.buffer.write(&mut self.guest, encoded)?;
        let len = encoded.len() as i32; // at most MAX_ENCODED_LEN
        self.multiply.call(&mut self.guest, len)
    }

    fn memory_size(&mut self) -> Result<u64> {
        self.guest.memory_size()
    }
}
