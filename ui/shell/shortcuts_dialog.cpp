// SPDX-License-Identifier: MIT
#include "ui/shell/shortcuts_dialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHash>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QSet>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace kdw::ui {

namespace {

QString plainText(QString text)
{
    // "&&" is a literal ampersand; a single '&' marks the accelerator.
    text.replace(QStringLiteral("&&"), QStringLiteral("\x01"));
    text.remove(QLatin1Char('&'));
    text.replace(QStringLiteral("\x01"), QStringLiteral("&"));
    text = text.trimmed();
    if (text.endsWith(QChar(0x2026))) {
        text.chop(1);
    } else if (text.endsWith(QStringLiteral("..."))) {
        text.chop(3);
    }
    return text.trimmed();
}

QString keysOf(const QAction* action)
{
    QStringList keys;
    for (const auto& key : action->shortcuts()) {
        if (!key.isEmpty()) {
            keys << key.toString(QKeySequence::NativeText);
        }
    }
    return keys.join(QStringLiteral(", "));
}

struct Collector {
    QList<ShortcutEntry> entries;
    QSet<const QAction*> seen;

    void add(const QAction* action, const QString& group)
    {
        if (seen.contains(action) || action->isSeparator()) {
            return;
        }
        seen.insert(action);
        const QString keys = keysOf(action);
        if (!keys.isEmpty()) {
            entries.append({group, plainText(action->text()), keys});
        }
    }

    void walkMenu(const QMenu* menu, const QString& group)
    {
        for (const auto* action : menu->actions()) {
            if (action->menu() != nullptr) {
                walkMenu(action->menu(),
                    group + QStringLiteral(" > ") + plainText(action->menu()->title()));
            } else {
                add(action, group);
            }
        }
    }
};

} // namespace

QList<ShortcutEntry> collectShortcuts(const QWidget* root)
{
    Collector c;
    if (const auto* bar = root->findChild<QMenuBar*>()) {
        for (const auto* action : bar->actions()) {
            if (action->menu() != nullptr) {
                c.walkMenu(action->menu(), plainText(action->menu()->title()));
            }
        }
    }
    const QString other = QObject::tr("Window");
    for (const auto* action : root->actions()) {
        c.add(action, other);
    }
    for (const auto* action : root->findChildren<QAction*>()) {
        c.add(action, other);
    }
    return c.entries;
}

ShortcutsDialog::ShortcutsDialog(const QWidget* window, QWidget* parent)
    : QDialog(parent)
    , m_search(new QLineEdit(this))
    , m_tree(new QTreeWidget(this))
    , m_entries(collectShortcuts(window))
{
    setWindowTitle(tr("Keyboard shortcuts"));
    m_search->setPlaceholderText(tr("Search actions or keys"));
    m_search->setClearButtonEnabled(true);
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Action"), tr("Shortcut")});
    m_tree->setRootIsDecorated(false);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(false);
    QHash<QString, QTreeWidgetItem*> groups; // a group's entries together, groups in first order
    for (const auto& e : std::as_const(m_entries)) {
        auto*& group = groups[e.group];
        if (group == nullptr) {
            group = new QTreeWidgetItem(m_tree, {e.group});
            QFont bold = group->font(0);
            bold.setBold(true);
            group->setFont(0, bold);
            group->setFirstColumnSpanned(true);
            group->setFlags(Qt::ItemIsEnabled);
        }
        new QTreeWidgetItem(group, {e.action, e.keys});
    }
    m_tree->expandAll();
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_search, &QLineEdit::textChanged, this, &ShortcutsDialog::setFilter);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_search);
    layout->addWidget(m_tree);
    layout->addWidget(buttons);
    resize(520, 560);
}

void ShortcutsDialog::setFilter(const QString& text)
{
    const QString needle = text.trimmed();
    for (int g = 0; g < m_tree->topLevelItemCount(); ++g) {
        auto* group = m_tree->topLevelItem(g);
        const bool groupMatches = group->text(0).contains(needle, Qt::CaseInsensitive);
        int shown = 0;
        for (int i = 0; i < group->childCount(); ++i) {
            auto* item = group->child(i);
            const bool match = needle.isEmpty() || groupMatches
                || item->text(0).contains(needle, Qt::CaseInsensitive)
                || item->text(1).contains(needle, Qt::CaseInsensitive);
            item->setHidden(!match);
            shown += match ? 1 : 0;
        }
        group->setHidden(shown == 0);
    }
}

QList<ShortcutEntry> ShortcutsDialog::shownEntries() const
{
    QList<ShortcutEntry> shown;
    for (int g = 0; g < m_tree->topLevelItemCount(); ++g) {
        const auto* group = m_tree->topLevelItem(g);
        for (int i = 0; i < group->childCount(); ++i) {
            const auto* item = group->child(i);
            if (!group->isHidden() && !item->isHidden()) {
                shown.append({group->text(0), item->text(0), item->text(1)});
            }
        }
    }
    return shown;
}

} // namespace kdw::ui
