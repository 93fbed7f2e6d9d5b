#!/usr/bin/env bash
# Installs (from Debian's packages) and starts what the project needs: the Docker Engine, Podman's Engine API service
# (build/podman.sh), the registry server, skopeo, umoci, debootstrap. Idempotent: what is installed is not installed
# again, a daemon that answers is left alone. Network safety: dockerd runs with no bridge, no iptables and no
# masquerading; Podman is configured so that it cannot make a network at all (build/podman.sh); nothing here listens
# anywhere but on loopback or a unix socket.
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

log() { printf '[services] %s\n' "$*"; }

need_packages=()
command -v dockerd >/dev/null 2>&1 || need_packages+=(docker.io)
command -v docker-registry >/dev/null 2>&1 || need_packages+=(docker-registry)
command -v skopeo >/dev/null 2>&1 || need_packages+=(skopeo)
command -v umoci >/dev/null 2>&1 || need_packages+=(umoci)
command -v debootstrap >/dev/null 2>&1 || need_packages+=(debootstrap)
# Podman 4.3, without its recommends (no slirp4netns, no netavark): Container execution is tested against its socket too.
command -v podman >/dev/null 2>&1 || need_packages+=(podman)
command -v htpasswd >/dev/null 2>&1 || need_packages+=(apache2-utils)
command -v curl >/dev/null 2>&1 || need_packages+=(curl ca-certificates)
command -v setpriv >/dev/null 2>&1 || need_packages+=(util-linux)
# Local execution runs buildpacks in a bubblewrap sandbox (user and mount namespaces, no root); useradd makes the
# unprivileged user of the rootless test.
command -v bwrap >/dev/null 2>&1 || need_packages+=(bubblewrap)
command -v useradd >/dev/null 2>&1 || need_packages+=(passwd)
# NativeAOT (the launcher and lifecycle binaries, build/build-binaries.sh) links with clang and lld, and zlib.
command -v clang >/dev/null 2>&1 || need_packages+=(clang)
command -v ld.lld >/dev/null 2>&1 || need_packages+=(lld)
[ -f /usr/include/zlib.h ] || need_packages+=(zlib1g-dev)
# A statically linked busybox: the tests make small runnable images from it (no base image can be pulled here).
[ -x /bin/busybox ] && file -L /bin/busybox 2>/dev/null | grep -q static || need_packages+=(busybox-static file)

if ((${#need_packages[@]} > 0)); then
  log "installing ${need_packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_packages[@]}" >/dev/null
fi

# The Debian docker-registry package starts a system registry on :5000 bound to all interfaces; we never
# want that one (tests start their own on loopback), so stop it if the package's service came up.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet docker-registry 2>/dev/null; then
  systemctl stop docker-registry || true
fi

DOCKER_SOCKET=/var/run/docker.sock
DOCKER_PIDFILE=/var/run/docker.pid
DOCKER_LOG=${BUILDPACKS_DOCKERD_LOG:-/var/log/buildpacks-dockerd.log}

docker_answers() {
  [ -S "$DOCKER_SOCKET" ] && timeout 5 docker -H "unix://$DOCKER_SOCKET" version --format '{{.Server.Version}}' >/dev/null 2>&1
}

if docker_answers; then
  log "Docker Engine already answers on $DOCKER_SOCKET"
else
  # A session's processes are killed before CI, which leaves a pid file (and socket) whose process is gone;
  # dockerd then refuses to start. A pid file is stale when no dockerd has that pid.
  if [ -f "$DOCKER_PIDFILE" ]; then
    pid=$(cat "$DOCKER_PIDFILE" 2>/dev/null || true)
    if [ -n "$pid" ] && [ -d "/proc/$pid" ] && grep -q dockerd "/proc/$pid/comm" 2>/dev/null; then
      log "dockerd (pid $pid) is running but not answering yet"
    else
      log "removing stale $DOCKER_PIDFILE (pid ${pid:-none} is gone)"
      rm -f "$DOCKER_PIDFILE" "$DOCKER_SOCKET"
    fi
  fi
  # containerd leaves its own pid/socket behind too.
  rm -f /var/run/docker/containerd/containerd.pid 2>/dev/null || true

  if ! pgrep -x dockerd >/dev/null 2>&1; then
    log "starting dockerd (log: $DOCKER_LOG)"
    mkdir -p "$(dirname "$DOCKER_LOG")"
    start_detached "$DOCKER_LOG" dockerd \
      --host "unix://$DOCKER_SOCKET" \
      --bridge=none --iptables=false --ip6tables=false --ip-masq=false \
      --userland-proxy=false
    disown "$detached_pid" 2>/dev/null || true
  fi

  for _ in $(seq 1 120); do
    if docker_answers; then break; fi
    sleep 0.5
  done
  if ! docker_answers; then
    log "ERROR: the Docker Engine did not answer on $DOCKER_SOCKET within 60 s; last lines of $DOCKER_LOG:"
    tail -n 30 "$DOCKER_LOG" >&2 || true
    exit 1
  fi
  log "Docker Engine $(docker version --format '{{.Server.Version}}') is ready"
fi

for tool in docker-registry skopeo umoci debootstrap htpasswd podman; do
  command -v "$tool" >/dev/null 2>&1 || { log "ERROR: $tool is missing after install"; exit 1; }
done

# Emulation of linux/arm64 (qemu-user-static with binfmt_misc) and the arm64 cross toolchain: multi-platform
# builds (BuildpackRuntimeIdentifiers) run the arm64 builder under it, and build/build-binaries.sh links our lifecycle
# for linux-arm64 with it.
bash "$(dirname "${BASH_SOURCE[0]}")/emulation.sh"

# The package enables podman.socket for systemd; where systemd runs, that unit would listen on /run/podman/podman.sock
# itself, which is the same service. build/podman.sh starts it where systemd does not.
podman_socket=$(bash "$(dirname "${BASH_SOURCE[0]}")/podman.sh")
log "ready: docker-registry, skopeo, umoci, debootstrap, htpasswd, podman (unix://$podman_socket)"
