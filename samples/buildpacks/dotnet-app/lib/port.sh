# The port an ASP.NET Core app listens on: BP_DOTNET_PORT at build time, 8080 by default (as the official .NET
# container images). Written as a launch default, so ASPNETCORE_HTTP_PORTS or ASPNETCORE_URLS given to the container
# win; PORT given to the container (Heroku-style platforms) wins too, through exec.d.
listen_port() {
  local port=${BP_DOTNET_PORT:-8080}
  [[ $port =~ ^[0-9]+$ ]] && ((port >= 1 && port <= 65535)) || fail "BP_DOTNET_PORT is '$port'; give a port number from 1 to 65535."
  printf '%s\n' "$port"
}

# write_port_layer <layer dir> <port>: the launch layer holding the env default and the exec.d program for PORT.
write_port_layer() {
  local layer=$1 port=$2 script
  mkdir -p "$layer/env.launch" "$layer/exec.d"
  printf '%s' "$port" >"$layer/env.launch/ASPNETCORE_HTTP_PORTS.default"
  # exec.d (Buildpack API, "exec.d"): prints TOML to fd 3; runs with the launch env, before the process.
  # Read by bash (read returns 1 at the end of the text, which it reads whole), not cat: one process less.
  IFS= read -r -d '' script <<'SCRIPT' || true
#!/bin/bash
# PORT from the platform (e.g. 'docker run -e PORT=9000') sets the ASP.NET Core port, unless ASPNETCORE_URLS is set.
if [ -n "${PORT:-}" ] && [ -z "${ASPNETCORE_URLS:-}" ]; then
  printf 'ASPNETCORE_HTTP_PORTS = "%s"\n' "$PORT" >&3
fi
SCRIPT
  printf '%s' "$script" >"$layer/exec.d/port"
  chmod 0755 "$layer/exec.d/port"
  printf '[types]\nlaunch = true\nbuild = false\ncache = false\n\n[metadata]\nport = "%s"\n' "$port" >"$layer.toml"
}
