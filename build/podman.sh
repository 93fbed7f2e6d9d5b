#!/usr/bin/env bash
# Ensures Podman's Engine API service runs for the tests: Debian's podman (4.3), configured so that it can never bring
# up a network of its own, serving unix://${BUILDPACKS_PODMAN_SOCKET:-/run/podman/podman.sock}. Idempotent: a service
# that answers is left alone; a stale pid file is ignored. Prints the socket's path on stdout.
#   build/podman.sh          configure, start (if needed) and print the socket path
#   build/podman.sh stop     stop the service this script started (by its pid)
#   build/podman.sh restart  stop the service this script started, then start a fresh one. build/test.sh does this
#                            before every run: a service left running for hours by an earlier run was once seen to
#                            answer its ping while failing every attach ("write child: broken pipe", HTTP 409).
#
# What it writes (drop-ins that leave the packages' own files alone):
#   /etc/containers/containers.conf.d/50-buildpacks-msbuild.conf
#     [containers] default_ulimits: Podman 4.3's containers fail with "error setting rlimits" without them here;
#                  netns = "host": a container that names no network shares the host's, never a bridge.
#     [network]    the CNI backend pointed at an empty plugin directory and an empty network directory: the default
#                  "podman" bridge (10.88.0.0/16) cannot be made, so no podman0/cni-podman0 interface ever appears;
#                  a container asking for a bridge fails instead.
#     [engine]     runtime = runc: crun 1.8 refuses this machine's hybrid cgroups.
#   /etc/containers/registries.conf.d/50-buildpacks-msbuild.conf: the loopback registry 127.0.0.1:5000 over plain HTTP.
# The service listens on the unix socket only.
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

socket=${BUILDPACKS_PODMAN_SOCKET:-/run/podman/podman.sock}
state=${BUILDPACKS_STATE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/buildpacks-msbuild}/podman
pidfile=$state/service.pid
empty=/var/lib/buildpacks-msbuild/podman

log() { printf '[podman] %s\n' "$*" >&2; }
answers() { curl -fsS -o /dev/null --max-time 2 --unix-socket "$socket" http://podman/_ping 2>/dev/null; }
ours() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

stop_ours() {
  ours || return 0
  local pid
  pid=$(cat "$pidfile")
  kill "$pid"
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  rm -f "$pidfile"
}

case "${1:-start}" in
  stop) stop_ours; exit 0 ;;
  restart) stop_ours ;;
  start) ;;
  *) log "ERROR: unknown verb '$1' (start, stop or restart)"; exit 1 ;;
esac

command -v podman >/dev/null 2>&1 || { log "ERROR: podman is not installed (build/services.sh installs it)"; exit 1; }

mkdir -p "$empty/cni-plugins" "$empty/cni-networks" /etc/containers/containers.conf.d /etc/containers/registries.conf.d
write_if_changed() {
  local path=$1 content=$2
  if [ ! -f "$path" ] || [ "$(cat "$path")" != "$content" ]; then
    printf '%s\n' "$content" > "$path"
    log "wrote $path"
  fi
}
write_if_changed /etc/containers/containers.conf.d/50-buildpacks-msbuild.conf "# Buildpacks.MSBuild tests (build/podman.sh): no network of Podman's own, ever.
[containers]
default_ulimits = [\"nofile=1024:1024\", \"nproc=1024:1024\"]
netns = \"host\"

[network]
network_backend = \"cni\"
cni_plugin_dirs = [\"$empty/cni-plugins\"]
network_config_dir = \"$empty/cni-networks\"

[engine]
runtime = \"runc\""
write_if_changed /etc/containers/registries.conf.d/50-buildpacks-msbuild.conf "# Buildpacks.MSBuild tests (build/podman.sh): the loopback registry.
[[registry]]
location = \"127.0.0.1:5000\"
insecure = true"

if answers; then echo "$socket"; exit 0; fi

mkdir -p "$state" "$(dirname "$socket")"
rm -f "$socket"
start_detached "$state/service.log" podman system service --time=0 "unix://$socket"
echo "$detached_pid" > "$pidfile"
for _ in $(seq 1 60); do
  if answers; then
    log "Podman $(podman version --format '{{.Server.Version}}' 2>/dev/null || echo '?') serves unix://$socket"
    echo "$socket"
    exit 0
  fi
  sleep 0.25
done
log "ERROR: podman system service did not answer on $socket; see $state/service.log"
tail -n 20 "$state/service.log" >&2 || true
exit 1
