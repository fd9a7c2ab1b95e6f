// SPDX-License-Identifier: MIT
#include "ui/shell/about_dialog.h"

#include <Eigen/Core>
#include <sqlite3.h>

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QIcon>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

#ifndef KDW_BUILD_TYPE
#define KDW_BUILD_TYPE ""
#endif

namespace kdw::ui {

namespace {

QString compilerName()
{
#if defined(__clang__)
    return QStringLiteral("Clang %1.%2.%3")
        .arg(__clang_major__)
        .arg(__clang_minor__)
        .arg(__clang_patchlevel__);
#elif defined(__GNUC__)
    return QStringLiteral("GCC %1.%2.%3")
        .arg(__GNUC__)
        .arg(__GNUC_MINOR__)
        .arg(__GNUC_PATCHLEVEL__);
#else
    return QStringLiteral("unknown");
#endif
}

} // namespace

BuildInfo buildInfo()
{
    BuildInfo info;
    info.app = QStringLiteral(KDW_VERSION);
    info.qtRuntime = QString::fromLatin1(qVersion());
    info.qtBuild = QStringLiteral(QT_VERSION_STR);
    info.eigen = QStringLiteral("%1.%2.%3")
                     .arg(EIGEN_WORLD_VERSION)
                     .arg(EIGEN_MAJOR_VERSION)
                     .arg(EIGEN_MINOR_VERSION);
    info.sqlite = QString::fromLatin1(sqlite3_libversion());
    info.compiler = compilerName();
    info.buildType = QStringLiteral(KDW_BUILD_TYPE);
    if (info.buildType.isEmpty()) {
        info.buildType = QStringLiteral("unknown");
    }
    return info;
}

QString buildInfoText(const BuildInfo& info)
{
    return QStringLiteral("KD Workbench: %1\nQt: %2 (built with %3)\nEigen: %4\nSQLite: %5\n"
                          "Compiler: %6\nBuild type: %7\n")
        .arg(info.app, info.qtRuntime, info.qtBuild, info.eigen, info.sqlite, info.compiler,
            info.buildType);
}

QString licenceUrl()
{
    // Where packaging/install.cmake puts packaging/debian/copyright.
    const QString installed = QStringLiteral("/usr/share/doc/kdworkbench/copyright");
    if (QFileInfo::exists(installed)) {
        return QUrl::fromLocalFile(installed).toString();
    }
    return QStringLiteral("https://opensource.org/license/mit/");
}

AboutDialog::AboutDialog(const QString& historyPath, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("About KD Workbench"));
    const BuildInfo info = buildInfo();
    auto* icon = new QLabel(this);
    icon->setPixmap(QApplication::windowIcon().pixmap(64, 64));
    auto* text = new QLabel(this);
    text->setTextFormat(Qt::RichText);
    text->setOpenExternalLinks(true);
    text->setTextInteractionFlags(Qt::TextBrowserInteraction);
    text->setWordWrap(true);
    QString html = tr("<h2>KD Workbench %1</h2>"
                      "<p>Knowledge distillation for recommender systems: design a teacher and a "
                      "student, distil, and compare runs.</p>")
                       .arg(info.app.toHtmlEscaped());
    html += QStringLiteral("<table cellspacing='2'>");
    const auto row = [&html](const QString& name, const QString& value) {
        html += QStringLiteral("<tr><td>%1&nbsp;&nbsp;</td><td><b>%2</b></td></tr>")
                    .arg(name.toHtmlEscaped(), value.toHtmlEscaped());
    };
    row(tr("Qt"), tr("%1 (built with %2)").arg(info.qtRuntime, info.qtBuild));
    row(tr("Eigen"), info.eigen);
    row(tr("SQLite"), info.sqlite);
    row(tr("Compiler"), info.compiler);
    row(tr("Build type"), info.buildType);
    if (!historyPath.isEmpty()) {
        row(tr("History"), historyPath);
    }
    html += QStringLiteral("</table>");
    html += tr("<p>Free software under the <a href=\"%1\">MIT licence</a>.</p>")
                .arg(licenceUrl().toHtmlEscaped());
    text->setText(html);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* copy = buttons->addButton(tr("Copy versions"), QDialogButtonBox::ActionRole);
    auto* aboutQt = buttons->addButton(tr("About Qt"), QDialogButtonBox::HelpRole);
    connect(copy, &QPushButton::clicked, this,
        [info] { QApplication::clipboard()->setText(buildInfoText(info)); });
    connect(aboutQt, &QPushButton::clicked, this, [this] { QMessageBox::aboutQt(this); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* top = new QHBoxLayout;
    top->addWidget(icon, 0, Qt::AlignTop);
    top->addWidget(text, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(buttons);
    setMinimumWidth(460);
}

} // namespace kdw::ui
