//! Measures the linter against a folder of labelled texts (`NNN-slug.txt` with a
//! `NNN-slug.toml` label beside it; format in `tests/corpus/README.md`).

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

/// Agreement counts for one element.
#[derive(Default)]
pub struct Tally {
    true_positive: u32,
    false_positive: u32,
    false_negative: u32,
}

impl Tally {
    /// Of the texts where the linter found the element, the share labelled with it.
    pub fn precision(&self) -> f64 {
        let found = self.true_positive + self.false_positive;
        if found == 0 { 1.0 } else { f64::from(self.true_positive) / f64::from(found) }
    }

    /// Of the texts labelled with the element, the share where the linter found it.
    pub fn recall(&self) -> f64 {
        let labelled = self.true_positive + self.false_negative;
        if labelled == 0 { 1.0 } else { f64::from(self.true_positive) / f64::from(labelled) }
    }
}

/// What linting a labelled folder showed.
pub struct Measurement {
    /// How many texts were linted.
    pub texts: usize,
    /// Per element agreement.
    pub tallies: BTreeMap<Element, Tally>,
    /// Element disagreements, one line each.
    pub element_misses: Vec<String>,
    /// Anti-pattern expectations that failed, one line each.
    pub rule_failures: Vec<String>,
}

impl Measurement {
    /// The precision/recall table in Markdown.
    pub fn table(&self) -> String {
        let mut table = format!(
            "{} texts\n\n| element | precision | recall | tp | fp | fn |\n| --- | ---: | ---: | ---: | ---: | ---: |\n",
            self.texts
        );
        for (element, tally) in &self.tallies {
            table += &format!(
                "| {} | {:.2} | {:.2} | {} | {} | {} |\n",
                element.key(),
                tally.precision(),
                tally.recall(),
                tally.true_positive,
                tally.false_positive,
                tally.false_negative
            );
        }
        table
    }

    /// Elements whose precision or recall is below `floor`.
    pub fn below(&self, floor: f64) -> Vec<&'static str> {
        self.tallies
            .iter()
            .filter(|(_, tally)| tally.precision() < floor || tally.recall() < floor)
            .map(|(element, _)| element.key())
            .collect()
    }
}

/// The folder `name` under the repository's `tests/`.
pub fn corpus_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests").join(name)
}

/// Lints every labelled text in `dir` with the default settings.
pub fn measure(dir: &Path) -> Measurement {
    let linter = Linter::new(LinterSettings::default());
    let mut measurement =
        Measurement { texts: 0, tallies: BTreeMap::new(), element_misses: Vec::new(), rule_failures: Vec::new() };
    let mut entries: Vec<PathBuf> =
        fs::read_dir(dir).expect("corpus folder").map(|entry| entry.expect("entry").path()).collect();
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
        measurement.texts += 1;
        for element in Element::ALL {
            let expected = label.elements.iter().any(|key| key == element.key());
            let found = report.elements.has(element);
            let tally = measurement.tallies.entry(element).or_default();
            match (expected, found) {
                (true, true) => tally.true_positive += 1,
                (false, true) => {
                    tally.false_positive += 1;
                    measurement.element_misses.push(format!("{name}: {} found but not labelled", element.key()));
                }
                (true, false) => {
                    tally.false_negative += 1;
                    measurement.element_misses.push(format!("{name}: {} labelled but not found", element.key()));
                }
                (false, false) => {}
            }
        }
        for code in &label.must_fire {
            if !report.diagnostics.iter().any(|diagnostic| diagnostic.code == code) {
                measurement.rule_failures.push(format!("{name}: {code} must fire"));
            }
        }
        for code in &label.must_not_fire {
            if let Some(diagnostic) = report.diagnostics.iter().find(|diagnostic| diagnostic.code == code) {
                measurement.rule_failures.push(format!("{name}: {code} must not fire ({})", diagnostic.message));
            }
        }
    }
    measurement
}
