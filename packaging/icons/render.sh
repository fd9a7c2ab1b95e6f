#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Renders resources/icons/kdworkbench.svg to the hicolor PNG sizes the package installs
# (resources/icons/png/kdworkbench-N.png, committed). Run it after changing the SVG; needs
# rsvg-convert (Debian: librsvg2-bin).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../resources/icons"
for size in 16 22 24 32 48 64 128 256; do
    rsvg-convert -w "$size" -h "$size" kdworkbench.svg -o "png/kdworkbench-$size.png"
done
