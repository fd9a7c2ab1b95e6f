// SPDX-License-Identifier: MIT
#include "ui/queue/queue_view.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPainter>
#include <QPushButton>
#include <QSpinBox>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include "core/common/compute_threads.h"
#include "ui/model/run_queue_model.h"
#include "ui/queue/sweep_dialog.h"
#include "ui/services/run_queue.h"

namespace kdw::ui {

namespace {

// The Progress column as a progress bar: the whole run's progress, with its percentage.
class ProgressDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option,
        const QModelIndex& index) const override
    {
        QStyleOptionProgressBar bar;
        bar.rect = option.rect.adjusted(2, 3, -2, -3);
        bar.minimum = 0;
        bar.maximum = 1000;
        bar.progress = qRound(index.data(RunQueueModel::kProgressRole).toDouble() * 1000);
        bar.text = index.data(Qt::DisplayRole).toString();
        bar.textVisible = true;
        bar.state = option.state | QStyle::State_Horizontal;
        bar.palette = option.palette;
        const auto* widget = option.widget;
        QStyle* style = widget != nullptr ? widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ProgressBar, &bar, painter, widget);
    }
    [[nodiscard]] QSize sizeHint(
        const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        return QStyledItemDelegate::sizeHint(option, index).expandedTo(QSize(120, 0));
    }
};

} // namespace

QueueView::QueueView(RunQueue* queue, RunQueueModel* model, QWidget* parent)
    : QWidget(parent)
    , m_queue(queue)
    , m_model(model)
    , m_table(new QTableView())
    , m_pause(new QPushButton(tr("Pause")))
    , m_resume(new QPushButton(tr("Resume")))
    , m_cancel(new QPushButton(tr("Cancel")))
    , m_concurrency(new QSpinBox())
{
    m_table->setModel(model);
    // A run just queued (a sweep adds several) is brought into view.
    connect(
        model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex&, int, int last) {
            // Once the table has laid the new rows out (its scroll range grows later).
            QTimer::singleShot(0, m_table, [this, last] {
                if (last == m_model->rowCount() - 1) {
                    m_table->scrollToBottom(); // whole, also when a scroll bar came with it
                } else if (last < m_model->rowCount()) {
                    m_table->scrollTo(m_model->index(last, 0), QAbstractItemView::EnsureVisible);
                }
            });
        });
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->verticalHeader()->hide();
    m_table->setItemDelegateForColumn(RunQueueModel::Progress, new ProgressDelegate(m_table));
    auto* header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(RunQueueModel::Name, QHeaderView::Stretch);
    header->setSectionResizeMode(RunQueueModel::Progress, QHeaderView::Stretch);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    // Room for four rows under the header, so that two running and two waiting runs are seen.
    m_table->setMinimumHeight(m_table->horizontalHeader()->sizeHint().height()
        + 4 * m_table->verticalHeader()->defaultSectionSize() + 4);

    auto* pauseAll = new QPushButton(tr("Pause all"));
    auto* resumeAll = new QPushButton(tr("Resume all"));
    auto* cancelAll = new QPushButton(tr("Cancel all"));
    auto* add = new QPushButton(tr("Add to queue"));
    add->setToolTip(tr("Queue the experiment on the left; it starts when a slot is free"));
    auto* now = new QPushButton(tr("Run now"));
    now->setToolTip(tr("Queue the experiment on the left before every waiting run"));
    auto* sweep = new QPushButton(tr("Sweep…"));
    sweep->setToolTip(tr("Queue one setting over a list of values, with seeds"));
    m_concurrency->setRange(1, std::max(8, 2 * availableCores()));
    m_concurrency->setValue(queue->concurrency());
    m_concurrency->setPrefix(tr("At once: "));
    m_concurrency->setToolTip(tr("How many runs train at the same time; the cores are shared "
                                 "between them. Default: one run per core (%1).")
                                  .arg(availableCores()));
    m_pause->setToolTip(tr("Pause the selected runs at their next batch (they hold no core)"));
    m_cancel->setToolTip(tr("Cancel the selected runs within one batch; finished epochs are kept"));

    m_enqueueButtons = {add, now, sweep};
    auto* buttons = new QHBoxLayout();
    buttons->addWidget(add);
    buttons->addWidget(now);
    buttons->addSpacing(8);
    for (auto* b : {m_pause, m_resume, m_cancel}) {
        buttons->addWidget(b);
    }
    buttons->addSpacing(8);
    for (auto* b : {pauseAll, resumeAll, cancelAll}) {
        buttons->addWidget(b);
    }
    buttons->addStretch(1);
    buttons->addWidget(m_concurrency);
    buttons->addWidget(sweep);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 4);
    layout->addLayout(buttons);
    layout->addWidget(m_table, 1);

    connect(m_pause, &QPushButton::clicked, this, [this] { act(&RunQueue::pause); });
    connect(m_resume, &QPushButton::clicked, this, [this] { act(&RunQueue::resume); });
    connect(m_cancel, &QPushButton::clicked, this, [this] { act(&RunQueue::cancel); });
    connect(pauseAll, &QPushButton::clicked, queue, &RunQueue::pauseAll);
    connect(resumeAll, &QPushButton::clicked, queue, &RunQueue::resumeAll);
    connect(cancelAll, &QPushButton::clicked, queue, &RunQueue::cancelAll);
    connect(m_concurrency, &QSpinBox::valueChanged, queue, &RunQueue::setConcurrency);
    connect(sweep, &QPushButton::clicked, this, &QueueView::openSweep);
    connect(add, &QPushButton::clicked, this, [this] { Q_EMIT enqueueRequested(m_base, false); });
    connect(now, &QPushButton::clicked, this, [this] { Q_EMIT enqueueRequested(m_base, true); });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &QueueView::updateButtons);
    connect(model, &QAbstractItemModel::dataChanged, this, &QueueView::updateButtons);
    connect(m_table, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        QMenu menu(this);
        connect(menu.addAction(tr("Pause")), &QAction::triggered, this,
            [this] { act(&RunQueue::pause); });
        connect(menu.addAction(tr("Resume")), &QAction::triggered, this,
            [this] { act(&RunQueue::resume); });
        connect(menu.addAction(tr("Cancel")), &QAction::triggered, this,
            [this] { act(&RunQueue::cancel); });
        menu.exec(m_table->viewport()->mapToGlobal(pos));
    });
    updateButtons();
}

void QueueView::setEnqueueButtonsVisible(bool visible)
{
    for (auto* b : std::as_const(m_enqueueButtons)) {
        b->setVisible(visible);
    }
}

void QueueView::pauseSelected()
{
    act(&RunQueue::pause);
}

void QueueView::resumeSelected()
{
    act(&RunQueue::resume);
}

void QueueView::cancelSelected()
{
    act(&RunQueue::cancel);
}

QList<QWidget*> QueueView::advancedControls() const
{
    return {m_concurrency};
}

void QueueView::act(void (RunQueue::*action)(qint64))
{
    const auto rows = m_table->selectionModel()->selectedRows();
    for (const auto& index : rows) {
        (m_queue->*action)(m_model->itemAt(index.row()));
    }
    updateButtons();
}

void QueueView::updateButtons()
{
    bool canPause = false;
    bool canResume = false;
    bool canCancel = false;
    for (const auto& index : m_table->selectionModel()->selectedRows()) {
        const auto state = m_queue->state(m_model->itemAt(index.row()));
        const bool over = state == RunQueue::State::Finished || state == RunQueue::State::Cancelled
            || state == RunQueue::State::Failed;
        canPause = canPause || (!over && state != RunQueue::State::Paused);
        canResume = canResume || state == RunQueue::State::Paused;
        canCancel = canCancel || !over;
    }
    m_pause->setEnabled(canPause);
    m_resume->setEnabled(canResume);
    m_cancel->setEnabled(canCancel);
}

void QueueView::openSweep()
{
    SweepDialog dialog(m_base, this);
    if (dialog.exec() != QDialog::Accepted) {
        return;
    }
    const auto configs = dialog.configs();
    for (const auto& c : configs) {
        Q_EMIT enqueueRequested(c, false);
    }
    Q_EMIT sweepQueued(static_cast<int>(configs.size()));
}

} // namespace kdw::ui
