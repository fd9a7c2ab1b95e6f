// SPDX-License-Identifier: MIT
// Fuzz target: the rating file parsers. Any input either parses or is refused with a DataError;
// anything else (a crash, another exception, a sanitizer report) is a bug. Covers the delimited
// text reader (issue 10): decoding (UTF-16, Latin-1, BOM), line ends, separators, quotes, header
// detection, column roles chosen by name or position, fractional timestamps, the threshold.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/common/error.h"
#include "core/data/dataset.h"
#include "core/data/loaders.h"

namespace {

// The column roles a config could give, picked by the input's first byte.
kdw::data::ColumnRoles rolesFor(std::uint8_t b)
{
    switch (b % 6) {
    case 1:
        return {"2", "1", "", ""};
    case 2:
        return {"user_id", "item_id", "rating", "timestamp"};
    case 3:
        return {"1", "3", "", "2"};
    case 4:
        return {"user", "2", "4", ""};
    case 5:
        return {"9", "1", "", ""};
    default:
        return {};
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    using kdw::data::RatingFormat;
    const auto roles = rolesFor(size > 0 ? data[0] : 0);
    for (auto format : {RatingFormat::Auto, RatingFormat::MovieLens100K, RatingFormat::MovieLensDat,
             RatingFormat::MovieLensCsv, RatingFormat::Csv}) {
        for (const char* name : {"u.data", "ratings.dat", "ratings.csv", "input.tsv"}) {
            for (const bool withRoles : {false, true}) {
                if (withRoles && format != RatingFormat::Csv) {
                    continue;
                }
                try {
                    const auto d = kdw::data::parseRatings(
                        text, name, format, withRoles ? roles : kdw::data::ColumnRoles {});
                    // What parses must be consistent: every index inside the catalogue.
                    for (const auto& x : d.interactions) {
                        if (x.user < 0 || x.user >= d.numUsers || x.item < 0
                            || x.item >= d.numItems) {
                            __builtin_trap();
                        }
                    }
                    (void)kdw::data::toImplicit(d, d.hasRatings ? 3.0 : 0.0);
                } catch (const kdw::DataError&) {
                    // a clear refusal is a correct answer
                }
            }
        }
    }
    return 0;
}
