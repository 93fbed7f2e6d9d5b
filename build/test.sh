#!/usr/bin/env bash
# The project's test command: installs and starts the services the tests need (build/services.sh), then runs
# every test project of the solution against them. Idempotent; safe to run again.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

bash build/services.sh
# The NativeAOT launcher (and lifecycle) go into the images the tests build and run.
bash build/build-binaries.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
results_dir=$(mktemp -d -t bp-test-results-XXXXXX)
trap 'rm -rf "$results_dir"' EXIT

set +e
dotnet test Buildpacks.MSBuild.sln -c Release --logger "console;verbosity=normal" --results-directory "$results_dir" "$@" 2>&1 | tee "$results_dir/output.log"
status=${PIPESTATUS[0]}
set -e

# One closing line over all test assemblies ('N passed, N failed'), summed from each assembly's
# 'Passed: N' / 'Failed: N' block that the console logger prints at normal verbosity.
awk '
  /^ +Passed: +[0-9]+ *$/ { passed += $2 }
  /^ +Failed: +[0-9]+ *$/ { failed += $2 }
  /^ +Skipped: +[0-9]+ *$/ { skipped += $2 }
  END { printf "tests: %d passed, %d failed, %d skipped\n", passed, failed, skipped }
' "$results_dir/output.log"

exit "$status"
