//! The host half of each ABI: how arguments get from the host into a guest call.
//!
//! One object per ABI ([`PairAbi`], [`BincodeAbi`], [`BytemuckAbi`], [`PostcardAbi`]),
//! all behind [`MultiplyAbi`]. What they share is written once here and in
//! [`transfer`]: reaching an export ([`GuestFn`], cached or by name, dynamic or typed)
//! and moving bytes through guest memory (checked by the runtime's memory API, never
//! through a raw slice of guest memory). Every object is generic over the runtime
//! adapter (`crate::runtime`): the same code runs on Wasmer and Wasmtime.

mod bincode;
mod bytemuck;
mod export;
mod pair;
mod postcard;
pub(crate) mod transfer;

use serde::Deserialize;

pub use self::bincode::BincodeAbi;
pub use self::bytemuck::BytemuckAbi;
pub use self::pair::PairAbi;
pub use self::postcard::PostcardAbi;
pub(crate) use export::{GuestFn, GuestMemory};

use crate::Result;
use crate::runtime::engine::Loaded;
use crate::runtime::{Params, Results, Runtime};

/// How arguments cross into the guest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Abi {
    /// The two `i32` arguments as wasm values.
    Pair,
    /// serde + bincode 2 (legacy, i.e. bincode 1.x wire format) through guest memory.
    Bincode,
    /// The `#[repr(C)]` struct's raw bytes through guest memory.
    Bytemuck,
    /// serde + postcard, a format with a published wire specification.
    Postcard,
}

/// How the host reaches an export (functions and memory) on each call: the paper's
/// "Cached" factor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lookup {
    /// Handles looked up once, when the object is built.
    Cached,
    /// Looked up by name on every call, as the paper's uncached code did.
    ByName,
}

/// How the host invokes a guest function.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CallStyle {
    /// A call with runtime values (`Function::call(&[Value])`), type-checked at run
    /// time; what the paper used.
    Dynamic,
    /// A typed handle (`TypedFunction`, `TypedFunc`): signature checked once,
    /// arguments passed natively.
    Typed,
}

/// When the Pair ABI builds its argument values (dynamic calls only: typed calls take
/// native arguments, so there is nothing to build).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Loading {
    /// Built once, in [`MultiplyAbi::prepare`].
    Preload,
    /// Built on every call, as the paper's code did.
    Hotload,
}

/// Where a memory ABI puts its argument bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Memory {
    /// One guest buffer fetched once and reused: n+1 calls into the VM for n calls.
    Static,
    /// A fresh guest allocation per call (`alloc`, then the call, which frees it): 2n.
    Dynamic,
}

/// The exports an object needs, reached as its configuration says.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Access {
    pub lookup: Lookup,
    pub style: CallStyle,
}

impl Access {
    pub(crate) fn function<R: Runtime, A: Params, Ret: Results>(
        self,
        guest: &mut Loaded<R>,
        name: &'static str,
    ) -> Result<GuestFn<R, A, Ret>> {
        GuestFn::new(guest, name, self.lookup, self.style)
    }

    pub(crate) fn memory<R: Runtime>(self, guest: &mut Loaded<R>) -> Result<GuestMemory<R>> {
        GuestMemory::new(guest, self.lookup)
    }
}

/// A guest that multiplies two numbers, reached through one ABI.
///
/// `prepare` stages the arguments and `call` performs one multiplication in the guest,
/// so a benchmark can time `call` alone; `multiply` does both.
pub trait MultiplyAbi {
    /// Stages `x` and `y` for the following calls.
    fn prepare(&mut self, x: i32, y: i32);

    /// One multiplication of the staged arguments inside the guest.
    fn call(&mut self) -> Result<i32>;

    /// Current size of the guest instance's linear memory, in bytes.
    fn memory_size(&mut self) -> Result<u64>;

    fn multiply(&mut self, x: i32, y: i32) -> Result<i32> {
        self.prepare(x, y);
        self.call()
    }
}

/// A boxed object is called through its vtable (the paper's SRS rows, and code that
/// picks the runtime at run time).
impl<T: MultiplyAbi + ?Sized> MultiplyAbi for Box<T> {
    #[inline]
    fn prepare(&mut self, x: i32, y: i32) {
        (**self).prepare(x, y)
    }

    #[inline]
    fn call(&mut self) -> Result<i32> {
        (**self).call()
    }

    fn memory_size(&mut self) -> Result<u64> {
        (**self).memory_size()
    }
}

/// Any of the ABI objects, dispatched by `match` rather than through a vtable: the form
/// a host uses when it keeps the object in a local variable.
pub enum AbiObject<R: Runtime> {
    Pair(PairAbi<R>),
    Bincode(BincodeAbi<R>),
    Bytemuck(BytemuckAbi<R>),
    Postcard(PostcardAbi<R>),
}

macro_rules! each_abi {
    ($object:expr, $abi:ident => $body:expr) => {
        match $object {
            AbiObject::Pair($abi) => $body,
            AbiObject::Bincode($abi) => $body,
            AbiObject::Bytemuck($abi) => $body,
            AbiObject::Postcard($abi) => $body,
        }
    };
}

impl<R: Runtime> AbiObject<R> {
    /// Boxes the concrete object as a trait object (one vtable, no enum on top).
    pub fn into_boxed(self) -> Box<dyn MultiplyAbi> {
        each_abi!(self, abi => Box::new(abi))
    }
}

impl<R: Runtime> MultiplyAbi for AbiObject<R> {
    #[inline]
    fn prepare(&mut self, x: i32, y: i32) {
        each_abi!(self, abi => abi.prepare(x, y))
    }

    #[inline]
    fn call(&mut self) -> Result<i32> {
        each_abi!(self, abi => abi.call())
    }

    fn memory_size(&mut self) -> Result<u64> {
        each_abi!(self, abi => abi.memory_size())
    }
}
