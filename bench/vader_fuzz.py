#!/usr/bin/env python3
"""Differential test of our VADER against vaderSentiment 3.3.2 on random sentences.

Composes sentences at random from the pieces VADER's rules react to (lexicon words,
negations, boosters and dampeners, idiom words, emoji, capitals, punctuation, unusual
whitespace), scores them with the reference and with our Rust implementation, and
reports every sentence where any of the four scores differ.

    cargo build --release -p amends_core --example vader_throughput
    bench/.venv/bin/python bench/vader_fuzz.py [--seed N] [--count N]

Exits with status 1 when any sentence disagrees.
"""

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from vaderSentiment.vaderSentiment import (BOOSTER_DICT, NEGATE,
                                           SentimentIntensityAnalyzer)

ROOT = Path(__file__).resolve().parent.parent
RULE_WORDS = ("no not never so this without doubt least at very or nor but kind of sort "
              "just enough the shit bomb bad ass bus stop yeah right kiss death to die "
              "for beating heart").split()
FILLER = ["order", "refund", "the", "it", "was", "is", "my", "you", "and", "late", "AND"]
MARKS = ["!", "!!", "?", "???", "...", ",", ":)", "'", "n't", "I", "A"]
SEPARATORS = [" "] * 8 + ["  ", "\t", "\u00a0", "\u3000", ""]


def sentence(rnd, lexicon, emoji):
    words = []
    for _ in range(rnd.randint(0, 14)):
        draw = rnd.random()
        if draw < 0.3:
            word = rnd.choice(lexicon)
        elif draw < 0.55:
            word = rnd.choice(RULE_WORDS)
        elif draw < 0.65:
            word = rnd.choice(list(BOOSTER_DICT))
        elif draw < 0.72:
            word = rnd.choice(NEGATE)
        elif draw < 0.77:
            word = rnd.choice(emoji)
        elif draw < 0.82:
            word = rnd.choice(MARKS)
        else:
            word = rnd.choice(FILLER)
        if rnd.random() < 0.15:
            word = word.upper()
        if rnd.random() < 0.1:
            word = word.capitalize()
        if rnd.random() < 0.1:
            word += rnd.choice(["!", "?", ".", ",", "!!!", "'"])
        if rnd.random() < 0.05:
            word = rnd.choice(["(", '"', "'"]) + word
        words.append(word + rnd.choice(SEPARATORS))
    # One sentence per line: no line breaks inside.
    return "".join(words).translate({ord(c): " " for c in "\n\r\x1c\x1d\x1e\x1f\x85\u2028\u2029"})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=30000)
    parser.add_argument("--binary", default=str(ROOT / "target/release/examples/vader_throughput"))
    args = parser.parse_args()

    analyzer = SentimentIntensityAnalyzer()
    rnd = random.Random(args.seed)
    lexicon = sorted(analyzer.lexicon)
    emoji = sorted(analyzer.emojis)[:400]
    sentences = [sentence(rnd, lexicon, emoji) for _ in range(args.count)]

    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "sentences.txt"
        scores = Path(directory) / "scores.jsonl"
        path.write_text("".join(s + "\n" for s in sentences), encoding="utf-8")
        subprocess.run([args.binary, str(path), "--repeat", "1", "--scores", str(scores)],
                       check=True, stdout=subprocess.DEVNULL)
        ours = [json.loads(line) for line in scores.read_text().splitlines()]

    disagreements = 0
    for text, mine in zip(sentences, ours):
        reference = analyzer.polarity_scores(text)
        if any(reference[key] != mine[key] for key in ("compound", "pos", "neu", "neg")):
            disagreements += 1
            if disagreements <= 10:
                print(f"{text!r}\n  reference {reference}\n  ours      {mine}")
    print(f"seed {args.seed}: {len(sentences) - disagreements}/{len(sentences)} identical")
    sys.exit(1 if disagreements or len(ours) != len(sentences) else 0)


if __name__ == "__main__":
    main()
