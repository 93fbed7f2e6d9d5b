# toml_array <item>...: a TOML array of basic strings (JSON string escaping is valid TOML), in one jq run however many
# items there are (every process a build spawns counts in a developer's edit loop). The items are lines of jq's input,
# so none may hold a newline (the process' command and its whitespace-split arguments never do).
toml_array() {
  if (($# == 0)); then
    printf '[]'
    return
  fi
  printf '%s\n' "$@" | jq -Rrn '"[" + ([inputs | tojson] | join(", ")) + "]"'
}
