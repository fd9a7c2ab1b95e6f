// SPDX-License-Identifier: MIT
// A driver for the fuzz targets without libFuzzer: runs every file of a corpus directory, then a
// fixed number of seeded mutations of them (byte flips, insertions, deletions, splices). Used by
// ctest as a quick smoke run; real fuzzing uses libFuzzer (see tests/fuzz/README.md).
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "core/common/random.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

void runOne(const std::string& input)
{
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
}

std::string mutate(std::string s, const std::vector<std::string>& corpus, kdw::Rng& rng)
{
    const int edits = 1 + static_cast<int>(rng.below(8));
    static const char kInteresting[] = {'\t', ',', ':', ';', '\n', '\r', '"', '{', '}', '[', ']',
        '-', '.', 'e', '0', '9', '\0', '\xff'};
    for (int e = 0; e < edits; ++e) {
        const auto pos = s.empty() ? 0 : rng.below(static_cast<std::uint32_t>(s.size()));
        switch (rng.below(5)) {
        case 0:
            if (!s.empty()) {
                s[pos] = static_cast<char>(rng.below(256));
            }
            break;
        case 1:
            s.insert(s.begin() + pos, kInteresting[rng.below(sizeof kInteresting)]);
            break;
        case 2:
            if (!s.empty()) {
                s.erase(pos,
                    1
                        + rng.below(std::min<std::uint32_t>(
                            16, static_cast<std::uint32_t>(s.size() - pos))));
            }
            break;
        case 3: {
            const auto& other = corpus[rng.below(static_cast<std::uint32_t>(corpus.size()))];
            if (!other.empty()) {
                const auto from = rng.below(static_cast<std::uint32_t>(other.size()));
                s.insert(pos, other.substr(from, 1 + rng.below(32)));
            }
            break;
        }
        default:
            if (!s.empty()) {
                s.insert(pos, s.substr(pos, 1 + rng.below(16)));
            }
            break;
        }
    }
    return s;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::cerr << "usage: " << argv[0] << " CORPUS_DIR [MUTATIONS] [SEED]\n";
        return 2;
    }
    std::vector<std::string> corpus;
    for (const auto& entry : std::filesystem::directory_iterator(argv[1])) {
        std::ifstream in(entry.path(), std::ios::binary);
        corpus.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    if (corpus.empty()) {
        std::cerr << "no corpus files in " << argv[1] << '\n';
        return 2;
    }
    const long mutations = argc > 2 ? std::strtol(argv[2], nullptr, 10) : 2000;
    kdw::Rng rng(argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1);
    for (const auto& c : corpus) {
        runOne(c);
    }
    for (long k = 0; k < mutations; ++k) {
        runOne(mutate(corpus[rng.below(static_cast<std::uint32_t>(corpus.size()))], corpus, rng));
    }
    std::cout << corpus.size() << " corpus inputs and " << mutations
              << " mutations ran without a crash\n";
    return 0;
}
