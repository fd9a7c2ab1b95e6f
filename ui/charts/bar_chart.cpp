// SPDX-License-Identifier: MIT
#include "ui/charts/bar_chart.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QLegend>
#include <QValueAxis>

namespace kdw::ui {

BarChart::BarChart(const QString& title, QWidget* parent)
    : ChartFrame(new QChart(), QSize(240, 160), parent)
    , m_x(new QBarCategoryAxis())
    , m_positions(new QCategoryAxis())
    , m_y(new QValueAxis())
{
    chart()->setTitle(title);
    chart()->legend()->setVisible(false);
    chart()->addAxis(m_x, Qt::AlignBottom);
    chart()->addAxis(m_positions, Qt::AlignBottom);
    chart()->addAxis(m_y, Qt::AlignLeft);
    m_positions->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    m_positions->setGridLineVisible(false);
    m_x->setGridLineVisible(false);
    m_y->setLabelFormat(QStringLiteral("%.2f"));
    charts::applyPalette(chart(), palette());
}

void BarChart::setTitle(const QString& title)
{
    chart()->setTitle(title);
}

QString BarChart::title() const
{
    return chart()->title();
}

void BarChart::setAxisTitles(const QString& x, const QString& y)
{
    m_x->setTitleText(x);
    m_positions->setTitleText(x);
    m_y->setTitleText(y);
}

void BarChart::setValueDecimals(int decimals)
{
    m_y->setLabelFormat(QStringLiteral("%.%1f").arg(decimals));
}

void BarChart::setBars(const QList<double>& values, const QStringList& categories, double yMax,
    const QColor& color, int highlighted, const QColor& highlightColor, int maxLabels)
{
    m_values = values;
    chart()->removeAllSeries(); // deletes them
    auto* set = new QBarSet(QString());
    set->setColor(color);
    set->setBorderColor(color);
    for (const double v : values) {
        set->append(v);
    }
    if (highlighted >= 0 && highlighted < values.size()) {
        set->setSelectedColor(highlightColor);
        set->selectBar(highlighted);
    }
    auto* series = new QBarSeries();
    const bool many = values.size() > maxLabels;
    series->setBarWidth(many ? 1.0 : 0.8);
    series->append(set); // the series owns the set
    chart()->addSeries(series); // the chart owns the series
    m_x->clear();
    m_x->append(categories);
    m_x->setVisible(!many);
    for (const auto& label : m_positions->categoriesLabels()) {
        m_positions->remove(label);
    }
    m_positions->setRange(-0.5, static_cast<double>(values.size()) - 0.5);
    for (qsizetype k = 0; many && k < values.size(); k += k == 0 ? 9 : 10) {
        m_positions->append(QString::number(k + 1), static_cast<double>(k));
    }
    m_positions->setVisible(many);
    m_y->setRange(0.0, yMax);
    m_y->applyNiceNumbers();
    series->attachAxis(many ? static_cast<QAbstractAxis*>(m_positions) : m_x);
    series->attachAxis(m_y);
}

QList<double> BarChart::values() const
{
    return m_values;
}

} // namespace kdw::ui
