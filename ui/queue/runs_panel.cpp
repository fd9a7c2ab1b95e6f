// SPDX-License-Identifier: MIT
#include "ui/queue/runs_panel.h"

#include <algorithm>

#include <QMessageBox>
#include <QSplitter>
#include <QVBoxLayout>

#include "core/common/error.h"
#include "core/eval/metric_catalogue.h"
#include "core/train/vocabulary.h"
#include "ui/charts/chart_board.h"
#include "ui/model/curve_store.h"
#include "ui/model/run_queue_model.h"
#include "ui/queue/queue_view.h"
#include "ui/services/run_queue.h"

namespace kdw::ui {

EpochPoint meaningfulMetrics(EpochPoint epoch, const QString& method)
{
    bool hasTemperature = false;
    try {
        const auto params = train::MethodSet::parse(method.toStdString()).parameters();
        hasTemperature
            = std::find(params.begin(), params.end(), "distillation.temperature") != params.end();
    } catch (const Error&) {
        hasTemperature = true; // a method core does not know: hide nothing
    }
    if (!hasTemperature) {
        epoch.metrics.remove(QString::fromUtf8(eval::metric::kKlAtTemperature.data(),
            static_cast<qsizetype>(eval::metric::kKlAtTemperature.size())));
    }
    return epoch;
}

RunsPanel::RunsPanel(const QString& historyPath, QWidget* parent)
    : QWidget(parent)
    , m_queue(new RunQueue(historyPath, this))
    , m_model(new RunQueueModel(m_queue, this))
    , m_store(new CurveStore(this))
    , m_board(new ChartBoard(m_store))
    , m_view(new QueueView(m_queue, m_model))
    , m_splitter(new QSplitter(Qt::Vertical))
{
    m_splitter->addWidget(m_board);
    m_splitter->addWidget(m_view);
    m_splitter->setStretchFactor(0, 4);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_splitter);

    connect(m_queue, &RunQueue::runCreated, this, [this](qint64 item, qint64 run) {
        m_liveRuns.append(run);
        m_store->setRunLabel(run, m_labels.value(item));
        if (run == m_storedRun) {
            m_storedRun = 0; // now one of this session's
        }
    });
    connect(m_queue, &RunQueue::epochFinished, this,
        [this](qint64 item, qint64 run, const EpochPoint& e) {
            m_store->append(run, meaningfulMetrics(e, m_methods.value(item)));
        });
    connect(m_queue, &RunQueue::ended, this,
        [this](qint64 item, qint64 run, const QString& status, const QString& message) {
            if (run != 0) {
                Q_EMIT runEnded(run, status, message);
            } else if (status != QLatin1String("cancelled")) {
                Q_EMIT failedUnrecorded(m_labels.value(item), message); // else said nowhere
            }
            updateSummary();
        });
    connect(m_queue, &RunQueue::stateChanged, this, &RunsPanel::updateSummary);
    connect(m_view, &QueueView::enqueueRequested, this,
        [this](const train::ExperimentConfig& c, bool now) { enqueue(c, now); });
}

RunsPanel::~RunsPanel() = default;

qint64 RunsPanel::enqueue(const train::ExperimentConfig& config, bool now)
{
    const qint64 item = m_queue->enqueue(config, now);
    m_methods.insert(item, QString::fromStdString(config.distillation.method));
    m_labels.insert(item, QString::fromStdString(config.name));
    return item;
}

QueueView* RunsPanel::releaseQueueView()
{
    m_view->setParent(nullptr); // leaves the splitter; the board takes its room
    return m_view;
}

void RunsPanel::setHistoryPath(const QString& path)
{
    m_queue->setHistoryPath(path);
}

void RunsPanel::setExperiment(const train::ExperimentConfig& config)
{
    m_view->setSweepBase(config);
    m_board->setCutoffs(config.eval.k);
}

void RunsPanel::showStoredRun(qint64 runId, const QString& label, const QString& method,
    const QList<EpochPoint>& epochs, const QList<EpochPoint>& teacherEpochs)
{
    if (m_liveRuns.contains(runId)) {
        return; // this session's run: its curves are already here
    }
    if (m_storedRun != 0 && m_storedRun != runId) {
        m_store->removeRun(m_storedRun);
    }
    m_storedRun = runId;
    QList<EpochPoint> all;
    for (const auto& e : teacherEpochs) {
        if (e.phase == QLatin1String("teacher")) {
            all.append(e);
        }
    }
    for (const auto& e : epochs) {
        all.append(meaningfulMetrics(e, method));
    }
    m_store->setRunLabel(runId, label);
    m_store->setRun(runId, all);
}

void RunsPanel::addTeacherCurves(qint64 runId, const QList<EpochPoint>& teacherEpochs)
{
    for (const auto& e : teacherEpochs) {
        m_store->append(runId, e);
    }
}

void RunsPanel::updateSummary()
{
    int running = 0;
    int paused = 0;
    int waiting = 0;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        switch (m_queue->state(m_model->itemAt(row))) {
        case RunQueue::State::Running:
            ++running;
            break;
        case RunQueue::State::Paused:
            ++paused;
            break;
        case RunQueue::State::Queued:
        case RunQueue::State::WaitingForTeacher:
            ++waiting;
            break;
        default:
            break;
        }
    }
    QStringList parts;
    if (running > 0) {
        parts << tr("%n training", nullptr, running);
    }
    if (paused > 0) {
        parts << tr("%n paused", nullptr, paused);
    }
    if (waiting > 0) {
        parts << tr("%n queued", nullptr, waiting);
    }
    Q_EMIT summaryChanged(parts.join(QStringLiteral(", ")));
}

bool RunsPanel::confirmClose()
{
    const int active = m_queue->activeCount();
    if (active == 0) {
        return true;
    }
    const auto answer = QMessageBox::question(this, tr("Runs are active"),
        tr("%n run(s) are training, paused or queued. Cancel them and quit? The epochs already "
           "trained are kept and the runs are recorded as cancelled.",
            nullptr, active),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer != QMessageBox::Yes) {
        return false;
    }
    m_queue->shutdown(); // each run ends within one batch
    return true;
}

} // namespace kdw::ui
