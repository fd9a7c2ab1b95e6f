// SPDX-License-Identifier: MIT
// Help > About: what a bug report needs. The versions of KD Workbench, Qt (run time and build),
// Eigen, SQLite (the library linked), the compiler and the build type, a link to the licence,
// and a button copying it all as plain text. GUI thread.
#pragma once

#include <QDialog>
#include <QString>

namespace kdw::ui {

struct BuildInfo {
    QString app; // KDW_VERSION
    QString qtRuntime; // qVersion()
    QString qtBuild; // QT_VERSION_STR at compile time
    QString eigen; // EIGEN_WORLD_VERSION.MAJOR.MINOR
    QString sqlite; // sqlite3_libversion()
    QString compiler; // e.g. "GCC 12.2.0"
    QString buildType; // CMAKE_BUILD_TYPE ("Release", "Debug", ...), "unknown" when none
};

BuildInfo buildInfo();
// One "Name: version" line each, for the clipboard and bug reports.
QString buildInfoText(const BuildInfo& info);

// The licence: the installed copyright file when present, else the MIT licence's page.
QString licenceUrl();

class AboutDialog : public QDialog {
    Q_OBJECT
public:
    // `historyPath` is shown too (which history the window uses); may be empty.
    explicit AboutDialog(const QString& historyPath = {}, QWidget* parent = nullptr);
};

} // namespace kdw::ui
