// SPDX-License-Identifier: MIT
#include "ui/history/history_browser.h"

#include <QAction>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include "core/eval/metric_catalogue.h"
#include "core/train/vocabulary.h"
#include "ui/history/browser_columns.h"
#include "ui/history/filter_syntax.h"
#include "ui/history/history_table_model.h"
#include "ui/history/run_details_dialog.h"

namespace kdw::ui {
namespace {

constexpr int kFilterDelayMs = 200;
constexpr int kActiveRefreshMs = 2000;

QString qs(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

// A column's first width in pixels: enough for its usual content.
int defaultWidth(const BrowserColumn& c)
{
    switch (c.kind) {
    case ColumnKind::Name:
        return 230;
    case ColumnKind::Method:
        return 260;
    case ColumnKind::Notes:
        return 180;
    case ColumnKind::Date:
        return 125;
    case ColumnKind::Best:
    case ColumnKind::Final:
        return 125; // room for the sort indicator
    case ColumnKind::Tags:
    case ColumnKind::StudentSize:
        return 105;
    case ColumnKind::Config:
        return c.key.count(QLatin1Char('.')) > 0 && c.header() == c.key ? 150 : 60;
    default:
        return 85;
    }
}

} // namespace

HistoryBrowser::HistoryBrowser(HistoryBrowserReader& reader, QWidget* parent)
    : QWidget(parent)
    , m_reader(reader)
    , m_model(new HistoryTableModel(reader, this))
    , m_view(new QTableView(this))
    , m_filterDelay(new QTimer(this))
    , m_activeRefresh(new QTimer(this))
{
    setUpView();
    buildActions();
    auto* toolbar = new QToolBar(this);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    for (auto* a : {m_compare, m_useAsTeacher, m_rerun, m_duplicate, m_details}) {
        toolbar->addAction(a);
    }
    toolbar->addSeparator();
    for (auto* a : {m_exportJson, m_exportCsv, m_delete}) {
        toolbar->addAction(a);
    }
    toolbar->addSeparator();
    buildColumnMenu();
    toolbar->addWidget(m_columnButton);
    toolbar->addAction(m_refresh);

    m_message = new QLabel(this);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(buildFilterRow());
    layout->addWidget(toolbar);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_message);

    m_filterDelay->setSingleShot(true);
    m_filterDelay->setInterval(kFilterDelayMs);
    connect(m_filterDelay, &QTimer::timeout, this, &HistoryBrowser::applyFilter);
    m_activeRefresh->setInterval(kActiveRefreshMs);
    connect(m_activeRefresh, &QTimer::timeout, this, [this] {
        if (m_model->hasActiveRuns()) {
            m_model->refresh();
        }
    });
    m_activeRefresh->start();

    connect(m_model, &QAbstractItemModel::modelReset, this, &HistoryBrowser::updateActions);
    connect(m_model, &HistoryTableModel::pageApplied, this, &HistoryBrowser::updateCount);
    connectReader();
    updateActions();
    m_model->refresh(); // the first page
}

void HistoryBrowser::setUpView()
{
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setSectionsMovable(false);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSortIndicator(-1, Qt::DescendingOrder); // newest first
    m_view->setSortingEnabled(true);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    applyColumnWidths();
    connect(m_view, &QWidget::customContextMenuRequested, this, &HistoryBrowser::showContextMenu);
    connect(m_view, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex& index) {
        if (!m_model->columns().at(index.column()).editable()) {
            showDetails(m_model->run(index.row()).id);
        }
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &HistoryBrowser::updateActions);
}

void HistoryBrowser::connectReader()
{
    connect(&m_reader, &HistoryBrowserReader::configLoaded, this, &HistoryBrowser::onConfigLoaded);
    connect(&m_reader, &HistoryBrowserReader::detailsLoaded, this,
        [this](const BrowserRunDetails& details) {
            auto* dialog = new RunDetailsDialog(details, this);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            dialog->show();
        });
    connect(&m_reader, &HistoryBrowserReader::pageLoaded, this, [this](const BrowserPage& page) {
        // A history in a read-only folder is listed read-only: say so once, beside the runs.
        if (page.note.isEmpty()) {
            return;
        }
        const auto text = page.note.left(1).toUpper() + page.note.mid(1);
        if (m_message->text() != text) {
            m_message->setText(text);
            Q_EMIT statusMessage(text);
        }
    });
    connect(&m_reader, &HistoryBrowserReader::failed, this, [this](const QString& message) {
        m_message->setText(message);
        Q_EMIT statusMessage(message);
    });
    connect(&m_reader, &HistoryBrowserReader::exported, this, [this](const QString& path, int n) {
        const auto text = tr("%n run(s) exported to %1", nullptr, n).arg(path);
        m_message->setText(text);
        Q_EMIT statusMessage(text);
    });
    connect(&m_reader, &HistoryBrowserReader::deleted, this, [this](const QList<qint64>& ids) {
        const auto text = tr("%n run(s) deleted", nullptr, static_cast<int>(ids.size()));
        m_message->setText(text);
        Q_EMIT statusMessage(text);
        updateCount();
    });
}

void HistoryBrowser::buildActions()
{
    const auto make = [this](const QString& text, const QString& tip) {
        auto* a = new QAction(text, this);
        a->setToolTip(tip);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(a);
        return a;
    };
    m_compare = make(tr("Compare"), tr("Compare the selected runs (two or more)"));
    m_useAsTeacher = make(tr("Use as teacher"), tr("Start a run whose teacher is this run's"));
    m_rerun = make(tr("Re-run with changes…"), tr("Load this run's config into the designer"));
    m_duplicate = make(tr("Duplicate"), tr("Load this run's config as a new run"));
    m_details = make(tr("Details"), tr("Config, tags, notes, final and best of every metric"));
    m_exportJson = make(tr("Export JSON…"), tr("The selected runs as JSON (importable)"));
    m_exportCsv = make(tr("Export CSV…"), tr("The selected runs as CSV, a line per run"));
    m_delete = make(tr("Delete…"), tr("Delete the selected runs from the history"));
    m_refresh = make(tr("Refresh"), tr("Read the history again"));
    m_delete->setShortcut(QKeySequence::Delete);
    m_refresh->setShortcut(QKeySequence::Refresh);
    m_compare->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    connect(m_compare, &QAction::triggered, this,
        [this] { Q_EMIT compareRequested(selectedRunIds()); });
    connect(m_useAsTeacher, &QAction::triggered, this,
        [this] { requestConfig(ConfigPurpose::UseAsTeacher); });
    connect(m_rerun, &QAction::triggered, this, [this] { requestConfig(ConfigPurpose::Rerun); });
    connect(m_duplicate, &QAction::triggered, this,
        [this] { requestConfig(ConfigPurpose::Duplicate); });
    connect(m_details, &QAction::triggered, this, [this] {
        if (const auto ids = selectedRunIds(); ids.size() == 1) {
            showDetails(ids.front());
        }
    });
    connect(m_exportJson, &QAction::triggered, this, [this] { askExport(false); });
    connect(m_exportCsv, &QAction::triggered, this, [this] { askExport(true); });
    connect(m_delete, &QAction::triggered, this, &HistoryBrowser::askDelete);
    connect(m_refresh, &QAction::triggered, this, &HistoryBrowser::refresh);
}

QWidget* HistoryBrowser::buildFilterRow()
{
    auto* row = new QWidget(this);
    m_filter = new QLineEdit(row);
    m_filter->setClearButtonEnabled(true);
    m_filter->setPlaceholderText(
        tr("Filter: words, tag:…, method:…, status:…, sweep:…, from:YYYY-MM-DD, to:…"));
    m_filter->setToolTip(filterSyntaxHelp());
    auto* focusFilter = new QAction(this);
    focusFilter->setShortcut(QKeySequence::Find);
    focusFilter->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(focusFilter);
    connect(focusFilter, &QAction::triggered, m_filter, [this] { m_filter->setFocus(); });

    m_method = new QComboBox(row);
    m_method->addItem(tr("Any method"), QString());
    for (const auto& info : train::methodCatalogue()) {
        const auto name = qs(info.name);
        if (info.method == train::Method::SoftTarget) {
            m_method->addItem(tr("%1 (pointwise)").arg(qs(info.label)), name + "/pointwise");
            m_method->addItem(tr("%1 (listwise)").arg(qs(info.label)), name + "/listwise");
        } else {
            m_method->addItem(
                info.method == train::Method::None ? tr("Student alone") : qs(info.label), name);
        }
    }
    m_status = new QComboBox(row);
    m_status->addItem(tr("Any status"), QString());
    for (const auto state : train::allRunStates()) {
        const auto text = QString::fromStdString(train::toString(state));
        m_status->addItem(text, text);
    }
    m_count = new QLabel(row);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_filter, 1);
    layout->addWidget(m_method);
    layout->addWidget(m_status);
    layout->addWidget(m_count);
    connect(m_filter, &QLineEdit::textChanged, m_filterDelay, qOverload<>(&QTimer::start));
    connect(m_method, &QComboBox::currentIndexChanged, this, &HistoryBrowser::applyFilter);
    connect(m_status, &QComboBox::currentIndexChanged, this, &HistoryBrowser::applyFilter);
    return row;
}

void HistoryBrowser::buildColumnMenu()
{
    m_columnMenu = new QMenu(this);
    m_columnButton = new QToolButton(this);
    m_columnButton->setText(tr("Columns"));
    m_columnButton->setToolTip(tr("Choose the columns: run fields, config fields, metrics"));
    m_columnButton->setPopupMode(QToolButton::InstantPopup);
    m_columnButton->setMenu(m_columnMenu);
    connect(m_columnMenu, &QMenu::aboutToShow, this, [this] {
        m_columnMenu->clear();
        const auto shown = m_model->columns();
        for (const auto& group : columnGroups()) {
            auto* sub = m_columnMenu->addMenu(group.title);
            for (const auto& column : group.columns) {
                auto* a = sub->addAction(column.header());
                a->setToolTip(column.toolTip());
                a->setCheckable(true);
                a->setChecked(shown.contains(column));
                connect(a, &QAction::toggled, this, [this, column](bool on) {
                    auto columns = m_model->columns();
                    if (on && !columns.contains(column)) {
                        columns.push_back(column);
                    } else if (!on && columns.size() > 1) {
                        columns.removeAll(column);
                    }
                    m_model->setColumns(columns);
                    applyColumnWidths();
                });
            }
        }
        m_columnMenu->addSeparator();
        m_columnMenu->addAction(tr("Default columns"), this, [this] {
            m_model->setColumns(defaultColumns());
            applyColumnWidths();
        });
    });
}

void HistoryBrowser::applyColumnWidths()
{
    const auto& columns = m_model->columns();
    for (int k = 0; k < columns.size(); ++k) {
        m_view->setColumnWidth(k, defaultWidth(columns.at(k)));
    }
}

void HistoryBrowser::applyFilter()
{
    BrowserQuery filter;
    applyFilterText(filter, m_filter->text());
    if (filter.method.isEmpty()) {
        setMethodTerm(filter, m_method->currentData().toString());
    }
    if (filter.status.isEmpty()) {
        filter.status = m_status->currentData().toString();
    }
    const BrowserQuery& current = m_model->query();
    BrowserQuery next = current;
    copyFilter(next, filter);
    if (next != current) {
        m_model->setFilter(next);
    }
}

QList<qint64> HistoryBrowser::selectedRunIds() const
{
    QList<qint64> ids;
    auto rows = m_view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
        [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    for (const auto& index : rows) {
        ids.push_back(m_model->run(index.row()).id);
    }
    return ids;
}

QStringList HistoryBrowser::columnIds() const
{
    QStringList ids;
    for (const auto& c : m_model->columns()) {
        ids.push_back(c.id());
    }
    return ids;
}

void HistoryBrowser::setColumnIds(const QStringList& ids)
{
    QList<BrowserColumn> columns;
    for (const auto& id : ids) {
        if (const auto c = columnFromId(id); c && !columns.contains(*c)) {
            columns.push_back(*c);
        }
    }
    m_model->setColumns(columns.isEmpty() ? defaultColumns() : columns);
    applyColumnWidths();
}

void HistoryBrowser::refresh()
{
    m_model->refresh();
}

void HistoryBrowser::updateActions()
{
    const auto n = m_view->selectionModel()->selectedRows().size();
    m_compare->setEnabled(n >= 2);
    for (auto* a : {m_useAsTeacher, m_rerun, m_duplicate, m_details}) {
        a->setEnabled(n == 1);
    }
    for (auto* a : {m_exportJson, m_exportCsv, m_delete}) {
        a->setEnabled(n >= 1);
    }
}

void HistoryBrowser::updateCount()
{
    const auto total = m_model->totalRuns();
    m_count->setText(total < 0 ? QString() : tr("%n run(s)", nullptr, static_cast<int>(total)));
}

void HistoryBrowser::showContextMenu(const QPoint& pos)
{
    if (!m_view->indexAt(pos).isValid()) {
        return;
    }
    QMenu menu(this);
    for (auto* a : {m_compare, m_useAsTeacher, m_rerun, m_duplicate, m_details}) {
        menu.addAction(a);
    }
    menu.addSeparator();
    for (auto* a : {m_exportJson, m_exportCsv, m_delete}) {
        menu.addAction(a);
    }
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

QStringList HistoryBrowser::exportMetrics() const
{
    QStringList metrics;
    for (const auto& c : m_model->columns()) {
        if (c.kind == ColumnKind::Final || c.kind == ColumnKind::Best) {
            metrics.push_back(c.key);
        }
    }
    metrics.removeDuplicates();
    if (metrics.isEmpty()) {
        for (const auto& m : eval::headlineMetrics()) {
            metrics.push_back(QString::fromStdString(m));
        }
    }
    return metrics;
}

void HistoryBrowser::exportSelection(const QString& path, bool csv)
{
    const auto ids = selectedRunIds();
    if (!ids.isEmpty()) {
        m_reader.exportRuns(ids, path, csv, exportMetrics());
    }
}

void HistoryBrowser::askExport(bool csv)
{
    const auto path = QFileDialog::getSaveFileName(this,
        csv ? tr("Export runs as CSV") : tr("Export runs as JSON"),
        csv ? QStringLiteral("runs.csv") : QStringLiteral("runs.json"),
        csv ? tr("CSV (*.csv)") : tr("JSON (*.json)"));
    if (!path.isEmpty()) {
        exportSelection(path, csv);
    }
}

void HistoryBrowser::askDelete()
{
    const auto ids = selectedRunIds();
    if (ids.isEmpty()) {
        return;
    }
    const auto row = m_model->rowOf(ids.front());
    const auto what = ids.size() == 1 && row >= 0
        ? tr("Delete run %1 (%2) with its curves and checkpoints?")
              .arg(ids.front())
              .arg(m_model->run(row).name)
        : tr("Delete these %n runs with their curves and checkpoints?", nullptr,
            static_cast<int>(ids.size()));
    const auto answer = QMessageBox::question(this, tr("Delete runs"),
        what + QLatin1Char('\n') + tr("This cannot be undone."),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer == QMessageBox::Yes) {
        deleteRuns(ids);
    }
}

void HistoryBrowser::deleteRuns(const QList<qint64>& runIds)
{
    m_reader.deleteRuns(runIds);
}

void HistoryBrowser::showDetails(qint64 runId)
{
    m_reader.loadDetails(runId);
}

void HistoryBrowser::requestConfig(ConfigPurpose purpose)
{
    if (const auto ids = selectedRunIds(); ids.size() == 1) {
        m_reader.loadConfig(ids.front(), purpose);
    }
}

void HistoryBrowser::onConfigLoaded(qint64 runId, ConfigPurpose purpose, const QString& configJson)
{
    switch (purpose) {
    case ConfigPurpose::UseAsTeacher:
        Q_EMIT useAsTeacherRequested(runId, configJson);
        break;
    case ConfigPurpose::Rerun:
        Q_EMIT rerunRequested(runId, configJson);
        break;
    case ConfigPurpose::Duplicate:
        Q_EMIT duplicateRequested(runId, configJson);
        break;
    }
}

} // namespace kdw::ui
