#!/usr/bin/env bash
# Sentences per second of our VADER (amends_core::listen::vader) against the reference
# Python package vaderSentiment 3.3.2, on the same sentences, one process each.
#
#   bench/sentiment.sh               # measure (sets up bench/.venv on first use)
#   bench/sentiment.sh --regenerate  # also rewrite the reference scores used by the tests
#
# Environment: COPIES (default 20) copies of the 1,798-sentence agreement corpus make
# up the timed file; ROUNDS (default 5) rounds, each one timed pass of each side, one
# after the other, so that both sample the same moments of a shared machine's load; the
# medians are compared. Each side loads its lexicon before timing, then scores every
# line of the file (ours repeats the file until a pass has lasted at least a second, as
# one reference pass does). Afterwards both write their scores, which must be identical.
set -euo pipefail

cd "$(dirname "$0")/.."
venv=bench/.venv
reference_version=3.3.2
copies=${COPIES:-20}
rounds=${ROUNDS:-5}
out=bench/out
target_dir=${CARGO_TARGET_DIR:-target}

if ! "$venv/bin/python" -c "import vaderSentiment" 2>/dev/null; then
  echo "setting up $venv with vaderSentiment $reference_version" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "vaderSentiment==$reference_version"
fi

if [[ ${1:-} == --regenerate ]]; then
  "$venv/bin/python" bench/vader_reference.py
fi

mkdir -p "$out"
sentences=$out/sentences.txt
"$venv/bin/python" - "$copies" >"$sentences" <<'PY'
import json, sys
corpus = "crates/amends_core/tests/data/vader_reference.jsonl"
with open(corpus, encoding="utf-8") as handle:
    lines = [json.loads(line)["sentence"] for line in handle]
sys.stdout.write("".join(line + "\n" for line in lines) * int(sys.argv[1]))
PY

cargo build --quiet --release -p amends_core --example vader_throughput
rust_bin=$target_dir/release/examples/vader_throughput

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(wc -l <"$sentences") sentences, $rounds rounds"
per_second() { sed -E 's/.*per_second=([0-9]+).*/\1/' <<<"$1"; }
rust_rates=()
python_rates=()
for ((round = 1; round <= rounds; round++)); do
  rust=$("$rust_bin" "$sentences" --repeat 1 --min-seconds 1)
  python=$("$venv/bin/python" bench/vader_throughput.py "$sentences" --repeat 1)
  rust_rates+=("$(per_second "$rust")")
  python_rates+=("$(per_second "$python")")
  echo "round $round: python $(per_second "$python")/s, rust $(per_second "$rust")/s"
done
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
python_rate=$(median "${python_rates[@]}")
rust_rate=$(median "${rust_rates[@]}")
echo "python vaderSentiment $reference_version: $python_rate sentences/s (median)"
echo "rust   amends_core::listen::vader: $rust_rate sentences/s (median)"

"$rust_bin" "$sentences" --repeat 1 --scores "$out/rust_scores.jsonl" >/dev/null
"$venv/bin/python" bench/vader_throughput.py "$sentences" --repeat 1 \
  --scores "$out/python_scores.jsonl" >/dev/null
"$venv/bin/python" - "$out/python_scores.jsonl" "$out/rust_scores.jsonl" <<'PY'
import json, sys
with open(sys.argv[1]) as a, open(sys.argv[2]) as b:
    python = [json.loads(line) for line in a]
    rust = [json.loads(line) for line in b]
same = sum(1 for p, r in zip(python, rust)
           if all(p[key] == r[key] for key in ("compound", "pos", "neu", "neg")))
print(f"identical scores: {same}/{len(python)}")
if len(python) != len(rust) or same != len(python):
    sys.exit("the two implementations disagree")
PY

awk -v r="$rust_rate" -v p="$python_rate" 'BEGIN { printf "ratio: %.1fx faster than the reference\n", r / p }'
