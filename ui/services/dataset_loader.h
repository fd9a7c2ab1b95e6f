// SPDX-License-Identifier: MIT
// Reads (or generates) the dataset a config names on a worker thread of its own, with progress and
// cancel, and answers with what the dataset panel shows: the first rows as parsed, statistics of
// the implicit data the runs train on, the evaluation protocol's counts and core's warnings. The
// GUI thread never reads a dataset (docs/ARCHITECTURE.md).
#pragma once

#include <stop_token>
#include <vector>

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>

#include "core/data/statistics.h"
#include "core/train/config.h"

QT_BEGIN_NAMESPACE
class QThread;
QT_END_NAMESPACE

namespace kdw::ui {

// What one load found. Counts are of the implicit dataset (train::prepareData's: the threshold
// applied, repeated pairs merged), except rawInteractions.
struct DatasetSummary {
    QString name; // the file's name, or "synthetic"
    bool synthetic = false; // generated, not read from a file
    data::DatasetStatistics statistics;
    long long rawInteractions = 0; // rows read (or generated) before toImplicit
    // The columns as their roles name them: "user", "item", then "rating" and "timestamp" when
    // the data has them; firstRows holds up to kPreviewRows rows of as many cells, as parsed (the
    // ids as the file writes them).
    QStringList columns;
    QList<QStringList> firstRows;
    long long evaluatedUsers = 0; // users with a held-out item (leave-one-out)
    QStringList notes; // what the reader decided (data::Dataset::notes)
    // Why evaluation is partly meaningless (data::evaluationWarnings), or why the data cannot be
    // split at all (the DataError of data::leaveOneOut).
    QStringList warnings;
    static constexpr int kPreviewRows = 12;
};

class DatasetLoaderWorker;

// Owns the worker thread. Lives on the GUI thread; every answer arrives as a queued signal. A new
// load() cancels the one in flight, whose answers are dropped.
class DatasetLoader : public QObject {
    Q_OBJECT
public:
    explicit DatasetLoader(QObject* parent = nullptr);
    ~DatasetLoader() override; // cancels, then quit(); wait();

    // Starts reading `config`'s data (the seed of the split: 0; `cutoffs` are the K of HR@K for
    // the warnings). Returns at once.
    void load(const train::DatasetConfig& config, const std::vector<int>& cutoffs);
    // Stops the load in flight (within 16,384 lines of a file); cancelled() follows.
    void cancel();
    [[nodiscard]] bool isLoading() const { return m_loading; }

Q_SIGNALS:
    void progress(double fraction); // in [0, 1]
    void loaded(const kdw::ui::DatasetSummary& summary);
    void failed(const QString& message); // core's message: names the file and the line
    void cancelled();

private:
    void finish(quint64 generation);

    QThread* m_thread; // a child of this object; stopped in the destructor
    DatasetLoaderWorker* m_worker; // lives on m_thread, deleted when it finishes
    std::stop_source m_stop;
    quint64 m_generation = 0; // of the newest load; answers of older ones are dropped
    bool m_loading = false;
};

// Lives on the loader's thread. Reads, computes and answers; never lets an exception out.
class DatasetLoaderWorker : public QObject {
    Q_OBJECT
public:
    // Runs one load on the calling (worker) thread.
    void run(quint64 generation, const train::DatasetConfig& config, std::vector<int> cutoffs,
        std::stop_token stop);

Q_SIGNALS:
    void progress(quint64 generation, double fraction);
    void loaded(quint64 generation, const kdw::ui::DatasetSummary& summary);
    void failed(quint64 generation, const QString& message);
    void cancelled(quint64 generation);
};

// The summary of a dataset as read (`raw`), for `config`; runs leaveOneOut. Throws DataError as
// toImplicit does. Exposed for tests.
DatasetSummary summarize(
    const data::Dataset& raw, const train::DatasetConfig& config, const std::vector<int>& cutoffs);

} // namespace kdw::ui

Q_DECLARE_METATYPE(kdw::ui::DatasetSummary)
