#!/usr/bin/env bash
# Publishes the NativeAOT executables that go into builder and app images, for linux-x64 (and with --rid, other
# runtime identifiers: linux-arm64 is cross-compiled with clang against Debian's arm64 cross C library, which
# build/emulation.sh installs), into artifacts/bin/<rid>/<name>, and prints their sizes. Incremental: a binary is
# rebuilt only when a hash over its inputs (the files of its project and of every project in its ProjectReference
# closure, as MSBuild evaluates them, the shared build props, the SDK version, the RID) changed since it was last
# built. NativeAOT links with clang (build/services.sh installs it).
#
# Usage: build/build-binaries.sh [--rid RID]... [name...]     (default: linux-x64, every binary below)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

rids=()
wanted=()
while (($# > 0)); do
  case $1 in
    --rid) rids+=("$2"); shift 2 ;;
    *) wanted+=("$1"); shift ;;
  esac
done
((${#rids[@]} > 0)) || rids=(linux-x64)

# name | project (its inputs are found from its project references)
binaries=(
  "launcher|src/Launcher/Launcher.csproj"
  "lifecycle|src/Lifecycle.Cli/Lifecycle.Cli.csproj"
)

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

log() { printf '[build-binaries] %s\n' "$*"; }

# One run at a time (the test command, the sample builder, the pack script and developers may call this together): two
# NativeAOT publishes of one project at once corrupt each other's output. The lock dies with the process; children
# that could outlive it must not inherit it (7>&-). It is the linux-x64 state directory's lock for every RID, as it was
# before other RIDs were built, so older and newer copies of this script exclude each other.
mkdir -p "$root/artifacts/obj/build-binaries/linux-x64"
exec 7>"$root/artifacts/obj/build-binaries/linux-x64/.lock"
flock 7

# The directories (relative to the root) of the project $1 and of every project it references, directly or not, each
# once. MSBuild's own evaluation says what a project references, so a reference added to a .csproj (or to a props
# file it imports) makes the referenced project's files inputs without a change here. Evaluation only: no restore,
# nothing written.
declare -A closure_seen references_of
closure_dirs=()
project_closure() {
  local project output reference
  project=$(realpath "$1")
  [[ -n ${closure_seen[$project]:-} ]] && return 0
  closure_seen[$project]=1
  closure_dirs+=("$(realpath --relative-to="$root" "$(dirname "$project")")")
  # Each project is evaluated once a run, however many binaries reference it.
  if [[ -z ${references_of[$project]+set} ]]; then
    output=$(dotnet msbuild "$project" -getItem:ProjectReference -nologo 7>&-) || { log "ERROR: MSBuild cannot evaluate $project"; exit 1; }
    references_of[$project]=$(sed -n 's/^ *"FullPath": "\(.*\)",\{0,1\}$/\1/p' <<<"$output")
  fi
  while IFS= read -r reference; do
    if [ -n "$reference" ]; then project_closure "$reference"; fi
  done <<<"${references_of[$project]}"
}

inputs_hash() {
  local dirs=$1
  {
    dotnet --version
    printf '%s\n' "$rid"
    # shellcheck disable=SC2086
    find $dirs Directory.Build.props Directory.Packages.props build/build-binaries.sh \
      \( -name bin -o -name obj \) -prune -o -type f -print 2>/dev/null | LC_ALL=C sort | xargs sha256sum
  } | sha256sum | cut -d' ' -f1
}

build_one() {
  local name=$1 project=$2
  local binary="$out_dir/$name" stamp="$state_dir/$name.inputs"
  local hash
  closure_seen=()
  closure_dirs=()
  project_closure "$project"
  hash=$(inputs_hash "${closure_dirs[*]}")
  if [ -x "$binary" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ]; then
    log "$name is up to date ($(stat -c %s "$binary") bytes)"
    return
  fi

  command -v clang >/dev/null 2>&1 || { log "ERROR: NativeAOT needs clang; run build/services.sh"; exit 1; }
  if [ "$rid" = linux-arm64 ] && [ "$(uname -m)" != aarch64 ] && ! command -v aarch64-linux-gnu-gcc >/dev/null 2>&1; then
    log "ERROR: NativeAOT for linux-arm64 links against Debian's arm64 cross C library; run build/services.sh (build/emulation.sh)"
    exit 1
  fi
  local publish_dir="$root/artifacts/publish/$name/$rid"
  log "publishing $project (NativeAOT, $rid; inputs from ${closure_dirs[*]})"
  rm -rf "$publish_dir"
  dotnet publish "$project" -c Release -r "$rid" -o "$publish_dir" -nologo -clp:ErrorsOnly 7>&-
  mkdir -p "$out_dir"
  # Replace atomically: a test or image build may be reading the previous binary.
  cp "$publish_dir/$name" "$binary.tmp"
  mv -f "$binary.tmp" "$binary"
  printf '%s\n' "$hash" >"$stamp"
  log "$name: $(stat -c %s "$binary") bytes ($(numfmt --to=iec-i --suffix=B "$(stat -c %s "$binary")")) -> $binary"
}

for rid in "${rids[@]}"; do
  out_dir="$root/artifacts/bin/$rid"
  # The input stamps live apart from the binaries: the output directory is what builders and the package take as the
  # lifecycle, whole, so it holds the binaries and nothing else.
  state_dir="$root/artifacts/obj/build-binaries/$rid"
  mkdir -p "$out_dir" "$state_dir"
  rm -f "$out_dir"/.lock "$out_dir"/.*.inputs
  for entry in "${binaries[@]}"; do
    IFS='|' read -r name project <<<"$entry"
    if ((${#wanted[@]} == 0)) || [[ " ${wanted[*]} " == *" $name "* ]]; then
      build_one "$name" "$project"
    fi
  done
done
