// SPDX-License-Identifier: MIT
// The loss of one training batch and its gradients: the hard loss on the labels, and for a
// distilled student the terms of its method (DISTILLATION.md), each weighted as configured.
// Used by the trainer for both phases, and by the tests to check every method's gradient through
// the whole student against central differences.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/common/random.h"
#include "core/common/types.h"
#include "core/nn/model.h"
#include "core/nn/optimizer.h"
#include "core/train/config.h"
#include "core/train/terms/term.h"

namespace kdw::train {

template <typename T> class BatchObjective {
public:
    // `teacher` is null for a phase trained on the labels alone. `group` is the size of one
    // candidate list (1 + negatives) for listwise soft targets. The hint regressor, if the method
    // has one, is initialised from initRng. The method text is parsed here, once (MethodSet).
    // Throws ConfigError for a method text MethodSet::parse refuses.
    BatchObjective(const DistillationConfig& method, nn::Model<T>& model, nn::Model<T>* teacher,
        int group, Rng& initRng);
    ~BatchObjective();
    BatchObjective(const BatchObjective&) = delete;
    BatchObjective& operator=(const BatchObjective&) = delete;

    // Compute threads the products may use: each model gets them when it is large enough to
    // profit (threadsFor), else one. Set on the calling thread only (setComputeThreads).
    void setComputeThreads(int threads) { m_threads = threads; }

    // Ranking distillation: per user, the teacher's top-K unobserved items (not owned). A list
    // may be shorter than K (a user with fewer unobserved items); see rankingDistillationRagged.
    void setTeacherTopK(const std::vector<IdVec>* topK) { m_topK = topK; }

    // The loss of a batch of `labels.size()` labelled pairs. With `backward`, the gradients of the
    // model (and of the hint regressor) are written; sparse ones accumulate until cleared. Each
    // term's value is added to `terms` times the batch size, when given.
    T evaluate(const IdVec& users, const IdVec& items, const std::vector<float>& labels,
        Rng* dropout, bool backward, std::map<std::string, double>* terms = nullptr);

    // Parameters trained with the model besides its own (the hint regressor's).
    std::vector<nn::Parameter<T>> extraParameters();

private:
    nn::Model<T>& m_model;
    nn::Model<T>* m_teacher; // null when the terms are the hard loss alone
    std::vector<terms::TermPtr<T>> m_terms; // in the order they combine (terms::makeTerms)
    bool m_extendsBatch = false; // some term appends pairs (ranking)
    const std::vector<IdVec>* m_topK = nullptr;
    int m_threads = 1;
    // Per-batch buffers, kept to avoid reallocating.
    IdVec m_users, m_items;
    RowVec<T> m_dLogits;
    std::map<std::string, Mat<T>> m_extra;
};

extern template class BatchObjective<float>;
extern template class BatchObjective<double>;

} // namespace kdw::train
