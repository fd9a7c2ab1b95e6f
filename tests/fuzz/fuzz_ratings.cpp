// SPDX-License-Identifier: MIT
// Fuzz target: the rating file parsers. Any input either parses or is refused with a DataError;
// anything else (a crash, another exception, a sanitizer report) is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/common/error.h"
#include "core/data/dataset.h"
#include "core/data/loaders.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    using kdw::data::RatingFormat;
    for (auto format : {RatingFormat::Auto, RatingFormat::MovieLens100K, RatingFormat::MovieLensDat,
                        RatingFormat::MovieLensCsv, RatingFormat::Csv}) {
        for (const char* name : {"u.data", "ratings.dat", "ratings.csv", "input.tsv"}) {
            try {
                const auto d = kdw::data::parseRatings(text, name, format);
                // What parses must be consistent: every index inside the catalogue.
                for (const auto& x : d.interactions) {
                    if (x.user < 0 || x.user >= d.numUsers || x.item < 0 || x.item >= d.numItems) {
                        __builtin_trap();
                    }
                }
                (void)kdw::data::toImplicit(d, 3.0);
            } catch (const kdw::DataError&) {
                // a clear refusal is a correct answer
            }
        }
    }
    return 0;
}
