// SPDX-License-Identifier: MIT
// The protocol choices of the NCF split and sampler that implementations differ on, as a light
// header (std only) for the experiment config. The split and sampler themselves: split.h.
#pragma once

#include <string>

namespace kdw::data {

// Which of a user's equally late interactions is held out: one drawn with the seed (kdw's
// default), or the last in the source's order (the NCF reference code's and the PyTorch peer's
// choice: a stable sort by time keeps file order). ml-100k: 415 of 943 users have ties.
enum class HoldoutTies { Random, LastInFile };
// "random", "last". Throws ConfigError naming the choices.
HoldoutTies parseHoldoutTies(const std::string& name);
std::string toString(HoldoutTies t);

// Where training negatives come from: the items the user never interacted with (kdw's default),
// or the whole catalogue, so that a negative may be one of the user's own positives (the original
// NCF code's uniform sampler and the PyTorch peer's).
enum class NegativeSampling { Unseen, Uniform };
// "unseen", "uniform". Throws ConfigError naming the choices.
NegativeSampling parseNegativeSampling(const std::string& name);
std::string toString(NegativeSampling s);

} // namespace kdw::data
