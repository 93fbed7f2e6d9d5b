#!/usr/bin/env bash
# Sets up emulation of linux/arm64 on an x86-64 machine, for multi-platform builds (BuildpackRuntimeIdentifiers,
# docs/multi-platform.md): qemu-user-static from Debian bookworm-backports registered with binfmt_misc, and the arm64
# cross toolchain that NativeAOT links our lifecycle and launcher for linux-arm64 with. Idempotent and quick when done.
#
# Why backports: bookworm's qemu 7.2 cannot start a .NET arm64 app ("Failed to create CoreCLR, HRESULT: 0x8007000E",
# whatever GC or W^X settings); qemu 10.0 (bookworm-backports) runs it. Why the F flag: the kernel opens the
# interpreter when it is registered, so it works inside containers and sandboxes whose root has no qemu; the same
# reason makes an upgrade need a new registration (the old entry keeps the old binary open).
#
# Called by build/services.sh. Prints nothing on stdout; exits non-zero with a message when emulation cannot be set up.
set -euo pipefail

log() { printf '[emulation] %s\n' "$*" >&2; }

[ "$(uname -m)" = x86_64 ] || { log "this machine is $(uname -m), not x86_64: nothing to set up"; exit 0; }

binfmt=/proc/sys/fs/binfmt_misc
entry=$binfmt/qemu-aarch64
conf=/usr/lib/binfmt.d/qemu-aarch64.conf
backports=/etc/apt/sources.list.d/buildpacks-bookworm-backports.sources
# The lowest qemu that starts .NET arm64 apps here (tried: 7.2 fails, 10.0 works).
min_qemu_major=10

qemu_major() {
  local version
  version=$(dpkg-query -W -f='${Version}' qemu-user-static 2>/dev/null || true)
  version=${version#*:}
  printf '%s' "${version%%.*}"
}

installed=false
packages=()
major=$(qemu_major)
if [ -z "$major" ] || [ "$major" -lt "$min_qemu_major" ]; then
  packages+=(qemu-user-static)
fi
# NativeAOT for linux-arm64 links with clang against Debian's arm64 cross C library (clang finds /usr/lib/gcc-cross).
command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || packages+=(gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu)
[ -d /usr/aarch64-linux-gnu/include ] || packages+=(libc6-dev-arm64-cross)
compgen -G '/usr/lib/gcc-cross/aarch64-linux-gnu/*/libgcc.a' >/dev/null || packages+=(libgcc-12-dev-arm64-cross)

if ((${#packages[@]} > 0)); then
  export DEBIAN_FRONTEND=noninteractive
  if [[ " ${packages[*]} " == *" qemu-user-static "* ]] && [ ! -f "$backports" ]; then
    # The same mirror the machine's Debian sources name, suite bookworm-backports; backports are pinned low by apt,
    # so nothing else is taken from there unless asked for with -t.
    uri=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
    [ -n "$uri" ] || { log "ERROR: no Debian mirror found in /etc/apt/sources.list.d/debian.sources to add bookworm-backports from"; exit 1; }
    printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$uri" >"$backports"
  fi
  log "installing ${packages[*]}"
  apt-get update -qq
  # Only qemu comes from backports; the cross toolchain is bookworm's own.
  cross=()
  for package in "${packages[@]}"; do
    if [ "$package" = qemu-user-static ]; then
      apt-get install -y -qq --no-install-recommends -t bookworm-backports qemu-user-static >/dev/null
    else
      cross+=("$package")
    fi
  done
  if ((${#cross[@]} > 0)); then apt-get install -y -qq --no-install-recommends "${cross[@]}" >/dev/null; fi
  installed=true
fi

major=$(qemu_major)
[ -n "$major" ] && [ "$major" -ge "$min_qemu_major" ] \
  || { log "ERROR: qemu-user-static $min_qemu_major or later is needed (bookworm-backports); found '${major:-none}'"; exit 1; }

if [ ! -e "$binfmt/register" ]; then
  mount -t binfmt_misc binfmt_misc "$binfmt" 2>/dev/null \
    || { log "ERROR: binfmt_misc is not mounted at $binfmt and cannot be (needs root on the host kernel)"; exit 1; }
fi

[ -f "$conf" ] || { log "ERROR: $conf is missing: qemu-user-static did not install its binfmt entry"; exit 1; }
if [ -e "$entry" ] && { $installed || ! grep -q '^flags: .*F' "$entry"; }; then
  # A new qemu (or an entry without F) needs a fresh registration: the F flag keeps the old interpreter open.
  printf -- '-1' >"$entry"
fi
if [ ! -e "$entry" ]; then
  cat "$conf" >"$binfmt/register"
fi
grep -q '^enabled' "$entry" && grep -q '^flags: .*F' "$entry" \
  || { log "ERROR: $entry is not enabled with the F flag"; exit 1; }
log "linux/arm64 runs under qemu-user-static $(dpkg-query -W -f='${Version}' qemu-user-static) ($(sed -n 's/^interpreter //p' "$entry"), flags $(sed -n 's/^flags: //p' "$entry"))"
