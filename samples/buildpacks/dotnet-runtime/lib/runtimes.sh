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
