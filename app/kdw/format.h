// SPDX-License-Identifier: MIT
// Text formatting shared by kdw's commands.
#pragma once

#include <map>
#include <string>

#include "core/eval/metric_catalogue.h"
#include "core/store/history.h"
#include "core/train/epoch_record.h"

namespace kdw::cli {

// "student epoch  3/10  train_loss 0.4123  val_loss 0.3900  f1 0.5120  ...  (81234 examples/s)":
// the catalogue's names and precision.
std::string epochLine(const train::EpochRecord& e, int epochs);

// A value at its catalogue precision ("0.4123").
std::string formatMetric(const eval::MetricInfo& info, double value);

// The metrics shown in one-line summaries, in display order, that are present in `m`.
std::string metricSummary(const std::map<std::string, double>& m);

// Prints one line to standard error when the history `dbPath` is on a network file system,
// where SQLite's locking is unreliable (store::networkFileSystem); nothing otherwise.
void warnAboutHistoryLocation(const std::string& dbPath);

// Prints "kdw: <path>: the folder is read-only: showing the history read-only; ..." to standard
// error when `history` was opened read-only (store::History::readOnly); nothing otherwise.
void noteReadOnly(const store::History& history);

} // namespace kdw::cli
