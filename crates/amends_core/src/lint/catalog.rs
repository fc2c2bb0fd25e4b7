//! Every phrase table of the linter, searched together.
//!
//! A message is scanned once, by one automaton over the phrases of all the tables below;
//! [`Analysis::matches`](super::analysis::Analysis::matches) hands each detector or rule its
//! table's share of that single pass. A table left out of this list still works (it is
//! searched on its own), only slower; a test keeps the list complete.

use std::sync::LazyLock;

use super::elements::{cause, choices, fix, follow_up, impact, ownership, prevention, remedy, what_happened};
use super::phrase::{Catalog, Listed};
use super::rules::{
    apology_for_feelings, canned_cliche, conditional_apology, defensive_tone, hedged_fix, hiding_behind_policy,
    internal_jargon, minimizing, passive_evasion, shifting_blame, stonewalling,
};

/// The one automaton over every table's phrases, built on first use.
pub(crate) static CATALOG: LazyLock<Catalog> = LazyLock::new(|| {
    let tables: [&dyn Listed; 24] = [
        &*fix::FIX_PHRASES,
        &*prevention::PREVENTION_FRAMES,
        &*choices::CHOICE_PHRASES,
        &*follow_up::COMMITMENTS,
        &*follow_up::DIRECT_CONTACT,
        &*ownership::OWNERSHIP_PHRASES,
        &*cause::CONNECTIVES,
        &*cause::UNKNOWN_CAUSE,
        &*cause::FIRST_PERSON_CAUSES,
        &*what_happened::FAILURE_PHRASES,
        &*remedy::REMEDY_PHRASES,
        &*impact::IMPACT_PHRASES,
        &*stonewalling::PHRASES,
        &*stonewalling::REFUSALS,
        &*hiding_behind_policy::PHRASES,
        &*canned_cliche::PHRASES,
        &*internal_jargon::PHRASES,
        &*passive_evasion::PHRASES,
        &*shifting_blame::PHRASES,
        &*defensive_tone::PHRASES,
        &*conditional_apology::PHRASES,
        &*apology_for_feelings::PHRASES,
        &*hedged_fix::PHRASES,
        &*minimizing::PHRASES,
    ];
    Catalog::new(&tables)
});

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::Path;

    use super::CATALOG;

    fn is_table_declaration(line: &str) -> bool {
        let line = line.trim_start();
        (line.starts_with("static ") || line.starts_with("pub(crate) static "))
            && line.contains(": LazyLock<PhraseTable")
    }

    fn count_tables(dir: &Path) -> usize {
        let mut count = 0;
        for entry in fs::read_dir(dir).expect("source folder is readable") {
            let path = entry.expect("source entry is readable").path();
            if path.is_dir() {
                count += count_tables(&path);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                let source = fs::read_to_string(&path).expect("source file is readable");
                count += source.lines().filter(|line| is_table_declaration(line)).count();
            }
        }
        count
    }

    #[test]
    fn every_phrase_table_is_in_the_catalog() {
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        assert_eq!(count_tables(&source), CATALOG.len(), "add the new phrase table to CATALOG in lint/catalog.rs");
    }
}
