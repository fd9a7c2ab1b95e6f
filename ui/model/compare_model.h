// SPDX-License-Identifier: MIT
// The compare view's logic, without widgets (Qt Core only, any thread): stored runs as the view
// compares them, their configs' differences, seed groups (runs that differ only by seed) with a
// mean curve and a band as Weights & Biases draws grouped runs, the final and best metric table
// with its best values and deltas, "is the difference real?" for two groups in plain words, and
// the points of the hyperparameter chart.
#pragma once

#include <optional>

#include <QList>
#include <QMap>
#include <QMetaType>
#include <QPointF>
#include <QString>
#include <QStringList>

#include "ui/types.h"

namespace kdw::ui::compare {

// One stored run as compared: what the history keeps of it, its config flattened.
struct CompareRun {
    qint64 id = 0;
    QString name;
    QString method; // "none", "soft_target", "hint+soft_target"
    QString status;
    qulonglong seed = 0;
    // The config's JSON leaves by path (flattenConfig): "distillation.temperature" -> "4".
    QMap<QString, QString> config;
    QMap<QString, double> finals; // the student's last-epoch value of each metric
    QMap<QString, double> bests; // the student's best value of each metric (catalogue direction)
    QList<EpochPoint> epochs; // every recorded epoch, both phases
};

// The leaves of a config's JSON object by dotted path, array elements by index
// ("student.model.layers[0].units"): numbers in shortest round-trip form ("4", "0.5"), strings
// as they are, true/false, null. Empty for text that is not a JSON object.
QMap<QString, QString> flattenConfig(const QByteArray& json);

// Fields that tell runs of one seed group apart without changing what is compared: the seed, the
// name, the teacher's source run (each seed's student reuses its own seed's teacher) and the
// thread count.
const QStringList& seedFields();

// One config field across the compared runs: its value in each run (in the runs' order; "—" when
// a run's config lacks it) and whether they differ.
struct ConfigDiffRow {
    QString field;
    QStringList values;
    bool differs = false;
};

// Every field of the runs' configs, sorted by path; only those that differ unless `all`. The
// name is left out (it heads the columns).
QList<ConfigDiffRow> configDiff(const QList<CompareRun>& runs, bool all);

// Runs whose configs are equal but for seedFields(): a seed group. `members` index `runs`.
struct SeedGroup {
    QList<int> members;
    QString label; // what tells it from the other groups: "Soft targets · T=4"
    QList<qulonglong> seeds; // its members' seeds, in members' order
};

// The seed groups of `runs`, in the order of their first member; each labelled by the fields
// that differ between groups and that its method reads (the method by its label, T and alpha by
// their symbols, other fields by their last path part), or by its method when none differ.
QList<SeedGroup> seedGroups(const QList<CompareRun>& runs);

// `runs` reordered so that the runs of each seed group stand together, the groups in the order of
// their first run, each group's runs by seed increasing.
QList<CompareRun> byGroup(const QList<CompareRun>& runs);

// Whether a run of `method` reads config field `field`: every field outside "distillation." does;
// there, only the method itself and its methods' parameters (train::MethodSet::parameters).
bool methodReadsField(const QString& method, const QString& field);

// Each run's label for people, from its group: "Soft targets · T=4 · seed 2" ("#<id>" added when
// two runs would read the same). Aligned with `runs`; `groups` are seedGroups(runs).
QStringList runLabels(const QList<CompareRun>& runs, const QList<SeedGroup>& groups);

// How a group's band spans its runs at an epoch.
enum class BandKind {
    MinMax, // from the lowest to the highest run
    StdDev, // mean ± one sample standard deviation (n - 1; 0 for one run)
};

// A group's curve: the mean over its runs at each epoch any run has (of the runs that have it),
// and the band's lower and upper edges at the same epochs.
struct GroupCurve {
    QList<QPointF> mean;
    QList<QPointF> lower;
    QList<QPointF> upper;
};
GroupCurve groupCurve(const QList<QList<QPointF>>& curves, BandKind kind);

// The metrics a comparison shows: the validation metrics any run has a final value of, the
// headline metrics (HR@10, NDCG@10, F1, KL) first, then in name order.
QStringList comparedMetrics(const QList<CompareRun>& runs);

// The index of the best value (the highest, or the lowest when `lowerIsBetter`), or -1 when no
// value is present. Ties go to the first.
int bestIndex(const QList<std::optional<double>>& values, bool lowerIsBetter);

// Final or best values of `metric` across `runs` (std::nullopt where a run lacks it).
QList<std::optional<double>> metricValues(
    const QList<CompareRun>& runs, const QString& metric, bool best);

// One cell of the metric table: the value, whether it is the column's best, and its difference
// from the baseline run's value (value - baseline; std::nullopt without a baseline or a value).
struct MetricCell {
    std::optional<double> value;
    bool best = false;
    std::optional<double> delta;
};

// The final- and best-metric table: for each run (rows, in the runs' order) and each metric of
// comparedMetrics (columns), the final and the best cell; the best of each column marked by the
// metric's direction. `baseline` indexes `runs` (-1: no deltas).
struct MetricTable {
    QStringList metrics;
    QList<QList<MetricCell>> finals; // [run][metric]
    QList<QList<MetricCell>> bests; // [run][metric]
};
MetricTable metricTable(const QList<CompareRun>& runs, int baseline);
// The same with a baseline group: deltas from the mean of `baseline`'s runs' values (indices into
// `runs`; empty: no deltas).
MetricTable metricTable(const QList<CompareRun>& runs, const QList<int>& baseline);

// The tables as CSV rows, a header first: run_id,run, then final_<metric>, best_<metric> and
// delta_final_<metric> for each metric (values with 17 significant digits, empty when absent);
// and field, then one column per run (named "<id> <name>").
QList<QStringList> metricTableRows(const QList<CompareRun>& runs, const MetricTable& table);
QList<QStringList> configDiffRows(const QList<CompareRun>& runs, const QList<ConfigDiffRow>& rows);

// Is the difference real? Group a against group b on one final metric.
struct GroupDifference {
    QString metric;
    double diff = 0.0; // mean(a) - mean(b)
    std::optional<double> lo; // the 95% interval of diff; std::nullopt with fewer than 2 seeds
    std::optional<double> hi;
    bool paired = false; // paired by seed (same seeds, corresponding teachers) or Welch's
    // Why Welch rather than paired when the seeds alone would pair ("the groups' teachers differ
    // by seed"); empty otherwise.
    QString welchReason;
    // False when the metric depends on T and the groups ran at different temperatures: then diff,
    // lo and hi are not set and `sentence` says "not comparable: measured at T=4 vs T=1".
    bool comparable = true;
    int seedsA = 0;
    int seedsB = 0;
    QString sentence; // in plain words, which is better, by how much, and whether it is real
};

// The difference of the groups' final values of `metric`: paired by seed
// (experiment::pairedInterval) when both groups have the same seeds once each and each seed's
// two runs had corresponding teachers (teachersCorrespond), else Welch's
// (experiment::welchInterval), at 95%. std::nullopt when either group has no value of it. A metric
// that depends on T (dependsOnTemperature) between groups at different temperatures is returned
// with comparable = false and no interval.

std::optional<GroupDifference> groupDifference(
    const QList<CompareRun>& runs, const SeedGroup& a, const SeedGroup& b, const QString& metric);

// Whether a metric's value depends on the distillation temperature it was measured at (KL at T,
// the soft-target and logit losses): such values of runs at different T do not compare.
bool dependsOnTemperature(const QString& metric);

// Whether two runs of one seed had corresponding teachers: either does not distil, both name the
// same teacher run, or each teacher was trained from the same seed (a run's own, or that of the
// run it names, looked up among `runs`).
bool teachersCorrespond(const QList<CompareRun>& runs, int a, int b);

// The sentence of a difference, in the table's direction: "T=1 beat T=4 on NDCG@10 by 0.008
// (T=1 − T=4 = +0.008, 95% CI -0.004 to 0.020): not distinguishable with 3 seeds" ("a real
// difference" when the interval of A − B excludes 0). Numbers with the metric's catalogue
// precision.
QString differenceSentence(const GroupDifference& d, const QString& labelA, const QString& labelB);

// The hyperparameter chart's data: one series per config (without `field` and the seed fields),
// a point per run (field's value, metric's value) and the seed-group mean at each field value.
struct HyperSeries {
    QString label;
    QList<QPointF> points; // one per run; empty for a reference series
    QList<qint64> runIds; // its runs (aligned with points, unless a reference series)
    QList<QPointF> means; // by x increasing
    // A reference series: runs whose method does not read the field (the student alone against
    // T), drawn as a level line at the mean of their values.
    std::optional<double> level;
};

// The config fields with a number in every run that has them and at least two distinct values
// among the runs, sorted (seedFields() left out).
QStringList numericFields(const QList<CompareRun>& runs);
// The series of `metric` (final, or best when `best`) against `field`; runs lacking either are
// left out, and runs whose method does not read the field (T of a run without distillation) form
// reference series (a level, no points).
QList<HyperSeries> hyperSeries(
    const QList<CompareRun>& runs, const QString& field, const QString& metric, bool best);

// A field's short name for people: T, α, student dim, or the path's last part.
QString fieldLabel(const QString& field);
// A metric's catalogue label ("NDCG@10"), or the name itself.
QString metricLabel(const QString& metric);
// `v` with the metric's catalogue precision.
QString formatMetric(const QString& metric, double v);

// Rows as CSV (RFC 4180: fields with a comma, quote or line break quoted, quotes doubled).
QString toCsv(const QList<QStringList>& rows);

} // namespace kdw::ui::compare

Q_DECLARE_METATYPE(kdw::ui::compare::CompareRun)
