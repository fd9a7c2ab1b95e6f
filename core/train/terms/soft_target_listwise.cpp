// SPDX-License-Identifier: MIT
// Soft targets over candidate lists: T²·mean_rows KL(softmax(t/T) ‖ softmax(s/T)), each list one
// user's positive and its sampled negatives, mixed with the hard loss as (1-α)·hard + α·listwise.
#include "core/distill/losses.h"
#include "core/eval/metric_catalogue.h"
#include "core/train/terms/term.h"

namespace kdw::train::terms {
namespace {

template <typename T> class SoftTargetListwiseTerm final : public Term<T> {
public:
    SoftTargetListwiseTerm(const DistillationConfig& config, int group)
        : m_temperature(static_cast<T>(config.temperature))
        , m_alpha(static_cast<T>(config.alpha))
        , m_group(group)
    {
    }

    void apply(const TermBatch<T>& batch, TermSums<T>& sums) override
    {
        const auto n = batch.len;
        // Lists are consecutive groups of (1 + negatives) pairs, one list per column.
        const Index lists = n / m_group;
        const Index listed = lists * m_group;
        const Eigen::Map<const Mat<T>> sm(batch.logits->data(), m_group, lists);
        const Eigen::Map<const Mat<T>> tm(batch.teacherLogits->data(), m_group, lists);
        auto lw = distill::softTargetListwise<T>(sm, tm, m_temperature);
        auto& d = *sums.dLogits;
        d.leftCols(n) *= (T(1) - m_alpha);
        d.leftCols(listed) += m_alpha * Eigen::Map<const RowVec<T>>(lw.grad.data(), listed);
        sums.loss = (T(1) - m_alpha) * sums.loss + m_alpha * lw.value; // sums.loss: the hard loss
        sums.record(eval::metric::kSoftLoss, lw.value, n);
    }

private:
    T m_temperature;
    T m_alpha;
    Index m_group;
};

} // namespace

template <typename T>
TermPtr<T> makeSoftTargetListwiseTerm(const DistillationConfig& config, int group)
{
    return std::make_unique<SoftTargetListwiseTerm<T>>(config, group);
}

template TermPtr<float> makeSoftTargetListwiseTerm<float>(const DistillationConfig&, int);
template TermPtr<double> makeSoftTargetListwiseTerm<double>(const DistillationConfig&, int);

} // namespace kdw::train::terms
