# app_sbom <deps.json> <app>: CycloneDX 1.4 JSON of the app's NuGet dependencies from its deps.json "libraries"
# (packages, and the runtime packs a self-contained app carries), as purls pkg:nuget/<id>@<version>; with no deps.json
# (an empty path: a single-file publish bundles it) a document with no components. Deterministic: sorted, no
# timestamps or serial numbers.
app_sbom() {
  local deps=$1
  if [ -z "$deps" ]; then
    jq -n '{ libraries: {} }' | app_sbom_of /dev/stdin "$2"
  else
    app_sbom_of "$deps" "$2"
  fi
}

app_sbom_of() {
  jq --arg app "$2" '{
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
  }' "$1"
}
