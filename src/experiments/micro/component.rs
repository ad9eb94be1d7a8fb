//! The paper's multiplication through the Component Model's canonical ABI
//! (`multiply(params) -> s32`, a record in), beside the hand ABIs of the same group.
//! Handles are resolved once (the generated bindings hold typed functions), except for
//! the by-name configurations, which look the export up per call as the paper's
//! uncached modules did.

use wasmtime::component::{Func, TypedFunc, Val};

use super::ComponentCall;
use crate::abi::{CallStyle, Lookup, MultiplyAbi};
use crate::guest;
use crate::runtime::component::exports::wsb::bench::calc::Params;
use crate::runtime::component::{CompiledComponent, LoadedComponent, MULTIPLY, failure};
use crate::{Error, Result};

/// The multiplication through the canonical ABI: `multiply(params) -> s32`, a record in.
pub struct ComponentMultiply {
    guest: LoadedComponent,
    call: ComponentCall,
    staged: Params,
    /// The cached dynamic handle, for cached dynamic calls.
    func: Option<Func>,
}

impl ComponentMultiply {
    pub fn new(compiled: &CompiledComponent, call: ComponentCall) -> Result<Self> {
        let mut guest = compiled.instantiate()?;
        // Resolve once whatever the lookup, so a missing export fails here.
        let func = guest.multiply_by_name()?;
        let func = (call.lookup == Lookup::Cached && call.call == CallStyle::Dynamic).then_some(func);
        Ok(ComponentMultiply { guest, call, staged: Params { x: 0, y: 0 }, func })
    }

    fn dynamic(&mut self, func: Func) -> Result<i32> {
        let args = [Val::Record(vec![("x".into(), Val::S32(self.staged.x)), ("y".into(), Val::S32(self.staged.y))])];
        let mut results = [Val::Bool(false)];
        func.call(&mut self.guest.store, &args, &mut results).map_err(|e| failure(MULTIPLY, e))?;
        match results {
            [Val::S32(product)] => Ok(product),
            [other] => Err(Error::BadReturn { export: MULTIPLY, got: format!("{other:?}"), expected: "one s32" }),
        }
    }
}

impl MultiplyAbi for ComponentMultiply {
    fn prepare(&mut self, x: i32, y: i32) {
        self.staged = Params { x, y };
    }

    #[inline]
    fn call(&mut self) -> Result<i32> {
        match (self.call.lookup, self.call.call, self.func) {
            (Lookup::Cached, CallStyle::Typed, _) => {
                let calc = self.guest.bench.wsb_bench_calc();
                calc.call_multiply(&mut self.guest.store, self.staged).map_err(|e| failure(MULTIPLY, e))
            }
            (Lookup::Cached, CallStyle::Dynamic, Some(func)) => self.dynamic(func),
            (_, CallStyle::Dynamic, _) => {
                let func = self.guest.multiply_by_name()?;
                self.dynamic(func)
            }
            (Lookup::ByName, CallStyle::Typed, _) => {
                let func = self.guest.multiply_by_name()?;
                let typed: TypedFunc<(Params,), (i32,)> = func.typed(&self.guest.store).map_err(|e| Error::Export {
                    guest: guest::COMPONENT.name,
                    export: MULTIPLY,
                    reason: format!("{e:#}"),
                })?;
                let (product,) = typed.call(&mut self.guest.store, (self.staged,)).map_err(|e| failure(MULTIPLY, e))?;
                Ok(product)
            }
        }
    }

    fn memory_size(&mut self) -> Result<u64> {
        Err(Error::Config {
            config: self.call.to_string(),
            reason: "a component keeps its linear memory to itself (it exports none)",
        })
    }
}
