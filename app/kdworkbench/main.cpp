// SPDX-License-Identifier: MIT
// kdworkbench: the GUI of KD Workbench. Arguments and wiring only.
#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QTimer>

#include "core/store/history.h"
#include "ui/shell/main_window.h"

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("KD Workbench"));
    QApplication::setApplicationVersion(QStringLiteral(KDW_VERSION));
    QApplication::setOrganizationName(QStringLiteral("kdworkbench"));
    QApplication::setDesktopFileName(QStringLiteral("kdworkbench"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/kdworkbench/icon.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Knowledge distillation workbench for recommender systems"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption config(QStringList {QStringLiteral("c"), QStringLiteral("config")},
        QStringLiteral("Experiment config (JSON) to open."), QStringLiteral("file"));
    const QCommandLineOption db(QStringLiteral("db"),
        QStringLiteral("History file (default: the one kdw uses)."), QStringLiteral("file"));
    const QCommandLineOption train(
        QStringLiteral("train"), QStringLiteral("Start training the config at once."));
    parser.addOption(config);
    parser.addOption(db);
    parser.addOption(train);
    parser.process(app);

    QString historyPath = parser.value(db);
    if (historyPath.isEmpty()) {
        historyPath = QString::fromStdString(kdw::store::History::defaultPath());
    }
    kdw::ui::MainWindow window(historyPath);
    // The named config, else the experiment of the last session, else the bundled demo.
    window.openStartupConfig(parser.value(config));
    window.show();
    if (parser.isSet(train)) {
        QTimer::singleShot(0, &window, [&window] { window.runNow(); });
    }
    return QApplication::exec();
}
