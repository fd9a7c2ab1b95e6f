// SPDX-License-Identifier: MIT
// Ranking distillation (Tang and Wang 2018): each batch user's top-K unobserved items by the
// teacher ride along as extra pairs; the term is w·(-mean_users Σ_r w_r log σ(s_{π_r})) with
// position weights w_r ∝ exp(-r/λ), added to the loss. A user's list may be shorter than K.
#include <algorithm>

#include "core/distill/losses.h"
#include "core/eval/metric_catalogue.h"
#include "core/train/terms/term.h"

namespace kdw::train::terms {
namespace {

template <typename T> class RankingTerm final : public Term<T> {
public:
    explicit RankingTerm(const RankingConfig& config)
        : m_weights(distill::rankingWeights<T>(config.topK, static_cast<T>(config.lambda)))
        , m_weight(static_cast<T>(config.weight))
    {
    }

    [[nodiscard]] bool extendsBatch() const override { return true; }

    void extendBatch(const IdVec& batchUsers, const std::vector<IdVec>* teacherTopK, IdVec& users,
        IdVec& items) override
    {
        m_lengths.clear();
        if (teacherTopK == nullptr) {
            return;
        }
        m_users.assign(batchUsers.begin(), batchUsers.end());
        std::sort(m_users.begin(), m_users.end());
        m_users.erase(std::unique(m_users.begin(), m_users.end()), m_users.end());
        // A user's list holds min(top_k, unobserved items) items: lists are ragged, never
        // assumed to be top_k long.
        for (auto u : m_users) {
            const auto& list = (*teacherTopK)[static_cast<std::size_t>(u)];
            const auto n
                = std::min<std::size_t>(list.size(), static_cast<std::size_t>(m_weights.size()));
            m_lengths.push_back(static_cast<Index>(n));
            for (std::size_t r = 0; r < n; ++r) {
                users.push_back(u);
                items.push_back(list[r]);
            }
        }
    }

    void apply(const TermBatch<T>& batch, TermSums<T>& sums) override
    {
        const auto& logits = *batch.logits;
        if (logits.size() <= batch.len) {
            return; // no list rode along
        }
        const Index listed = logits.size() - batch.len; // the sum of m_lengths
        auto rd = distill::rankingDistillationRagged<T>(
            RowVec<T>(logits.rightCols(listed)), m_lengths, m_weights);
        sums.dLogits->rightCols(listed) = m_weight * rd.grad;
        sums.loss += m_weight * rd.value;
        sums.record(eval::metric::kRankingLoss, rd.value, batch.len);
    }

private:
    Vec<T> m_weights; // w_r, r = 1..K
    T m_weight;
    IdVec m_users; // the batch's distinct users, sorted
    std::vector<Index> m_lengths; // per m_users entry, its list's length (<= top_k)
};

} // namespace

template <typename T> TermPtr<T> makeRankingTerm(const RankingConfig& config)
{
    return std::make_unique<RankingTerm<T>>(config);
}

template TermPtr<float> makeRankingTerm<float>(const RankingConfig&);
template TermPtr<double> makeRankingTerm<double>(const RankingConfig&);

} // namespace kdw::train::terms
