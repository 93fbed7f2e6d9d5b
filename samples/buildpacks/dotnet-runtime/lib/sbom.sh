# CycloneDX 1.4 JSON (media type application/vnd.cyclonedx+json, declared in buildpack.toml sbom-formats) listing
# the installed frameworks. Arguments: "<framework>@<version>"... Deterministic: no timestamps or serial numbers,
# so an unchanged runtime gives the same SBOM.
runtime_sbom() {
  # One jq run with the arguments as $ARGS.positional (every process counts in a developer's edit loop).
  jq -n '$ARGS.positional | {
    bomFormat: "CycloneDX",
    specVersion: "1.4",
    version: 1,
    metadata: { tools: [{ vendor: "buildpacks-msbuild", name: "dotnet-runtime" }] },
    components: map(split("@") as [$name, $version] | {
      type: "framework",
      name: $name,
      version: $version,
      purl: "pkg:nuget/\($name)@\($version)",
      licenses: [{ license: { id: "MIT" } }]
    })
  }' --args "$@"
}
