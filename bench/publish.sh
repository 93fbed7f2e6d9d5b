#!/usr/bin/env bash
# Publish benchmark: samples/HelloWeb (`dotnet new web`), framework-dependent (fd) and self-contained for linux-x64
# (sc), published and pushed four ways, against each other in the same run. Prints tables of median wall times, their
# ratios and the bytes each publish stored in the registry; writes docs/benchmarks.md and its chart
# docs/benchmarks-edit.svg. Asserts nothing: the targets are printed beside the figures.
#
#   bench/publish.sh [RUNS]            RUNS (default 3, or $BENCH_RUNS) measured runs per scenario
#   BENCH_PREPARE=0 bench/publish.sh   skip services, sample builder and pack; use what is there
#   BENCH_BUILDER=<tag>                the builder (default the sample builder, 127.0.0.1:5000/buildpacks-samples/builder:bookworm)
#   BENCH_DOCS=0                       print only; leave docs/benchmarks.md as it is
#   BENCH_BASELINE_REV=<rev>           also measure Local execution as of <rev> (its package packed from a worktree of
#                                      that commit), cold and warm, in the same run: "before and after" a change
#
# Ways (each measured publish is one 'dotnet publish -c Release' command, timed as a whole):
#   baseline   plain 'dotnet publish', no image
#   local      Buildpacks.MSBuild, BuildpackExecution=Local (no daemon: the builder's detector and builder in a bubblewrap
#              sandbox over its file system, analyze/restore/export in process), BuildpackPublish=true; a cold run
#              extracts the builder's file system into the fresh user cache (its time is printed after the tables)
#   local-before  the same with the package of $BENCH_BASELINE_REV, cold and warm, when given
#   container  Buildpacks.MSBuild, BuildpackExecution=Container (the builder's lifecycle in Docker containers)
#   sdk        the SDK's own -t:PublishContainer, ContainerBaseImage = the sample run image (the run image our builds use,
#              from the loopback registry: no public registry is reachable); DOTNET_CONTAINER_INSECURE_REGISTRIES lets it
#              talk plain HTTP. For fd its image is the app on a base without .NET: it measures the publish path only.
# Scenarios:
#   cold  every cache of that way is new and empty (XDG_CACHE_HOME: the SDK's content store and our builder-tree cache;
#         our build cache directory or volume removed; builder and run image pulled again with BuildpackPullPolicy=Always)
#         and our incremental stamp is ignored (BuildpackForce=true); the project itself is built, and blobs already in
#         the registry stay there.
#   warm  nothing changed since the last publish (one unmeasured run first): ours skips the image step (the "image
#         built" column counts the measured runs of ours that built one), the SDK builds and pushes again.
#   edit  a one-line code change (the text GET / answers), then publish: what a developer's inner loop costs.
# Bytes: every image goes to a registry of its own that this script starts on a free loopback port (build/registry.sh,
# storage in the work dir), so the bytes a publish stored there (new blobs: layers, config, manifest) are exactly
# what it uploaded, whatever else the machine does. The layers of the compression table (gzip levels 1, 6 and 9 of
# our sc layers, beside the SDK's layer) come from tools/LayerCompression on the local sc publish output.
#
# The projects are copies of samples/HelloWeb in a temporary directory (one per kind and way), restoring
# Buildpacks.MSBuild from the local feed (build/pack.sh runs first); logs are kept in artifacts/bench/publish-<time>/.
# After the tables: the sandbox's start-up per phase (a phase's bwrap set-up over the sample builder's file system
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
builder=${BENCH_BUILDER:-$registry/buildpacks-samples/builder:bookworm}
run_image=$registry/buildpacks-samples/run:bookworm
command_line="bench/publish.sh $*"

# BENCH_PREPARE=0 measures with what is there (the sample builder in the registry, the newest package in the feed)
# instead of making them first: for a tree that others are changing.
if [ "${BENCH_PREPARE:-1}" = 0 ]; then
  version=$(cat artifacts/feed/version.txt) || { echo "bench/publish.sh: no package in artifacts/feed; run build/pack.sh" >&2; exit 1; }
else
  bash build/services.sh >&2
  bash build/sample-builder.sh "$builder" >/dev/null
  version=$(bash build/pack.sh)
fi
log "building tools/LayerCompression"
dotnet build tools/LayerCompression/LayerCompression.csproj -c Release -nologo -clp:ErrorsOnly >&2

logs=$root/artifacts/bench/publish-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$logs"
work=$(mktemp -d -t bp-bench-publish-XXXXXX)
state=$work/registry-state

# The registry of this run: the first loopback port from 5100 on that nothing answers on.
bench_port=""
for port in $(seq 5100 5199); do
  if ! curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$port/v2/" 2>/dev/null && ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    bench_port=$port
    break
  fi
done
[ -n "$bench_port" ] || { echo "bench/publish.sh: no free loopback port in 5100-5199 for the benchmark's registry" >&2; exit 1; }
cleanup() {
  BUILDPACKS_REGISTRY_PORT=$bench_port BUILDPACKS_STATE_DIR=$state bash build/registry.sh stop || true
  for kind in fd sc; do docker volume rm -f "bp-bench-publish-$$-$kind-cache" >/dev/null 2>&1 || true; done
  case $work in */bp-bench-publish-*) rm -rf -- "$work" ;; esac
}
trap cleanup EXIT
bench_registry=$(BUILDPACKS_REGISTRY_PORT=$bench_port BUILDPACKS_STATE_DIR=$state bash build/registry.sh)

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
ways=(baseline local container sdk)
image_ways=(local container sdk)
if [ -n "$baseline_version" ]; then
  ways+=(local-before)
  image_ways+=(local-before)
fi
blobs=$state/registry-$bench_port/storage/docker/registry/v2/blobs
log "registry of this run: $bench_registry"

# The bytes of every blob the benchmark's registry stores.
stored_bytes() {
  if [ -d "$blobs" ]; then find "$blobs" -type f -name data -printf '%s\n' | awk '{ s += $1 } END { printf "%d\n", s }'; else echo 0; fi
}

# One copy of the sample per kind and way: its own obj/ and stamp, as separate checkouts would have.
project_of() { printf '%s/%s-%s/HelloWeb' "$work" "$1" "$2"; }
for kind in fd sc; do
  for way in "${ways[@]}"; do
    project=$(project_of "$kind" "$way")
    mkdir -p "$project"
    cp -r samples/HelloWeb/. "$project/"
    case $project in "$work"/*/HelloWeb) rm -rf -- "$project/bin" "$project/obj" ;; esac
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
  done
done

# edit <kind> <way> <text>: the one-line code change: GET / answers <text>.
edit() {
  local program
  program="$(project_of "$1" "$2")/Program.cs"
  sed -i -E "s|^app\\.MapGet\\(\"/\", \\(\\) => \".*\"\\);$|app.MapGet(\"/\", () => \"Hello from HelloWeb, $3\\\\n\");|" "$program"
  grep -qF "Hello from HelloWeb, $3" "$program" || { echo "bench/publish.sh: the edit of $program did not apply" >&2; exit 1; }
}

kind_args() { if [ "$1" = sc ]; then printf '%s\n' -r linux-x64 --self-contained; fi; }
way_args() {
  local kind=$1 way=$2
  case $way in
    local | local-before | container)
      printf '%s\n' "-p:BuildpackBuilder=$builder" -p:BuildpackPublish=true "-p:BuildpackImage=$bench_registry/bench/hello-web-$kind-$way:1"
      if [ "$way" = local-before ]; then
        printf '%s\n' "-p:BuildpacksMSBuildVersion=$baseline_version" -p:BuildpackExecution=Local "-p:BuildpackCacheDirectory=$work/$kind-$way-cache"
      elif [ "$way" = local ]; then
        printf '%s\n' -p:BuildpackExecution=Local "-p:BuildpackCacheDirectory=$work/$kind-$way-cache"
      else
        printf '%s\n' -p:BuildpackExecution=Container "-p:BuildpackCacheVolume=bp-bench-publish-$$-$kind-cache"
      fi
      ;;
    sdk)
      printf '%s\n' -t:PublishContainer "-p:ContainerBaseImage=$run_image" "-p:ContainerRegistry=$bench_registry" \
        "-p:ContainerRepository=bench/hello-web-$kind-sdk" -p:ContainerImageTag=1
      ;;
  esac
}
# The SDK splits this list on ';' (10.0.401 ignores the documented ',' form).
export DOTNET_CONTAINER_INSECURE_REGISTRIES="$registry;$bench_registry"

# publish <kind> <way> <log> <xdg cache dir> [extra args...]: one timed publish; prints "<seconds> <bytes stored>", or
# "failed".
publish() {
  local kind=$1 way=$2 logfile=$3 cache=$4; shift 4
  local start end before after args=()
  mapfile -t args < <(kind_args "$kind"; way_args "$kind" "$way")
  before=$(stored_bytes)
  start=$(date +%s%N)
  if XDG_CACHE_HOME=$cache dotnet publish "$(project_of "$kind" "$way")" -c Release -nologo -p:BuildpacksMSBuildVersion="$version" \
    "${args[@]}" "$@" >>"$logfile" 2>&1; then
    end=$(date +%s%N)
    after=$(stored_bytes)
    awk -v ns=$((end - start)) -v bytes=$((after - before)) 'BEGIN { printf "%.2f %d\n", ns / 1e9, bytes }'
  else
    echo failed
  fi
}

# Each cold run starts from caches that are new and empty.
reset_cold() {
  local kind=$1 way=$2
  # Moved aside, not deleted: thousands of inodes freed just before a run slow that run's own file creation (ext4 skips
  # recently freed inodes when it allocates new ones; seen here as a builder extraction of 3 s instead of 1.2 s), which a
  # user's first publish does not meet. The work dir, and so all of it, goes at the end.
  local aside
  aside=$(mktemp -d "$work/cold-aside.XXXXXX")
  for old in "$work/xdg-cold" "$work/$kind-$way-cache"; do
    [ ! -e "$old" ] || mv -- "$old" "$aside/"
  done
  mkdir -p "$work/xdg-cold"
  [ "$way" != container ] || docker volume rm -f "bp-bench-publish-$$-$kind-cache" >/dev/null 2>&1 || true
}

# record <scenario> <kind> <way> <built> <time bytes>...: appends "scenario kind way ok median min max built bytes" to
# $results (bytes: the median of the runs' bytes).
results=$work/results
record() {
  local scenario=$1 kind=$2 way=$3 built=$4; shift 4
  printf '%s\n' "$@" | awk -v s="$scenario" -v k="$kind" -v w="$way" -v built="$built" '
    { t[NR] = $1; b[NR] = $2 }
    function median(a, n,   i, j, x, c) {
      for (i = 1; i <= n; i++) c[i] = a[i]
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (c[j] + 0 < c[i] + 0) { x = c[i]; c[i] = c[j]; c[j] = x }
      lo = c[1]; hi = c[n]
      return (n % 2) ? c[(n + 1) / 2] : (c[n / 2] + c[n / 2 + 1]) / 2
    }
    END {
      mt = median(t, NR); tmin = lo; tmax = hi; mb = median(b, NR)
      printf "%s %s %s ok %.2f %.2f %.2f %s %d\n", s, k, w, mt, tmin, tmax, built, mb
    }' >>"$results"
}

# Whether the last publish in <log> since line <n> built an image (our BP4100 summary; not written when up to date).
built_since() { tail -n "+$(($2 + 1))" "$1" | grep -q 'BP4100'; }
lines_of() { if [ -f "$1" ]; then wc -l <"$1"; else echo 0; fi; }

: >"$results"
for kind in fd sc; do
  log "$kind: restore, first build and first image of each way (not measured)"
  mkdir -p "$work/xdg-warm"
  for way in "${ways[@]}"; do
    edit "$kind" "$way" "first version"
    r=$(publish "$kind" "$way" "$logs/$kind-prepare.log" "$work/xdg-warm")
    [ "$r" != failed ] || { log "$kind $way: the first publish failed; see $logs/$kind-prepare.log"; exit 1; }
  done

  # cold: the ways that make images.
  for way in "${image_ways[@]}"; do
    logfile=$logs/$kind-cold-$way.log measured=() built=0
    extra=()
    [ "$way" = sdk ] || extra=(-p:BuildpackForce=true -p:BuildpackPullPolicy=Always)
    log "$kind cold $way ($runs run(s))"
    for ((i = 0; i < runs; i++)); do
      reset_cold "$kind" "$way"
      before=$(lines_of "$logfile")
      r=$(publish "$kind" "$way" "$logfile" "$work/xdg-cold" "${extra[@]}")
      [ "$r" != failed ] || { log "$kind cold $way: failed; see $logfile"; measured=(); break; }
      measured+=("$r")
      if built_since "$logfile" "$before"; then built=$((built + 1)); fi
    done
    if ((${#measured[@]} > 0)); then
      record cold "$kind" "$way" "$([ "$way" = sdk ] && echo - || echo "$built/$runs")" "${measured[@]}"
    else
      echo "cold $kind $way failed" >>"$results"
    fi
  done

  # warm: nothing changed since the last publish.
  for way in "${ways[@]}"; do
    logfile=$logs/$kind-warm-$way.log measured=() built=0
    log "$kind warm $way ($runs run(s))"
    publish "$kind" "$way" "$logfile" "$work/xdg-warm" >/dev/null
    for ((i = 0; i < runs; i++)); do
      before=$(lines_of "$logfile")
      r=$(publish "$kind" "$way" "$logfile" "$work/xdg-warm")
      [ "$r" != failed ] || { log "$kind warm $way: failed; see $logfile"; measured=(); break; }
      measured+=("$r")
      if built_since "$logfile" "$before"; then built=$((built + 1)); fi
    done
    if ((${#measured[@]} > 0)); then
      case $way in local | local-before | container) built="$built/$runs" ;; *) built=- ;; esac
      record warm "$kind" "$way" "$built" "${measured[@]}"
    else
      echo "warm $kind $way failed" >>"$results"
    fi
  done

  # edit: a one-line code change, then publish; the ways take turns, so each run of each way sees the same machine.
  declare -A edit_times=()
  edit_ways=(baseline local container sdk)
  log "$kind edit (${runs} run(s) of each way, in turns)"
  for ((i = 1; i <= runs; i++)); do
    for way in "${edit_ways[@]}"; do
      edit "$kind" "$way" "edit $i"
      r=$(publish "$kind" "$way" "$logs/$kind-edit-$way.log" "$work/xdg-warm")
      if [ "$r" = failed ]; then
        log "$kind edit $way: failed; see $logs/$kind-edit-$way.log"
        edit_times[$way]=failed
      elif [ "${edit_times[$way]:-}" != failed ]; then
        edit_times[$way]+="$r;"
      fi
    done
  done
  for way in "${edit_ways[@]}"; do
    if [ "${edit_times[$way]}" = failed ]; then
      echo "edit $kind $way failed" >>"$results"
    else
      IFS=';' read -r -a measured <<<"${edit_times[$way]%;}"
      record edit "$kind" "$way" - "${measured[@]}"
    fi
  done
  unset edit_times
done

# Compression: our sc layers (tools/LayerCompression on the local way's publish output, which has the layers index)
# at gzip levels 1, 6 and 9, each uploaded to the benchmark's registry; the SDK's layer from its sc image's manifest.
log "compression of the sc layers at levels 1, 6 and 9"
compression=$work/compression
dotnet tools/LayerCompression/bin/Release/net10.0/layer-compression.dll \
  "$(project_of sc local)/bin/Release/net10.0/linux-x64/publish" "$bench_registry/bench/compression" "$runs" >"$compression" 2>"$logs/compression.log" \
  || { log "tools/LayerCompression failed; see $logs/compression.log"; : >"$compression"; }
sdk_layer_bytes() {
  curl -fsS -H 'Accept: application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json' \
    "http://$bench_registry/v2/bench/hello-web-$1-sdk/manifests/1" | jq '.layers[-1].size'
}
sdk_sc_layer=$(sdk_layer_bytes sc 2>/dev/null || echo 0)
cp "$results" "$logs/results.txt"
cp "$compression" "$logs/compression.txt"

machine="$(nproc) CPU(s) shared with other work, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo), .NET SDK $(dotnet --version), $(docker version --format 'Docker {{.Server.Version}}' 2>/dev/null || echo 'no Docker')"
echo
echo "samples/HelloWeb -> $bench_registry, Buildpacks.MSBuild $version, builder $builder, $runs run(s) per scenario, $machine"
echo "logs in ${logs#"$root"/}"
awk -f bench/lib/publish-report.awk -v mode=text "$results"
[ ! -s "$compression" ] || awk -f bench/lib/publish-report.awk -v mode=compression-text -v sdk="$sdk_sc_layer" "$compression"

# The sandbox's start-up per phase: what a phase's sandbox costs before the phase's own work, over the sample
# builder's file system (extracted by the cold Local runs above into their user cache; the newest one is taken).
local_notes=$work/local-notes
: >"$local_notes"
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
  echo "Sandbox start-up per phase: ${in_sandbox} ms (/bin/true in the sandbox) vs ${direct} ms (directly): $(awk -v a="$in_sandbox" -v b="$direct" 'BEGIN { printf "%.1f", a - b }') ms overhead (target <= 50 ms)." >>"$local_notes"
fi
extracted=$(cat "$logs"/*-cold-local.log 2>/dev/null | grep -o 'Extracted the file system of [^ ]* in [0-9.]* s' | awk '{ print $(NF - 1) }' | sort -n | awk '{ t[NR] = $1 } END { if (NR) printf "%s s (median of %d cold runs)", t[int((NR + 1) / 2)], NR }')
[ -z "$extracted" ] || echo "The sample builder's file system extracted (once per builder image ID; each cold Local run has a new user cache): $extracted." >>"$local_notes"
if [ -s "$local_notes" ]; then echo; cat "$local_notes"; fi

if [ "${BENCH_DOCS:-1}" != 0 ]; then
  awk -f bench/lib/publish-report.awk -v mode=svg "$results" >docs/benchmarks-edit.svg
  {
    cat <<HEADER
# Benchmarks

Written by \`$command_line\` (bench/publish.sh; $(date -u +%Y-%m-%d)); run it again to reproduce. Figures are medians of
$runs run(s) per scenario on this machine: $machine. Buildpacks.MSBuild $version, the sample builder
($builder: our lifecycle, the sample buildpacks, Debian bookworm), \`dotnet new web\` (samples/HelloWeb).
Times are wall times of one \`dotnet publish\` command; ratios compare figures of the same run. Bytes are what the
publish stored in the registry (new blobs: layers, config, manifest), read from the storage of a registry that only
this benchmark uses. The machine is shared: single figures can be off by a second either way; the ratios are what to
read. Tests never time anything; the targets below are printed, not asserted.

![Edit loop: median seconds of a publish after a one-line code change, and the bytes it uploaded](benchmarks-edit.svg)

HEADER
    awk -f bench/lib/publish-report.awk -v mode=markdown "$results"
    if [ -s "$compression" ]; then
      awk -f bench/lib/publish-report.awk -v mode=compression-markdown -v sdk="$sdk_sc_layer" "$compression"
    fi
    if [ -s "$local_notes" ]; then
      printf '\n## Local execution\n\n'
      sed 's/$/\n/' "$local_notes"
    fi
    cat <<'FOOTER'

## How to read it

- **baseline** is a plain `dotnet publish` (no image); **local** and **container** are ours (`BuildpackExecution=Local`,
  `Container`, pushing with `BuildpackPublish=true`); **sdk** is `dotnet publish -t:PublishContainer` on the same run
  image. fd is framework-dependent (the sample builder adds the .NET runtime in a layer of its own, reused while the
  runtime does not change), sc self-contained for linux-x64.
- **edit**: Program.cs changes one line, then the publish. The layers index (docs/layers.md) puts the runtime, the NuGet
  packages and the app into layers of their own, so ours uploads the app's layer, the config and the manifest; the SDK
  uploads its one app layer, with the runtime in it when self-contained.
- **cold**: every cache of that way is empty (our builder tree and build cache, the SDK's content store); **warm**:
  nothing changed, so ours skips the image step (`image built` counts the runs that built one) and the SDK pushes again.
FOOTER
    if [ -n "${BENCH_BASELINE_REV:-}" ]; then
      echo "- **local-before** is Local execution with the package as of \`$BENCH_BASELINE_REV\` (committed $(git log -1 --format='%cs' "$BENCH_BASELINE_REV")), packed from a worktree of that commit and measured in the same run: before and after."
    fi
  } >docs/benchmarks.md
  log "wrote docs/benchmarks.md and docs/benchmarks-edit.svg"
fi
