# The runtimes the build image offers: <root>/manifest.json (written by build/stack.sh) lists
#   {"runtimes":[{"version","root","frameworks":[{"name","version"}],"hostfxr"}]}
# where each root is a dotnet root (dotnet, host/fxr/<v>, shared/<framework>/<v>). A relative root is taken
# relative to the manifest's directory.

# available_versions <manifest> <framework>: the versions of a framework, one per line.
available_versions() {
  jq -r --arg fw "$2" '.runtimes[].frameworks[] | select(.name == $fw) | .version' "$1"
}

# runtime_root <manifest> <framework> <version>: the dotnet root holding that framework version.
runtime_root() {
  local root
  root=$(jq -r --arg fw "$2" --arg v "$3" \
    'first(.runtimes[] | select(any(.frameworks[]; .name == $fw and .version == $v)) | .root) // empty' "$1")
  case $root in
    /*) printf '%s\n' "$root" ;;
    ?*) printf '%s/%s\n' "$(dirname "$1")" "$root" ;;
  esac
}

# hostfxr_version <manifest> <root>: the hostfxr that root ships (its manifest entry, else its newest host/fxr).
hostfxr_version() {
  local fxr
  fxr=$(jq -r --arg root "$2" 'first(.runtimes[] | select(.root == $root) | .hostfxr) // empty' "$1")
  [ -n "$fxr" ] || fxr=$(ls "$2/host/fxr" 2>/dev/null | sort -V | tail -n 1)
  printf '%s\n' "$fxr"
}

# host_dotnet_root: this machine's .NET install, for builds that run on the host (Local execution) where the build
# image's /opt/dotnet-runtimes is absent: DOTNET_ROOT when it holds a dotnet muxer, else the directory of the
# resolved `dotnet` on PATH. Fails when there is neither.
host_dotnet_root() {
  if [ -n "${DOTNET_ROOT:-}" ] && [ -x "$DOTNET_ROOT/dotnet" ]; then
    printf '%s\n' "$DOTNET_ROOT"
    return 0
  fi
  local muxer
  muxer=$(command -v dotnet) || return 1
  dirname "$(readlink -f "$muxer")"
}

# write_host_manifest <root> <manifest>: a manifest (the shape above) of the runtimes installed in <root>:
# shared/Microsoft.NETCore.App/<v>, shared/Microsoft.AspNetCore.App/<v> and the newest host/fxr/<v>.
# Fails when <root> has no Microsoft.NETCore.App or no hostfxr.
write_host_manifest() {
  local root=$1 manifest=$2 fxr framework version
  local -a pairs=()
  fxr=$(ls "$root/host/fxr" 2>/dev/null | sort -V | tail -n 1)
  [ -n "$fxr" ] || return 1
  for framework in Microsoft.NETCore.App Microsoft.AspNetCore.App; do
    [ -d "$root/shared/$framework" ] || continue
    while IFS= read -r version; do
      pairs+=("$framework" "$version")
    done < <(ls "$root/shared/$framework")
  done
  ((${#pairs[@]})) || return 1
  [ "${pairs[0]}" = Microsoft.NETCore.App ] || return 1
  printf '%s\n' "${pairs[@]}" | jq -R . | jq -s --arg root "$root" --arg fxr "$fxr" \
    '{runtimes: [{version: "host", root: $root, hostfxr: $fxr,
      frameworks: [range(0; length; 2) as $i | {name: .[$i], version: .[$i + 1]}]}]}' >"$manifest"
}
