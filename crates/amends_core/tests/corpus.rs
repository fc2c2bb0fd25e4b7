//! Lints every labelled text in `tests/corpus/` and measures, per element, how often the
//! linter agrees with the labels (precision and recall), and whether the anti-pattern
//! rules that must fire do fire. Fails below 0.9 for any element; prints the table.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use amends_core::channel::Channel;
use amends_core::lint::{Element, LintInput, Linter, LinterSettings};
use amends_core::text::SourceKind;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Label {
    channel: Channel,
    quality: String,
    elements: Vec<String>,
    must_fire: Vec<String>,
    #[serde(default)]
    must_not_fire: Vec<String>,
    #[expect(dead_code, reason = "documentation for people reading the corpus")]
    note: String,
}

#[derive(Default)]
struct Tally {
    true_positive: u32,
    false_positive: u32,
    false_negative: u32,
}

impl Tally {
    fn precision(&self) -> f64 {
        let found = self.true_positive + self.false_positive;
        if found == 0 { 1.0 } else { f64::from(self.true_positive) / f64::from(found) }
    }

    fn recall(&self) -> f64 {
        let labelled = self.true_positive + self.false_negative;
        if labelled == 0 { 1.0 } else { f64::from(self.true_positive) / f64::from(labelled) }
    }
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus")
}

#[test]
fn corpus_precision_and_recall() {
    let linter = Linter::new(LinterSettings::default());
    let mut tallies: BTreeMap<Element, Tally> = BTreeMap::new();
    let mut rule_failures = Vec::new();
    let mut element_misses: Vec<String> = Vec::new();
    let mut texts = 0;
    let mut entries: Vec<PathBuf> =
        fs::read_dir(corpus_dir()).expect("corpus folder").map(|entry| entry.expect("entry").path()).collect();
    entries.sort();
    for path in entries.iter().filter(|path| path.extension().is_some_and(|ext| ext == "txt")) {
        let text = fs::read_to_string(path).expect("text");
        let label_text = fs::read_to_string(path.with_extension("toml")).expect("label beside every text");
        let label: Label = toml::from_str(&label_text).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        assert!(["excellent", "mediocre", "non-apology"].contains(&label.quality.as_str()), "{}", path.display());
        let name = path.file_stem().expect("name").to_string_lossy().to_string();
        let input = LintInput {
            text: &text,
            path: None,
            channel: Some(label.channel),
            kind: SourceKind::Plain,
            facts: None,
            known_words: &[],
        };
        let report = linter.lint(&input);
        texts += 1;
        for element in Element::ALL {
            let expected = label.elements.iter().any(|key| key == element.key());
            let found = report.elements.has(element);
            let tally = tallies.entry(element).or_default();
            match (expected, found) {
                (true, true) => tally.true_positive += 1,
                (false, true) => {
                    tally.false_positive += 1;
                    element_misses.push(format!("{name}: {} found but not labelled", element.key()));
                }
                (true, false) => {
                    tally.false_negative += 1;
                    element_misses.push(format!("{name}: {} labelled but not found", element.key()));
                }
                (false, false) => {}
            }
        }
        for code in &label.must_fire {
            if !report.diagnostics.iter().any(|diagnostic| diagnostic.code == code) {
                rule_failures.push(format!("{name}: {code} must fire"));
            }
        }
        for code in &label.must_not_fire {
            if let Some(diagnostic) = report.diagnostics.iter().find(|diagnostic| diagnostic.code == code) {
                rule_failures.push(format!("{name}: {code} must not fire ({})", diagnostic.message));
            }
        }
    }
    println!(
        "{texts} texts\n\n| element | precision | recall | tp | fp | fn |\n| --- | ---: | ---: | ---: | ---: | ---: |"
    );
    let mut below = Vec::new();
    for (element, tally) in &tallies {
        println!(
            "| {} | {:.2} | {:.2} | {} | {} | {} |",
            element.key(),
            tally.precision(),
            tally.recall(),
            tally.true_positive,
            tally.false_positive,
            tally.false_negative
        );
        if tally.precision() < 0.9 || tally.recall() < 0.9 {
            below.push(element.key());
        }
    }
    if std::env::var_os("AMENDS_CORPUS_VERBOSE").is_some() {
        for miss in &element_misses {
            println!("{miss}");
        }
    }
    for failure in &rule_failures {
        println!("{failure}");
    }
    assert!(texts >= 80, "the corpus needs at least 80 texts, found {texts}");
    assert!(
        below.is_empty(),
        "precision or recall below 0.9 for: {below:?} (AMENDS_CORPUS_VERBOSE=1 lists the misses)"
    );
    assert!(rule_failures.is_empty(), "{} anti-pattern expectations failed", rule_failures.len());
}
