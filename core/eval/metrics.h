// SPDX-License-Identifier: MIT
// The evaluation metrics of DISTILLATION.md as small accumulators (add / reset / value) so that
// they stream over batches.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace kdw::eval {

// Accuracy, precision, recall, F1 at threshold 0.5 on sigma(logit), AUC (ties counted half) and
// log loss, over labelled pairs.
class ClassificationMeter {
public:
    void add(double logit, double label);
    void reset();
    [[nodiscard]] std::size_t count() const { return m_logits.size(); }
    [[nodiscard]] double accuracy() const;
    [[nodiscard]] double precision() const; // 0 when nothing is predicted positive
    [[nodiscard]] double recall() const; // 0 when there is no positive
    [[nodiscard]] double f1() const; // 0 when precision + recall = 0
    [[nodiscard]] double auc() const; // 0.5 when one class is absent
    [[nodiscard]] double logLoss() const; // mean BCE from logits

private:
    std::vector<double> m_logits;
    std::vector<double> m_labels;
    std::size_t m_tp = 0, m_fp = 0, m_tn = 0, m_fn = 0;
    double m_bce = 0.0;
};

// Mean KL(Bern(sigma(t/T)) || Bern(sigma(s/T))) over pairs of teacher and student logits.
class KlMeter {
public:
    explicit KlMeter(double temperature = 1.0)
        : m_temperature(temperature)
    {
    }
    void add(double teacherLogit, double studentLogit);
    void reset();
    [[nodiscard]] double value() const;
    [[nodiscard]] double temperature() const { return m_temperature; }

private:
    double m_temperature;
    double m_sum = 0.0;
    std::size_t m_count = 0;
};

// Leave-one-out ranking: per user, the held-out positive's score against its negatives' (sampled,
// or every unseen item under full ranking).
// rank = 1 + #(negatives scoring >= the positive);  HR@K = mean[rank <= K];
// NDCG@K = mean [rank <= K] / log2(rank + 1);  MRR@K = mean [rank <= K] / rank.
class RankingMeter {
public:
    void add(double positiveScore, const double* negativeScores, std::size_t count);
    void addRank(long long rank) { m_ranks.push_back(rank); } // a rank >= 1 found elsewhere
    void reset() { m_ranks.clear(); }
    [[nodiscard]] std::size_t users() const { return m_ranks.size(); }
    [[nodiscard]] double hitRate(int k) const;
    [[nodiscard]] double ndcg(int k) const;
    [[nodiscard]] double mrr(int k) const;

private:
    std::vector<long long> m_ranks;
};

} // namespace kdw::eval
