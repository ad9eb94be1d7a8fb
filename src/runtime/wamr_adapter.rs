//! [`Runtime`] on WAMR, the Bytecode Alliance's WebAssembly Micro Runtime, as its fast
//! interpreter (through `wamrx-sys`, whose C sources are bundled and built by CMake).
//! Loading a module validates it and translates every function into WAMR's own
//! bytecode at once, so a "compile" here is a load. The suite binds WAMR's C embedding
//! API directly, as a C or C++ host would (proxy-wasm's hosts do): a typed call is
//! `wasm_runtime_call_wasm` over the arguments in 32-bit cells, a dynamic call is
//! `wasm_runtime_call_wasm_a` over tagged values WAMR checks against the signature.
//!
//! What WAMR's model decides, said where it bites:
//! - Host functions ("natives") are registered process-wide, per import module name,
//!   and linked when a module is loaded: one set can answer the guests' `host` imports,
//!   so WAMR offers the host API in one style, its typed natives (a C signature such as
//!   `(ii)i`; [`HostFnStyle::Dynamic`] is refused, see [`HostFnStyle::runs_on`]).
//!   A native finds its instance's [`HostState`] through the instance's custom data.
//! - No fuel, no deadline (WAMR's instruction metering is a compile-time option the
//!   bundled build leaves off, and `wasm_runtime_terminate` needs a second thread), no
//!   pooling, no async path, and no artifact: engines asked for any of these are refused
//!   with the reason.

use std::cell::Cell;
use std::ffi::{CStr, CString, c_char, c_void};
use std::marker::PhantomData;
use std::ptr;
use std::rc::Rc;
use std::sync::OnceLock;

use wamrx_sys as sys;

use super::host_api::{HOST_MODULE, HostFnStyle, HostState};
use super::{Backend, CallFailure, EngineOptions, Limit, Linking, Params, Results, Runtime, Scalar};

/// The WAMR adapter.
pub struct Wamr;

/// WAMR's runtime is one per process: an engine is the promise that it is set up (and
/// the host API's natives registered), with this backend's settings checked.
#[derive(Clone)]
pub struct WamrEngine(());

/// A loaded module, with the bytes WAMR keeps pointing into and the imports it declares.
#[derive(Clone)]
pub struct WamrModule {
    loaded: Rc<Loaded>,
    imports: Rc<[(String, String)]>,
}

struct Loaded {
    raw: sys::wasm_module_t,
    /// WAMR reads the module's strings and code from this buffer for the module's life.
    _bytes: Box<[u8]>,
}

impl Drop for Loaded {
    fn drop(&mut self) {
        // SAFETY: `raw` came from `wasm_runtime_load` and every instance of it holds an
        // `Rc` of this, so none is left.
        unsafe { sys::wasm_runtime_unload(self.raw) };
    }
}

/// A module whose imports were checked against what the host offers (WAMR linked them
/// when it loaded the module, so there is nothing left to resolve).
#[derive(Clone)]
pub struct WamrPrepared {
    module: WamrModule,
    host: Option<HostFnStyle>,
}

/// A live instance, its execution environment (its operand stack) and the host state
/// its natives reach through the instance's custom data.
pub struct WamrInstance {
    raw: sys::wasm_module_inst_t,
    exec_env: sys::wasm_exec_env_t,
    /// Boxed so its address, given to WAMR, stays put while the instance moves.
    data: Box<HostData>,
    _module: Rc<Loaded>,
}

impl Drop for WamrInstance {
    fn drop(&mut self) {
        // SAFETY: both came from WAMR for this instance and are released once, the
        // environment before the instance it runs.
        unsafe {
            sys::wasm_runtime_destroy_exec_env(self.exec_env);
            sys::wasm_runtime_deinstantiate(self.raw);
        }
    }
}

/// What the natives reach: the host API's state, for an instance made with it.
#[derive(Default)]
pub struct HostData {
    host: Option<HostState>,
}

/// An exported function, with how many values it returns (checked on each dynamic call).
#[derive(Clone)]
pub struct WamrFunction {
    raw: sys::wasm_function_inst_t,
    results: u32,
}

/// An exported function whose signature was checked once against `P -> R`.
pub struct WamrTyped<P, R> {
    raw: sys::wasm_function_inst_t,
    /// Whether the result comes back in two cells.
    returns_i64: bool,
    _signature: PhantomData<fn(P) -> R>,
}

/// A linear memory; its base and size are read on each access, as growing may move it.
#[derive(Clone)]
pub struct WamrMemory(sys::wasm_memory_inst_t);

/// The operand stack and frames of each instance's execution environment, which bound
/// how deep a guest may recurse before it traps ("wasm operand stack overflow"): the
/// fast interpreter runs wasm calls in one C frame, so the native stack is never at risk.
const EXEC_STACK_BYTES: u32 = 256 * 1024;

/// What WAMR reserves per instance for the guest's `malloc` it manages itself: nothing,
/// the guests bring their own allocator.
const HOST_MANAGED_HEAP_BYTES: u32 = 0;

impl Runtime for Wamr {
    type Engine = WamrEngine;
    type Module = WamrModule;
    type Prepared = WamrPrepared;
    type Instance = WamrInstance;
    type Function = WamrFunction;
    type Typed<P: Params, R: Results> = WamrTyped<P, R>;
    type Memory = WamrMemory;
    type Value = Scalar;

    fn engine(backend: Backend, options: &EngineOptions) -> Result<WamrEngine, String> {
        if backend != Backend::Wamr {
            return Err(format!("{backend} is not a WAMR backend"));
        }
        options.plain_only(backend, "WAMR (as built here)")?;
        runtime()?;
        Ok(WamrEngine(()))
    }

    fn compile(_: &WamrEngine, bytes: &[u8]) -> Result<WamrModule, String> {
        let imports = super::host_api::declared_imports(bytes)?;
        let size = u32::try_from(bytes.len()).map_err(|_| format!("a {}-byte module is too large", bytes.len()))?;
        let mut owned: Box<[u8]> = bytes.into();
        thread_env();
        let mut error = [0 as c_char; 256];
        // SAFETY: the buffer lives as long as the module (`Loaded` owns both) and WAMR
        // writes at most `error.len()` bytes of message.
        let raw = unsafe { sys::wasm_runtime_load(owned.as_mut_ptr(), size, error.as_mut_ptr(), error.len() as u32) };
        if raw.is_null() {
            return Err(message(&error));
        }
        Ok(WamrModule { loaded: Rc::new(Loaded { raw, _bytes: owned }), imports })
    }

    fn prepare(
        _: &WamrEngine,
        module: &WamrModule,
        host: Option<HostFnStyle>,
        _: Linking,
    ) -> Result<WamrPrepared, String> {
        if host.is_some_and(|style| !style.runs_on(Backend::Wamr)) {
            return Err("WAMR links one set of natives per import module, process-wide: it offers the host API \
                        as typed natives only"
                .into());
        }
        super::host_api::check_offered(&module.imports, host)?;
        Ok(WamrPrepared { module: module.clone(), host })
    }

    fn instantiate(prepared: &WamrPrepared, _: Option<Limit>) -> Result<WamrInstance, String> {
        thread_env();
        let loaded = &prepared.module.loaded;
        let mut error = [0 as c_char; 256];
        // SAFETY: the module is alive (the instance keeps an `Rc` of it).
        let raw = unsafe {
            sys::wasm_runtime_instantiate(
                loaded.raw,
                EXEC_STACK_BYTES,
                HOST_MANAGED_HEAP_BYTES,
                error.as_mut_ptr(),
                error.len() as u32,
            )
        };
        if raw.is_null() {
            return Err(message(&error));
        }
        // SAFETY: `raw` is a live instance.
        let exec_env = unsafe { sys::wasm_runtime_create_exec_env(raw, EXEC_STACK_BYTES) };
        if exec_env.is_null() {
            // SAFETY: made above, released once.
            unsafe { sys::wasm_runtime_deinstantiate(raw) };
            return Err("WAMR could not make an execution environment".into());
        }
        let mut data = Box::new(HostData { host: prepared.host.map(|_| HostState::default()) });
        // SAFETY: the box outlives the instance (both are dropped together, the instance
        // first) and only the natives read the pointer, during a call.
        unsafe { sys::wasm_runtime_set_custom_data(raw, (&mut *data as *mut HostData).cast()) };
        Ok(WamrInstance { raw, exec_env, data, _module: Rc::clone(loaded) })
    }

    fn host_state(guest: &mut WamrInstance) -> Option<&mut HostState> {
        guest.data.host.as_mut()
    }

    fn serialize(_: &WamrModule) -> Result<Vec<u8>, String> {
        Err("WAMR's fast interpreter keeps no compiled artifact (its bytecode points into the loaded module): \
             there is nothing to serialize"
            .into())
    }

    unsafe fn deserialize(_: &WamrEngine, _: &[u8]) -> Result<WamrModule, String> {
        Err("WAMR's fast interpreter has no compiled artifact to load".into())
    }

    fn function(guest: &mut WamrInstance, export: &str) -> Result<WamrFunction, String> {
        let raw = lookup(guest, export)?;
        // SAFETY: `raw` is a function of this live instance.
        let results = unsafe { sys::wasm_func_get_result_count(raw, guest.raw) };
        Ok(WamrFunction { raw, results })
    }

    fn typed<P: Params, R: Results>(guest: &mut WamrInstance, export: &str) -> Result<WamrTyped<P, R>, String> {
        let raw = lookup(guest, export)?;
        let (params, results) = (kinds::<P>(), kinds::<R>());
        let (Some(params), Some(results)) = (params, results) else {
            return Err(format!("the typed call `{export}` takes a parameter or result type WAMR is not bound for"));
        };
        // SAFETY: `raw` is a function of this live instance; each buffer holds as many
        // kinds as WAMR says the function has.
        let (have_params, have_results) = unsafe {
            let mut have_params = vec![0; sys::wasm_func_get_param_count(raw, guest.raw) as usize];
            let mut have_results = vec![0; sys::wasm_func_get_result_count(raw, guest.raw) as usize];
            sys::wasm_func_get_param_types(raw, guest.raw, have_params.as_mut_ptr());
            sys::wasm_func_get_result_types(raw, guest.raw, have_results.as_mut_ptr());
            (have_params, have_results)
        };
        if have_params != params || have_results != results {
            return Err(format!(
                "`{export}` is {} -> {}, not {} -> {}",
                kind_names(&have_params),
                kind_names(&have_results),
                kind_names(params),
                kind_names(results)
            ));
        }
        Ok(WamrTyped { raw, returns_i64: results == [I64], _signature: PhantomData })
    }

    fn memory(guest: &mut WamrInstance, export: &str) -> Result<WamrMemory, String> {
        let name = CString::new(export).map_err(|_| format!("no memory export `{export}`"))?;
        // SAFETY: a live instance and a NUL-terminated name.
        let raw = unsafe { sys::wasm_runtime_lookup_memory(guest.raw, name.as_ptr()) };
        if raw.is_null() {
            return Err(format!("no memory export `{export}`"));
        }
        Ok(WamrMemory(raw))
    }

    #[inline]
    fn call(guest: &mut WamrInstance, function: &WamrFunction, args: &[Scalar]) -> Result<Scalar, CallFailure> {
        if function.results != 1 {
            return Err(CallFailure::BadReturn(format!("{} values", function.results)));
        }
        // WAMR checks the count and kind of every argument against the signature, and
        // converts the tagged values to its cells and back, on each call.
        let mut values = [tagged(Scalar::I32(0)); 2];
        if args.len() > values.len() {
            return Err(CallFailure::Trap(format!("{} arguments; the guests' exports take at most 2", args.len())));
        }
        let count = args.len();
        for (value, arg) in values.iter_mut().zip(args) {
            *value = tagged(*arg);
        }
        let mut result = [tagged(Scalar::I32(0))];
        // SAFETY: a function of this live instance, run in its environment, with buffers
        // of the sizes given.
        let ok = unsafe {
            sys::wasm_runtime_call_wasm_a(
                guest.exec_env,
                function.raw,
                1,
                result.as_mut_ptr(),
                count as u32,
                values.as_mut_ptr(),
            )
        };
        if !ok {
            return Err(CallFailure::Trap(take_exception(guest)));
        }
        untagged(&result[0]).ok_or_else(|| CallFailure::BadReturn("a value that is neither i32 nor i64".into()))
    }

    #[inline]
    fn call_typed<P: Params, R: Results>(
        guest: &mut WamrInstance,
        function: &WamrTyped<P, R>,
        args: P,
    ) -> Result<R, CallFailure> {
        // The arguments in WAMR's 32-bit cells (an i64 in two, low first); the result
        // comes back in the first cells. The guests take at most two i64s: four cells.
        let mut cells = [0u32; 4];
        let mut used = 0;
        for arg in args.to_values::<Wamr>().as_ref() {
            match *arg {
                Scalar::I32(v) => {
                    cells[used] = v as u32;
                    used += 1;
                }
                Scalar::I64(v) => {
                    cells[used] = v as u32;
                    cells[used + 1] = (v >> 32) as u32;
                    used += 2;
                }
            }
        }
        // SAFETY: the signature was checked when the handle was made, so the cells hold
        // the arguments and room for the result.
        let ok = unsafe { sys::wasm_runtime_call_wasm(guest.exec_env, function.raw, used as u32, cells.as_mut_ptr()) };
        if !ok {
            return Err(CallFailure::Trap(take_exception(guest)));
        }
        let low = i64::from(cells[0]);
        let scalar =
            if function.returns_i64 { Scalar::I64(low | (i64::from(cells[1]) << 32)) } else { Scalar::I32(low as i32) };
        R::from_scalar(scalar).ok_or_else(|| CallFailure::BadReturn(format!("not {}", R::WASM_TYPE)))
    }

    #[inline]
    fn write(_: &mut WamrInstance, memory: &WamrMemory, offset: u64, bytes: &[u8]) -> Result<(), String> {
        let range = memory_range(memory, offset, bytes.len())?;
        // SAFETY: `range` lies inside the memory, and nothing else borrows it during a
        // host-side copy.
        unsafe { linear_memory(memory)[range].copy_from_slice(bytes) };
        Ok(())
    }

    fn read(_: &WamrInstance, memory: &WamrMemory, offset: u64, buf: &mut [u8]) -> Result<(), String> {
        let range = memory_range(memory, offset, buf.len())?;
        // SAFETY: as in `write`.
        buf.copy_from_slice(unsafe { &linear_memory(memory)[range] });
        Ok(())
    }

    fn memory_size(_: &WamrInstance, memory: &WamrMemory) -> u64 {
        memory_bytes(memory.0)
    }

    #[inline]
    fn value(scalar: Scalar) -> Scalar {
        scalar
    }

    #[inline]
    fn scalar(value: &Scalar) -> Option<Scalar> {
        Some(*value)
    }
}

/// Sets up WAMR's process-wide runtime once, with the host API's natives registered
/// before any module is loaded (WAMR links imports at load).
fn runtime() -> Result<(), String> {
    static RUNTIME: OnceLock<Result<(), String>> = OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            let mut args =
                sys::RuntimeInitArgs { mem_alloc_type: sys::Alloc_With_System_Allocator, ..Default::default() };
            // SAFETY: a fully initialised argument struct; this runs once per process.
            if !unsafe { sys::wasm_runtime_full_init(&mut args) } {
                return Err("WAMR's runtime could not be initialised".into());
            }
            register_host_api()
        })
        .clone()
}

/// WAMR asks every thread that loads, instantiates or calls to set up its thread
/// environment first (the benches use one thread; the tests many).
fn thread_env() {
    struct ThreadEnv;
    impl Drop for ThreadEnv {
        fn drop(&mut self) {
            // SAFETY: pairs the set-up below, at the thread's exit.
            unsafe { sys::wasm_runtime_destroy_thread_env() };
        }
    }
    thread_local! {
        static THREAD_ENV: Cell<Option<ThreadEnv>> = const { Cell::new(None) };
    }
    THREAD_ENV.with(|env| {
        let set_up = env.take();
        // SAFETY: the runtime is up (an engine exists before any module).
        env.set(Some(set_up.unwrap_or_else(|| {
            unsafe { sys::wasm_runtime_init_thread_env() };
            ThreadEnv
        })));
    });
}

/// The host API as WAMR's typed natives, under [`HOST_MODULE`], in the order
/// `HOST_FUNCTIONS` names them; each signature is WAMR's `(params)result` string.
fn register_host_api() -> Result<(), String> {
    let native = |name: &'static CStr, function: *mut c_void, signature: &'static CStr| sys::NativeSymbol {
        symbol: name.as_ptr(),
        func_ptr: function,
        signature: signature.as_ptr(),
        attachment: ptr::null_mut(),
    };
    let symbols = [
        native(c"nop", nop as *mut c_void, c"()"),
        native(c"add", add as *mut c_void, c"(ii)i"),
        native(c"read", read as *mut c_void, c"(ii)i"),
        native(c"write", write as *mut c_void, c"(ii)"),
    ];
    debug_assert!(
        symbols
            .iter()
            .zip(super::host_api::HOST_FUNCTIONS)
            .all(|(s, name)| unsafe { CStr::from_ptr(s.symbol) }.to_str() == Ok(name))
    );
    // WAMR keeps pointers into the table and the module name for the process's life.
    let symbols: &'static mut [sys::NativeSymbol] = Box::leak(Box::new(symbols));
    let module: &'static CStr = Box::leak(CString::new(HOST_MODULE).expect("no NUL").into_boxed_c_str());
    // SAFETY: both live for the rest of the process.
    if unsafe { sys::wasm_runtime_register_natives(module.as_ptr(), symbols.as_mut_ptr(), symbols.len() as u32) } {
        Ok(())
    } else {
        Err("WAMR refused to register the host API's natives".into())
    }
}

/// The calling instance's host state and the instance, for a native; `Err` (after setting
/// the guest's trap) for an instance made without the host API.
///
/// # Safety
/// `exec_env` is the environment WAMR passed the native, during its call.
unsafe fn caller<'a>(exec_env: sys::wasm_exec_env_t) -> Result<(&'a mut HostState, sys::wasm_module_inst_t), ()> {
    // SAFETY: the instance of a running call, whose custom data is its `HostData`.
    unsafe {
        let instance = sys::wasm_runtime_get_module_inst(exec_env);
        let data = sys::wasm_runtime_get_custom_data(instance).cast::<HostData>();
        match data.as_mut().and_then(|data| data.host.as_mut()) {
            Some(state) => Ok((state, instance)),
            None => {
                trap(exec_env, "the host API has no state in this instance");
                Err(())
            }
        }
    }
}

/// Makes the calling guest trap with `message` when the native returns.
///
/// # Safety
/// As [`caller`].
unsafe fn trap(exec_env: sys::wasm_exec_env_t, message: &str) {
    let message = CString::new(message.replace('\0', " ")).expect("NULs replaced");
    // SAFETY: WAMR copies the message into the instance.
    unsafe { sys::wasm_runtime_set_exception(sys::wasm_runtime_get_module_inst(exec_env), message.as_ptr()) };
}

unsafe extern "C" fn nop(exec_env: sys::wasm_exec_env_t) {
    // SAFETY: WAMR calls natives with the caller's environment.
    if let Ok((state, _)) = unsafe { caller(exec_env) } {
        state.nop();
    }
}

unsafe extern "C" fn add(exec_env: sys::wasm_exec_env_t, a: i32, b: i32) -> i32 {
    // SAFETY: as in `nop`.
    unsafe { caller(exec_env) }.map_or(0, |(state, _)| state.add(a, b))
}

/// `read`: copies the guest's bytes out of its memory, returns their checksum.
unsafe extern "C" fn read(exec_env: sys::wasm_exec_env_t, ptr: i32, len: i32) -> i32 {
    // SAFETY: as in `nop`; the range is checked against the memory's size before the
    // copy, and the guest is paused in this call.
    unsafe {
        let Ok((state, instance)) = caller(exec_env) else { return 0 };
        // Looked up here, not for every native: `nop` and `add` need no memory.
        let memory = sys::wasm_runtime_get_default_memory(instance);
        match HostState::range("read", ptr, len, memory_bytes(memory)) {
            Ok(range) => {
                let len = range.len();
                state.read_buffer(len).copy_from_slice(&linear_memory(&WamrMemory(memory))[range]);
                state.read_done(len)
            }
            Err(refused) => {
                trap(exec_env, &refused.0);
                0
            }
        }
    }
}

/// `write`: copies the host's bytes into the guest's memory.
unsafe extern "C" fn write(exec_env: sys::wasm_exec_env_t, ptr: i32, len: i32) {
    // SAFETY: as in `read`.
    unsafe {
        let Ok((state, instance)) = caller(exec_env) else { return };
        let memory = sys::wasm_runtime_get_default_memory(instance);
        let written = HostState::range("write", ptr, len, memory_bytes(memory)).and_then(|range| {
            let source = state.write_source(range.len())?;
            linear_memory(&WamrMemory(memory))[range].copy_from_slice(source);
            Ok(())
        });
        if let Err(refused) = written {
            trap(exec_env, &refused.0);
        }
    }
}

/// The bytes of `memory` as they are now.
///
/// # Safety
/// No other reference to the memory's bytes may be live while this one is used, and the
/// memory must not grow meanwhile.
unsafe fn linear_memory<'a>(memory: &WamrMemory) -> &'a mut [u8] {
    // SAFETY: WAMR's base address and size describe the memory's bytes; the caller keeps
    // them unaliased and unmoved.
    unsafe {
        let base = sys::wasm_memory_get_base_address(memory.0).cast::<u8>();
        if base.is_null() {
            return &mut [];
        }
        std::slice::from_raw_parts_mut(base, memory_bytes(memory.0) as usize)
    }
}

fn memory_bytes(memory: sys::wasm_memory_inst_t) -> u64 {
    if memory.is_null() {
        return 0;
    }
    // SAFETY: a memory of a live instance.
    unsafe { sys::wasm_memory_get_cur_page_count(memory).saturating_mul(sys::wasm_memory_get_bytes_per_page(memory)) }
}

/// `offset..offset + len` in `memory`, if it lies inside it.
fn memory_range(memory: &WamrMemory, offset: u64, len: usize) -> Result<std::ops::Range<usize>, String> {
    let size = memory_bytes(memory.0);
    match offset.checked_add(len as u64) {
        Some(end) if end <= size => Ok(offset as usize..end as usize),
        _ => Err(format!("bytes {offset}..{} lie outside the {size}-byte memory", offset.saturating_add(len as u64))),
    }
}

fn lookup(guest: &WamrInstance, export: &str) -> Result<sys::wasm_function_inst_t, String> {
    let name = CString::new(export).map_err(|_| format!("no function export `{export}`"))?;
    // SAFETY: a live instance and a NUL-terminated name.
    let raw = unsafe { sys::wasm_runtime_lookup_function(guest.raw, name.as_ptr()) };
    if raw.is_null() { Err(format!("no function export `{export}`")) } else { Ok(raw) }
}

/// The guest's trap message, cleared so the instance can be called again.
fn take_exception(guest: &WamrInstance) -> String {
    // SAFETY: a live instance; the message is copied before it is cleared.
    unsafe {
        let exception = sys::wasm_runtime_get_exception(guest.raw);
        let message = if exception.is_null() {
            "WAMR refused the call (its arguments do not match the function's signature)".to_owned()
        } else {
            CStr::from_ptr(exception).to_string_lossy().trim_start_matches("Exception: ").to_owned()
        };
        sys::wasm_runtime_clear_exception(guest.raw);
        message
    }
}

fn message(error: &[c_char]) -> String {
    // SAFETY: WAMR NUL-terminates its messages within the buffer (zeroed beforehand).
    let text = unsafe { CStr::from_ptr(error.as_ptr()) }.to_string_lossy().into_owned();
    if text.is_empty() { "WAMR gave no reason".into() } else { text }
}

fn tagged(scalar: Scalar) -> sys::wasm_val_t {
    match scalar {
        Scalar::I32(v) => sys::wasm_val_t {
            kind: sys::WASM_I32 as sys::wasm_valkind_t,
            _paddings: [0; 7],
            of: sys::wasm_val_t__bindgen_ty_1 { i32_: v },
        },
        Scalar::I64(v) => sys::wasm_val_t {
            kind: sys::WASM_I64 as sys::wasm_valkind_t,
            _paddings: [0; 7],
            of: sys::wasm_val_t__bindgen_ty_1 { i64_: v },
        },
    }
}

fn untagged(value: &sys::wasm_val_t) -> Option<Scalar> {
    // SAFETY: the union is read as the member its kind names.
    match u32::from(value.kind) {
        sys::WASM_I32 => Some(Scalar::I32(unsafe { value.of.i32_ })),
        sys::WASM_I64 => Some(Scalar::I64(unsafe { value.of.i64_ })),
        _ => None,
    }
}

const I32: sys::wasm_valkind_t = sys::WASM_I32 as sys::wasm_valkind_t;
const I64: sys::wasm_valkind_t = sys::WASM_I64 as sys::wasm_valkind_t;

/// WAMR's value kinds of a typed call's parameter list or result: the suite's
/// [`Params`] and [`Results`] are `()`, `i32`, `i64` and pairs of them, told apart by
/// their type (the traits carry no kinds of their own, and a typed call must be checked
/// before it is made); `None` for any other type.
fn kinds<T: 'static>() -> Option<&'static [sys::wasm_valkind_t]> {
    use std::any::TypeId;
    let id = TypeId::of::<T>();
    let known: [(TypeId, &'static [sys::wasm_valkind_t]); 7] = [
        (TypeId::of::<()>(), &[]),
        (TypeId::of::<i32>(), &[I32]),
        (TypeId::of::<i64>(), &[I64]),
        (TypeId::of::<(i32, i32)>(), &[I32, I32]),
        (TypeId::of::<(i32, i64)>(), &[I32, I64]),
        (TypeId::of::<(i64, i32)>(), &[I64, I32]),
        (TypeId::of::<(i64, i64)>(), &[I64, I64]),
    ];
    known.iter().find(|(known, _)| *known == id).map(|(_, kinds)| *kinds)
}

fn kind_names(kinds: &[sys::wasm_valkind_t]) -> String {
    let names: Vec<&str> = kinds
        .iter()
        .map(|kind| match u32::from(*kind) {
            sys::WASM_I32 => "i32",
            sys::WASM_I64 => "i64",
            _ => "another type",
        })
        .collect();
    format!("({})", names.join(", "))
}
