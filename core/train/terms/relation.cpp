// SPDX-License-Identifier: MIT
// Relational knowledge distillation (Park et al. 2019) on one representation of both models:
// w_d·smoothL1 of normalised pairwise distances (RKD-D) plus w_a·smoothL1 of the angles of
// triplets (RKD-A). The angle term is O(N³): it looks at the first angle_sample examples of the
// batch (the batch is shuffled, so they are a random sample).
#include <algorithm>

#include "core/distill/relational.h"
#include "core/eval/metric_catalogue.h"
#include "core/train/terms/term.h"

namespace kdw::train::terms {
namespace {

template <typename T> class RelationTerm final : public Term<T> {
public:
    explicit RelationTerm(const RelationConfig& config)
        : m_config(config)
    {
    }

    void apply(const TermBatch<T>& batch, TermSums<T>& sums) override
    {
        const auto n = batch.len;
        const auto& layer = m_config.layer;
        const Mat<T> hs = batch.student->representation(layer).leftCols(n);
        const Mat<T>& ht = batch.teacher->representation(layer);
        Mat<T> full = Mat<T>::Zero(hs.rows(), batch.logits->size());
        if (m_config.distanceWeight > 0.0 && n >= 2) {
            const auto rd = distill::rkdDistance<T>(hs, ht);
            const auto w = static_cast<T>(m_config.distanceWeight);
            full.leftCols(n) += w * rd.grad;
            sums.loss += w * rd.value;
            sums.record(eval::metric::kRkdDistanceLoss, rd.value, n);
        }
        const Index sample = std::min<Index>(n, m_config.angleSample);
        if (m_config.angleWeight > 0.0 && sample >= 3) {
            const auto ra = distill::rkdAngle<T>(hs.leftCols(sample), ht.leftCols(sample));
            const auto w = static_cast<T>(m_config.angleWeight);
            full.leftCols(sample) += w * ra.grad;
            sums.loss += w * ra.value;
            sums.record(eval::metric::kRkdAngleLoss, ra.value, n);
        }
        auto& slot = (*sums.extra)[layer];
        slot = slot.size() == 0 ? std::move(full) : Mat<T>(slot + full);
    }

private:
    RelationConfig m_config;
};

} // namespace

template <typename T> TermPtr<T> makeRelationTerm(const RelationConfig& config)
{
    return std::make_unique<RelationTerm<T>>(config);
}

template TermPtr<float> makeRelationTerm<float>(const RelationConfig&);
template TermPtr<double> makeRelationTerm<double>(const RelationConfig&);

} // namespace kdw::train::terms
