// SPDX-License-Identifier: MIT
#include "ui/charts/chart_grid.h"

#include <algorithm>

#include <QGridLayout>
#include <QMenu>
#include <QToolButton>

#include "ui/charts/chart_export.h"
#include "ui/charts/run_chart.h"

namespace kdw::ui {

ChartGrid::ChartGrid(QGridLayout* layout, QToolButton* menuButton, QObject* parent)
    : QObject(parent)
    , m_layout(layout)
    , m_menuButton(menuButton)
{
    if (m_menuButton->menu() == nullptr) {
        m_menuButton->setMenu(new QMenu(m_menuButton));
    }
    m_menuButton->setPopupMode(QToolButton::InstantPopup);
}

void ChartGrid::setCharts(const QList<RunChart*>& charts)
{
    qDeleteAll(m_charts); // a deleted widget leaves its layout by itself
    m_charts = charts;
    for (auto* chart : std::as_const(m_charts)) {
        const QString id = chart->spec().id;
        connect(chart, &RunChart::hideRequested, this, [this, id] { setShown(id, false); });
    }
    fillMenu();
    relayout(m_columns);
}

RunChart* ChartGrid::chart(const QString& id) const
{
    const auto it = std::find_if(
        m_charts.begin(), m_charts.end(), [&](RunChart* c) { return c->spec().id == id; });
    return it == m_charts.end() ? nullptr : *it;
}

QList<RunChart*> ChartGrid::shownCharts() const
{
    QList<RunChart*> out;
    for (auto* c : m_charts) {
        if (!m_hidden.contains(c->spec().id)) {
            out.append(c);
        }
    }
    return out;
}

void ChartGrid::setHiddenIds(const QStringList& ids)
{
    m_hidden = ids;
    fillMenu();
    relayout(m_columns);
}

void ChartGrid::setShown(const QString& id, bool shown)
{
    m_hidden.removeAll(id);
    if (!shown) {
        m_hidden.append(id);
    }
    setHiddenIds(m_hidden);
}

void ChartGrid::fillMenu()
{
    auto* menu = m_menuButton->menu();
    menu->clear();
    for (auto* c : std::as_const(m_charts)) {
        auto* action = menu->addAction(c->spec().title);
        action->setCheckable(true);
        action->setChecked(!m_hidden.contains(c->spec().id));
        const QString id = c->spec().id;
        connect(action, &QAction::toggled, this, [this, id](bool on) { setShown(id, on); });
    }
}

void ChartGrid::relayout(int columns)
{
    while (m_layout->count() > 0) {
        delete m_layout->takeAt(0);
    }
    m_columns = std::clamp(columns, 1, kMaxColumns);
    int k = 0;
    for (auto* c : std::as_const(m_charts)) {
        const bool shown = !m_hidden.contains(c->spec().id);
        c->setVisible(shown);
        if (shown) {
            m_layout->addWidget(c, k / m_columns, k % m_columns);
            ++k;
        }
    }
    for (int col = 0; col < kMaxColumns; ++col) {
        m_layout->setColumnStretch(col, col < m_columns ? 1 : 0);
    }
}

QString ChartGrid::exportAll(const QString& path, qreal scale) const
{
    QList<QWidget*> widgets;
    for (auto* c : shownCharts()) {
        c->redraw();
        widgets.append(c);
    }
    return charts::exportPngGrid(widgets, m_columns, path, scale);
}

} // namespace kdw::ui
