#!/usr/bin/env bash
# Makes the sample .NET builder (samples/builder/builder.toml): the bookworm stack (build/stack.sh), our NativeAOT
# lifecycle and launcher (build/build-binaries.sh), the sample buildpacks (samples/buildpacks), written with
# src/Platform's BuilderWriter (tools/BuilderTool) to the loopback registry. Also the sample lifecycle image,
# 127.0.0.1:5000/buildpacks-samples/lifecycle:bookworm (our lifecycle on the bookworm run image), which untrusted
# builds of the sample builder run their analyzer, restorer and exporter from (BuildpackLifecycleImage).
#
#   build/sample-builder.sh [TAG]      TAG defaults to 127.0.0.1:5000/buildpacks-samples/builder:bookworm
#
# Multi-platform (docs/multi-platform.md): by default linux/amd64 and linux/arm64 (BUILDPACKS_SAMPLE_PLATFORMS=amd64,arm64):
# the stack for both (build/stack.sh --platforms; the arm64 half under qemu, build/emulation.sh), our lifecycle for
# linux-x64 and linux-arm64, and the builder and the lifecycle image each an image index over one image per platform
# (`TAG-<rid>`). BUILDPACKS_SAMPLE_PLATFORMS=amd64 makes the amd64 half alone. BUILDPACKS_SAMPLE_STACK_TAG (default
# bookworm) names the stack images the builder takes, so a branch can make its own stack and builder without touching
# the shared tags. Either one, when not the default, writes the builder.toml it uses under artifacts/obj/sample-builder/.
#
# Every step is incremental (the stack and the binaries are cached, unchanged blobs are not pushed again), so a
# second run takes seconds. Prints the builder's reference@digest on stdout.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
log() { printf '[sample-builder] %s\n' "$*" >&2; }
fail() { printf '[sample-builder] ERROR: %s\n' "$*" >&2; exit 1; }

tag=${1:-127.0.0.1:5000/buildpacks-samples/builder:bookworm}
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

# builder.toml names the stack images in the loopback registry at 127.0.0.1:5000.
registry=$(bash build/registry.sh) || fail "the loopback registry does not start (build/registry.sh)"
[ "$registry" = 127.0.0.1:5000 ] || fail "the registry is at $registry, but samples/builder/builder.toml names 127.0.0.1:5000"

platforms=${BUILDPACKS_SAMPLE_PLATFORMS:-amd64,arm64}
stack_tag=${BUILDPACKS_SAMPLE_STACK_TAG:-bookworm}
IFS=, read -r -a platform_list <<<"$platforms"
rids=()
for platform in "${platform_list[@]}"; do
  case $platform in amd64) rids+=(linux-x64) ;; arm64) rids+=(linux-arm64) ;; *) fail "BUILDPACKS_SAMPLE_PLATFORMS: '$platform' is not amd64 or arm64" ;; esac
done

log "stack images ($platforms, tag $stack_tag)"
if ((${#platform_list[@]} > 1)); then
  bash build/stack.sh --tag "$stack_tag" --platforms "$platforms" >&2 || fail "build/stack.sh failed"
else
  bash build/stack.sh --tag "$stack_tag" --arch "${platform_list[0]}" >&2 || fail "build/stack.sh failed"
fi
log "lifecycle binaries (${rids[*]})"
rid_args=()
for rid in "${rids[@]}"; do rid_args+=(--rid "$rid"); done
bash build/build-binaries.sh "${rid_args[@]}" >&2 || fail "build/build-binaries.sh failed"
for rid in "${rids[@]}"; do
  for binary in lifecycle launcher; do
    [ -x "artifacts/bin/$rid/$binary" ] \
      || fail "artifacts/bin/$rid/$binary is missing: build/build-binaries.sh must build it (src/Lifecycle.Cli, src/Launcher)"
  done
done

# The builder.toml: the sample's own (targets amd64 and arm64, stack tag bookworm), or, for other platforms or stack
# tags, a copy with those (absolute uris, since they are relative to the file).
config=samples/builder/builder.toml
if [ "$platforms" != amd64,arm64 ] || [ "$stack_tag" != bookworm ]; then
  config=artifacts/obj/sample-builder/builder.toml
  mkdir -p "$(dirname "$config")"
  sed -e "s#^uri = \"\.\./#uri = \"$root/samples/builder/../#" \
      -e "s#^\(image = \"127.0.0.1:5000/buildpacks-samples/[a-z]*\):bookworm\"#\1:$stack_tag\"#" \
      -e '/^\[\[targets\]\]/,$d' samples/builder/builder.toml >"$config"
  [ "${rids[0]}" = linux-x64 ] || sed -i "s#/artifacts/bin/linux-x64\"#/artifacts/bin/${rids[0]}\"#" "$config"
  for platform in "${platform_list[@]}"; do
    printf '[[targets]]\nos = "linux"\narch = "%s"\n\n' "$platform" >>"$config"
  done
fi

dotnet build tools/BuilderTool/BuilderTool.csproj -c Release -nologo -clp:ErrorsOnly >&2 || fail "tools/BuilderTool does not build"
lifecycle_image=${tag%/*}/lifecycle:${tag##*:}
log "lifecycle image $lifecycle_image"
# One lifecycle image per platform (on the run image of that platform, with the lifecycle of that RID) and, for
# several, an index: an untrusted build of any platform of the builder finds its own.
platform_args=()
for platform in "${platform_list[@]}"; do platform_args+=(--platform "linux/$platform"); done
dotnet tools/BuilderTool/bin/Release/net10.0/builder-tool.dll lifecycle-image --lifecycle "artifacts/bin/${rids[0]}" \
  --base "$registry/buildpacks-samples/run:$stack_tag" --tag "$lifecycle_image" "${platform_args[@]}" >&2
log "builder $tag"
dotnet tools/BuilderTool/bin/Release/net10.0/builder-tool.dll create --config "$config" --tag "$tag"
