//! Bytemuck ABI: the `#[repr(C)]` struct's raw bytes, copied into guest memory either
//! through a fresh allocation per call (dynamic) or one reused buffer (static).

use abi_types::MultiplyParams;

use super::transfer::{DynamicBuffer, StaticBuffer};
use super::{Access, GuestFn, Memory, MultiplyAbi};
use crate::Result;
use crate::runtime::Runtime;
use crate::runtime::engine::Loaded;

pub struct BytemuckAbi<R: Runtime> {
    guest: Loaded<R>,
    transfer: Transfer<R>,
    staged: MultiplyParams,
}

enum Transfer<R: Runtime> {
    Dynamic { buffer: DynamicBuffer<R>, multiply: GuestFn<R, (i32, i32), i32> },
    Static { buffer: StaticBuffer<R>, multiply: GuestFn<R, (), i32> },
}

impl<R: Runtime> BytemuckAbi<R> {
    pub(crate) fn new(mut guest: Loaded<R>, access: Access, memory: Memory) -> Result<Self> {
        let transfer = match memory {
            Memory::Dynamic => Transfer::Dynamic {
                buffer: DynamicBuffer::new(&mut guest, access)?,
                multiply: access.function(&mut guest, "multiply_bytemuck")?,
            },
            Memory::Static => Transfer::Static {
                buffer: StaticBuffer::new(&mut guest, access)?,
                multiply: access.function(&mut guest, "multiply_static")?,
            },
        };
        Ok(Self { guest, transfer, staged: MultiplyParams::default() })
    }
}

impl<R: Runtime> MultiplyAbi for BytemuckAbi<R> {
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
                buffer.write(&mut self.guest, bytes)?;
                multiply.call(&mut self.guest, ())
            }
        }
    }

    fn memory_size(&mut self) -> Result<u64> {
        self.guest.memory_size()
    }
}
