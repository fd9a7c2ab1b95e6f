// SPDX-License-Identifier: MIT
#include "ui/model/curve_store.h"

#include <algorithm>
#include <cmath>

#include <QTimer>

namespace kdw::ui {

size_t qHash(const CurveKey& key, size_t seed) noexcept
{
    return qHashMulti(seed, key.run, key.phase, key.metric);
}

CurveStore::CurveStore(QObject* parent)
    : QObject(parent)
    , m_notify(new QTimer(this))
{
    m_notify->setSingleShot(true);
    m_notify->setInterval(0);
    connect(m_notify, &QTimer::timeout, this, [this] {
        const auto dirty = std::exchange(m_dirty, {});
        if (!dirty.isEmpty()) {
            Q_EMIT changed(dirty);
        }
    });
}

void CurveStore::see(qint64 run)
{
    if (!m_colors.contains(run)) {
        m_colors.insert(run, static_cast<int>(m_colors.size()));
    }
    if (!m_order.contains(run)) {
        m_order.append(run);
    }
}

void CurveStore::touch(qint64 run)
{
    m_dirty.insert(run);
    if (!m_notify->isActive()) {
        m_notify->start();
    }
}

void CurveStore::setRunLabel(qint64 run, const QString& label)
{
    see(run);
    m_labels.insert(run, label);
    touch(run);
}

QString CurveStore::runLabel(qint64 run) const
{
    const auto it = m_labels.constFind(run);
    return it != m_labels.constEnd() ? *it : tr("run %1").arg(run);
}

int CurveStore::colorIndex(qint64 run) const
{
    return m_colors.value(run, 0);
}

QList<qint64> CurveStore::runs() const
{
    return m_order;
}

void CurveStore::append(qint64 run, const EpochPoint& epoch)
{
    see(run);
    const double x = epoch.epoch;
    for (auto it = epoch.metrics.constBegin(); it != epoch.metrics.constEnd(); ++it) {
        if (!std::isfinite(it.value())) {
            continue;
        }
        auto& pts = m_curves[CurveKey {run, epoch.phase, it.key()}];
        const auto at = std::lower_bound(pts.begin(), pts.end(), x,
            [](const QPointF& p, double value) { return p.x() < value; });
        if (at != pts.end() && at->x() == x) {
            at->setY(it.value());
        } else {
            pts.insert(at, QPointF(x, it.value()));
        }
    }
    touch(run);
}

void CurveStore::setRun(qint64 run, const QList<EpochPoint>& epochs)
{
    for (const auto& key : keys(run)) {
        m_curves.remove(key);
    }
    see(run);
    for (const auto& e : epochs) {
        append(run, e);
    }
    touch(run);
}

void CurveStore::removeRun(qint64 run)
{
    for (const auto& key : keys(run)) {
        m_curves.remove(key);
    }
    m_labels.remove(run);
    m_order.removeAll(run);
    touch(run);
}

void CurveStore::clear()
{
    const auto all = m_order;
    for (const auto run : all) {
        removeRun(run);
    }
}

QList<QPointF> CurveStore::points(const CurveKey& key) const
{
    return m_curves.value(key);
}

QList<CurveKey> CurveStore::keys(qint64 run) const
{
    QList<CurveKey> out;
    for (auto it = m_curves.constBegin(); it != m_curves.constEnd(); ++it) {
        if (it.key().run == run) {
            out.append(it.key());
        }
    }
    return out;
}

QList<CurveKey> CurveStore::keys() const
{
    return m_curves.keys();
}

bool CurveStore::contains(const CurveKey& key) const
{
    return m_curves.contains(key);
}

} // namespace kdw::ui
