// SPDX-License-Identifier: MIT
// Soft targets on one logit per pair (Hinton et al. 2015): (1-α)·hard + α·T²·KL(Bern(σ(t/T)) ‖
// Bern(σ(s/T))); it replaces the hard term's value and gradient with the mixture.
#include "core/distill/losses.h"
#include "core/eval/metric_catalogue.h"
#include "core/train/terms/term.h"

namespace kdw::train::terms {
namespace {

template <typename T> class SoftTargetPointwiseTerm final : public Term<T> {
public:
    explicit SoftTargetPointwiseTerm(const DistillationConfig& config)
        : m_temperature(static_cast<T>(config.temperature))
        , m_alpha(static_cast<T>(config.alpha))
    {
    }

    void apply(const TermBatch<T>& batch, TermSums<T>& sums) override
    {
        const auto n = batch.len;
        auto st = distill::softTargetPointwise(RowVec<T>(batch.logits->leftCols(n)),
            *batch.teacherLogits, *batch.labels, m_temperature, m_alpha);
        sums.dLogits->leftCols(n) = st.grad;
        sums.loss = st.loss;
        sums.record(eval::metric::kSoftLoss, st.soft, n);
    }

private:
    T m_temperature;
    T m_alpha;
};

} // namespace

template <typename T> TermPtr<T> makeSoftTargetPointwiseTerm(const DistillationConfig& config)
{
    return std::make_unique<SoftTargetPointwiseTerm<T>>(config);
}

template TermPtr<float> makeSoftTargetPointwiseTerm<float>(const DistillationConfig&);
template TermPtr<double> makeSoftTargetPointwiseTerm<double>(const DistillationConfig&);

} // namespace kdw::train::terms
