#!/usr/bin/env bash
# Brings up (or stops) the four servers PPM needs: PostgreSQL 15, Redis 7, RabbitMQ 3.10, NATS 2.9.
# With a reachable Docker engine it uses docker-compose.yml; otherwise it runs Debian's packages as local
# processes bound to 127.0.0.1 with their data under .infra/ (git-ignored). Idempotent: servers that already
# answer are reused. Either way NATS and RabbitMQ get PPM's users and permissions (tools/bus/, docs/bus-identity.md),
# a reused RabbitMQ too (through rabbitmqctl, with the node's Erlang cookie: RABBITMQ_CTL_HOME names the directory
# holding it when infra.sh cannot find it). `test-tools` installs chromium and promtool for the tests.
# Usage: tools/infra.sh up|down|status|test-tools
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
B=${PPM_INFRA_DIR:-$ROOT/.infra}
PG_PORT=${PG_PORT:-5432}
REDIS_PORT=${REDIS_PORT:-6379}
AMQP_PORT=${AMQP_PORT:-5672}
NATS_PORT=${NATS_PORT:-4222}
NATS_MONITOR_PORT=${NATS_MONITOR_PORT:-8222}
PG_DB=${PG_DB:-ppm}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
RB=$B/rabbitmq
NATS_USERS=$ROOT/tools/bus/nats-users.conf
RABBIT_DEFINITIONS=$ROOT/tools/bus/rabbitmq-definitions.json

say() { printf '[infra] %s\n' "$*"; }
die() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }

# wait_until <seconds> <label> <command...>: polls with a progress line, fails with the label on timeout.
wait_until() {
  local limit=$1 label=$2; shift 2
  local start=$SECONDS last=0
  until "$@" >/dev/null 2>&1; do
    if (( SECONDS - start >= limit )); then printf '\n'; return 1; fi
    if [ -t 1 ]; then printf '\r[infra] waiting for %s ... %ss' "$label" $((SECONDS - start))
    elif (( SECONDS - start >= last + 5 )); then last=$((SECONDS - start)); say "still waiting for $label ... ${last}s"; fi
    sleep 0.2
  done
  if (( SECONDS - start > 0 )); then [ -t 1 ] && printf '\r'; say "$label ready after $((SECONDS - start))s"; fi
  return 0
}

pg_up()     { "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; }
redis_up()  { [ "$(timeout 2 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }
nats_up()   { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$NATS_PORT && head -c 4 <&3 | grep -q INFO" 2>/dev/null; }
# Whether the NATS server's greeting asks clients to authenticate (it runs with users).
nats_auth() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$NATS_PORT && head -n 1 <&3 | grep -q '\"auth_required\":true'" 2>/dev/null; }
amqp_up()   { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$AMQP_PORT && printf 'AMQP\x00\x00\x09\x01' >&3 && head -c 4 <&3 | grep -q ." 2>/dev/null; }


rabbit_env() {
  # Another port means another node: its own name and distribution port, so it can run beside the default one.
  local node=rabbit@localhost dist=25672
  if [ "$AMQP_PORT" != 5672 ]; then node="rabbit-$AMQP_PORT@localhost"; dist=$(( AMQP_PORT > 45000 ? AMQP_PORT - 20000 : AMQP_PORT + 20000 )); fi
  export HOME=$RB RABBITMQ_NODENAME=$node ERL_EPMD_ADDRESS=127.0.0.1 \
    RABBITMQ_CONF_ENV_FILE=$RB/rabbitmq-env.conf RABBITMQ_CONFIG_FILE=$RB/rabbitmq.conf \
    RABBITMQ_ENABLED_PLUGINS_FILE=$RB/enabled_plugins RABBITMQ_MNESIA_BASE=$RB/mnesia RABBITMQ_LOG_BASE=$RB/log \
    RABBITMQ_PID_FILE=$RB/rabbit.pid RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT=$AMQP_PORT \
    RABBITMQ_DIST_PORT=$dist \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS='-kernel inet_dist_use_interface {127,0,0,1}' \
    RABBITMQ_CTL_ERL_ARGS='-kernel inet_dist_use_interface {127,0,0,1}'
}

ensure_packages() {
  local missing=()
  [ -x "$PGBIN/initdb" ] || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
  command -v nats-server >/dev/null || missing+=(nats-server)
  apt_install server "${missing[@]}"
}

# What the tests drive besides the servers: Debian's chromium for the console's browser tests, and promtool
# (Debian's prometheus package) to check and unit-test the alert rules.
ensure_test_tools() {
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v promtool >/dev/null || missing+=(prometheus)
  apt_install test-tool "${missing[@]}"
}

# apt_install <what> <package...>: installs the missing packages as root, or says how to when not root.
apt_install() {
  local what=$1; shift
  (( $# == 0 )) && return 0
  local cmd="apt-get update && apt-get install -y --no-install-recommends $*"
  if [ "$(id -u)" -ne 0 ]; then
    die "missing $what packages. Install them as root, then run this again:  sudo sh -c '$cmd'"
  fi
  say "installing $* from the system's packages (about 20-90 s) ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "$@" >"$B/apt.log" 2>&1 \
    || die "apt-get install failed; see $B/apt.log"
  say "installed $*"
}

# Postgres refuses to run as root, so its files belong to the postgres user. When that user cannot reach .infra/
# (a checkout under a private home directory), the data goes to a folder of its own named after this checkout.
pg_home() {
  if runuser -u postgres -- test -x "$B"; then echo "$B"; else
    echo "/var/lib/postgresql/ppm-infra-$(printf '%s' "$ROOT" | md5sum | cut -c1-8)"
  fi
}

start_postgres() {
  local home; home=$(pg_home)
  if pg_up; then say "postgres: reusing the server on 127.0.0.1:$PG_PORT"; else
    install -d -o postgres -g postgres -m 700 "$home/pg" "$home/pgrun"
    [ "$home" = "$B" ] || say "postgres: data in $home (the postgres user cannot reach $B)"
    if [ ! -f "$home/pg/PG_VERSION" ]; then
      (cd / && runuser -u postgres -- "$PGBIN/initdb" -D "$home/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8) >"$B/initdb.log" 2>&1 \
        || die "initdb failed; see $B/initdb.log"
    fi
    say "postgres: starting on 127.0.0.1:$PG_PORT"
    # Room for the working set and fewer checkpoints (so fewer full-page writes) under write load: measured by
    # `npm run bench` as ~20 % more payments, refunds and webhooks per second. Durability settings stay default.
    (cd / && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$home/pg" -l "$home/pgrun/pg.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $home/pgrun -c max_connections=300 -c shared_buffers=512MB \
          -c wal_buffers=16MB -c max_wal_size=4GB -c checkpoint_timeout=15min" start >/dev/null) \
      || die "postgres did not start; see $home/pgrun/pg.log"
  fi
  wait_until 60 postgres pg_up || die "postgres does not answer on 127.0.0.1:$PG_PORT; see $home/pgrun/pg.log"
  psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$PG_DB'" | grep -q 1 \
    || psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE \"$PG_DB\"" >/dev/null
}

start_redis() {
  if redis_up; then say "redis: reusing the server on 127.0.0.1:$REDIS_PORT"; return; fi
  mkdir -p "$B/redis"
  printf 'bind 127.0.0.1\nport %s\ndaemonize yes\npidfile %s\nlogfile %s\ndir %s\nsave ""\nappendonly no\n' \
    "$REDIS_PORT" "$B/redis/redis.pid" "$B/redis/redis.log" "$B/redis" >"$B/redis/redis.conf"
  say "redis: starting on 127.0.0.1:$REDIS_PORT"
  redis-server "$B/redis/redis.conf"
  wait_until 20 redis redis_up || die "redis does not answer; see $B/redis/redis.log"
}

# The server's config: where it listens, then PPM's users (tools/bus/nats-users.conf).
write_nats_config() {
  mkdir -p "$B/nats"
  { printf 'listen: 127.0.0.1:%s\nhttp: 127.0.0.1:%s\npid_file: "%s"\nlog_file: "%s"\n\n' \
      "$NATS_PORT" "$NATS_MONITOR_PORT" "$B/nats/nats.pid" "$B/nats/nats.log"
    cat "$NATS_USERS"; } >"$B/nats/nats.conf"
  nats-server -c "$B/nats/nats.conf" -t >/dev/null 2>&1 || die "invalid NATS config $B/nats/nats.conf"
}

own_nats_pid() { [ -f "$B/nats/nats.pid" ] && kill -0 "$(cat "$B/nats/nats.pid")" 2>/dev/null && cat "$B/nats/nats.pid"; }

start_nats() {
  write_nats_config
  local pid
  if nats_up; then
    if pid=$(own_nats_pid); then
      if nats_auth; then
        say "nats: reusing this checkout's server on 127.0.0.1:$NATS_PORT (users reloaded)"
        kill -HUP "$pid"
        return
      fi
      say "nats: this checkout's server on 127.0.0.1:$NATS_PORT runs without users: restarting it with them"
      kill "$pid"
      wait_until 20 "nats to stop" bash -c "! kill -0 $pid" || die "nats (pid $pid) did not stop"
    else
      nats_auth || say "nats: WARNING the server on 127.0.0.1:$NATS_PORT is not this checkout's and runs without users: nothing restricts who publishes what"
      say "nats: reusing the server on 127.0.0.1:$NATS_PORT"
      return
    fi
  fi
  say "nats: starting on 127.0.0.1:$NATS_PORT (monitoring :$NATS_MONITOR_PORT) with PPM's users"
  setsid nohup nats-server -c "$B/nats/nats.conf" >/dev/null 2>&1 </dev/null &
  wait_until 20 nats nats_up || die "nats does not answer; see $B/nats/nats.log"
}

start_rabbitmq() {
  if amqp_up; then say "rabbitmq: reusing the server on 127.0.0.1:$AMQP_PORT"; return; fi
  mkdir -p "$RB/mnesia" "$RB/log"
  echo '[].' >"$RB/enabled_plugins"
  : >"$RB/rabbitmq-env.conf"
  printf 'listeners.tcp.1 = 127.0.0.1:%s\nloopback_users = none\n' "$AMQP_PORT" >"$RB/rabbitmq.conf"
  rabbit_env
  if ! epmd -names >/dev/null 2>&1; then
    setsid nohup epmd -address 127.0.0.1 >/dev/null 2>&1 </dev/null &
    echo $! >"$RB/epmd.pid"
    wait_until 10 epmd epmd -names || die "epmd did not start"
  fi
  say "rabbitmq: starting on 127.0.0.1:$AMQP_PORT (takes ~10 s)"
  setsid nohup /usr/lib/rabbitmq/bin/rabbitmq-server >"$RB/stdout.log" 2>&1 </dev/null &
  wait_until 120 rabbitmq amqp_up || die "rabbitmq does not answer; see $RB/stdout.log and $RB/log"
}

# The HOME (where its .erlang.cookie is) of the RabbitMQ node listening on AMQP_PORT, if this user may read it.
rabbit_node_home() {
  local pid
  pid=$(ss -ltnpH "sport = :$AMQP_PORT" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2)
  [ -n "$pid" ] && tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | sed -n 's/^HOME=//p'
}

import_definitions() {
  (rabbit_env; export HOME=$1; cd / && timeout 120 /usr/lib/rabbitmq/bin/rabbitmqctl -q -n "$RABBITMQ_NODENAME" \
    import_definitions "$RABBIT_DEFINITIONS" 2>&1)
}

# PPM's users and their permissions (tools/bus/rabbitmq-definitions.json), added to whatever the node holds:
# importing again only brings them back to the file's state. rabbitmqctl needs the node's Erlang cookie: this
# checkout's node keeps it in its HOME ($RB); a node started elsewhere is asked for its HOME, or RABBITMQ_CTL_HOME says.
rabbitmq_users() {
  local out home
  if ! out=$(import_definitions "${RABBITMQ_CTL_HOME:-$RB}"); then
    home=$(rabbit_node_home || true)
    if [ -n "${RABBITMQ_CTL_HOME:-}" ] || [ -z "$home" ] || ! out=$(import_definitions "$home"); then
      die "could not give RabbitMQ on :$AMQP_PORT PPM's users ($out). Set RABBITMQ_CTL_HOME to the directory holding its .erlang.cookie, or import $RABBIT_DEFINITIONS yourself"
    fi
  fi
  say "rabbitmq: PPM's users in place"
}

up_docker() {
  say "Docker engine found: starting postgres, redis, rabbitmq, nats from docker-compose.yml"
  docker compose up -d postgres redis rabbitmq nats
}

up() {
  mkdir -p "$B"
  if [ "${PPM_INFRA:-auto}" != local ] && docker_engine; then up_docker; else
    ensure_packages
    start_postgres
    start_redis
    start_nats
    start_rabbitmq
    rabbitmq_users
  fi
  wait_until 60 postgres pg_up || die "postgres does not answer on 127.0.0.1:$PG_PORT"
  wait_until 60 redis redis_up || die "redis does not answer on 127.0.0.1:$REDIS_PORT"
  wait_until 60 nats nats_up || die "nats does not answer on 127.0.0.1:$NATS_PORT"
  wait_until 120 rabbitmq amqp_up || die "rabbitmq does not answer on 127.0.0.1:$AMQP_PORT"
  say "all four servers answer: postgres :$PG_PORT, redis :$REDIS_PORT, nats :$NATS_PORT, rabbitmq :$AMQP_PORT"
}

kill_pidfile() { [ -f "$1" ] && kill "$(cat "$1")" 2>/dev/null || true; rm -f "$1"; }

down() {
  if [ "${PPM_INFRA:-auto}" != local ] && docker_engine && [ ! -d "$B/rabbitmq" ]; then docker compose stop postgres redis rabbitmq nats; return; fi
  if [ -f "$RB/rabbit.pid" ]; then
    say "rabbitmq: stopping"
    (rabbit_env; /usr/lib/rabbitmq/bin/rabbitmqctl -q -n "$RABBITMQ_NODENAME" stop "$RB/rabbit.pid" >/dev/null 2>&1 || kill "$(cat "$RB/rabbit.pid")" 2>/dev/null || true)
  fi
  kill_pidfile "$RB/epmd.pid"
  [ -f "$B/nats/nats.pid" ] && say "nats: stopping" && kill_pidfile "$B/nats/nats.pid"
  [ -f "$B/redis/redis.pid" ] && say "redis: stopping" && kill_pidfile "$B/redis/redis.pid"
  local home; home=$(pg_home)
  if [ -f "$home/pg/postmaster.pid" ]; then
    say "postgres: stopping"
    (cd / && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$home/pg" -m fast -w stop >/dev/null) || true
  fi
  say "stopped what this script started"
}

status() {
  local rc=0
  pg_up && say "postgres  up   127.0.0.1:$PG_PORT" || { say "postgres  DOWN 127.0.0.1:$PG_PORT"; rc=1; }
  redis_up && say "redis     up   127.0.0.1:$REDIS_PORT" || { say "redis     DOWN 127.0.0.1:$REDIS_PORT"; rc=1; }
  nats_up && say "nats      up   127.0.0.1:$NATS_PORT" || { say "nats      DOWN 127.0.0.1:$NATS_PORT"; rc=1; }
  amqp_up && say "rabbitmq  up   127.0.0.1:$AMQP_PORT" || { say "rabbitmq  DOWN 127.0.0.1:$AMQP_PORT"; rc=1; }
  return $rc
}

case "${1:-up}" in
  up) up ;;
  down) down ;;
  status) status ;;
  test-tools) mkdir -p "$B" && ensure_test_tools ;;
  *) die "usage: tools/infra.sh up|down|status|test-tools" ;;
esac
