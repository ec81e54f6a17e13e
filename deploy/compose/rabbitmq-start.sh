#!/bin/bash
# Starts the compose stack's RabbitMQ with PPM's users and permissions (tools/bus/rabbitmq-definitions.json, loaded
# at boot with their development passwords), then gives each user the deployment's password where one is given:
# PPM_BUS_PASSWORD_<ROLE>, and RABBITMQ_ADMIN_PASSWORD for the administrator `guest`. Unset ones keep the
# development password (for `npm run infra:up`); production sets every one. The healthcheck passes only once this
# is done, so no app connects before.
set -euo pipefail
ready=/tmp/ppm-users-ready
rm -f "$ready"
docker-entrypoint.sh rabbitmq-server &
server=$!
trap 'kill -TERM "$server"' TERM INT

until rabbitmqctl -q await_startup --timeout 5 >/dev/null 2>&1; do
  kill -0 "$server" 2>/dev/null || { wait "$server"; exit 1; }
  sleep 2
done

if [ -n "${RABBITMQ_ADMIN_PASSWORD:-}" ]; then rabbitmqctl -q change_password guest "$RABBITMQ_ADMIN_PASSWORD"; fi
for user in ppm-command ppm-query ppm-worker ppm-caller ppm-operator bum-billing; do
  var=PPM_BUS_PASSWORD_${user#*-}
  var=${var^^}
  if [ -n "${!var:-}" ]; then rabbitmqctl -q change_password "$user" "${!var}"; fi
done
touch "$ready"
wait "$server"
