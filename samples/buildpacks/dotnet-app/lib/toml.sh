# toml_string <text>: a TOML basic string (JSON string escaping is valid TOML).
toml_string() { jq -rn --arg s "$1" '$s | tojson'; }

# toml_array <item>...: a TOML array of basic strings.
toml_array() {
  local out="" item
  for item in "$@"; do
    out+="${out:+, }$(toml_string "$item")"
  done
  printf '[%s]' "$out"
}
