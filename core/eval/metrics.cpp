// SPDX-License-Identifier: MIT
#include "core/eval/metrics.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/common/stable_math.h"

namespace kdw::eval {

void ClassificationMeter::add(double logit, double label)
{
    m_logits.push_back(logit);
    m_labels.push_back(label);
    const bool predicted = sigmoid(logit) >= 0.5;
    const bool actual = label >= 0.5;
    if (predicted && actual) {
        ++m_tp;
    } else if (predicted) {
        ++m_fp;
    } else if (actual) {
        ++m_fn;
    } else {
        ++m_tn;
    }
    m_bce -= label * logSigmoid(logit) + (1.0 - label) * logSigmoid(-logit);
}

void ClassificationMeter::reset()
{
    *this = ClassificationMeter();
}

double ClassificationMeter::accuracy() const
{
    const auto n = m_tp + m_fp + m_tn + m_fn;
    return n == 0 ? 0.0 : static_cast<double>(m_tp + m_tn) / static_cast<double>(n);
}

double ClassificationMeter::precision() const
{
    return m_tp + m_fp == 0 ? 0.0 : static_cast<double>(m_tp) / static_cast<double>(m_tp + m_fp);
}

double ClassificationMeter::recall() const
{
    return m_tp + m_fn == 0 ? 0.0 : static_cast<double>(m_tp) / static_cast<double>(m_tp + m_fn);
}

double ClassificationMeter::f1() const
{
    const double p = precision();
    const double r = recall();
    return p + r == 0.0 ? 0.0 : 2.0 * p * r / (p + r);
}

double ClassificationMeter::auc() const
{
    // Mann-Whitney U with mid-ranks for ties.
    const std::size_t n = m_logits.size();
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
        [&](std::size_t a, std::size_t b) { return m_logits[a] < m_logits[b]; });
    double rankSumPositive = 0.0;
    std::size_t positives = 0;
    for (std::size_t i = 0; i < n;) {
        std::size_t j = i;
        while (j < n && m_logits[order[j]] == m_logits[order[i]]) {
            ++j;
        }
        const double midRank = 0.5 * static_cast<double>(i + 1 + j); // ranks i+1 .. j
        for (std::size_t k = i; k < j; ++k) {
            if (m_labels[order[k]] >= 0.5) {
                rankSumPositive += midRank;
                ++positives;
            }
        }
        i = j;
    }
    const std::size_t negatives = n - positives;
    if (positives == 0 || negatives == 0) {
        return 0.5;
    }
    const auto p = static_cast<double>(positives);
    return (rankSumPositive - p * (p + 1.0) / 2.0) / (p * static_cast<double>(negatives));
}

double ClassificationMeter::logLoss() const
{
    return m_logits.empty() ? 0.0 : m_bce / static_cast<double>(m_logits.size());
}

void KlMeter::add(double teacherLogit, double studentLogit)
{
    m_sum += bernoulliKl(teacherLogit / m_temperature, studentLogit / m_temperature);
    ++m_count;
}

void KlMeter::reset()
{
    m_sum = 0.0;
    m_count = 0;
}

double KlMeter::value() const
{
    return m_count == 0 ? 0.0 : m_sum / static_cast<double>(m_count);
}

void RankingMeter::add(double positiveScore, const double* negativeScores, std::size_t count)
{
    long long rank = 1;
    for (std::size_t k = 0; k < count; ++k) {
        if (negativeScores[k] >= positiveScore) { // ties count against the model
            ++rank;
        }
    }
    m_ranks.push_back(rank);
}

double RankingMeter::hitRate(int k) const
{
    if (m_ranks.empty()) {
        return 0.0;
    }
    const auto hits
        = std::count_if(m_ranks.begin(), m_ranks.end(), [k](long long r) { return r <= k; });
    return static_cast<double>(hits) / static_cast<double>(m_ranks.size());
}

double RankingMeter::ndcg(int k) const
{
    if (m_ranks.empty()) {
        return 0.0;
    }
    double sum = 0.0;
    for (auto r : m_ranks) {
        if (r <= k) {
            sum += 1.0 / std::log2(static_cast<double>(r) + 1.0);
        }
    }
    return sum / static_cast<double>(m_ranks.size());
}

double RankingMeter::mrr(int k) const
{
    if (m_ranks.empty()) {
        return 0.0;
    }
    double sum = 0.0;
    for (auto r : m_ranks) {
        if (r <= k) {
            sum += 1.0 / static_cast<double>(r);
        }
    }
    return sum / static_cast<double>(m_ranks.size());
}

} // namespace kdw::eval
