#!/usr/bin/env bash
# The project's test command: installs and starts the services the tests need (build/services.sh), then runs
# every test project of the solution against them. Idempotent; safe to run again.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=lib/common.sh
source "$root/build/lib/common.sh"

bash build/services.sh
# A fresh Podman service for every run (build/podman.sh says why); one that systemd runs is left alone.
bash build/podman.sh restart >/dev/null
# Made once, up front and one after the other, so that no test pays for them and their logs read in order: the
# NativeAOT launcher and lifecycle (they go into the images the tests build and run), the loopback registry, the
# sample stack (a debootstrap the first time, about a minute; the arm64 half under qemu, about 8 minutes), the sample
# builder (an index over linux/amd64 and linux/arm64, docs/multi-platform.md: the arm64 lifecycle is cross-compiled)
# and the NuGet package (build/pack.sh). Each step is incremental.
step() { printf '[test] %s\n' "$*"; }
started=$SECONDS
bash build/build-binaries.sh
step "binaries ready after $((SECONDS - started)) s"
bash build/sample-builder.sh >/dev/null
step "registry, stack and sample builder ready after $((SECONDS - started)) s"
# The Buildpacks.MSBuild package in the local feed artifacts/feed: the end-to-end tests restore it from there, as a user
# would. Its version is in artifacts/feed/version.txt.
package_version=$(bash build/pack.sh)
step "package Buildpacks.MSBuild $package_version ready after $((SECONDS - started)) s"

results_dir=$(mktemp -d -t bp-test-results-XXXXXX)
trap 'rm -rf "$results_dir"' EXIT

# The modes of / and /tmp before and after: a test that changed them (once seen here: both 0700, and every test that
# drops to uid 1000 then failed) is named by the time it happened, which this line helps to find.
modes_before=$(stat -c '%n %a' / /tmp | tr '\n' ' ')
set +e
dotnet test Buildpacks.MSBuild.sln -c Release --logger "console;verbosity=normal" --results-directory "$results_dir" "$@" 2>&1 | tee "$results_dir/output.log"
status=${PIPESTATUS[0]}
set -e
modes_after=$(stat -c '%n %a' / /tmp | tr '\n' ' ')
if [ "$modes_before" != "$modes_after" ]; then
  printf '[test] WARNING: the modes of / and /tmp changed during the tests: %s-> %s(changed at %s)\n' \
    "$modes_before" "$modes_after" "$(stat -c %z /)" >&2
fi

# One closing line over all test assemblies ('N passed, N failed'), summed from each assembly's
# 'Passed: N' / 'Failed: N' block that the console logger prints at normal verbosity.
awk '
  /^ +Passed: +[0-9]+ *$/ { passed += $2 }
  /^ +Failed: +[0-9]+ *$/ { failed += $2 }
  /^ +Skipped: +[0-9]+ *$/ { skipped += $2 }
  END { printf "tests: %d passed, %d failed, %d skipped\n", passed, failed, skipped }
' "$results_dir/output.log"

exit "$status"
