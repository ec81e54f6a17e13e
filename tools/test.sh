#!/usr/bin/env bash
# `npm test`: lint, type-check, build, unit tests, then integration and end-to-end tests against real PostgreSQL,
# Redis, RabbitMQ and NATS (Testcontainers when a Docker engine answers, else tools/infra.sh's local servers).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
RESULTS=$ROOT/tmp/test-results
rm -rf "$RESULTS" && mkdir -p "$RESULTS"
export JEST_JSON_DIR=$RESULTS

# Apps started by `npm start` join the same NATS queue groups and would answer the tests' requests.
for pidfile in "$ROOT"/.infra/run/*.pid; do
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "The apps of \`npm start\` are running and would answer the tests' NATS requests. Run \`npm stop\` first." >&2
    exit 1
  fi
done

ensure_node_modules

step "lint (eslint with Nx module boundaries, prettier)"
npm run -s lint

step "type-check and build"
npm run -s typecheck
npm run -s build

# Before the unit tests: the Prometheus rules' spec runs promtool.
bash tools/infra.sh test-tools

step "unit tests"
npx nx run-many -t test --outputStyle=stream --parallel=2 --skip-nx-cache

step "servers for the integration tests"
if [ "${PPM_INFRA:-auto}" != local ] && docker_engine; then
  eval "$(node tools/testcontainers-infra.mjs start)"
  trap 'node tools/testcontainers-infra.mjs stop' EXIT
else
  bash tools/infra.sh up
  # A server moved with PG_PORT (or a database named by PG_DB), REDIS_PORT, AMQP_PORT or NATS_PORT is where the
  # tests look too, unless its URL is set: without this they would test against whatever answers on the default port.
  if [ -n "${PG_PORT:-}${PG_DB:-}" ]; then
    export DATABASE_URL=${DATABASE_URL:-postgres://postgres:postgres@127.0.0.1:${PG_PORT:-5432}/${PG_DB:-ppm}}
  fi
  if [ -n "${REDIS_PORT:-}" ]; then export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:$REDIS_PORT}; fi
  if [ -n "${AMQP_PORT:-}" ]; then export AMQP_URL=${AMQP_URL:-amqp://guest:guest@127.0.0.1:$AMQP_PORT}; fi
  if [ -n "${NATS_PORT:-}" ]; then export NATS_URL=${NATS_URL:-nats://127.0.0.1:$NATS_PORT}; fi
fi

step "database migrations (the end-to-end tests use the default database)"
npm run -s migrate

step "integration tests (real servers)"
npx nx run-many -t int-test --outputStyle=stream --parallel=2

step "end-to-end tests (the apps as processes)"
npx nx run-many -t e2e --outputStyle=stream --parallel=1

echo "npm test ran for ${SECONDS}s"
node tools/test-summary.js "$RESULTS"
