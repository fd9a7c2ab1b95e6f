// SPDX-License-Identifier: MIT
#include "app/kdw/format.h"

#include <cstdio>
#include <iostream>
#include <vector>

#include "core/store/backup.h"

namespace kdw::cli {

std::string metricSummary(const std::map<std::string, double>& m)
{
    static const std::vector<std::pair<std::string, std::string>> kShown {
        {"train_loss", "loss"}, {"val_loss", "val_loss"}, {"f1", "f1"},      {"auc", "auc"},
        {"hr@10", "hr@10"},     {"ndcg@10", "ndcg@10"},   {"kl", "kl"},      {"kl_T", "kl@T"},
    };
    std::string out;
    char buf[64];
    for (const auto& [key, label] : kShown) {
        const auto it = m.find(key);
        if (it == m.end()) {
            continue;
        }
        std::snprintf(buf, sizeof buf, "%s%s %.4f", out.empty() ? "" : "  ", label.c_str(), it->second);
        out += buf;
    }
    return out;
}

std::string epochLine(const train::EpochRecord& e, int epochs)
{
    char head[64];
    std::snprintf(head, sizeof head, "%-7s epoch %3d/%-3d  ", e.phase.c_str(), e.epoch, epochs);
    std::string line = head + metricSummary(e.metrics);
    if (const auto it = e.metrics.find("examples_per_s"); it != e.metrics.end()) {
        char buf[48];
        std::snprintf(buf, sizeof buf, "  (%.0f ex/s)", it->second);
        line += buf;
    }
    return line;
}

void warnAboutHistoryLocation(const std::string& dbPath)
{
    if (const auto warning = store::networkFileSystemWarning(dbPath); !warning.empty()) {
        std::cerr << "kdw: " << warning << '\n';
    }
}

} // namespace kdw::cli
