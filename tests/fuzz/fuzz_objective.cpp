// SPDX-License-Identifier: MIT
// Fuzz target: the batch objective of ranking distillation with teacher top-K lists of any length
// (issue 10, case 14: users with fewer unobserved items than top_k). The bytes choose the
// catalogue, top_k, each user's list and the batch; the loss must be finite and identical when
// evaluated twice, and under ASan/UBSan no buffer may be read or written out of bounds.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/common/random.h"
#include "core/nn/model.h"
#include "core/train/config.h"
#include "core/train/objective.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 4) {
        return 0;
    }
    std::size_t at = 0;
    const auto next = [&]() -> std::uint8_t { return at < size ? data[at++] : 0; };
    const auto users = static_cast<std::int32_t>(1 + next() % 6);
    const auto items = static_cast<std::int32_t>(2 + next() % 10);
    kdw::train::DistillationConfig d;
    d.method = next() % 2 == 0 ? "ranking" : "relation+ranking";
    d.relation.layer = "layers.0";
    d.ranking.topK = 1 + next() % static_cast<std::uint8_t>(items - 1);
    std::vector<kdw::IdVec> topK(static_cast<std::size_t>(users));
    for (auto& list : topK) {
        const auto n = next() % (d.ranking.topK + 1); // 0 .. top_k items
        for (int r = 0; r < n; ++r) {
            list.push_back(static_cast<std::int32_t>(next() % items));
        }
    }
    kdw::IdVec bu;
    kdw::IdVec bi;
    std::vector<float> labels;
    while (at + 1 < size && bu.size() < 64) {
        bu.push_back(static_cast<std::int32_t>(next() % users));
        bi.push_back(static_cast<std::int32_t>(next() % items));
        labels.push_back(static_cast<float>(bu.size() % 2));
    }
    if (bu.empty()) {
        return 0;
    }
    const kdw::nn::ModelSpec spec {
        4, kdw::nn::InteractionKind::Mlp, {{4, kdw::nn::Activation::Relu, 0.0}}};
    kdw::nn::Model<float> teacher(spec, users, items);
    kdw::nn::Model<float> student(spec, users, items);
    kdw::Rng rng(7);
    teacher.initialize(rng);
    student.initialize(rng);
    kdw::train::BatchObjective<float> objective(d, student, &teacher, 2, rng);
    objective.setTeacherTopK(&topK);
    const float first = objective.evaluate(bu, bi, labels, nullptr, true);
    student.clearSparseGrads();
    const float again = objective.evaluate(bu, bi, labels, nullptr, true);
    student.clearSparseGrads();
    if (!std::isfinite(first) || first != again) {
        __builtin_trap();
    }
    return 0;
}
