// SPDX-License-Identifier: MIT
// Screenshots of the history browser over 400 synthetic runs written through the store's API
// (tests/ui/history_fixture.h, a few with notes and tags and one still running), at 1280x720 and
// 1920x1080, light and dark; filtered by tag and listwise soft targets; sorted by best NDCG@10 with
// a selection; and the details dialog. Not a test: run it under a display, e.g.
//   xvfb-run -a -s "-screen 0 1920x1080x24" history_screens OUT_DIR
#include <cstdio>

#include <QApplication>
#include <QDir>
#include <QHeaderView>
#include <QLineEdit>
#include <QStyleFactory>
#include <QTableView>
#include <QTemporaryDir>
#include <QWidget>

#include "core/store/history.h"
#include "tests/support/screenshots.h"
#include "tests/ui/history_fixture.h"
#include "ui/history/history_browser.h"
#include "ui/history/history_table_model.h"
#include "ui/history/run_details_dialog.h"

namespace {

void fill(const std::string& path)
{
    kdw::store::History h(path);
    kdw::test::fillHistory(h, 0, 400);
    h.setNotes(400, "T = 8 looks best so far; check with 5 seeds");
    h.addTag(400, "to-check");
    h.setNotes(398, "listwise, same teacher as 390");
    kdw::store::NewRun live;
    live.name = "live: soft targets T=4 seed 2";
    live.method = "soft_target";
    live.configJson = "{\"distillation\": {\"temperature\": 4, \"alpha\": 0.5}}";
    const auto id = h.createRun(live);
    h.appendEpoch(id, {"student", 1, {{"ndcg@10", 0.21}, {"f1", 0.11}}});
}

bool waitIdle(kdw::ui::HistoryBrowser& browser)
{
    return kdw::test::waitFor([&] { return !browser.model()->busy(); }, 10000);
}

bool grabBoth(kdw::ui::HistoryBrowser& browser, const QString& out, const QString& stem)
{
    bool ok = true;
    for (const QSize size : {QSize(1280, 720), QSize(1920, 1080)}) {
        browser.resize(size);
        waitIdle(browser);
        ok = kdw::test::saveGrab(browser, size,
                 out
                     + QStringLiteral("/%1-%2x%3.png")
                           .arg(stem)
                           .arg(size.width())
                           .arg(size.height()))
            && ok;
    }
    return ok;
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    const QString out = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral(".");
    QDir().mkpath(out);
    QTemporaryDir dir;
    const auto path = dir.filePath(QStringLiteral("history.sqlite"));
    fill(path.toStdString());

    kdw::ui::HistoryBrowserReader reader;
    reader.setHistoryPath(path);
    kdw::ui::HistoryBrowser browser(reader);
    browser.setWindowTitle(QStringLiteral("History"));
    waitIdle(browser);
    bool ok = grabBoth(browser, out, QStringLiteral("history-light"));

    auto* view = browser.view();
    const auto& model = *browser.model();
    view->sortByColumn(5, Qt::DescendingOrder); // best NDCG@10
    waitIdle(browser);
    view->selectRow(1);
    view->selectionModel()->select(
        model.index(3, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    ok = grabBoth(browser, out, QStringLiteral("history-sorted-selected")) && ok;

    browser.filterBox()->setText(QStringLiteral("tag:lecture method:soft_target/listwise"));
    kdw::test::waitFor([] { return false; }, 400); // the filter's delay
    waitIdle(browser);
    ok = grabBoth(browser, out, QStringLiteral("history-filtered")) && ok;

    browser.filterBox()->clear();
    kdw::test::waitFor([] { return false; }, 400);
    QApplication::setPalette(kdw::test::darkPalette());
    ok = grabBoth(browser, out, QStringLiteral("history-dark")) && ok;
    QApplication::setPalette(QApplication::style()->standardPalette());

    kdw::ui::BrowserRunDetails details;
    QObject::connect(&reader, &kdw::ui::HistoryBrowserReader::detailsLoaded, &app,
        [&](const kdw::ui::BrowserRunDetails& d) { details = d; });
    reader.loadDetails(400);
    kdw::test::waitFor([&] { return details.run.id != 0; }, 10000);
    kdw::ui::RunDetailsDialog dialog(details);
    ok = kdw::test::saveGrab(dialog, QSize(640, 520), out + QStringLiteral("/details.png")) && ok;
    return ok ? 0 : 1;
}
