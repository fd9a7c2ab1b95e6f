// SPDX-License-Identifier: MIT
#include "core/train/objective.h"

#include <algorithm>

#include "core/common/compute_threads.h"
#include "core/distill/losses.h"
#include "core/distill/relational.h"

namespace kdw::train {

template <typename T>
BatchObjective<T>::BatchObjective(const DistillationConfig& method, nn::Model<T>& model, nn::Model<T>* teacher,
                                  int group, Rng& initRng)
    : m_method(method), m_model(model), m_teacher(teacher), m_group(group)
{
    m_hard = teacher == nullptr || method.uses("none");
    if (m_hard) {
        return;
    }
    if (method.uses("hint")) {
        m_regressor = std::make_unique<nn::Dense<T>>(model.representationSize(method.hint.studentLayer),
                                                     teacher->representationSize(method.hint.teacherLayer),
                                                     nn::Activation::Identity);
        m_regressor->initialize(initRng);
    }
    if (method.uses("ranking")) {
        m_rankWeights = distill::rankingWeights<T>(method.ranking.topK, static_cast<T>(method.ranking.lambda));
    }
}

template <typename T>
BatchObjective<T>::~BatchObjective() = default;

template <typename T>
std::vector<nn::Parameter<T>> BatchObjective<T>::extraParameters()
{
    if (!m_regressor) {
        return {};
    }
    auto& r = *m_regressor;
    return {{"hint.weight", r.weight().data(), r.weightGrad().data(), r.weight().rows(), r.weight().cols(), nullptr},
            {"hint.bias", r.bias().data(), r.biasGrad().data(), r.bias().rows(), 1, nullptr}};
}

template <typename T>
void BatchObjective<T>::addTerm(std::map<std::string, double>* terms, const char* name, T value, Index n) const
{
    if (terms != nullptr) {
        (*terms)[name] += static_cast<double>(value) * static_cast<double>(n);
    }
}

template <typename T>
T BatchObjective<T>::evaluate(const IdVec& users, const IdVec& items, const std::vector<float>& labels, Rng* dropout,
                              bool backward, std::map<std::string, double>* terms)
{
    const auto len = static_cast<Index>(labels.size());
    const Eigen::Map<const RowVec<float>> y(labels.data(), len);
    const auto& m = m_method;

    // Ranking distillation: each batch user's teacher top-K items ride along as extra columns.
    const bool ranking = !m_hard && m.uses("ranking") && m_topK != nullptr;
    const IdVec* us = &users;
    const IdVec* is = &items;
    if (ranking) {
        m_rankUsers.assign(users.begin(), users.end());
        std::sort(m_rankUsers.begin(), m_rankUsers.end());
        m_rankUsers.erase(std::unique(m_rankUsers.begin(), m_rankUsers.end()), m_rankUsers.end());
        m_users = users;
        m_items = items;
        // A user's list holds min(top_k, unobserved items) items: lists are ragged, never
        // assumed to be top_k long.
        m_rankLengths.clear();
        for (auto u : m_rankUsers) {
            const auto& list = (*m_topK)[static_cast<std::size_t>(u)];
            const auto n = std::min<std::size_t>(list.size(), static_cast<std::size_t>(m_rankWeights.size()));
            m_rankLengths.push_back(static_cast<Index>(n));
            for (std::size_t r = 0; r < n; ++r) {
                m_users.push_back(u);
                m_items.push_back(list[r]);
            }
        }
        us = &m_users;
        is = &m_items;
    }

    const int modelThreads = threadsFor(m_model.multiplyAddsPerExample(), m_threads);
    kdw::setComputeThreads(modelThreads);
    const RowVec<T>& logits = m_model.forward(*us, *is, dropout);
    const auto cols = logits.size();
    const auto s = logits.leftCols(len);
    m_dLogits.setZero(cols);
    m_extra.clear();
    auto hard = distill::binaryCrossEntropy(RowVec<T>(s), y);
    addTerm(terms, "hard_loss", hard.value, len);
    T loss = hard.value;
    m_dLogits.leftCols(len) = hard.grad;

    if (!m_hard) {
        // The teacher is frozen: inference only, no dropout, no gradient.
        kdw::setComputeThreads(threadsFor(m_teacher->multiplyAddsPerExample(), m_threads));
        const RowVec<T> t = m_teacher->forward(users, items, nullptr);
        kdw::setComputeThreads(modelThreads);
        const auto alpha = static_cast<T>(m.alpha);
        const auto temp = static_cast<T>(m.temperature);
        if (m.uses("soft_target") && !m.listwise) {
            auto st = distill::softTargetPointwise(RowVec<T>(s), t, y, temp, alpha);
            m_dLogits.leftCols(len) = st.grad;
            loss = st.loss;
            addTerm(terms, "soft_loss", st.soft, len);
        } else if (m.uses("soft_target")) {
            // Lists are consecutive groups of (1 + negatives) pairs, one list per column.
            const Index lists = len / m_group;
            const Index listed = lists * m_group;
            const Eigen::Map<const Mat<T>> sm(s.data(), m_group, lists);
            const Eigen::Map<const Mat<T>> tm(t.data(), m_group, lists);
            auto lw = distill::softTargetListwise<T>(sm, tm, temp);
            m_dLogits.leftCols(len) *= (T(1) - alpha);
            m_dLogits.leftCols(listed) += alpha * Eigen::Map<const RowVec<T>>(lw.grad.data(), listed);
            loss = (T(1) - alpha) * hard.value + alpha * lw.value;
            addTerm(terms, "soft_loss", lw.value, len);
        } else if (m.uses("logit_matching")) {
            auto lm = distill::logitMatching(RowVec<T>(s), t);
            m_dLogits.leftCols(len) = (T(1) - alpha) * hard.grad + alpha * lm.grad;
            loss = (T(1) - alpha) * hard.value + alpha * lm.value;
            addTerm(terms, "logit_loss", lm.value, len);
        }
        if (ranking && cols > len) {
            const Index listed = cols - len; // the sum of m_rankLengths
            auto rd = distill::rankingDistillationRagged<T>(RowVec<T>(logits.rightCols(listed)), m_rankLengths,
                                                            m_rankWeights);
            const auto w = static_cast<T>(m.ranking.weight);
            m_dLogits.rightCols(listed) = w * rd.grad;
            loss += w * rd.value;
            addTerm(terms, "ranking_loss", rd.value, len);
        }
        if (m.uses("hint")) {
            const Mat<T> hs = m_model.representation(m.hint.studentLayer).leftCols(len);
            const Mat<T>& ht = m_teacher->representation(m.hint.teacherLayer);
            const Mat<T> regressed = m_regressor->forward(hs, nullptr);
            auto h = distill::hintMse<T>(regressed, ht);
            const auto beta = static_cast<T>(m.hint.beta);
            loss += beta * h.value;
            addTerm(terms, "hint_loss", h.value, len);
            if (backward) {
                Mat<T> g = beta * h.grad;
                Mat<T> dhs;
                m_regressor->backward(g, &dhs);
                Mat<T> full = Mat<T>::Zero(dhs.rows(), cols);
                full.leftCols(len) = dhs;
                m_extra[m.hint.studentLayer] = std::move(full);
            }
        }
        if (m.uses("relation")) {
            const auto& layer = m.relation.layer;
            const Mat<T> hs = m_model.representation(layer).leftCols(len);
            const Mat<T>& ht = m_teacher->representation(layer);
            Mat<T> full = Mat<T>::Zero(hs.rows(), cols);
            if (m.relation.distanceWeight > 0.0 && len >= 2) {
                const auto rd = distill::rkdDistance<T>(hs, ht);
                const auto w = static_cast<T>(m.relation.distanceWeight);
                full.leftCols(len) += w * rd.grad;
                loss += w * rd.value;
                addTerm(terms, "rkd_distance_loss", rd.value, len);
            }
            // The angle term is O(N^3): it looks at the first angle_sample examples of the batch
            // (the batch is shuffled, so they are a random sample).
            const Index sample = std::min<Index>(len, m.relation.angleSample);
            if (m.relation.angleWeight > 0.0 && sample >= 3) {
                const auto ra = distill::rkdAngle<T>(hs.leftCols(sample), ht.leftCols(sample));
                const auto w = static_cast<T>(m.relation.angleWeight);
                full.leftCols(sample) += w * ra.grad;
                loss += w * ra.value;
                addTerm(terms, "rkd_angle_loss", ra.value, len);
            }
            auto& slot = m_extra[layer];
            slot = slot.size() == 0 ? std::move(full) : Mat<T>(slot + full);
        }
    }
    if (backward) {
        m_model.backward(m_dLogits, m_extra.empty() ? nullptr : &m_extra);
    }
    return loss;
}

template class BatchObjective<float>;
template class BatchObjective<double>;

} // namespace kdw::train
