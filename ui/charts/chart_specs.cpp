// SPDX-License-Identifier: MIT
#include "ui/charts/chart_specs.h"

#include <QObject>

#include "core/eval/metric_catalogue.h"

namespace kdw::ui::charts {

namespace {

QString name(std::string_view n)
{
    return QString::fromUtf8(n.data(), static_cast<qsizetype>(n.size()));
}

} // namespace

std::vector<ChartSpec> defaultChartSpecs(const std::vector<int>& cutoffs)
{
    namespace m = eval::metric;
    QStringList hr;
    QStringList ndcg;
    for (const int k : cutoffs) {
        hr << QString::fromStdString(m::hitRate(k));
        ndcg << QString::fromStdString(m::ndcg(k));
    }
    return {
        {QStringLiteral("loss"), QObject::tr("Loss"), {name(m::kTrainLoss), name(m::kValLoss)}},
        {QStringLiteral("terms"), QObject::tr("Distillation terms"),
            {name(m::kHardLoss), name(m::kSoftLoss), name(m::kLogitLoss), name(m::kHintLoss),
                name(m::kRkdDistanceLoss), name(m::kRkdAngleLoss), name(m::kRankingLoss)},
            true},
        {QStringLiteral("classification"), QObject::tr("F1, accuracy, precision, recall"),
            {name(m::kF1), name(m::kAccuracy), name(m::kPrecision), name(m::kRecall)}},
        {QStringLiteral("auc"), QObject::tr("AUC"), {name(m::kAuc)}},
        {QStringLiteral("kl"), QObject::tr("KL(teacher ‖ student)"),
            {name(m::kKl), name(m::kKlAtTemperature)}},
        {QStringLiteral("hr"), QObject::tr("Hit rate"), hr},
        {QStringLiteral("ndcg"), QObject::tr("NDCG"), ndcg},
    };
}

} // namespace kdw::ui::charts
