#!/bin/sh
# Starts the compose stack's NATS with PPM's users and permissions (tools/bus/nats-users.conf), each development
# password replaced by the deployment's PPM_BUS_PASSWORD_<ROLE> where one is given. Unset ones keep the development
# password, so `npm run infra:up` can use these servers for local work; production sets every one.
set -eu
conf_dir=/tmp/ppm-nats
mkdir -p "$conf_dir"
cp /etc/nats/ppm-users.conf "$conf_dir/ppm-users.conf"
for role in command query worker gateway caller notifier bench; do
  var=PPM_BUS_PASSWORD_$(echo "$role" | tr '[:lower:]' '[:upper:]')
  eval "password=\${$var:-}"
  [ -n "$password" ] || continue
  # The password lands in a sed replacement and a NATS string: letters, digits, - and _ keep both literal.
  case "$password" in *[!A-Za-z0-9_-]*) echo "$var may hold only letters, digits, - and _" >&2; exit 1 ;; esac
  sed -i "s/password: ppm-$role-dev\$/password: \"$password\"/" "$conf_dir/ppm-users.conf"
done
printf 'port: 4222\nhttp: 8222\ninclude ./ppm-users.conf\n' >"$conf_dir/nats.conf"
exec nats-server -c "$conf_dir/nats.conf"
