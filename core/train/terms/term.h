// SPDX-License-Identifier: MIT
// One term of a batch's loss (DISTILLATION.md): the hard loss on the labels, or one distillation
// method's term. BatchObjective runs the student (and the frozen teacher) forward once, then asks
// each term of the run's method set, in a fixed order, to add its value and its gradients. A new
// method is a new file here: its class, its make...Term function, and one line in makeTerms.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/random.h"
#include "core/common/types.h"
#include "core/nn/model.h"
#include "core/train/config.h"

namespace kdw::train::terms {

// What a term sees of one batch after the forward passes. The first `len` columns of the student's
// logits are the labelled pairs; columns after them are pairs a term appended (ranking).
template <typename T> struct TermBatch {
    Index len = 0;
    const RowVec<T>* logits = nullptr; // student, 1 x cols
    const Eigen::Map<const RowVec<float>>* labels = nullptr; // 1 x len, in {0, 1}
    const RowVec<T>* teacherLogits = nullptr; // 1 x len; null in a phase without a teacher
    nn::Model<T>* student = nullptr; // its forward caches hold this batch
    nn::Model<T>* teacher = nullptr; // frozen; null without a teacher
    bool backward = false; // whether gradients are wanted
};

// Where terms put their results. `loss` and `dLogits` (1 x cols, dLoss/dlogit) start at zero; the
// hard term writes them first, a logit-based term may re-mix them with its own (the α of
// DISTILLATION.md), the others add to them. `extra` holds gradients into named representations
// (rows x cols each). `values`, when given, receives each term's value times the batch size,
// under its metric name (metric::kHardLoss, ...).
template <typename T> struct TermSums {
    T loss = T(0);
    RowVec<T>* dLogits = nullptr;
    std::map<std::string, Mat<T>>* extra = nullptr;
    std::map<std::string, double>* values = nullptr;

    void record(std::string_view metric, T value, Index n) const
    {
        if (values != nullptr) {
            (*values)[std::string(metric)] += static_cast<double>(value) * static_cast<double>(n);
        }
    }
};

template <typename T> class Term {
public:
    Term() = default;
    virtual ~Term() = default;
    Term(const Term&) = delete;
    Term& operator=(const Term&) = delete;

    // A term that scores pairs besides the batch's (ranking distillation) appends them to `users`
    // and `items`, which start as copies of the batch. `teacherTopK` may be null (none computed).
    [[nodiscard]] virtual bool extendsBatch() const { return false; }
    virtual void extendBatch(
        const IdVec& batchUsers, const std::vector<IdVec>* teacherTopK, IdVec& users, IdVec& items)
    {
        (void)batchUsers, (void)teacherTopK, (void)users, (void)items;
    }

    // Adds this term's value to `sums.loss` and its gradients to `sums` (see TermSums).
    virtual void apply(const TermBatch<T>& batch, TermSums<T>& sums) = 0;

    // Parameters the term learns with the student (the hint regressor's); none by default.
    virtual std::vector<nn::Parameter<T>> parameters() { return {}; }
};

template <typename T> using TermPtr = std::unique_ptr<Term<T>>;

// The terms of a phase, in the order they are applied: the hard loss, then the logit-based term of
// `methods` (if any), ranking, hint, relation. `teacher` null (or a set of none) gives the hard
// loss alone. `group` is the candidate-list length (1 + negatives) of listwise soft targets; the
// hint regressor is initialised from `initRng`.
template <typename T>
std::vector<TermPtr<T>> makeTerms(const DistillationConfig& config, const MethodSet& methods,
    nn::Model<T>& student, nn::Model<T>* teacher, int group, Rng& initRng);

// One per file.
template <typename T> TermPtr<T> makeHardTerm();
template <typename T> TermPtr<T> makeSoftTargetPointwiseTerm(const DistillationConfig& config);
template <typename T>
TermPtr<T> makeSoftTargetListwiseTerm(const DistillationConfig& config, int group);
template <typename T> TermPtr<T> makeLogitMatchingTerm(const DistillationConfig& config);
template <typename T> TermPtr<T> makeRankingTerm(const RankingConfig& config);
template <typename T>
TermPtr<T> makeHintTerm(const HintConfig& config, const nn::Model<T>& student,
    const nn::Model<T>& teacher, Rng& initRng);
template <typename T> TermPtr<T> makeRelationTerm(const RelationConfig& config);

} // namespace kdw::train::terms
