// SPDX-License-Identifier: MIT
// Which epoch of a phase is best by one metric, for early stopping and the run's best student.
#pragma once

#include <limits>
#include <string>
#include <utility>

#include "core/eval/metric_catalogue.h"
#include "core/train/epoch_record.h"

namespace kdw::train {

// Tracks the best epoch by one metric (its direction from the metric catalogue,
// eval::lowerIsBetter) and how many epochs have passed since it.
class BestEpoch {
public:
    explicit BestEpoch(std::string metric)
        : m_metric(std::move(metric))
        , m_lower(eval::lowerIsBetter(m_metric))
        , m_best(m_lower ? std::numeric_limits<double>::infinity()
                         : -std::numeric_limits<double>::infinity())
    {
    }

    // Whether `rec` beats every epoch before it (a metric it lacks counts as 0).
    bool offer(const EpochRecord& rec)
    {
        const auto it = rec.metrics.find(m_metric);
        const double value = it == rec.metrics.end() ? 0.0 : it->second;
        if (m_lower ? value < m_best : value > m_best) {
            m_best = value;
            m_epoch = rec.epoch;
            m_sinceBest = 0;
            return true;
        }
        ++m_sinceBest;
        return false;
    }

    [[nodiscard]] int epoch() const { return m_epoch; }
    [[nodiscard]] int epochsSinceBest() const { return m_sinceBest; }

private:
    std::string m_metric;
    bool m_lower;
    double m_best;
    int m_epoch = 0;
    int m_sinceBest = 0;
};

} // namespace kdw::train
