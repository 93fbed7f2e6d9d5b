# Finds the app of a publish output in the working directory (the app dir) and what kind it is.
# After find_app: app (assembly name), config (<app>.runtimeconfig.json, empty for a single-file app), deps
# (<app>.deps.json, empty when there is none), index (<app>.layers.json, empty when there is none), self_contained
# (1/0), single_file (1/0), aspnetcore (1/0), and the shared frameworks it needs for app_frameworks.
#
# The app is named by a <App>.runtimeconfig.json or, for a single-file publish (which bundles its runtimeconfig.json),
# by the layers index <App>.layers.json that Buildpacks.MSBuild writes (see lib/slices.sh).
#
# Every process a build spawns counts in a developer's edit loop (jq takes ~30 ms to start), so each file is read by
# one jq run that says all find_app and app_frameworks need of it. Parts that fail on a file of an unexpected shape
# print a "!" line there, and the part alone is run again where it was used before, so that jq's own error shows as
# it did when each part had a run of its own.

# What a runtimeconfig.json says (docs: "runtimeconfig.json"), under .runtimeOptions: "<self-contained>\t<aspnetcore>"
# (1/0): self-contained when the runtime is in the output, listed as includedFrameworks (an older output may only show
# it by the apphost with libcoreclr.so beside it); ASP.NET Core when any framework is Microsoft.AspNetCore.App.
runtimeconfig_kind='[
    (if (.includedFrameworks // []) | length > 0 then 1 else 0 end),
    (if [(.frameworks // []), (.includedFrameworks // []), [.framework // empty]] | flatten
        | any(.name == "Microsoft.AspNetCore.App") then 1 else 0 end)
  ] | @tsv'
# The shared frameworks a runtimeconfig.json asks for, "<framework>\t<version>\t<roll-forward>": the roll-forward
# policy is the framework's, else the app's, else the host's default, Minor.
runtimeconfig_frameworks='.runtimeOptions as $o
  | (($o.frameworks // []) + (if $o.framework then [$o.framework] else [] end))[]
  | [.name, .version, (.rollForward // $o.rollForward // "Minor")] | @tsv'
# What find_app reads of a runtimeconfig.json, a line each: the kind (empty when it has no runtimeOptions), then its
# frameworks ("!" when they are not of the expected shape).
runtimeconfig_facts="([.runtimeOptions // empty | try ($runtimeconfig_kind) catch empty] | .[0] // \"\"),
  (try ($runtimeconfig_frameworks) catch \"!\")"
# The same two of a single-file app's layers index (what its bundled runtimeconfig.json would say).
index_kind='[
    (if .selfContained then 1 else 0 end),
    (if any(.frameworks[]?; .name == "Microsoft.AspNetCore.App") then 1 else 0 end)
  ] | @tsv'
index_frameworks='. as $i | if .selfContained then empty else .frameworks[] | [.name, .version, ($i.rollForward // "Minor")] | @tsv end'

# find_app: exits 100 (detect fails) when the directory is not a publish output; an error naming the candidates when
# several apps are there and BP_DOTNET_PROCESS_NAME does not pick one.
find_app() {
  local candidates=() candidate name facts found
  # The jq output of each single-file app's index, kept for the app chosen below: one run per index.
  local -A index_facts=()
  shopt -s nullglob
  for candidate in *.runtimeconfig.json; do
    candidates+=("${candidate%.runtimeconfig.json}")
  done
  for candidate in *.layers.json; do
    name=${candidate%.layers.json}
    [ ! -f "$name.runtimeconfig.json" ] || continue
    # Nothing (or a failed run: not JSON) unless .singleFile is true.
    if facts=$(jq -r "select(.singleFile == true)
        | (try ($index_kind) catch \"!\"), (try ($index_frameworks) catch \"!\")" "$candidate" 2>/dev/null) \
        && [ -n "$facts" ]; then
      candidates+=("$name")
      index_facts[$name]=$facts
    fi
  done
  shopt -u nullglob
  if ((${#candidates[@]} == 0)); then
    echo "No *.runtimeconfig.json in the app directory: not a .NET publish output (build the output of 'dotnet publish -o <dir>')."
    exit 100
  fi
  if [ -n "${BP_DOTNET_PROCESS_NAME:-}" ]; then
    app=${BP_DOTNET_PROCESS_NAME%.dll}
    found=0
    for candidate in "${candidates[@]}"; do
      [ "$candidate" != "$app" ] || found=1
    done
    ((found)) || fail "BP_DOTNET_PROCESS_NAME is '$BP_DOTNET_PROCESS_NAME', but there is no $app.runtimeconfig.json; the app dir has $(names_of "${candidates[@]}")."
  elif ((${#candidates[@]} > 1)); then
    fail "The app dir holds several apps ($(names_of "${candidates[@]}")); set BP_DOTNET_PROCESS_NAME to the assembly name of the one to run, e.g. ${candidates[0]}."
  else
    app=${candidates[0]}
  fi

  index=""
  [ ! -f "$app.layers.json" ] || index=$app.layers.json
  deps=""
  [ ! -f "$app.deps.json" ] || deps=$app.deps.json
  local kind
  if [ -f "$app.runtimeconfig.json" ]; then
    config=$app.runtimeconfig.json
    single_file=0
    # The first line is the kind, empty when the file is not JSON or has no runtimeOptions; the frameworks follow.
    # bin/build reads the layers index and the deps.json in the same jq run (lib/prefetch.sh), when it can.
    if ! { ((${read_app_files_too:-0})) && read_app_files "$config" "$index" "$deps" "$app"; } then
      facts=$(jq -r "$runtimeconfig_facts" "$config" 2>/dev/null) || true
    fi
    mapfile -t framework_rows <<<"$facts"
    kind=${framework_rows[0]}
    [ -n "$kind" ] || fail "$config has no runtimeOptions; publish the app again."
    IFS=$'\t' read -r self_contained aspnetcore <<<"$kind"
    if ((!self_contained)) && [ -f "$app" ] && [ -f libcoreclr.so ]; then
      self_contained=1
    fi
  else
    # A single-file bundle: what its runtimeconfig.json would say is in the index.
    config=""
    single_file=1
    mapfile -t framework_rows <<<"${index_facts[$app]:-}"
    kind=${framework_rows[0]}
    # Not of the expected shape (or not read: a runtimeconfig.json that is no file): jq says why, as it did.
    if [ "$kind" = '!' ] || [ -z "${index_facts[$app]+set}" ]; then
      IFS=$'\t' read -r self_contained aspnetcore < <(jq -r "$index_kind" "$index")
    else
      IFS=$'\t' read -r self_contained aspnetcore <<<"$kind"
    fi
  fi
  framework_rows=("${framework_rows[@]:1}")
}

# app_frameworks: "<framework>\t<version>\t<roll-forward>" for every shared framework the (framework-dependent) app
# needs, from its runtimeconfig.json or, for a single-file app, its layers index (read by find_app).
app_frameworks() {
  local row
  for row in "${framework_rows[@]}"; do
    if [ "$row" = '!' ]; then
      # Not of the expected shape: jq says why, with what it read before.
      if [ -n "$config" ]; then jq -r "$runtimeconfig_frameworks" "$config"; else jq -r "$index_frameworks" "$index"; fi
      return
    fi
  done
  ((${#framework_rows[@]} == 0)) || printf '%s\n' "${framework_rows[@]}"
}

# framework_list: the app_frameworks lines on stdin as "<framework> <version>, ..." for the log (bash, not awk: one
# process less).
framework_list() {
  local row framework rest version sep=""
  while IFS= read -r row || [ -n "$row" ]; do
    framework=${row%%$'\t'*} version=""
    if [[ $row == *$'\t'* ]]; then
      rest=${row#*$'\t'}
      version=${rest%%$'\t'*}
    fi
    printf '%s%s %s' "$sep" "$framework" "$version"
    sep=", "
  done
}

# names_of <app>...: how the app candidates are named in messages (their runtimeconfig.json or layers index).
names_of() {
  local name out=()
  for name in "$@"; do
    if [ -f "$name.runtimeconfig.json" ]; then out+=("$name.runtimeconfig.json"); else out+=("$name.layers.json"); fi
  done
  printf '%s' "${out[*]}"
}
