// SPDX-License-Identifier: MIT
#include "ui/history/run_details_dialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include "core/eval/metric_catalogue.h"
#include "ui/history/browser_columns.h"

namespace kdw::ui {
namespace {

QLabel* selectable(const QString& text)
{
    auto* label = new QLabel(text.isEmpty() ? QStringLiteral("—") : text);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    return label;
}

QWidget* summaryPage(const BrowserRunDetails& d)
{
    auto* page = new QWidget;
    auto* form = new QFormLayout(page);
    const auto& r = d.run;
    form->addRow(RunDetailsDialog::tr("Name"), selectable(r.name));
    form->addRow(RunDetailsDialog::tr("Status"),
        selectable(d.message.isEmpty() ? r.status : r.status + QStringLiteral(": ") + d.message));
    form->addRow(RunDetailsDialog::tr("Method"),
        selectable(methodLabel(r.method, r.config.value(QStringLiteral("distillation.listwise")))));
    form->addRow(RunDetailsDialog::tr("Seed"), selectable(QString::number(d.seed)));
    form->addRow(RunDetailsDialog::tr("Teacher"),
        selectable(r.teacherRun != 0 ? RunDetailsDialog::tr("from run %1").arg(r.teacherRun)
                                     : RunDetailsDialog::tr("trained by this run")));
    form->addRow(RunDetailsDialog::tr("Created"), selectable(r.createdAt));
    form->addRow(RunDetailsDialog::tr("Duration"), selectable(durationText(r.durationSeconds)));
    form->addRow(RunDetailsDialog::tr("Tags"), selectable(tagsText(r.tags)));
    form->addRow(RunDetailsDialog::tr("Notes"), selectable(r.notes));
    form->addRow(RunDetailsDialog::tr("uuid"), selectable(r.uuid));
    form->addRow(RunDetailsDialog::tr("Written by"), selectable(d.appVersion));
    return page;
}

QTableWidget* metricsTable(const QList<BrowserMetric>& metrics)
{
    auto* table = new QTableWidget(static_cast<int>(metrics.size()), 6);
    table->setHorizontalHeaderLabels({RunDetailsDialog::tr("Phase"), RunDetailsDialog::tr("Metric"),
        RunDetailsDialog::tr("Final"), RunDetailsDialog::tr("at epoch"),
        RunDetailsDialog::tr("Best"), RunDetailsDialog::tr("at epoch")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    for (int row = 0; row < metrics.size(); ++row) {
        const auto& m = metrics.at(row);
        const auto info = eval::findMetric(m.metric.toStdString());
        const int precision = info ? info->precision : 4;
        const QString label = info ? QString::fromStdString(info->label) : m.metric;
        const QString cells[] = {m.phase, label, QString::number(m.finalValue, 'f', precision),
            QString::number(m.finalEpoch), QString::number(m.bestValue, 'f', precision),
            QString::number(m.bestEpoch)};
        for (int col = 0; col < 6; ++col) {
            auto* item = new QTableWidgetItem(cells[col]);
            if (col >= 2) {
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            }
            if (col == 1) {
                item->setToolTip(m.metric);
            }
            table->setItem(row, col, item);
        }
    }
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setStretchLastSection(true);
    return table;
}

} // namespace

RunDetailsDialog::RunDetailsDialog(const BrowserRunDetails& details, QWidget* parent)
    : QDialog(parent)
    , m_metrics(metricsTable(details.metrics))
{
    setWindowTitle(tr("Run %1: %2").arg(details.run.id).arg(details.run.name));
    auto* tabs = new QTabWidget;
    tabs->addTab(summaryPage(details), tr("Run"));
    tabs->addTab(m_metrics, tr("Metrics (final and best)"));
    auto* config = new QPlainTextEdit(details.configJson);
    config->setReadOnly(true);
    config->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    tabs->addTab(config, tr("Config"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(tabs);
    layout->addWidget(buttons);
    resize(640, 520);
}

} // namespace kdw::ui
