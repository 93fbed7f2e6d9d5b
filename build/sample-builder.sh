#!/usr/bin/env bash
# Makes the sample .NET builder (samples/builder/builder.toml): the bookworm stack (build/stack.sh), our NativeAOT
# lifecycle and launcher (build/build-binaries.sh), the sample buildpacks (samples/buildpacks), written with
# src/Platform's BuilderWriter (tools/BuilderTool) to the loopback registry. Also the sample lifecycle image,
# 127.0.0.1:5000/buildpacks-samples/lifecycle:bookworm (our lifecycle on the bookworm run image), which untrusted
# builds of the sample builder run their analyzer, restorer and exporter from (BuildpackLifecycleImage).
#
#   build/sample-builder.sh [TAG]      TAG defaults to 127.0.0.1:5000/buildpacks-samples/builder:bookworm
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

log "stack images"
bash build/stack.sh >&2 || fail "build/stack.sh failed"
log "lifecycle binaries"
bash build/build-binaries.sh >&2 || fail "build/build-binaries.sh failed"
for binary in lifecycle launcher; do
  [ -x "artifacts/bin/linux-x64/$binary" ] \
    || fail "artifacts/bin/linux-x64/$binary is missing: build/build-binaries.sh must build it (src/Lifecycle.Cli, src/Launcher)"
done

dotnet build tools/BuilderTool/BuilderTool.csproj -c Release -nologo -clp:ErrorsOnly >&2 || fail "tools/BuilderTool does not build"
lifecycle_image=${tag%/*}/lifecycle:${tag##*:}
log "lifecycle image $lifecycle_image"
dotnet tools/BuilderTool/bin/Release/net10.0/builder-tool.dll lifecycle-image --lifecycle artifacts/bin/linux-x64 \
  --base "$registry/buildpacks-samples/run:bookworm" --tag "$lifecycle_image" >&2
log "builder $tag"
dotnet tools/BuilderTool/bin/Release/net10.0/builder-tool.dll create --config samples/builder/builder.toml --tag "$tag"
