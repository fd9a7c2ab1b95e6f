// SPDX-License-Identifier: MIT
// kdw report: a sweep's summary (core/experiment/sweep_summary.h) as a terminal table, Markdown
// (with the protocol, as docs/EXPERIMENTS.md quotes it), CSV or JSON.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "app/kdw/commands.h"
#include "core/experiment/sweep_summary.h"
#include "core/train/config.h"

namespace kdw::cli {

enum class ReportFormat { Table, Markdown, Csv, Json };

struct ReportRequest {
    std::string dbPath;
    std::string sweep; // name or uuid
    std::string out; // empty: standard output
    ReportFormat format = ReportFormat::Table;
    std::string command; // quoted in the Markdown as the way to reproduce it
};

// The Markdown report: the protocol (from `base`), the table of mean ± sd per row with each row's
// difference against its baseline and Welch's 95% interval, and the methods against the student
// alone. `command` is quoted as the way to reproduce it.
std::string sweepReportMarkdown(const std::string& sweep, const train::ExperimentConfig& base,
    const std::vector<experiment::SweepRow>& rows, const std::string& command);
// The table for a terminal (aligned columns, no protocol).
std::string sweepReportTable(const std::vector<experiment::SweepRow>& rows);
// CSV (RFC 4180), one line per row: point, model, n, then per headline metric its mean and sd,
// then for HR@10 and NDCG@10 the difference against the baseline and its interval (empty when
// there is none).
std::string sweepReportCsv(const std::vector<experiment::SweepRow>& rows);
// JSON: {"sweep", "rows": [{"point", "model", "metrics": {name: {"mean", "sd", "n"}},
// "versus_baseline": {name: {"diff", "ci95_low", "ci95_high"}}}]}.
std::string sweepReportJson(
    const std::string& sweep, const std::vector<experiment::SweepRow>& rows);

// Reads the sweep and prints or writes its report. With `out` and Markdown, the sweep's block
// between "<!-- sweep "NAME" begin -->" and its end marker is replaced and the rest of the file
// kept (a new file starts with a title); other formats replace the file. Throws StoreError when
// the sweep has no finished run.
void writeReport(const ReportRequest& r);

// Registers `kdw report`.
void addReportCommand(CLI::App& app, Action& action);

} // namespace kdw::cli
