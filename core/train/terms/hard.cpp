// SPDX-License-Identifier: MIT
// The hard loss: BCE(y, σ(s)) on the labelled pairs, from logits (gradient σ(s) - y, over B).
#include "core/distill/losses.h"
#include "core/eval/metric_catalogue.h"
#include "core/train/terms/term.h"

namespace kdw::train::terms {
namespace {

template <typename T> class HardTerm final : public Term<T> {
public:
    void apply(const TermBatch<T>& batch, TermSums<T>& sums) override
    {
        const auto n = batch.len;
        auto hard
            = distill::binaryCrossEntropy(RowVec<T>(batch.logits->leftCols(n)), *batch.labels);
        sums.record(eval::metric::kHardLoss, hard.value, n);
        sums.loss = hard.value;
        sums.dLogits->leftCols(n) = hard.grad;
    }
};

} // namespace

template <typename T> TermPtr<T> makeHardTerm()
{
    return std::make_unique<HardTerm<T>>();
}

template TermPtr<float> makeHardTerm<float>();
template TermPtr<double> makeHardTerm<double>();

} // namespace kdw::train::terms
