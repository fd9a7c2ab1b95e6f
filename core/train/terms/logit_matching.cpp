// SPDX-License-Identifier: MIT
// Logit matching (Ba and Caruana 2014): mean (s - t)², mixed with the hard loss as
// (1-α)·hard + α·matching.
#include "core/distill/losses.h"
#include "core/eval/metric_catalogue.h"
#include "core/train/terms/term.h"

namespace kdw::train::terms {
namespace {

template <typename T> class LogitMatchingTerm final : public Term<T> {
public:
    explicit LogitMatchingTerm(const DistillationConfig& config)
        : m_alpha(static_cast<T>(config.alpha))
    {
    }

    void apply(const TermBatch<T>& batch, TermSums<T>& sums) override
    {
        const auto n = batch.len;
        auto lm
            = distill::logitMatching(RowVec<T>(batch.logits->leftCols(n)), *batch.teacherLogits);
        // dLogits and loss hold the hard loss's gradient and value.
        sums.dLogits->leftCols(n)
            = (T(1) - m_alpha) * sums.dLogits->leftCols(n) + m_alpha * lm.grad;
        sums.loss = (T(1) - m_alpha) * sums.loss + m_alpha * lm.value;
        sums.record(eval::metric::kLogitLoss, lm.value, n);
    }

private:
    T m_alpha;
};

} // namespace

template <typename T> TermPtr<T> makeLogitMatchingTerm(const DistillationConfig& config)
{
    return std::make_unique<LogitMatchingTerm<T>>(config);
}

template TermPtr<float> makeLogitMatchingTerm<float>(const DistillationConfig&);
template TermPtr<double> makeLogitMatchingTerm<double>(const DistillationConfig&);

} // namespace kdw::train::terms
