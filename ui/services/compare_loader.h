// SPDX-License-Identifier: MIT
// Reads the runs the compare view compares (config, seed, final and best values, every epoch) on
// a worker thread with its own history connection: the GUI thread never waits on the database.
#pragma once

#include <QList>
#include <QObject>
#include <QString>

#include "ui/model/compare_model.h"

QT_BEGIN_NAMESPACE
class QThread;
QT_END_NAMESPACE

namespace kdw::ui {

class CompareLoaderWorker;

// Owns the worker thread; lives on the GUI thread. Its signals are emitted on the worker thread,
// so receivers on the GUI thread get them queued (connect with a receiver context).
class CompareLoader : public QObject {
    Q_OBJECT
public:
    explicit CompareLoader(const QString& historyPath, QObject* parent = nullptr);
    ~CompareLoader() override; // quit(); wait();

    // Reads the runs (in this order; unknown ids left out); answers loaded() with `request`, or
    // failed() with what went wrong.
    void load(const QList<qint64>& runIds, int request);

Q_SIGNALS:
    void loaded(int request, const QList<kdw::ui::compare::CompareRun>& runs);
    void failed(int request, const QString& message);

private:
    QThread* m_thread; // a child of this object
    CompareLoaderWorker* m_worker; // lives on m_thread, deleted when it finishes
};

} // namespace kdw::ui
