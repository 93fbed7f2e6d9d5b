#!/usr/bin/env bash
# Ensures the project's loopback registry runs: the Debian registry server (CNCF distribution) on
# 127.0.0.1:${BUILDPACKS_REGISTRY_PORT:-5000}, storage under the user's cache dir. Idempotent: a registry that
# already answers is left alone; a stale pid file is ignored. Prints the registry's host:port on stdout.
#   build/registry.sh          start (if needed) and print host:port
#   build/registry.sh stop     stop the registry this script started (by its pid)
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

port=${BUILDPACKS_REGISTRY_PORT:-5000}
state=${BUILDPACKS_STATE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/buildpacks-msbuild}/registry-$port
pidfile=$state/registry.pid
address=127.0.0.1:$port

answers() { curl -fsS -o /dev/null --max-time 2 "http://$address/v2/" 2>/dev/null; }
ours() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

if [ "${1:-start}" = stop ]; then
  if ours; then kill "$(cat "$pidfile")"; rm -f "$pidfile"; fi
  exit 0
fi

command -v docker-registry >/dev/null 2>&1 || bash "$(dirname "${BASH_SOURCE[0]}")/services.sh" >&2

if answers; then echo "$address"; exit 0; fi

mkdir -p "$state/storage"
cat > "$state/config.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $state/storage
  delete:
    enabled: true
http:
  addr: $address
YAML
start_detached "$state/registry.log" docker-registry serve "$state/config.yml"
echo "$detached_pid" > "$pidfile"
for _ in $(seq 1 60); do
  if answers; then echo "$address"; exit 0; fi
  sleep 0.25
done
echo "[registry] ERROR: the registry did not answer on $address; see $state/registry.log" >&2
tail -n 20 "$state/registry.log" >&2 || true
exit 1
