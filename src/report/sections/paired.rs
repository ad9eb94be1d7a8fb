//! Every ratio the run measured paired (the `ratio` target: both sides interleaved in
//! the same seconds), with the same ratio divided from its two ids where the run also
//! measured them apart, so a reader sees how far the two ways of measuring agree.

use crate::ids::{BenchId, RatioId};
use crate::report::data::query::Summary;
use crate::report::doc::Doc;
use crate::report::format::factor;

impl Summary<'_> {
    /// The paired ratios, in id order.
    fn paired_ratios(&self) -> Vec<RatioId> {
        let mut ratios: Vec<RatioId> = self.results.ids_of::<RatioId>().collect();
        ratios.sort_by_key(|ratio| ratio.to_string());
        ratios
    }

    pub(crate) fn paired_tables(&self, doc: &mut Doc) {
        let ratios = self.paired_ratios();
        if ratios.is_empty() {
            return;
        }
        doc.heading(2, "Paired ratios");
        doc.paragraph(format!(
            "Each ratio's subject and reference measured in alternating blocks of tens of microseconds, the \
             order alternating; a sample is the median of its rounds' ratios (docs/running.md, \"Paired \
             ratios\"), each sample in a placement of its own, a fresh process, the samples of all \
             ratios taken in passes over the run (\"Placements\"). The figure is the median over the \
             samples, its interval {}; **placements** is the lowest and highest sample, how far where code \
             and data landed, and the machine's seconds, moved the ratio. **Divided apart** is the same \
             ratio from the subject's and the reference's own ids, measured seconds or minutes apart, where \
             the run has both.",
            match self.runs {
                Some(runs) => format!("the between-run interval over {} runs", runs.runs.len()),
                None => "the order statistics' interval of that median over the placements".to_owned(),
            }
        ));
        let table = doc.table(&["subject"], &["over reference", "paired", "placements", "divided apart"]);
        for ratio in ratios {
            let Some(estimate) = self.results.get(ratio) else { continue };
            let (subject, reference) = (BenchId::from(ratio.subject), BenchId::from(ratio.reference));
            let divided = self.results.divided(subject, reference).map(factor).unwrap_or_default();
            let placements =
                estimate.placements.map(|p| format!("{} to {}", factor(p.min), factor(p.max))).unwrap_or_default();
            let paired = format!("{} [{}, {}]", factor(estimate.mean), factor(estimate.lower), factor(estimate.upper));
            table.row([format!("`{subject}`"), format!("`{}`", ratio.reference_label()), paired, placements, divided]);
        }
    }
}
