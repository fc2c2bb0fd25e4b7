#!/usr/bin/env python3
"""Reference VADER scores for amends' agreement test.

Reads the hand-written sentences in crates/amends_core/tests/data/vader_sentences.txt,
adds systematic variations of each (capitals, boosters and dampeners, negation, "but"
clauses, emphatic punctuation, emoji, hedging prefixes, curly apostrophes), scores every
sentence with the reference package vaderSentiment 3.3.2, and writes
crates/amends_core/tests/data/vader_reference.jsonl (one JSON object per line:
sentence, compound, pos, neu, neg).

Run it through bench/sentiment.sh --regenerate, which provides the virtualenv, or:
    bench/.venv/bin/python bench/vader_reference.py
The output is deterministic: the same input gives byte-identical output.
"""

import json
import platform
import sys
from importlib import metadata
from pathlib import Path

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

REFERENCE_VERSION = "3.3.2"
ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "crates" / "amends_core" / "tests" / "data"
SEEDS = DATA / "vader_sentences.txt"
OUTPUT = DATA / "vader_reference.jsonl"

ENDINGS = ["!", "!!", "!!!", "!!!!!", "?!", "??", "???", "?!?!", "...", "!?"]
MODIFIERS = ["very", "really", "extremely", "so", "kind of", "sort of", "barely",
             "slightly", "totally", "absolutely", "fucking", "hardly", "quite", "most",
             "kinda", "VERY", "just enough", "less"]
NEGATIONS = ["not", "never", "isn't really", "don't", "not very", "no", "without",
             "least", "hardly", "wasn't"]
BUT_CLAUSES = ["the staff were lovely", "nobody cares", "the refund was quick",
               "it still doesn't work", "I'm not angry", "whatever",
               "thanks for trying", "I want my money back"]
PREFIXES = ["Honestly, ", "To be fair, ", "At least ", "Frankly, ", "Seriously, ",
            "No doubt, ", "Without a doubt, ", "Well, ", "Yeah right, ", "Sadly, ",
            "Kind of ", "Never so "]
EMOJI = [" 😡", " 🙄", " 👍", "😤😤", " 💔", " :(", " :-)", " <3", " 😂", " 🙏",
         " 😊😊", "🤬"]


def words_of(sentence):
    return sentence.split(" ")


def first_sentiment_word(words, lexicon):
    """Index of the first word (punctuation stripped) that the lexicon knows."""
    for index, word in enumerate(words):
        if word.strip(".,!?;:\"'()").lower() in lexicon:
            return index
    return None


def strip_ending(sentence):
    return sentence.rstrip(".!?")


def lower_first(sentence):
    return sentence[:1].lower() + sentence[1:] if sentence[:2] != "I " else sentence


def variations(index, sentence, lexicon):
    """Deterministic variants of one seed sentence; which ones depends on its index."""
    words = words_of(sentence)
    target = first_sentiment_word(words, lexicon)
    at = target if target is not None else max(len(words) - 1, 0)

    def caps_word():
        changed = list(words)
        changed[at] = changed[at].upper()
        return " ".join(changed)

    def ending():
        return strip_ending(sentence) + ENDINGS[index % len(ENDINGS)]

    def modifier():
        changed = list(words)
        changed.insert(at, MODIFIERS[index % len(MODIFIERS)])
        return " ".join(changed)

    def negation():
        changed = list(words)
        changed.insert(at, NEGATIONS[index % len(NEGATIONS)])
        return " ".join(changed)

    def but_clause():
        return strip_ending(sentence) + ", but " + BUT_CLAUSES[index % len(BUT_CLAUSES)] + "."

    def prefix():
        return PREFIXES[index % len(PREFIXES)] + lower_first(sentence)

    def emoji():
        return sentence + EMOJI[index % len(EMOJI)]

    def shout():
        return sentence.upper()

    def quiet():
        return strip_ending(sentence.lower())

    def apostrophes():
        if "'" in sentence:
            return sentence.replace("'", "\u2019")
        return sentence.replace(" ", "  ", 1) + " :D"

    kinds = [caps_word, ending, modifier, negation, but_clause, prefix, emoji, shout,
             quiet, apostrophes]
    return [kinds[(index + offset) % len(kinds)]() for offset in (0, 3, 7)]


def read_seeds():
    lines = SEEDS.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("## ")]


def main():
    installed = metadata.version("vaderSentiment")
    if installed != REFERENCE_VERSION:
        sys.exit(f"need vaderSentiment {REFERENCE_VERSION}, found {installed}")
    analyzer = SentimentIntensityAnalyzer()
    seeds = read_seeds()

    sentences, seen = [], set()
    for index, seed in enumerate(seeds):
        for sentence in [seed] + variations(index, seed, analyzer.lexicon):
            if sentence not in seen:
                seen.add(sentence)
                sentences.append(sentence)

    with OUTPUT.open("w", encoding="utf-8", newline="\n") as out:
        for sentence in sentences:
            scores = analyzer.polarity_scores(sentence)
            record = {"sentence": sentence, "compound": scores["compound"],
                      "pos": scores["pos"], "neu": scores["neu"], "neg": scores["neg"]}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(seeds)} seeds, {len(sentences)} sentences scored by vaderSentiment "
          f"{installed} on Python {platform.python_version()} -> {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
