#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# CI's package test (issue 16, item 4): builds the .deb from the `package` preset (no -march=native),
# then checks it:
#   1. the files it must hold (both programs, desktop entry, AppStream metainfo, hicolor icons, kdw's
#      man page, bash completion, example configs, copyright) and its declared dependencies;
#   2. lintian reports no error (no "E:" line); every line it prints is shown;
#   3. desktop-file-validate and appstreamcli validate pass on the installed files;
#   4. installed into a scratch root with `dpkg -x`, the installed kdw prints its version, its bash
#      completion offers kdw's commands, and it trains a one-epoch run of the installed demo config.
# The tools come from packaging/deps-ci.txt (.ci/run installs them). The last line names the step
# that failed.
# usage: packaging/ci/package-test.sh [BUILD_DIR]   (default build/package)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
build="${1:-build/package}"
step="configuring"
scratch="$(mktemp -d /tmp/kdw-package-test.XXXXXX)"
cleanup() {
    local rc=$?
    rm -rf "$scratch"
    [[ $rc -eq 0 ]] || echo "package-test: FAILED at step: $step (exit $rc)" >&2
    exit "$rc"
}
trap cleanup EXIT
say() { echo "package-test: $*"; }
fail() { echo "package-test: $*" >&2; exit 1; }
t0=$(date +%s)

cmake --preset package -B "$build" >"$scratch/configure.log" 2>&1 || { cat "$scratch/configure.log" >&2; exit 1; }
step="checking the package build has no -march=native"
if grep -q -- "-march=native" "$build/compile_commands.json"; then
    fail "the package build compiles with -march=native: $(grep -m1 -o -- '-march=native.*' "$build/compile_commands.json" | cut -c1-120)"
fi
step="building (package preset)"
cmake --build "$build" -j2 >"$scratch/build.log" 2>&1 || { tail -40 "$scratch/build.log" >&2; exit 1; }
step="cpack -G DEB"
rm -f "$build"/kdworkbench_*.deb
(cd "$build" && cpack -G DEB) >"$scratch/cpack.log" 2>&1 || { cat "$scratch/cpack.log" >&2; exit 1; }
deb="$(ls "$build"/kdworkbench_*.deb)"
say "built $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB) in $(($(date +%s) - t0)) s"

step="the package's files"
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's#^\./#/#' >"$scratch/files.txt"
required=(/usr/bin/kdw /usr/bin/kdworkbench /usr/share/applications/kdworkbench.desktop
    /usr/share/metainfo/io.github.kdworkbench.metainfo.xml
    /usr/share/icons/hicolor/scalable/apps/kdworkbench.svg
    /usr/share/man/man1/kdw.1.gz /usr/share/man/man1/kdworkbench.1.gz
    /usr/share/bash-completion/completions/kdw /usr/share/kdworkbench/examples/demo.json
    /usr/share/doc/kdworkbench/copyright /usr/share/doc/kdworkbench/changelog.gz)
for size in 16 22 24 32 48 64 128 256; do
    required+=("/usr/share/icons/hicolor/${size}x${size}/apps/kdworkbench.png")
done
for f in "${required[@]}"; do
    grep -qx "$f" "$scratch/files.txt" || fail "the package lacks $f"
done
depends="$(dpkg-deb -f "$deb" Depends)"
for d in libqt6core6 libqt6widgets6 libqt6charts6 libsqlite3-0 libgomp1 qt6-qpa-plugins; do
    [[ "$depends" == *"$d"* ]] || fail "Depends does not name $d: $depends"
done
say "${#required[@]} required files present; Depends: $depends"

step="lintian"
lintian --allow-root "$deb" >"$scratch/lintian.log" 2>&1 || true
sed 's/^/package-test: lintian | /' "$scratch/lintian.log"
if grep -q '^E:' "$scratch/lintian.log"; then
    fail "lintian reports $(grep -c '^E:' "$scratch/lintian.log") error(s) (E: lines above)"
fi
say "lintian: no error ($(grep -c '^W:' "$scratch/lintian.log" || true) warning(s), $(grep -c '^I:' "$scratch/lintian.log" || true) info)"

step="dpkg -x into a scratch root"
root="$scratch/root"
dpkg -x "$deb" "$root"
step="desktop-file-validate and appstreamcli validate"
desktop-file-validate "$root/usr/share/applications/kdworkbench.desktop"
appstreamcli validate --no-net "$root/usr/share/metainfo/io.github.kdworkbench.metainfo.xml" >"$scratch/appstream.log" 2>&1 \
    || { cat "$scratch/appstream.log" >&2; exit 1; }
say "desktop entry and AppStream metainfo valid"

export LD_LIBRARY_PATH="$root/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
kdw="$root/usr/bin/kdw"
step="the installed kdw --version"
version="$("$kdw" --version)"
expected="kdw $(dpkg-deb -f "$deb" Version)"
[[ "$version" == "$expected" ]] || fail "installed kdw --version says '$version', expected '$expected'"
say "installed kdw --version: $version"

step="the installed bash completion"
offered="$(PATH="$root/usr/bin:$PATH" bash -c 'source /usr/share/bash-completion/bash_completion
    source "$1"; COMP_WORDS=(kdw m); COMP_CWORD=1; COMP_LINE="kdw m"; COMP_POINT=5; _kdw
    printf "%s " "${COMPREPLY[@]}"' _ "$root/usr/share/bash-completion/completions/kdw")"
[[ "$offered" == *merge* && "$offered" == *methods* ]] || fail "completing 'kdw m' offers '$offered', not merge and methods"
say "bash completion of 'kdw m': $offered"

step="a one-epoch kdw train with the installed kdw and demo config"
jq '.teacher.training.epochs = 1 | .student.training.epochs = 1 | .name = "package test: one epoch"' \
    "$root/usr/share/kdworkbench/examples/demo.json" >"$scratch/one-epoch.json"
"$kdw" train --config "$scratch/one-epoch.json" --db "$scratch/history.sqlite" >"$scratch/train.log" 2>&1 \
    || { cat "$scratch/train.log" >&2; exit 1; }
sed 's/^/package-test: kdw train | /' "$scratch/train.log"
status="$("$kdw" runs --json --db "$scratch/history.sqlite" | jq -r '.runs[0].status')"
epochs="$("$kdw" show 1 --json --db "$scratch/history.sqlite" | jq '[.epochs[] | select(.phase == "student")] | length')"
[[ "$status" == finished && "$epochs" == 1 ]] || fail "the one-epoch run is '$status' with $epochs student epoch(s)"
step="finished"
say "passed in $(($(date +%s) - t0)) s: the installed kdw trained one epoch (run finished, 1 student epoch stored)"
