// SPDX-License-Identifier: MIT
#include "app/kdw/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

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

std::string modelLabel(const SweepRow& r)
{
    const std::string none = train::MethodSet().toString();
    return r.label == kTeacherRow ? std::string(kTeacherRow)
        : r.label == none         ? std::string("student alone")
                                  : "student + " + r.label;
}

// "+0.012 [-0.004, +0.028]": the row's difference against its baseline with Welch's 95% interval;
// "–" when the row has no baseline or either side fewer than two seeds.
std::string diffCell(
    const std::vector<SweepRow>& rows, const SweepRow& r, const std::string& metric)
{
    if (!r.baseline || !r.metrics.contains(metric) || !rows[*r.baseline].metrics.contains(metric)) {
        return "–";
    }
    const auto ci
        = experiment::welchInterval(r.metrics.at(metric), rows[*r.baseline].metrics.at(metric));
    if (!ci) {
        return "–";
    }
    char buf[96];
    std::snprintf(buf, sizeof buf, "%+.3f [%+.3f, %+.3f]", ci->diff, ci->lo, ci->hi);
    return buf;
}

// One column of the report: its header and its cell for a row.
struct Column {
    std::string header;
    std::function<std::string(const SweepRow&)> cell;
};

std::vector<Column> columns(const std::vector<SweepRow>& rows)
{
    namespace m = eval::metric;
    const auto hr = m::hitRate(10);
    const auto ndcg = m::ndcg(10);
    const bool full = std::any_of(rows.begin(), rows.end(),
        [&](const SweepRow& r) { return r.metrics.contains(m::fullHitRate(10)); });
    const bool points
        = std::any_of(rows.begin(), rows.end(), [](const SweepRow& r) { return !r.point.empty(); });
    std::vector<Column> cols;
    if (points) {
        cols.push_back(
            {"point", [](const SweepRow& r) { return r.point.empty() ? "–" : r.point; }});
    }
    cols.push_back({"model", modelLabel});
    cols.push_back({"n", [hr](const SweepRow& r) {
                        return std::to_string(r.metrics.contains(hr) ? r.metrics.at(hr).n : 0);
                    }});
    std::vector<std::pair<std::string, std::string>> shown {{"HR@10", hr}, {"NDCG@10", ndcg}};
    if (full) {
        shown.emplace_back("full HR@10", m::fullHitRate(10));
        shown.emplace_back("full NDCG@10", m::fullNdcg(10));
    }
    shown.emplace_back("AUC", std::string(m::kAuc));
    shown.emplace_back("F1", std::string(m::kF1));
    for (const auto& entry : shown) {
        cols.push_back({entry.first,
            [metric = entry.second](const SweepRow& r) { return cell(r, metric, 3); }});
    }
    cols.push_back({"KL(t‖s)", [](const SweepRow& r) {
                        return r.label == kTeacherRow ? std::string("–")
                                                      : cell(r, std::string(m::kKl), 4);
                    }});
    for (const auto& entry : std::vector<std::pair<std::string, std::string>> {
             {"ΔHR@10 [95% CI]", hr}, {"ΔNDCG@10 [95% CI]", ndcg}}) {
        cols.push_back({entry.first, [&rows, metric = entry.second](const SweepRow& r) {
                            return diffCell(rows, r, metric);
                        }});
    }
    return cols;
}

std::size_t screenWidth(const std::string& s)
{
    std::size_t chars = 0;
    for (unsigned char c : s) {
        chars += (c & 0xC0) != 0x80 ? 1 : 0;
    }
    return chars;
}

void writeTable(std::ostringstream& md, const std::vector<SweepRow>& rows)
{
    const auto cols = columns(rows);
    md << "|";
    for (const auto& c : cols) {
        md << " " << c.header << " |";
    }
    md << "\n|";
    for (std::size_t i = 0; i < cols.size(); ++i) {
        md << " --- |";
    }
    md << "\n";
    for (const auto& r : rows) {
        md << "|";
        for (const auto& c : cols) {
            md << " " << c.cell(r) << " |";
        }
        md << "\n";
    }
    md << "\nΔ: the row's mean minus its baseline's (the student alone at the same point), with "
          "Welch's 95% confidence interval over the seeds.\n";
}

// " ndcg@10 +0.012 [+0.004, +0.020] (better, 40% of the teacher–student gap);" for one method
// against its baseline: better or worse when the 95% interval excludes 0.
std::string comparison(const std::vector<SweepRow>& rows, const SweepRow& r,
    const SweepRow* teacher, const std::string& metric)
{
    if (!r.baseline || !r.metrics.contains(metric) || !rows[*r.baseline].metrics.contains(metric)) {
        return {};
    }
    const auto& a = rows[*r.baseline].metrics.at(metric);
    const auto ci = experiment::welchInterval(r.metrics.at(metric), a);
    const double diff = r.metrics.at(metric).mean - a.mean;
    const bool clear = ci && (ci->lo > 0.0 || ci->hi < 0.0);
    std::string gap;
    if (teacher != nullptr && teacher->metrics.contains(metric)) {
        const double full = teacher->metrics.at(metric).mean - a.mean;
        if (full > 0) {
            char g[64];
            std::snprintf(g, sizeof g, ", %.0f%% of the teacher–student gap", 100.0 * diff / full);
            gap = g;
        }
    }
    char buf[200];
    std::snprintf(buf, sizeof buf, " %s %+.3f (%s%s)", metric.c_str(), diff,
        !ci         ? "fewer than two seeds"
            : clear ? (diff > 0 ? "better" : "worse")
                    : "within the noise",
        gap.c_str());
    return std::string(buf) + ";";
}

void writeComparisons(std::ostringstream& md, const std::vector<SweepRow>& rows)
{
    if (std::none_of(rows.begin(), rows.end(), [](const SweepRow& r) { return r.baseline; })) {
        return;
    }
    md << "\nAgainst the student alone at the same point (better or worse when Welch's 95% "
          "interval excludes 0):\n\n";
    for (const auto& r : rows) {
        if (!r.baseline) {
            continue;
        }
        const SweepRow* teacher = nullptr;
        for (const auto& t : rows) {
            teacher = t.label == kTeacherRow && t.point == rows[*r.baseline].point ? &t : teacher;
        }
        md << "- **" << r.label << (r.point.empty() ? "" : " at " + r.point) << "**:";
        for (const auto& metric : {eval::metric::hitRate(10), eval::metric::ndcg(10),
                 eval::metric::fullHitRate(10), eval::metric::fullNdcg(10)}) {
            md << comparison(rows, r, teacher, metric);
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

std::string sweepReportTable(const std::vector<SweepRow>& rows)
{
    const auto cols = columns(rows);
    std::vector<std::vector<std::string>> cells {{}};
    for (const auto& c : cols) {
        cells[0].push_back(c.header);
    }
    for (const auto& r : rows) {
        cells.emplace_back();
        for (const auto& c : cols) {
            cells.back().push_back(c.cell(r));
        }
    }
    std::vector<std::size_t> widths(cols.size(), 0);
    for (const auto& line : cells) {
        for (std::size_t i = 0; i < line.size(); ++i) {
            widths[i] = std::max(widths[i], screenWidth(line[i]));
        }
    }
    std::ostringstream out;
    for (const auto& line : cells) {
        std::string text;
        for (std::size_t i = 0; i < line.size(); ++i) {
            text += (i > 0 ? "  " : "") + line[i];
            if (i + 1 < line.size()) {
                text += std::string(widths[i] - screenWidth(line[i]), ' ');
            }
        }
        out << text << "\n";
    }
    out << "Δ: mean minus the student alone at the same point, Welch's 95% interval over seeds\n";
    return out.str();
}

namespace {

std::string csvField(const std::string& s)
{
    if (s.find_first_of(",\"\n") == std::string::npos) {
        return s;
    }
    std::string q = "\"";
    for (char c : s) {
        q += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return q + "\"";
}

std::optional<experiment::Interval> versus(
    const std::vector<SweepRow>& rows, const SweepRow& r, const std::string& metric)
{
    if (!r.baseline || !r.metrics.contains(metric) || !rows[*r.baseline].metrics.contains(metric)) {
        return std::nullopt;
    }
    return experiment::welchInterval(r.metrics.at(metric), rows[*r.baseline].metrics.at(metric));
}

std::vector<std::string> csvMetrics()
{
    namespace m = eval::metric;
    return {m::hitRate(10), m::ndcg(10), m::fullHitRate(10), m::fullNdcg(10), std::string(m::kAuc),
        std::string(m::kF1), std::string(m::kKl)};
}

std::string number(double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

} // namespace

std::string sweepReportCsv(const std::vector<SweepRow>& rows)
{
    const auto metrics = csvMetrics();
    const std::vector<std::string> compared {eval::metric::hitRate(10), eval::metric::ndcg(10)};
    std::ostringstream out;
    out << "point,model,n";
    for (const auto& m : metrics) {
        out << "," << m << "_mean," << m << "_sd";
    }
    for (const auto& m : compared) {
        out << "," << m << "_diff," << m << "_ci95_low," << m << "_ci95_high";
    }
    out << "\r\n";
    for (const auto& r : rows) {
        const auto n = r.metrics.contains(compared[0]) ? r.metrics.at(compared[0]).n : 0;
        out << csvField(r.point) << "," << csvField(r.label) << "," << n;
        for (const auto& m : metrics) {
            const auto it = r.metrics.find(m);
            out << "," << (it == r.metrics.end() ? "" : number(it->second.mean)) << ","
                << (it == r.metrics.end() ? "" : number(it->second.sd));
        }
        for (const auto& m : compared) {
            const auto ci = versus(rows, r, m);
            out << "," << (ci ? number(ci->diff) : "") << "," << (ci ? number(ci->lo) : "") << ","
                << (ci ? number(ci->hi) : "");
        }
        out << "\r\n";
    }
    return out.str();
}

std::string sweepReportJson(const std::string& sweep, const std::vector<SweepRow>& rows)
{
    nlohmann::json out {{"sweep", sweep}, {"rows", nlohmann::json::array()}};
    for (const auto& r : rows) {
        nlohmann::json metrics = nlohmann::json::object();
        nlohmann::json diffs = nlohmann::json::object();
        for (const auto& [name, st] : r.metrics) {
            metrics[name] = {{"mean", st.mean}, {"sd", st.sd}, {"n", st.n}};
            if (const auto ci = versus(rows, r, name)) {
                diffs[name] = {{"diff", ci->diff}, {"ci95_low", ci->lo}, {"ci95_high", ci->hi}};
            }
        }
        out["rows"].push_back({{"point", r.point}, {"model", r.label}, {"metrics", metrics},
            {"versus_baseline", diffs}});
    }
    return out.dump(2) + "\n";
}

} // namespace kdw::cli
