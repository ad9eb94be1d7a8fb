//! Reaching a guest export, the two ways the paper compares (a cached handle, or a
//! lookup by name on every call) in the two call styles Wasmer offers (dynamic
//! `Function::call(&[Value])`, or a `TypedFunction`).

use wasmer::{
    FromToNativeWasmType, Function, Memory, MemoryAccessError, MemoryView, RuntimeError, Store, TypedFunction, Value,
    WasmTypeList,
};

use super::{CallStyle, Lookup};
use crate::engine::LoadedGuest;
use crate::{Error, Result};

/// Argument lists the guests' exports take.
pub(crate) trait Params: WasmTypeList + Copy {
    type Values: AsRef<[Value]>;
    fn to_values(self) -> Self::Values;
    fn call_typed<R: WasmTypeList>(
        f: &TypedFunction<Self, R>,
        store: &mut Store,
        args: Self,
    ) -> Result<R, RuntimeError>;
}

impl Params for () {
    type Values = [Value; 0];
    fn to_values(self) -> Self::Values {
        []
    }
    fn call_typed<R: WasmTypeList>(f: &TypedFunction<Self, R>, store: &mut Store, (): Self) -> Result<R, RuntimeError> {
        f.call(store)
    }
}

impl Params for i32 {
    type Values = [Value; 1];
    fn to_values(self) -> Self::Values {
        [Value::I32(self)]
    }
    fn call_typed<R: WasmTypeList>(f: &TypedFunction<Self, R>, store: &mut Store, a: Self) -> Result<R, RuntimeError> {
        f.call(store, a)
    }
}

impl<A, B> Params for (A, B)
where
    A: FromToNativeWasmType + Into<Value> + Copy,
    B: FromToNativeWasmType + Into<Value> + Copy,
{
    type Values = [Value; 2];
    fn to_values(self) -> Self::Values {
        [self.0.into(), self.1.into()]
    }
    fn call_typed<R: WasmTypeList>(
        f: &TypedFunction<Self, R>,
        store: &mut Store,
        (a, b): Self,
    ) -> Result<R, RuntimeError> {
        f.call(store, a, b)
    }
}

/// Result types the guests' exports return.
pub(crate) trait Results: WasmTypeList + FromToNativeWasmType {
    const WASM_TYPE: &'static str;
    fn from_values(values: &[Value]) -> Option<Self>;
}

impl Results for i32 {
    const WASM_TYPE: &'static str = "one i32";
    fn from_values(values: &[Value]) -> Option<Self> {
        match values {
            [Value::I32(v)] => Some(*v),
            _ => None,
        }
    }
}

impl Results for i64 {
    const WASM_TYPE: &'static str = "one i64";
    fn from_values(values: &[Value]) -> Option<Self> {
        match values {
            [Value::I64(v)] => Some(*v),
            _ => None,
        }
    }
}

/// A guest function `name: A -> R`, reached as the configuration says.
pub(crate) struct GuestFn<A, R> {
    name: &'static str,
    handle: Handle<A, R>,
}

enum Handle<A, R> {
    Dynamic(Function),
    Typed(TypedFunction<A, R>),
    ByName(CallStyle),
}

impl<A: Params, R: Results> GuestFn<A, R> {
    pub(crate) fn new(guest: &LoadedGuest, name: &'static str, lookup: Lookup, style: CallStyle) -> Result<Self> {
        // Resolve and type-check once even for by-name lookups, so a missing or
        // mistyped export fails here rather than in the middle of a benchmark.
        let typed = guest.typed_function::<A, R>(name)?;
        let handle = match (lookup, style) {
            (Lookup::Cached, CallStyle::Dynamic) => Handle::Dynamic(guest.function(name)?.clone()),
            (Lookup::Cached, CallStyle::Typed) => Handle::Typed(typed),
            (Lookup::ByName, style) => Handle::ByName(style),
        };
        Ok(Self { name, handle })
    }

    pub(crate) fn is_dynamic(&self) -> bool {
        matches!(self.handle, Handle::Dynamic(_) | Handle::ByName(CallStyle::Dynamic))
    }

    /// Calls with native arguments (a dynamic call builds its `Value`s here).
    #[inline]
    pub(crate) fn call(&self, guest: &mut LoadedGuest, args: A) -> Result<R> {
        match &self.handle {
            Handle::Dynamic(_) | Handle::ByName(CallStyle::Dynamic) => {
                self.call_values(guest, args.to_values().as_ref())
            }
            Handle::Typed(f) => {
                guest.refuel(self.name)?;
                A::call_typed(f, &mut guest.store, args).map_err(|e| guest.trap_error(self.name, e))
            }
            Handle::ByName(CallStyle::Typed) => {
                let f = guest.typed_function::<A, R>(self.name)?;
                guest.refuel(self.name)?;
                A::call_typed(&f, &mut guest.store, args).map_err(|e| guest.trap_error(self.name, e))
            }
        }
    }

    /// Dynamic call with argument values the caller built beforehand (Preload).
    #[inline]
    pub(crate) fn call_values(&self, guest: &mut LoadedGuest, values: &[Value]) -> Result<R> {
        let looked_up;
        let function = match &self.handle {
            Handle::Dynamic(f) => f,
            Handle::ByName(_) => {
                // A handle, cloned so the store can be borrowed mutably for the call.
                looked_up = guest.function(self.name)?.clone();
                &looked_up
            }
            Handle::Typed(_) => {
                return Err(Error::Config {
                    config: format!("typed call of `{}`", self.name),
                    reason: "prebuilt argument values need the dynamic call style",
                });
            }
        };
        guest.refuel(self.name)?;
        let results = function.call(&mut guest.store, values).map_err(|e| guest.trap_error(self.name, e))?;
        R::from_values(&results).ok_or_else(|| Error::BadReturn {
            export: self.name,
            got: format!("{results:?}"),
            expected: R::WASM_TYPE,
        })
    }
}

/// The guest's linear memory, reached as the configuration says. Every access goes
/// through Wasmer's bounds-checked `MemoryView`, so a bad guest pointer is an `Err`.
pub(crate) struct GuestMemory {
    cached: Option<Memory>,
}

impl GuestMemory {
    pub(crate) fn new(guest: &LoadedGuest, lookup: Lookup) -> Result<Self> {
        let memory = guest.memory()?;
        Ok(Self { cached: (lookup == Lookup::Cached).then(|| memory.clone()) })
    }

    /// Writes `bytes` at `offset`, on behalf of the export `export` (named in errors).
    #[inline]
    pub(crate) fn write(&self, guest: &LoadedGuest, export: &'static str, offset: u32, bytes: &[u8]) -> Result<()> {
        self.checked(guest, export, offset, bytes.len(), |view, at| view.write(at, bytes))
    }

    /// Fills `buf` from `offset`, on behalf of the export `export` (named in errors).
    pub(crate) fn read(&self, guest: &LoadedGuest, export: &'static str, offset: u32, buf: &mut [u8]) -> Result<()> {
        let len = buf.len();
        self.checked(guest, export, offset, len, |view, at| view.read(at, buf))
    }

    /// Current size of the memory in bytes.
    pub(crate) fn size(&self, guest: &LoadedGuest) -> Result<u64> {
        Ok(self.resolve(guest)?.view(&guest.store).data_size())
    }

    fn resolve<'a>(&'a self, guest: &'a LoadedGuest) -> Result<&'a Memory> {
        match &self.cached {
            Some(memory) => Ok(memory),
            None => guest.memory(),
        }
    }

    /// Runs one bounds-checked access and turns its failure into an error that names
    /// the export, the range and the memory size.
    #[inline]
    fn checked(
        &self,
        guest: &LoadedGuest,
        export: &'static str,
        offset: u32,
        len: usize,
        access: impl FnOnce(&MemoryView, u64) -> Result<(), MemoryAccessError>,
    ) -> Result<()> {
        let view = self.resolve(guest)?.view(&guest.store);
        access(&view, u64::from(offset)).map_err(|source| Error::GuestMemory {
            export,
            offset: u64::from(offset),
            len: len as u64,
            memory_size: view.data_size(),
            source,
        })
    }
}
