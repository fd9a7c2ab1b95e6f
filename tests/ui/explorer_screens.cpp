// SPDX-License-Identifier: MIT
// Screenshots of the temperature explorer (with a real tiny teacher, trained here into a
// temporary history) and of the dataset panel (with a ratings file read in place, never copied),
// at 1280x720 and 1920x1080, in a light and a dark palette, grabbed with QWidget::grab().
// Not a test: run it under a display, e.g.
//   xvfb-run -a -s "-screen 0 1280x720x24" explorer_screens OUT_DIR
//   /work/shared/data/ml-100k/u.data
#include <cstdio>

#include <QApplication>
#include <QDir>
#include <QSpinBox>
#include <QStyle>
#include <QStyleFactory>
#include <QTemporaryDir>

#include "core/experiment/run_recorder.h"
#include "tests/support/screenshots.h"
#include "ui/designer/dataset_panel.h"
#include "ui/designer/temperature_explorer.h"

namespace {

// A teacher and student trained on a small synthetic set, recorded in `history`; the run's id.
std::int64_t trainTinyRun(const std::string& history)
{
    kdw::train::ExperimentConfig c;
    c.name = "screenshot teacher";
    c.seed = 5;
    c.dataset.synthetic.users = 300;
    c.dataset.synthetic.items = 400;
    c.dataset.synthetic.latentDim = 8;
    c.dataset.synthetic.density = 0.06;
    c.teacher.model = {16, kdw::nn::InteractionKind::Mlp,
        {{64, kdw::nn::Activation::Relu, 0.0}, {32, kdw::nn::Activation::Relu, 0.0}}};
    c.teacher.training.epochs = 10;
    c.teacher.training.optimizer.learningRate = 0.005;
    c.student.model = {4, kdw::nn::InteractionKind::Mlp, {{8, kdw::nn::Activation::Relu, 0.0}}};
    c.student.training.epochs = 6;
    c.student.training.optimizer.learningRate = 0.005;
    c.distillation.method = "soft_target";
    c.distillation.temperature = 3.0;
    c.threads = 1;
    kdw::store::History h(history);
    return kdw::experiment::runAndRecord(h, c, {}, {}).runId;
}

// Grabs `w` at 1280x720 and 1920x1080 as OUT/<stem>-<w>x<h>-<theme>.png.
bool saveSizes(QWidget& w, const QString& out, const QString& stem, const QString& theme)
{
    bool ok = true;
    for (const QSize size : {QSize(1280, 720), QSize(1920, 1080)}) {
        ok = kdw::test::saveGrab(w, size,
                 QStringLiteral("%1/%2-%3x%4-%5.png")
                     .arg(out, stem)
                     .arg(size.width())
                     .arg(size.height())
                     .arg(theme))
            && ok;
    }
    return ok;
}

// The explorer on the run in `history`, its fifth user, at T = 3 (and, in the light palette, at
// T = 0.5 and T = 12 to show the bars sharpen and flatten).
bool explorerScreens(const QString& history, const QString& out, const QString& theme)
{
    kdw::ui::TemperatureExplorer explorer;
    explorer.setTemperature(3.0);
    explorer.setHistoryPath(history);
    bool ok = kdw::test::waitFor([&] { return !explorer.candidates().teacher.isEmpty(); }, 60000);
    explorer.userPicker()->setValue(5);
    ok = kdw::test::waitFor([&] { return explorer.candidates().userIndex == 4; }, 20000) && ok;
    ok = saveSizes(explorer, out, QStringLiteral("explorer-T3"), theme) && ok;
    if (theme == QLatin1String("light")) {
        for (const double t : {0.5, 12.0}) {
            explorer.setTemperature(t);
            ok = kdw::test::saveGrab(explorer, QSize(1280, 720),
                     QStringLiteral("%1/explorer-T%2-1280x720-light.png").arg(out).arg(t))
                && ok;
        }
    }
    return ok;
}

// The dataset panel with `ratings` read in place (and, in the light palette, the synthetic set).
bool datasetScreens(const QString& ratings, const QString& out, const QString& theme)
{
    bool ok = true;
    for (const bool synthetic : {false, true}) {
        if (synthetic && theme != QLatin1String("light")) {
            break;
        }
        kdw::ui::DatasetPanel panel;
        kdw::train::DatasetConfig data;
        data.source = synthetic ? "synthetic" : "movielens";
        data.path = synthetic ? std::string() : ratings.toStdString();
        bool finished = false;
        QObject::connect(&panel, &kdw::ui::DatasetPanel::loadFinished, &panel,
            [&finished](bool) { finished = true; });
        panel.setDataset(data);
        ok = kdw::test::waitFor([&] { return finished; }, 60000) && panel.summary() && ok;
        if (synthetic) {
            ok = kdw::test::saveGrab(panel, QSize(1280, 720),
                     out + QStringLiteral("/dataset-synthetic-1280x720-light.png"))
                && ok;
        } else {
            ok = saveSizes(panel, out, QStringLiteral("dataset-ml100k"), theme) && ok;
        }
    }
    return ok;
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    if (argc < 3) {
        std::fprintf(stderr, "usage: explorer_screens OUT_DIR RATINGS_FILE\n");
        return 2;
    }
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    const QString out = QString::fromLocal8Bit(argv[1]);
    QDir().mkpath(out);
    QTemporaryDir dir;
    const auto history = dir.filePath(QStringLiteral("history.sqlite"));
    const auto runId = trainTinyRun(history.toStdString());

    const QPalette light = QApplication::style()->standardPalette();
    bool ok = true;
    for (const bool dark : {false, true}) {
        QApplication::setPalette(dark ? kdw::test::darkPalette() : light);
        const QString theme = dark ? QStringLiteral("dark") : QStringLiteral("light");
        ok = explorerScreens(history, out, theme) && ok;
        ok = datasetScreens(QString::fromLocal8Bit(argv[2]), out, theme) && ok;
    }
    std::printf("run %lld\n", static_cast<long long>(runId));
    return ok ? 0 : 1;
}
