#!/usr/bin/env bash
# Packs the Buildpacks.MSBuild NuGet package (src/Sdk/Sdk.csproj: the tasks, props/targets, Sdk/ and the NativeAOT
# lifecycle + launcher that build/build-binaries.sh makes) into the local feed artifacts/feed/, which the samples and
# the end-to-end tests restore from exactly as a user would. Prints the package version on stdout (also written to
# artifacts/feed/version.txt); everything else goes to stderr.
#
# Incremental: a new package is made only when a hash over its inputs (every source under src/, the shared build
# props, this script, the NativeAOT binaries, the SDK version) changed since the last pack. Each new content gets a
# new version, 0.1.0-dev.<UTC yyyyMMddHHmmss>, always greater than the previous one, so a floating 0.1.0-dev.* picks
# the newest and the NuGet global packages folder (which never re-extracts a version it has) is never stale.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=lib/common.sh
source "$root/build/lib/common.sh"

log() { printf '[pack] %s\n' "$*" >&2; }
fail() { printf '[pack] ERROR: %s\n' "$*" >&2; exit 1; }

package_id=Buildpacks.MSBuild
feed=$root/artifacts/feed
version_file=$feed/version.txt
stamp=$feed/.inputs
# How many packages the feed keeps (the newest); older ones stay usable from the global packages folder.
keep=5

mkdir -p "$feed"
# One pack at a time: the tests and the demo may both call this script.
exec 8>"$feed/.lock"
flock 8

# linux-arm64 too where the arm64 cross toolchain is (build/emulation.sh): the package then carries both, and a
# multi-platform builder made with it takes each platform's lifecycle (docs/multi-platform.md).
rids=(--rid linux-x64)
if command -v aarch64-linux-gnu-gcc >/dev/null 2>&1; then rids+=(--rid linux-arm64); fi
bash build/build-binaries.sh "${rids[@]}" >&2 || fail "build/build-binaries.sh failed; the package carries the NativeAOT lifecycle and launcher"

inputs_hash() {
  {
    dotnet --version
    find src Directory.Build.props Directory.Packages.props build/pack.sh \
      \( -name bin -o -name obj \) -prune -o -type f -print | LC_ALL=C sort | xargs sha256sum
    sha256sum artifacts/bin/linux-x64/lifecycle artifacts/bin/linux-x64/launcher
    if [ -f artifacts/bin/linux-arm64/lifecycle ]; then sha256sum artifacts/bin/linux-arm64/lifecycle artifacts/bin/linux-arm64/launcher; fi
  } | sha256sum | cut -d' ' -f1
}
hash=$(inputs_hash)

if [ -f "$version_file" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ]; then
  version=$(cat "$version_file")
  if [ -f "$feed/$package_id.$version.nupkg" ]; then
    log "$package_id $version is up to date"
    printf '%s\n' "$version"
    exit 0
  fi
fi

# A version greater than the last one, even if the clock says otherwise (two packs in one second, clock set back).
stamp_now=$(date -u +%Y%m%d%H%M%S)
previous=$(cat "$version_file" 2>/dev/null || true)
if [[ $previous =~ ^0\.1\.0-dev\.([0-9]{14})$ ]] && [[ ! $stamp_now > ${BASH_REMATCH[1]} ]]; then
  stamp_now=$((${BASH_REMATCH[1]} + 1))
fi
version=0.1.0-dev.$stamp_now

staging=$(mktemp -d "$feed/.staging-XXXXXX")
trap 'case $staging in "$feed"/.staging-*) rm -rf -- "$staging" ;; esac' EXIT

log "packing $package_id $version"
dotnet pack src/Sdk/Sdk.csproj -c Release -o "$staging" -p:PackageVersion="$version" -nologo -clp:ErrorsOnly >&2 \
  || fail "dotnet pack src/Sdk/Sdk.csproj failed"
package=$staging/$package_id.$version.nupkg
[ -f "$package" ] || fail "dotnet pack did not write $package"

# The package first, then the version that names it, then the stamp: a reader never sees a version without its package.
mv -f "$package" "$feed/$package_id.$version.nupkg"
printf '%s\n' "$version" >"$version_file.tmp" && mv -f "$version_file.tmp" "$version_file"
printf '%s\n' "$hash" >"$stamp"

# Keep the newest packages only (names sort by version: the timestamps have a fixed width).
mapfile -t old < <(find "$feed" -maxdepth 1 -name "$package_id.0.1.0-dev.*.nupkg" -printf '%f\n' | LC_ALL=C sort | head -n "-$keep")
for name in "${old[@]}"; do
  rm -f -- "${feed:?}/$name"
done

log "$package_id $version -> $feed ($(numfmt --to=iec-i --suffix=B "$(stat -c %s "$feed/$package_id.$version.nupkg")"))"
printf '%s\n' "$version"
