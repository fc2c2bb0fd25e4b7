//! Sentences per second of our VADER over a file of sentences (one per line), the Rust
//! half of `bench/sentiment.sh`; `bench/vader_throughput.py` is the Python half.
//!
//! ```text
//! cargo run --release -p amends_core --example vader_throughput -- FILE [--repeat N] [--min-seconds S] [--scores OUT]
//! ```
//!
//! Prints `sentences=… seconds=… per_second=…` for the median of N timed passes (the
//! lexicon is loaded before timing starts). A pass scores every line of the file, again
//! and again until at least S seconds (default 0) have passed, so that on a busy machine
//! it samples as long a stretch of time as the much slower reference does. `--scores
//! OUT` also writes every sentence's scores as JSON lines, so the script can check that
//! both sides computed the same thing.

use std::hint::black_box;
use std::io::{BufWriter, Write};
use std::process::ExitCode;
use std::time::Instant;

use amends_core::listen::vader::polarity_scores;

struct Options {
    file: String,
    repeat: usize,
    min_seconds: f64,
    scores: Option<String>,
}

fn parse_options() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let mut options = Options { file: String::new(), repeat: 3, min_seconds: 0.0, scores: None };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--repeat" => {
                let value = args.next().ok_or("--repeat needs a number")?;
                options.repeat = value.parse().map_err(|_| format!("--repeat: not a number: {value}"))?;
            }
            "--min-seconds" => {
                let value = args.next().ok_or("--min-seconds needs a number")?;
                options.min_seconds = value.parse().map_err(|_| format!("--min-seconds: not a number: {value}"))?;
            }
            "--scores" => options.scores = Some(args.next().ok_or("--scores needs a path")?),
            _ if options.file.is_empty() => options.file = arg,
            _ => return Err(format!("unexpected argument: {arg}")),
        }
    }
    if options.file.is_empty() {
        return Err("usage: vader_throughput FILE [--repeat N] [--min-seconds S] [--scores OUT]".into());
    }
    Ok(options)
}

fn run(options: &Options) -> Result<String, String> {
    let text = std::fs::read_to_string(&options.file).map_err(|err| format!("{}: {err}", options.file))?;
    let sentences: Vec<&str> = text.lines().collect();
    // Load the lexicon outside the timed passes, as the Python side does.
    black_box(polarity_scores("warm up"));

    // Sentences per second of each pass.
    let mut rates: Vec<f64> = (0..options.repeat.max(1))
        .map(|_| {
            let start = Instant::now();
            let mut scored = 0usize;
            let mut checksum = 0.0;
            loop {
                for sentence in &sentences {
                    checksum += polarity_scores(black_box(sentence)).compound;
                }
                scored += sentences.len();
                if start.elapsed().as_secs_f64() >= options.min_seconds {
                    break;
                }
            }
            black_box(checksum);
            scored as f64 / start.elapsed().as_secs_f64()
        })
        .collect();
    rates.sort_by(f64::total_cmp);
    let median = rates[rates.len() / 2];

    if let Some(path) = &options.scores {
        write_scores(path, &sentences).map_err(|err| format!("{path}: {err}"))?;
    }
    Ok(format!("sentences={} seconds={:.6} per_second={median:.0}", sentences.len(), sentences.len() as f64 / median))
}

fn write_scores(path: &str, sentences: &[&str]) -> std::io::Result<()> {
    let mut out = BufWriter::new(std::fs::File::create(path)?);
    for sentence in sentences {
        let scores = polarity_scores(sentence);
        serde_json::to_writer(&mut out, &scores)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

#[expect(clippy::print_stdout, clippy::print_stderr, reason = "a benchmark program reports on the terminal")]
fn main() -> ExitCode {
    match parse_options().and_then(|options| run(&options)) {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("vader_throughput: {err}");
            ExitCode::from(2)
        }
    }
}
