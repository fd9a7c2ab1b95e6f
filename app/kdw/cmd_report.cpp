// SPDX-License-Identifier: MIT
// kdw report: a sweep's table from the history, printed or written into a file between its
// markers (docs/EXPERIMENTS.md keeps its discussion around them).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/kdw/format.h"
#include "app/kdw/report.h"
#include "core/common/error.h"
#include "core/store/backup.h"
#include "core/store/history.h"

namespace kdw::cli {
namespace {

std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    return buf.str();
}

// `text` with the sweep's block replaced between its markers (appended when absent).
std::string withBlock(std::string text, const std::string& sweep, const std::string& md)
{
    const std::string begin = "<!-- sweep \"" + sweep + "\" begin -->\n";
    const std::string end = "<!-- sweep \"" + sweep + "\" end -->\n";
    const auto b = text.find(begin);
    const auto e = b == std::string::npos ? std::string::npos : text.find(end, b);
    const std::string block = begin + md + end;
    if (b != std::string::npos && e != std::string::npos) {
        text.replace(b, e + end.size() - b, block);
    } else if (text.empty()) {
        text = "# Experiments\n\nEvery table below was produced by the command quoted with it; "
               "rerun it to check.\n\n"
            + block;
    } else {
        text += "\n" + block;
    }
    return text;
}

// Writes `text` to `out` through a temporary file and a rename, so a failed write keeps the old.
void replaceFile(const std::string& out, const std::string& text)
{
    const auto tmp = out + ".tmp";
    {
        std::ofstream f(tmp, std::ios::trunc | std::ios::binary);
        f << text;
        f.flush();
        if (!f) {
            throw Error(tmp + ": could not write the report");
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, out, ec);
    if (ec) {
        throw Error(out + ": could not replace the report (" + ec.message() + ")");
    }
}

std::string render(
    const ReportRequest& r, store::History& history, const std::vector<experiment::SweepRow>& rows)
{
    switch (r.format) {
    case ReportFormat::Table:
        return sweepReportTable(rows);
    case ReportFormat::Csv:
        return sweepReportCsv(rows);
    case ReportFormat::Json:
        return sweepReportJson(r.sweep, rows);
    case ReportFormat::Markdown:
        break;
    }
    // The protocol is described from the config stored with the sweep's newest run without
    // distillation.
    const auto base
        = experiment::sweepBaseConfig(history, r.sweep).value_or(train::ExperimentConfig {});
    return sweepReportMarkdown(r.sweep, base, rows, r.command);
}

struct ReportOptions {
    std::string db;
    std::string sweep;
    std::string sweepOption;
    std::string out;
    bool markdown = false;
    bool csv = false;
    bool json = false;
};

std::string reportCommand(const ReportOptions& o, const std::string& sweep)
{
    std::string s = "kdw report \"" + sweep + "\"";
    s += o.db.empty() ? "" : " --db " + o.db;
    s += o.out.empty() ? "" : " --out " + o.out;
    return s;
}

} // namespace

void writeReport(const ReportRequest& r)
{
    if (!r.out.empty()) {
        store::refuseHistoryFile(r.out, r.dbPath); // the report is read and replaced below
    }
    std::string text;
    {
        store::History history(r.dbPath);
        const auto rows = experiment::summarizeSweep(history, r.sweep);
        if (rows.empty()) {
            throw StoreError(r.dbPath + ": no finished run of a sweep named '" + r.sweep + "'");
        }
        text = render(r, history, rows);
    }
    if (r.out.empty()) {
        std::cout << text;
        return;
    }
    replaceFile(r.out,
        r.format == ReportFormat::Markdown ? withBlock(readFile(r.out), r.sweep, text) : text);
    std::cerr << "report written to " << r.out << '\n';
}

void addReportCommand(CLI::App& app, Action& action)
{
    auto o = std::make_shared<ReportOptions>();
    auto* report = app.add_subcommand("report",
        "Summarise a sweep from the history: mean ± sd over seeds per point and method, and the "
        "95% interval of each against the student alone");
    report->add_option("sweep", o->sweep, "the sweep's name or uuid");
    report->add_option("--sweep", o->sweepOption, "the same, as an option");
    report->add_option("--db", o->db, "history file (default: the one the GUI uses)");
    report->add_option("--out,-o", o->out,
        "write to this file; Markdown replaces the sweep's block between its markers");
    auto* md = report->add_flag("--markdown", o->markdown, "Markdown with the protocol");
    auto* csv = report->add_flag("--csv", o->csv, "CSV, one line per row");
    report->add_flag("--json", o->json, "JSON")->excludes(md)->excludes(csv);
    md->excludes(csv);
    report->callback([o, &action] {
        action = [o] {
            const auto sweep = o->sweep.empty() ? o->sweepOption : o->sweep;
            if (sweep.empty()) {
                throw ConfigError("report: name the sweep (kdw report NAME)");
            }
            ReportRequest r;
            r.dbPath = o->db.empty() ? store::History::defaultPath() : o->db;
            warnAboutHistoryLocation(r.dbPath);
            r.sweep = sweep;
            r.out = o->out;
            // --out without a format keeps the Markdown block that docs/EXPERIMENTS.md relies on.
            r.format = o->csv                    ? ReportFormat::Csv
                : o->json                        ? ReportFormat::Json
                : o->markdown || !o->out.empty() ? ReportFormat::Markdown
                                                 : ReportFormat::Table;
            r.command = reportCommand(*o, sweep);
            writeReport(r);
            return 0;
        };
    });
}

} // namespace kdw::cli
