//! The report's top layer: what the data layer found and the sections built, written
//! for a reader: `summary.md` (Markdown), the charts (SVG) and `index.html`. Renderers
//! read data; nothing below imports them.

pub(crate) mod answers;
pub(crate) mod between_runs;
pub(crate) mod compare;
pub(crate) mod environment;
pub(crate) mod html;
pub(crate) mod inline;
pub(crate) mod markdown;
pub(crate) mod missing;
pub(crate) mod svg;
