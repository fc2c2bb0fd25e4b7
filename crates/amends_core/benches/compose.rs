//! Composer throughput: render alone, and render plus the lint gate, on one core.
//!
//! Run with `cargo bench -p amends_core --bench compose`; figures go to `docs/PERFORMANCE.md`.

use std::hint::black_box;

use amends_core::compose::{ComposeRequest, Composer, ComposerSettings, Form};
use amends_core::facts::CaseFacts;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const FACTS: &str = include_str!("../tests/data/sweater.toml");

fn bench(criterion: &mut Criterion) {
    let facts = CaseFacts::from_toml(FACTS).expect("valid facts");
    let composer = Composer::new(ComposerSettings::default()).expect("templates compile");
    let keys: Vec<String> = (0..1000).map(|index| format!("customer-{index}@example.com")).collect();
    let mut group = criterion.benchmark_group("compose");
    group.throughput(Throughput::Elements(1));
    let mut next = 0;
    group.bench_function("render_email", |bencher| {
        bencher.iter(|| {
            next = (next + 1) % keys.len();
            let request = ComposeRequest::new(Form::Apology, &keys[next]);
            black_box(composer.render(black_box(&facts), &request).expect("renders"))
        });
    });
    group.bench_function("render_and_gate_email", |bencher| {
        bencher.iter(|| {
            next = (next + 1) % keys.len();
            let request = ComposeRequest::new(Form::Apology, &keys[next]);
            black_box(composer.compose(black_box(&facts), &request).expect("passes the gate"))
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
