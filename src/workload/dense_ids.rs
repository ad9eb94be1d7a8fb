//! The map from a trace's own object ids to dense ids `0..n`, built while a trace loads.
//! The simulator then indexes arrays by id instead of hashing on every request.

use hashbrown::HashMap;
use policies::MAX_OBJECT_ID;

/// Dense ids in order of first appearance. A trace's ids are unsigned 64-bit numbers
/// (binary formats, numeric text ids) or any other text (keys such as URLs or hashes);
/// a number and its text are the same object (`7` and `07` are one id).
#[derive(Default)]
pub(crate) struct DenseIds {
    numbers: HashMap<u64, u32>,
    keys: HashMap<Box<str>, u32>,
}

impl DenseIds {
    /// Distinct objects seen so far.
    pub(crate) fn count(&self) -> u32 {
        (self.numbers.len() + self.keys.len()) as u32
    }

    pub(crate) fn of_number(&mut self, id: u64) -> Result<u32, String> {
        let next = self.next()?;
        Ok(*self.numbers.entry(id).or_insert(next))
    }

    /// A text id: a number if it parses as one, else the text itself is the key.
    pub(crate) fn of_text(&mut self, id: &str) -> Result<u32, String> {
        if let Ok(number) = id.parse::<u64>() {
            return self.of_number(number);
        }
        if let Some(&dense) = self.keys.get(id) {
            return Ok(dense);
        }
        let next = self.next()?;
        self.keys.insert(id.into(), next);
        Ok(next)
    }

    /// The id the next new object gets.
    fn next(&self) -> Result<u32, String> {
        let count = self.count();
        if count > MAX_OBJECT_ID {
            return Err(format!(
                "the trace has more than {MAX_OBJECT_ID} distinct objects, the most the simulator holds"
            ));
        }
        Ok(count)
    }
}
