//! The report's bottom layer: from Criterion's saved results (one run, or repeated runs
//! merged) to numbers: estimates, between-run spreads, the answers, what the run
//! lacks, chart data and the colours charts and tables share. Nothing here writes text
//! for a reader or draws; nothing here imports the layers above.

pub(crate) mod break_even;
pub(crate) mod chart;
pub(crate) mod compare;
pub(crate) mod coverage;
pub(crate) mod findings;
pub(crate) mod pairs;
pub(crate) mod palette;
pub(crate) mod query;
pub(crate) mod results;
pub(crate) mod runs;
pub(crate) mod spread;
