//! The pieces of HTML every part of the page writes: escaped text, Markdown's inline
//! code and bold, links to Criterion's pages, a backend's heading in its colour.

use crate::report::data::palette::backend_color;
use crate::runtime::Backend;

/// A backend's column heading: its name beside its chart colour.
pub(crate) fn backend_header(backend: Backend) -> String {
    let c = backend_color(backend);
    format!("<span class=\"swatch\" style=\"background:rgb({},{},{})\"></span>{backend}", c.0, c.1, c.2)
}

pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// One line of Markdown as HTML: escaped, `code` spans as `<code>` (linked to the page
/// `page` gives for the span, if any), `**bold**` as `<b>`.
pub(crate) fn inline(text: &str, page: &dyn Fn(&str) -> Option<String>) -> String {
    let mut html = String::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            let code = format!("<code>{}</code>", escape(part));
            html += &match page(part) {
                Some(href) => format!("<a href=\"{}\">{code}</a>", escape(&href)),
                None => code,
            };
        } else {
            for (j, piece) in escape(part).split("**").enumerate() {
                html += &if j % 2 == 1 { format!("<b>{piece}</b>") } else { piece.to_owned() };
            }
        }
    }
    html
}

/// [`inline`] for text whose code spans are benchmark ids.
pub(crate) fn link_ids(text: &str, page: &dyn Fn(&str) -> Option<String>) -> String {
    inline(text, page)
}
