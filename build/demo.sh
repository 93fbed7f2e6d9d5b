#!/usr/bin/env bash
# The main job, end to end, as a user would do it: pack Buildpacks.MSBuild into a local NuGet feed, then
#   dotnet publish samples/HelloWeb -c Release -p:BuildpackImage=127.0.0.1:5000/hello-web:1 -p:BuildpackPublish=true
# builds the app image with Cloud Native Buildpacks (the sample builder) and pushes it to the loopback registry; the
# image is pulled, run with 'docker run --network host' on a free loopback port, and answers an HTTP request.
# Idempotent: every step is incremental, and a second run with nothing changed skips the image build.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=lib/common.sh
source "$root/build/lib/common.sh"

step() { printf '\n=== %s\n' "$*"; }
fail() { printf 'demo: ERROR: %s\n' "$*" >&2; exit 1; }

image=127.0.0.1:5000/hello-web:1

# A loopback port nothing listens on (a connection to it is refused).
free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      printf '%s\n' "$port"
      return
    fi
  done
  fail "no free loopback port found"
}

step "services: Docker Engine, registry server, skopeo, umoci (build/services.sh)"
bash build/services.sh

step "loopback registry, sample stack, NativeAOT lifecycle + launcher, sample builder (build/sample-builder.sh)"
builder=$(bash build/sample-builder.sh)
echo "builder: $builder"

step "Buildpacks.MSBuild package into the local feed artifacts/feed (build/pack.sh)"
version=$(bash build/pack.sh)
echo "package: Buildpacks.MSBuild $version"

step "dotnet publish samples/HelloWeb -c Release -p:BuildpackImage=$image -p:BuildpackPublish=true"
# The exact version just packed, so that restore takes it at once (the project floats on 0.1.0-dev.* otherwise).
dotnet publish samples/HelloWeb -c Release -nologo \
  -p:BuildpackImage="$image" -p:BuildpackPublish=true -p:BuildpacksMSBuildVersion="$version"

step "skopeo inspect docker://$image"
skopeo inspect --tls-verify=false --format '{{.Name}}@{{.Digest}}, created {{.Created}}, {{len .Layers}} layers' "docker://$image"

step "docker run --network host $image"
docker pull -q "$image"
port=$(free_port)
# PORT is how a platform tells the app where to listen; the sample buildpacks map it to ASPNETCORE_HTTP_PORTS.
container=$(docker run -d --network host -e PORT="$port" "$image")
trap 'docker rm -f "$container" >/dev/null 2>&1 || true' EXIT
url=http://127.0.0.1:$port/
response=
for _ in $(seq 1 100); do
  if response=$(curl -fsS --max-time 2 "$url" 2>/dev/null); then break; fi
  [ "$(docker inspect -f '{{.State.Running}}' "$container" 2>/dev/null)" = true ] \
    || { docker logs "$container" >&2 || true; fail "the container exited before it answered on $url"; }
  sleep 0.2
done
[ -n "$response" ] || { docker logs "$container" >&2 || true; fail "no answer from $url within 20 s"; }
echo "GET $url"
printf '%s\n' "$response"
echo "demo: OK"
