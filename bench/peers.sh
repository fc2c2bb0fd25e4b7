#!/usr/bin/env bash
# Emails per second of `amends lint` against proselint 0.16 on the same 2,000 generated
# apology emails (about 200 words each), one process per tool over the whole folder.
#
#   bench/peers.sh
#
# Environment: EMAILS (default 2000) emails; ROUNDS (default 3) rounds, each one timed run
# of every tool, one after the other so that all sample the same moments of a shared
# machine's load; medians are compared. amends runs twice: with ST301/ST302 (spelling
# and grammar, through harper) off and on. Times are whole-process wall clock, so they
# include each tool's start-up (for amends with ST301/ST302 on: loading harper's
# dictionary, about 0.8 s). proselint is installed into bench/.venv-peers on first use.
set -euo pipefail

cd "$(dirname "$0")/.."
venv=bench/.venv-peers
proselint_version=0.16.0
emails=${EMAILS:-2000}
rounds=${ROUNDS:-3}
out=bench/out
target_dir=${CARGO_TARGET_DIR:-target}

if ! "$venv/bin/proselint" version >/dev/null 2>&1; then
  echo "setting up $venv with proselint $proselint_version" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "proselint==$proselint_version"
fi

cargo build --quiet --release -p amends --bin amends --example apology_emails
amends=$target_dir/release/amends
folder=$out/emails
rm -rf "$folder"
"$target_dir/release/examples/apology_emails" "$emails" "$folder"

seconds() { # command... → wall-clock seconds, output discarded
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || true
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $emails emails, $rounds rounds"
core=() all=() proselint=()
for ((round = 1; round <= rounds; round++)); do
  # One core, as the targets are stated; amends lints files in parallel otherwise.
  core+=("$(seconds taskset -c 0 "$amends" lint --exit-zero --format json --ignore ST301,ST302 "$folder")")
  all+=("$(seconds taskset -c 0 "$amends" lint --exit-zero --format json "$folder")")
  proselint+=("$(seconds taskset -c 0 "$venv/bin/proselint" check --output-format json "$folder")")
  echo "round $round: amends core ${core[-1]} s, amends all ${all[-1]} s, proselint ${proselint[-1]} s"
done
rate() { echo "$emails / $1" | bc -l | xargs printf '%.0f'; }
core_s=$(median "${core[@]}") all_s=$(median "${all[@]}") proselint_s=$(median "${proselint[@]}")
printf '%-36s %10s emails/s\n' "proselint $proselint_version" "$(rate "$proselint_s")"
printf '%-36s %10s emails/s  (%.0fx proselint)\n' "amends lint (ST301/ST302 off)" "$(rate "$core_s")" \
  "$(echo "$proselint_s / $core_s" | bc -l)"
printf '%-36s %10s emails/s  (%.0fx proselint)\n' "amends lint (all rules)" "$(rate "$all_s")" \
  "$(echo "$proselint_s / $all_s" | bc -l)"
