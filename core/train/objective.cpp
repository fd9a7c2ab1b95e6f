// SPDX-License-Identifier: MIT
#include "core/train/objective.h"

#include "core/common/compute_threads.h"

namespace kdw::train {

template <typename T>
BatchObjective<T>::BatchObjective(const DistillationConfig& method, nn::Model<T>& model,
    nn::Model<T>* teacher, int group, Rng& initRng)
    : m_model(model)
    , m_teacher(teacher)
{
    const MethodSet methods = teacher == nullptr ? MethodSet {} : method.methodSet();
    m_terms = terms::makeTerms<T>(method, methods, model, teacher, group, initRng);
    if (m_terms.size() == 1) {
        m_teacher = nullptr; // the hard loss alone never asks the teacher
    }
    for (const auto& term : m_terms) {
        m_extendsBatch = m_extendsBatch || term->extendsBatch();
    }
}

template <typename T> BatchObjective<T>::~BatchObjective() = default;

template <typename T> std::vector<nn::Parameter<T>> BatchObjective<T>::extraParameters()
{
    std::vector<nn::Parameter<T>> out;
    for (const auto& term : m_terms) {
        auto p = term->parameters();
        out.insert(out.end(), p.begin(), p.end());
    }
    return out;
}

template <typename T>
T BatchObjective<T>::evaluate(const IdVec& users, const IdVec& items,
    const std::vector<float>& labels, Rng* dropout, bool backward,
    std::map<std::string, double>* terms)
{
    const auto len = static_cast<Index>(labels.size());
    const Eigen::Map<const RowVec<float>> y(labels.data(), len);

    // Pairs a term scores besides the batch's (ranking distillation) ride along as extra columns.
    const IdVec* us = &users;
    const IdVec* is = &items;
    if (m_extendsBatch && m_topK != nullptr) {
        m_users = users;
        m_items = items;
        for (const auto& term : m_terms) {
            term->extendBatch(users, m_topK, m_users, m_items);
        }
        us = &m_users;
        is = &m_items;
    }

    const int modelThreads = threadsFor(m_model.multiplyAddsPerExample(), m_threads);
    kdw::setComputeThreads(modelThreads);
    terms::TermBatch<T> batch;
    batch.len = len;
    batch.logits = &m_model.forward(*us, *is, dropout);
    batch.labels = &y;
    batch.student = &m_model;
    batch.backward = backward;
    RowVec<T> teacherLogits;
    if (m_teacher != nullptr) {
        // The teacher is frozen: inference only, no dropout, no gradient.
        kdw::setComputeThreads(threadsFor(m_teacher->multiplyAddsPerExample(), m_threads));
        teacherLogits = m_teacher->forward(users, items, nullptr);
        kdw::setComputeThreads(modelThreads);
        batch.teacherLogits = &teacherLogits;
        batch.teacher = m_teacher;
    }

    m_dLogits.setZero(batch.logits->size());
    m_extra.clear();
    terms::TermSums<T> sums;
    sums.dLogits = &m_dLogits;
    sums.extra = &m_extra;
    sums.values = terms;
    for (const auto& term : m_terms) {
        term->apply(batch, sums);
    }
    if (backward) {
        m_model.backward(m_dLogits, m_extra.empty() ? nullptr : &m_extra);
    }
    return sums.loss;
}

template class BatchObjective<float>;
template class BatchObjective<double>;

} // namespace kdw::train
