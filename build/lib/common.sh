# Shared by the build/ scripts (sourced, never run).

# Starts a long-lived server in the background, detached from the caller: stdin from /dev/null, output appended to
# $1, and every inherited descriptor above stderr closed. Without that, a server started by a script that holds a
# lock (build/stack.sh holds fd 9) or by a test that reads the script's pipes keeps those open for its whole life:
# the lock is never released and the reader never sees end of file. Sets detached_pid.
start_detached() {
  local log=$1; shift
  (
    for fd in /proc/self/fd/*; do
      fd=${fd##*/}
      if ((fd > 2)); then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
    exec nohup "$@" >>"$log" 2>&1 </dev/null
  ) &
  detached_pid=$!
}

# dotnet commands run from scripts and tests: no telemetry banner, and no build servers (MSBuild node reuse, the
# MSBuild server, the shared compiler) that outlive the command and hold its pipes and locks open.
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false
