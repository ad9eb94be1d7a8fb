//! The report's document, in no format: what a section says as headings, paragraphs and
//! tables. The sections write it; `render::markdown` and `render::html` each turn it
//! into their format, and neither reads the other's output (the HTML was once made by
//! parsing the Markdown back).
//!
//! Text keeps two inline marks, spelled as in Markdown: `` `code` `` (a benchmark id or a
//! setting; the HTML links an id to Criterion's page for it) and `**bold**`. The
//! Markdown renderer writes them as they are, the HTML renderer as `<code>` and `<b>`.

use std::fmt::Display;

/// One block of a section.
pub(crate) enum Block {
    /// Level 2 for a section's parts, 3 for their sub-parts.
    Heading {
        level: u8,
        text: String,
    },
    Paragraph(String),
    Table(Table),
}

/// A table: its heading row, then rows of as many cells.
pub(crate) struct Table {
    pub headings: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// Adds a row. A row with a different number of cells than the headings is a bug in
    /// the section that writes it.
    pub(crate) fn row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) {
        let cells: Vec<String> = cells.into_iter().map(Into::into).collect();
        debug_assert_eq!(cells.len(), self.headings.len(), "a row of {} cells under {:?}", cells.len(), self.headings);
        self.rows.push(cells);
    }
}

/// The blocks of a section (or of any part of the report), in order.
#[derive(Default)]
pub(crate) struct Doc {
    pub blocks: Vec<Block>,
}

impl Doc {
    pub(crate) fn heading(&mut self, level: u8, text: impl Into<String>) {
        self.blocks.push(Block::Heading { level, text: text.into() });
    }

    pub(crate) fn paragraph(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Paragraph(text.into()));
    }

    /// Starts a table whose headings are the `leading` ones (what each row is), then one
    /// per item (a backend, a policy, a setting), and hands it back for its rows.
    pub(crate) fn table<T: Display>(&mut self, leading: &[&str], items: &[T]) -> &mut Table {
        let headings = leading.iter().map(|h| h.to_string()).chain(items.iter().map(ToString::to_string)).collect();
        self.blocks.push(Block::Table(Table { headings, rows: Vec::new() }));
        match self.blocks.last_mut() {
            Some(Block::Table(table)) => table,
            _ => unreachable!("a table was pushed just now"),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }
}
