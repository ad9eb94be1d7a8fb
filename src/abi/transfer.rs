//! Moving argument bytes into guest memory, the two ways the paper compares.

use abi_types::unpack_buffer;

use super::{Access, GuestFn, GuestMemory, Lookup};
use crate::runtime::Runtime;
use crate::runtime::engine::Loaded;
use crate::{Error, Result};

/// Dynamic memory: ask the guest for a buffer on every call (`alloc(len) -> ptr`), fill
/// it, and pass `(ptr, len)` to the consuming export, which frees it. Two calls into the
/// VM per host call.
pub(crate) struct DynamicBuffer<R: Runtime> {
    alloc: GuestFn<R, i32, i32>,
    memory: GuestMemory<R>,
}

const ALLOC_EXPORT: &str = "alloc";

impl<R: Runtime> DynamicBuffer<R> {
    pub(crate) fn new(guest: &mut Loaded<R>, access: Access) -> Result<Self> {
        Ok(Self { alloc: access.function(guest, ALLOC_EXPORT)?, memory: access.memory(guest)? })
    }

    /// Copies `bytes` into a fresh guest allocation; returns `(ptr, len)` for the call.
    #[inline]
    pub(crate) fn send(&self, guest: &mut Loaded<R>, bytes: &[u8]) -> Result<(i32, i32)> {
        let len = i32::try_from(bytes.len()).map_err(|_| Error::Encode {
            export: ALLOC_EXPORT,
            reason: format!("{} bytes do not fit a wasm32 length", bytes.len()),
        })?;
        let ptr = self.alloc.call(guest, len)?;
        if ptr == 0 {
            return Err(Error::GuestBuffer {
                export: ALLOC_EXPORT,
                reason: format!("allocating {len} bytes returned null"),
            });
        }
        // A negative i32 is an address above 2 GiB: reinterpret, the write checks bounds.
        self.memory.write(guest, ALLOC_EXPORT, ptr as u32, bytes)?;
        Ok((ptr, len))
    }
}

/// Static memory: one buffer the guest exposes once (`static_buffer() -> i64`, address
/// and length packed), reused by every call. n+1 calls into the VM for n host calls.
pub(crate) struct StaticBuffer<R: Runtime> {
    ptr: u32,
    len: u32,
    memory: GuestMemory<R>,
}

const STATIC_BUFFER_EXPORT: &str = "static_buffer";

impl<R: Runtime> StaticBuffer<R> {
    pub(crate) fn new(guest: &mut Loaded<R>, access: Access) -> Result<Self> {
        // Fetched once whatever the lookup mode: that is what makes the memory static.
        let locate: GuestFn<R, (), i64> = GuestFn::new(guest, STATIC_BUFFER_EXPORT, Lookup::Cached, access.style)?;
        let (ptr, len) = unpack_buffer(locate.call(guest, ())?);
        let memory = access.memory(guest)?;
        let memory_size = memory.size(guest)?;
        if u64::from(ptr) + u64::from(len) > memory_size || len == 0 {
            return Err(Error::GuestBuffer {
                export: STATIC_BUFFER_EXPORT,
                reason: format!("buffer at {ptr} of {len} bytes is empty or outside the {memory_size}-byte memory"),
            });
        }
        Ok(Self { ptr, len, memory })
    }

    /// Size of the guest's buffer in bytes.
    pub(crate) fn capacity(&self) -> usize {
        self.len as usize
    }

    /// Copies `bytes` to the start of the buffer.
    #[inline]
    pub(crate) fn write(&self, guest: &mut Loaded<R>, bytes: &[u8]) -> Result<()> {
        if bytes.len() > self.len as usize {
            return Err(Error::Encode {
                export: STATIC_BUFFER_EXPORT,
                reason: format!("{} bytes do not fit the guest's {}-byte static buffer", bytes.len(), self.len),
            });
        }
        self.memory.write(guest, STATIC_BUFFER_EXPORT, self.ptr, bytes)
    }
}
