# Finds the app of a publish output in the working directory (the app dir) and what kind it is.
# After find_app: app (assembly name), config (<app>.runtimeconfig.json, empty for a single-file app), deps
# (<app>.deps.json, empty when there is none), index (<app>.layers.json, empty when there is none), self_contained
# (1/0), single_file (1/0), aspnetcore (1/0).
#
# The app is named by a <App>.runtimeconfig.json or, for a single-file publish (which bundles its runtimeconfig.json),
# by the layers index <App>.layers.json that Buildpacks.MSBuild writes (see lib/slices.sh).

# find_app: exits 100 (detect fails) when the directory is not a publish output; an error naming the candidates when
# several apps are there and BP_DOTNET_PROCESS_NAME does not pick one.
find_app() {
  local candidates=() candidate name
  shopt -s nullglob
  for candidate in *.runtimeconfig.json; do
    candidates+=("${candidate%.runtimeconfig.json}")
  done
  for candidate in *.layers.json; do
    name=${candidate%.layers.json}
    if [ ! -f "$name.runtimeconfig.json" ] && jq -e '.singleFile == true' "$candidate" >/dev/null 2>&1; then
      candidates+=("$name")
    fi
  done
  shopt -u nullglob
  if ((${#candidates[@]} == 0)); then
    echo "No *.runtimeconfig.json in the app directory: not a .NET publish output (build the output of 'dotnet publish -o <dir>')."
    exit 100
  fi
  if [ -n "${BP_DOTNET_PROCESS_NAME:-}" ]; then
    app=${BP_DOTNET_PROCESS_NAME%.dll}
    printf '%s\n' "${candidates[@]}" | grep -qxF -- "$app" \
      || fail "BP_DOTNET_PROCESS_NAME is '$BP_DOTNET_PROCESS_NAME', but there is no $app.runtimeconfig.json; the app dir has $(names_of "${candidates[@]}")."
  elif ((${#candidates[@]} > 1)); then
    fail "The app dir holds several apps ($(names_of "${candidates[@]}")); set BP_DOTNET_PROCESS_NAME to the assembly name of the one to run, e.g. ${candidates[0]}."
  else
    app=${candidates[0]}
  fi

  index=""
  [ ! -f "$app.layers.json" ] || index=$app.layers.json
  deps=""
  [ ! -f "$app.deps.json" ] || deps=$app.deps.json
  if [ -f "$app.runtimeconfig.json" ]; then
    config=$app.runtimeconfig.json
    single_file=0
    # One jq run for what the runtimeconfig.json says (docs: "runtimeconfig.json"): self-contained when the runtime is
    # in the output, listed as includedFrameworks (an older output may only show it by the apphost with libcoreclr.so
    # beside it); ASP.NET Core when any framework is Microsoft.AspNetCore.App.
    local kind
    kind=$(jq -r '.runtimeOptions // empty | [
        (if (.includedFrameworks // []) | length > 0 then 1 else 0 end),
        (if [(.frameworks // []), (.includedFrameworks // []), [.framework // empty]] | flatten
            | any(.name == "Microsoft.AspNetCore.App") then 1 else 0 end)
      ] | @tsv' "$config" 2>/dev/null) || true
    [ -n "$kind" ] || fail "$config has no runtimeOptions; publish the app again."
    IFS=$'\t' read -r self_contained aspnetcore <<<"$kind"
    if ((!self_contained)) && [ -f "$app" ] && [ -f libcoreclr.so ]; then
      self_contained=1
    fi
  else
    # A single-file bundle: what its runtimeconfig.json would say is in the index.
    config=""
    single_file=1
    IFS=$'\t' read -r self_contained aspnetcore < <(jq -r '[
        (if .selfContained then 1 else 0 end),
        (if any(.frameworks[]?; .name == "Microsoft.AspNetCore.App") then 1 else 0 end)
      ] | @tsv' "$index")
  fi
}

# app_frameworks: "<framework>\t<version>\t<roll-forward>" for every shared framework the (framework-dependent) app
# needs, from its runtimeconfig.json or, for a single-file app, its layers index; the roll-forward policy is the
# framework's, else the app's, else the host's default, Minor.
app_frameworks() {
  if [ -n "$config" ]; then
    jq -r '.runtimeOptions as $o
      | (($o.frameworks // []) + (if $o.framework then [$o.framework] else [] end))[]
      | [.name, .version, (.rollForward // $o.rollForward // "Minor")] | @tsv' "$config"
  else
    jq -r '. as $i | if .selfContained then empty else .frameworks[] | [.name, .version, ($i.rollForward // "Minor")] | @tsv end' "$index"
  fi
}

# names_of <app>...: how the app candidates are named in messages (their runtimeconfig.json or layers index).
names_of() {
  local name out=()
  for name in "$@"; do
    if [ -f "$name.runtimeconfig.json" ]; then out+=("$name.runtimeconfig.json"); else out+=("$name.layers.json"); fi
  done
  printf '%s' "${out[*]}"
}
