// SPDX-License-Identifier: MIT
// The window's polish widgets offscreen: the proposed shortcut table binds no key twice and takes
// none of the platform's standard keys the window uses; the shortcuts list reads a window's
// actions by menu and its search narrows them; the About box names the versions this binary was
// built with and runs with; the error banner queues errors, counts repeats, shows details in a
// non-modal dialog and never blocks the event loop.
#include <QAction>
#include <QFrame>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <QToolBar>

#include "ui/charts/chart_style.h"
#include "ui/shell/about_dialog.h"
#include "ui/shell/appearance.h"
#include "ui/shell/error_banner.h"
#include "ui/shell/shortcuts.h"
#include "ui/shell/shortcuts_dialog.h"

#ifndef KDW_EXPECTED_BUILD_TYPE
#define KDW_EXPECTED_BUILD_TYPE ""
#endif

using kdw::ui::ShortcutEntry;

namespace {

// A window as the shell builds it: File and Edit with the platform's keys, Run and History with
// the proposed table, a submenu, an action in a menu and a toolbar, one in the toolbar alone.
struct SampleWindow {
    QMainWindow window;
    QAction* open;
    QAction* runNow;

    SampleWindow()
    {
        auto* file = window.menuBar()->addMenu(QStringLiteral("&File"));
        open = file->addAction(QStringLiteral("&Open config…"));
        open->setShortcut(QKeySequence::Open);
        auto* recent = file->addMenu(QStringLiteral("Open &recent"));
        recent->addAction(QStringLiteral("demo.json"))
            ->setShortcut(QKeySequence(QStringLiteral("Ctrl+1")));
        file->addAction(QStringLiteral("&Save config"))->setShortcut(QKeySequence::Save);
        file->addAction(QStringLiteral("Save config &as…"))->setShortcut(QKeySequence::SaveAs);
        file->addAction(QStringLiteral("&Quit"))->setShortcut(QKeySequence::Quit);
        auto* edit = window.menuBar()->addMenu(QStringLiteral("&Edit"));
        edit->addAction(QStringLiteral("&Undo"))->setShortcut(QKeySequence::Undo);
        edit->addAction(QStringLiteral("&Redo"))->setShortcuts(QKeySequence::Redo);
        auto* run = window.menuBar()->addMenu(QStringLiteral("&Run"));
        namespace s = kdw::ui::shortcuts;
        runNow = run->addAction(QStringLiteral("Run &now"));
        runNow->setShortcut(s::kRunNow);
        run->addAction(QStringLiteral("Add to &queue"))->setShortcut(s::kAddToQueue);
        run->addAction(QStringLiteral("&Pause"))->setShortcut(s::kPause);
        run->addAction(QStringLiteral("Res&ume"))->setShortcut(s::kResume);
        run->addAction(QStringLiteral("&Cancel"))->setShortcut(s::kCancel);
        auto* view = window.menuBar()->addMenu(QStringLiteral("&View"));
        view->addAction(QStringLiteral("Show &designer")); // no key: not listed
        view->addAction(QStringLiteral("&Presentation mode"))->setShortcut(s::kPresentationMode);
        auto* tools = window.addToolBar(QStringLiteral("Tools"));
        tools->addAction(runNow); // in a menu and a toolbar: listed once, under Run
        auto* exportChart = tools->addAction(QStringLiteral("Export chart…"));
        exportChart->setShortcut(s::kExportChart);
    }
};

// Entries of SampleWindow whatever the platform: demo.json, Undo, Redo, Run 5, View 1, Window 1.
constexpr int kFixedEntries = 1 + 2 + 5 + 1 + 1;

// The sample's File actions with a platform key that has a binding here.
int standardWithKeys()
{
    int n = 0;
    for (const auto key :
        {QKeySequence::Open, QKeySequence::Save, QKeySequence::SaveAs, QKeySequence::Quit}) {
        n += QKeySequence::keyBindings(key).isEmpty() ? 0 : 1;
    }
    return n;
}

} // namespace

class TestAppearanceWidgets : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shortcutTableBindsNoKeyTwice()
    {
        namespace s = kdw::ui::shortcuts;
        QSet<QString> seen;
        for (const auto& e : s::kAll) {
            const QString key = QKeySequence(e.key).toString(QKeySequence::PortableText);
            QVERIFY2(!key.isEmpty(), e.name);
            QVERIFY2(!seen.contains(key), qPrintable(key + QStringLiteral(" twice")));
            seen.insert(key);
        }
        QCOMPARE(seen.size(), int(s::kAll.size()));
    }

    void shortcutTableTakesNoStandardKey()
    {
        namespace s = kdw::ui::shortcuts;
        const auto standard = {QKeySequence::Open, QKeySequence::Save, QKeySequence::SaveAs,
            QKeySequence::Quit, QKeySequence::Close, QKeySequence::New, QKeySequence::Undo,
            QKeySequence::Redo, QKeySequence::Copy, QKeySequence::Cut, QKeySequence::Paste,
            QKeySequence::SelectAll, QKeySequence::Delete, QKeySequence::Print,
            QKeySequence::FullScreen, QKeySequence::HelpContents, QKeySequence::FindNext,
            QKeySequence::ZoomIn, QKeySequence::ZoomOut, QKeySequence::Back, QKeySequence::Forward,
            QKeySequence::Bold, QKeySequence::Italic, QKeySequence::Underline,
            QKeySequence::Preferences, QKeySequence::AddTab, QKeySequence::NextChild,
            QKeySequence::Deselect, QKeySequence::DeleteStartOfWord, QKeySequence::DeleteEndOfWord,
            QKeySequence::DeleteEndOfLine, QKeySequence::DeleteCompleteLine,
            QKeySequence::Backspace, QKeySequence::Cancel};
        // The keys of Linux desktops (KDE and GNOME schemes) whatever this platform's scheme is
        // (offscreen's is Windows', without Save as or Quit): the window's and the line edits'.
        // Replace and Refresh are Ctrl+R on some desktops; the window has neither, so Run takes
        // Ctrl+R as Qt Creator does.
        const QStringList desktop {QStringLiteral("Ctrl+Shift+S"), QStringLiteral("Ctrl+Q"),
            QStringLiteral("Ctrl+W"), QStringLiteral("Ctrl+N"), QStringLiteral("Ctrl+O"),
            QStringLiteral("Ctrl+S"), QStringLiteral("Ctrl+Z"), QStringLiteral("Ctrl+Shift+Z"),
            QStringLiteral("Ctrl+Y"), QStringLiteral("Ctrl+A"), QStringLiteral("Ctrl+C"),
            QStringLiteral("Ctrl+V"), QStringLiteral("Ctrl+X"), QStringLiteral("Ctrl+K"),
            QStringLiteral("Ctrl+U"), QStringLiteral("Ctrl+P"), QStringLiteral("Ctrl+Shift+F"),
            QStringLiteral("F11"), QStringLiteral("F1"), QStringLiteral("Ctrl+Shift+A")};
        for (const auto& e : s::kAll) {
            const QKeySequence key(e.key);
            QVERIFY2(!desktop.contains(key.toString(QKeySequence::PortableText)), e.name);
            for (const auto std : standard) {
                QVERIFY2(!QKeySequence::keyBindings(std).contains(key),
                    qPrintable(QStringLiteral("%1 (%2) is standard key %3")
                                   .arg(QLatin1String(e.name), key.toString())
                                   .arg(int(std))));
            }
        }
        // Focusing the filter is Find on purpose.
        QVERIFY(
            QKeySequence::keyBindings(QKeySequence::Find).contains(QKeySequence(s::kFocusFilter)));
    }

    void sampleWindowHasNoKeyBoundTwice()
    {
        SampleWindow w;
        QSet<QString> seen;
        for (const auto* action : w.window.findChildren<QAction*>()) {
            for (const auto& key : action->shortcuts()) {
                const QString text = key.toString(QKeySequence::PortableText);
                QVERIFY2(!seen.contains(text), qPrintable(text + QStringLiteral(" twice")));
                seen.insert(text);
            }
        }
    }

    void shortcutsAreCollectedByMenu()
    {
        SampleWindow w;
        const QList<ShortcutEntry> entries = kdw::ui::collectShortcuts(&w.window);
        const auto find = [&entries](const QString& action) -> const ShortcutEntry* {
            for (const auto& e : entries) {
                if (e.action == action) {
                    return &e;
                }
            }
            return nullptr;
        };
        const auto* open = find(QStringLiteral("Open config"));
        QVERIFY(open != nullptr);
        QCOMPARE(open->group, QStringLiteral("File"));
        QCOMPARE(open->keys, QKeySequence(QKeySequence::Open).toString(QKeySequence::NativeText));
        const auto* recent = find(QStringLiteral("demo.json"));
        QVERIFY(recent != nullptr);
        QCOMPARE(recent->group, QStringLiteral("File > Open recent"));
        const auto* runNow = find(QStringLiteral("Run now"));
        QVERIFY(runNow != nullptr);
        QCOMPARE(runNow->group, QStringLiteral("Run")); // the menu, not the toolbar
        QCOMPARE(runNow->keys, QStringLiteral("Ctrl+R"));
        const auto* exportChart = find(QStringLiteral("Export chart"));
        QVERIFY(exportChart != nullptr);
        QCOMPARE(exportChart->group, QStringLiteral("Window"));
        QVERIFY(find(QStringLiteral("Show designer")) == nullptr);
        int runNowCount = 0;
        for (const auto& e : entries) {
            runNowCount += e.action == QLatin1String("Run now") ? 1 : 0;
        }
        QCOMPARE(runNowCount, 1);
        // Redo has several keys on one line.
        const auto* redo = find(QStringLiteral("Redo"));
        QVERIFY(redo != nullptr);
        QCOMPARE(redo->keys.count(QStringLiteral(", ")),
            QKeySequence::keyBindings(QKeySequence::Redo).size() - 1);
        // File: Open, demo.json, Save, and Save as and Quit where the platform binds them (not
        // offscreen); Edit 2; Run 5; View 1; Window 1.
        QCOMPARE(entries.size(), kFixedEntries + standardWithKeys());
    }

    void shortcutsDialogSearchesNamesAndKeys()
    {
        SampleWindow w;
        kdw::ui::ShortcutsDialog dialog(&w.window);
        QCOMPARE(dialog.shownEntries().size(), kFixedEntries + standardWithKeys());
        QTest::keyClicks(dialog.searchBox(), QStringLiteral("config"));
        auto shown = dialog.shownEntries();
        const bool saveAsBound = !QKeySequence::keyBindings(QKeySequence::SaveAs).isEmpty();
        QCOMPARE(shown.size(), saveAsBound ? 3 : 2);
        QCOMPARE(shown[0].action, QStringLiteral("Open config"));
        QCOMPARE(shown[1].action, QStringLiteral("Save config"));
        dialog.setFilter(QStringLiteral("ctrl+shift+p"));
        shown = dialog.shownEntries();
        QCOMPARE(shown.size(), 1);
        QCOMPARE(shown[0].action, QStringLiteral("Pause"));
        dialog.setFilter(QStringLiteral("run")); // the group's name matches all its actions
        QCOMPARE(dialog.shownEntries().size(), 5);
        dialog.setFilter(QStringLiteral("no such action"));
        QVERIFY(dialog.shownEntries().isEmpty());
        dialog.setFilter({});
        QCOMPARE(dialog.shownEntries().size(), kFixedEntries + standardWithKeys());
    }

    void aboutNamesTheVersions()
    {
        const auto info = kdw::ui::buildInfo();
        QCOMPARE(info.app, QStringLiteral(KDW_VERSION));
        QCOMPARE(info.qtRuntime, QString::fromLatin1(qVersion()));
        QCOMPARE(info.qtBuild, QStringLiteral(QT_VERSION_STR));
        const QRegularExpression version(QStringLiteral("^\\d+\\.\\d+\\.\\d+$"));
        QVERIFY2(version.match(info.eigen).hasMatch(), qPrintable(info.eigen));
        QVERIFY2(info.eigen.startsWith(QStringLiteral("3.")), qPrintable(info.eigen));
        QVERIFY2(
            QRegularExpression(QStringLiteral("^3\\.\\d+\\.\\d+")).match(info.sqlite).hasMatch(),
            qPrintable(info.sqlite));
        QVERIFY(!info.compiler.isEmpty() && info.compiler != QLatin1String("unknown"));
        QCOMPARE(info.buildType, QStringLiteral(KDW_EXPECTED_BUILD_TYPE));
        const QString text = kdw::ui::buildInfoText(info);
        QCOMPARE(text.count(QLatin1Char('\n')), 6); // six lines
        QVERIFY(text.contains(info.sqlite) && text.contains(info.eigen));

        kdw::ui::AboutDialog about(QStringLiteral("/tmp/history.sqlite"));
        QString shown;
        for (const auto* label : about.findChildren<QLabel*>()) {
            shown += label->text();
        }
        for (const auto& part : {info.app, info.qtRuntime, info.eigen, info.sqlite, info.compiler,
                 info.buildType, QStringLiteral("/tmp/history.sqlite")}) {
            QVERIFY2(shown.contains(part), qPrintable(part));
        }
        QVERIFY(shown.contains(QStringLiteral("href=\"") + kdw::ui::licenceUrl()));
    }

    void errorBannerQueuesWithoutBlocking()
    {
        QWidget window;
        auto* banner = new kdw::ui::ErrorBanner(&window);
        window.show();
        QVERIFY(banner->isHidden());
        QSignalSpy pending(banner, &kdw::ui::ErrorBanner::pendingChanged);

        banner->post(QStringLiteral("ratings.csv line 17: expected 4 fields, found 3"),
            QStringLiteral("while loading the dataset for run 12"));
        QVERIFY(banner->isVisible());
        QCOMPARE(banner->text(), QStringLiteral("ratings.csv line 17: expected 4 fields, found 3"));
        banner->post(QStringLiteral("Run 13 diverged"), QStringLiteral("loss nan at epoch 4"));
        banner->post(QStringLiteral("Run 13 diverged"), QStringLiteral("loss nan at epoch 4"));
        QCOMPARE(banner->pendingCount(), 2); // the repeat is counted, not queued
        QVERIFY(banner->text().contains(QStringLiteral("1 more")));
        QCOMPARE(pending.count(), 3);

        banner->showDetails();
        auto* dialog = banner->detailsDialog();
        QVERIFY(dialog != nullptr);
        QVERIFY(dialog->isVisible());
        QVERIFY(!dialog->isModal());
        QVERIFY(QApplication::activeModalWidget() == nullptr);
        QCOMPARE(dialog->findChild<QPlainTextEdit*>()->toPlainText(),
            QStringLiteral("ratings.csv line 17: expected 4 fields, found 3\n\n"
                           "while loading the dataset for run 12"));
        // The event loop goes on while the details are open (training's signals keep arriving).
        bool ticked = false;
        QTimer::singleShot(0, &window, [&ticked] { ticked = true; });
        QTRY_VERIFY(ticked);

        banner->dismiss();
        QVERIFY(banner->isVisible());
        QCOMPARE(banner->currentSummary(), QStringLiteral("Run 13 diverged"));
        QCOMPARE(banner->currentRepeats(), 2);
        QVERIFY(banner->text().contains(QStringLiteral("×2")));
        QVERIFY(!banner->text().contains(QStringLiteral("more")));
        QTRY_VERIFY(banner->detailsDialog() == nullptr); // closed with its error
        banner->dismiss();
        QVERIFY(banner->isHidden());
        QCOMPARE(banner->pendingCount(), 0);
        QCOMPARE(pending.last().at(0).toInt(), 0);
    }

    void errorBannerIsReadableInBothThemes()
    {
        kdw::ui::ErrorBanner banner;
        QFrame plain; // an ordinary widget, for the roles the banner does not set
        banner.show();
        for (const bool dark : {false, true}) {
            QApplication::setPalette(dark ? kdw::ui::darkPalette() : kdw::ui::lightPalette());
            QCoreApplication::processEvents();
            const QPalette p = banner.palette();
            QCOMPARE(p.color(QPalette::Window).lightness() < 128, dark);
            QVERIFY(kdw::ui::charts::contrastRatio(
                        p.color(QPalette::WindowText), p.color(QPalette::Window))
                >= 7.0);
            // Its buttons keep the colours any other widget has (the palette's own roles are
            // Window and WindowText alone).
            QCOMPARE(p.color(QPalette::Button), plain.palette().color(QPalette::Button));
            QCOMPARE(p.color(QPalette::Text), plain.palette().color(QPalette::Text));
        }
    }
};

QTEST_MAIN(TestAppearanceWidgets)
#include "test_appearance_widgets.moc"
