// SPDX-License-Identifier: MIT
// Small experiment configs that train in well under a second, for tests.
#pragma once

#include "core/train/config.h"

namespace kdw::test {

inline train::ExperimentConfig tinyConfig(const std::string& method = "soft_target")
{
    train::ExperimentConfig c;
    c.name = "tiny " + method;
    c.seed = 3;
    c.dataset.synthetic.users = 120;
    c.dataset.synthetic.items = 160;
    c.dataset.synthetic.latentDim = 6;
    c.dataset.synthetic.density = 0.08;
    c.dataset.evalNegatives = 49;
    c.teacher.model = {16, nn::InteractionKind::Mlp,
        {{32, nn::Activation::Relu, 0.0}, {16, nn::Activation::Relu, 0.0}}};
    c.teacher.training.epochs = 8;
    c.teacher.training.optimizer.learningRate = 0.01;
    c.student.model = {4, nn::InteractionKind::Mlp, {{8, nn::Activation::Relu, 0.0}}};
    c.student.training.epochs = 4;
    c.student.training.optimizer.learningRate = 0.01;
    c.distillation.method = method;
    c.distillation.temperature = 2.0;
    c.eval.k = {5, 10};
    c.threads = 1;
    return c;
}

} // namespace kdw::test
