// SPDX-License-Identifier: MIT
// kdw's Markdown rendering of a sweep's report.
#pragma once

#include <string>
#include <vector>

#include "core/experiment/sweep.h"
#include "core/train/config.h"

namespace kdw::cli {

// The report as Markdown: the protocol (from `base`), the table of mean ± sd per row, and for each
// method whether it beat the student alone on HR@10 and NDCG@10 by more than one standard
// deviation. `command` is quoted as the way to reproduce it.
std::string sweepReportMarkdown(const std::string& sweep, const train::ExperimentConfig& base,
    const std::vector<experiment::SweepRow>& rows, const std::string& command);

} // namespace kdw::cli
