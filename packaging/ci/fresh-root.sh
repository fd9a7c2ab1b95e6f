#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# CI's fresh-root stage: proves that ./test.sh and ./run.sh work on a brand-new minimal Debian 12.
#
# Makes a new root with debootstrap (--variant=minbase, plus ca-certificates and sudo: what a new
# user's minimal machine has), copies in the tracked files of this checkout and ../shared, bind-mounts
# /proc, /sys and /dev, and runs inside it, with chroot, as root:
#   1. ./test.sh                    (installs the packages of packaging/deps-debian.txt, builds, ctest)
#   2. ./run.sh with no display     (must build, print its headless hint and exit 0)
#   3. the `kdw train` command that hint prints
#   4. cpack (DEB) from that Release build, then apt installs the package and runs its kdw
# Mounts are undone and the scratch root removed whatever happens; the last line names the step that
# failed. Needs root (debootstrap, mount, chroot) and Debian's package mirror.
#
# Caches, both outside the checkout (KDW_FRESH_ROOT_CACHE, default /var/cache/kdw-fresh-root):
#   bookworm-minbase.tar  the bare debootstrap result and only that; rebuilt when missing. A root that
#                         has had packages installed is never kept.
#   apt-archives/         downloaded .deb files, shared by every run so a second run downloads nothing.
#
# usage: packaging/ci/fresh-root.sh [--rebuild-base] [--keep-logs DIR]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
shared="$(cd "$repo/.." && pwd)/shared"
cache="${KDW_FRESH_ROOT_CACHE:-/var/cache/kdw-fresh-root}"
mirror="${KDW_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
suite="bookworm"
base="$cache/$suite-minbase.tar"
archives="$cache/apt-archives"
rebuild_base=0
logs=""
while [[ $# -gt 0 ]]; do
    case "$1" in
    --rebuild-base) rebuild_base=1 ;;
    --keep-logs) logs="$2"; shift ;;
    *) echo "fresh-root: unknown argument '$1' (usage: $0 [--rebuild-base] [--keep-logs DIR])" >&2; exit 2 ;;
    esac
    shift
done

say() { echo "fresh-root: $*"; }
step="checking the host"
root=""
scratch=""

cleanup() {
    local rc=$?
    if [[ -n "$root" ]]; then
        for m in dev sys proc var/cache/apt/archives; do
            if mountpoint -q "$root/$m" 2>/dev/null; then
                umount -R "$root/$m" 2>/dev/null || umount -R -l "$root/$m" || true
            fi
        done
    fi
    if [[ -n "$scratch" ]]; then
        # Never remove through a mount that is still there.
        if grep -q " $scratch/" /proc/mounts; then
            echo "fresh-root: mounts under $scratch are still present; not removing it" >&2
        else
            rm -rf --one-file-system "$scratch"
        fi
    fi
    if [[ $rc -ne 0 ]]; then
        echo "fresh-root: FAILED at step: $step (exit $rc)" >&2
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[[ $(id -u) -eq 0 ]] || { echo "fresh-root: must run as root (debootstrap, mount and chroot need it)" >&2; exit 1; }
[[ -d "$shared" ]] || { echo "fresh-root: $shared is missing (the tests read ../shared)" >&2; exit 1; }
command -v git >/dev/null || { echo "fresh-root: git is needed to list the tracked files" >&2; exit 1; }

seconds() { date +%s; }
elapsed() { echo "$(( $(seconds) - $1 )) s"; }

# Host tools: debootstrap only (a new CI machine may not have it).
if ! command -v debootstrap >/dev/null; then
    step="installing debootstrap on the host"
    hostlog="$(mktemp)"
    if ! { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends debootstrap; } >"$hostlog" 2>&1; then
        tail -30 "$hostlog" >&2
        exit 1
    fi
    rm -f "$hostlog"
fi

mkdir -p "$cache" "$archives/partial"
if [[ $rebuild_base -eq 1 || ! -s "$base" ]]; then
    step="debootstrap $suite (minbase)"
    t0=$(seconds)
    tmp="$(mktemp -d "$cache/debootstrap.XXXXXX")"
    dlog="$cache/debootstrap.log"
    if ! debootstrap --variant=minbase --include=ca-certificates,sudo "$suite" "$tmp" "$mirror" >"$dlog" 2>&1; then
        tail -30 "$dlog" >&2
        rm -rf --one-file-system "$tmp"
        exit 1
    fi
    tar -C "$tmp" -cf "$base.new" . && mv "$base.new" "$base"
    rm -rf --one-file-system "$tmp"
    say "made the bare $suite root in $(elapsed "$t0") (cached as $base)"
fi

step="unpacking the bare root"
scratch="$(mktemp -d /var/tmp/kdw-fresh-root.XXXXXX)"
root="$scratch/root"
mkdir -p "$root"
tar -C "$root" -xf "$base"
cp /etc/resolv.conf "$root/etc/resolv.conf"

step="copying the checkout and ../shared"
mkdir -p "$root/work/kdw" "$root/work/shared"
(cd "$repo" && git ls-files -z | tar --null -T - -cf -) | tar -C "$root/work/kdw" -xf -
cp -a "$shared/." "$root/work/shared/"

step="mounting /proc, /sys, /dev and the apt archive"
mount --bind /proc "$root/proc"
mount --rbind /sys "$root/sys"
mount --rbind /dev "$root/dev"
mount --bind "$archives" "$root/var/cache/apt/archives"

# A clean environment, as a new user's root shell has: no DISPLAY, no Qt platform chosen.
inside() {
    chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        LANG=C.UTF-8 TERM=dumb CI="${CI:-}" /bin/bash -c "cd /work/kdw && $1"
}
[[ -n "$logs" ]] && mkdir -p "$logs"

# run_step NAME LOGNAME COMMAND: runs COMMAND inside the root with its output in a log (kept with
# --keep-logs); on failure shows the log's last lines and stops. Sets $log and $took.
run_step() {
    step="$1"
    log="$scratch/$2.log"
    local t0
    t0=$(seconds)
    if ! inside "$3" >"$log" 2>&1; then
        [[ -n "$logs" ]] && cp "$log" "$logs/"
        tail -80 "$log" >&2
        exit 1
    fi
    [[ -n "$logs" ]] && cp "$log" "$logs/"
    took="$(elapsed "$t0")"
}

run_step "./test.sh" test "./test.sh"
grep -E "^(install-deps|test.sh):" "$log" | sed 's/^/fresh-root: | /' || true
summary="$(grep -E "tests passed|Total Test time" "$log" || true)"
say "./test.sh passed in $took"

run_step "./run.sh with no display" run "./run.sh"
hint="$(grep -E '^run.sh: no display found' "$log" || true)"
if [[ -z "$hint" ]]; then
    cat "$log" >&2
    echo "fresh-root: ./run.sh exited 0 but did not print its headless hint" >&2
    exit 1
fi
say "./run.sh built and printed its hint in $took: $hint"

command="${hint#*headless with: }"
run_step "the kdw command run.sh printed" kdw "$command"
say "'$command' trained in $took; its last line: $(tail -1 "$log")"

run_step "cpack (DEB) and installing the package" package \
    "cd build/release && cpack -G DEB && apt-get install -y --no-install-recommends ./kdworkbench_*.deb && /usr/bin/kdw --version"
say "built and installed $(cd "$root/work/kdw/build/release" && ls kdworkbench_*.deb) in $took; /usr/bin/kdw --version: $(tail -1 "$log")"

step="finished"
say "all four steps passed on a brand-new $suite root"
echo "$summary"
