// SPDX-License-Identifier: MIT
// Screenshots of the window's polish (issue 15, part 3) on a sample window (menus, a toolbar of
// the SVG action icons with the proposed shortcuts, a form with advanced fields, the error
// banner, and the live charts over three synthetic runs) at 1280x720: light, dark, presentation
// mode (light and dark: the advanced fields hidden, fonts and chart text 1.5x), the error details,
// the About box and the shortcuts list (all and searched). Not a test: run it under a display,
//   xvfb-run -a -s "-screen 0 1920x1080x24" appearance_screens OUT_DIR
// and again with QT_SCALE_FACTOR=2 into another folder to check the icons at 2x.
#include <cmath>
#include <cstdio>

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenuBar>
#include <QSpinBox>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>

#include "core/eval/metric_catalogue.h"
#include "tests/support/screenshots.h"
#include "ui/charts/chart_board.h"
#include "ui/charts/run_chart.h"
#include "ui/model/curve_store.h"
#include "ui/shell/about_dialog.h"
#include "ui/shell/action_icons.h"
#include "ui/shell/appearance.h"
#include "ui/shell/error_banner.h"
#include "ui/shell/shortcuts.h"
#include "ui/shell/shortcuts_dialog.h"

namespace {

using kdw::ui::ActionIcon;

// Three runs' student curves: NDCG@10 rising towards `top`, the loss falling.
void fillStore(kdw::ui::CurveStore& store)
{
    const QString ndcg = QString::fromStdString(kdw::eval::metric::ndcg(10));
    const QString loss = QString::fromStdString(std::string(kdw::eval::metric::kTrainLoss));
    const std::array<std::pair<const char*, double>, 3> runs {
        {{"student alone", 0.31}, {"soft targets T=4", 0.36}, {"soft targets T=1", 0.34}}};
    for (std::size_t r = 0; r < runs.size(); ++r) {
        const auto run = static_cast<qint64>(r + 1);
        store.setRunLabel(run, QString::fromLatin1(runs[r].first));
        QList<kdw::ui::EpochPoint> epochs;
        for (int e = 1; e <= 30; ++e) {
            kdw::ui::EpochPoint p;
            p.phase = QStringLiteral("student");
            p.epoch = e;
            p.metrics[ndcg]
                = runs[r].second * (1.0 - std::exp(-e / 6.0)) + 0.004 * std::sin(e * (1.0 + r));
            p.metrics[loss] = 0.7 * std::exp(-e / (8.0 + 2.0 * r)) + 0.25;
            epochs.append(p);
        }
        store.setRun(run, epochs);
    }
}

QAction* addAction(
    QMenu* menu, QToolBar* bar, const QString& text, ActionIcon icon, QKeyCombination key)
{
    auto* action = menu->addAction(kdw::ui::actionIcon(icon), text);
    action->setShortcut(key);
    if (bar != nullptr) {
        bar->addAction(action);
    }
    return action;
}

QWidget* buildForm(QWidget* parent)
{
    auto* form = new QWidget(parent);
    auto* layout = new QVBoxLayout(form);
    auto* basics = new QGroupBox(QObject::tr("Distillation"), form);
    auto* basicForm = new QFormLayout(basics);
    auto* method = new QComboBox(basics);
    method->addItems({QStringLiteral("Soft targets (pointwise)"),
        QStringLiteral("Soft targets (listwise)"), QStringLiteral("Ranking distillation")});
    basicForm->addRow(QObject::tr("Method"), method);
    auto* t = new QDoubleSpinBox(basics);
    t->setValue(4.0);
    basicForm->addRow(QObject::tr("Temperature T"), t);
    auto* alpha = new QDoubleSpinBox(basics);
    alpha->setValue(0.5);
    basicForm->addRow(QObject::tr("Alpha"), alpha);
    auto* size = new QSpinBox(basics);
    size->setRange(1, 1024);
    size->setValue(16);
    basicForm->addRow(QObject::tr("Student embedding size"), size);
    layout->addWidget(basics);
    auto* optimiser = new QGroupBox(QObject::tr("Optimiser (advanced)"), form);
    optimiser->setProperty(kdw::ui::kAdvancedProperty, true);
    auto* optForm = new QFormLayout(optimiser);
    auto* lr = new QDoubleSpinBox(optimiser);
    lr->setDecimals(4);
    lr->setValue(0.001);
    optForm->addRow(QObject::tr("Learning rate"), lr);
    auto* batch = new QSpinBox(optimiser);
    batch->setRange(1, 65536);
    batch->setValue(256);
    optForm->addRow(QObject::tr("Batch size"), batch);
    auto* decay = new QDoubleSpinBox(optimiser);
    decay->setDecimals(5);
    optForm->addRow(QObject::tr("Weight decay"), decay);
    layout->addWidget(optimiser);
    layout->addStretch(1);
    return form;
}

struct SampleWindow {
    QMainWindow window;
    kdw::ui::CurveStore store;
    kdw::ui::ErrorBanner* banner = nullptr;

    SampleWindow()
    {
        namespace s = kdw::ui::shortcuts;
        window.setWindowTitle(QStringLiteral("KD Workbench"));
        auto* bar = window.addToolBar(QObject::tr("Run"));
        bar->setObjectName(QStringLiteral("runToolBar"));
        auto* file = window.menuBar()->addMenu(QObject::tr("&File"));
        file->addAction(QObject::tr("&Open config…"))->setShortcut(QKeySequence::Open);
        file->addAction(QObject::tr("&Save config"))->setShortcut(QKeySequence::Save);
        file->addAction(QObject::tr("&Quit"))->setShortcut(QKeySequence::Quit);
        auto* run = window.menuBar()->addMenu(QObject::tr("&Run"));
        addAction(run, bar, QObject::tr("Run &now"), ActionIcon::Run, s::kRunNow);
        addAction(run, bar, QObject::tr("Add to &queue"), ActionIcon::QueueAdd, s::kAddToQueue);
        addAction(run, bar, QObject::tr("&Pause"), ActionIcon::Pause, s::kPause);
        addAction(run, bar, QObject::tr("Res&ume"), ActionIcon::Resume, s::kResume);
        addAction(run, bar, QObject::tr("&Cancel"), ActionIcon::Cancel, s::kCancel);
        bar->addSeparator();
        auto* history = window.menuBar()->addMenu(QObject::tr("&History"));
        addAction(history, nullptr, QObject::tr("&Filter"), ActionIcon::Filter, s::kFocusFilter);
        addAction(history, bar, QObject::tr("&Compare"), ActionIcon::Compare, s::kCompare);
        addAction(history, bar, QObject::tr("&Export chart…"), ActionIcon::Export, s::kExportChart)
            ->setProperty(kdw::ui::kAdvancedProperty, true);
        bar->addSeparator();
        auto* view = window.menuBar()->addMenu(QObject::tr("&View"));
        addAction(view, bar, QObject::tr("&Presentation mode"), ActionIcon::Presentation,
            s::kPresentationMode)
            ->setCheckable(true);
        view->addAction(kdw::ui::actionIcon(ActionIcon::Theme), QObject::tr("&Theme"));
        auto* help = window.menuBar()->addMenu(QObject::tr("&Help"));
        help->addAction(QObject::tr("&Keyboard shortcuts"))->setShortcut(s::kShowShortcuts);
        help->addAction(QObject::tr("&About KD Workbench"));

        auto* dock = new QDockWidget(QObject::tr("Experiment"), &window);
        dock->setObjectName(QStringLiteral("designer"));
        dock->setWidget(buildForm(dock));
        window.addDockWidget(Qt::LeftDockWidgetArea, dock);

        auto* centre = new QWidget(&window);
        auto* layout = new QVBoxLayout(centre);
        layout->setContentsMargins(4, 4, 4, 4);
        banner = new kdw::ui::ErrorBanner(centre);
        layout->addWidget(banner);
        fillStore(store);
        auto* board = new kdw::ui::ChartBoard(&store, centre);
        board->setCutoffs({10});
        board->setColumns(2);
        for (auto* chart : board->charts()) {
            board->setChartShown(chart->spec().id, !chart->isEmpty());
        }
        layout->addWidget(board, 1);
        window.setCentralWidget(centre);
        window.statusBar()->showMessage(QObject::tr("2 runs training, 1 queued"));
        window.resizeDocks({dock}, {330}, Qt::Horizontal);
        banner->post(QObject::tr("Run 14 stopped: the loss became NaN at epoch 7"),
            QObject::tr("Divergence rule: a non-finite training loss.\nMethod: soft targets, T = "
                        "8, alpha = 0.9, learning rate 0.05.\nTry a smaller learning rate."));
        banner->post(QObject::tr("ratings.csv line 17: expected 4 fields, found 3"));
    }
};

// At its own size (`fit`: the smallest that holds its contents).
bool grabDialog(QWidget& dialog, const QString& file, bool fit)
{
    if (fit) {
        dialog.adjustSize();
    }
    return kdw::test::saveGrab(dialog, dialog.size(), file);
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("kdworkbench-screens"));
    QApplication::setWindowIcon(
        QIcon(QStringLiteral(KDW_SOURCE_DIR "/resources/icons/kdworkbench.svg")));
    const QString out = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral(".");
    QDir().mkpath(out);
    const QSize size(1280, 720);

    kdw::ui::Appearance appearance;
    SampleWindow w;
    appearance.manage(&w.window);
    bool ok = true;
    const auto shot = [&](const QString& stem) {
        ok = kdw::test::saveGrab(
                 w.window, size, out + QLatin1Char('/') + stem + QStringLiteral(".png"))
            && ok;
    };
    appearance.setPresentationMode(false);
    appearance.setTheme(kdw::ui::Theme::Light);
    shot(QStringLiteral("light"));
    appearance.setTheme(kdw::ui::Theme::Dark);
    shot(QStringLiteral("dark"));
    appearance.setPresentationMode(true);
    shot(QStringLiteral("presentation-dark"));
    appearance.setTheme(kdw::ui::Theme::Light);
    shot(QStringLiteral("presentation-light"));
    appearance.setPresentationMode(false);

    for (const auto theme : {kdw::ui::Theme::Light, kdw::ui::Theme::Dark}) {
        appearance.setTheme(theme);
        const QString suffix = theme == kdw::ui::Theme::Dark ? QStringLiteral("-dark") : QString();
        kdw::ui::AboutDialog about(
            QStringLiteral("~/.local/share/kdworkbench/history.sqlite"), &w.window);
        ok = grabDialog(
                 about, out + QStringLiteral("/about") + suffix + QStringLiteral(".png"), true)
            && ok;
        kdw::ui::ShortcutsDialog shortcuts(&w.window, &w.window);
        ok = grabDialog(shortcuts,
                 out + QStringLiteral("/shortcuts") + suffix + QStringLiteral(".png"), false)
            && ok;
        shortcuts.searchBox()->setText(QStringLiteral("ctrl+shift"));
        ok = grabDialog(shortcuts,
                 out + QStringLiteral("/shortcuts-search") + suffix + QStringLiteral(".png"), false)
            && ok;
    }
    appearance.setTheme(kdw::ui::Theme::Light);
    w.window.show();
    w.banner->showDetails();
    if (auto* details = w.banner->detailsDialog()) {
        ok = kdw::test::saveGrab(
                 *details, details->size(), out + QStringLiteral("/error-details.png"))
            && ok;
    }
    return ok ? 0 : 1;
}
