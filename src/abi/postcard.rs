//! Postcard ABI (beyond the paper): serde with postcard, a format with a published wire
//! specification (the paper's section 4.2 asks for one), through the guest's static
//! buffer. The encoding is variable-length, so the call passes its length.

use abi_types::MultiplyParams;

use super::transfer::StaticBuffer;
use super::{Access, GuestFn, MultiplyAbi};
use crate::engine::LoadedGuest;
use crate::{Error, Result};

const MULTIPLY_EXPORT: &str = "multiply_postcard";
/// Postcard writes an `i32` as a zigzag varint of at most 5 bytes.
const MAX_ENCODED_LEN: usize = 2 * 5;

pub struct PostcardAbi {
    guest: LoadedGuest,
    buffer: StaticBuffer,
    multiply: GuestFn<i32, i32>,
    staged: MultiplyParams,
    scratch: [u8; MAX_ENCODED_LEN],
}

impl PostcardAbi {
    pub(crate) fn new(mut guest: LoadedGuest, access: Access) -> Result<Self> {
        let buffer = StaticBuffer::new(&mut guest, access)?;
        Ok(Self {
            multiply: access.function(&guest, MULTIPLY_EXPORT)?,
            scratch: [0; MAX_ENCODED_LEN],
            buffer,
            guest,
            staged: MultiplyParams::default(),
        })
    }
}

impl MultiplyAbi for PostcardAbi {
    fn prepare(&mut self, x: i32, y: i32) {
        self.staged = MultiplyParams { x, y };
    }

    #[inline]
    fn call(&mut self) -> Result<i32> {
        let encoded = postcard::to_slice(&self.staged, &mut self.scratch)
            .map_err(|e| Error::Encode { export: MULTIPLY_EXPORT, reason: e.to_string() })?;
        self.buffer.write(&self.guest, encoded)?;
        let len = encoded.len() as i32; // at most MAX_ENCODED_LEN
        self.multiply.call(&mut self.guest, len)
    }

    fn guest(&self) -> &LoadedGuest {
        &self.guest
    }
}
