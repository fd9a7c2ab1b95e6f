#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Debian/Ubuntu packages listed in packaging/deps-debian.txt (or in the list given as
# the first argument, e.g. packaging/deps-ci.txt) that are missing.
# Skips apt entirely when nothing is missing. Used by ./run.sh, ./test.sh and CI.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
list="${1:-$here/deps-debian.txt}"

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    echo "install-deps: this machine has no dpkg/apt; install the packages of $list by hand (Debian 12 or Ubuntu 24.04 names)." >&2
    exit 1
fi

missing=()
while read -r pkg; do
    [[ -z "$pkg" || "$pkg" == \#* ]] && continue
    status="$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)"
    [[ "$status" == ii* ]] || missing+=("$pkg")
done < "$list"

if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
        sudo_cmd=(sudo)
    else
        echo "install-deps: these packages are missing and you are not root (and there is no sudo): ${missing[*]}" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
# apt's progress goes to a log that is shown only when apt fails.
log="$(mktemp "${TMPDIR:-/tmp}/kdw-apt.XXXXXX.log")"
if ! "${sudo_cmd[@]}" apt-get update >"$log" 2>&1; then
    cat "$log" >&2
    echo "install-deps: 'apt-get update' failed (log above, also in $log); check the network or the apt sources." >&2
    exit 1
fi
if ! "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
    tail -40 "$log" >&2
    echo "install-deps: 'apt-get install ${missing[*]}' failed (apt's last lines above; the whole log: $log)." >&2
    exit 1
fi
rm -f "$log"
echo "install-deps: installed ${#missing[@]} package(s)"
