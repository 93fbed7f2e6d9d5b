#!/usr/bin/env bash
# Prints how long `dotnet msbuild -t:BuildpackRebase` takes to move an app image onto a patched run image: the median
# over N runs of the BuildpackRebase task's own time (MSBuild's performance summary) and of the whole msbuild process,
# for an image in the loopback registry and for the same image in the Docker daemon, beside the app image's size.
#
# The app is a published `dotnet new web`-style app built by the sample builder's creator on run image v1 under a
# run.toml naming a run image of this benchmark; that name is then moved to v2 (the "security fix"), and every run
# rebases a fresh copy of the v1 app image onto it (the run image the app records, at its newest digest), through
# the packed Buildpacks.MSBuild SDK (build/pack.sh) on a plain .proj. A benchmark, not a test: it prints, never asserts.
#
# Usage: bench/rebase.sh [runs]   (default 10)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${1:-10}
cd "$root"
# shellcheck source=../build/lib/common.sh
source "$root/build/lib/common.sh"
log() { printf '[bench] %s\n' "$*" >&2; }

bash build/services.sh >&2
registry=$(bash build/registry.sh)
builder=$(bash build/sample-builder.sh | tail -n 1)
version=$(bash build/pack.sh | tail -n 1)

id=$(date +%s%N | sha256sum | cut -c1-12)
repo="$registry/bp-bench-rebase/$id"
run_stable="$repo/run:stable"
app="$repo/app"
daemon_repo="bp-bench-rebase/$id-app"
work=$(mktemp -d -t rebase-bench-XXXXXX)
creator="bp-bench-rebase-creator-$id"
cleanup() {
  docker rm --force "$creator" >/dev/null 2>&1 || true
  docker images --format '{{.Repository}}:{{.Tag}}' | grep -E "^(bp-bench-rebase/$id-app|$registry/bp-bench-rebase/$id/)" | xargs -r docker image rm --force >/dev/null 2>&1 || true
  case "$work" in /tmp/rebase-bench-*) rm -rf -- "$work" ;; esac
}
trap cleanup EXIT

log "publishing the web app"
mkdir -p "$work/web"
printf '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n    <ImplicitUsings>enable</ImplicitUsings>\n  </PropertyGroup>\n</Project>\n' >"$work/web/web.csproj"
printf 'var app = WebApplication.CreateBuilder(args).Build();\napp.MapGet("/", () => "Hello");\napp.Run();\n' >"$work/web/Program.cs"
dotnet publish "$work/web/web.csproj" -c Release -o "$work/publish" -nologo >&2
chmod 755 "$work"

log "building the app image on run image v1"
skopeo copy --quiet --src-tls-verify=false --dest-tls-verify=false \
  "docker://$registry/buildpacks-samples/run:bookworm" "docker://$run_stable" >&2
printf '[[images]]\nimage = "%s"\n' "$run_stable" >"$work/run.toml"
docker run --name "$creator" --network host -e CNB_PLATFORM_API=0.15 \
  -v "$work/publish:/workspace:ro" -v "$work/run.toml:/bench/run.toml:ro" \
  "$builder" /cnb/lifecycle/creator -app /workspace -run /bench/run.toml "$app:v1" >/dev/null
docker rm "$creator" >/dev/null
log "publishing the patched run image (v2) under the name the app records"
skopeo copy --quiet --src-tls-verify=false --dest-tls-verify=false \
  "docker://$registry/buildpacks-samples/run:bookworm-v2" "docker://$run_stable" >&2

# A plain .proj whose only content is the packed SDK, restored from the local feed.
printf '<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n  <packageSources>\n    <clear />\n    <add key="buildpacks-msbuild" value="%s" />\n  </packageSources>\n</configuration>\n' \
  "$root/artifacts/feed" >"$work/NuGet.config"
printf '<Project>\n  <Sdk Name="Buildpacks.MSBuild" Version="%s" />\n</Project>\n' "$version" >"$work/rebase.proj"

# One rebase; appends "<task ms> <process ms>" to $2.
rebase() {
  local image=$1 times=$2 start end output task_ms
  start=$(date +%s%N)
  output=$(cd "$work" && dotnet msbuild rebase.proj -nologo -nodeReuse:false -t:BuildpackRebase \
    "-p:BuildpackImage=$image" -clp:PerformanceSummary 2>&1) || { printf '%s\n' "$output" >&2; exit 1; }
  end=$(date +%s%N)
  task_ms=$(printf '%s\n' "$output" | awk '/Task Performance Summary/ { summary = 1 } summary && $3 == "BuildpackRebase" { print $1; exit }')
  printf '%s %s\n' "${task_ms:?no BuildpackRebase time in the performance summary}" $(((end - start) / 1000000)) >>"$times"
  printf '%s\n' "$output" | grep -m1 'BP5090' >&2
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

log "$runs rebases in the registry"
for i in $(seq 1 "$runs"); do
  skopeo copy --quiet --src-tls-verify=false --dest-tls-verify=false "docker://$app:v1" "docker://$app:run$i" >&2
  rebase "$app:run$i" "$work/registry.times"
done

log "$runs rebases in the daemon"
docker pull -q "$app:v1" >/dev/null
docker pull -q "$run_stable" >/dev/null
for i in $(seq 1 "$runs"); do
  docker tag "$app:v1" "$daemon_repo:run$i"
  rebase "docker-daemon:$daemon_repo:run$i" "$work/daemon.times"
done

layers=$(skopeo inspect --tls-verify=false --raw "docker://$app:v1" | jq '.layers | length')
registry_bytes=$(skopeo inspect --tls-verify=false --raw "docker://$app:v1" | jq '[.layers[].size, .config.size] | add')
daemon_bytes=$(docker image inspect --format '{{.Size}}' "$app:v1")
mb() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1000000 }'; }

echo "app image: $layers layers, $(mb "$registry_bytes") compressed in the registry, $(mb "$daemon_bytes") in the daemon"
echo "rebase in the registry: median $(cut -d' ' -f1 "$work/registry.times" | median) ms (BuildpackRebase task, $runs runs); whole msbuild process median $(cut -d' ' -f2 "$work/registry.times" | median) ms"
echo "rebase in the daemon:   median $(cut -d' ' -f1 "$work/daemon.times" | median) ms (BuildpackRebase task, $runs runs; first run $(head -n1 "$work/daemon.times" | cut -d' ' -f1) ms); whole msbuild process median $(cut -d' ' -f2 "$work/daemon.times" | median) ms"
