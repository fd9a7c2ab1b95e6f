// SPDX-License-Identifier: MIT
// Text formatting shared by kdw's commands.
#pragma once

#include <map>
#include <string>

#include "core/train/trainer.h"

namespace kdw::cli {

// "student epoch  3/10  loss 0.4123  val_loss 0.3900  f1 0.512  auc 0.881  hr@10 0.610 ..."
std::string epochLine(const train::EpochRecord& e, int epochs);

// The metrics shown in one-line summaries, in display order, that are present in `m`.
std::string metricSummary(const std::map<std::string, double>& m);

// Prints one line to standard error when the history `dbPath` is on a network file system,
// where SQLite's locking is unreliable (store::networkFileSystem); nothing otherwise.
void warnAboutHistoryLocation(const std::string& dbPath);

} // namespace kdw::cli
