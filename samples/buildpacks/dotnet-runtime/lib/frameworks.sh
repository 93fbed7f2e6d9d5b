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

# read_indexes <dir>: reads the layers indexes in directory <dir> of apps with no runtimeconfig.json beside them, each
# with one jq run (every process counts in a developer's edit loop): single_file_indexes lists those of single-file apps
# (<App>.layers.json, as `basename` names it), index_rows[<index>] holds the frameworks app_frameworks prints of it
# ("!" where they are not of the expected shape), and index_unreadable[<index>] is 1 when jq could not read it.
declare -A index_rows=() index_unreadable=()
single_file_indexes=()
single_file_index_frameworks='. as $i | select(.singleFile == true and .selfContained != true)
  | .frameworks[]? | [.name, .version, ($i.rollForward // "Minor")] | @tsv'
read_indexes() {
  local index facts
  for index in "$1"/*.layers.json; do
    [ -f "$index" ] && [ ! -f "${index%.layers.json}.runtimeconfig.json" ] || continue
    # The first line says whether .singleFile is true; the frameworks follow.
    if facts=$(jq -r "(if .singleFile == true then \"single\" else \"other\" end),
        (try ($single_file_index_frameworks) catch \"!\")" "$index" 2>/dev/null); then
      [ "${facts%%$'\n'*}" != single ] || single_file_indexes+=("${index##*/}")
      index_rows[$index]=${facts#*$'\n'}
      [[ $facts == *$'\n'* ]] || index_rows[$index]=""
    else
      index_unreadable[$index]=1
    fi
  done
}

# Prints "<framework>\t<version>\t<roll-forward>" for every framework that a runtimeconfig.json in directory $1 asks
# for (runtimeOptions.frameworks, or the older single runtimeOptions.framework), and that the layers index of a
# framework-dependent single-file app (<App>.layers.json with no runtimeconfig.json beside it: the bundle holds it)
# names (read by read_indexes before). Self-contained apps (includedFrameworks) ask for none. The roll-forward policy
# is the framework's, else the app's, else the host's default, Minor (docs: "Framework-dependent apps roll forward").
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
    if [ -n "${index_unreadable[$index]:-}" ] || [[ $'\n'${index_rows[$index]}$'\n' == *$'\n!\n'* ]]; then
      # jq says what is wrong with it, after what it read before.
      jq -r "$single_file_index_frameworks" "$index" || fail "$(basename "$index") is not valid JSON; publish the app again"
    elif [ -n "${index_rows[$index]}" ]; then
      printf '%s\n' "${index_rows[$index]}"
    fi
  done
}
