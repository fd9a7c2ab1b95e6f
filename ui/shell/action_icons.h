// SPDX-License-Identifier: MIT
// Toolbar and menu icons drawn from SVG (resources/icons/actions/*.svg, 24x24, stroked and filled
// with "currentColor"), rendered at the size and device pixel ratio asked for, so they stay crisp
// at 2x, and tinted at every paint with the application palette's WindowText (its Disabled colour
// for disabled actions), so they follow a change of theme. GUI thread.
#pragma once

#include <QIcon>
#include <QString>

namespace kdw::ui {

enum class ActionIcon {
    Run, // run now
    QueueAdd, // add to the run queue
    Pause,
    Resume,
    Cancel,
    Compare,
    Export,
    Filter,
    Presentation,
    Theme,
};

// The icon of `icon`; never null (the SVGs are compiled into kdui).
QIcon actionIcon(ActionIcon icon);
// The resource path of its SVG, ":/kdworkbench/actions/NAME.svg".
QString actionIconPath(ActionIcon icon);

} // namespace kdw::ui
