//! Every chart's colours, from one place: a backend, a policy or a payload route has one
//! colour in every chart it appears in, so a reader who learnt that Wasmtime's Cranelift
//! is blue in one figure reads the next without the legend.
//!
//! Backends are the Okabe-Ito colours (told apart with the common colour-vision
//! deficiencies), Wasmer's warm and Wasmtime's cool; policies and payload ABIs take Paul
//! Tol's muted set. No chart shows backends beside policies or ABIs, so the two sets may
//! share hues without a chart ever needing both.

use plotters::style::RGBColor;

use crate::experiments::payload::{ComponentPayload, PayloadAbi};
use crate::experiments::sim::PolicyKind;
use crate::ids::{EngineId, PayloadRoute};
use crate::runtime::Backend;

/// What runs without WebAssembly, the baseline beside the backends: a neutral grey.
pub(crate) const NATIVE: RGBColor = RGBColor(110, 110, 110);

/// The physical floor (a plain copy of the bytes): black, under every other line.
pub(crate) const FLOOR: RGBColor = RGBColor(0, 0, 0);

pub(crate) fn backend_color(backend: Backend) -> RGBColor {
    match backend {
        Backend::WasmerSinglepass => RGBColor(230, 159, 0),
        Backend::WasmerCranelift => RGBColor(213, 94, 0),
        Backend::WasmerLlvm => RGBColor(204, 121, 167),
        Backend::WasmtimeCranelift => RGBColor(0, 114, 178),
        Backend::WasmtimeWinch => RGBColor(86, 180, 233),
        // Wasmtime's interpreter: Okabe-Ito's bluish green, beside Wasmtime's blues.
        Backend::WasmtimePulley => RGBColor(0, 158, 115),
        // A runtime of its own: a violet no other backend is near (Okabe-Ito's last
        // colour, yellow, is unreadable on white).
        Backend::Wasmi => RGBColor(117, 112, 179),
        Backend::Wasm3 => RGBColor(102, 166, 30),
        // The third interpreter in C beside wasm3's green: a brown neither is near.
        Backend::Wamr => RGBColor(166, 118, 29),
        // A previous release: its current release's hue, darker, so the two read as one
        // backend at two releases.
        previous => darker(backend_color(previous.at_current_release())),
    }
}

/// A backend's colour; metered, the same hue lighter, so the pair reads as one backend.
pub(crate) fn engine_color(engine: EngineId) -> RGBColor {
    let color = backend_color(engine.backend);
    if engine.metered() { lighter(color) } else { color }
}

pub(crate) fn policy_color(policy: PolicyKind) -> RGBColor {
    match policy {
        PolicyKind::Fifo => RGBColor(51, 34, 136),
        PolicyKind::Lru => RGBColor(68, 170, 153),
        PolicyKind::Lfu => RGBColor(204, 102, 119),
        PolicyKind::GdSize => RGBColor(221, 204, 119),
    }
}

pub(crate) fn payload_abi_color(abi: PayloadAbi) -> RGBColor {
    match abi {
        PayloadAbi::Bincode => RGBColor(136, 34, 85),
        PayloadAbi::Postcard => RGBColor(17, 119, 51),
        PayloadAbi::Bytemuck => RGBColor(136, 204, 238),
        PayloadAbi::Raw => RGBColor(153, 153, 51),
    }
}

fn component_payload_color(payload: ComponentPayload) -> RGBColor {
    match payload {
        ComponentPayload::Bytes => RGBColor(170, 68, 153),
        ComponentPayload::Records => RGBColor(102, 17, 0),
    }
}

/// How a line is drawn.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Stroke {
    pub color: RGBColor,
    pub dashed: bool,
}

/// A payload route's line: its ABI's colour, dashed when it runs natively (the baseline
/// of the solid line of the same colour); the floor in black.
pub(crate) fn route_stroke(route: PayloadRoute) -> Stroke {
    let (color, dashed) = match route {
        PayloadRoute::Memcpy => (FLOOR, false),
        PayloadRoute::Native(abi) => (payload_abi_color(abi), true),
        PayloadRoute::Wasm(_, abi) => (payload_abi_color(abi), false),
        PayloadRoute::Component(_, payload) => (component_payload_color(payload), false),
    };
    Stroke { color, dashed }
}

/// Halfway to white: the same hue, lighter.
fn lighter(RGBColor(r, g, b): RGBColor) -> RGBColor {
    let half = |c: u8| c + (255 - c) / 2;
    RGBColor(half(r), half(g), half(b))
}

/// The same hue, nearer black (by 40%, so it stays readable beside the original).
fn darker(RGBColor(r, g, b): RGBColor) -> RGBColor {
    let shade = |c: u8| (u16::from(c) * 3 / 5) as u8;
    RGBColor(shade(r), shade(g), shade(b))
}

/// The name a native baseline goes by in legends and column headers: as the ids spell
/// it, so a reader finds the bar's id by its name.
pub(crate) fn native_label() -> String {
    crate::ids::MicroCase::Native.to_string()
}
