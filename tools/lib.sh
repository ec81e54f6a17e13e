# Shared by tools/*.sh: where things are and how to say what is happening.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false NX_SKIP_NX_CACHE=${NX_SKIP_NX_CACHE:-} FORCE_COLOR=${FORCE_COLOR:-0}
step() { printf '\n\033[1m==> %s\033[0m  (%ss)\n' "$*" "$SECONDS"; }

# Installs npm dependencies when node_modules is missing or older than the lock file.
ensure_node_modules() {
  if [ ! -f "$ROOT/node_modules/.package-lock.json" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
    step "installing npm dependencies (npm ci, about a minute)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# Whether a Docker engine (not just the client) answers.
docker_engine() { command -v docker >/dev/null 2>&1 && timeout 5 docker info >/dev/null 2>&1; }
