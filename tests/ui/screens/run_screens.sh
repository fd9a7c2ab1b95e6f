#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Screenshots of the real application (kdworkbench) under Xvfb, one PNG per scene:
#   models         the Models page: both networks drawn, their sizes and the compression ratio
#   layer-added    "Add layer" pressed on the student's tower (keyboard, through xdotool)
#   hint-soft      soft targets + hint: the hinted layers linked in the drawing
#   method-<name>  each method page of core's catalogue
#   explorer-T1, -T3, -T10   the temperature explorer over a real saved teacher, T typed in its box
#   dataset        the dataset panel with /work/shared/data/ml-100k/u.data read in place
#   dataset-rows   the same scrolled to what was read: the first rows and the histogram
#   invalid-width  0 typed as the student's first width: flagged in place, Run now disabled
#   window         the main window (window_screens): two runs training at once with a third
#                  queued, smoothing on, at 1280x720 and 1100x720; the history browser in front
#                  with an earlier run selected; the NDCG chart zoomed; a hover tooltip
#   compare        the compare view (compare_screens) over a seed study it trains: curves grouped
#                  by seed with bands, each run, the differing config and metrics, is the
#                  difference real, the hyperparameter chart, the page as one PNG, dark
# Usage: tests/ui/screens/run_screens.sh BUILD_DIR OUT_DIR [WxH]
#   without WxH it takes both 1280x720 and 1920x1080. KDW_SCREENS_ONLY=REGEX takes only the scenes
#   whose name matches (e.g. 'models|dataset'). Needs xvfb-run, xdotool and ImageMagick's
#   import (dev tools, not dependencies). Not part of ctest. Everything it writes (a history with
#   one quick teacher, settings, configs) lives in a temporary directory; the ratings file is read
#   where it is (KDW_SCREENS_DATA overrides its path).
#
# The app is driven by the keyboard; which page opens and which widget has the focus at start is
# set by its test-only hook KDW_DESIGNER_PAGE / KDW_DESIGNER_FOCUS (ExperimentForm::showPage).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)

if [[ ${1:-} == --inner ]]; then
    inner=1
    shift
else
    inner=0
fi
if [[ $# -lt 2 ]]; then
    echo "usage: $0 BUILD_DIR OUT_DIR [WxH]" >&2
    exit 2
fi
build=$(cd "$1" && pwd)
mkdir -p "$2"
out=$(cd "$2" && pwd)
app=$build/app/kdworkbench
kdw=$build/app/kdw
data=${KDW_SCREENS_DATA:-/work/shared/data/ml-100k/u.data}
for tool in xvfb-run xdotool import python3; do
    command -v "$tool" >/dev/null || { echo "$0: needs $tool" >&2; exit 2; }
done
[[ -x $app && -x $kdw ]] || { echo "$0: build kdworkbench and kdw in $build first" >&2; exit 2; }
window_screens=$build/tests/ui/window_screens

if [[ $inner == 0 ]]; then
    sizes=("${3:-1280x720}")
    [[ $# -ge 3 ]] || sizes+=(1920x1080)
    for size in "${sizes[@]}"; do
        xvfb-run -a -s "-screen 0 ${size}x24" "$0" --inner "$build" "$out" "$size"
    done
    ls -1 "$out"
    exit 0
fi

# ---- inside Xvfb: one size ----
size=$3
width=${size%x*}
height=${size#*x}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config HOME=$work
export QT_QPA_PLATFORM=xcb OMP_WAIT_POLICY=PASSIVE
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME"

# Configs derived from the bundled demo (python3 only to edit JSON).
configs() {
    python3 - "$repo/resources/examples/demo.json" "$work" "$data" <<'EOF'
import copy, json, sys
demo = json.load(open(sys.argv[1]))
work, data = sys.argv[2], sys.argv[3]
def save(name, c):
    json.dump(c, open(f"{work}/{name}.json", "w"), indent=1)
save("demo", demo)
hint = copy.deepcopy(demo)
hint["name"] = "soft targets + hint"
hint["distillation"].update({"method": "soft_target+hint",
                             "hint": {"teacher_layer": "layers.0", "student_layer": "layers.0"}})
save("hint", hint)
teacher = copy.deepcopy(demo)
teacher["name"] = "screens: a quick teacher"
teacher["dataset"]["synthetic"].update({"users": 400, "items": 600})
teacher["teacher"]["training"]["epochs"] = 4
teacher["student"]["training"]["epochs"] = 3
save("teacher", teacher)
ml = copy.deepcopy(demo)
ml["name"] = "ml-100k"
ml["dataset"].update({"source": "movielens", "path": data, "format": "auto"})
ml["dataset"].pop("synthetic")
save("ml100k", ml)
EOF
}

wanted() { [[ -z ${KDW_SCREENS_ONLY:-} || $1 =~ ^(${KDW_SCREENS_ONLY})$ ]]; }
app_pid=
start_app() { # CONFIG PAGE [FOCUS]
    rm -rf "$XDG_CONFIG_HOME" && mkdir -p "$XDG_CONFIG_HOME" # a first start each time
    KDW_DESIGNER_PAGE=$2 KDW_DESIGNER_FOCUS=${3:-} "$app" --config "$1" >>"$work/app.log" 2>&1 &
    app_pid=$!
    local win
    win=$(xdotool search --sync --onlyvisible --name '^KD Workbench$' | head -1)
    xdotool windowmove "$win" 0 0 windowsize "$win" "$width" "$height"
    sleep 2 # the first layout, the history read, the dataset panel's first read
    xdotool windowfocus --sync "$win" || true
}
stop_app() {
    kill "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
}
shot() { # NAME
    import -window root "$out/$1-$size.png"
    echo "  $1-$size.png"
}
keys() { xdotool key --delay 60 "$@"; }
type_text() { xdotool type --delay 60 "$1"; }

configs
echo "$size: training a quick teacher into $XDG_DATA_HOME/kdworkbench"
"$kdw" train --config "$work/teacher.json" >"$work/kdw.log" 2>&1 || {
    cat "$work/kdw.log" >&2
    exit 1
}

if wanted models; then
    start_app "$work/demo.json" models
    shot models
    stop_app
fi

if wanted layer-added; then
    start_app "$work/demo.json" models studentAddLayer
    keys space
    sleep 1
    shot layer-added
    stop_app
fi

if wanted hint-soft; then
    start_app "$work/hint.json" models
    shot hint-soft
    stop_app
fi

# Core's method catalogue, by name (the headings of `kdw methods`).
for method in $("$kdw" methods | awk '/^[a-z_]+  /{print $1}'); do
    wanted "method-$method" || continue
    start_app "$work/hint.json" "distillation/$method"
    shot "method-$method"
    stop_app
done

if wanted explorer; then
    start_app "$work/demo.json" temperature explorerTemperature
    sleep 3 # the teacher's checkpoint read on the loader's thread
    for t in 1 3 10; do
        keys ctrl+a
        type_text "$t"
        keys Return
        sleep 1
        shot "explorer-T$t"
    done
    stop_app
fi

if wanted dataset; then
    start_app "$work/ml100k.json" data datasetPreview
    sleep 3 # 100,000 ratings read off the GUI thread
    shot dataset
    keys Tab shift+Tab # away and back to the first rows: the page scrolls to them
    sleep 1
    shot dataset-rows
    stop_app
fi

if wanted invalid-width; then
    start_app "$work/demo.json" models studentWidth1
    keys ctrl+a
    type_text 0
    keys Tab
    sleep 1
    shot invalid-width
    stop_app
fi

if wanted window; then
    if [[ -x $window_screens ]]; then
        # Its own window size (1280x720, then 1100x720); -$size names the Xvfb screen it ran on.
        mkdir -p "$work/window"
        "$window_screens" "$work/window" >>"$work/app.log" 2>&1 || echo "  window_screens failed" >&2
        for f in "$work"/window/*.png; do
            [[ -e $f ]] || continue
            cp "$f" "$out/$(basename "${f%.png}")-on-$size.png"
            echo "  $(basename "${f%.png}")-on-$size.png"
        done
    else
        echo "  window: build the window_screens target for it" >&2
    fi
fi

if wanted compare; then
    compare_screens=$build/tests/ui/compare_screens
    if [[ -x $compare_screens ]]; then
        # Trains its own seed study into a temporary history; names its PNGs -WxH itself.
        mkdir -p "$work/compare"
        "$compare_screens" "$work/compare" "$size" >>"$work/app.log" 2>&1 || echo "  compare_screens failed" >&2
        for f in "$work"/compare/*.png; do
            [[ -e $f ]] || continue
            cp "$f" "$out/"
            echo "  $(basename "$f")"
        done
    else
        echo "  compare: build the compare_screens target for it" >&2
    fi
fi
