// SPDX-License-Identifier: MIT
// The workbench's own keyboard shortcuts (issue 15, part 3), one place for the shell to take them
// from, so that no key is bound twice (tests/ui/test_appearance_shortcuts.cpp checks it, and that
// none takes a key of the platform's standard bindings the window uses: open, save, quit, undo,
// redo, copy, paste, full screen...). The focus of the history filter is the platform's Find key
// on purpose. Qt Gui only.
#pragma once

#include <array>

#include <QKeySequence>
#include <QString>
#include <QtGlobal>

namespace kdw::ui::shortcuts {

// Run the designer's experiment now / add it to the run queue.
inline constexpr QKeyCombination kRunNow {Qt::CTRL, Qt::Key_R};
inline constexpr QKeyCombination kAddToQueue {Qt::CTRL | Qt::SHIFT, Qt::Key_R};
// The selected run of the queue: pause, resume, cancel.
inline constexpr QKeyCombination kPause {Qt::CTRL | Qt::SHIFT, Qt::Key_P};
inline constexpr QKeyCombination kResume {Qt::CTRL | Qt::SHIFT, Qt::Key_G};
inline constexpr QKeyCombination kCancel {Qt::CTRL | Qt::SHIFT, Qt::Key_X};
// Focus the history's filter box (the platform's Find: Ctrl+F).
inline constexpr QKeyCombination kFocusFilter {Qt::CTRL, Qt::Key_F};
// Compare the selected runs; export the chart under the mouse (or the whole board).
inline constexpr QKeyCombination kCompare {Qt::CTRL, Qt::Key_D};
inline constexpr QKeyCombination kExportChart {Qt::CTRL, Qt::Key_E};
// Presentation mode on/off; the list of shortcuts (Help).
inline constexpr QKeyCombination kPresentationMode {Qt::CTRL | Qt::ALT, Qt::Key_P};
inline constexpr QKeyCombination kShowShortcuts {Qt::CTRL, Qt::Key_Slash};

struct Entry {
    const char* name; // what the action does, for the list and the tests
    QKeyCombination key;
};

// Every shortcut above, in menu order.
inline constexpr std::array<Entry, 10> kAll {{
    {"Run now", kRunNow},
    {"Add to queue", kAddToQueue},
    {"Pause run", kPause},
    {"Resume run", kResume},
    {"Cancel run", kCancel},
    {"Focus the history filter", kFocusFilter},
    {"Compare runs", kCompare},
    {"Export chart", kExportChart},
    {"Presentation mode", kPresentationMode},
    {"Keyboard shortcuts", kShowShortcuts},
}};

} // namespace kdw::ui::shortcuts
