// SPDX-License-Identifier: MIT
// Value types carried by queued signals between the workers and the GUI thread, and their
// conversions from core's types. Signals carry values, never pointers into a running trainer.
#pragma once

#include <optional>

#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>

#include "core/common/progress.h"
#include "core/store/history.h"
#include "core/train/epoch_record.h"
#include "core/train/vocabulary.h"

namespace kdw::ui {

struct EpochPoint {
    QString phase; // "teacher" or "student"
    int epoch = 0;
    QMap<QString, double> metrics;
};

struct RunRow {
    qint64 id = 0;
    QString uuid;
    QString name;
    QString status; // a train::RunState's text, as the history keeps it
    QString method;
    QString createdAt;
    double durationSeconds = 0.0;
    QString message;
    QMap<QString, double> finalMetrics;

    // The run's state; std::nullopt for a status text core does not know.
    [[nodiscard]] std::optional<train::RunState> state() const;
};

struct ProgressPoint {
    QString phase;
    int epoch = 0;
    int epochs = 0;
    qint64 batch = 0;
    qint64 batches = 0;
    double examplesPerSecond = 0.0;
    double etaSeconds = 0.0;
    qint64 runExamplesDone = 0; // the whole run's (both phases): done / total is its progress
    qint64 runExamplesTotal = 0;
};

// A run state's text, as the history keeps it and the run list shows it.
QString stateText(train::RunState state);

EpochPoint toEpochPoint(const train::EpochRecord& e);
RunRow toRunRow(const store::RunSummary& r);
ProgressPoint toProgressPoint(const BatchProgress& p);

} // namespace kdw::ui

Q_DECLARE_METATYPE(kdw::ui::EpochPoint)
Q_DECLARE_METATYPE(kdw::ui::RunRow)
Q_DECLARE_METATYPE(kdw::ui::ProgressPoint)
