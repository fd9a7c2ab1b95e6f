// SPDX-License-Identifier: MIT
#include "ui/history/browser_columns.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

#include "core/common/error.h"
#include "core/eval/metric_catalogue.h"
#include "core/train/config.h"
#include "core/train/vocabulary.h"

namespace kdw::ui {
namespace {

QString qs(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

const QString kTemperature = QStringLiteral("distillation.temperature");
const QString kAlpha = QStringLiteral("distillation.alpha");
const QString kListwise = QStringLiteral("distillation.listwise");
const QString kSeed = QStringLiteral("seed");
const QString kStudentEmbedding = QStringLiteral("student.model.embedding_dim");
const QString kStudentLayers = QStringLiteral("student.model.layers");

struct KindName {
    ColumnKind kind;
    const char* id;
    const char* header;
    const char* sortKey;
};

// The columns without a key: their id, header and sort key.
const KindName kPlain[] = {{ColumnKind::Name, "name", "Name", "name"},
    {ColumnKind::Method, "method", "Method", "method"},
    {ColumnKind::Status, "status", "Status", "status"},
    {ColumnKind::Duration, "duration", "Duration", "duration"},
    {ColumnKind::Date, "date", "Date", "created"},
    {ColumnKind::Teacher, "teacher", "Teacher", "teacher"},
    {ColumnKind::Tags, "tags", "Tags", "tags"}, {ColumnKind::Notes, "notes", "Notes", "notes"},
    {ColumnKind::StudentSize, "student_size", "Student size",
        "config:student.model.embedding_dim"}};

const KindName* plain(ColumnKind kind)
{
    for (const auto& k : kPlain) {
        if (k.kind == kind) {
            return &k;
        }
    }
    return nullptr;
}

QString metricLabel(const QString& metric)
{
    const auto info = eval::findMetric(metric.toStdString());
    return info ? qs(info->label) : metric;
}

// Short headers of the config fields people compare most.
QString configHeader(const QString& path)
{
    if (path == kTemperature) {
        return QStringLiteral("T");
    }
    if (path == kAlpha) {
        return QStringLiteral("α");
    }
    if (path == kSeed) {
        return QStringLiteral("Seed");
    }
    return path;
}

// A number as the catalogue says to print it (4 decimals when unknown).
QString metricText(const QString& metric, double value)
{
    const auto info = eval::findMetric(metric.toStdString());
    return QString::number(value, 'f', info ? info->precision : 4);
}

// "8 · 16-8" from the embedding size and the layers' JSON ("[{"units":16,...},...]").
QString studentSizeText(const BrowserRun& run)
{
    const auto emb = run.config.value(kStudentEmbedding);
    if (emb.isEmpty()) {
        return {};
    }
    QStringList units;
    const auto layers = QJsonDocument::fromJson(run.config.value(kStudentLayers).toUtf8()).array();
    for (const auto& layer : layers) {
        units.push_back(QString::number(layer.toObject().value(QStringLiteral("units")).toInt()));
    }
    return units.isEmpty() ? emb : emb + QStringLiteral(" · ") + units.join(QLatin1Char('-'));
}

QString configText(const BrowserRun& run, const QString& path)
{
    const auto it = run.config.constFind(path);
    if (it == run.config.constEnd()) {
        return {};
    }
    bool isNumber = false;
    const double v = it->toDouble(&isNumber);
    return isNumber ? QString::number(v, 'g', 6) : *it;
}

QString teacherText(const BrowserRun& run)
{
    if (run.teacherRun != 0) {
        return HistoryBrowserReader::tr("run %1").arg(run.teacherRun);
    }
    return run.method == QLatin1String("none") ? QStringLiteral("—")
                                               : HistoryBrowserReader::tr("own");
}

QString dateText(const QString& iso)
{
    // "2026-11-28T04:36:53Z" -> "2026-11-28 04:36" (UTC, as stored)
    QString s = iso.left(16);
    s.replace(QLatin1Char('T'), QLatin1Char(' '));
    return s;
}

} // namespace

QString BrowserColumn::id() const
{
    switch (kind) {
    case ColumnKind::Config:
        return QStringLiteral("config:") + key;
    case ColumnKind::Final:
        return QStringLiteral("final:") + key;
    case ColumnKind::Best:
        return QStringLiteral("best:") + key;
    default:
        return QString::fromLatin1(plain(kind)->id);
    }
}

QString BrowserColumn::header() const
{
    switch (kind) {
    case ColumnKind::Config:
        return configHeader(key);
    case ColumnKind::Final:
        return HistoryBrowserReader::tr("Final %1").arg(metricLabel(key));
    case ColumnKind::Best:
        return HistoryBrowserReader::tr("Best %1").arg(metricLabel(key));
    default:
        return HistoryBrowserReader::tr(plain(kind)->header);
    }
}

QString BrowserColumn::toolTip() const
{
    switch (kind) {
    case ColumnKind::Config:
        return HistoryBrowserReader::tr("config field %1").arg(key);
    case ColumnKind::Final:
        return HistoryBrowserReader::tr("the student's %1 at its last epoch").arg(key);
    case ColumnKind::Best:
        return HistoryBrowserReader::tr("the student's best %1 over its epochs").arg(key);
    case ColumnKind::StudentSize:
        return HistoryBrowserReader::tr("the student's embedding size · its MLP tower's widths");
    case ColumnKind::Tags:
    case ColumnKind::Notes:
        return HistoryBrowserReader::tr("double-click to edit");
    default:
        return {};
    }
}

QString BrowserColumn::sortKey() const
{
    switch (kind) {
    case ColumnKind::Config:
        return key == kSeed ? QStringLiteral("seed") : QStringLiteral("config:") + key;
    case ColumnKind::Final:
        return key;
    case ColumnKind::Best:
        return QStringLiteral("best:") + key;
    default:
        return QString::fromLatin1(plain(kind)->sortKey);
    }
}

bool BrowserColumn::numeric() const
{
    return kind == ColumnKind::Config || kind == ColumnKind::Final || kind == ColumnKind::Best
        || kind == ColumnKind::Duration || kind == ColumnKind::StudentSize;
}

std::optional<BrowserColumn> columnFromId(const QString& id)
{
    for (const auto& [prefix, kind] : {std::pair {QStringLiteral("config:"), ColumnKind::Config},
             std::pair {QStringLiteral("final:"), ColumnKind::Final},
             std::pair {QStringLiteral("best:"), ColumnKind::Best}}) {
        if (id.startsWith(prefix) && id.size() > prefix.size()) {
            return BrowserColumn {kind, id.mid(prefix.size())};
        }
    }
    for (const auto& k : kPlain) {
        if (id == QLatin1String(k.id)) {
            return BrowserColumn {k.kind, {}};
        }
    }
    return std::nullopt;
}

QList<BrowserColumn> defaultColumns()
{
    const auto ndcg10 = qs(eval::metric::ndcg(10));
    return {{ColumnKind::Name, {}}, {ColumnKind::Method, {}}, {ColumnKind::Config, kTemperature},
        {ColumnKind::Config, kAlpha}, {ColumnKind::StudentSize, {}}, {ColumnKind::Best, ndcg10},
        {ColumnKind::Final, qs(eval::metric::kF1)}, {ColumnKind::Status, {}},
        {ColumnKind::Duration, {}}, {ColumnKind::Date, {}}};
}

QList<ColumnGroup> columnGroups()
{
    ColumnGroup runGroup {HistoryBrowserReader::tr("Run"), {}};
    for (const auto& k : kPlain) {
        runGroup.columns.push_back({k.kind, {}});
    }
    runGroup.columns.push_back({ColumnKind::Config, kSeed});
    ColumnGroup config {HistoryBrowserReader::tr("Config"), {}};
    for (const auto& f : train::configSchema()) {
        const auto path = QString::fromStdString(f.path);
        if (f.type == "object" || f.type.starts_with("array") || path.contains(QLatin1String("[]"))
            || path == QLatin1String("name") || path == kSeed) {
            continue;
        }
        config.columns.push_back({ColumnKind::Config, path});
    }
    std::vector<std::string> metrics;
    for (const auto& m : eval::fixedMetrics()) {
        metrics.push_back(m.name);
    }
    for (const int k : {5, 10, 20}) {
        for (const auto& m : {eval::metric::hitRate(k), eval::metric::ndcg(k), eval::metric::mrr(k),
                 eval::metric::fullHitRate(k), eval::metric::fullNdcg(k)}) {
            metrics.push_back(m);
        }
    }
    ColumnGroup finals {HistoryBrowserReader::tr("Final metric"), {}};
    ColumnGroup bests {HistoryBrowserReader::tr("Best metric"), {}};
    for (const auto& m : metrics) {
        finals.columns.push_back({ColumnKind::Final, QString::fromStdString(m)});
        bests.columns.push_back({ColumnKind::Best, QString::fromStdString(m)});
    }
    return {runGroup, config, finals, bests};
}

void requestFields(BrowserQuery& query, const QList<BrowserColumn>& columns)
{
    query.finalMetrics.clear();
    query.bestMetrics.clear();
    query.configFields = {kListwise};
    for (const auto& c : columns) {
        switch (c.kind) {
        case ColumnKind::Config:
            query.configFields.push_back(c.key);
            break;
        case ColumnKind::StudentSize:
            query.configFields.push_back(kStudentEmbedding);
            query.configFields.push_back(kStudentLayers);
            break;
        case ColumnKind::Final:
            query.finalMetrics.push_back(c.key);
            break;
        case ColumnKind::Best:
            query.bestMetrics.push_back(c.key);
            break;
        default:
            break;
        }
    }
    query.configFields.removeDuplicates();
    query.finalMetrics.removeDuplicates();
    query.bestMetrics.removeDuplicates();
    if (query.finalMetrics.isEmpty()) {
        // An empty list asks the store for every final value: ask for one instead.
        query.finalMetrics.push_back(qs(eval::metric::ndcg(10)));
    }
}

QString cellText(const BrowserRun& run, const BrowserColumn& column)
{
    switch (column.kind) {
    case ColumnKind::Name:
        return run.name;
    case ColumnKind::Method:
        return methodLabel(run.method, run.config.value(kListwise));
    case ColumnKind::Status:
        return run.status;
    case ColumnKind::Duration:
        return durationText(run.durationSeconds);
    case ColumnKind::Date:
        return dateText(run.createdAt);
    case ColumnKind::Teacher:
        return teacherText(run);
    case ColumnKind::Tags:
        return tagsText(run.tags);
    case ColumnKind::Notes:
        return run.notes.section(QLatin1Char('\n'), 0, 0);
    case ColumnKind::StudentSize:
        return studentSizeText(run);
    case ColumnKind::Config:
        // The student alone reads no distillation setting: its T and alpha mean nothing.
        return run.method == QLatin1String("none")
                && column.key.startsWith(QLatin1String("distillation."))
            ? QStringLiteral("—")
            : configText(run, column.key);
    case ColumnKind::Final:
        return run.finalMetrics.contains(column.key)
            ? metricText(column.key, run.finalMetrics.value(column.key))
            : QString();
    case ColumnKind::Best:
        return run.bestMetrics.contains(column.key)
            ? metricText(column.key, run.bestMetrics.value(column.key))
            : QString();
    }
    return {};
}

QVariant cellEditValue(const BrowserRun& run, const BrowserColumn& column)
{
    if (column.kind == ColumnKind::Tags) {
        return tagsText(run.tags);
    }
    if (column.kind == ColumnKind::Notes) {
        return run.notes;
    }
    return cellText(run, column);
}

QString methodLabel(const QString& method, const QString& listwise)
{
    QStringList parts;
    bool soft = false;
    try {
        const auto set = train::MethodSet::parse(method.toStdString());
        for (const auto m : set.methods()) {
            parts.push_back(qs(train::methodInfo(m).label));
            soft = soft || m == train::Method::SoftTarget;
        }
    } catch (const Error&) {
        return method; // a method this build does not know: its text
    }
    if (parts.isEmpty()) {
        return HistoryBrowserReader::tr("Student alone");
    }
    QString label = parts.join(QStringLiteral(" + "));
    if (soft && !listwise.isEmpty()) {
        label += listwise == QLatin1String("1") ? HistoryBrowserReader::tr(" (listwise)")
                                                : HistoryBrowserReader::tr(" (pointwise)");
    }
    return label;
}

QString durationText(double seconds)
{
    if (seconds <= 0.0) {
        return {};
    }
    if (seconds < 60.0) {
        return HistoryBrowserReader::tr("%1 s").arg(seconds, 0, 'f', 1);
    }
    const auto total = static_cast<long long>(seconds + 0.5);
    if (total < 3600) {
        return HistoryBrowserReader::tr("%1 min %2 s")
            .arg(total / 60)
            .arg(total % 60, 2, 10, QLatin1Char('0'));
    }
    return HistoryBrowserReader::tr("%1 h %2 min")
        .arg(total / 3600)
        .arg((total % 3600) / 60, 2, 10, QLatin1Char('0'));
}

QString tagsText(const QStringList& tags)
{
    return tags.join(QStringLiteral(", "));
}

QStringList parseTags(const QString& text)
{
    QStringList out;
    for (const auto& part : text.split(QLatin1Char(','))) {
        if (const auto t = part.trimmed(); !t.isEmpty()) {
            out.push_back(t);
        }
    }
    out.sort();
    out.removeDuplicates();
    return out;
}

} // namespace kdw::ui
