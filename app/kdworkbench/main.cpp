// SPDX-License-Identifier: MIT
// kdworkbench: the GUI of KD Workbench. Arguments and wiring only.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QIcon>
#include <QTimer>

#include "core/store/history.h"
#include "ui/shell/main_window.h"

namespace {

struct Options {
    QCommandLineOption config {QStringList {QStringLiteral("c"), QStringLiteral("config")},
        QStringLiteral("Experiment config (JSON) to open."), QStringLiteral("file")};
    QCommandLineOption db {QStringLiteral("db"),
        QStringLiteral("History file (default: the one kdw uses)."), QStringLiteral("file")};
    QCommandLineOption train {
        QStringLiteral("train"), QStringLiteral("Start training the config at once.")};
};

void describe(QCommandLineParser& parser, const Options& o)
{
    parser.setApplicationDescription(
        QStringLiteral("Knowledge distillation workbench for recommender systems"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption(o.config);
    parser.addOption(o.db);
    parser.addOption(o.train);
}

void nameTheApplication()
{
    QCoreApplication::setApplicationName(QStringLiteral("KD Workbench"));
    QCoreApplication::setApplicationVersion(QStringLiteral(KDW_VERSION));
    QCoreApplication::setOrganizationName(QStringLiteral("kdworkbench"));
}

bool asksForHelpOrVersion(int argc, char** argv)
{
    for (int k = 1; k < argc; ++k) {
        for (const char* flag : {"-h", "--help", "-?", "--help-all", "-v", "--version"}) {
            if (std::strcmp(argv[k], flag) == 0) {
                return true;
            }
        }
    }
    return false;
}

// Qt aborts (SIGABRT) when no platform plugin can start; say what is missing instead.
bool hasADisplay()
{
    for (const char* var : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"}) {
        const char* value = std::getenv(var);
        if (value != nullptr && *value != '\0') {
            return true;
        }
    }
    return false;
}

} // namespace

int main(int argc, char** argv)
{
    const Options options;
    if (asksForHelpOrVersion(argc, argv)) {
        // Help and version need no display (they work over ssh and in scripts).
        QCoreApplication app(argc, argv);
        nameTheApplication();
        QCommandLineParser parser;
        describe(parser, options);
        parser.process(app); // prints and exits
        return 0;
    }
    if (!hasADisplay()) {
        std::fputs("kdworkbench: no display found (DISPLAY and WAYLAND_DISPLAY are not set): start "
                   "it in a desktop session, or train without one with\n"
                   "  kdw train --config FILE\n",
            stderr);
        return 2;
    }
    QApplication app(argc, argv);
    nameTheApplication();
    QApplication::setDesktopFileName(QStringLiteral("kdworkbench"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/kdworkbench/icon.svg")));

    QCommandLineParser parser;
    describe(parser, options);
    parser.process(app);

    QString historyPath = parser.value(options.db);
    if (historyPath.isEmpty()) {
        historyPath = QString::fromStdString(kdw::store::History::defaultPath());
    }
    kdw::ui::MainWindow window(historyPath);
    // The named config, else the experiment of the last session, else the bundled demo.
    window.openStartupConfig(parser.value(options.config));
    window.show();
    if (parser.isSet(options.train)) {
        QTimer::singleShot(0, &window, [&window] { window.runNow(); });
    }
    return QApplication::exec();
}
