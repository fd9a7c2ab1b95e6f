// SPDX-License-Identifier: MIT
#include "ui/services/dataset_loader.h"

#include <QThread>

#include "core/common/error.h"
#include "core/data/loaders.h"
#include "core/data/split.h"
#include "core/data/synthetic.h"

namespace kdw::ui {
namespace {

QString qs(const std::string& s)
{
    return QString::fromStdString(s);
}

QStringList toList(const std::vector<std::string>& lines)
{
    QStringList out;
    for (const auto& l : lines) {
        out << qs(l);
    }
    return out;
}

// The source's data as read, as train::prepareData reads it.
data::Dataset readRaw(const train::DatasetConfig& config, const data::LoadHooks& hooks)
{
    if (config.source == "synthetic") {
        auto d = data::generateSynthetic(config.synthetic);
        d.name = "synthetic";
        return d;
    }
    auto format = data::parseRatingFormat(config.format);
    if (format == data::RatingFormat::Auto && config.source == "csv") {
        format = data::RatingFormat::Csv;
    }
    const auto& c = config.columns;
    return data::loadRatings(config.path, format, {c.user, c.item, c.rating, c.timestamp}, hooks);
}

void preview(const data::Dataset& raw, DatasetSummary& s)
{
    s.columns = QStringList {QStringLiteral("user"), QStringLiteral("item")};
    if (raw.hasRatings) {
        s.columns << QStringLiteral("rating");
    }
    if (raw.hasTimestamps) {
        s.columns << QStringLiteral("timestamp");
    }
    const auto rows = std::min<std::size_t>(raw.interactions.size(), DatasetSummary::kPreviewRows);
    for (std::size_t k = 0; k < rows; ++k) {
        const auto& x = raw.interactions[k];
        QStringList row {qs(raw.userIds[static_cast<std::size_t>(x.user)]),
            qs(raw.itemIds[static_cast<std::size_t>(x.item)])};
        if (raw.hasRatings) {
            row << QString::number(static_cast<double>(x.rating));
        }
        if (raw.hasTimestamps) {
            row << QString::number(x.timestamp);
        }
        s.firstRows << row;
    }
}

} // namespace

DatasetSummary summarize(
    const data::Dataset& raw, const train::DatasetConfig& config, const std::vector<int>& cutoffs)
{
    DatasetSummary s;
    s.name = qs(raw.name);
    s.synthetic = config.source == "synthetic";
    s.rawInteractions = static_cast<long long>(raw.interactions.size());
    preview(raw, s);
    const auto implicit = data::toImplicit(raw, config.implicitThreshold);
    s.statistics = data::computeStatistics(implicit);
    s.notes = toList(raw.notes);
    try {
        const auto split = data::leaveOneOut(
            implicit, {config.evalNegatives, config.validationNegatives, 0, config.holdoutTies});
        s.evaluatedUsers = static_cast<long long>(split.evalUsers.size());
        s.warnings = toList(data::evaluationWarnings(split, cutoffs));
    } catch (const DataError& e) {
        s.warnings << qs(e.what());
    }
    return s;
}

void DatasetLoaderWorker::run(quint64 generation, const train::DatasetConfig& config,
    std::vector<int> cutoffs, std::stop_token stop)
{
    try {
        data::LoadHooks hooks;
        hooks.stop = stop;
        hooks.progress = [&](double f) { Q_EMIT progress(generation, f); };
        throwIfStopped(stop); // superseded while it waited in the queue
        const auto raw = readRaw(config, hooks);
        throwIfStopped(stop);
        auto summary = summarize(raw, config, cutoffs);
        throwIfStopped(stop);
        Q_EMIT loaded(generation, summary);
    } catch (const Cancelled&) {
        Q_EMIT cancelled(generation);
    } catch (const std::exception& e) {
        Q_EMIT failed(generation, qs(e.what()));
    } catch (...) {
        Q_EMIT failed(generation, tr("the dataset could not be read (unknown error)"));
    }
}

DatasetLoader::DatasetLoader(QObject* parent)
    : QObject(parent)
    , m_thread(new QThread(this))
    , m_worker(new DatasetLoaderWorker())
{
    qRegisterMetaType<kdw::ui::DatasetSummary>();
    m_thread->setObjectName(QStringLiteral("dataset loader"));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    const auto current = [this](quint64 g) { return g == m_generation && m_loading; };
    connect(m_worker, &DatasetLoaderWorker::progress, this, [this, current](quint64 g, double f) {
        if (current(g)) {
            Q_EMIT progress(f);
        }
    });
    connect(m_worker, &DatasetLoaderWorker::loaded, this,
        [this, current](quint64 g, const DatasetSummary& s) {
            if (current(g)) {
                finish(g);
                Q_EMIT loaded(s);
            }
        });
    connect(m_worker, &DatasetLoaderWorker::failed, this,
        [this, current](quint64 g, const QString& message) {
            if (current(g)) {
                finish(g);
                Q_EMIT failed(message);
            }
        });
    connect(m_worker, &DatasetLoaderWorker::cancelled, this, [this, current](quint64 g) {
        if (current(g)) {
            finish(g);
            Q_EMIT cancelled();
        }
    });
    m_thread->start();
}

DatasetLoader::~DatasetLoader()
{
    m_stop.request_stop();
    m_thread->quit();
    m_thread->wait();
}

void DatasetLoader::load(const train::DatasetConfig& config, const std::vector<int>& cutoffs)
{
    m_stop.request_stop(); // the load in flight, if any, ends at its next report
    m_stop = std::stop_source();
    const quint64 generation = ++m_generation;
    m_loading = true;
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, generation, config, cutoffs, stop = m_stop.get_token()] {
            worker->run(generation, config, cutoffs, stop);
        },
        Qt::QueuedConnection);
}

void DatasetLoader::cancel()
{
    m_stop.request_stop();
}

void DatasetLoader::finish(quint64 generation)
{
    if (generation == m_generation) {
        m_loading = false;
    }
}

} // namespace kdw::ui
