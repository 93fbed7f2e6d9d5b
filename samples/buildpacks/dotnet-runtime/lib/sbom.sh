# CycloneDX 1.4 JSON (media type application/vnd.cyclonedx+json, declared in buildpack.toml sbom-formats) listing
# the installed frameworks. Arguments: "<framework>@<version>"... Deterministic: no timestamps or serial numbers,
# so an unchanged runtime gives the same SBOM.
runtime_sbom() {
  # Printed by bash exactly as `jq -n` printed it (two-space indent), not by jq: every process counts in a developer's
  # edit loop. An argument without '@' has a null version, as jq's split gave.
  local arg name version purl sep=""
  printf '{\n  "bomFormat": "CycloneDX",\n  "specVersion": "1.4",\n  "version": 1,\n  "metadata": {\n    "tools": [\n      {\n        "vendor": "buildpacks-msbuild",\n        "name": "dotnet-runtime"\n      }\n    ]\n  },\n  "components": ['
  for arg in "$@"; do
    name=${arg%%@*}
    if [[ $arg == *@* ]]; then
      version=${arg#*@}
      version=${version%%@*}
      purl="pkg:nuget/$name@$version"
      json_string version "$version"
    else
      purl="pkg:nuget/$name@null"
      version=null
    fi
    json_string name "$name"
    json_string purl "$purl"
    printf '%s\n    {\n      "type": "framework",\n      "name": %s,\n      "version": %s,\n      "purl": %s,\n      "licenses": [\n        {\n          "license": {\n            "id": "MIT"\n          }\n        }\n      ]\n    }' \
      "$sep" "$name" "$version" "$purl"
    sep=,
  done
  if (($#)); then printf '\n  ]\n}\n'; else printf ']\n}\n'; fi
}

# json_string <var> <text>: sets <var> to <text> as a JSON string, quoted and escaped as jq escapes it.
json_string() {
  local -n out=$1
  local text=$2 escaped="" char code i
  text=${text//\\/\\\\}
  text=${text//\"/\\\"}
  if [[ $text == *[[:cntrl:]]* ]]; then
    for ((i = 0; i < ${#text}; i++)); do
      char=${text:i:1}
      case $char in
        $'\n') escaped+='\n' ;;
        $'\t') escaped+='\t' ;;
        $'\r') escaped+='\r' ;;
        $'\b') escaped+='\b' ;;
        $'\f') escaped+='\f' ;;
        [[:cntrl:]]) printf -v code '\\u%04x' "'$char"; escaped+=$code ;;
        *) escaped+=$char ;;
      esac
    done
    text=$escaped
  fi
  out="\"$text\""
}
