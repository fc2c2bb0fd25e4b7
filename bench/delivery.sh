#!/usr/bin/env bash
# Delivery throughput: messages per second from the job queue to a local SMTP server through
# one worker (claim under a lease, check the lease, send over the pooled connections, record
# the batch), and the queue's own claim-and-finish rate, on SQLite and on PostgreSQL.
#
#   bench/delivery.sh                   # SQLite only
#   AMENDS_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres bench/delivery.sh
#
# The receiver is Postfix's smtp-sink (Debian package `postfix`; nothing is configured, the
# binary is only run). Environment: COUNT (default 20000), CONCURRENCY (default 16).
set -euo pipefail

cd "$(dirname "$0")/.."
count=${COUNT:-20000}
concurrency=${CONCURRENCY:-16}
target_dir=${CARGO_TARGET_DIR:-target}
sink=$(command -v smtp-sink || echo /usr/sbin/smtp-sink)
[ -x "$sink" ] || { echo "bench/delivery.sh needs smtp-sink (apt-get install postfix)" >&2; exit 2; }

cargo build --quiet --release -p amends_worker --example delivery_throughput
bench=$target_dir/release/examples/delivery_throughput
scratch=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$sink" -u nobody -c "127.0.0.1:$port" 1000 >"$scratch/sink.log" 2>&1 &
sink_pid=$!
trap 'kill "$sink_pid" 2>/dev/null || true; rm -rf "$scratch"' EXIT
sleep 0.5
kill -0 "$sink_pid" 2>/dev/null || { cat "$scratch/sink.log" >&2; exit 2; }

run() { # label, make-database-url
  local label=$1 mode
  for mode in send claims; do
    local db
    db=$($2 "$label-$mode")
    if [ "$mode" = send ]; then
      "$bench" "$db" "smtp://127.0.0.1:$port" "$count" --concurrency "$concurrency"
    else
      "$bench" "$db" "smtp://127.0.0.1:$port" "$count" --claims-only
    fi
  done
}

sqlite_db() { echo "sqlite://$scratch/$1.db"; }
postgres_db() {
  local name="amends_bench_${1//-/_}_$$"
  psql -q "$AMENDS_BENCH_POSTGRES_URL" -c "CREATE DATABASE $name" >/dev/null
  echo "${AMENDS_BENCH_POSTGRES_URL%/*}/$name"
}

echo "delivery: $count messages, $concurrency SMTP connections, one worker, smtp-sink on port $port"
run sqlite sqlite_db
if [ -n "${AMENDS_BENCH_POSTGRES_URL:-}" ]; then
  run postgres postgres_db
  for name in $(psql -At "$AMENDS_BENCH_POSTGRES_URL" -c "SELECT datname FROM pg_database WHERE datname LIKE 'amends_bench_%_$$'"); do
    psql -q "$AMENDS_BENCH_POSTGRES_URL" -c "DROP DATABASE $name" >/dev/null
  done
fi
