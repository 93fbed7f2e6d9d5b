# One jq run for what bin/build reads of the app's JSON files, where it would run jq once per file (every process
# counts in a developer's edit loop): find_app's facts of the runtimeconfig.json (read_app_files), write_slices' fields
# of the layers index and write_app_sbom's document of the deps.json. Only when the files are there and the run gets
# to its end: a file that is not JSON (which --slurpfile refuses), or of another shape, leaves each to its own run,
# which says what is wrong as it always did.
# Sets prefetched_index and prefetched_slice_fields (write_slices' fields), prefetched_deps and prefetched_sbom
# (write_app_sbom's jq output as printed).

# read_app_files <runtimeconfig.json> <index> <deps.json> <app>: also sets find_app's facts (its jq output, as
# printed); returns 1, with nothing set, when it cannot read them all.
read_app_files() {
  local config=$1 index=$2 deps=$3 app=$4
  [ -n "$index" ] && [ -n "$deps" ] || return 1
  local -a fields=()
  mapfile -t -d '' fields < <(jq -nj --arg app "$app" --slurpfile rc "$config" --slurpfile d "$index" --slurpfile deps "$deps" "
    if (\$rc | length) == 1 then
      ([\$rc[0] | $runtimeconfig_facts] | map(. + \"\\n\") | add // \"\") + \"\\u0000\", $(prefetch_program)
    else empty end" 2>/dev/null)
  ((${#fields[@]})) && take_prefetched "$index" "$deps" "${fields[@]:1}" || return 1
  facts=${fields[0]}
  while [[ $facts == *$'\n' ]]; do facts=${facts%$'\n'}; done
}

# read_index_and_deps <index> <deps.json> <app>: the same for the index and the deps.json alone, unless read_app_files
# read them.
read_index_and_deps() {
  local index=$1 deps=$2 app=$3
  [ -n "$index" ] && [ -n "$deps" ] || return 0
  [ "${prefetched_index:-}" != "$index" ] || return 0
  local -a fields=()
  mapfile -t -d '' fields < <(jq -nj --arg app "$app" --slurpfile d "$index" --slurpfile deps "$deps" "$(prefetch_program)" 2>/dev/null)
  take_prefetched "$index" "$deps" "${fields[@]}" || true
}

# The program's part for the index ($d) and the deps.json ($deps): write_slices' fields, then "=sbom", the count and
# document as write_app_sbom's jq prints them, and "=end", each NUL-terminated. A deps.json of several documents (or
# none) is left to write_app_sbom's own run.
prefetch_program() {
  printf '%s' "($slice_fields),
    (\$deps | if length == 1 then .[0] | [$app_sbom_program] as [\$count, \$document]
      | \"=sbom\\u0000\", \"\\(\$count)\\n\", \$document, \"\\u0000=end\\u0000\" else empty end)"
}

# take_prefetched <index> <deps.json> <field>...: keeps the fields of a run that got to its end; returns 1 otherwise.
take_prefetched() {
  local index=$1 deps=$2
  shift 2
  local count=$#
  ((count >= 3)) && [ "${!count}" = "=end" ] || return 1
  local -a fields=("$@")
  [ "${fields[count - 3]}" = "=sbom" ] || return 1
  prefetched_index=$index
  prefetched_slice_fields=("${fields[@]:0:count-3}")
  prefetched_deps=$deps
  prefetched_sbom=${fields[count - 2]}
}
