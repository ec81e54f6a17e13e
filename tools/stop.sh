#!/usr/bin/env bash
# `npm stop`: sends SIGTERM to the apps `npm start` launched and waits for each to finish its in-flight work.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
RUN=$ROOT/.infra/run
shopt -s nullglob
for pidfile in "$RUN"/*.pid; do
  app=$(basename "$pidfile" .pid)
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; echo "  $app: did not stop within 15 s, killed"; else echo "  $app: stopped"; fi
  fi
  rm -f "$pidfile"
done
echo "Apps stopped. The servers keep running; \`npm run infra:down\` stops them."
