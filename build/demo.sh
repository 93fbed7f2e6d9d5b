#!/usr/bin/env bash
# The main job, end to end: turn samples/hello-dir into an OCI image with the image engine, push it to the
# loopback registry, pull it into the Docker Engine and run it. Idempotent.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

bash build/services.sh
registry=$(bash build/registry.sh)
image="$registry/demo/hello-dir:latest"
out=$(mktemp -d -t bp-demo-XXXXXX)
trap 'rm -rf "$out"' EXIT

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
dotnet build samples/DirectoryImage -c Release -v quiet -nologo >/dev/null
dotnet samples/DirectoryImage/bin/Release/net10.0/directory-image.dll \
  --dir samples/hello-dir --image "$image" --layout "$out/layout" --archive "$out/hello-dir.tar"

echo "--- skopeo inspect docker://$image"
skopeo inspect --tls-verify=false "docker://$image" | head -n 20
echo "--- docker pull + docker run $image"
docker pull -q "$image"
docker run --rm --network none "$image"
echo "--- docker load of the archive, then run"
loaded=$(docker load -i "$out/hello-dir.tar" | sed -n 's/^Loaded image: //p' | head -n 1)
docker run --rm --network none "$loaded"
echo "demo: OK"
