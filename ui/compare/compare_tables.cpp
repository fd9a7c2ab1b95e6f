// SPDX-License-Identifier: MIT
#include "ui/compare/compare_tables.h"

#include <QHeaderView>
#include <QIcon>
#include <QPixmap>
#include <QScrollBar>
#include <QTableWidget>

namespace kdw::ui::comparetables {
namespace {

QTableWidgetItem* item(const QString& text, const QString& tip = {})
{
    auto* it = new QTableWidgetItem(text);
    it->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    if (!tip.isEmpty()) {
        it->setToolTip(tip);
    }
    return it;
}

QString signedNumber(const QString& metric, double v)
{
    QString n = compare::formatMetric(metric, v);
    if (v >= 0.0) {
        n.prepend(QLatin1Char('+'));
    }
    return n;
}

QTableWidgetItem* metricItem(const QString& metric, const compare::MetricCell& c, bool baseline)
{
    if (!c.value) {
        return item(QStringLiteral("—"));
    }
    QString text = compare::formatMetric(metric, *c.value);
    if (c.best) {
        text += QLatin1Char(' ');
        text += kBestMark;
    }
    if (c.delta && !baseline) {
        text += QStringLiteral("  (%1)").arg(signedNumber(metric, *c.delta));
    }
    auto* it = item(text);
    it->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    if (c.best) {
        QFont f = it->font();
        f.setBold(true);
        it->setFont(f);
        it->setToolTip(
            QObject::tr("The best value of %1 among these runs").arg(compare::metricLabel(metric)));
    }
    return it;
}

} // namespace

void setRunColumns(QTableWidget* table, const QList<compare::CompareRun>& runs,
    const QStringList& labels, const QList<QColor>& colors, const QList<int>& baseline)
{
    table->setColumnCount(static_cast<int>(runs.size()));
    for (int c = 0; c < runs.size(); ++c) {
        QString text = labels.value(c, runs[c].name);
        if (baseline.contains(c)) {
            text += QObject::tr(" (baseline)");
        }
        auto* header = new QTableWidgetItem(text);
        QPixmap swatch(12, 12);
        swatch.fill(c < colors.size() ? colors[c] : Qt::gray);
        header->setIcon(QIcon(swatch));
        header->setToolTip(QObject::tr("Run %1: %2 (%3, seed %4)")
                               .arg(runs[c].id)
                               .arg(runs[c].name, runs[c].method)
                               .arg(runs[c].seed));
        table->setHorizontalHeaderItem(c, header);
    }
}

void fillConfig(QTableWidget* table, const QList<compare::ConfigDiffRow>& rows,
    const QList<compare::CompareRun>& runs)
{
    table->setRowCount(static_cast<int>(rows.size()));
    for (int r = 0; r < rows.size(); ++r) {
        auto* head = new QTableWidgetItem(rows[r].field);
        if (rows[r].differs) {
            QFont f = head->font();
            f.setBold(true);
            head->setFont(f);
        }
        table->setVerticalHeaderItem(r, head);
        for (int c = 0; c < rows[r].values.size() && c < table->columnCount(); ++c) {
            auto* cell = item(rows[r].values[c]);
            if (c < runs.size() && !compare::methodReadsField(runs[c].method, rows[r].field)) {
                cell->setForeground(table->palette().color(QPalette::PlaceholderText));
                cell->setToolTip(QObject::tr("Not read by method %1").arg(runs[c].method));
            }
            table->setItem(r, c, cell);
        }
    }
}

void fillMetrics(
    QTableWidget* table, const compare::MetricTable& metrics, const QList<int>& baseline)
{
    table->setRowCount(static_cast<int>(metrics.metrics.size() * 2));
    for (int m = 0; m < metrics.metrics.size(); ++m) {
        const auto& metric = metrics.metrics[m];
        const QString label = compare::metricLabel(metric);
        table->setVerticalHeaderItem(
            2 * m, new QTableWidgetItem(QObject::tr("%1 final").arg(label)));
        table->setVerticalHeaderItem(
            2 * m + 1, new QTableWidgetItem(QObject::tr("%1 best").arg(label)));
        for (int r = 0; r < metrics.finals.size() && r < table->columnCount(); ++r) {
            table->setItem(
                2 * m, r, metricItem(metric, metrics.finals[r][m], baseline.contains(r)));
            table->setItem(
                2 * m + 1, r, metricItem(metric, metrics.bests[r][m], baseline.contains(r)));
        }
    }
}

void fillDifferences(QTableWidget* table, const QList<compare::GroupDifference>& differences)
{
    table->setColumnCount(5);
    table->setHorizontalHeaderLabels({QObject::tr("Metric (final)"), QObject::tr("A − B"),
        QObject::tr("95% CI of A − B"), QObject::tr("Interval"), QObject::tr("In words")});
    table->setRowCount(static_cast<int>(differences.size()));
    for (int r = 0; r < differences.size(); ++r) {
        const auto& d = differences[r];
        table->setItem(r, 0, item(compare::metricLabel(d.metric)));
        if (!d.comparable) { // a metric measured at T, the groups at different T
            table->setItem(r, 1, item(QStringLiteral("—")));
            table->setItem(r, 2, item(QStringLiteral("—")));
            table->setItem(r, 3, item(QObject::tr("not comparable")));
            table->setItem(r, 4, item(d.sentence, d.sentence));
            continue;
        }
        table->setItem(r, 1, item(signedNumber(d.metric, d.diff)));
        const QString ci = d.lo && d.hi ? QStringLiteral("%1 to %2")
                                              .arg(compare::formatMetric(d.metric, *d.lo),
                                                  compare::formatMetric(d.metric, *d.hi))
                                        : QStringLiteral("—");
        table->setItem(r, 2, item(ci));
        const QString welchTip = d.welchReason.isEmpty()
            ? QObject::tr("Welch's t: unequal variances, Welch–Satterthwaite degrees of freedom")
            : QObject::tr("Welch's t (not paired by seed: %1)").arg(d.welchReason);
        table->setItem(r, 3,
            item(d.paired ? QObject::tr("paired by seed") : QObject::tr("Welch"),
                d.paired ? QObject::tr("Both groups ran the same seeds with corresponding "
                                       "teachers: the differences seed by seed, Student's t with "
                                       "n − 1 degrees of freedom")
                         : welchTip));
        table->setItem(r, 4, item(d.sentence, d.sentence));
    }
    table->setTextElideMode(Qt::ElideNone); // the sentences wrap, never cut
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setSectionResizeMode(4, QHeaderView::Stretch);
    table->setWordWrap(true);
    table->verticalHeader()->hide();
    table->resizeRowsToContents();
}

void fitHeight(QTableWidget* table)
{
    int h = table->horizontalHeader()->sizeHint().height() + 2 * table->frameWidth();
    for (int r = 0; r < table->rowCount(); ++r) {
        h += table->rowHeight(r);
    }
    const int needed = table->horizontalHeader()->length()
        + (table->verticalHeader()->isVisible() ? table->verticalHeader()->width() : 0)
        + 2 * table->frameWidth();
    if (needed > table->width()) { // the horizontal scroll bar shows
        h += table->horizontalScrollBar()->sizeHint().height();
    }
    table->setFixedHeight(h + 2);
}

} // namespace kdw::ui::comparetables
