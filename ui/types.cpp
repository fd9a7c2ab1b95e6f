// SPDX-License-Identifier: MIT
#include "ui/types.h"

#include "core/common/error.h"

namespace kdw::ui {

std::optional<train::RunState> RunRow::state() const
{
    try {
        return train::parseRunState(status.toStdString());
    } catch (const Error&) {
        return std::nullopt;
    }
}

QString stateText(train::RunState state)
{
    const auto text = train::toString(state);
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

EpochPoint toEpochPoint(const train::EpochRecord& e)
{
    EpochPoint p;
    p.phase = QString::fromStdString(e.phase);
    p.epoch = e.epoch;
    for (const auto& [k, v] : e.metrics) {
        p.metrics.insert(QString::fromStdString(k), v);
    }
    return p;
}

RunRow toRunRow(const store::RunSummary& r)
{
    RunRow row;
    row.id = r.id;
    row.uuid = QString::fromStdString(r.uuid);
    row.name = QString::fromStdString(r.name);
    row.status = QString::fromStdString(r.status);
    row.method = QString::fromStdString(r.method);
    row.createdAt = QString::fromStdString(r.createdAt);
    row.durationSeconds = r.durationSeconds;
    row.message = QString::fromStdString(r.message);
    for (const auto& [k, v] : r.finalMetrics) {
        row.finalMetrics.insert(QString::fromStdString(k), v);
    }
    return row;
}

ProgressPoint toProgressPoint(const BatchProgress& b)
{
    return {QString::fromStdString(b.phase), b.epoch, b.epochs, b.batch, b.batches,
        b.examplesPerSecond, b.etaSeconds, b.runExamplesDone, b.runExamplesTotal};
}

} // namespace kdw::ui
