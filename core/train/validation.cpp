// SPDX-License-Identifier: MIT
#include "core/train/validation.h"

#include <algorithm>

#include "core/eval/metric_catalogue.h"
#include "core/eval/metrics.h"

namespace kdw::train {

namespace metric = eval::metric;

RankingPairs::RankingPairs(const data::Split& split)
{
    offsets.push_back(0);
    for (std::size_t e = 0; e < split.evalUsers.size(); ++e) {
        users.push_back(split.evalUsers[e]);
        items.push_back(split.heldOut[e]);
        for (auto item : split.evalNegatives[e]) {
            users.push_back(split.evalUsers[e]);
            items.push_back(item);
        }
        offsets.push_back(users.size());
    }
}

namespace {

// HR@K and NDCG@K of the leave-one-out ranking, for every K of `cutoffs`.
void addRankingMetrics(nn::Model<float>& model, const RankingPairs& pairs,
    const std::vector<int>& cutoffs, std::map<std::string, double>& m)
{
    const RowVec<float> scores = model.predict(pairs.users, pairs.items);
    eval::RankingMeter rank;
    std::vector<double> negs;
    for (std::size_t e = 0; e + 1 < pairs.offsets.size(); ++e) {
        const auto a = static_cast<Index>(pairs.offsets[e]);
        const auto b = static_cast<Index>(pairs.offsets[e + 1]);
        negs.assign(scores.data() + a + 1, scores.data() + b);
        rank.add(scores[a], negs.data(), negs.size());
    }
    for (auto k : cutoffs) {
        m[metric::hitRate(k)] = rank.hitRate(k);
        m[metric::ndcg(k)] = rank.ndcg(k);
        m[metric::mrr(k)] = rank.mrr(k);
    }
}

} // namespace

std::map<std::string, double> validationMetrics(nn::Model<float>& model, const data::Split& split,
    const RankingPairs& ranking, const std::vector<int>& cutoffs,
    const RowVec<float>* teacherValidation, double temperature)
{
    std::map<std::string, double> m;
    const RowVec<float> val = model.predict(split.validation.users, split.validation.items);
    eval::ClassificationMeter cls;
    for (Index k = 0; k < val.size(); ++k) {
        cls.add(val[k], split.validation.labels[static_cast<std::size_t>(k)]);
    }
    m[std::string(metric::kValLoss)] = cls.logLoss();
    m[std::string(metric::kAccuracy)] = cls.accuracy();
    m[std::string(metric::kPrecision)] = cls.precision();
    m[std::string(metric::kRecall)] = cls.recall();
    m[std::string(metric::kF1)] = cls.f1();
    m[std::string(metric::kAuc)] = cls.auc();
    addRankingMetrics(model, ranking, cutoffs, m);
    if (teacherValidation != nullptr) {
        const auto& t = *teacherValidation;
        eval::KlMeter kl1(1.0);
        eval::KlMeter klT(temperature);
        for (Index k = 0; k < val.size(); ++k) {
            kl1.add(t[k], val[k]);
            klT.add(t[k], val[k]);
        }
        m[std::string(metric::kKl)] = kl1.value();
        m[std::string(metric::kKlAtTemperature)] = klT.value();
    }
    return m;
}

std::vector<IdVec> teacherTopK(
    nn::Model<float>& teacher, const data::Split& split, int topK, const StopToken& stop)
{
    const auto numItems = split.numItems;
    std::vector<IdVec> out(static_cast<std::size_t>(split.numUsers));
    IdVec us(static_cast<std::size_t>(numItems));
    IdVec is(static_cast<std::size_t>(numItems));
    for (std::int32_t i = 0; i < numItems; ++i) {
        is[static_cast<std::size_t>(i)] = i;
    }
    std::vector<std::int32_t> order;
    for (std::int32_t u = 0; u < split.numUsers; ++u) {
        throwIfStopped(stop);
        std::fill(us.begin(), us.end(), u);
        const RowVec<float> sc = teacher.predict(us, is);
        order.clear();
        for (std::int32_t i = 0; i < numItems; ++i) {
            if (!split.hasSeen(u, i)) {
                order.push_back(i);
            }
        }
        const auto k = std::min<std::size_t>(static_cast<std::size_t>(topK), order.size());
        std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k),
            order.end(), [&](std::int32_t a, std::int32_t b) {
                return sc[a] > sc[b] || (sc[a] == sc[b] && a < b);
            });
        order.resize(k);
        out[static_cast<std::size_t>(u)] = order;
    }
    return out;
}

} // namespace kdw::train
