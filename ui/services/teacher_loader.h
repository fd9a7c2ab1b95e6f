// SPDX-License-Identifier: MIT
// Loads a saved run's teacher (and student) checkpoint with the data it was trained on, on a worker
// thread with its own history connection, and scores one user's candidate list with them: the
// temperature explorer's source of real teacher scores. The GUI thread never reads a dataset or
// waits on the database.
#pragma once

#include <stop_token>

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>

QT_BEGIN_NAMESPACE
class QThread;
QT_END_NAMESPACE

namespace kdw::ui {

// A saved run with a teacher checkpoint (its own, or the run's it took its teacher from).
struct ExplorerRun {
    qint64 id = 0;
    QString name;
    QString method;
    qint64 teacherRun = 0; // the run holding the teacher checkpoint
};

// A run loaded for exploring.
struct LoadedTeacher {
    qint64 runId = 0;
    qint64 teacherRun = 0;
    QString dataset; // the dataset's name
    int users = 0; // evaluated users (each has a candidate list)
    int candidates = 0; // per list: 1 held-out positive + the sampled negatives
    bool hasStudent = false;
    double runTemperature = 1.0; // the run's distillation.temperature
    // The teacher's logits over the run's validation pairs (held-out positives and sampled
    // negatives): the range the sigmoid view spans.
    double logitMin = 0.0;
    double logitMax = 0.0;
};

// One user's candidates: index 0 is the held-out positive, then its sampled negatives.
struct CandidateList {
    qint64 runId = 0;
    int userIndex = 0; // 0-based among the evaluated users
    QString userId; // as the dataset names the user
    QStringList itemIds;
    QList<double> teacher; // logits, aligned with itemIds
    QList<double> student; // logits, aligned; empty when the run saved no student
};

class TeacherLoaderWorker;

// Owns the worker thread; lives on the GUI thread. Its signals are emitted on the worker thread,
// so receivers on the GUI thread get them queued (connect with a receiver context).
class TeacherLoader : public QObject {
    Q_OBJECT
public:
    explicit TeacherLoader(QObject* parent = nullptr);
    ~TeacherLoader() override; // quit(); wait();

    // Reads `path` from now on (opened lazily on the worker), then lists its runs.
    void setHistoryPath(const QString& path);
    void listRuns(); // answers runsListed()
    // Loads the run's models and data; answers runLoaded() then candidatesScored() for user 0, or
    // failed() with a message that says what is missing (no checkpoint, dataset file gone).
    void loadRun(qint64 runId);
    // Scores one evaluated user of the loaded run; answers candidatesScored() or failed().
    void scoreUser(int userIndex);

Q_SIGNALS:
    void runsListed(const QList<kdw::ui::ExplorerRun>& runs);
    void runLoaded(const kdw::ui::LoadedTeacher& run);
    void candidatesScored(const kdw::ui::CandidateList& list);
    void failed(const QString& message);

private:
    std::stop_source m_stop; // asked to stop when this object goes
    QThread* m_thread; // a child of this object
    TeacherLoaderWorker* m_worker; // lives on m_thread, deleted when it finishes
};

} // namespace kdw::ui

Q_DECLARE_METATYPE(kdw::ui::ExplorerRun)
Q_DECLARE_METATYPE(kdw::ui::LoadedTeacher)
Q_DECLARE_METATYPE(kdw::ui::CandidateList)
