# Finds the app of a publish output in the working directory (the app dir) and what kind it is.
# After find_app: app (assembly name), config (<app>.runtimeconfig.json), deps (<app>.deps.json),
# self_contained (1/0), aspnetcore (1/0).

# find_app: exits 100 (detect fails) when the directory is not a publish output; an error naming the candidates when
# several apps are there and BP_DOTNET_PROCESS_NAME does not pick one.
find_app() {
  local configs=() candidate
  shopt -s nullglob
  configs=(*.runtimeconfig.json)
  shopt -u nullglob
  if ((${#configs[@]} == 0)); then
    echo "No *.runtimeconfig.json in the app directory: not a .NET publish output (build the output of 'dotnet publish -o <dir>')."
    exit 100
  fi
  if [ -n "${BP_DOTNET_PROCESS_NAME:-}" ]; then
    app=${BP_DOTNET_PROCESS_NAME%.dll}
    [ -f "$app.runtimeconfig.json" ] \
      || fail "BP_DOTNET_PROCESS_NAME is '$BP_DOTNET_PROCESS_NAME', but there is no $app.runtimeconfig.json; the app dir has ${configs[*]}."
  elif ((${#configs[@]} > 1)); then
    fail "The app dir holds several apps (${configs[*]}); set BP_DOTNET_PROCESS_NAME to the assembly name of the one to run, e.g. $(basename "${configs[0]}" .runtimeconfig.json)."
  else
    app=$(basename "${configs[0]}" .runtimeconfig.json)
  fi
  config=$app.runtimeconfig.json
  deps=$app.deps.json
  if [ ! -f "$deps" ]; then
    echo "$config has no $deps beside it: not a publish output (build the output of 'dotnet publish -o <dir>')."
    exit 100
  fi
  jq -e .runtimeOptions "$config" >/dev/null 2>&1 || fail "$config has no runtimeOptions; publish the app again."

  # Self-contained (docs: "runtimeconfig.json"): the runtime is in the output, listed as includedFrameworks; an older
  # output may only show it by the apphost with libcoreclr.so beside it.
  self_contained=0
  if jq -e '.runtimeOptions.includedFrameworks | length > 0' "$config" >/dev/null 2>&1 \
    || { [ -f "$app" ] && [ -f libcoreclr.so ]; }; then
    self_contained=1
  fi
  aspnetcore=0
  if jq -e '.runtimeOptions | [(.frameworks // []), (.includedFrameworks // []), [.framework // empty]] | flatten
      | any(.name == "Microsoft.AspNetCore.App")' "$config" >/dev/null; then
    aspnetcore=1
  fi
}
