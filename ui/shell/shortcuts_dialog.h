// SPDX-License-Identifier: MIT
// Help > Keyboard shortcuts: the shortcuts of a window as they are bound now, read from the
// QActions of its widget tree (text and keys, grouped by the menu that holds the action, actions
// in no menu under "Window"), in a list with a search box that matches action names and keys.
// GUI thread.
#pragma once

#include <QDialog>
#include <QList>
#include <QString>

class QLineEdit;
class QTreeWidget;

namespace kdw::ui {

struct ShortcutEntry {
    QString group; // the menu path without accelerators ("File", "View > Docks"); "Window" else
    QString action; // the action's text without '&' and a trailing '…'
    QString keys; // every key of the action in the platform's words, ", " between them
};

// The actions under `root` (and `root`'s own) that have at least one shortcut, each once: first
// those reached through the menus of root's QMenuBar (menu order), then the rest in object order.
QList<ShortcutEntry> collectShortcuts(const QWidget* root);

class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    // Lists the shortcuts of `window` as they are now; `parent` owns the dialog.
    explicit ShortcutsDialog(const QWidget* window, QWidget* parent = nullptr);

    // Shows only the entries whose action, group or keys contain `text` (case-insensitive), and
    // the groups that keep one; empty text shows all. What the search box calls.
    void setFilter(const QString& text);
    // The entries shown now, for tests.
    [[nodiscard]] QList<ShortcutEntry> shownEntries() const;
    [[nodiscard]] QLineEdit* searchBox() const { return m_search; }

private:
    QLineEdit* m_search;
    QTreeWidget* m_tree;
    QList<ShortcutEntry> m_entries;
};

} // namespace kdw::ui
