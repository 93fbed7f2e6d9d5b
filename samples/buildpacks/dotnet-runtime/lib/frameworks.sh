# The shared frameworks that the framework-dependent apps in a publish output need.
# Frameworks this buildpack installs, with the build plan entry name that stands for each.
plan_name_of() {
  case $1 in
    Microsoft.NETCore.App) echo dotnet-runtime ;;
    Microsoft.AspNetCore.App) echo aspnetcore-runtime ;;
    *) return 1 ;;
  esac
}
framework_of() {
  case $1 in
    dotnet-runtime) echo Microsoft.NETCore.App ;;
    aspnetcore-runtime) echo Microsoft.AspNetCore.App ;;
    *) return 1 ;;
  esac
}

# Prints "<framework>\t<version>\t<roll-forward>" for every framework that a runtimeconfig.json in directory $1 asks
# for (runtimeOptions.frameworks, or the older single runtimeOptions.framework), and that the layers index of a
# framework-dependent single-file app (<App>.layers.json with no runtimeconfig.json beside it: the bundle holds it)
# names. Self-contained apps (includedFrameworks) ask for none. The roll-forward policy is the framework's, else the
# app's, else the host's default, Minor (docs: "Framework-dependent apps roll forward").
app_frameworks() {
  local dir=$1 config index
  for config in "$dir"/*.runtimeconfig.json; do
    [ -f "$config" ] || continue
    jq -r '.runtimeOptions as $o
      | (($o.frameworks // []) + (if $o.framework then [$o.framework] else [] end))[]
      | [.name, .version, (.rollForward // $o.rollForward // "Minor")] | @tsv' "$config" \
      || fail "$(basename "$config") is not valid JSON; publish the app again"
  done
  for index in "$dir"/*.layers.json; do
    [ -f "$index" ] && [ ! -f "${index%.layers.json}.runtimeconfig.json" ] || continue
    jq -r '. as $i | select(.singleFile == true and .selfContained != true)
      | .frameworks[]? | [.name, .version, ($i.rollForward // "Minor")] | @tsv' "$index" \
      || fail "$(basename "$index") is not valid JSON; publish the app again"
  done
}

# single_file_apps <dir>: the layers indexes in <dir> of single-file apps (no runtimeconfig.json beside them).
single_file_apps() {
  local index
  for index in "$1"/*.layers.json; do
    [ -f "$index" ] && [ ! -f "${index%.layers.json}.runtimeconfig.json" ] || continue
    if jq -e '.singleFile == true' "$index" >/dev/null 2>&1; then basename "$index"; fi
  done
}
