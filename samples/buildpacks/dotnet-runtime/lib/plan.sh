# Reads the Buildpack Plan (TOML, "[[entries]] name, [entries.metadata]") that the lifecycle hands to bin/build.
# Prints "<name>\t<version>\t<roll-forward>" per entry; version and roll-forward come from the entry's metadata
# (empty version when a requirer gave none; roll-forward Minor by default). Handles the subset the lifecycle writes:
# one key per line, basic strings.
plan_entries() {
  awk '
    function value(line) { sub(/^[^=]*=[ \t]*"/, "", line); sub(/"[ \t]*$/, "", line); return line }
    function inline(line, key) {
      if (!match(line, "[{ ,]" key "[ \t]*=[ \t]*\"[^\"]*\"")) return ""
      line = substr(line, RSTART, RLENGTH); sub(/^[^"]*"/, "", line); sub(/"$/, "", line); return line
    }
    function flush() { if (name != "") print name "\t" version "\t" (roll == "" ? "Minor" : roll); name = version = roll = "" }
    /^[ \t]*\[\[entries\]\]/ { flush(); section = "entry"; next }
    /^[ \t]*\[entries\.metadata\]/ { section = "metadata"; next }
    /^[ \t]*\[/ { section = "other"; next }
    section == "entry" && /^[ \t]*name[ \t]*=/ { name = value($0) }
    section == "metadata" && /^[ \t]*version[ \t]*=/ { version = value($0) }
    section == "metadata" && /^[ \t]*roll-forward[ \t]*=/ { roll = value($0) }
    section == "entry" && /^[ \t]*metadata[ \t]*=[ \t]*\{/ { version = inline($0, "version"); roll = inline($0, "roll-forward") }
    END { flush() }' "$1"
}
