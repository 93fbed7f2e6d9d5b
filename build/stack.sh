#!/usr/bin/env bash
# Makes the sample stack: a Debian 12 (bookworm) build image and run image (plus a "v2" run image for rebase
# tests), the way the public sample base images (buildpacks/samples base-images, Paketo jammy) are defined, from a
# debootstrap minbase rootfs, written with our own image engine (tools/StackImages), not docker build.
#
#   build/stack.sh [--registry HOST:PORT | --no-registry] [--layout DIR] [--repository-prefix NAME] [--tag TAG] [--refresh]
#                  [--arch ARCH | --platforms ARCH,ARCH…]
#
#   --registry HOST:PORT   where to push (default: $BUILDPACKS_STACK_REGISTRY, else the loopback registry that
#                          build/registry.sh starts, 127.0.0.1:5000)
#   --no-registry          write no registry image (use with --layout)
#   --layout DIR           also write OCI image layouts: DIR/build (tag TAG) and DIR/run (tags TAG and TAG-v2)
#   --repository-prefix    repository namespace, default buildpacks-samples
#   --tag                  default bookworm
#   --refresh              debootstrap again even when the cache has a rootfs for these inputs (security updates)
#   --arch ARCH            the Debian architecture of the images (default: this machine's). A foreign one (arm64 on
#                          x86-64) is debootstrapped and configured under qemu-user (build/emulation.sh), and its build
#                          image gets the .NET runtimes of NuGet's runtime packs for that RID (same versions as the local
#                          install; they carry no 'dotnet' muxer, so manifest.json says "muxer": false and apps start
#                          through their apphost). Cached apart, like the host's.
#   --platforms A,B        a multi-platform stack: each architecture's images under TAG-<rid> (e.g.
#                          run:bookworm-linux-arm64, run:bookworm-linux-arm64-v2), then an OCI image index under TAG (and
#                          TAG-v2) over them (tools/StackImages index).
#
# What it makes (with the defaults):
#   127.0.0.1:5000/buildpacks-samples/build:bookworm    base layer + build layer (jq, .NET runtimes)
#   127.0.0.1:5000/buildpacks-samples/run:bookworm      base layer + /etc/buildpacks-run-image-version = v1
#   127.0.0.1:5000/buildpacks-samples/run:bookworm-v2   base layer + /etc/buildpacks-run-image-version = v2
# Build and run share the base layer blob (minbase + what a .NET app needs at run time + the cnb user 1000:1000).
# The build image carries the .NET and ASP.NET Core shared runtimes of the local SDK install under
# /opt/dotnet-runtimes/<version>/ (a dotnet root: dotnet, host/fxr, shared/…) and /opt/dotnet-runtimes/manifest.json
# lists them: our stand-in for a download, so a runtime buildpack can install the runtime offline.
#
# Cache: ${XDG_CACHE_HOME:-~/.cache}/buildpacks-msbuild/stack/ ($BUILDPACKS_STACK_CACHE overrides) holds
#   base-<hash>/   the base rootfs (minbase + run packages + user cnb) and its written layer, keyed by a hash of its
#                  inputs below (packages, mirrors, recipe)
#   build-<hash>/  the build layer's files and written layer, keyed by the base's hash, the build packages, the runtimes
#   debs/          downloaded packages
# The first run debootstraps (minutes on a slow mirror); later runs reuse the trees and layers and only push what the
# registry lacks, so they take seconds and give the same digests. Work happens in a temporary directory that is
# renamed into place when complete, so an interrupted run leaves nothing a later run would trust.
# Needs root (debootstrap, chroot, mounts in a private mount namespace) and the tools build/services.sh installs.
# Prints the image references and digests at the end; exits non-zero with a message naming the failed step.
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
log() { printf '[stack] %s\n' "$*" >&2; }
fail() { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }

# ---- inputs (everything the cache key covers) --------------------------------------------------------------------
# Bump when the steps below change in a way that changes the trees.
recipe=1
suite=bookworm
distro_version=12
stack_id=io.buildpacks.samples.stacks.bookworm
cnb_uid=1000
cnb_gid=1000
# What a .NET app needs at run time; minbase already has libc6, libgcc-s1, libstdc++6 and zlib1g.
run_packages=(ca-certificates libicu72 tzdata libssl3)
# What buildpacks use at build time (bash, coreutils and findutils are essential in minbase; listed to say so).
build_packages=(bash coreutils findutils jq ca-certificates)
# Debian slim's exclusions (debuerreotype): no docs but copyrights, no man/info pages, no translations.
dpkg_excludes='path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*'

registry=${BUILDPACKS_STACK_REGISTRY:-}
use_registry=1
layout=
prefix=buildpacks-samples
tag=bookworm
refresh=0
arch=$(dpkg --print-architecture)
platforms=
passed=()
while (($#)); do
  case $1 in
    --registry) registry=${2:?--registry needs HOST:PORT}; passed+=(--registry "$2"); shift 2 ;;
    --no-registry) use_registry=0; passed+=(--no-registry); shift ;;
    --layout) layout=${2:?--layout needs a directory}; passed+=(--layout "$2"); shift 2 ;;
    --repository-prefix) prefix=${2:?--repository-prefix needs a name}; shift 2 ;;
    --tag) tag=${2:?--tag needs a tag}; shift 2 ;;
    --refresh) refresh=1; passed+=(--refresh); shift ;;
    --arch) arch=${2:?--arch needs a Debian architecture}; shift 2 ;;
    --platforms) platforms=${2:?--platforms needs a list, e.g. amd64,arm64}; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) fail "unknown argument '$1' (see --help)" ;;
  esac
done
((use_registry)) || [ -n "$layout" ] || fail "--no-registry without --layout writes nothing; give --layout DIR"

rid_of() { case $1 in amd64) echo linux-x64 ;; arm64) echo linux-arm64 ;; *) fail "no .NET RID is known for Debian architecture '$1'" ;; esac; }

# A multi-platform stack: this script once per architecture (each under TAG-<rid>), then the indexes over them.
if [ -n "$platforms" ]; then
  IFS=, read -r -a platform_list <<<"$platforms"
  index_args=()
  for platform in "${platform_list[@]}"; do
    rid=$(rid_of "$platform")
    bash "${BASH_SOURCE[0]}" "${passed[@]}" --repository-prefix "$prefix" --arch "$platform" --tag "$tag-$rid" || fail "the $platform stack failed"
    index_args+=(--rid "$rid")
  done
  tool=$root/tools/StackImages/bin/Release/net10.0/stack-images.dll
  if ((use_registry)); then
    [ -n "$registry" ] || registry=$(bash "$root/build/registry.sh") || fail "the loopback registry did not start (build/registry.sh)"
    dotnet "$tool" index --registry "$registry" --repository-prefix "$prefix" --tag "$tag" "${index_args[@]}" || fail "writing the stack's indexes failed"
  fi
  if [ -n "$layout" ]; then
    dotnet "$tool" index --layout "$layout" --repository-prefix "$prefix" --tag "$tag" "${index_args[@]}" || fail "writing the stack's layout indexes failed"
  fi
  exit 0
fi

host_arch=$(dpkg --print-architecture)
foreign=0
[ "$arch" = "$host_arch" ] || foreign=1
if ((foreign)) && [ ! -e "/proc/sys/fs/binfmt_misc/qemu-$(case $arch in arm64) echo aarch64 ;; *) echo "$arch" ;; esac)" ]; then
  fail "the $arch stack runs $arch programs under qemu-user, which binfmt_misc does not have; run build/emulation.sh (build/services.sh does)"
fi

[ "$(id -u)" = 0 ] || fail "debootstrap, chroot and mounts need root; run as root (sudo build/stack.sh)"
for tool in debootstrap unshare chroot mount flock tar dotnet sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || fail "'$tool' is not installed; run 'bash build/services.sh' first"
done

# The Debian mirror: the host's own (deb822 sources), so this works wherever the host's apt works.
sources=/etc/apt/sources.list.d/debian.sources
mirror_of() { # $1: suite pattern; prints the first URIs of a stanza whose Suites match it
  [ -f "$sources" ] && awk -v want="$1" '
    /^URIs:/ { uri = $2 } /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == want) { print uri; exit } }
    /^$/ { uri = "" }' "$sources"
}
mirror=${BUILDPACKS_STACK_MIRROR:-$(mirror_of "$suite")}
mirror=${mirror:-http://deb.debian.org/debian}
security_mirror=${BUILDPACKS_STACK_SECURITY_MIRROR:-$(mirror_of "$suite-security")}
security_mirror=${security_mirror:-http://deb.debian.org/debian-security}

# The runtimes to ship: every Microsoft.NETCore.App of the local install, with the ASP.NET Core runtime of the same
# version and the newest hostfxr (hostfxr is backwards compatible, and the muxer needs one).
dotnet_root=${BUILDPACKS_STACK_DOTNET_ROOT:-$(dirname "$(readlink -f "$(command -v dotnet)")")}
mapfile -t runtime_versions < <(ls "$dotnet_root/shared/Microsoft.NETCore.App" 2>/dev/null | sort -V)
((${#runtime_versions[@]})) || fail "no .NET runtime under $dotnet_root/shared/Microsoft.NETCore.App (set BUILDPACKS_STACK_DOTNET_ROOT)"
for v in "${runtime_versions[@]}"; do
  [ -d "$dotnet_root/shared/Microsoft.AspNetCore.App/$v" ] || fail "the .NET runtime $v has no ASP.NET Core runtime $v in $dotnet_root/shared"
done
fxr_version=$(ls "$dotnet_root/host/fxr" 2>/dev/null | sort -V | tail -n 1)
[ -n "$fxr_version" ] || fail "no hostfxr under $dotnet_root/host/fxr"

hash_of() { printf '%s\n' "$@" | sha256sum | cut -c1-16; }
# The host's architecture is not in the key (its trees predate multi-platform stacks and keep their keys).
arch_key=()
((foreign == 0)) || arch_key=("$arch")
base_key=$(hash_of "$recipe" "$suite" "$mirror" "$security_mirror" "${run_packages[*]}" "$dpkg_excludes" "$cnb_uid:$cnb_gid" "${arch_key[@]}")
# Bump when the build layer's steps change.
build_recipe=2
build_key=$(hash_of "$base_key" "$build_recipe" "${build_packages[*]}" "${runtime_versions[*]}" "$fxr_version" "${arch_key[@]}")

cache=${BUILDPACKS_STACK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/buildpacks-msbuild/stack}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd -P)
[ "$cache" != / ] || fail "the cache directory must not be /"
# One run at a time per cache (tests and a developer may run this together); the lock dies with the process.
# Children that may outlive this script (the registry, build servers) must not inherit fd 9: they get 9>&-.
exec 9>"$cache/.lock"
flock 9
# The base tree is keyed apart from the build tree, so a new SDK (new runtimes) does not debootstrap again.
# A foreign architecture's trees are named after it, so each architecture's cleanup below leaves the others' alone.
tree_arch=
((foreign == 0)) || tree_arch=$arch-
base_tree=$cache/base-$tree_arch$base_key
build_tree=$cache/build-$tree_arch$build_key

# ---- rootfs trees ------------------------------------------------------------------------------------------------
# Everything below runs as root and deletes files: it only ever touches directories under $cache/tmp-*.
guard() {
  case $1 in
    "$cache"/tmp-*/?*) ;;
    *) fail "internal error: refusing to work on '$1', which is not under $cache/tmp-*" ;;
  esac
}

# Runs a command chrooted into $1 in a private mount namespace with /proc and a minimal /dev (a tmpfs with the host's
# null, zero, random… bound in): the mounts go away with the process even when this script is killed, and nothing
# of them lands in the tree (or in an overlay's upper directory). Output goes to $work/chroot.log.
chroot_run() {
  local dir=$1 status=0; shift
  guard "$dir"
  cp -L /etc/resolv.conf "$dir/etc/resolv.conf"
  unshare --mount --propagation private -- sh -c '
    dir=$1; shift
    mount -t proc proc "$dir/proc" && mount -t tmpfs -o mode=0755 tmpfs "$dir/dev" || exit 1
    for device in null zero full random urandom tty; do
      : >"$dir/dev/$device" && mount --bind "/dev/$device" "$dir/dev/$device" || exit 1
    done
    ln -s /proc/self/fd "$dir/dev/fd"
    exec chroot "$dir" "$@"' sh "$dir" \
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 HOME=/root "$@" \
    >>"$work/chroot.log" 2>&1 || status=$?
  rm -f "$dir/etc/resolv.conf"
  ((status == 0)) || { tail -n 30 "$work/chroot.log" >&2; return "$status"; }
}

# Removes what changes from run to run or only takes space: apt lists and caches, logs, *-old backups, caches
# that are rebuilt on demand, docs the dpkg exclusions would have kept out.
tidy() {
  local dir=$1
  guard "$dir"
  rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/*.bin \
    "$dir"/var/cache/debconf/*-old "$dir"/var/lib/dpkg/*-old "$dir"/var/cache/ldconfig/aux-cache \
    "$dir"/etc/machine-id "$dir"/etc/hostname "$dir"/root/.bash_history
  for d in var/log var/cache/apt/archives; do
    [ ! -d "$dir/$d" ] || find "$dir/$d" -type f -delete
  done
  if [ -d "$dir/usr/share/doc" ]; then
    find "$dir/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
    find "$dir/usr/share/doc" -mindepth 1 -type d -empty -delete
  fi
  rm -rf "$dir"/usr/share/man/* "$dir"/usr/share/groff/* "$dir"/usr/share/info/* "$dir"/usr/share/lintian/* \
    "$dir"/usr/share/linda/* "$dir"/usr/share/locale/*
}

make_base() { # $1: directory to create
  local dir=$1
  guard "$dir"
  log "debootstrap --variant=minbase $suite from $mirror (log: $work/debootstrap.log)"
  local include; include=$(IFS=,; echo "${run_packages[*]}")
  # Downloaded packages are kept in the cache, so a recipe change does not download them all again.
  mkdir -p "$cache/debs/$arch"
  # A foreign architecture's second stage runs its programs under qemu-user through binfmt_misc (F flag).
  debootstrap --arch="$arch" --variant=minbase --include="$include" --components=main --cache-dir="$cache/debs/$arch" "$suite" "$dir" "$mirror" \
    >"$work/debootstrap.log" 2>&1 || { tail -n 30 "$work/debootstrap.log" >&2; fail "debootstrap failed (see $work/debootstrap.log)"; }

  printf '%s\n' "$dpkg_excludes" >"$dir/etc/dpkg/dpkg.cfg.d/excludes"
  rm -f "$dir/etc/apt/sources.list"
  printf 'Types: deb\nURIs: %s\nSuites: %s %s-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\n' \
    "$mirror" "$suite" "$suite" >"$dir/etc/apt/sources.list.d/debian.sources"
  printf 'Types: deb\nURIs: %s\nSuites: %s-security\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$security_mirror" "$suite" >>"$dir/etc/apt/sources.list.d/debian.sources"
  log "apt-get upgrade from $suite-updates and $suite-security; user cnb $cnb_uid:$cnb_gid"
  chroot_run "$dir" sh -c "apt-get update -qq && apt-get -y -qq -o Dpkg::Options::=--force-confold upgrade \
    && apt-get -y -qq install --no-install-recommends ${run_packages[*]} && apt-get clean \
    && groupadd --gid $cnb_gid cnb && useradd --uid $cnb_uid --gid $cnb_gid --create-home --shell /bin/bash cnb" \
    || fail "configuring the base rootfs in a chroot failed (see $work/chroot.log)"
  tidy "$dir"
  # Devices and the kernel's filesystems come from the container runtime, never from an image layer.
  find "$dir/dev" "$dir/proc" "$dir/sys" -xdev -mindepth 1 -delete
  find "$dir" -xdev \( -type b -o -type c -o -type p -o -type s \) -delete
}

# The build layer: the build packages installed on an overlay over the base, so the overlay's upper directory is
# exactly what the build image adds (as Docker's own layers are made); then the runtimes copied into it.
make_build_layer() { # $1: base tree, $2: upper directory to fill
  local base=$1 upper=$2 ovl=$work/overlay
  guard "$upper"
  mkdir -p "$upper" "$ovl/work" "$ovl/merged"
  log "build layer: ${build_packages[*]}; .NET runtimes ${runtime_versions[*]} from $dotnet_root"
  # The overlay lives in its own mount namespace; chroot_run's namespace, a child of it, inherits the mount.
  unshare --mount --propagation private -- bash -euo pipefail -c '
    base=$1 upper=$2 ovl=$3; shift 3
    mount -t overlay overlay -o "lowerdir=$base,upperdir=$upper,workdir=$ovl/work" "$ovl/merged"
    "$@"' sh "$base" "$upper" "$ovl" \
    bash -euo pipefail -c "$(declare -f fail guard chroot_run); cache='$cache' work='$work'
      chroot_run '$ovl/merged' sh -c 'apt-get update -qq && apt-get -y -qq install --no-install-recommends ${build_packages[*]} && apt-get clean'" \
    || fail "installing the build packages on the overlay failed (see $work/chroot.log)"
  tidy "$upper"

  # The build image says what it is in its os-release, so a buildpack (and a test) can tell it from the host and the
  # run image, as a real stack's images differ.
  mkdir -p "$upper/etc" && rm -f "$upper/etc/os-release"
  { cat "$base/usr/lib/os-release"; printf 'VARIANT="Buildpacks.MSBuild sample build image"\nVARIANT_ID=buildpacks-msbuild-build\n'; } >"$upper/etc/os-release"

  local runtimes=$upper/opt/dotnet-runtimes manifest_entries=()
  ((foreign == 0)) || restore_runtime_packs
  for v in "${runtime_versions[@]}"; do
    local dest=$runtimes/$v fxr=$fxr_version muxer=true
    mkdir -p "$dest/shared" "$dest/host/fxr"
    if ((foreign)); then
      # NuGet's runtime packs: the framework's assemblies and native libraries (hostfxr and hostpolicy among them);
      # no 'dotnet' muxer is published for other RIDs, so apps start through their apphost with DOTNET_ROOT.
      fxr=$v muxer=false
      local netcore=$packs/microsoft.netcore.app.runtime.$rid/$v/runtimes/$rid aspnet=$packs/microsoft.aspnetcore.app.runtime.$rid/$v/runtimes/$rid
      mkdir -p "$dest/host/fxr/$v" "$dest/shared/Microsoft.NETCore.App/$v" "$dest/shared/Microsoft.AspNetCore.App/$v"
      cp "$netcore/native/libhostfxr.so" "$dest/host/fxr/$v/"
      cp -R --preserve=mode "$netcore"/lib/net*/. "$netcore/native/." "$dest/shared/Microsoft.NETCore.App/$v/"
      rm -f "$dest/shared/Microsoft.NETCore.App/$v/libhostfxr.so"
      cp -R --preserve=mode "$aspnet"/lib/net*/. "$dest/shared/Microsoft.AspNetCore.App/$v/"
      if [ -d "$aspnet/native" ]; then cp -R --preserve=mode "$aspnet/native/." "$dest/shared/Microsoft.AspNetCore.App/$v/"; fi
    else
      cp -R --preserve=mode,links "$dotnet_root/dotnet" "$dest/dotnet"
      cp -R --preserve=mode,links "$dotnet_root/host/fxr/$fxr_version" "$dest/host/fxr/"
      for framework in Microsoft.NETCore.App Microsoft.AspNetCore.App; do
        mkdir -p "$dest/shared/$framework"
        cp -R --preserve=mode,links "$dotnet_root/shared/$framework/$v" "$dest/shared/$framework/"
      done
    fi
    for notice in LICENSE.txt ThirdPartyNotices.txt; do
      [ ! -f "$dotnet_root/$notice" ] || cp "$dotnet_root/$notice" "$dest/"
    done
    if ((foreign)); then
      manifest_entries+=("$(printf '{"version":"%s","root":"/opt/dotnet-runtimes/%s","frameworks":[{"name":"Microsoft.NETCore.App","version":"%s"},{"name":"Microsoft.AspNetCore.App","version":"%s"}],"hostfxr":"%s","muxer":%s}' \
        "$v" "$v" "$v" "$v" "$fxr" "$muxer")")
    else
      manifest_entries+=("$(printf '{"version":"%s","root":"/opt/dotnet-runtimes/%s","frameworks":[{"name":"Microsoft.NETCore.App","version":"%s"},{"name":"Microsoft.AspNetCore.App","version":"%s"}],"hostfxr":"%s"}' \
        "$v" "$v" "$v" "$v" "$fxr")")
    fi
  done
  (IFS=,; printf '{"runtimes":[%s]}\n' "${manifest_entries[*]}") >"$runtimes/manifest.json"
  chown -R 0:0 "$runtimes"
  chmod -R u+rwX,go+rX,go-w "$runtimes"

  # Overlay whiteouts (0:0 character devices, opaque xattrs) become OCI whiteout files (image-spec layer.md).
  while IFS= read -r -d '' device; do
    rm -f "$device"
    : >"$(dirname "$device")/.wh.$(basename "$device")"
  done < <(find "$upper" -type c -print0)
  (cd "$upper" && find . -type d -print0 | tar --null --no-recursion --xattrs --xattrs-include='trusted.overlay.opaque' -cf - -T - \
    | tar --xattrs --xattrs-include='*' -tvvf - \
    | awk '/^d/ { $1 = $2 = $3 = $4 = $5 = ""; sub(/^ +/, ""); dir = $0 } /trusted\.overlay\.opaque/ { print dir }') \
    | while IFS= read -r dir; do
        # Some overlay implementations mark every directory they create opaque; that only means something (and only
        # needs a whiteout) where the base has the directory too.
        if [ -d "$base/$dir" ]; then : >"$upper/$dir/.wh..wh..opq"; fi
      done
  if find "$upper" \( -type b -o -type c -o -type p -o -type s \) | grep -q .; then
    fail "the build layer still has special files: $(find "$upper" \( -type b -o -type c -o -type p -o -type s \) | head -n 5)"
  fi
}

# The runtime packs of a foreign RID, restored from NuGet into its package cache (the versions of the local install);
# sets packs and rid.
restore_runtime_packs() {
  rid=$(rid_of "$arch")
  packs=${NUGET_PACKAGES:-$HOME/.nuget/packages}
  local project=$work/packs items="" v
  for v in "${runtime_versions[@]}"; do
    items+="<PackageDownload Include=\"Microsoft.NETCore.App.Runtime.$rid\" Version=\"[$v]\" /><PackageDownload Include=\"Microsoft.AspNetCore.App.Runtime.$rid\" Version=\"[$v]\" />"
  done
  mkdir -p "$project"
  printf '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net%s</TargetFramework></PropertyGroup><ItemGroup>%s</ItemGroup></Project>\n' \
    "$(cut -d. -f1,2 <<<"${runtime_versions[-1]}")" "$items" >"$project/packs.csproj"
  log "restoring the $rid runtime packs ${runtime_versions[*]} from NuGet"
  dotnet restore "$project/packs.csproj" -nologo -v quiet >"$work/restore.log" 2>&1 9>&- \
    || { tail -n 20 "$work/restore.log" >&2; fail "restoring the $rid runtime packs failed (see $work/restore.log)"; }
}

# Leftovers of interrupted runs are never reused: only a renamed, complete tree counts. We hold the lock.
rm -rf "$cache"/tmp-*
if ((refresh)); then
  log "--refresh: dropping the cached trees"
  rm -rf "$base_tree" "$build_tree"
fi
if [ -d "$base_tree" ]; then
  log "base rootfs cached: $base_tree"
else
  started=$SECONDS
  work=$cache/tmp-base-$$
  mkdir -p "$work"
  make_base "$work/rootfs"
  # The release time labels the images and dates their config; it is fixed with the tree, so digests are too.
  date -u ${SOURCE_DATE_EPOCH:+-d "@$SOURCE_DATE_EPOCH"} +%Y-%m-%dT%H:%M:%SZ >"$work/released"
  rm -f "$work/debootstrap.log" "$work/chroot.log"
  mv "$work" "$base_tree"
  log "base rootfs ready in $((SECONDS - started)) s: $base_tree"
fi
if [ -d "$build_tree" ]; then
  log "build layer cached: $build_tree"
else
  started=$SECONDS
  work=$cache/tmp-build-$$
  mkdir -p "$work"
  make_build_layer "$base_tree/rootfs" "$work/upper"
  rm -rf "$work/overlay" "$work/chroot.log"
  mv "$work" "$build_tree"
  log "build layer ready in $((SECONDS - started)) s: $build_tree"
fi
# Trees of other inputs are dead weight now (each is a few hundred MB).
# Trees of other inputs of this architecture are dead weight now (each is a few hundred MB); the host's are named
# base-<16 hex>, a foreign architecture's base-<arch>-<16 hex>.
tree_glob=${tree_arch:-}'????????????????'
find "$cache" -mindepth 1 -maxdepth 1 \( -name "base-$tree_glob" ! -name "base-$tree_arch$base_key" -o -name "build-$tree_glob" ! -name "build-$tree_arch$build_key" \) \
  -exec rm -rf {} +

# ---- images ------------------------------------------------------------------------------------------------------
# The tool is rebuilt only when its sources (or the image engine's) are newer than its build: a no-op
# 'dotnet build' alone would cost more than the rest of a cached run.
tool_project=$root/tools/StackImages
tool=$tool_project/bin/Release/net10.0/stack-images.dll
if [ ! -f "$tool" ] || [ -n "$(find "$tool_project" "$root/src/Images" "$root/Directory.Build.props" "$root/Directory.Packages.props" \
    \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) -not -path '*/obj/*' -not -path '*/bin/*' -newer "$tool" -print -quit)" ]; then
  log "building tools/StackImages"
  dotnet build "$tool_project" -c Release -nologo -v quiet >"$cache/tool-build.log" 2>&1 9>&- \
    || { tail -n 30 "$cache/tool-build.log" >&2; fail "building tools/StackImages failed (see $cache/tool-build.log)"; }
  # An up-to-date build may leave the dll's time alone; mark it as checked against these sources.
  touch "$tool"
fi

if ((use_registry)) && [ -z "$registry" ]; then
  registry=$(bash "$root/build/registry.sh" 9>&-) || fail "the loopback registry did not start (build/registry.sh)"
fi

args=(--base "$base_tree/rootfs" --base-layer-cache "$base_tree/layer"
  --build "$build_tree/upper" --build-layer-cache "$build_tree/layer"
  --released "$(cat "$base_tree/released")" --homepage "https://www.debian.org/releases/$suite/"
  --architecture "$arch" --stack-id "$stack_id" --distro-name debian --distro-version "$distro_version" --suite "$suite"
  --repository-prefix "$prefix" --tag "$tag" --uid "$cnb_uid" --gid "$cnb_gid"
  --base-history "debootstrap --variant=minbase $suite + ${run_packages[*]}; user cnb $cnb_uid:$cnb_gid"
  --build-history "${build_packages[*]}; .NET runtimes ${runtime_versions[*]} in /opt/dotnet-runtimes")
if ((use_registry)); then args+=(--registry "$registry"); fi
if [ -n "$layout" ]; then args+=(--layout "$layout"); fi
dotnet "$tool" "${args[@]}" 9>&- || fail "writing the images failed (tools/StackImages)"
