// SPDX-License-Identifier: MIT
#include "core/train/experiment_data.h"

#include "core/common/error.h"
#include "core/data/loaders.h"
#include "core/data/synthetic.h"

namespace kdw::train {

ExperimentData prepareData(const DatasetConfig& config, std::uint64_t seed, const StopToken& stop)
{
    data::Dataset raw;
    if (config.source == "synthetic") {
        raw = data::generateSynthetic(config.synthetic, stop);
    } else if (config.source == "movielens" || config.source == "csv") {
        auto format = data::parseRatingFormat(config.format);
        if (format == data::RatingFormat::Auto && config.source == "csv") {
            format = data::RatingFormat::Csv;
        }
        const auto& c = config.columns;
        raw = data::loadRatings(
            config.path, format, {c.user, c.item, c.rating, c.timestamp}, {stop, {}});
    } else {
        throw ConfigError("config: 'dataset.source' must be synthetic, movielens or csv");
    }
    throwIfStopped(stop);
    ExperimentData out;
    out.dataset = data::toImplicit(raw, config.implicitThreshold);
    throwIfStopped(stop);
    out.split = data::leaveOneOut(
        out.dataset, {config.evalNegatives, config.validationNegatives, seed, config.holdoutTies});
    return out;
}

} // namespace kdw::train
