#!/usr/bin/env bash
# Publish benchmark: samples/HelloWeb into the loopback registry (127.0.0.1:5000) three ways, cold and warm, against a
# plain 'dotnet publish' measured in the same run. Prints a table of median wall times and their ratio to the
# baseline; asserts nothing.
#
#   bench/publish.sh [RUNS]        RUNS (default 3, or $BENCH_RUNS) measured runs per scenario
#   BENCH_PREPARE=0 bench/publish.sh   skip services, sample builder and pack; use what is there
#   BENCH_BASELINE_REV=<rev> bench/publish.sh
#                                  also measure Local execution as of <rev> (its package packed from a worktree of
#                                  that commit), cold and warm, in the same run: "before and after" a change
#
# Scenarios (each is one 'dotnet publish -c Release' command, timed as a whole):
#   baseline       plain publish, nothing changed since the last one (the project is built before any measurement)
#   local          Buildpacks.MSBuild, BuildpackExecution=Local (no daemon: the builder's detector and builder in a
#                  bubblewrap sandbox over its file system, analyze/restore/export in process); a cold run extracts the
#                  builder's file system into the fresh user cache (its time is printed after the table)
#   local-before   the same with the package of $BENCH_BASELINE_REV, when given
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
# After the table: the sandbox's start-up per phase (a phase's bwrap set-up over the sample builder's file system
# running /bin/true, against /bin/true run directly; median of 50) and the builder file system's extraction time.
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
# The package as of $BENCH_BASELINE_REV, packed in a worktree of that commit (binaries and all).
baseline_feed=$root/artifacts/feed
baseline_version=
if [ -n "${BENCH_BASELINE_REV:-}" ]; then
  baseline_tree=$work/baseline-tree
  log "packing Buildpacks.MSBuild as of $BENCH_BASELINE_REV in $baseline_tree"
  git worktree add --detach --quiet "$baseline_tree" "$BENCH_BASELINE_REV"
  trap 'git -C "$root" worktree remove --force "$baseline_tree" >/dev/null 2>&1 || true; cleanup' EXIT
  baseline_version=$(cd "$baseline_tree" && bash build/pack.sh 2>"$logs/baseline-pack.log") \
    || { log "packing $BENCH_BASELINE_REV failed; see $logs/baseline-pack.log"; exit 1; }
  baseline_feed=$baseline_tree/artifacts/feed
fi

cat >"$project/nuget.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="buildpacks-msbuild-local" value="$root/artifacts/feed" />
    <add key="buildpacks-msbuild-baseline" value="$baseline_feed" />
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
if [ -n "$baseline_version" ]; then
  before_args=(-p:BuildpacksMSBuildVersion="$baseline_version" "${ours_args[@]}" -p:BuildpackExecution=Local
    -p:BuildpackImage="$registry/bench/hello-web-local-before:1" -p:BuildpackCacheDirectory="$work/local-cache")
  measure local-before-cold local cold "${before_args[@]}" -p:BuildpackForce=true -p:BuildpackPullPolicy=Always
  measure local-before-warm local warm "${before_args[@]}"
fi
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

awk '$2 == "ok" { t[$1] = $3 }
  END {
    if (t["sdk-cold"] > 0) for (n in t) if (n ~ /-cold$/ && n != "sdk-cold") printf "%s vs sdk-cold: %.2fx\n", n, t[n] / t["sdk-cold"]
  }' "$results" | sort

# The sandbox's start-up per phase: what a phase's sandbox costs before the phase's own work, over the sample
# builder's file system (extracted by the cold Local runs above into their user cache; the newest one is taken).
rootfs=$(ls -dt "$work"/xdg-*/buildpacks-msbuild/builder-roots/*/ 2>/dev/null | head -n 1)
rootfs=${rootfs%/}
if [ -n "$rootfs" ] && command -v bwrap >/dev/null 2>&1; then
  scratch=$work/sandbox-scratch
  mkdir -p "$scratch/platform" "$scratch/tmp" "$scratch/layers" "$scratch/app"
  sandboxed=(bwrap --unshare-user --unshare-pid --unshare-ipc --unshare-uts --uid 1000 --gid 1000 --cap-drop ALL
    --die-with-parent --new-session --ro-bind "$rootfs" / --proc /proc --dev /dev --ro-bind "$scratch/platform" /platform
    --bind "$scratch/tmp" /tmp --bind "$scratch/app" /workspace --bind "$scratch/layers" /layers --chdir /workspace
    -- /bin/sh -c 'umask 022 && exec "$0" "$@"' /bin/true)
  median_ms() { # runs "$@" 50 times; prints the median wall time in ms
    local times=() i s e
    for ((i = 0; i < 50; i++)); do
      s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); times+=($(((e - s) / 1000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1 } END { printf "%.1f", t[int((NR + 1) / 2)] / 1000 }'
  }
  direct=$(median_ms /bin/true)
  in_sandbox=$(median_ms "${sandboxed[@]}")
  echo
  echo "sandbox start-up per phase: ${in_sandbox} ms (/bin/true in the sandbox) vs ${direct} ms (directly): $(awk -v a="$in_sandbox" -v b="$direct" 'BEGIN { printf "%.1f", a - b }') ms overhead (target <= 50 ms)"
fi
extracted=$(grep -ho 'Extracted the file system of [^ ]* in [0-9.]* s' "$logs"/local-cold.log 2>/dev/null | awk '{ print $(NF - 1) }' | sort -n | awk '{ t[NR] = $1 } END { if (NR) printf "%s s (median of %d cold runs)", t[int((NR + 1) / 2)], NR }')
[ -z "$extracted" ] || echo "the sample builder's file system extracted (once per builder image ID; each cold run has a new user cache): $extracted"
