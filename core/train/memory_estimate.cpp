// SPDX-License-Identifier: MIT
#include "core/train/memory_estimate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "core/common/error.h"
#include "core/nn/model_spec.h"

namespace kdw::train {

namespace {

constexpr double kFloat = 4.0;
constexpr double kCopiesPerParameter = 4.0; // weights, gradients, Adam's first and second moments
constexpr double kBytesPerInteraction = 40.0;
constexpr double kBytesPerExample = 12.0; // user, item, label
constexpr double kEvaluationColumns = 32768.0;
constexpr double kShareAllowed = 0.9;

std::string gigabytes(double bytes)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f GB", bytes / 1e9);
    return buf;
}

// Units of every layer of one forward pass per column (input width included).
double unitsPerColumn(const nn::ModelSpec& m)
{
    double units = 2.0 * m.embeddingDim + 1.0;
    for (const auto& l : m.layers) {
        units += l.units;
    }
    return units;
}

double modelBytes(const nn::ModelSpec& m, double users, double items)
{
    // countParameters takes integers; the catalogue fits a long long whenever it fits memory.
    const auto params
        = static_cast<double>(nn::countParameters(m, static_cast<long long>(std::min(users, 9e15)),
            static_cast<long long>(std::min(items, 9e15))));
    return params * kFloat * kCopiesPerParameter;
}

} // namespace

MemoryEstimate estimateMemory(
    const ExperimentConfig& config, double users, double items, double interactions)
{
    const double teacher = modelBytes(config.teacher.model, users, items);
    const double student = modelBytes(config.student.model, users, items);
    const double examples = interactions * (1.0 + config.dataset.trainNegatives) * kBytesPerExample;
    const double data = interactions * kBytesPerInteraction + examples;
    const double columns = config.eval.protocol == RankingProtocol::Full
        ? std::max(kEvaluationColumns, items)
        : kEvaluationColumns;
    const double widest
        = std::max(unitsPerColumn(config.teacher.model), unitsPerColumn(config.student.model));
    const double forward = columns * widest * 2.0 * kFloat;
    MemoryEstimate e;
    e.bytes = teacher + student + data + forward;
    e.breakdown = "teacher " + gigabytes(teacher) + ", student " + gigabytes(student) + ", data "
        + gigabytes(data) + ", evaluation " + gigabytes(forward);
    return e;
}

namespace {

// KDW_MEMORY_LIMIT in bytes; 0 when unset.
double memoryLimitFromEnvironment()
{
    const char* text = std::getenv("KDW_MEMORY_LIMIT");
    if (text == nullptr || *text == '\0') {
        return 0.0;
    }
    char* end = nullptr;
    double v = std::strtod(text, &end);
    const std::string unit = end != nullptr ? std::string(end) : std::string();
    if (unit == "K" || unit == "k") {
        v *= 1e3;
    } else if (unit == "M" || unit == "m") {
        v *= 1e6;
    } else if (unit == "G" || unit == "g") {
        v *= 1e9;
    } else if (!unit.empty()) {
        v = -1.0;
    }
    if (!(v > 0.0) || !std::isfinite(v)) {
        throw ConfigError(std::string("KDW_MEMORY_LIMIT is '") + text
            + "': expected a size in bytes, or with K, M or G (\"4G\")");
    }
    return v;
}

double systemAvailableMemory()
{
    std::ifstream meminfo("/proc/meminfo");
    std::string line;
    while (std::getline(meminfo, line)) {
        if (line.rfind("MemAvailable:", 0) == 0) {
            std::istringstream in(line.substr(13));
            double kib = 0.0;
            if (in >> kib) {
                return kib * 1024.0;
            }
        }
    }
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long size = ::sysconf(_SC_PAGE_SIZE);
    return pages > 0 && size > 0 ? static_cast<double>(pages) * static_cast<double>(size) : 0.0;
}

} // namespace

double availableMemoryBytes()
{
    const double limit = memoryLimitFromEnvironment();
    const double system = systemAvailableMemory();
    if (limit > 0.0) {
        return system > 0.0 ? std::min(limit, system) : limit;
    }
    return system;
}

void refuseIfTooLarge(
    const ExperimentConfig& config, double users, double items, double interactions)
{
    const double available = availableMemoryBytes();
    if (available > 0.0) {
        refuseIfTooLarge(config, users, items, interactions, available);
    }
}

void refuseIfTooLarge(const ExperimentConfig& config, double users, double items,
    double interactions, double available)
{
    const auto e = estimateMemory(config, users, items, interactions);
    if (e.bytes > kShareAllowed * available) {
        throw ConfigError("config: this run needs about " + gigabytes(e.bytes) + " (" + e.breakdown
            + ") but the machine has " + gigabytes(available)
            + " available; reduce the embedding size, the layers or the catalogue");
    }
}

void refuseSyntheticIfTooLarge(const ExperimentConfig& config)
{
    if (config.dataset.source != "synthetic") {
        return;
    }
    const auto& s = config.dataset.synthetic;
    const double users = s.users;
    const double items = s.items;
    refuseIfTooLarge(config, users, items, users * std::max(3.0, s.density * items));
}

} // namespace kdw::train
