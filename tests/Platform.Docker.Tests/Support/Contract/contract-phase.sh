#!/bin/bash
# The contract double of the reference lifecycle: installed as /cnb/lifecycle/<phase> of a test builder (and of a test
# lifecycle image), it accepts a phase's argv, environment, user and mounts only as the Go lifecycle (buildpacks/lifecycle
# v0.21, cmd/lifecycle) at the Platform API in CNB_PLATFORM_API would, refusing with the Go lifecycle's exit code
# otherwise; prints one record line of what it was given ("[contract] ..."), and then runs our lifecycle
# (/cnb/lifecycle/lifecycle) as that phase. What it enforces, each from the reference source:
#   - CNB_PLATFORM_API set, and one of the APIs this double was made for (contract-platform-apis): else exit 11
#     (cmd/lifecycle/main.go platformAPIWithExitOnError);
#   - every flag defined by the phase at that API, with Go's flag syntax (-f, --f, -f=v, -f v; a bool flag takes no
#     separate value; parsing stops at the first operand or "--"): else exit 2, as flag.ExitOnError does
#     (cmd/lifecycle/cli/flags.go and each phase's DefineFlags);
#   - the operand count (analyzer and creator 1, exporter at least 1, the others none): else exit 3 (Args);
#   - the exporter refuses -run-image and -image (platform/resolve_inputs.go FillExportRunImage): exit 3;
#   - output image and tags on one registry unless -daemon (ValidateTargetsAreSameRegistry): exit 3;
#   - the detector and builder refuse to run as root: exit 1 (Privileges);
#   - CNB_REGISTRY_AUTH a JSON object of "Basic|Bearer|X-Identity <value>" headers keyed by registry host as
#     go-containerregistry's RegistryStr() names it (Docker Hub is index.docker.io): else exit 1 (auth/keychain.go);
#   - with -daemon, a daemon to dial: DOCKER_HOST's socket or TLS files (DOCKER_CERT_PATH needs ca.pem, cert.pem and
#     key.pem), else /var/run/docker.sock as a socket: else exit 1 (priv/docker.go);
#   - this platform's own rule: the phases that run buildpacks (detector, builder) get neither a daemon socket nor
#     DOCKER_HOST nor CNB_REGISTRY_AUTH: else exit 1.
# And what it writes: the exporter's and creator's report.toml has the Go lifecycle's shape (see the end).
set -u
phase=$(basename "$0")
dir=$(dirname "$(readlink -f "$0")")

refuse() {
  local code=$1; shift
  echo "[contract] REFUSED $phase (exit $code): $*" >&2
  exit "$code"
}

# --- Platform API -------------------------------------------------------------------------------------------------
api_text=${CNB_PLATFORM_API:-}
[ -n "$api_text" ] || refuse 11 "please set 'CNB_PLATFORM_API'"
grep -qx -- "$api_text" "$dir/contract-platform-apis" || refuse 11 "platform API version '$api_text' is incompatible with the lifecycle (it speaks $(tr '\n' ' ' < "$dir/contract-platform-apis"))"
case "$api_text" in
  0.[0-9]|0.[0-9][0-9]) api=${api_text#0.} ;;
  *) refuse 11 "platform API version '$api_text' is not 0.<minor>" ;;
esac
since() { [ "$api" -ge "$1" ]; }
before() { [ "$api" -lt "$1" ]; }

# --- The flags each phase defines at this API (bool, value or repeat), as its DefineFlags does ----------------------
kind() {
  local f=$1
  case "$f" in version|no-color) echo bool; return ;; log-level) echo value; return ;; esac
  case "$phase:$f" in
    analyzer:analyzed|analyzer:cache-image|analyzer:gid|analyzer:layers|analyzer:previous-image|analyzer:run-image|analyzer:uid) echo value ;;
    analyzer:daemon) echo bool ;;
    analyzer:tag) echo repeat ;;
    analyzer:launch-cache) since 9 && echo value ;;
    analyzer:skip-layers) since 9 && echo bool ;;
    analyzer:layout-dir|analyzer:run) since 12 && echo value ;;
    analyzer:layout) since 12 && echo bool ;;
    analyzer:insecure-registry) since 13 && echo repeat ;;
    analyzer:stack) before 12 && echo value ;;

    detector:app|detector:buildpacks|detector:group|detector:layers|detector:order|detector:plan|detector:platform) echo value ;;
    detector:analyzed|detector:extensions|detector:generated) since 10 && echo value ;;
    detector:build-config) since 11 && echo value ;;
    detector:run) since 12 && echo value ;;
    detector:system) since 15 && echo value ;;

    restorer:analyzed|restorer:cache-dir|restorer:cache-image|restorer:gid|restorer:group|restorer:layers|restorer:uid) echo value ;;
    restorer:skip-layers) echo bool ;;
    restorer:build-image) since 10 && echo value ;;
    restorer:daemon|restorer:layout) since 12 && echo bool ;;
    restorer:generated|restorer:layout-dir) since 12 && echo value ;;
    restorer:insecure-registry) since 13 && echo repeat ;;
    restorer:run) since 14 && echo value ;;

    builder:app|builder:buildpacks|builder:group|builder:layers|builder:plan|builder:platform) echo value ;;
    builder:build-config) since 11 && echo value ;;
    builder:analyzed) since 12 && echo value ;;

    exporter:analyzed|exporter:app|exporter:cache-dir|exporter:cache-image|exporter:gid|exporter:group) echo value ;;
    exporter:launch-cache|exporter:launcher|exporter:layers|exporter:process-type|exporter:project-metadata) echo value ;;
    exporter:report|exporter:run-image|exporter:uid|exporter:image) echo value ;;
    exporter:daemon|exporter:parallel) echo bool ;;
    exporter:launcher-sbom) since 11 && echo value ;;
    exporter:extended|exporter:layout-dir|exporter:run) since 12 && echo value ;;
    exporter:layout) since 12 && echo bool ;;
    exporter:insecure-registry) since 13 && echo repeat ;;
    exporter:stack) before 12 && echo value ;;

    creator:app|creator:buildpacks|creator:cache-dir|creator:cache-image|creator:gid|creator:launch-cache) echo value ;;
    creator:launcher|creator:layers|creator:order|creator:platform|creator:previous-image|creator:process-type) echo value ;;
    creator:project-metadata|creator:report|creator:run-image|creator:stack|creator:uid) echo value ;;
    creator:tag) echo repeat ;;
    creator:daemon|creator:skip-restore|creator:parallel) echo bool ;;
    creator:build-config|creator:launcher-sbom) since 11 && echo value ;;
    creator:layout-dir|creator:run) since 12 && echo value ;;
    creator:layout) since 12 && echo bool ;;
    creator:insecure-registry) since 13 && echo repeat ;;
    creator:system) since 15 && echo value ;;
  esac
}

case "$phase" in analyzer|detector|restorer|builder|exporter|creator) ;; *) refuse 3 "not a phase this double knows" ;; esac

# --- Go's flag parsing ----------------------------------------------------------------------------------------------
declare -A value=()
declare -a operands=()
args=("$@")
i=0
while [ $i -lt ${#args[@]} ]; do
  a=${args[$i]}
  if [ "$a" = "--" ]; then i=$((i + 1)); break; fi
  case "$a" in -?*) ;; *) break ;; esac
  name=${a#-}; name=${name#-}
  has_value=0
  if [[ "$name" == *=* ]]; then v=${name#*=}; name=${name%%=*}; has_value=1; fi
  [ -n "$name" ] && [[ "$name" != -* ]] || refuse 2 "bad flag syntax: $a"
  k=$(kind "$name")
  [ -n "$k" ] || refuse 2 "flag provided but not defined: -$name"
  if [ "$k" = bool ]; then
    if [ $has_value = 1 ]; then
      case "$v" in 1|t|T|true|TRUE|True|0|f|F|false|FALSE|False) ;; *) refuse 2 "invalid boolean value \"$v\" for -$name" ;; esac
    else
      v=true
    fi
  elif [ $has_value = 0 ]; then
    i=$((i + 1))
    [ $i -lt ${#args[@]} ] || refuse 2 "flag needs an argument: -$name"
    v=${args[$i]}
  fi
  if [ "$k" = repeat ] && [ -n "${value[$name]+x}" ]; then value[$name]="${value[$name]} $v"; else value[$name]=$v; fi
  i=$((i + 1))
done
operands=("${args[@]:$i}")
flag() { [ -n "${value[$1]+x}" ] && echo "${value[$1]}"; }
is_true() { case "$(flag "$1")" in true|1|t|T|TRUE|True) return 0 ;; *) return 1 ;; esac; }

# --- Operands ------------------------------------------------------------------------------------------------------
n=${#operands[@]}
case "$phase" in
  analyzer|creator) [ "$n" -eq 1 ] || refuse 3 "received $n arguments, but expected 1" ;;
  exporter) [ "$n" -ge 1 ] || refuse 3 "at least one image argument is required" ;;
  *) [ "$n" -eq 0 ] || refuse 3 "received unexpected arguments" ;;
esac
if [ "$phase" = exporter ]; then
  [ -z "$(flag run-image)" ] || [ "$(flag run-image)" = "${CNB_RUN_IMAGE:-}" ] || refuse 3 "-run-image is unsupported"
  [ -z "$(flag image)" ] || refuse 3 "-image is unsupported"
fi

# go-containerregistry's registry of a reference: the first component when it has a '.' or ':' or is localhost, else
# Docker Hub, which it names index.docker.io.
registry_of() {
  local ref=${1%%@*} first
  first=${ref%%/*}
  if [[ "$ref" == */* ]] && { [[ "$first" == *.* ]] || [[ "$first" == *:* ]] || [ "$first" = localhost ]; }; then
    [ "$first" = docker.io ] && echo index.docker.io || echo "$first"
  else
    echo index.docker.io
  fi
}
case "$phase" in
  analyzer|exporter|creator)
    if ! is_true daemon; then
      registries=$(for ref in "${operands[@]}" $(flag tag); do registry_of "$ref"; done | sort -u)
      [ "$(echo "$registries" | wc -l)" -le 1 ] || refuse 3 "writing to multiple registries is unsupported"
    fi ;;
esac

# --- Privileges ----------------------------------------------------------------------------------------------------
uid=$(id -u); gid=$(id -g)
case "$phase" in detector|builder) [ "$uid" -ne 0 ] || refuse 1 "refusing to run as root" ;; esac

# --- Registry credentials ------------------------------------------------------------------------------------------
auth_keys=-
if [ -n "${CNB_REGISTRY_AUTH:-}" ]; then
  json=${CNB_REGISTRY_AUTH}
  [[ "$json" =~ ^\{.*\}$ ]] || refuse 1 "failed to parse CNB_REGISTRY_AUTH value: not a JSON object"
  pairs=$(grep -o '"[^"]*":"[^"]*"' <<< "$json")
  inner=${json#\{}; inner=${inner%\}}
  [ -z "$inner" ] || [ -n "$pairs" ] || refuse 1 "failed to parse CNB_REGISTRY_AUTH value: not an object of strings"
  auth_keys=""
  while IFS= read -r pair; do
    [ -n "$pair" ] || continue
    key=${pair%%\":\"*}; key=${key#\"}
    header=${pair#*\":\"}; header=${header%\"}
    [[ "$header" =~ ^([Bb][Aa][Ss][Ii][Cc]|[Bb][Ee][Aa][Rr][Ee][Rr]|[Xx]-[Ii][Dd][Ee][Nn][Tt][Ii][Tt][Yy])\ .+ ]] \
      || refuse 1 "resolve keychain: parsing auth header: unknown auth type from header (registry $key)"
    case "$key" in
      docker.io|registry-1.docker.io) refuse 1 "CNB_REGISTRY_AUTH keys Docker Hub as '$key': the lifecycle looks it up as index.docker.io, so the credentials would never be used" ;;
      */*|*://*) refuse 1 "CNB_REGISTRY_AUTH key '$key' is not a registry host" ;;
    esac
    auth_keys="$auth_keys${auth_keys:+,}$key"
  done <<< "$pairs"
fi

# --- The daemon ----------------------------------------------------------------------------------------------------
socket=-
[ -S /var/run/docker.sock ] && socket=/var/run/docker.sock
docker_host=${DOCKER_HOST:--}
case "$phase" in
  detector|builder)
    [ "$socket" = - ] || refuse 1 "a phase that runs buildpacks has the daemon's socket mounted"
    [ -z "${DOCKER_HOST:-}" ] || refuse 1 "a phase that runs buildpacks has DOCKER_HOST"
    [ -z "${CNB_REGISTRY_AUTH:-}" ] || refuse 1 "a phase that runs buildpacks has registry credentials" ;;
esac
if is_true daemon; then
  case "${DOCKER_HOST:-}" in
    "") [ "$socket" != - ] || refuse 1 "initialize docker client: failed to connect to docker socket: /var/run/docker.sock is not a socket" ;;
    unix://*) [ -S "${DOCKER_HOST#unix://}" ] || refuse 1 "initialize docker client: failed to connect to docker socket: ${DOCKER_HOST#unix://}" ;;
    tcp://*)
      if [ -n "${DOCKER_CERT_PATH:-}" ]; then
        for f in ca.pem cert.pem key.pem; do
          [ -r "$DOCKER_CERT_PATH/$f" ] || refuse 1 "initialize docker client: could not read $DOCKER_CERT_PATH/$f"
        done
      fi ;;
    *) refuse 1 "initialize docker client: unable to parse docker host '${DOCKER_HOST}'" ;;
  esac
fi

# --- The record, then our lifecycle --------------------------------------------------------------------------------
argv=$(printf '%s\n' "$@" | base64 -w0)
env_names=$(env | sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=.*/\1/p' | grep -E '^(CNB_|DOCKER_|SOURCE_DATE_EPOCH$)' | sort | paste -sd, -)
mounts=$(awk '{print $5}' /proc/self/mountinfo | grep -E '^/(workspace|layers|cache|launch-cache|platform|var/run/docker\.sock|cnb/daemon-tls)' | sort -u | paste -sd, -)
net=$(ls /sys/class/net 2>/dev/null | sort | paste -sd, -)
runtoml=absent; [ -f "${CNB_RUN_PATH:-/cnb/run.toml}" ] && runtoml=present
image_kind=builder; [ -d /cnb/buildpacks ] || image_kind=lifecycle-image
echo "[contract] phase=$phase api=$api_text uid=$uid gid=$gid image=$image_kind argv=$argv env=${env_names:--} auth=${auth_keys:--} socket=$socket docker-host=$docker_host mounts=${mounts:--} net=${net:--} run-toml=$runtoml" >&2
case "$phase" in
  exporter|creator) ;;
  *) exec -a "$phase" "$dir/lifecycle" "$@" ;;
esac

# report.toml as the Go lifecycle writes it (phase/save.go): a daemon export has image-id, the daemon's ID without its
# "sha256:" (imgutil local.IDIdentifier), and no digest or manifest size; a registry export has digest and manifest-size
# and no image-id.
(exec -a "$phase" "$dir/lifecycle" "$@")
code=$?
report=$(flag report); [ -n "$report" ] || report=${CNB_REPORT_PATH:-}
[ -n "$report" ] || { layers=$(flag layers); report=${layers:-${CNB_LAYERS_DIR:-/layers}}/report.toml; }
if [ "$code" -eq 0 ] && [ -f "$report" ]; then
  if is_true daemon; then
    sed -i -E -e '/^[[:space:]]*(digest|manifest-size)[[:space:]]*=/d' -e 's/^([[:space:]]*image-id[[:space:]]*=[[:space:]]*")sha256:/\1/' "$report"
  else
    sed -i -E '/^[[:space:]]*image-id[[:space:]]*=/d' "$report"
  fi
  echo "[contract] report.toml as the Go lifecycle writes it: $(grep -E '^[[:space:]]*(image-id|digest)' "$report" | tr -d ' ' | paste -sd, -)" >&2
fi
exit "$code"
