//! The small interface every ABI is written against, and one adapter per WebAssembly
//! runtime that implements it.
//!
//! The ABIs (`crate::abi`) and the simulator driver (`crate::experiments::sim`) encode, write, call
//! and read through [`Runtime`] only, so the same host code runs on Wasmer, on
//! Wasmtime and on wasmi. The adapters are types (`Wasmer`, `Wasmtime`, `Wasmi`), and everything above
//! them is generic over the adapter, so a call is dispatched statically: putting a
//! runtime behind this interface costs no time in the benchmarks.
//!
//! The interface is what an embedder needs and no more: compile and load modules,
//! resolve their imports (the host API, [`host_api`]), instantiate, look up an export
//! (a dynamic handle, a typed handle, the memory), call it (dynamically with runtime
//! values, or typed with native arguments), and copy bytes in and out of linear memory
//! through the runtime's bounds-checked API.
//!
//! This floor uses only the foundations below it (errors, the guest modules): the
//! backends ([`Backend`]) are its own; [`engine`] builds the compile/instantiate phases
//! on the adapters and is the one place that matches on which runtime a backend
//! belongs to; `component` (with `wasmtime`) compiles and instantiates the Component
//! Model guest; `wasi` runs the WASI Preview 1 guests with each runtime's WASI context
//! (its hosts with the `wasi` feature).

mod backend;
#[cfg(feature = "wasmtime")]
pub mod component;
pub mod engine;
#[cfg(feature = "wasmtime")]
pub mod epoch;
pub mod host_api;
// In every build: ids name its operations and routes; its hosts need `wasi`.
#[cfg(feature = "wamr")]
mod wamr_adapter;
pub mod wasi;
#[cfg(feature = "wasi")]
pub mod wasi_http;
#[cfg(feature = "wasm3")]
mod wasm3_adapter;
mod wasmer_adapter;

/// An adapter's text compiled against one release of its runtime's crate: the file names
/// the crate only as `api` and the runtime it is to the suite only as `KIND`, so the
/// release before the current one (feature `previous`) is the same adapter over another
/// crate, and an upgrade is measured by the same code on both sides.
macro_rules! adapter_at_release {
    ($(#[$cfg:meta])* $module:ident = $file:literal over $api:ident as $kind:ident) => {
        $(#[$cfg])*
        // `$file` is found beside this file (an inline module's files are otherwise
        // looked for in a folder of its name).
        #[path = "."]
        mod $module {
            use ::$api as api;
            const KIND: super::RuntimeKind = super::RuntimeKind::$kind;
            #[path = $file]
            mod adapter;
            pub use adapter::*;
        }
    };
}

adapter_at_release!(#[cfg(feature = "wasmtime")] wasmtime_current = "wasmtime_adapter.rs" over wasmtime as Wasmtime);
adapter_at_release!(#[cfg(feature = "previous")] wasmtime_previous = "wasmtime_adapter.rs" over wasmtime_previous as WasmtimePrevious);
adapter_at_release!(#[cfg(feature = "wasmi")] wasmi_current = "wasmi_adapter.rs" over wasmi as Wasmi);
adapter_at_release!(#[cfg(feature = "previous")] wasmi_previous = "wasmi_adapter.rs" over wasmi_previous as WasmiPrevious);

use std::fmt;

pub use self::backend::Backend;
pub use self::host_api::{HostError, HostFnStyle, HostState};
#[cfg(feature = "wamr")]
pub use self::wamr_adapter::Wamr;
#[cfg(feature = "wasm3")]
pub use self::wasm3_adapter::Wasm3;
pub use self::wasmer_adapter::Wasmer;
#[cfg(feature = "wasmi")]
pub use self::wasmi_current::Wasmi;
#[cfg(feature = "previous")]
pub use self::wasmi_previous::Wasmi as WasmiPrevious;
#[cfg(feature = "wasmtime")]
pub use self::wasmtime_current::Wasmtime;
#[cfg(feature = "previous")]
pub use self::wasmtime_previous::Wasmtime as WasmtimePrevious;

/// A WebAssembly runtime embedded by the host.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RuntimeKind {
    Wasmer,
    Wasmtime,
    Wasmi,
    Wasm3,
    /// WAMR, its fast interpreter.
    Wamr,
    /// Wasmtime at the release before the current one (feature `previous`): the same
    /// adapter text, compiled against that release's crate.
    WasmtimePrevious,
    /// wasmi at the release before the current one.
    WasmiPrevious,
}

impl RuntimeKind {
    pub fn name(self) -> &'static str {
        match self {
            RuntimeKind::Wasmer => "wasmer",
            RuntimeKind::Wasmtime => "wasmtime",
            RuntimeKind::Wasmi => "wasmi",
            RuntimeKind::Wasm3 => "wasm3",
            RuntimeKind::Wamr => "wamr",
            RuntimeKind::WasmtimePrevious => "wasmtime@49",
            RuntimeKind::WasmiPrevious => "wasmi@1",
        }
    }

    /// The runtime whatever its release: what an API of the runtime's own (fuel kinds,
    /// `InstancePre`, pooling, async calls) depends on.
    pub fn family(self) -> RuntimeKind {
        match self {
            RuntimeKind::WasmtimePrevious => RuntimeKind::Wasmtime,
            RuntimeKind::WasmiPrevious => RuntimeKind::Wasmi,
            other => other,
        }
    }

    /// Whether [`Linking::Once`] resolves imports ahead of instantiation (Wasmtime's
    /// `InstancePre`); without it, it is the same as [`Linking::PerInstance`].
    pub fn resolves_imports_once(self) -> bool {
        self.family() == RuntimeKind::Wasmtime
    }

    /// Whether [`EngineOptions::pooling`] is available (Wasmtime's pooling allocator).
    pub fn pools_instances(self) -> bool {
        self.family() == RuntimeKind::Wasmtime
    }
}

impl fmt::Display for RuntimeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The wasm value types the guests' exports take and return.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scalar {
    I32(i32),
    I64(i64),
}

impl From<i32> for Scalar {
    fn from(v: i32) -> Self {
        Scalar::I32(v)
    }
}

impl From<i64> for Scalar {
    fn from(v: i64) -> Self {
        Scalar::I64(v)
    }
}

/// The export name Rust's wasm32 toolchain gives the guest's linear memory.
pub const MEMORY_EXPORT: &str = "memory";

/// How an engine is set up beyond its compiler.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EngineOptions {
    /// With `Some(limit)`, every call is stopped when it exceeds the limit.
    pub limit: Option<Limit>,
    /// Instances come from a pool of preallocated slots (Wasmtime's pooling allocator)
    /// instead of fresh memory mappings.
    pub pooling: bool,
    /// How an interpreter that translates wasm into its own bytecode does it (wasmi's
    /// compilation modes); `None` is the backend's default. Other backends refuse it.
    pub translation: Option<Translation>,
    /// How the host calls the guest: synchronously, or as an async host on Tokio does
    /// (Wasmtime's `call_async` on a fiber, host functions bound with `func_wrap_async`).
    pub calls: CallMode,
    /// Wasmtime's support for concurrent guests (`Config::concurrency_support`).
    pub concurrency: Concurrency,
}

impl EngineOptions {
    /// Refuses every setting beyond a plain engine, for an interpreter that has none of
    /// them (wasm3, WAMR: no execution limit, pooling, async path, concurrency support
    /// or translation modes), each refusal saying what `runtime` lacks.
    #[cfg(any(feature = "wasm3", feature = "wamr"))]
    pub(crate) fn plain_only(&self, backend: Backend, runtime: &str) -> Result<(), String> {
        if self.limit.is_some() {
            return Err(format!(
                "{runtime} has no epoch interruption and no fuel: it cannot stop a call that runs too long"
            ));
        }
        if self.pooling {
            return Err(format!("{runtime} has no pooling allocator: pooled instances are Wasmtime's"));
        }
        if !self.concurrency.runs_on(backend) {
            return Err(format!("{backend} has no concurrency support to turn off (Wasmtime's setting)"));
        }
        if self.calls != CallMode::Sync {
            return Err(format!("{runtime} has no async call path (Wasmtime's `call_async` is measured instead)"));
        }
        if self.translation.is_some() {
            return Err(format!("{backend} has no translation modes (wasmi's)"));
        }
        Ok(())
    }
}

/// Whether Wasmtime sets up its support for concurrent guests (component-model-async).
/// Where that is compiled in (`wasmtime-wasi` turns it on: the `wasi` build), Wasmtime
/// enables it by default and sets up task state on every synchronous call too; an
/// embedder that makes no concurrent calls can turn it off.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Concurrency {
    /// The runtime's default (Wasmtime: on where compiled in).
    #[default]
    Default,
    /// `Config::concurrency_support(false)`. Wasmtime only.
    Off,
}

impl Concurrency {
    /// Whether this build compiles Wasmtime's concurrency support in, so turning it off
    /// changes something: the `wasi` build (wasmtime-wasi turns on
    /// `component-model-async`).
    pub fn switchable() -> bool {
        cfg!(feature = "wasi")
    }

    /// Whether `backend` has the setting: Wasmtime's only, at the current release (no
    /// build compiles the previous release's concurrency support in, so there it would
    /// turn off nothing).
    pub fn runs_on(self, backend: Backend) -> bool {
        self == Concurrency::Default || backend.runtime() == RuntimeKind::Wasmtime
    }
}

/// How a host calls into the guest and binds its host functions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CallMode {
    /// `call`, host functions as plain closures.
    #[default]
    Sync,
    /// Wasmtime's async path: every call runs on a fiber (`call_async`, instances made
    /// with `instantiate_async`), host functions return futures (`func_wrap_async`).
    /// The future is polled where it is made, as an `.await` inside a running task polls
    /// it; no executor's scheduling is in the figure. Needs the `async` feature.
    Async,
}

impl CallMode {
    pub const ALL: [CallMode; 2] = [CallMode::Sync, CallMode::Async];

    /// Whether `backend` can be called this way: async calls are Wasmtime's (Wasmer 7
    /// and wasmi have no async call path).
    pub fn runs_on(self, backend: Backend) -> bool {
        self == CallMode::Sync || backend.runtime().family() == RuntimeKind::Wasmtime
    }

    /// Whether this build has the mode (async needs the `async` feature).
    pub fn compiled_in(self) -> bool {
        self == CallMode::Sync || cfg!(feature = "async")
    }
}

impl fmt::Display for CallMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CallMode::Sync => "sync",
            CallMode::Async => "async",
        })
    }
}

/// How a host stops a call that runs too long: the two mechanisms embedders choose
/// between, each with its own cost on every call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Limit {
    /// At most this many wasm operators per call: deterministic (Wasmer's metering
    /// middleware, Wasmtime's and wasmi's fuel), every block pays a counter update.
    Fuel(u64),
    /// A wall-clock deadline per call, in ticks of `epoch::EPOCH_TICK` (1 ms) (Wasmtime's epoch
    /// interruption): loop headers and function entries compare the engine's epoch with
    /// the store's deadline. Wasmtime's only.
    Epoch(u64),
}

impl Limit {
    /// The operator limit, if this is fuel.
    pub fn fuel(self) -> Option<u64> {
        match self {
            Limit::Fuel(operators) => Some(operators),
            Limit::Epoch(_) => None,
        }
    }

    /// The operator limit for `runtime`'s engine, which has fuel but no epochs: an epoch
    /// deadline is refused, saying whose it is.
    pub(crate) fn fuel_only(limit: Option<Limit>, runtime: RuntimeKind) -> Result<Option<u64>, String> {
        match limit {
            Some(Limit::Epoch(_)) => {
                Err(format!("{runtime} has no epoch interruption (it is Wasmtime's): it limits a call only by fuel"))
            }
            other => Ok(other.and_then(Limit::fuel)),
        }
    }
}

/// When wasmi validates and translates a module's functions into its bytecode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Translation {
    /// Validate and translate every function when the module is made.
    Eager,
    /// Validate every function when the module is made; translate each on its first
    /// call (wasmi's default, and the `wasmi` backend's without an execution limit;
    /// with one it translates eagerly, as translation would be charged to the limit).
    LazyTranslation,
    /// Only parse when the module is made; validate and translate each function on its
    /// first call.
    Lazy,
}

impl Translation {
    pub const ALL: [Translation; 3] = [Translation::Eager, Translation::LazyTranslation, Translation::Lazy];
}

/// When a module's imports are resolved and type-checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Linking {
    /// Again for every instance (Wasmtime's `Linker::instantiate`; Wasmer's only way).
    PerInstance,
    /// Once, before any instance (Wasmtime's `InstancePre`). A runtime without it
    /// resolves per instance ([`RuntimeKind::resolves_imports_once`] says which).
    Once,
}

/// Why a call into the guest did not return a value.
#[derive(Debug)]
pub enum CallFailure {
    /// The guest trapped (or the call could not be made); the runtime's message.
    Trap(String),
    /// The execution limit stopped the call.
    OutOfFuel { limit: u64 },
    /// The epoch deadline stopped the call (this many ticks after it began).
    DeadlineExceeded { ticks: u64 },
    /// The call returned something other than one value; what it returned.
    BadReturn(String),
}

/// One runtime's side of the embedding. Errors are the runtime's own message; the
/// generic layer above adds which guest, export and backend they concern.
pub trait Runtime: Sized + 'static {
    /// Compiles modules with one compiler backend and its settings.
    type Engine: Clone + 'static;
    /// A compiled module.
    type Module: Clone + 'static;
    /// A module with its imports resolved ([`Linking::Once`]), or the recipe to resolve
    /// them for each instance ([`Linking::PerInstance`]).
    type Prepared: Clone + 'static;
    /// A live instance and the store that owns its state (and its execution limit).
    type Instance: 'static;
    /// A handle on an exported function, called with runtime values.
    type Function: Clone + 'static;
    /// A handle on an exported function whose signature was checked once: `P -> R`.
    type Typed<P: Params, R: Results>: 'static;
    /// A handle on an exported linear memory.
    type Memory: Clone + 'static;
    /// The runtime's dynamic value (an argument or result of a dynamic call).
    type Value: Clone + fmt::Debug + 'static;

    /// A fresh engine of `backend` (one of this runtime's) set up as `options` say.
    fn engine(backend: Backend, options: &EngineOptions) -> Result<Self::Engine, String>;
    fn compile(engine: &Self::Engine, bytes: &[u8]) -> Result<Self::Module, String>;
    /// Resolves `module`'s imports: the host API bound in `host`'s style, or nothing.
    fn prepare(
        engine: &Self::Engine,
        module: &Self::Module,
        host: Option<HostFnStyle>,
        linking: Linking,
    ) -> Result<Self::Prepared, String>;
    /// A fresh store and instance; `limit` is the per-call limit the engine was made with.
    fn instantiate(prepared: &Self::Prepared, limit: Option<Limit>) -> Result<Self::Instance, String>;
    /// The host API's state, for an instance made with it.
    fn host_state(instance: &mut Self::Instance) -> Option<&mut HostState>;
    /// The compiled artifact, as a JIT cache would store it.
    fn serialize(module: &Self::Module) -> Result<Vec<u8>, String>;
    /// Loads an artifact made by [`Runtime::serialize`].
    ///
    /// # Safety
    /// `bytes` is loaded as executable code: it must come from `serialize` of the same
    /// runtime version and backend.
    unsafe fn deserialize(engine: &Self::Engine, bytes: &[u8]) -> Result<Self::Module, String>;

    fn function(instance: &mut Self::Instance, export: &str) -> Result<Self::Function, String>;
    /// Looks up `export` and checks that its signature is `P -> R`.
    fn typed<P: Params, R: Results>(instance: &mut Self::Instance, export: &str) -> Result<Self::Typed<P, R>, String>;
    fn memory(instance: &mut Self::Instance, export: &str) -> Result<Self::Memory, String>;

    /// A dynamic call: arguments and result are runtime values, type-checked per call.
    fn call(
        instance: &mut Self::Instance,
        function: &Self::Function,
        args: &[Self::Value],
    ) -> Result<Self::Value, CallFailure>;
    /// A typed call with native arguments.
    fn call_typed<P: Params, R: Results>(
        instance: &mut Self::Instance,
        function: &Self::Typed<P, R>,
        args: P,
    ) -> Result<R, CallFailure>;

    /// Copies `bytes` into `memory` at `offset`; an out-of-bounds range is an `Err`.
    fn write(instance: &mut Self::Instance, memory: &Self::Memory, offset: u64, bytes: &[u8]) -> Result<(), String>;
    /// Fills `buf` from `memory` at `offset`; an out-of-bounds range is an `Err`.
    fn read(instance: &Self::Instance, memory: &Self::Memory, offset: u64, buf: &mut [u8]) -> Result<(), String>;
    /// Current size of `memory`, in bytes.
    fn memory_size(instance: &Self::Instance, memory: &Self::Memory) -> u64;

    fn value(scalar: Scalar) -> Self::Value;
    /// The value as a [`Scalar`], if it is an i32 or i64.
    fn scalar(value: &Self::Value) -> Option<Scalar>;
}

/// The memory copies and value conversions of a [`Runtime`] whose API has Wasmtime's
/// shape (wasmtime, wasmi, wasm3: `Memory::write(&mut store, offset, bytes)`,
/// `read(&store, offset, buf)`, `data_size(&store)`, a `Val` with `I32` and `I64`), in
/// the adapter's `impl Runtime`, for its `$instance` type with a `store` field and its
/// `Memory` and `Val` in scope. One text, so the three adapters cannot drift apart.
#[allow(unused_macros)] // unused in a build with none of the three runtimes that use it
macro_rules! store_memory_and_values {
    ($instance:ty) => {
        #[inline]
        fn write(guest: &mut $instance, memory: &Memory, offset: u64, bytes: &[u8]) -> Result<(), String> {
            let offset = usize::try_from(offset).map_err(|e| e.to_string())?;
            memory.write(&mut guest.store, offset, bytes).map_err(|e| e.to_string())
        }

        fn read(guest: &$instance, memory: &Memory, offset: u64, buf: &mut [u8]) -> Result<(), String> {
            let offset = usize::try_from(offset).map_err(|e| e.to_string())?;
            memory.read(&guest.store, offset, buf).map_err(|e| e.to_string())
        }

        fn memory_size(guest: &$instance, memory: &Memory) -> u64 {
            memory.data_size(&guest.store) as u64
        }

        #[inline]
        fn value(scalar: $crate::runtime::Scalar) -> Val {
            match scalar {
                $crate::runtime::Scalar::I32(v) => Val::I32(v),
                $crate::runtime::Scalar::I64(v) => Val::I64(v),
            }
        }

        #[inline]
        fn scalar(value: &Val) -> Option<$crate::runtime::Scalar> {
            match *value {
                Val::I32(v) => Some($crate::runtime::Scalar::I32(v)),
                Val::I64(v) => Some($crate::runtime::Scalar::I64(v)),
                _ => None,
            }
        }
    };
}
#[allow(unused_imports)] // unused in a build with none of the three runtimes that use it
pub(crate) use store_memory_and_values;

/// The host API bound in a linker, and the helpers its functions share, for a runtime
/// whose API has wasmi's shape (wasmi at each release, wasm3: `Linker::func_wrap` and
/// `func_new`, `FuncType::new(params, results)`, `Caller::data_mut`, a `Val` with `I32`),
/// in the adapter's module, with its `Engine`, `Linker`, `Caller`, `FuncType`, `ValType`,
/// `Val`, its `HostData` (whose `host` holds the [`HostState`]) and its own `read` and
/// `write` (how each lends its memory differs) in scope. `$error` is the runtime's host
/// error, `$new_error` makes one from a message. One text, so the adapters cannot drift.
#[allow(unused_macros)] // unused in a build with neither wasmi nor wasm3
macro_rules! wasmi_shaped_host_api {
    ($error:ty, $new_error:path) => {
        /// A linker offering the host API in `host`'s style, or nothing.
        fn linker(engine: &Engine, host: Option<$crate::runtime::HostFnStyle>) -> Result<Linker<HostData>, String> {
            let mut linker = Linker::new(engine);
            if let Some(style) = host {
                define_host_api(&mut linker, style).map_err(|e| e.to_string())?;
            }
            Ok(linker)
        }

        /// The host API in `linker`, in `style`.
        fn define_host_api(linker: &mut Linker<HostData>, style: $crate::runtime::HostFnStyle) -> Result<(), $error> {
            use $crate::runtime::HostFnStyle;
            use $crate::runtime::host_api::HOST_MODULE;
            type Ctx<'a> = Caller<'a, HostData>;
            match style {
                HostFnStyle::Typed => {
                    linker.func_wrap(HOST_MODULE, "nop", |mut caller: Ctx| -> Result<(), $error> {
                        state(&mut caller)?.nop();
                        Ok(())
                    })?;
                    linker.func_wrap(HOST_MODULE, "add", |mut caller: Ctx, a: i32, b: i32| -> Result<i32, $error> {
                        Ok(state(&mut caller)?.add(a, b))
                    })?;
                    linker.func_wrap(HOST_MODULE, "read", |mut caller: Ctx, ptr: i32, len: i32| {
                        read(&mut caller, ptr, len)
                    })?;
                    linker.func_wrap(HOST_MODULE, "write", |mut caller: Ctx, ptr: i32, len: i32| {
                        write(&mut caller, ptr, len)
                    })?;
                }
                HostFnStyle::Dynamic => {
                    let ty = |params: &[ValType], results: &[ValType]| {
                        FuncType::new(params.iter().copied(), results.iter().copied())
                    };
                    let (none, one, two) = (&[][..], &[ValType::I32][..], &[ValType::I32, ValType::I32][..]);
                    linker.func_new(HOST_MODULE, "nop", ty(none, none), |mut caller, _, _| {
                        state(&mut caller)?.nop();
                        Ok(())
                    })?;
                    linker.func_new(HOST_MODULE, "add", ty(two, one), |mut caller, args, results| {
                        results[0] = Val::I32(state(&mut caller)?.add(i32_arg(args, 0)?, i32_arg(args, 1)?));
                        Ok(())
                    })?;
                    linker.func_new(HOST_MODULE, "read", ty(two, one), |mut caller, args, results| {
                        results[0] = Val::I32(read(&mut caller, i32_arg(args, 0)?, i32_arg(args, 1)?)?);
                        Ok(())
                    })?;
                    linker.func_new(HOST_MODULE, "write", ty(two, none), |mut caller, args, _| {
                        write(&mut caller, i32_arg(args, 0)?, i32_arg(args, 1)?)
                    })?;
                }
            }
            Ok(())
        }

        /// A dynamic host function's i32 argument (the runtime checked the types against
        /// the signature; this only guards the index).
        fn i32_arg(args: &[Val], index: usize) -> Result<i32, $error> {
            match args.get(index) {
                Some(Val::I32(v)) => Ok(*v),
                _ => Err($new_error(format!("argument {index} is not an i32"))),
            }
        }

        fn refused(error: $crate::runtime::HostError) -> $error {
            $new_error(error.0)
        }

        fn state<'a>(caller: &'a mut Caller<'_, HostData>) -> Result<&'a mut $crate::runtime::HostState, $error> {
            caller.data_mut().host.as_mut().ok_or_else(|| refused(missing("state")))
        }

        fn missing(what: &str) -> $crate::runtime::HostError {
            $crate::runtime::HostError(format!("the host API has no {what} in this store"))
        }
    };
}
#[allow(unused_imports)] // unused in a build with neither wasmi nor wasm3
pub(crate) use wasmi_shaped_host_api;

// What each runtime's typed calls require of an argument or result type, one module per
// runtime with typed-call traits of its own. Without that runtime's feature the traits
// are empty, so the bounds below hold for any type.
macro_rules! typed_call_bounds {
    ($module:ident, $feature:literal, $runtime:ident) => {
        #[cfg(feature = $feature)]
        mod $module {
            pub trait Ty: $runtime::WasmTy {}
            impl<T: $runtime::WasmTy> Ty for T {}
            pub trait ParamList: $runtime::WasmParams {}
            impl<T: $runtime::WasmParams> ParamList for T {}
            pub trait ResultList: $runtime::WasmResults {}
            impl<T: $runtime::WasmResults> ResultList for T {}
        }
        #[cfg(not(feature = $feature))]
        mod $module {
            pub trait Ty {}
            impl<T> Ty for T {}
            pub trait ParamList {}
            impl<T> ParamList for T {}
            pub trait ResultList {}
            impl<T> ResultList for T {}
        }
    };
}

typed_call_bounds!(wasmtime_bounds, "wasmtime", wasmtime);
typed_call_bounds!(wasmi_bounds, "wasmi", wasmi);
typed_call_bounds!(wasm3_bounds, "wasm3", wasm3x);
typed_call_bounds!(wasmtime_previous_bounds, "previous", wasmtime_previous);
typed_call_bounds!(wasmi_previous_bounds, "previous", wasmi_previous);

/// Wasmer's typed-call bound (Wasmer is in every build): here beside the others, so the
/// bounds of [`Params`] are in one place and no adapter is imported by this interface.
pub(crate) mod wasmer_bounds {
    /// Wasmer's typed call takes one parameter per argument; this spreads a tuple.
    pub trait TypedCall: wasmer::WasmTypeList + Sized {
        fn call<R: wasmer::WasmTypeList>(
            f: &wasmer::TypedFunction<Self, R>,
            store: &mut wasmer::Store,
            args: Self,
        ) -> Result<R, wasmer::RuntimeError>;
    }

    impl TypedCall for () {
        #[inline]
        fn call<R: wasmer::WasmTypeList>(
            f: &wasmer::TypedFunction<Self, R>,
            store: &mut wasmer::Store,
            (): Self,
        ) -> Result<R, wasmer::RuntimeError> {
            f.call(store)
        }
    }

    /// One argument of either type the guests take.
    macro_rules! one_argument {
        ($($arg:ty),+) => {$(
            impl TypedCall for $arg {
                #[inline]
                fn call<R: wasmer::WasmTypeList>(
                    f: &wasmer::TypedFunction<Self, R>,
                    store: &mut wasmer::Store,
                    a: Self,
                ) -> Result<R, wasmer::RuntimeError> {
                    f.call(store, a)
                }
            }
        )+};
    }
    one_argument!(i32, i64);

    impl<A: wasmer::FromToNativeWasmType, B: wasmer::FromToNativeWasmType> TypedCall for (A, B) {
        #[inline]
        fn call<R: wasmer::WasmTypeList>(
            f: &wasmer::TypedFunction<Self, R>,
            store: &mut wasmer::Store,
            (a, b): Self,
        ) -> Result<R, wasmer::RuntimeError> {
            f.call(store, a, b)
        }
    }
}

/// A wasm argument type the guests use: `i32` or `i64`.
pub trait Arg:
    Copy
    + Send
    + Sync
    + Into<Scalar>
    + wasmer::FromToNativeWasmType
    + wasmer::WasmTypeList
    + wasmtime_bounds::Ty
    + wasmi_bounds::Ty
    + wasm3_bounds::Ty
    + wasmtime_previous_bounds::Ty
    + wasmi_previous_bounds::Ty
{
}
impl Arg for i32 {}
impl Arg for i64 {}

/// Argument lists the guests' exports take: `()`, one `i32` or `i64`, or a pair.
pub trait Params:
    Copy
    + Send
    + Sync
    + wasmer_bounds::TypedCall
    + wasmtime_bounds::ParamList
    + wasmi_bounds::ParamList
    + wasm3_bounds::ParamList
    + wasmtime_previous_bounds::ParamList
    + wasmi_previous_bounds::ParamList
    + 'static
{
    /// The arguments as a dynamic call's values (a fixed-size array: no allocation).
    type DynamicArgs<V>: AsRef<[V]>;
    fn to_values<RT: Runtime>(self) -> Self::DynamicArgs<RT::Value>;
}

impl Params for () {
    type DynamicArgs<V> = [V; 0];
    fn to_values<RT: Runtime>(self) -> [RT::Value; 0] {
        []
    }
}

impl Params for i32 {
    type DynamicArgs<V> = [V; 1];
    fn to_values<RT: Runtime>(self) -> [RT::Value; 1] {
        [RT::value(self.into())]
    }
}

impl Params for i64 {
    type DynamicArgs<V> = [V; 1];
    fn to_values<RT: Runtime>(self) -> [RT::Value; 1] {
        [RT::value(self.into())]
    }
}

impl<A: Arg + 'static, B: Arg + 'static> Params for (A, B)
where
    (A, B): wasmtime_bounds::ParamList
        + wasmi_bounds::ParamList
        + wasm3_bounds::ParamList
        + wasmtime_previous_bounds::ParamList
        + wasmi_previous_bounds::ParamList,
{
    type DynamicArgs<V> = [V; 2];
    fn to_values<RT: Runtime>(self) -> [RT::Value; 2] {
        [RT::value(self.0.into()), RT::value(self.1.into())]
    }
}

/// Result types the guests' exports return: one `i32` or one `i64`.
pub trait Results:
    Copy
    + Send
    + Sync
    + wasmer::WasmTypeList
    + wasmer::FromToNativeWasmType
    + wasmtime_bounds::ResultList
    + wasmi_bounds::ResultList
    + wasm3_bounds::ResultList
    + wasmtime_previous_bounds::ResultList
    + wasmi_previous_bounds::ResultList
    + 'static
{
    /// How error messages name the expected result.
    const WASM_TYPE: &'static str;
    fn from_scalar(scalar: Scalar) -> Option<Self>;
}

impl Results for i32 {
    const WASM_TYPE: &'static str = "one i32";
    fn from_scalar(scalar: Scalar) -> Option<Self> {
        match scalar {
            Scalar::I32(v) => Some(v),
            Scalar::I64(_) => None,
        }
    }
}

impl Results for i64 {
    const WASM_TYPE: &'static str = "one i64";
    fn from_scalar(scalar: Scalar) -> Option<Self> {
        match scalar {
            Scalar::I64(v) => Some(v),
            Scalar::I32(_) => None,
        }
    }
}
