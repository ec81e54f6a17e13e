#!/usr/bin/env bash
# `npm start`: servers, dependencies, build, migrations, then the five apps in the background, each waited for
# until its /health/ready answers 200. Idempotent: apps already running are left as they are.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
RUN=$ROOT/.infra/run
mkdir -p "$RUN"

step "servers (PostgreSQL, Redis, RabbitMQ, NATS)"
bash tools/infra.sh up

ensure_node_modules

step "build"
npm run -s build

step "database migrations"
npm run -s migrate

declare -A PORTS=([gateway]=3000 [command]=3001 [worker]=3002 [query]=3003 [gateway-sandbox]=3010)
APPS=(command query worker gateway-sandbox gateway)

running() { [ -f "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }

# Each app is its own user on NATS and RabbitMQ (docs/bus-identity.md): the development users of tools/bus/, or
# <APP>_NATS_USER, <APP>_NATS_PASSWORD and <APP>_AMQP_URL (e.g. COMMAND_AMQP_URL) from .env. The broker's address
# comes from AMQP_URL, its userinfo replaced by the app's.
bus_identity() {
  local app=$1 prefix broker
  prefix=$(printf '%s' "${app//-/_}" | tr '[:lower:]' '[:upper:]')
  local user_var=${prefix}_NATS_USER pass_var=${prefix}_NATS_PASSWORD amqp_var=${prefix}_AMQP_URL
  broker=${AMQP_URL:-amqp://127.0.0.1:5672}
  broker=${broker#*://}
  printf 'NATS_USER=%s NATS_PASSWORD=%s AMQP_URL=%s' "${!user_var:-ppm-$app}" "${!pass_var:-ppm-$app-dev}" \
    "${!amqp_var:-amqp://ppm-$app:ppm-$app-dev@${broker#*@}}"
}

step "apps"
# A local .env (copied from .env.example) overrides the defaults; each app's port comes from this script.
if [ -f .env ]; then set -a; source .env; set +a; fi
# The apps refuse to guess NODE_ENV; `npm start` is a development stack unless .env or the caller says otherwise.
export NODE_ENV=${NODE_ENV:-development}
# The console's development sign-in mints any role's token: on for this local stack only, unless .env says otherwise.
export CONSOLE_DEV_SIGN_IN=${CONSOLE_DEV_SIGN_IN:-true}
for app in "${APPS[@]}"; do
  if running "$app"; then echo "  $app: already running (pid $(cat "$RUN/$app.pid"))"; continue; fi
  # shellcheck disable=SC2046 # the identity is three words by design
  env $(bus_identity "$app") PORT=${PORTS[$app]} setsid nohup node "dist/apps/$app/main.js" \
    >>"$RUN/$app.log" 2>&1 </dev/null &
  echo $! >"$RUN/$app.pid"
  echo "  $app: started (pid $!, log $RUN/$app.log)"
done

for app in "${APPS[@]}"; do
  url="http://127.0.0.1:${PORTS[$app]}/health/ready"
  start=$SECONDS
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$url")" = 200 ]; do
    if ! running "$app"; then
      echo "  $app exited during start-up; last lines of $RUN/$app.log:" >&2
      tail -n 20 "$RUN/$app.log" >&2
      exit 1
    fi
    if (( SECONDS - start > 60 )); then
      echo "  $app is not ready after 60 s: $(curl -s "$url")" >&2
      echo "  See $RUN/$app.log" >&2
      exit 1
    fi
    sleep 0.3
  done
  echo "  $app: ready on :${PORTS[$app]}"
done

cat <<MSG

PPM is running.
  Admin console                           http://127.0.0.1:3000/admin/
                                          sign in: pick a role (ppm.viewer, ppm.operator, ppm.admin, ppm.platform-operator); the seed tenant
                                          00000000-0000-4000-8000-000000000001 is prefilled (development sign-in)
  HTTP edge (admin UI, internal callers)  http://127.0.0.1:3000   API docs: http://127.0.0.1:3000/api/docs
  Worker (gateway webhooks, return URLs)  http://127.0.0.1:3002
  Gateway sandbox (VNPay, MoMo, ZaloPay)  http://127.0.0.1:3010
  Command / query services                NATS nats://127.0.0.1:4222, subjects ppm.command.* / ppm.query.*
  Bus users (docs/bus-identity.md)        yours: NATS ppm-caller / ppm-caller-dev; each app is its own user
  Health and metrics on every app         /health/ready, /health/live, /health/startup, /metrics
  Logs                                    $RUN/<app>.log

Try it:
  npm run demo                            one payment and one refund per gateway, with the events they raised
  npm run ppm -- request ppm.query.transaction.list '{}' --tenant 00000000-0000-4000-8000-000000000001
  npm run ppm -- token --tenant 00000000-0000-4000-8000-000000000001 --role ppm.admin
                                          a bearer token for the HTTP edge, e.g.
  curl -s -H "authorization: Bearer \$TOKEN" http://127.0.0.1:3000/api/v1/ppm/transactions
Stop the apps with \`npm stop\`, the servers with \`npm run infra:down\`.
MSG
