//! Listening benchmarks: VADER sentences per second over the agreement corpus, and a full
//! `analyze` (sentiment, cues, intensity, categories) of a typical complaint.
//!
//! ```text
//! cargo bench -p amends_core --bench sentiment
//! ```
//!
//! `bench/sentiment.sh` compares the sentence rate with the Python reference.

use std::hint::black_box;

use amends_core::listen::vader::polarity_scores;
use amends_core::listen::{Taxonomy, analyze, analyze_thread};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// The agreement corpus: one JSON object per line, with the sentence first.
const CORPUS: &str = include_str!("../tests/data/vader_reference.jsonl");

/// A complaint as support inboxes receive them: a few paragraphs, a quoted reply.
const COMPLAINT: &str = "This is the THIRD time I'm writing about order #48213.

You charged my card twice ($149.00 each) and the blender you sent is broken.
I want my money back by Friday, or I will cancel my account. Absolutely disgusted!!!

On Mon, 3 Mar 2025 at 10:02, Amends Support <help@example.com> wrote:
> We're sorry for any inconvenience. Your refund is on its way!
";

fn sentences() -> Vec<String> {
    CORPUS
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).expect("corpus line is JSON");
            value["sentence"].as_str().unwrap_or_default().to_owned()
        })
        .collect()
}

fn vader(c: &mut Criterion) {
    let sentences = sentences();
    let mut group = c.benchmark_group("vader");
    group.throughput(Throughput::Elements(sentences.len() as u64));
    group.bench_function("polarity_scores/corpus", |b| {
        b.iter(|| {
            for sentence in &sentences {
                black_box(polarity_scores(black_box(sentence)));
            }
        });
    });
    group.finish();
}

fn listen(c: &mut Criterion) {
    let taxonomy = Taxonomy::default();
    let mut group = c.benchmark_group("listen");
    group.throughput(Throughput::Elements(1));
    group.bench_function("analyze/typical_complaint", |b| {
        b.iter(|| black_box(analyze(black_box(COMPLAINT), &taxonomy)));
    });
    let thread = [
        "Hi, my parcel was due on Monday. Any news?",
        "Still nothing, and the tracking page hasn't changed in FIVE DAYS!!",
        "Thanks for the call, the courier has it now.",
    ];
    group.bench_function("analyze_thread/three_messages", |b| {
        b.iter(|| black_box(analyze_thread(black_box(&thread), &taxonomy)));
    });
    group.finish();
}

criterion_group!(benches, vader, listen);
criterion_main!(benches);
