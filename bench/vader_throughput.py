#!/usr/bin/env python3
"""Sentences per second of the reference vaderSentiment over a file of sentences (one per
line): the Python half of bench/sentiment.sh.

    bench/.venv/bin/python bench/vader_throughput.py FILE [--repeat N] [--scores OUT]

Prints "sentences=... seconds=... per_second=..." for the median of N timed passes (the
analyzer, and so the lexicon, is built before timing starts). --scores OUT also writes
every sentence's scores as JSON lines for comparison with the Rust side.
"""

import argparse
import json
import statistics
import time

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scores")
    args = parser.parse_args()

    with open(args.file, encoding="utf-8", newline="\n") as handle:
        sentences = handle.read().split("\n")
    if sentences and sentences[-1] == "":
        sentences.pop()
    analyzer = SentimentIntensityAnalyzer()

    timings = []
    for _ in range(max(args.repeat, 1)):
        start = time.perf_counter()
        checksum = 0.0
        for sentence in sentences:
            checksum += analyzer.polarity_scores(sentence)["compound"]
        timings.append(time.perf_counter() - start)
    median = statistics.median(timings)

    if args.scores:
        with open(args.scores, "w", encoding="utf-8") as out:
            for sentence in sentences:
                scores = analyzer.polarity_scores(sentence)
                out.write(json.dumps({key: scores[key] for key in
                                      ("compound", "pos", "neu", "neg")}) + "\n")
    print(f"sentences={len(sentences)} seconds={median:.6f} "
          f"per_second={len(sentences) / median:.0f}")


if __name__ == "__main__":
    main()
