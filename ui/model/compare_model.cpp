// SPDX-License-Identifier: MIT
#include "ui/model/compare_model.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <vector>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QObject>

#include "core/eval/metric_catalogue.h"
#include "core/experiment/sweep_summary.h"
#include "core/train/vocabulary.h"

namespace kdw::ui::compare {
namespace {

const QString kMissing = QStringLiteral("—");
const QString kMethodField = QStringLiteral("distillation.method");
const QString kNameField = QStringLiteral("name");

void flattenInto(const QJsonValue& v, const QString& path, QMap<QString, QString>& out)
{
    if (v.isObject()) {
        const auto o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            flattenInto(
                it.value(), path.isEmpty() ? it.key() : path + QLatin1Char('.') + it.key(), out);
        }
        return;
    }
    if (v.isArray()) {
        const auto a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            flattenInto(a[i], QStringLiteral("%1[%2]").arg(path).arg(i), out);
        }
        if (a.isEmpty()) {
            out.insert(path, QStringLiteral("[]"));
        }
        return;
    }
    if (v.isDouble()) {
        out.insert(path, QString::number(v.toDouble(), 'g', QLocale::FloatingPointShortest));
    } else if (v.isBool()) {
        out.insert(path, v.toBool() ? QStringLiteral("true") : QStringLiteral("false"));
    } else if (v.isNull()) {
        out.insert(path, QStringLiteral("null"));
    } else {
        out.insert(path, v.toString());
    }
}

// The config without the seed fields, as one comparable text.
QString groupKey(const QMap<QString, QString>& config, const QString& alsoWithout = {})
{
    QStringList parts;
    for (auto it = config.begin(); it != config.end(); ++it) {
        if (!seedFields().contains(it.key()) && it.key() != alsoWithout) {
            parts << it.key() + QLatin1Char('=') + it.value();
        }
    }
    return parts.join(QLatin1Char('\n'));
}

// The label of the runs without distillation (train's "No distillation", said as a comparison
// says it).
QString studentAlone()
{
    return QObject::tr("Student alone");
}

// A group's label inside a sentence: "the student alone" rather than "Student alone".
QString inSentence(const QString& label)
{
    return label == studentAlone() ? QObject::tr("the student alone") : label;
}

QString seedCount(int n)
{
    return n == 1 ? QObject::tr("1 seed") : QObject::tr("%1 seeds").arg(n);
}

QString methodLabel(const QString& method)
{
    try {
        QStringList labels;
        for (const auto m : train::MethodSet::parse(method.toStdString()).methods()) {
            labels << QString::fromUtf8(train::methodInfo(m).label.data(),
                static_cast<qsizetype>(train::methodInfo(m).label.size()));
        }
        if (labels.isEmpty()) {
            return studentAlone();
        }
        return labels.join(QStringLiteral(" + "));
    } catch (const std::exception&) {
        return method;
    }
}

// Whether a run of `method` reads config field `field`: every field outside "distillation." does;
// there only the method's own parameters (train::MethodSet::parameters) and the method itself.
bool readsField(const QString& method, const QString& field)
{
    if (!field.startsWith(QStringLiteral("distillation.")) || field == kMethodField) {
        return true;
    }
    try {
        const auto params = train::MethodSet::parse(method.toStdString()).parameters();
        return std::any_of(params.begin(), params.end(), [&](std::string_view p) {
            const auto name = QString::fromUtf8(p.data(), static_cast<qsizetype>(p.size()));
            return field == name || field.startsWith(name + QLatin1Char('.'));
        });
    } catch (const std::exception&) {
        return true;
    }
}

// Labels for configs (one per entry of `configs`) from the fields that differ between them
// (`without` and the seed fields left out); the method's label when none differ.
QStringList describe(const QList<QMap<QString, QString>>& configs, const QString& without = {})
{
    QStringList differing;
    std::set<QString> fields;
    for (const auto& c : configs) {
        for (auto it = c.begin(); it != c.end(); ++it) {
            fields.insert(it.key());
        }
    }
    for (const auto& f : fields) {
        if (seedFields().contains(f) || f == without) {
            continue;
        }
        const auto first = configs.front().value(f, kMissing);
        if (std::any_of(configs.begin(), configs.end(),
                [&](const auto& c) { return c.value(f, kMissing) != first; })) {
            differing << f;
        }
    }
    QStringList out;
    for (const auto& c : configs) {
        QStringList parts;
        for (const auto& f : differing) {
            if (!readsField(c.value(kMethodField), f)) {
                continue; // "T=2" says nothing of a run without distillation
            }
            parts << (f == kMethodField ? methodLabel(c.value(f))
                                        : fieldLabel(f) + QLatin1Char('=') + c.value(f, kMissing));
        }
        if (parts.isEmpty()) {
            parts << methodLabel(c.value(kMethodField));
        }
        out << parts.join(QStringLiteral(" · "));
    }
    return out;
}

QList<double> valuesOf(const QList<CompareRun>& runs, const SeedGroup& g, const QString& metric)
{
    QList<double> out;
    for (const int m : g.members) {
        if (const auto it = runs[m].finals.find(metric); it != runs[m].finals.end()) {
            out << *it;
        }
    }
    return out;
}

// The groups' member indices by seed, or an empty map when a seed repeats or lacks `metric`.
std::map<qulonglong, int> membersBySeed(
    const QList<CompareRun>& runs, const SeedGroup& g, const QString& metric)
{
    std::map<qulonglong, int> out;
    for (const int m : g.members) {
        if (!runs[m].finals.contains(metric) || out.contains(runs[m].seed)) {
            return {};
        }
        out[runs[m].seed] = m;
    }
    return out;
}

// How the groups pair: the matched values, or std::nullopt with the reason ("" when the seeds
// themselves differ).
struct Pairing {
    std::optional<std::pair<std::vector<double>, std::vector<double>>> values;
    QString reason;
};

Pairing pairedBySeed(
    const QList<CompareRun>& runs, const SeedGroup& a, const SeedGroup& b, const QString& metric)
{
    const auto sa = membersBySeed(runs, a, metric);
    const auto sb = membersBySeed(runs, b, metric);
    if (sa.size() < 2 || sa.size() != sb.size()) {
        return {};
    }
    std::pair<std::vector<double>, std::vector<double>> out;
    for (const auto& [seed, m] : sa) {
        const auto it = sb.find(seed);
        if (it == sb.end()) {
            return {};
        }
        out.first.push_back(runs[m].finals.value(metric));
        out.second.push_back(runs[it->second].finals.value(metric));
    }
    for (const auto& [seed, m] : sa) {
        if (!teachersCorrespond(runs, m, sb.at(seed))) {
            return {std::nullopt, QObject::tr("the groups' teachers differ by seed")};
        }
    }
    return {out, {}};
}

// The run a run took its teacher from ("teacher.from_run"), or empty when it trained its own.
QString teacherSource(const CompareRun& r)
{
    const auto v = r.config.value(QStringLiteral("teacher.from_run"));
    return v == QStringLiteral("null") ? QString() : v;
}

// The seed a run's teacher was trained from: its own, or that of the run it names among `runs`.
std::optional<qulonglong> teacherSeed(const QList<CompareRun>& runs, const CompareRun& r)
{
    const auto source = teacherSource(r);
    if (source.isEmpty()) {
        return r.seed;
    }
    for (const auto& other : runs) {
        if (QString::number(other.id) == source && teacherSource(other).isEmpty()) {
            return other.seed;
        }
    }
    return std::nullopt;
}

// The group's distillation temperature as its runs read it, or empty.
QString temperatureOf(const QList<CompareRun>& runs, const SeedGroup& g)
{
    const auto& r = runs[g.members.front()];
    const QString field = QStringLiteral("distillation.temperature");
    return readsField(r.method, field) ? r.config.value(field) : QString();
}

// The mean of `members`' values (those present), or std::nullopt.
std::optional<double> baselineValue(
    const QList<std::optional<double>>& values, const QList<int>& members)
{
    std::vector<double> present;
    for (const int m : members) {
        if (m >= 0 && m < values.size() && values[m]) {
            present.push_back(*values[m]);
        }
    }
    if (present.empty()) {
        return std::nullopt;
    }
    return experiment::metricStat(present).mean;
}

// The decimals `metric` is shown with (the catalogue's precision; 4 for a metric it lacks).
int metricPrecision(const QString& metric)
{
    const auto info = eval::findMetric(metric.toStdString());
    return info ? info->precision : 4;
}

// The decimals that show `v`'s first significant digit: the metric's `precision`, more for a
// value below its last shown digit (at most 8), so that no difference reads as 0.0000.
int decimalsShowing(double v, int precision)
{
    int d = precision;
    while (d < 8 && std::llround(std::abs(v) * std::pow(10.0, d)) == 0) {
        ++d;
    }
    return d;
}

} // namespace

QMap<QString, QString> flattenConfig(const QByteArray& json)
{
    QMap<QString, QString> out;
    const auto doc = QJsonDocument::fromJson(json);
    if (doc.isObject()) {
        flattenInto(doc.object(), {}, out);
    }
    return out;
}

const QStringList& seedFields()
{
    static const QStringList fields {QStringLiteral("seed"), kNameField,
        QStringLiteral("teacher.from_run"), QStringLiteral("threads")};
    return fields;
}

QList<ConfigDiffRow> configDiff(const QList<CompareRun>& runs, bool all)
{
    std::set<QString> fields;
    for (const auto& r : runs) {
        for (auto it = r.config.begin(); it != r.config.end(); ++it) {
            fields.insert(it.key());
        }
    }
    QList<ConfigDiffRow> out;
    for (const auto& f : fields) {
        if (f == kNameField) {
            continue;
        }
        ConfigDiffRow row {f, {}, false};
        for (const auto& r : runs) {
            row.values << r.config.value(f, kMissing);
        }
        row.differs = std::any_of(row.values.begin(), row.values.end(),
            [&](const QString& v) { return v != row.values.front(); });
        if (all || row.differs) {
            out << row;
        }
    }
    return out;
}

QList<SeedGroup> seedGroups(const QList<CompareRun>& runs)
{
    QList<SeedGroup> groups;
    QStringList keys;
    for (int i = 0; i < runs.size(); ++i) {
        const auto key = groupKey(runs[i].config);
        auto k = keys.indexOf(key);
        if (k < 0) {
            keys << key;
            groups.append(SeedGroup {});
            k = groups.size() - 1;
        }
        groups[k].members << i;
        groups[k].seeds << runs[i].seed;
    }
    QList<QMap<QString, QString>> configs;
    for (const auto& g : groups) {
        configs << runs[g.members.front()].config;
    }
    if (!configs.isEmpty()) {
        const auto labels = describe(configs);
        for (int k = 0; k < groups.size(); ++k) {
            groups[k].label = labels[k];
        }
    }
    return groups;
}

QList<CompareRun> byGroup(const QList<CompareRun>& runs)
{
    QList<CompareRun> out;
    for (const auto& g : seedGroups(runs)) {
        auto members = g.members;
        std::stable_sort(members.begin(), members.end(),
            [&](int x, int y) { return runs[x].seed < runs[y].seed; });
        for (const int m : members) {
            out << runs[m];
        }
    }
    return out;
}

bool methodReadsField(const QString& method, const QString& field)
{
    return readsField(method, field);
}

QStringList runLabels(const QList<CompareRun>& runs, const QList<SeedGroup>& groups)
{
    QStringList out(runs.size());
    for (const auto& g : groups) {
        for (const int m : g.members) {
            out[m] = QObject::tr("%1 · seed %2").arg(g.label).arg(runs[m].seed);
        }
    }
    const QStringList plain = out;
    for (int i = 0; i < runs.size(); ++i) {
        if (plain.count(plain[i]) > 1) {
            out[i] += QStringLiteral(" · #%1").arg(runs[i].id);
        }
    }
    return out;
}

GroupCurve groupCurve(const QList<QList<QPointF>>& curves, BandKind kind)
{
    std::map<double, std::vector<double>> at;
    for (const auto& c : curves) {
        for (const auto& p : c) {
            if (std::isfinite(p.y())) {
                at[p.x()].push_back(p.y());
            }
        }
    }
    GroupCurve out;
    for (const auto& [x, ys] : at) {
        const auto s = experiment::metricStat(ys);
        out.mean << QPointF(x, s.mean);
        if (kind == BandKind::MinMax) {
            const auto [lo, hi] = std::minmax_element(ys.begin(), ys.end());
            out.lower << QPointF(x, *lo);
            out.upper << QPointF(x, *hi);
        } else {
            out.lower << QPointF(x, s.mean - s.sd);
            out.upper << QPointF(x, s.mean + s.sd);
        }
    }
    return out;
}

QStringList comparedMetrics(const QList<CompareRun>& runs)
{
    std::set<QString> present;
    for (const auto& r : runs) {
        for (auto it = r.finals.begin(); it != r.finals.end(); ++it) {
            const auto info = eval::findMetric(it.key().toStdString());
            if (info && info->split == eval::MetricSplit::Validation) {
                present.insert(it.key());
            }
        }
    }
    QStringList out;
    for (const auto& h : eval::headlineMetrics()) {
        const auto name = QString::fromStdString(h);
        if (present.erase(name) > 0) {
            out << name;
        }
    }
    for (const auto& m : present) {
        out << m;
    }
    return out;
}

int bestIndex(const QList<std::optional<double>>& values, bool lowerIsBetter)
{
    int best = -1;
    for (int i = 0; i < values.size(); ++i) {
        if (!values[i]) {
            continue;
        }
        if (best < 0 || (lowerIsBetter ? *values[i] < *values[best] : *values[i] > *values[best])) {
            best = i;
        }
    }
    return best;
}

QList<std::optional<double>> metricValues(
    const QList<CompareRun>& runs, const QString& metric, bool best)
{
    QList<std::optional<double>> out;
    for (const auto& r : runs) {
        const auto& map = best ? r.bests : r.finals;
        const auto it = map.find(metric);
        out << (it == map.end() ? std::nullopt : std::optional<double>(*it));
    }
    return out;
}

MetricTable metricTable(const QList<CompareRun>& runs, int baseline)
{
    return metricTable(
        runs, baseline >= 0 && baseline < runs.size() ? QList<int> {baseline} : QList<int> {});
}

MetricTable metricTable(const QList<CompareRun>& runs, const QList<int>& baseline)
{
    MetricTable t;
    t.metrics = comparedMetrics(runs);
    t.finals.resize(runs.size());
    t.bests.resize(runs.size());
    for (const auto& metric : std::as_const(t.metrics)) {
        const bool lower = eval::lowerIsBetter(metric.toStdString());
        for (const bool best : {false, true}) {
            const auto values = metricValues(runs, metric, best);
            const int top = bestIndex(values, lower);
            const auto base = baselineValue(values, baseline);
            auto& column = best ? t.bests : t.finals;
            for (int r = 0; r < values.size(); ++r) {
                MetricCell c {values[r], r == top, std::nullopt};
                if (base && values[r]) {
                    c.delta = *values[r] - *base;
                }
                column[r] << c;
            }
        }
    }
    return t;
}

QList<QStringList> metricTableRows(const QList<CompareRun>& runs, const MetricTable& table)
{
    const auto number = [](const std::optional<double>& v) {
        return v ? QString::number(*v, 'g', 17) : QString();
    };
    QStringList header {QStringLiteral("run_id"), QStringLiteral("run")};
    for (const auto& m : table.metrics) {
        header << QStringLiteral("final_") + m << QStringLiteral("best_") + m
               << QStringLiteral("delta_final_") + m;
    }
    QList<QStringList> out {header};
    for (int r = 0; r < runs.size(); ++r) {
        QStringList row {QString::number(runs[r].id), runs[r].name};
        for (int m = 0; m < table.metrics.size(); ++m) {
            row << number(table.finals[r][m].value) << number(table.bests[r][m].value)
                << number(table.finals[r][m].delta);
        }
        out << row;
    }
    return out;
}

QList<QStringList> configDiffRows(const QList<CompareRun>& runs, const QList<ConfigDiffRow>& rows)
{
    QStringList header {QStringLiteral("field")};
    for (const auto& r : runs) {
        header << QStringLiteral("%1 %2").arg(r.id).arg(r.name);
    }
    QList<QStringList> out {header};
    for (const auto& row : rows) {
        out << (QStringList {row.field} + row.values);
    }
    return out;
}

std::optional<GroupDifference> groupDifference(
    const QList<CompareRun>& runs, const SeedGroup& a, const SeedGroup& b, const QString& metric)
{
    const auto va = valuesOf(runs, a, metric);
    const auto vb = valuesOf(runs, b, metric);
    if (va.isEmpty() || vb.isEmpty()) {
        return std::nullopt;
    }
    GroupDifference d;
    d.metric = metric;
    d.seedsA = static_cast<int>(va.size());
    d.seedsB = static_cast<int>(vb.size());
    const auto sa = experiment::metricStat({va.begin(), va.end()});
    const auto sb = experiment::metricStat({vb.begin(), vb.end()});
    d.diff = sa.mean - sb.mean;
    const auto ta = temperatureOf(runs, a);
    const auto tb = temperatureOf(runs, b);
    if (dependsOnTemperature(metric) && ta != tb) {
        d.comparable = false;
        d.sentence = QObject::tr("%1 not comparable: measured at T=%2 vs T=%3")
                         .arg(metricLabel(metric), ta.isEmpty() ? kMissing : ta,
                             tb.isEmpty() ? kMissing : tb);
        return d;
    }
    std::optional<experiment::Interval> ci;
    auto pairing = pairedBySeed(runs, a, b, metric);
    d.welchReason = pairing.reason;
    if (pairing.values) {
        ci = experiment::pairedInterval(pairing.values->first, pairing.values->second);
        d.paired = true;
    } else {
        ci = experiment::welchInterval(sa, sb);
    }
    if (ci) {
        d.diff = ci->diff;
        d.lo = ci->lo;
        d.hi = ci->hi;
    }
    d.sentence = differenceSentence(d, a.label, b.label);
    return d;
}

bool dependsOnTemperature(const QString& metric)
{
    static const QStringList kAtT {
        QStringLiteral("kl_T"), QStringLiteral("soft_loss"), QStringLiteral("logit_loss")};
    return kAtT.contains(metric);
}

bool teachersCorrespond(const QList<CompareRun>& runs, int a, int b)
{
    const auto& ra = runs[a];
    const auto& rb = runs[b];
    if (ra.method == QStringLiteral("none") || rb.method == QStringLiteral("none")) {
        return true; // a run without distillation has no teacher to differ by
    }
    const auto sa = teacherSource(ra);
    if (!sa.isEmpty() && sa == teacherSource(rb)) {
        return true;
    }
    const auto seedA = teacherSeed(runs, ra);
    return seedA && seedA == teacherSeed(runs, rb);
}

QString differenceSentence(const GroupDifference& d, const QString& labelA, const QString& labelB)
{
    const bool lower = eval::lowerIsBetter(d.metric.toStdString());
    const QString metric = metricLabel(d.metric);
    if (d.diff == 0.0) {
        return QObject::tr("%1 and %2 tie on %3").arg(labelA, inSentence(labelB), metric);
    }
    const int precision = metricPrecision(d.metric);
    // A difference below the metric's precision is written with the decimals that show it, and
    // names no winner unless its interval excludes 0: "beat by 0.0000" read as a win that the
    // numbers beside it did not show.
    const int decimals = decimalsShowing(d.diff, precision);
    const bool belowPrecision = decimals > precision;
    const auto number = [decimals](double v) { return QString::number(v, 'f', decimals); };
    const bool real = d.lo && d.hi && (*d.lo > 0.0 || *d.hi < 0.0);
    const bool aWins = lower ? d.diff < 0.0 : d.diff > 0.0;
    QString s;
    if (belowPrecision && !real) {
        s = precision > 0 ? QObject::tr("%1 and %2 tie on %3 to %4 decimals")
                                .arg(labelA, inSentence(labelB), metric)
                                .arg(precision)
                          : QObject::tr("%1 and %2 tie on %3 to the nearest whole number")
                                .arg(labelA, inSentence(labelB), metric);
    } else {
        s = QObject::tr("%1 beat %2 on %3 by %4")
                .arg(aWins ? labelA : labelB, inSentence(aWins ? labelB : labelA), metric,
                    number(std::abs(d.diff)));
    }
    const QString seeds = d.seedsA == d.seedsB
        ? seedCount(d.seedsA)
        : QObject::tr("%1 and %2").arg(seedCount(d.seedsA), seedCount(d.seedsB));
    if (!d.lo || !d.hi) {
        return s + QObject::tr(": no interval with %1 (run at least 2 seeds each)").arg(seeds);
    }
    // The interval as the table gives it: of A − B, named so.
    const QString signedDiff = (d.diff >= 0.0 ? QStringLiteral("+") : QString()) + number(d.diff);
    s += QObject::tr(" (%1 − %2 = %3, 95% CI %4 to %5)")
             .arg(labelA, labelB, signedDiff, number(*d.lo), number(*d.hi));
    if (real) {
        return s + QObject::tr(": a real difference with %1 (the interval excludes 0)").arg(seeds);
    }
    return s + QObject::tr(": not distinguishable with %1").arg(seeds);
}

QStringList numericFields(const QList<CompareRun>& runs)
{
    std::map<QString, std::set<double>> values;
    std::set<QString> notNumeric;
    for (const auto& r : runs) {
        for (auto it = r.config.begin(); it != r.config.end(); ++it) {
            bool ok = false;
            const double v = it.value().toDouble(&ok);
            if (ok) {
                values[it.key()].insert(v);
            } else {
                notNumeric.insert(it.key());
            }
        }
    }
    QStringList out;
    for (const auto& [field, distinct] : values) {
        if (distinct.size() >= 2 && !notNumeric.contains(field) && !seedFields().contains(field)) {
            out << field;
        }
    }
    return out;
}

QList<HyperSeries> hyperSeries(
    const QList<CompareRun>& runs, const QString& field, const QString& metric, bool best)
{
    QStringList keys;
    QList<HyperSeries> out;
    QList<QMap<QString, QString>> configs;
    QList<QList<double>> levels; // the values of a reference series' runs
    for (const auto& r : runs) {
        bool ok = false;
        const double x = r.config.value(field).toDouble(&ok);
        const auto& map = best ? r.bests : r.finals;
        const auto y = map.find(metric);
        const bool reference = !readsField(r.method, field);
        if (y == map.end() || (!ok && !reference)) {
            continue;
        }
        const auto key
            = (reference ? QStringLiteral("reference\n") : QString()) + groupKey(r.config, field);
        auto k = keys.indexOf(key);
        if (k < 0) {
            keys << key;
            out.append(HyperSeries {});
            configs << r.config;
            levels.append(QList<double> {});
            k = out.size() - 1;
        }
        out[k].runIds << r.id;
        if (reference) {
            levels[k] << *y;
        } else {
            out[k].points << QPointF(x, *y);
        }
    }
    const auto labels = configs.isEmpty() ? QStringList() : describe(configs, field);
    for (int k = 0; k < out.size(); ++k) {
        out[k].label = labels[k];
        if (!levels[k].isEmpty()) {
            out[k].level = experiment::metricStat({levels[k].begin(), levels[k].end()}).mean;
        }
        std::map<double, std::vector<double>> at;
        for (const auto& p : std::as_const(out[k].points)) {
            at[p.x()].push_back(p.y());
        }
        for (const auto& [x, ys] : at) {
            out[k].means << QPointF(x, experiment::metricStat(ys).mean);
        }
    }
    return out;
}

QString fieldLabel(const QString& field)
{
    static const QMap<QString, QString> known {
        {QStringLiteral("distillation.temperature"), QStringLiteral("T")},
        {QStringLiteral("distillation.alpha"), QStringLiteral("α")},
        {QStringLiteral("student.model.embedding_dim"), QStringLiteral("student dim")},
        {QStringLiteral("teacher.model.embedding_dim"), QStringLiteral("teacher dim")},
        {QStringLiteral("distillation.listwise"), QStringLiteral("listwise")},
    };
    if (const auto it = known.find(field); it != known.end()) {
        return *it;
    }
    if (field.startsWith(QStringLiteral("student.model.layers"))) {
        return QStringLiteral("student ") + field.mid(field.indexOf(QLatin1Char('[')));
    }
    return field.section(QLatin1Char('.'), -1);
}

QString metricLabel(const QString& metric)
{
    const auto info = eval::findMetric(metric.toStdString());
    return info ? QString::fromStdString(info->label) : metric;
}

QString formatMetric(const QString& metric, double v)
{
    return QString::number(v, 'f', metricPrecision(metric));
}

QString toCsv(const QList<QStringList>& rows)
{
    QString out;
    for (const auto& row : rows) {
        QStringList fields;
        for (auto f : row) {
            if (f.contains(QLatin1Char(',')) || f.contains(QLatin1Char('"'))
                || f.contains(QLatin1Char('\n'))) {
                f = QLatin1Char('"') + f.replace(QLatin1Char('"'), QStringLiteral("\"\""))
                    + QLatin1Char('"');
            }
            fields << f;
        }
        out += fields.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    }
    return out;
}

} // namespace kdw::ui::compare
