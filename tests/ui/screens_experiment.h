// SPDX-License-Identifier: MIT
// The experiment the run queue's and the window's screenshots train: soft targets on a synthetic
// set the size of MovieLens 100K, a teacher of 12 epochs and a student of 60, so that the charts
// are mid-run for a while; one compute thread each.
#pragma once

#include "core/train/config.h"

namespace kdw::test {

inline train::ExperimentConfig screensExperiment()
{
    train::ExperimentConfig c;
    c.name = "soft targets";
    c.dataset.synthetic.users = 943;
    c.dataset.synthetic.items = 1682;
    c.dataset.synthetic.latentDim = 8;
    c.dataset.synthetic.density = 0.05;
    c.teacher.model = {16, nn::InteractionKind::Mlp,
        {{64, nn::Activation::Relu, 0.0}, {32, nn::Activation::Relu, 0.0}}};
    c.teacher.training.epochs = 12;
    c.teacher.training.optimizer.learningRate = 0.005;
    c.student.model = {4, nn::InteractionKind::Mlp, {{8, nn::Activation::Relu, 0.0}}};
    c.student.training.epochs = 60;
    c.student.training.optimizer.learningRate = 0.005;
    c.distillation.method = "soft_target";
    c.eval.k = {10};
    c.threads = 1;
    return c;
}

} // namespace kdw::test
