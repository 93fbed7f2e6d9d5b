# The layers index (<App>.layers.json, written into the publish output by Buildpacks.MSBuild; docs/layers.md) as
# launch.toml [[slices]] (Buildpack API >= 0.9, "Slice Layers"): one slice per group but the last, "app", in the
# index's order (least often changed first), each of the files of its group that are in the app dir. The exporter
# makes a layer of each slice and one more of everything no slice took: the app, with the index itself, and any file
# the index does not name. A code change then makes only that last layer new.

# The index format this buildpack reads.
layers_index_schema=1

# write_slices <index>: prints the [[slices]] of the index's groups (none when it has only the app's); returns 1 with
# nothing printed when the index is not one this buildpack can read.
write_slices() {
  local index=$1 schema existing
  schema=$(jq -r '.schemaVersion // empty' "$index" 2>/dev/null) || return 1
  [[ $schema =~ ^[0-9]+$ ]] && ((schema <= layers_index_schema)) || return 1
  # Only files that are there: a path that matches nothing would make an empty layer.
  existing=$(jq -r '.layers[] | select(.name != "app") | .files[]' "$index" |
    while IFS= read -r file; do
      if [ -e "$file" ] || [ -L "$file" ]; then printf '%s\n' "$file"; fi
    done)
  # Slice paths are Go filepath.Match globs: '\', '*', '?' and '[' in a file name are escaped to match themselves.
  jq -r --arg existing "$existing" '
    ($existing | split("\n") | map(select(length > 0) | {key: ., value: true}) | from_entries) as $there
    | .layers[] | select(.name != "app")
    | {name, files: [.files[] | select($there[.])]} | select(.files | length > 0)
    | "# \(.name): \(.files | length) file(s)\n[[slices]]\npaths = [\(.files | map(gsub("(?<c>[\\\\*?\\[])"; "\\\(.c)") | tojson) | join(", "))]\n"
  ' "$index"
}

# slice_summary <index>: "runtime 330, packages 2" for the log: the groups that became slices, with their file counts.
slice_summary() {
  grep -E '^# [^:]+: [0-9]+ file' <<<"$1" | sed -E 's/^# ([^:]+): ([0-9]+) file.*/\1 \2/' | paste -sd, - | sed 's/,/, /g'
}
