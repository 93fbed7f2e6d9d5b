# The jq program of the document (with $app): the count on the first line, then the document.
app_sbom_program='{
    bomFormat: "CycloneDX",
    specVersion: "1.4",
    version: 1,
    metadata: {
      tools: [{ vendor: "buildpacks-msbuild", name: "dotnet-app" }],
      component: ({ type: "application", name: $app }
        + (.libraries | to_entries | map(select(.value.type == "project" and (.key | startswith($app + "/"))))
           | if length > 0 then { version: (.[0].key | split("/")[1]) } else {} end))
    },
    components: [.libraries | to_entries[] | select(.value.type == "package" or .value.type == "runtimepack")
      | (.key | split("/")) as [$key, $version] | ($key | ltrimstr("runtimepack.")) as $name
      | { type: "library", name: $name, version: $version, purl: "pkg:nuget/\($name)@\($version)" }
        + (if .value.type == "runtimepack" then { properties: [{ name: "dotnet:library-type", value: "runtimepack" }] } else {} end)]
      | sort_by(.name, .version)
  } | (.components | length), .'

# write_app_sbom <deps.json> <app> <file>: writes CycloneDX 1.4 JSON of the app's NuGet dependencies from its deps.json
# "libraries" (packages, and the runtime packs a self-contained app carries), as purls pkg:nuget/<id>@<version>, into
# <file>, with no deps.json (an empty path: a single-file publish bundles it) a document with no components; sets
# sbom_components to their number. Deterministic: sorted, no timestamps or serial numbers.
# One jq run (every process counts in a developer's edit loop), or none when read_index_and_deps read the deps.json.
write_app_sbom() {
  local deps=$1 app=$2 file=$3 out
  if [ -n "${prefetched_sbom+set}" ] && [ "${prefetched_deps:-}" = "$deps" ]; then
    out=$prefetched_sbom
  elif [ -z "$deps" ]; then
    out=$(jq -n --arg app "$app" "{ libraries: {} } | $app_sbom_program")
  else
    out=$(jq --arg app "$app" "$app_sbom_program" "$deps")
  fi
  sbom_components=${out%%$'\n'*}
  printf '%s\n' "${out#*$'\n'}" >"$file"
}
