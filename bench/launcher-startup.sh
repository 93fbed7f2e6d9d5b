#!/usr/bin/env bash
# Prints the start-up time the launcher adds over a direct exec of the same process: the median of many runs of
# /cnb/process/<type> (a symlink to the NativeAOT launcher, as in an app image) minus the median of many direct runs
# of the process's own command (/bin/true). The app has one buildpack with two launch layers (bin/, lib/, env files
# of every kind), so the launcher does its ordinary work: read metadata.toml, walk the layers, apply env, execve.
# A benchmark, not a test: the target is under 5 ms.
#
# Usage: bench/launcher-startup.sh [runs]   (default 200; uses hyperfine, installed from Debian if missing)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${1:-200}

"$root/build/build-binaries.sh" launcher >&2
launcher="$root/artifacts/bin/linux-x64/launcher"

if ! command -v hyperfine >/dev/null 2>&1; then
  echo "[bench] installing hyperfine" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends hyperfine >/dev/null
fi

work=$(mktemp -d -t launcher-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/app" "$work/layers/config" "$work/cnb/process"
cat >"$work/layers/config/metadata.toml" <<'TOML'
[[buildpacks]]
id = "bench/runtime"
version = "1.0.0"
api = "0.10"

[[processes]]
type = "bench"
command = ["/bin/true"]
args = ["--default-arg"]
direct = true
buildpack-id = "bench/runtime"
TOML
for layer in runtime tools; do
  dir="$work/layers/bench_runtime/$layer"
  mkdir -p "$dir/bin" "$dir/lib" "$dir/env" "$dir/env.launch/bench"
  printf '[types]\nlaunch = true\n' >"$work/layers/bench_runtime/$layer.toml"
  printf 'production' >"$dir/env/APP_ENV.default"
  printf '/opt/%s' "$layer" >"$dir/env.launch/OPT_PATH.append"
  printf ':' >"$dir/env.launch/OPT_PATH.delim"
  printf -- '-Xmx1g' >"$dir/env.launch/bench/JAVA_OPTS.override"
done
ln -s "$launcher" "$work/cnb/process/bench"

export CNB_PLATFORM_API=0.15 CNB_LAYERS_DIR="$work/layers" CNB_APP_DIR="$work/app"
# The launched process must really be what runs: check once before timing.
"$work/cnb/process/bench" || { echo "[bench] the launcher failed" >&2; exit 1; }

hyperfine --shell=none --warmup 20 --runs "$runs" --export-json "$work/times.json" \
  --command-name direct "/bin/true --default-arg" \
  --command-name launcher "$work/cnb/process/bench" >&2

jq -r '
  (.results[] | select(.command == "direct") | .median) as $direct
  | (.results[] | select(.command == "launcher") | .median) as $launcher
  | "launcher start-up overhead: \((($launcher - $direct) * 1000 * 1000 | round) / 1000) ms (median of \(.results[0].times | length) runs: launcher \(($launcher * 1000 * 1000 | round) / 1000) ms, direct \(($direct * 1000 * 1000 | round) / 1000) ms)"
' "$work/times.json"
