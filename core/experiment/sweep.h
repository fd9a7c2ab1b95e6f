// SPDX-License-Identifier: MIT
// Sweeps: one experiment over grid points or random points of the config, distillation methods
// and seeds, expanded into a deterministic list of runs (names, configs, the run each takes its
// teacher from). One teacher per distinct teacher config and seed, trained by a run of method
// none and reused by the others (teacher.from_run). A sweep is an entity of the history: its runs
// belong to it by membership, not by name. The summary over seeds is in sweep_summary.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/train/config.h"
#include "core/train/vocabulary.h"

namespace kdw::experiment {

// One grid axis: a config path and the values it takes ("distillation.temperature=1,2,4,8").
struct SweepAxis {
    std::string path;
    std::vector<std::string> values; // as typed; each read as --set would read it
};

enum class RangeScale { Linear, Log };

// One axis of a random sweep: values drawn uniformly between lo and hi (Log: uniformly in log, so
// lo > 0). An integer field takes the draw rounded to the nearest integer.
struct SweepRange {
    std::string path;
    double lo = 0.0;
    double hi = 1.0;
    RangeScale scale = RangeScale::Linear;
};

struct SweepSpec {
    std::string name; // the sweep's name, and the start of every run's name
    train::ExperimentConfig base; // everything the axes, the method and the seed leave alone
    // none first when given; empty = none and the base config's method. Ignored (must be empty)
    // when the grid has a distillation.method axis.
    std::vector<train::MethodSet> methods;
    std::vector<std::uint64_t> seeds;
    std::vector<SweepAxis> grid; // crossed, the first axis slowest
    int randomPoints = 0; // > 0: this many points drawn over `ranges` (crossed with the grid)
    std::vector<SweepRange> ranges;
    std::uint64_t sweepSeed = 0; // the random points' generator seed
};

// "path=v1,v2,...": throws ConfigError "--grid 'x': ..." when there is no '=' or no value.
SweepAxis parseGridAxis(const std::string& text);
// "path=lo:hi" or "path=lo:hi:lin|log": throws ConfigError "--range 'x': ..." for a malformed
// text, lo >= hi, or a log range with lo <= 0.
SweepRange parseRange(const std::string& text);

// One shard of a sweep spread over N processes: the runs whose index mod count == index.
struct Shard {
    int index = 0;
    int count = 1;
};
// "I/N" with 0 <= I < N; throws ConfigError "--shard 'x': expected I/N with 0 <= I < N".
Shard parseShard(const std::string& text);

// The methods a sweep crosses when asked for every method: none, then every single method of
// train::methodCatalogue(), in its order.
std::vector<train::MethodSet> defaultSweepMethods();

struct PlannedRun {
    std::size_t index = 0; // position in the plan, the same on every machine
    train::ExperimentConfig config; // named and validated; teacher.from_run unset
    // "distillation.temperature=4 distillation.alpha=0.3": the point's overrides as typed; a run
    // of method none leaves out those under distillation (none reads none of them).
    std::string point;
    // The index of the run that trains this run's teacher; std::nullopt when this run trains it.
    std::optional<std::size_t> teacherFrom;
};

// The runs of a sweep in plan order: for each seed, for each point, for each method; a run of
// method none comes before the runs that take its teacher, and runs with the same config are
// planned once (none at two temperatures is one run). Names are "<sweep> · <method> · seed <s>",
// or "<sweep> · <point> · <method> · seed <s>" when there are axes. Throws ConfigError when the
// methods do not start with none, an axis names no config field or a run's config is invalid.
std::vector<PlannedRun> planSweep(const SweepSpec& spec);

// The indices of the runs shard `shard` trains, in plan order: its own (index mod count ==
// shard.index), and the runs of other shards that train the teachers its own runs need
// (`borrowed` receives those).
std::vector<std::size_t> shardRuns(const std::vector<PlannedRun>& plan, const Shard& shard,
    std::vector<std::size_t>* borrowed = nullptr);

// The name a shard gives a teacher run it trains for its own runs although the plan gives that
// run to another shard: "<name> · teacher for shard I/N". Such a run is not a member of the
// sweep, so a merged history counts the planned run once.
std::string borrowedTeacherName(const std::string& runName, const Shard& shard);

// What the sweep was asked to do, as the JSON stored with it: {"methods", "seeds", "grid":
// [{"path", "values"}], "random": {"points", "seed", "ranges": [{"path", "lo", "hi", "scale"}]},
// "base": <config>}.
std::string sweepPlanJson(const SweepSpec& spec);

// The config paths of a stored plan's axes (grid then ranges), in order; empty for a plan
// without axes or one that is not JSON.
std::vector<std::string> planAxes(const std::string& planJson);

} // namespace kdw::experiment
