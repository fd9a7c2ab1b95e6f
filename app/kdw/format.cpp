// SPDX-License-Identifier: MIT
#include "app/kdw/format.h"

#include <cstdio>
#include <iostream>
#include <string_view>
#include <vector>

#include "core/eval/metric_catalogue.h"
#include "core/store/backup.h"

namespace kdw::cli {

namespace {

// The metrics of one-line summaries, in display order: the losses, the classification metrics,
// the headline ranking metrics at 10 (sampled, then full ranking when the run records it), and
// the divergences. Names, precision and the column names
// (the catalogue's names, as configs and `kdw runs --sort` spell them) come from the catalogue.
const std::vector<eval::MetricInfo>& summaryMetrics()
{
    static const std::vector<eval::MetricInfo> kShown = [] {
        using namespace eval::metric;
        const std::vector<std::string> names {std::string(kTrainLoss), std::string(kValLoss),
            std::string(kF1), std::string(kAuc), hitRate(10), ndcg(10), fullHitRate(10),
            fullNdcg(10), std::string(kKl), std::string(kKlAtTemperature)};
        std::vector<eval::MetricInfo> shown;
        for (const auto& n : names) {
            shown.push_back(*eval::findMetric(n));
        }
        return shown;
    }();
    return kShown;
}

} // namespace

std::string formatMetric(const eval::MetricInfo& info, double value)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", info.precision, value);
    return buf;
}

std::string metricSummary(const std::map<std::string, double>& m)
{
    std::string out;
    for (const auto& info : summaryMetrics()) {
        const auto it = m.find(info.name);
        if (it == m.end()) {
            continue;
        }
        out += (out.empty() ? "" : "  ") + info.name + " " + formatMetric(info, it->second);
    }
    return out;
}

std::string epochLine(const train::EpochRecord& e, int epochs)
{
    char head[64];
    std::snprintf(head, sizeof head, "%-7s epoch %3d/%-3d  ", e.phase.c_str(), e.epoch, epochs);
    std::string line = head + metricSummary(e.metrics);
    const auto speed = eval::findMetric(eval::metric::kExamplesPerSecond);
    if (const auto it = e.metrics.find(speed->name); it != e.metrics.end()) {
        line += "  (" + formatMetric(*speed, it->second) + " " + speed->unit + ")";
    }
    return line;
}

void warnAboutHistoryLocation(const std::string& dbPath)
{
    if (const auto warning = store::networkFileSystemWarning(dbPath); !warning.empty()) {
        std::cerr << "kdw: " << warning << '\n';
    }
}

void noteReadOnly(const store::History& history)
{
    if (history.readOnly()) {
        std::cerr << "kdw: " << history.path() << ": " << history.readOnlyNote() << '\n';
    }
}

} // namespace kdw::cli
