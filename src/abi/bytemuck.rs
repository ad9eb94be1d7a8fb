//! Bytemuck ABI: the `#[repr(C)]` struct's raw bytes, copied into guest memory either
//! through a fresh allocation per call (dynamic) or one reused buffer (static).

use abi_types::MultiplyParams;

use super::transfer::{DynamicBuffer, StaticBuffer};
use super::{Access, GuestFn, Memory, MultiplyAbi};
use crate::Result;
use crate::engine::LoadedGuest;

pub struct BytemuckAbi {
    guest: LoadedGuest,
    transfer: Transfer,
    staged: MultiplyParams,
}

enum Transfer {
    Dynamic { buffer: DynamicBuffer, multiply: GuestFn<(i32, i32), i32> },
    Static { buffer: StaticBuffer, multiply: GuestFn<(), i32> },
}

impl BytemuckAbi {
    pub(crate) fn new(mut guest: LoadedGuest, access: Access, memory: Memory) -> Result<Self> {
        let transfer = match memory {
            Memory::Dynamic => Transfer::Dynamic {
                buffer: DynamicBuffer::new(&guest, access)?,
                multiply: access.function(&guest, "multiply_bytemuck")?,
            },
            Memory::Static => Transfer::Static {
                buffer: StaticBuffer::new(&mut guest, access)?,
                multiply: access.function(&guest, "multiply_static")?,
            },
        };
        Ok(Self { guest, transfer, staged: MultiplyParams::default() })
    }
}

impl MultiplyAbi for BytemuckAbi {
    fn prepare(&mut self, x: i32, y: i32) {
        self.staged = MultiplyParams { x, y };
    }

    #[inline]
    fn call(&mut self) -> Result<i32> {
        let bytes = bytemuck::bytes_of(&self.staged);
        match &self.transfer {
            Transfer::Dynamic { buffer, multiply } => {
                let (ptr, len) = buffer.send(&mut self.guest, bytes)?;
                multiply.call(&mut self.guest, (ptr, len))
            }
            Transfer::Static { buffer, multiply } => {
                buffer.write(&self.guest, bytes)?;
                multiply.call(&mut self.guest, ())
            }
        }
    }

    fn guest(&self) -> &LoadedGuest {
        &self.guest
    }
}
