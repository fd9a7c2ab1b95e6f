// SPDX-License-Identifier: MIT
#include "app/kdw/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "core/eval/metric_catalogue.h"
#include "core/nn/model.h"

namespace kdw::cli {
namespace {

using experiment::SweepRow;

constexpr const char* kTeacherRow = "teacher";

std::string cell(const SweepRow& row, const std::string& metric, int digits)
{
    const auto it = row.metrics.find(metric);
    if (it == row.metrics.end() || it->second.n == 0) {
        return "–";
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f ± %.*f", digits, it->second.mean, digits, it->second.sd);
    return buf;
}

std::string describeModel(const nn::ModelSpec& m)
{
    std::string s
        = "embeddings " + std::to_string(m.embeddingDim) + " (" + nn::toString(m.interaction) + ")";
    if (!m.layers.empty()) {
        s += " → [";
        for (std::size_t i = 0; i < m.layers.size(); ++i) {
            s += (i > 0 ? ", " : "") + std::to_string(m.layers[i].units);
        }
        s += "]";
    }
    return s;
}

// The protocol choices that differ from kdw's defaults (the PyTorch peer's, docs/EXPERIMENTS.md),
// and full ranking, one line each.
void writeProtocolSwitches(std::ostringstream& md, const train::ExperimentConfig& base)
{
    const auto& d = base.dataset;
    if (d.negativeSampling != data::NegativeSampling::Unseen
        || d.holdoutTies != data::HoldoutTies::Random) {
        md << "- sampling: training negatives " << data::toString(d.negativeSampling)
           << ", held-out ties " << data::toString(d.holdoutTies) << "\n";
    }
    for (const auto* who : {"teacher", "student"}) {
        const bool teacher = std::string_view(who) == "teacher";
        const auto& model = teacher ? base.teacher.model : base.student.model;
        const auto& opt
            = teacher ? base.teacher.training.optimizer : base.student.training.optimizer;
        if (model.denseInit != nn::DenseInit::HeXavier
            || opt.embeddingUpdates != nn::EmbeddingUpdates::Lazy) {
            md << "- " << who << " initialisation " << nn::toString(model.denseInit)
               << ", embedding updates " << nn::toString(opt.embeddingUpdates) << "\n";
        }
    }
    if (base.eval.protocol == train::RankingProtocol::Full) {
        md << "- full ranking: the held-out item also ranked against every item the user never "
              "saw (full HR@10, full NDCG@10)\n";
    }
}

void writeProtocol(std::ostringstream& md, const train::ExperimentConfig& base)
{
    const auto& d = base.distillation;
    md << "- data: `"
       << (base.dataset.source == "synthetic" ? std::string("bundled synthetic set")
                                              : base.dataset.path)
       << "`, implicit (every interaction a positive), leave-one-out by latest timestamp, "
       << base.dataset.evalNegatives
       << " sampled never-seen items per user for HR/NDCG, validation = held-out positives + "
       << base.dataset.validationNegatives << " sampled negatives each, "
       << base.dataset.trainNegatives << " training negatives per positive resampled every epoch\n";
    md << "- teacher: " << describeModel(base.teacher.model) << ", " << base.teacher.training.epochs
       << " epochs, " << nn::toString(base.teacher.training.optimizer.kind) << " lr "
       << base.teacher.training.optimizer.learningRate << ", batch "
       << base.teacher.training.batchSize << "; one teacher per seed, reused by every method\n";
    md << "- student: " << describeModel(base.student.model) << ", " << base.student.training.epochs
       << " epochs, " << nn::toString(base.student.training.optimizer.kind) << " lr "
       << base.student.training.optimizer.learningRate << "\n";
    md << "- method defaults: soft_target T = " << d.temperature << ", α = " << d.alpha
       << (d.listwise ? " (listwise)" : " (pointwise)") << "; logit_matching α = " << d.alpha
       << "; hint " << d.hint.studentLayer << " → " << d.hint.teacherLayer
       << ", β = " << d.hint.beta << "; relation on " << d.relation.layer << ", distance weight "
       << d.relation.distanceWeight << ", angle weight " << d.relation.angleWeight << " (angle on "
       << d.relation.angleSample << " examples per batch); ranking K = " << d.ranking.topK
       << ", λ = " << d.ranking.lambda << ", weight " << d.ranking.weight << "\n";
    writeProtocolSwitches(md, base);
    md << "- values: the last epoch of each run, mean ± sample standard deviation over the seeds "
          "(n per row below)\n\n";
}

void writeTable(std::ostringstream& md, const std::vector<SweepRow>& rows)
{
    namespace m = eval::metric;
    const auto hr = m::hitRate(10);
    const auto ndcg = m::ndcg(10);
    const auto fullHr = m::fullHitRate(10);
    const auto fullNdcg = m::fullNdcg(10);
    const std::string none = train::MethodSet().toString();
    const bool full = std::any_of(
        rows.begin(), rows.end(), [&](const SweepRow& r) { return r.metrics.contains(fullHr); });
    md << "| model | n | HR@10 | NDCG@10 | " << (full ? "full HR@10 | full NDCG@10 | " : "")
       << "AUC | F1 | KL(t‖s) |\n";
    md << "| --- | --- | --- | --- | " << (full ? "--- | --- | " : "") << "--- | --- | --- |\n";
    for (const auto& r : rows) {
        const std::string label = r.label == kTeacherRow ? kTeacherRow
            : r.label == none                            ? "student alone"
                                                         : "student + " + r.label;
        const int n = r.metrics.contains(hr) ? r.metrics.at(hr).n : 0;
        md << "| " << label << " | " << n << " | " << cell(r, hr, 3) << " | " << cell(r, ndcg, 3)
           << (full ? " | " + cell(r, fullHr, 3) + " | " + cell(r, fullNdcg, 3) : std::string())
           << " | " << cell(r, std::string(m::kAuc), 3) << " | " << cell(r, std::string(m::kF1), 3)
           << " | " << (r.label == kTeacherRow ? std::string("–") : cell(r, std::string(m::kKl), 4))
           << " |\n";
    }
}

// " hr@10 +0.012 (better, 40% of the teacher–student gap);" for one method against the student
// alone.
std::string comparison(
    const SweepRow& r, const SweepRow& alone, const SweepRow* teacher, const std::string& metric)
{
    if (!r.metrics.contains(metric) || !alone.metrics.contains(metric)) {
        return {};
    }
    const auto& a = alone.metrics.at(metric);
    const auto& b = r.metrics.at(metric);
    const double diff = b.mean - a.mean;
    const bool clear = std::abs(diff) > std::max(a.sd, b.sd);
    std::string gap;
    if (teacher != nullptr && teacher->metrics.contains(metric)) {
        const double full = teacher->metrics.at(metric).mean - a.mean;
        if (full > 0) {
            char g[64];
            std::snprintf(g, sizeof g, ", %.0f%% of the teacher–student gap", 100.0 * diff / full);
            gap = g;
        }
    }
    char buf[160];
    std::snprintf(buf, sizeof buf, " %s %+.3f (%s%s)", metric.c_str(), diff,
        clear ? (diff > 0 ? "better" : "worse") : "within the noise", gap.c_str());
    return std::string(buf) + ";";
}

void writeComparisons(std::ostringstream& md, const std::vector<SweepRow>& rows)
{
    const std::string none = train::MethodSet().toString();
    const SweepRow* alone = nullptr;
    const SweepRow* teacher = nullptr;
    for (const auto& r : rows) {
        alone = r.label == none ? &r : alone;
        teacher = r.label == kTeacherRow ? &r : teacher;
    }
    if (alone == nullptr) {
        return;
    }
    md << "\nAgainst the student alone (a difference counts when it exceeds one standard deviation "
          "of both rows):\n\n";
    for (const auto& r : rows) {
        if (r.label == kTeacherRow || r.label == none) {
            continue;
        }
        md << "- **" << r.label << "**:";
        for (const auto& metric : {eval::metric::hitRate(10), eval::metric::ndcg(10),
                 eval::metric::fullHitRate(10), eval::metric::fullNdcg(10)}) {
            md << comparison(r, *alone, teacher, metric);
        }
        md << "\n";
    }
}

} // namespace

std::string sweepReportMarkdown(const std::string& sweep, const train::ExperimentConfig& base,
    const std::vector<SweepRow>& rows, const std::string& command)
{
    std::ostringstream md;
    md << "<!-- generated by: " << command << " -->\n";
    md << "## Sweep \"" << sweep << "\"\n\n";
    md << "Produced by `" << command << "`.\n\n";
    writeProtocol(md, base);
    writeTable(md, rows);
    writeComparisons(md, rows);
    return md.str();
}

} // namespace kdw::cli
