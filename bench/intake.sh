#!/usr/bin/env bash
# Case intakes per second over HTTP: `amends serve` (release build) on SQLite and on
# PostgreSQL, loaded by wrk (Debian package `wrk`) with bench/intake.lua. Each intake is
# one POST /api/v1/cases with the customer's first message, which the server also reads
# for sentiment and priority.
#
#   bench/intake.sh                       # SQLite only
#   AMENDS_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres bench/intake.sh
#
# Environment: DURATION (default 10s), CONNECTIONS (default 32), THREADS (default 2);
# AMENDS_BIN, a prebuilt `amends` to measure instead of building this tree (to compare two
# builds under the same load); RATE, requests per second for a second, fixed-rate run with
# oha (`cargo install oha --no-default-features`), which reports latency at that rate with
# coordinated omission corrected.
# The per-token rate limit is raised for the run (amends.toml in a scratch folder), so
# the figures measure the server, not the limiter. wrk drives the server as fast as it
# answers; it reports latency percentiles at that load, not at a fixed rate.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
duration=${DURATION:-10s}
connections=${CONNECTIONS:-32}
threads=${THREADS:-2}
target_dir=${CARGO_TARGET_DIR:-target}
command -v wrk >/dev/null || { echo "bench/intake.sh needs wrk (apt-get install wrk)" >&2; exit 2; }

if [[ -n ${RATE:-} ]]; then
  command -v oha >/dev/null || { echo "RATE needs oha (cargo install oha --no-default-features)" >&2; exit 2; }
fi
if [[ -n ${AMENDS_BIN:-} ]]; then
  amends=$AMENDS_BIN
else
  cargo build --quiet --release -p amends --bin amends
  amends=$root/$target_dir/release/amends
fi
scratch=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$scratch"' EXIT
cat >"$scratch/amends.toml" <<'TOML'
[server]
rate-limit-burst = 1000000
rate-limit-per-second = 1000000
TOML

intake_body() { # the body bench/intake.lua sends
  sed -n "s/^wrk.body = '\(.*\)'\$/\1/p; s/^  \.\. '\(.*\)'\$/\1/p" "$root/bench/intake.lua" | tr -d '\n'
}

run() { # label, database URL
  local label=$1 db=$2 port token
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  (cd "$scratch" && AMENDS_PASSWORD=bench-password-1 "$amends" user create --email bench@shop.example \
    --role agent --db "$db" >/dev/null)
  token=$(cd "$scratch" && "$amends" token create --user bench@shop.example --db "$db")
  (cd "$scratch" && RUST_LOG=warn "$amends" serve --db "$db" --bind "127.0.0.1:$port" >"$scratch/serve.log" 2>&1) &
  server=$!
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
  curl -sf -X POST "http://127.0.0.1:$port/api/v1/customers" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' \
    -d '{"external_id": "bench-1", "name": "Ada Byrne", "time_zone": "Europe/Dublin"}' >/dev/null
  echo "== $label: $threads threads, $connections connections, $duration"
  AMENDS_BENCH_TOKEN=$token wrk --latency -t"$threads" -c"$connections" -d"$duration" \
    -s "$root/bench/intake.lua" "http://127.0.0.1:$port/api/v1/cases" |
    grep -E "Requests/sec|Non-2xx|Socket errors|^ +(50|75|90|99)%"
  if [[ -n ${RATE:-} ]]; then
    echo "== $label: $RATE requests/s, $connections connections, $duration (oha)"
    oha --no-tui --latency-correction -q "$RATE" -c "$connections" -z "$duration" -m POST \
      -H "Authorization: Bearer $token" -T application/json -d "$(intake_body)" \
      "http://127.0.0.1:$port/api/v1/cases" | grep -E "Requests/sec|Success rate|^ +(50|90|99)\.00% in|^ +\[[0-9]{3}\] [0-9]+ responses"
  fi
  kill "$server"
  wait "$server" 2>/dev/null || true
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
run "SQLite" "sqlite://$scratch/bench.db"
if [[ -n ${AMENDS_BENCH_POSTGRES_URL:-} ]]; then
  name=amends_bench_$$
  psql -q "$AMENDS_BENCH_POSTGRES_URL" -c "CREATE DATABASE $name"
  run "PostgreSQL" "${AMENDS_BENCH_POSTGRES_URL%/*}/$name"
  psql -q "$AMENDS_BENCH_POSTGRES_URL" -c "DROP DATABASE $name WITH (FORCE)"
fi
