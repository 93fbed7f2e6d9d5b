# toml_array <item>...: a TOML array of basic strings, written by bash itself: every process a build spawns counts in a
# developer's edit loop. The strings are escaped as JSON (jq's tojson, which wrote them before): '\' and '"' with a
# backslash, \b \t \n \f \r by name, the other control characters (U+0000-U+001F, U+007F) as \u00xx; TOML basic strings
# allow no others unescaped. An item holding a non-ASCII byte is left to jq as before, which also replaces bytes that
# are not UTF-8. The items were lines of jq's input, so an item with a newline is several strings (the process'
# command and its whitespace-split arguments never hold one).
toml_array() {
  if (($# == 0)); then
    printf '[]'
    return
  fi
  # C: one byte is one character, so that [:ascii:] and [:cntrl:] are about bytes.
  local LC_ALL=C item line code hex char joined
  local lines=() strings=()
  for item in "$@"; do
    while [[ $item == *$'\n'* ]]; do
      lines+=("${item%%$'\n'*}")
      item=${item#*$'\n'}
    done
    lines+=("$item")
  done
  for line in "${lines[@]}"; do
    if [[ $line == *[![:ascii:]]* ]]; then
      printf '%s\n' "$@" | jq -Rrn '"[" + ([inputs | tojson] | join(", ")) + "]"'
      return
    fi
    line=${line//\\/\\\\}
    line=${line//\"/\\\"}
    line=${line//$'\b'/\\b}
    line=${line//$'\t'/\\t}
    line=${line//$'\f'/\\f}
    line=${line//$'\r'/\\r}
    if [[ $line == *[[:cntrl:]]* ]]; then
      for code in {1..7} 11 {14..31} 127; do
        printf -v hex '%02x' "$code"
        printf -v char "\\x$hex"
        line=${line//"$char"/\\u00$hex}
      done
    fi
    strings+=("\"$line\"")
  done
  printf -v joined '%s, ' "${strings[@]}"
  printf '[%s]' "${joined%, }"
}
