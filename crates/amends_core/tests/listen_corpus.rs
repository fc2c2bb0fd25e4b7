//! Whole, real-looking customer messages (`tests/data/listen_corpus/`) and what
//! `listen::analyze` reads in them, pinned as a snapshot: any change to the lexicon,
//! the cue phrases, the intensity formula or the taxonomy shows up here for review.

use std::fmt::Write as _;
use std::path::Path;

use amends_core::listen::{Analysis, Taxonomy, analyze};

fn summarize(name: &str, reading: &Analysis) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{name}: intensity {:.3} ({}), churn risk {}, priority {:?}, compound {:.4}",
        reading.intensity,
        reading.level().as_str(),
        if reading.churn_risk { "yes" } else { "no" },
        reading.priority_hint(),
        reading.sentiment.compound,
    );
    for cue in &reading.cues {
        let _ = writeln!(out, "  cue {:<21} {:?}", cue.kind.as_str(), cue.text);
    }
    for category in &reading.categories {
        let evidence: Vec<&str> = category.evidence.iter().map(|e| e.text.as_str()).collect();
        let _ = writeln!(out, "  category {} {:.3} {:?}", category.name, category.score, evidence);
    }
    out
}

#[test]
fn corpus_readings() {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/listen_corpus");
    let mut files: Vec<_> = std::fs::read_dir(&directory)
        .expect("corpus directory")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .collect();
    files.sort();
    assert!(!files.is_empty());

    let taxonomy = Taxonomy::default();
    let mut report = String::new();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("corpus file is UTF-8");
        let name = path.file_stem().and_then(|stem| stem.to_str()).unwrap_or("?");
        let reading = analyze(&text, &taxonomy);
        for cue in &reading.cues {
            assert_eq!(text[cue.span.clone()], cue.text, "{name}");
        }
        report.push_str(&summarize(name, &reading));
    }
    insta::assert_snapshot!(report);
}
