#!/usr/bin/env bash
# `npm run bench`: servers, build, migrations, then bench/run-bench.ts: the substrate's ceilings and PPM's figures on
# its own app processes, written to bench/results/<date>.md and .json. Not part of `npm test`. About 5 minutes.
# NATS_URL, DATABASE_URL, REDIS_URL and AMQP_URL default to the local servers of `npm run infra:up`.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

# Apps started by `npm start` join the same NATS queue groups and would answer the bench's requests.
if [ -z "${NATS_URL:-}" ]; then
  for pidfile in "$ROOT"/.infra/run/*.pid; do
    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      echo "The apps of \`npm start\` are running and would answer the bench's NATS requests. Run \`npm stop\` first." >&2
      exit 1
    fi
  done
fi

step "servers (PostgreSQL, Redis, RabbitMQ, NATS)"
bash tools/infra.sh up

# Never installs: a benchmark must not change the dependencies it measures (and `npm ci` empties a shared,
# symlinked node_modules before reinstalling it).
if [ ! -d "$ROOT/node_modules/typescript" ]; then
  echo "node_modules is missing: run \`npm ci\` (or \`npm start\`, which installs) first." >&2
  exit 1
fi

step "build"
npm run -s build

step "database migrations"
npm run -s migrate

step "benchmark"
exec node -r ./tools/register-aliases.js dist/bench/run-bench.js
