//! Reaching a guest export, the two ways the paper compares (a cached handle, or a
//! lookup by name on every call) in the two call styles runtimes offer (dynamic, with
//! runtime values type-checked per call, or typed, with native arguments).

use std::borrow::Cow;

use super::{CallStyle, Lookup};
use crate::runtime::engine::Loaded;
use crate::runtime::{CallFailure, Params, Results, Runtime};
use crate::{Error, Result};

/// A guest function `name: A -> Ret`, reached as the configuration says.
pub(crate) struct GuestFn<R: Runtime, A: Params, Ret: Results> {
    name: &'static str,
    handle: Handle<R, A, Ret>,
}

enum Handle<R: Runtime, A: Params, Ret: Results> {
    Dynamic(R::Function),
    Typed(R::Typed<A, Ret>),
    ByName(CallStyle),
}

impl<R: Runtime, A: Params, Ret: Results> GuestFn<R, A, Ret> {
    pub(crate) fn new(guest: &mut Loaded<R>, name: &'static str, lookup: Lookup, style: CallStyle) -> Result<Self> {
        // Resolve and type-check once even for by-name lookups, so a missing or
        // mistyped export fails here rather than in the middle of a benchmark.
        let typed = guest.typed_function::<A, Ret>(name)?;
        let handle = match (lookup, style) {
            (Lookup::Cached, CallStyle::Dynamic) => Handle::Dynamic(guest.function(name)?),
            (Lookup::Cached, CallStyle::Typed) => Handle::Typed(typed),
            (Lookup::ByName, style) => Handle::ByName(style),
        };
        Ok(Self { name, handle })
    }

    pub(crate) fn is_dynamic(&self) -> bool {
        matches!(self.handle, Handle::Dynamic(_) | Handle::ByName(CallStyle::Dynamic))
    }

    /// Calls with native arguments (a dynamic call builds its values here).
    #[inline]
    pub(crate) fn call(&self, guest: &mut Loaded<R>, args: A) -> Result<Ret> {
        match &self.handle {
            Handle::Dynamic(_) | Handle::ByName(CallStyle::Dynamic) => {
                self.call_values(guest, args.to_values::<R>().as_ref())
            }
            Handle::Typed(f) => R::call_typed(&mut guest.instance, f, args).map_err(|e| self.error(e)),
            Handle::ByName(CallStyle::Typed) => {
                let f = guest.typed_function::<A, Ret>(self.name)?;
                R::call_typed(&mut guest.instance, &f, args).map_err(|e| self.error(e))
            }
        }
    }

    /// Dynamic call with argument values the caller built beforehand (Preload).
    #[inline]
    pub(crate) fn call_values(&self, guest: &mut Loaded<R>, values: &[R::Value]) -> Result<Ret> {
        let looked_up;
        let function = match &self.handle {
            Handle::Dynamic(f) => f,
            Handle::ByName(_) => {
                looked_up = guest.function(self.name)?;
                &looked_up
            }
            Handle::Typed(_) => {
                return Err(Error::Config {
                    config: format!("typed call of `{}`", self.name),
                    reason: "prebuilt argument values need the dynamic call style",
                });
            }
        };
        let result = R::call(&mut guest.instance, function, values).map_err(|e| self.error(e))?;
        R::scalar(&result).and_then(Ret::from_scalar).ok_or_else(|| Error::BadReturn {
            export: self.name,
            got: format!("{result:?}"),
            expected: Ret::WASM_TYPE,
        })
    }

    fn error(&self, failure: CallFailure) -> Error {
        let export = self.name;
        match failure {
            CallFailure::Trap(reason) => Error::Trap { export, reason },
            CallFailure::OutOfFuel { limit } => Error::OutOfFuel { export, limit },
            CallFailure::DeadlineExceeded { ticks } => Error::DeadlineExceeded { export, ticks },
            CallFailure::BadReturn(got) => Error::BadReturn { export, got, expected: Ret::WASM_TYPE },
        }
    }
}

/// The guest's linear memory, reached as the configuration says. Every access goes
/// through the runtime's bounds-checked copy, so a bad guest pointer is an `Err`.
pub(crate) struct GuestMemory<R: Runtime> {
    cached: Option<R::Memory>,
}

impl<R: Runtime> GuestMemory<R> {
    pub(crate) fn new(guest: &mut Loaded<R>, lookup: Lookup) -> Result<Self> {
        let memory = guest.memory()?;
        Ok(Self { cached: (lookup == Lookup::Cached).then_some(memory) })
    }

    /// Writes `bytes` at `offset`, on behalf of the export `export` (named in errors).
    #[inline]
    pub(crate) fn write(&self, guest: &mut Loaded<R>, export: &'static str, offset: u32, bytes: &[u8]) -> Result<()> {
        let memory = self.resolve(guest)?;
        R::write(&mut guest.instance, &memory, u64::from(offset), bytes)
            .map_err(|reason| Self::fault(guest, &memory, export, offset, bytes.len(), reason))
    }

    /// Fills `buf` from `offset`, on behalf of the export `export` (named in errors).
    pub(crate) fn read(&self, guest: &mut Loaded<R>, export: &'static str, offset: u32, buf: &mut [u8]) -> Result<()> {
        let memory = self.resolve(guest)?;
        let len = buf.len();
        R::read(&guest.instance, &memory, u64::from(offset), buf)
            .map_err(|reason| Self::fault(guest, &memory, export, offset, len, reason))
    }

    /// Current size of the memory in bytes.
    pub(crate) fn size(&self, guest: &mut Loaded<R>) -> Result<u64> {
        let memory = self.resolve(guest)?;
        Ok(R::memory_size(&guest.instance, &memory))
    }

    /// The cached handle, or one looked up by name now.
    #[inline]
    fn resolve(&self, guest: &mut Loaded<R>) -> Result<Cow<'_, R::Memory>> {
        match &self.cached {
            Some(memory) => Ok(Cow::Borrowed(memory)),
            None => guest.memory().map(Cow::Owned),
        }
    }

    /// The error for a refused access: names the export, the range and the memory size.
    fn fault(
        guest: &Loaded<R>,
        memory: &R::Memory,
        export: &'static str,
        offset: u32,
        len: usize,
        reason: String,
    ) -> Error {
        let memory_size = R::memory_size(&guest.instance, memory);
        Error::GuestMemory { export, offset: u64::from(offset), len: len as u64, memory_size, reason }
    }
}
