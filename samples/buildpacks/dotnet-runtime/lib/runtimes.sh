# The runtimes the build image offers: <root>/manifest.json (written by build/stack.sh) lists
#   {"runtimes":[{"version","root","frameworks":[{"name","version"}],"hostfxr"}]}
# where each root is a dotnet root (dotnet, host/fxr/<v>, shared/<framework>/<v>). A relative root is taken
# relative to the manifest's directory.
#
# Every process a build spawns counts in a developer's edit loop (jq takes ~30 ms to start), so the manifest is read
# by one jq run (read_manifest), or this machine's .NET install by bash alone (read_host_runtimes), into the tables
# below, which the lookups then answer from:
#   runtime_root_raw[i]   runtime i's root as `jq -r` prints it, empty when null or false
#   runtime_root_str[i]   1 when that root is a JSON string (only a string equals a root looked up by hostfxr_version)
#   runtime_fxr[i]        its hostfxr, empty when null or false
#   framework_name[j], framework_version[j], framework_version_str[j] (1 for a string), framework_runtime[j] (i)
runtime_root_raw=() runtime_root_str=() runtime_fxr=()
framework_name=() framework_version=() framework_version_str=() framework_runtime=()
# The directory of the manifest that relative roots are taken from.
manifest_path=""

# read_manifest <manifest>: fills the tables from the manifest. Its values are single lines (the manifest is written by
# build/stack.sh); a field separator of \x1f (not blank, so empty fields stay fields).
read_manifest() {
  local row kind i a b c
  manifest_path=$1
  while IFS=$'\x1f' read -r kind i a b c; do
    case $kind in
      R) runtime_root_str[i]=$a runtime_root_raw[i]=$b runtime_fxr[i]=$c ;;
      F) framework_name+=("$a") framework_version+=("$b") framework_version_str+=("$c") framework_runtime+=("$i") ;;
    esac
  done < <(jq -r 'def raw: if type == "string" then . else tojson end;
    def str: if type == "string" then 1 else 0 end;
    [.runtimes[]] | to_entries[] | .key as $i | .value
    | "R\u001f\($i)\u001f\(.root | str)\u001f\(.root // "" | raw)\u001f\(.hostfxr // "" | raw)",
      (.frameworks[] | "F\u001f\($i)\u001f\(.name | raw)\u001f\(.version | raw)\u001f\(.version | str)")' "$1")
}

# available_versions <framework>: the versions of a framework, one per line, in manifest order.
available_versions() {
  local j
  for j in "${!framework_name[@]}"; do
    [ "${framework_name[j]}" != "$1" ] || printf '%s\n' "${framework_version[j]}"
  done
}

# runtime_root <framework> <version>: the dotnet root holding that framework version (the first runtime that lists it).
runtime_root() {
  local j root=""
  for j in "${!framework_name[@]}"; do
    if [ "${framework_name[j]}" = "$1" ] && ((framework_version_str[j])) && [ "${framework_version[j]}" = "$2" ]; then
      root=${runtime_root_raw[framework_runtime[j]]}
      break
    fi
  done
  case $root in
    /*) printf '%s\n' "$root" ;;
    ?*) printf '%s/%s\n' "$(dirname "$manifest_path")" "$root" ;;
  esac
}

# hostfxr_version <root>: the hostfxr that root ships (its manifest entry, else its newest host/fxr).
hostfxr_version() {
  local i fxr=""
  for i in "${!runtime_root_raw[@]}"; do
    if ((runtime_root_str[i])) && [ "${runtime_root_raw[i]}" = "$1" ]; then
      fxr=${runtime_fxr[i]}
      break
    fi
  done
  [ -n "$fxr" ] || fxr=$(newest_fxr "$1")
  printf '%s\n' "$fxr"
}

# newest_fxr <root>: the newest version in <root>/host/fxr. A root has one as a rule: then no sort is needed.
newest_fxr() {
  local entries=("$1"/host/fxr/*)
  if ((${#entries[@]} == 1)) && { [ -e "${entries[0]}" ] || [ -L "${entries[0]}" ]; }; then
    printf '%s\n' "${entries[0]##*/}"
  else
    ls "$1/host/fxr" 2>/dev/null | sort -V | tail -n 1
  fi
}

# host_dotnet_root: this machine's .NET install, for builds that run on the host (Local execution) where the build
# image's /opt/dotnet-runtimes is absent: DOTNET_ROOT when it holds a dotnet muxer, else the directory of the
# resolved `dotnet` on PATH. Fails when there is neither.
host_dotnet_root() {
  if [ -n "${DOTNET_ROOT:-}" ] && [ -x "$DOTNET_ROOT/dotnet" ]; then
    printf '%s\n' "$DOTNET_ROOT"
    return 0
  fi
  local muxer dir
  muxer=$(command -v dotnet) || return 1
  muxer=$(readlink -f "$muxer")
  # dirname of the absolute path readlink prints.
  dir=${muxer%/*}
  printf '%s\n' "${dir:-/}"
}

# read_host_runtimes <root>: fills the tables with the runtimes installed in <root>, as the manifest of one runtime
# would list them (relative to the directory a temporary manifest had: ${TMPDIR:-/tmp}): root <root>, the newest
# host/fxr/<v>, and shared/Microsoft.NETCore.App/<v>, shared/Microsoft.AspNetCore.App/<v> in `ls` order (a glob sorts
# the same). Fails when <root> has no Microsoft.NETCore.App or no hostfxr.
read_host_runtimes() {
  local root=$1 fxr framework entry
  fxr=$(newest_fxr "$root")
  [ -n "$fxr" ] || return 1
  for framework in Microsoft.NETCore.App Microsoft.AspNetCore.App; do
    [ -d "$root/shared/$framework" ] || continue
    for entry in "$root/shared/$framework"/*; do
      [ -e "$entry" ] || [ -L "$entry" ] || continue
      framework_name+=("$framework") framework_version+=("${entry##*/}") framework_version_str+=(1) framework_runtime+=(0)
    done
  done
  ((${#framework_name[@]})) || return 1
  [ "${framework_name[0]}" = Microsoft.NETCore.App ] || return 1
  runtime_root_raw=("$root") runtime_root_str=(1) runtime_fxr=("$fxr")
  manifest_path=${TMPDIR:-/tmp}/dotnet-runtimes.json
}
