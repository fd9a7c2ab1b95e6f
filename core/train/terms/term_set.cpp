// SPDX-License-Identifier: MIT
// Which terms a method set is made of, in the order their values and gradients combine.
#include "core/train/terms/term.h"

namespace kdw::train::terms {

template <typename T>
std::vector<TermPtr<T>> makeTerms(const DistillationConfig& config, const MethodSet& methods,
    nn::Model<T>& student, nn::Model<T>* teacher, int group, Rng& initRng)
{
    std::vector<TermPtr<T>> out;
    out.push_back(makeHardTerm<T>());
    if (teacher == nullptr || methods.none()) {
        return out; // labels only: the teacher phase, or the student alone
    }
    // The hint regressor draws from initRng first, as it always has (same seed, same weights).
    TermPtr<T> hint = methods.has(Method::Hint)
        ? makeHintTerm<T>(config.hint, student, *teacher, initRng)
        : nullptr;
    if (methods.has(Method::SoftTarget)) {
        out.push_back(config.listwise ? makeSoftTargetListwiseTerm<T>(config, group)
                                      : makeSoftTargetPointwiseTerm<T>(config));
    } else if (methods.has(Method::LogitMatching)) {
        out.push_back(makeLogitMatchingTerm<T>(config));
    }
    if (methods.has(Method::Ranking)) {
        out.push_back(makeRankingTerm<T>(config.ranking));
    }
    if (hint) {
        out.push_back(std::move(hint));
    }
    if (methods.has(Method::Relation)) {
        out.push_back(makeRelationTerm<T>(config.relation));
    }
    return out;
}

template std::vector<TermPtr<float>> makeTerms<float>(
    const DistillationConfig&, const MethodSet&, nn::Model<float>&, nn::Model<float>*, int, Rng&);
template std::vector<TermPtr<double>> makeTerms<double>(
    const DistillationConfig&, const MethodSet&, nn::Model<double>&, nn::Model<double>*, int, Rng&);

} // namespace kdw::train::terms
