#!/usr/bin/env bash
# Publish benchmark: samples/HelloWeb into the loopback registry (127.0.0.1:5000) three ways, cold and warm, against a
# plain 'dotnet publish' measured in the same run. Prints a table of median wall times and their ratio to the
# baseline; asserts nothing.
#
#   bench/publish.sh [RUNS]        RUNS (default 3, or $BENCH_RUNS) measured runs per scenario
#   BENCH_PREPARE=0 bench/publish.sh   skip services, sample builder and pack; use what is there
#
# Scenarios (each is one 'dotnet publish -c Release' command, timed as a whole):
#   baseline       plain publish, nothing changed since the last one (the project is built before any measurement)
#   local          Buildpacks.MSBuild, BuildpackExecution=Local (our lifecycle in-process, no daemon)
#   container      Buildpacks.MSBuild, BuildpackExecution=Container (the builder's lifecycle in Docker containers)
#   sdk            the SDK's own -t:PublishContainer, ContainerBaseImage = the sample run image (the same run image our
#                  builds use); the SDK needs DOTNET_CONTAINER_INSECURE_REGISTRIES to talk plain HTTP to 127.0.0.1:5000.
#                  Its image is the framework-dependent app on a base without .NET: it measures the publish path only.
# cold: every cache of that way is new and empty (XDG_CACHE_HOME: the SDK's content store and our builder-tree cache;
#       our build cache directory or volume removed; builder and run image pulled again with BuildpackPullPolicy=Always)
#       and our incremental stamp is ignored (BuildpackForce=true); blobs already in the registry stay there.
# warm: a second run with nothing changed (one unmeasured run first): ours skips the image step, the SDK has no such
#       step-skipping and builds and pushes again. "image built" counts the measured runs of ours that built an image.
#
# The project is a copy of samples/HelloWeb in a temporary directory, restoring Buildpacks.MSBuild from the local feed
# (build/pack.sh runs first); logs are kept in artifacts/bench/publish-<time>/.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=../build/lib/common.sh
source "$root/build/lib/common.sh"

runs=${1:-${BENCH_RUNS:-3}}
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "bench/publish.sh: RUNS must be a positive number, not '$runs'" >&2; exit 2; }
log() { printf '[bench] %s\n' "$*" >&2; }

registry=127.0.0.1:5000
builder=$registry/buildpacks-samples/builder:bookworm
run_image=$registry/buildpacks-samples/run:bookworm

# BENCH_PREPARE=0 measures with what is there (the sample builder in the registry, the newest package in the feed)
# instead of making them first: for a tree that others are changing.
if [ "${BENCH_PREPARE:-1}" = 0 ]; then
  version=$(cat artifacts/feed/version.txt) || { echo "bench/publish.sh: no package in artifacts/feed; run build/pack.sh" >&2; exit 1; }
else
  bash build/services.sh >&2
  bash build/sample-builder.sh >/dev/null
  version=$(bash build/pack.sh)
fi

logs=$root/artifacts/bench/publish-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$logs"
work=$(mktemp -d -t bp-bench-publish-XXXXXX)
container_cache=bp-bench-publish-$$-cache
cleanup() {
  docker volume rm -f "$container_cache" >/dev/null 2>&1 || true
  case $work in */bp-bench-publish-*) rm -rf -- "$work" ;; esac
}
trap cleanup EXIT

# The sample as a user's project: its own Directory.Build.props, a nuget.config naming the feed by absolute path.
project=$work/HelloWeb
mkdir -p "$project"
cp -r samples/HelloWeb/. "$project/"
case $project in "$work"/HelloWeb) rm -rf -- "$project/bin" "$project/obj" ;; esac
cat >"$project/nuget.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="buildpacks-msbuild-local" value="$root/artifacts/feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
  </packageSources>
</configuration>
CONFIG

common_args=(-c Release -nologo -p:BuildpacksMSBuildVersion="$version")
ours_args=(-p:BuildpackBuilder="$builder" -p:BuildpackPublish=true)
local_args=("${ours_args[@]}" -p:BuildpackExecution=Local -p:BuildpackImage="$registry/bench/hello-web-local:1"
  -p:BuildpackCacheDirectory="$work/local-cache")
container_args=("${ours_args[@]}" -p:BuildpackExecution=Container -p:BuildpackImage="$registry/bench/hello-web-container:1"
  -p:BuildpackCacheVolume="$container_cache")
sdk_args=(-t:PublishContainer -p:ContainerBaseImage="$run_image" -p:ContainerRegistry="$registry"
  -p:ContainerRepository=bench/hello-web-sdk -p:ContainerImageTag=1)
export DOTNET_CONTAINER_INSECURE_REGISTRIES=$registry

# publish <log> <xdg cache dir> <args...>: one timed publish; prints its wall time in seconds, or 'failed'.
publish() {
  local logfile=$1 cache=$2; shift 2
  local start end
  start=$(date +%s%N)
  if XDG_CACHE_HOME=$cache dotnet publish "$project" "${common_args[@]}" "$@" >>"$logfile" 2>&1; then
    end=$(date +%s%N)
    awk -v ns=$((end - start)) 'BEGIN { printf "%.2f\n", ns / 1e9 }'
  else
    echo failed
  fi
}

# Each cold run starts from caches that are new and empty.
reset_cold() {
  local mode=$1
  case $work in */bp-bench-publish-*) rm -rf -- "$work/xdg-cold" "$work/local-cache" ;; esac
  mkdir -p "$work/xdg-cold"
  [ "$mode" != container ] || docker volume rm -f "$container_cache" >/dev/null 2>&1 || true
}

# measure <name> <mode> <cold|warm> <args...>: RUNS timed publishes; appends "name median min max" to $results.
results=$work/results
measure() {
  local name=$1 mode=$2 temperature=$3; shift 3
  local logfile=$logs/$name.log times=() t i
  log "$name ($runs run(s))"
  if [ "$temperature" = warm ]; then
    mkdir -p "$work/xdg-warm"
    t=$(publish "$logfile" "$work/xdg-warm" "$@")
    [ "$t" != failed ] || { echo "$name failed - - -" >>"$results"; log "$name: the priming run failed; see $logfile"; return; }
  fi
  local built=0 before
  for ((i = 0; i < runs; i++)); do
    before=0; [ ! -f "$logfile" ] || before=$(wc -l <"$logfile")
    if [ "$temperature" = cold ]; then
      reset_cold "$mode"
      t=$(publish "$logfile" "$work/xdg-cold" "$@")
    else
      t=$(publish "$logfile" "$work/xdg-warm" "$@")
    fi
    [ "$t" != failed ] || { echo "$name failed - - -" >>"$results"; log "$name: failed; see $logfile"; return; }
    times+=("$t")
    # Our summary line (BP4100) is written only when the image step ran, not when it was up to date.
    if tail -n "+$((before + 1))" "$logfile" | grep -q 'BP4100'; then built=$((built + 1)); fi
  done
  case $mode in local | container) built="$built/$runs" ;; *) built=- ;; esac
  printf '%s\n' "${times[@]}" | sort -n | awk -v name="$name" -v built="$built" '
    { t[NR] = $1 }
    END { m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2; printf "%s ok %.2f %.2f %.2f %s\n", name, m, t[1], t[NR], built }' >>"$results"
}

: >"$results"
log "restore and first build of the copy of samples/HelloWeb (not measured)"
mkdir -p "$work/xdg-warm"
publish "$logs/prepare.log" "$work/xdg-warm" >/dev/null

measure baseline none warm
measure local-cold local cold "${local_args[@]}" -p:BuildpackForce=true -p:BuildpackPullPolicy=Always
measure local-warm local warm "${local_args[@]}"
measure container-cold container cold "${container_args[@]}" -p:BuildpackForce=true -p:BuildpackPullPolicy=Always
measure container-warm container warm "${container_args[@]}"
measure sdk-cold sdk cold "${sdk_args[@]}"
measure sdk-warm sdk warm "${sdk_args[@]}"

echo
echo "samples/HelloWeb -> $registry, Buildpacks.MSBuild $version, $runs run(s) per scenario, $(nproc) CPU(s), logs in ${logs#"$root"/}"
awk '
  BEGIN { printf "%-16s %10s %8s %8s %12s %12s\n", "scenario", "median s", "min s", "max s", "vs baseline", "image built" }
  $1 == "baseline" && $2 == "ok" { base = $3 }
  { row[NR] = $0 }
  END {
    for (i = 1; i <= NR; i++) {
      split(row[i], f, " ")
      if (f[2] != "ok") { printf "%-16s %10s\n", f[1], "failed"; continue }
      ratio = base > 0 ? sprintf("%.2fx", f[3] / base) : "-"
      printf "%-16s %10.2f %8.2f %8.2f %12s %12s\n", f[1], f[3], f[4], f[5], ratio, f[6]
    }
  }' "$results"
