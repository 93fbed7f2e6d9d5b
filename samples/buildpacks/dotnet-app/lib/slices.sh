# The layers index (<App>.layers.json, written into the publish output by Buildpacks.MSBuild; docs/layers.md) as
# launch.toml [[slices]] (Buildpack API >= 0.9, "Slice Layers"): one slice per group but the last, "app", in the
# index's order (least often changed first), each of the files of its group that are in the app dir. The exporter
# makes a layer of each slice and one more of everything no slice took: the app, with the index itself, and any file
# the index does not name. A code change then makes only that last layer new.

# The index format this buildpack reads.
layers_index_schema=1

# The groups but "app" of an index: "g<name>" then "f<file>" and "p<path>" for each of its files (the name as read,
# and as the TOML string of a slice path), each field NUL-terminated (file names may hold anything else). Slice paths
# are Go filepath.Match globs: '\', '*', '?' and '[' in a file name are escaped to match themselves. A name with a
# newline (or a NUL) is left out: it never matched a file when the existing files were listed a line each.
slice_groups='.layers[] | select(.name != "app")
  | "g\(.name)", (.files[] | [., (gsub("(?<c>[\\\\*?\\[])"; "\\\(.c)") | tojson)]
    | select(.[0] | explode | any(. == 10 or . == 0) | not) | "f\(.[0])", "p\(.[1])")
  | . + "\u0000"'

# The fields write_slices reads, of the index in $d (an array: empty when the file held no JSON): first the
# schemaVersion as `jq -r` prints it ("-" when it cannot pass write_slices' check: not JSON, missing, or not a number or
# a string of digits), then the groups, or "!" when they are not of the expected shape.
slice_fields='if $d == [] then "-\u0000" else $d[0]
  | (.schemaVersion | if type == "number" then tojson
      elif type == "string" and test("\\A[0-9]+\\n*\\z") then sub("\\n+\\z"; "") else "-" end) + "\u0000",
    (try ('"$slice_groups"') catch "!\u0000")
  end'

# write_slices <index>: prints the [[slices]] of the index's groups (none when it has only the app's); returns 1 with
# nothing printed when the index is not one this buildpack can read.
write_slices() {
  local index=$1 field schema="" file="" name="" have_group=0 out=""
  local paths=()
  # One jq run (every process counts in a developer's edit loop), or none when read_index_and_deps read the index.
  local -a fields=()
  if [ "${prefetched_index:-}" = "$index" ]; then
    fields=("${prefetched_slice_fields[@]}")
  else
    mapfile -t -d '' fields < <(jq -nj "(try [input] catch []) as \$d | $slice_fields" "$index" 2>/dev/null)
  fi
  ((${#fields[@]})) || return 1
  schema=${fields[0]}
  [[ $schema =~ ^[0-9]+$ ]] && ((schema <= layers_index_schema)) || return 1
  for field in "${fields[@]:1}"; do
    case $field in
      '!')
        # jq's own message of what is wrong with the index.
        jq -n "input | $slice_groups" "$index" >/dev/null
        return 1 ;;
      g*)
        slice_of_group
        name=${field#g} have_group=1 paths=() ;;
      f*) file=${field#f} ;;
      # Only files that are there: a path that matches nothing would make an empty layer.
      p*) if [ -e "$file" ] || [ -L "$file" ]; then paths+=("${field#p}"); fi ;;
    esac
  done
  slice_of_group
  # As $(...) gave it: without the trailing newlines.
  while [[ $out == *$'\n' ]]; do out=${out%$'\n'}; done
  printf '%s' "$out"
}

# slice_of_group: appends the [[slices]] of the group read so far (name, paths), if it has a file, to out.
slice_of_group() {
  ((have_group)) && ((${#paths[@]})) || return 0
  local joined
  printf -v joined '%s, ' "${paths[@]}"
  out+="# $name: ${#paths[@]} file(s)"$'\n[[slices]]\npaths = ['"${joined%, }"$']\n\n'
}

# slice_summary <slices>: "runtime 330, packages 2" for the log: the groups that became slices, with their file counts
# (the comment line above each [[slices]]; a group name with a ':' does not show, as the line does not parse).
slice_summary() {
  local line summary=""
  while IFS= read -r line; do
    [[ $line =~ ^#\ ([^:]+):\ ([0-9]+)\ file ]] || continue
    summary+=${summary:+,}"${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"
  done <<<"$1"
  printf '%s\n' "${summary//,/, }"
}
