// SPDX-License-Identifier: MIT
// One epoch's metrics, as the trainer reports them and the store and the GUI receive them. A light
// header (std only) so that layers above train need not include the trainer, Eigen or the models.
#pragma once

#include <map>
#include <string>

namespace kdw::train {

// The metrics of one epoch of one phase, by the metric catalogue's names
// (core/eval/metric_catalogue.h): "train_loss", "val_loss", "accuracy", "precision", "recall",
// "f1", "auc", "hr@K", "ndcg@K", "kl" (teacher || student at T = 1), "kl_T" (at the run's
// temperature), the loss terms ("hard_loss", "soft_loss", ...), "learning_rate", "examples_per_s",
// "seconds".
struct EpochRecord {
    std::string phase; // "teacher" or "student"
    int epoch = 0; // 1-based
    std::map<std::string, double> metrics;
};

} // namespace kdw::train
