// SPDX-License-Identifier: MIT
// Hint layer (FitNets, Romero et al. 2015): β·mean over all elements (h_s W + b - h_t)², h_s a
// student layer (rows_s x B), h_t a teacher layer (rows_t x B), and (W, b) a linear regressor
// learned with the student. The gradient flows into the student layer through the regressor.
#include "core/distill/losses.h"
#include "core/eval/metric_catalogue.h"
#include "core/nn/dense.h"
#include "core/train/terms/term.h"

namespace kdw::train::terms {
namespace {

template <typename T> class HintTerm final : public Term<T> {
public:
    HintTerm(const HintConfig& config, const nn::Model<T>& student, const nn::Model<T>& teacher,
        Rng& initRng)
        : m_config(config)
        , m_beta(static_cast<T>(config.beta))
        , m_regressor(student.representationSize(config.studentLayer),
              teacher.representationSize(config.teacherLayer), nn::Activation::Identity)
    {
        m_regressor.initialize(initRng);
    }

    void apply(const TermBatch<T>& batch, TermSums<T>& sums) override
    {
        const auto n = batch.len;
        const Mat<T> hs = batch.student->representation(m_config.studentLayer).leftCols(n);
        const Mat<T>& ht = batch.teacher->representation(m_config.teacherLayer);
        const Mat<T> regressed = m_regressor.forward(hs, nullptr); // caches &hs until backward
        auto h = distill::hintMse<T>(regressed, ht);
        sums.loss += m_beta * h.value;
        sums.record(eval::metric::kHintLoss, h.value, n);
        if (batch.backward) {
            Mat<T> g = m_beta * h.grad;
            Mat<T> dhs;
            m_regressor.backward(g, &dhs);
            Mat<T> full = Mat<T>::Zero(dhs.rows(), batch.logits->size());
            full.leftCols(n) = dhs;
            (*sums.extra)[m_config.studentLayer] = std::move(full);
        }
    }

    std::vector<nn::Parameter<T>> parameters() override
    {
        auto& r = m_regressor;
        return {{"hint.weight", r.weight().data(), r.weightGrad().data(), r.weight().rows(),
                    r.weight().cols(), nullptr},
            {"hint.bias", r.bias().data(), r.biasGrad().data(), r.bias().rows(), 1, nullptr}};
    }

private:
    HintConfig m_config;
    T m_beta;
    nn::Dense<T> m_regressor; // rows_s -> rows_t, identity activation
};

} // namespace

template <typename T>
TermPtr<T> makeHintTerm(const HintConfig& config, const nn::Model<T>& student,
    const nn::Model<T>& teacher, Rng& initRng)
{
    return std::make_unique<HintTerm<T>>(config, student, teacher, initRng);
}

template TermPtr<float> makeHintTerm<float>(
    const HintConfig&, const nn::Model<float>&, const nn::Model<float>&, Rng&);
template TermPtr<double> makeHintTerm<double>(
    const HintConfig&, const nn::Model<double>&, const nn::Model<double>&, Rng&);

} // namespace kdw::train::terms
