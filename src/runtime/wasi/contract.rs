//! What every runtime's WASI host (`on_wasmtime`, `on_wasmer`, `on_wasmi`) implements and
//! shares: the traits [`host`](super::host) erases them behind, the exports an instance
//! calls, the handles looked up once, the host functions' state and the bounds check of
//! a guest range. It imports nothing of the hosts or of `host`, so the hosts depend on it
//! and `host` on both, with no circle.

use super::{HostIo, IoOp, IoRoute};
use crate::runtime::Linking;
use crate::runtime::engine::Engine;

/// What a `hostfn` instance's host functions reach: their state, and the guest's memory
/// (the runtime's memory handle `M`, set once the instance exists).
pub(super) struct HostFnData<M> {
    pub(super) io: HostIo,
    pub(super) memory: Option<M>,
}

/// The name the WASI context gives the program (its `argv[0]`).
pub(super) const PROGRAM: &str = "wasi";

/// One runtime's way of running the I/O guests. Errors are the runtime's own message;
/// the erased types below add which guest and export they concern.
pub(super) trait IoHost {
    /// A compiled module of one route.
    type Module: Clone + 'static;
    fn compile(engine: &Engine, bytes: &[u8]) -> Result<Self::Module, String>;
    /// The module with what it imports resolved as `linking` says (where the runtime can
    /// resolve imports ahead of instantiation).
    fn prepare(
        engine: &Engine,
        module: &Self::Module,
        route: IoRoute,
        linking: Linking,
    ) -> Result<Box<dyn PreparedIo>, String>;
}

/// A module ready to instantiate: each instance gets a fresh store, a fresh WASI context
/// (or host state) and fresh captured stdout.
pub(super) trait PreparedIo {
    fn instantiate(&self) -> Result<Box<dyn IoInstance>, String>;
}

/// A live instance of an I/O guest, its handles on the exports looked up once.
pub(super) trait IoInstance {
    /// Calls `export(n)` (`export()` for the exports without an argument; `n` unused).
    fn call(&mut self, export: Export, n: i64) -> Result<i64, String>;
    /// The stdout captured since the last take.
    fn take_stdout(&mut self) -> Result<Vec<u8>, String>;
    /// Calls the guest made to the typed host functions (0 on the WASI route).
    fn host_calls(&self) -> u64;
}

/// The exports an instance calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Export {
    Op(IoOp),
    /// `clock_span() -> i64`.
    ClockSpan,
    /// `request() -> i64`.
    Request,
}

impl Export {
    pub(super) fn name(self) -> &'static str {
        match self {
            Export::Op(op) => op.export(),
            Export::ClockSpan => "clock_span",
            Export::Request => "request",
        }
    }
}

/// The handles every runtime looks up once per instance, by export.
#[derive(Clone)]
pub(super) struct Handles<Op, Nullary> {
    ops: [Op; 3],
    pub(super) clock_span: Nullary,
    pub(super) request: Nullary,
}

impl<Op, Nullary> Handles<Op, Nullary> {
    /// Looks every export up in `instance` (the runtime's store or instance), in
    /// [`IoOp::ALL`]'s order, so `ops[op as usize]` is `op`'s.
    pub(super) fn lookup<S, E>(
        instance: &mut S,
        op: impl Fn(&mut S, &'static str) -> Result<Op, E>,
        nullary: impl Fn(&mut S, &'static str) -> Result<Nullary, E>,
    ) -> Result<Self, E> {
        let [clock, random, stdout] = IoOp::ALL.map(IoOp::export);
        Ok(Handles {
            ops: [op(instance, clock)?, op(instance, random)?, op(instance, stdout)?],
            clock_span: nullary(instance, Export::ClockSpan.name())?,
            request: nullary(instance, Export::Request.name())?,
        })
    }

    #[inline]
    pub(super) fn op(&self, op: IoOp) -> &Op {
        &self.ops[op as usize]
    }
}

/// A `hostfn` instance on a runtime whose store holds `$data` (its [`HostFnData`]) and
/// whose live instance (`$live<T>`: `store`, `memory`, `call`) is made by `$prepared<T>`
/// (Wasmtime's and wasmi's, which differ only in their types): instantiating it with the
/// host functions' state, and reading that state back. Every name it uses is spelled in
/// full, so it expands the same wherever it is used.
macro_rules! hostfn_instance {
    ($prepared:ident, $live:ident, $data:ty, $runtime:expr) => {
        impl $crate::runtime::wasi::contract::PreparedIo for $prepared<$data> {
            fn instantiate(&self) -> Result<Box<dyn $crate::runtime::wasi::contract::IoInstance>, String> {
                let io = $crate::runtime::wasi::HostIo::new($crate::runtime::wasi::RandomSource::of($runtime));
                let mut live = self.instantiate($crate::runtime::wasi::contract::HostFnData { io, memory: None })?;
                live.store.data_mut().memory = live.memory;
                Ok(Box::new(live))
            }
        }

        impl $crate::runtime::wasi::contract::IoInstance for $live<$data> {
            #[inline]
            fn call(&mut self, export: $crate::runtime::wasi::contract::Export, n: i64) -> Result<i64, String> {
                $live::call(self, export, n)
            }

            fn take_stdout(&mut self) -> Result<Vec<u8>, String> {
                Ok(std::mem::take(&mut self.store.data_mut().io.stdout))
            }

            fn host_calls(&self) -> u64 {
                self.store.data().io.calls
            }
        }
    };
}

pub(super) use hostfn_instance;

/// The live instance of a runtime whose API has Wasmtime's shape (Wasmtime's, wasmi's):
/// its `Store<T>`, its memory if it exports one and its handles, with the one call every
/// export goes through; `$failure` turns the runtime's error into the line a failed call
/// reports.
macro_rules! live_instance {
    ($runtime:ident, $failure:expr) => {
        /// A live instance, its store and its handles.
        struct Live<T: 'static> {
            store: $runtime::Store<T>,
            memory: Option<$runtime::Memory>,
            handles:
                $crate::runtime::wasi::contract::Handles<$runtime::TypedFunc<i64, i64>, $runtime::TypedFunc<(), i64>>,
        }

        impl<T: 'static> Live<T> {
            #[inline]
            fn call(&mut self, export: $crate::runtime::wasi::contract::Export, n: i64) -> Result<i64, String> {
                use $crate::runtime::wasi::contract::Export;
                let handles = &self.handles;
                match export {
                    Export::Op(op) => handles.op(op).call(&mut self.store, n),
                    Export::ClockSpan => handles.clock_span.call(&mut self.store, ()),
                    Export::Request => handles.request.call(&mut self.store, ()),
                }
                .map_err($failure)
            }
        }
    };
}

pub(super) use live_instance;

/// The guest range `(ptr, len)` if it lies inside a memory of `memory` bytes; else why
/// the host function refuses it (the guest traps with that message).
pub(super) fn guest_range(function: &str, ptr: u32, len: u32, memory: usize) -> Result<std::ops::Range<usize>, String> {
    let (start, end) = (ptr as usize, ptr as usize + len as usize);
    if end > memory {
        return Err(format!(
            "host function `{function}` refused bytes {start}..{end} of the guest's {memory}-byte memory"
        ));
    }
    Ok(start..end)
}
