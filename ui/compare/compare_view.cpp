// SPDX-License-Identifier: MIT
#include "ui/compare/compare_view.h"

#include <algorithm>

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>
#include <QScrollArea>
#include <QScrollBar>
#include <QTableWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include "core/train/vocabulary.h"
#include "ui/charts/chart_export.h"
#include "ui/charts/hyper_chart.h"
#include "ui/charts/run_chart.h"
#include "ui/charts/run_colors.h"
#include "ui/compare/compare_curves.h"
#include "ui/compare/compare_tables.h"
#include "ui/model/curve_store.h"
#include "ui/services/compare_loader.h"

namespace kdw::ui {
namespace {

QTableWidget* newTable()
{
    auto* t = new QTableWidget();
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionMode(QAbstractItemView::ContiguousSelection);
    t->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    t->horizontalHeader()->setMinimumSectionSize(90);
    t->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    t->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    return t;
}

QString writeText(const QString& path, const QString& text)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text.toUtf8()) < 0 || !f.commit()) {
        return QObject::tr("Could not write %1 (is the folder writable?)").arg(path);
    }
    return {};
}

// `parts` one above the other, without margins.
QWidget* column(const QList<QWidget*>& parts)
{
    auto* w = new QWidget();
    auto* layout = new QVBoxLayout(w);
    layout->setContentsMargins(0, 0, 0, 0);
    for (auto* p : parts) {
        layout->addWidget(p);
    }
    return w;
}

// `parts` side by side, then the row's free space.
QWidget* row(const QList<QWidget*>& parts)
{
    auto* w = new QWidget();
    auto* layout = new QHBoxLayout(w);
    layout->setContentsMargins(0, 0, 0, 0);
    for (auto* p : parts) {
        layout->addWidget(p);
    }
    layout->addStretch(1);
    return w;
}

// " Welch: <reason>." when a difference fell back to Welch's for a reason other than the seeds.
QString welchNote(const QList<compare::GroupDifference>& differences)
{
    for (const auto& d : differences) {
        if (!d.welchReason.isEmpty()) {
            return QObject::tr(" Welch: %1.").arg(d.welchReason);
        }
    }
    return {};
}

// The differences CSV's interval column: paired, welch, or not_comparable (measured at two T).
QString intervalKind(const compare::GroupDifference& d)
{
    if (!d.comparable) {
        return QStringLiteral("not_comparable");
    }
    return d.paired ? QStringLiteral("paired") : QStringLiteral("welch");
}

bool isNone(const compare::CompareRun& r)
{
    return r.method == QString::fromStdString(train::MethodSet().toString());
}

} // namespace

CompareView::CompareView(const QString& historyPath, QWidget* parent)
    : QWidget(parent)
    , m_loader(new CompareLoader(historyPath, this))
    , m_title(new QLabel(tr("Choose two or more runs in the history and press Compare.")))
    , m_status(new QLabel())
    , m_grouped(new QCheckBox(tr("Group seeds")))
    , m_band(new QComboBox())
    , m_baseline(new QComboBox())
    , m_export(new QToolButton())
    , m_scroll(new QScrollArea())
    , m_pageWidget(new QWidget())
    , m_curves(new CompareCurves())
    , m_showAll(new QCheckBox(tr("Show all fields")))
    , m_configTable(newTable())
    , m_metricTable(newTable())
    , m_groupA(new QComboBox())
    , m_groupB(new QComboBox())
    , m_diffNote(new QLabel())
    , m_diffTable(newTable())
    , m_hyperField(new QComboBox())
    , m_hyperMetric(new QComboBox())
    , m_hyperBest(new QCheckBox(tr("Best instead of final")))
    , m_hyper(new HyperChart())
{
    setObjectName(QStringLiteral("compareView"));
    m_grouped->setChecked(true);
    m_grouped->setToolTip(tr("Runs that differ only by their seed are drawn as one mean curve "
                             "with a band, as Weights & Biases draws grouped runs"));
    m_band->addItem(tr("Band: min–max"), static_cast<int>(compare::BandKind::MinMax));
    m_band->addItem(tr("Band: ±1 SD"), static_cast<int>(compare::BandKind::StdDev));
    m_baseline->setToolTip(
        tr("The run, or with Group seeds the seed group (its mean), the metric table's "
           "deltas are measured against"));
    m_export->setText(tr("Export"));
    m_export->setPopupMode(QToolButton::InstantPopup);
    m_export->setMenu(new QMenu(m_export));
    connect(m_export->menu(), &QMenu::aboutToShow, this, &CompareView::showExportMenu);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(buildBar());
    m_status->setWordWrap(true);
    m_status->hide();
    layout->addWidget(m_status);
    buildPage();
    m_scroll->setWidget(m_pageWidget);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    layout->addWidget(m_scroll, 1);
    wire();
}

QLayout* CompareView::buildBar()
{
    auto* bar = new QHBoxLayout();
    bar->addWidget(m_grouped);
    bar->addWidget(m_band);
    bar->addSpacing(12);
    bar->addWidget(new QLabel(tr("Baseline:")));
    bar->addWidget(m_baseline);
    bar->addStretch(1);
    bar->addWidget(m_export);
    return bar;
}

void CompareView::buildPage()
{
    auto* page = new QVBoxLayout(m_pageWidget);
    page->setContentsMargins(6, 6, 6, 6);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    m_title->setFont(titleFont);
    m_title->setWordWrap(true);
    page->addWidget(m_title); // on the page, so that an exported page says what it compares
    page->addWidget(addSection(QStringLiteral("curves"), tr("Curves"), m_curves));
    page->addWidget(addSection(QStringLiteral("config"),
        tr("Configuration: the fields that differ"), column({m_showAll, m_configTable})));
    auto* metricsNote = new QLabel(tr("%1 the best value of each metric among these runs; "
                                      "(±x) the difference from the baseline (a run, or a seed "
                                      "group's mean).")
                                       .arg(comparetables::kBestMark));
    metricsNote->setWordWrap(true);
    page->addWidget(addSection(QStringLiteral("metrics"), tr("Final and best metrics (student)"),
        column({metricsNote, m_metricTable})));
    m_groupA->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_groupB->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_diffNote->setWordWrap(true);
    page->addWidget(addSection(QStringLiteral("differences"),
        tr("Is the difference real? Two seed groups, 95% confidence intervals"),
        column({row({new QLabel(tr("A:")), m_groupA, new QLabel(tr("against B:")), m_groupB}),
            m_diffNote, m_diffTable})));
    m_hyper->setMinimumHeight(320);
    page->addWidget(
        addSection(QStringLiteral("hyper"), tr("Hyperparameters: a final metric against a setting"),
            column({row({new QLabel(tr("Metric:")), m_hyperMetric, m_hyperBest,
                        new QLabel(tr("against:")), m_hyperField}),
                m_hyper})));
    page->addStretch(1);
}

void CompareView::wire()
{
    for (auto* table : {m_configTable, m_metricTable, m_diffTable}) {
        table->installEventFilter(this);
    }
    connect(m_loader, &CompareLoader::loaded, this, &CompareView::onLoaded);
    connect(m_loader, &CompareLoader::failed, this, [this](int request, const QString& message) {
        if (request == m_request) {
            m_status->setText(tr("The runs could not be read: %1").arg(message));
            m_status->show();
            Q_EMIT failed(message);
        }
    });
    connect(m_grouped, &QCheckBox::toggled, this, [this] {
        m_band->setEnabled(m_grouped->isChecked());
        m_curves->setRuns(m_runs, m_groups, m_grouped->isChecked(),
            static_cast<compare::BandKind>(m_band->currentData().toInt()));
        fillConfig(); // the columns' colours are the curves'
        fillBaselineChoices(); // grouped: the baseline is a group
        fillMetrics();
    });
    // The sentences wrap to the last column's width: the rows' heights follow it.
    connect(m_diffTable->horizontalHeader(), &QHeaderView::sectionResized, this, [this] {
        m_diffTable->resizeRowsToContents();
        comparetables::fitHeight(m_diffTable);
    });
    connect(m_band, &QComboBox::currentIndexChanged, this, [this] {
        m_curves->setRuns(m_runs, m_groups, m_grouped->isChecked(),
            static_cast<compare::BandKind>(m_band->currentData().toInt()));
    });
    connect(m_showAll, &QCheckBox::toggled, this, &CompareView::fillConfig);
    connect(m_baseline, &QComboBox::currentIndexChanged, this, &CompareView::fillMetrics);
    connect(m_groupA, &QComboBox::currentIndexChanged, this, &CompareView::fillDifferences);
    connect(m_groupB, &QComboBox::currentIndexChanged, this, &CompareView::fillDifferences);
    connect(m_hyperField, &QComboBox::currentIndexChanged, this, &CompareView::fillHyper);
    connect(m_hyperMetric, &QComboBox::currentIndexChanged, this, &CompareView::fillHyper);
    connect(m_hyperBest, &QCheckBox::toggled, this, &CompareView::fillHyper);
}

CompareView::~CompareView() = default;

bool CompareView::eventFilter(QObject* watched, QEvent* event)
{
    // A table's rows wrap to its width (the sentences) and it is as tall as its rows: both are
    // known once it has its width: refitted after the table has laid itself out at it.
    if (event->type() == QEvent::Resize && qobject_cast<QTableWidget*>(watched) != nullptr) {
        QTimer::singleShot(0, this, &CompareView::refitTables);
    }
    return QWidget::eventFilter(watched, event);
}

void CompareView::changeEvent(QEvent* event)
{
    // Light or dark: the tables' swatches and greyed values and the hyperparameter chart's
    // colours are the curves' colours in the new palette.
    if (event->type() == QEvent::PaletteChange && !m_runs.isEmpty()) {
        QTimer::singleShot(0, this, [this] { // once every child has the new palette too
            fillConfig();
            fillMetrics();
            fillHyper();
        });
    }
    QWidget::changeEvent(event);
}

void CompareView::refitTables()
{
    m_diffTable->resizeRowsToContents();
    for (auto* table : {m_configTable, m_metricTable, m_diffTable}) {
        comparetables::fitHeight(table);
    }
}

QWidget* CompareView::addSection(const QString& id, const QString& title, QWidget* body)
{
    auto* box = new QWidget();
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 8, 0, 8);
    auto* heading = new QLabel(title);
    QFont f = heading->font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.15);
    heading->setFont(f);
    layout->addWidget(heading);
    layout->addWidget(body);
    m_sections.append({id, box});
    return box;
}

QWidget* CompareView::section(const QString& id) const
{
    for (const auto& [sid, w] : m_sections) {
        if (sid == id) {
            return w;
        }
    }
    return nullptr;
}

void CompareView::compare(const QList<qint64>& runIds)
{
    ++m_request;
    m_status->setText(tr("Reading the runs from the history…"));
    m_status->show();
    m_loader->load(runIds, m_request);
}

void CompareView::onLoaded(int request, const QList<compare::CompareRun>& runs)
{
    if (request != m_request) {
        return; // superseded by a newer compare()
    }
    m_status->hide();
    m_runs = compare::byGroup(runs); // a group's runs side by side in the tables
    m_groups = compare::seedGroups(m_runs);
    showRuns();
    Q_EMIT compared(static_cast<int>(m_runs.size()));
}

void CompareView::showRuns()
{
    m_title->setText(m_groups.size() < m_runs.size()
            ? tr("Comparing %1 runs in %2 seed groups").arg(m_runs.size()).arg(m_groups.size())
            : tr("Comparing %1 runs").arg(m_runs.size()));
    m_curves->setRuns(m_runs, m_groups, m_grouped->isChecked(),
        static_cast<compare::BandKind>(m_band->currentData().toInt()));
    fillBaselineChoices();
    fillConfig();
    fillMetrics();
    fillGroupChoices();
    fillDifferences();
    fillHyperChoices();
    fillHyper();
}

void CompareView::fillBaselineChoices()
{
    const QSignalBlocker block(m_baseline);
    m_baseline->clear();
    m_baseline->addItem(tr("none"), QVariant::fromValue(QList<int> {}));
    int chosen = 0;
    if (m_grouped->isChecked()) {
        for (const auto& g : std::as_const(m_groups)) {
            m_baseline->addItem(g.members.size() == 1
                    ? g.label
                    : tr("%1 (mean of %2 seeds)").arg(g.label).arg(g.members.size()),
                QVariant::fromValue(g.members));
            if (chosen == 0 && isNone(m_runs[g.members.front()])) {
                chosen = m_baseline->count() - 1; // the student alone
            }
        }
    } else {
        const auto labels = compare::runLabels(m_runs, m_groups);
        for (int r = 0; r < m_runs.size(); ++r) {
            m_baseline->addItem(labels[r], QVariant::fromValue(QList<int> {r}));
            if (chosen == 0 && isNone(m_runs[r])) {
                chosen = r + 1; // the first run without distillation: the student alone
            }
        }
    }
    m_baseline->setCurrentIndex(chosen > 0 ? chosen : std::min(1, m_baseline->count() - 1));
}

QList<int> CompareView::baselineRuns() const
{
    return m_baseline->currentData().value<QList<int>>();
}

void CompareView::fillConfig()
{
    comparetables::setRunColumns(
        m_configTable, m_runs, compare::runLabels(m_runs, m_groups), m_curves->curveColors());
    comparetables::fillConfig(
        m_configTable, compare::configDiff(m_runs, m_showAll->isChecked()), m_runs);
    m_configTable->resizeColumnsToContents();
    comparetables::fitHeight(m_configTable);
}

void CompareView::fillMetrics()
{
    const auto baseline = baselineRuns();
    comparetables::setRunColumns(m_metricTable, m_runs, compare::runLabels(m_runs, m_groups),
        m_curves->curveColors(), baseline);
    comparetables::fillMetrics(m_metricTable, compare::metricTable(m_runs, baseline), baseline);
    m_metricTable->resizeColumnsToContents();
    comparetables::fitHeight(m_metricTable);
}

void CompareView::fillGroupChoices()
{
    const QSignalBlocker blockA(m_groupA);
    const QSignalBlocker blockB(m_groupB);
    m_groupA->clear();
    m_groupB->clear();
    int none = -1;
    for (int k = 0; k < m_groups.size(); ++k) {
        const auto& g = m_groups[k];
        const QString text = g.members.size() == 1
            ? tr("%1 (1 run)").arg(g.label)
            : tr("%1 (%2 seeds)").arg(g.label).arg(g.members.size());
        m_groupA->addItem(text, k);
        m_groupB->addItem(text, k);
        if (none < 0 && isNone(m_runs[g.members.front()])) {
            none = k;
        }
    }
    // B: the student alone when it is among the groups, A: the first other group.
    const int b = none >= 0 ? none : std::min(1, static_cast<int>(m_groups.size()) - 1);
    const int a = b == 0 ? std::min(1, static_cast<int>(m_groups.size()) - 1) : 0;
    m_groupA->setCurrentIndex(a);
    m_groupB->setCurrentIndex(b);
}

void CompareView::fillDifferences()
{
    m_differences.clear();
    const int a = m_groupA->currentData().toInt();
    const int b = m_groupB->currentData().toInt();
    const bool two = m_groups.size() >= 2 && a != b && a >= 0 && b >= 0;
    if (!two) {
        m_diffNote->setText(m_groups.size() < 2
                ? tr("All these runs share one config (but the seed): there are no two groups "
                     "to compare.")
                : tr("Choose two different groups."));
    } else {
        for (const auto& metric : compare::comparedMetrics(m_runs)) {
            if (auto d = compare::groupDifference(m_runs, m_groups[a], m_groups[b], metric)) {
                m_differences << *d;
            }
        }
        m_diffNote->setText(
            tr("The mean of A's final values minus B's, with its 95% confidence interval across "
               "seeds: paired seed by seed when both groups ran the same seeds with corresponding "
               "teachers, else Welch's. An interval that contains 0 cannot tell the two apart.%1")
                .arg(welchNote(m_differences)));
    }
    comparetables::fillDifferences(m_diffTable, m_differences);
    comparetables::fitHeight(m_diffTable);
}

void CompareView::fillHyperChoices()
{
    const QSignalBlocker blockF(m_hyperField);
    const QSignalBlocker blockM(m_hyperMetric);
    const QString field = m_hyperField->currentData().toString();
    const QString metric = m_hyperMetric->currentData().toString();
    m_hyperField->clear();
    for (const auto& f : compare::numericFields(m_runs)) {
        m_hyperField->addItem(compare::fieldLabel(f) == f.section(QLatin1Char('.'), -1)
                ? f
                : QStringLiteral("%1 (%2)").arg(compare::fieldLabel(f), f),
            f);
    }
    m_hyperMetric->clear();
    for (const auto& m : compare::comparedMetrics(m_runs)) {
        m_hyperMetric->addItem(compare::metricLabel(m), m);
    }
    const auto keep = [](QComboBox* box, const QString& value, const QString& preferred) {
        int i = box->findData(value);
        i = i >= 0 ? i : box->findData(preferred);
        box->setCurrentIndex(std::max(i, 0));
    };
    keep(m_hyperField, field, QStringLiteral("distillation.temperature"));
    keep(m_hyperMetric, metric, QStringLiteral("ndcg@10"));
}

void CompareView::fillHyper()
{
    const QString field = m_hyperField->currentData().toString();
    const QString metric = m_hyperMetric->currentData().toString();
    QList<HyperChart::Series> series;
    if (!field.isEmpty() && !metric.isEmpty()) {
        const auto found = compare::hyperSeries(m_runs, field, metric, m_hyperBest->isChecked());
        for (const auto& h : found) {
            const qint64 first = h.runIds.front();
            series.append(HyperChart::Series {h.label,
                charts::runColor(m_curves->store()->colorIndex(first), palette()), h.points,
                h.means, h.level});
        }
    }
    const QString what = m_hyperBest->isChecked() ? tr("best") : tr("final");
    const QString title = field.isEmpty()
        ? tr("No numeric setting differs between these runs")
        : tr("%1 %2 against %3")
              .arg(compare::metricLabel(metric), what, compare::fieldLabel(field));
    const QString axis = field.isEmpty() || compare::fieldLabel(field) == field
        ? field
        : QStringLiteral("%1 (%2)").arg(compare::fieldLabel(field), field);
    m_hyper->setSeries(title, axis, compare::metricLabel(metric), series);
}

void CompareView::setGrouped(bool grouped)
{
    m_grouped->setChecked(grouped);
}

void CompareView::setBandKind(compare::BandKind kind)
{
    m_band->setCurrentIndex(m_band->findData(static_cast<int>(kind)));
}

void CompareView::setShowAllFields(bool all)
{
    m_showAll->setChecked(all);
}

void CompareView::setBaseline(int runIndex)
{
    int chosen = 0;
    for (int i = 1; i < m_baseline->count() && runIndex >= 0; ++i) {
        if (m_baseline->itemData(i).value<QList<int>>().contains(runIndex)) {
            chosen = i;
            break;
        }
    }
    m_baseline->setCurrentIndex(chosen);
}

void CompareView::setDifferenceGroups(int a, int b)
{
    m_groupA->setCurrentIndex(m_groupA->findData(a));
    m_groupB->setCurrentIndex(m_groupB->findData(b));
}

void CompareView::setHyperField(const QString& field)
{
    m_hyperField->setCurrentIndex(m_hyperField->findData(field));
}

void CompareView::setHyperMetric(const QString& metric)
{
    m_hyperMetric->setCurrentIndex(m_hyperMetric->findData(metric));
}

QString CompareView::exportPage(const QString& path, qreal scale)
{
    // The page laid out for paper, not for the window: every table at its full width (all its
    // columns, none scrolled away) and the page at least kMinPageWidth wide; the window's layout
    // comes back afterwards.
    constexpr int kMinPageWidth = 1600;
    const QList<QTableWidget*> tables {m_configTable, m_metricTable, m_diffTable};
    QList<int> minimumWidths;
    int widest = 0;
    for (auto* t : tables) {
        minimumWidths << t->minimumWidth();
        t->horizontalScrollBar()->setValue(0);
        const int full = t->horizontalHeader()->length()
            + (t->verticalHeader()->isVisible() ? t->verticalHeader()->width() : 0)
            + 2 * t->frameWidth();
        widest = std::max(widest, full);
        t->setMinimumWidth(t == m_diffTable ? 0 : full); // the sentences wrap instead
    }
    const QSize shown = m_pageWidget->size();
    m_scroll->setWidgetResizable(false); // else the scroll area sizes the page back to the window
    const auto margins = m_pageWidget->layout()->contentsMargins();
    const int width = std::max(kMinPageWidth, widest + margins.left() + margins.right() + 40);
    const auto layOut = [&] {
        m_pageWidget->resize(width, shown.height());
        m_pageWidget->layout()->activate();
        m_diffTable->resizeRowsToContents();
        for (auto* t : tables) {
            comparetables::fitHeight(t);
        }
        m_pageWidget->layout()->activate();
        m_pageWidget->resize(width,
            std::max(m_pageWidget->hasHeightForWidth() ? m_pageWidget->heightForWidth(width) : 0,
                m_pageWidget->sizeHint().height()));
        m_pageWidget->layout()->activate();
    };
    layOut();
    layOut(); // fitHeight reads the widths the first pass gave
    for (auto* c : m_curves->shownCharts()) {
        c->redraw();
    }
    auto error = charts::exportPng(m_pageWidget, path, scale);
    for (int i = 0; i < tables.size(); ++i) {
        tables[i]->setMinimumWidth(minimumWidths[i]);
    }
    m_pageWidget->resize(shown);
    for (auto* t : tables) {
        comparetables::fitHeight(t);
    }
    m_scroll->setWidgetResizable(true); // the scroll area lays the page out for the window again
    return error;
}

QString CompareView::exportTablesCsv(const QString& stemPath)
{
    QString stem = stemPath;
    if (stem.endsWith(QStringLiteral(".csv"), Qt::CaseInsensitive)) {
        stem.chop(4);
    }
    const auto config
        = compare::configDiffRows(m_runs, compare::configDiff(m_runs, m_showAll->isChecked()));
    const auto metrics
        = compare::metricTableRows(m_runs, compare::metricTable(m_runs, baselineRuns()));
    QList<QStringList> diffs {{QStringLiteral("group_a"), QStringLiteral("group_b"),
        QStringLiteral("metric"), QStringLiteral("diff"), QStringLiteral("ci95_lo"),
        QStringLiteral("ci95_hi"), QStringLiteral("interval"), QStringLiteral("in_words")}};
    for (const auto& d : std::as_const(m_differences)) {
        diffs << QStringList {m_groupA->currentText(), m_groupB->currentText(), d.metric,
            d.comparable ? QString::number(d.diff, 'g', 17) : QString(),
            d.lo ? QString::number(*d.lo, 'g', 17) : QString(),
            d.hi ? QString::number(*d.hi, 'g', 17) : QString(), intervalKind(d), d.sentence};
    }
    for (const auto& [suffix, rows] : {std::pair {QStringLiteral("-config.csv"), config},
             std::pair {QStringLiteral("-metrics.csv"), metrics},
             std::pair {QStringLiteral("-differences.csv"), diffs}}) {
        if (auto error = writeText(stem + suffix, compare::toCsv(rows)); !error.isEmpty()) {
            return error;
        }
    }
    return {};
}

void CompareView::showExportMenu()
{
    auto* menu = m_export->menu();
    menu->clear();
    const auto report = [this](const QString& error) {
        if (!error.isEmpty()) {
            QMessageBox::warning(this, tr("Export the comparison"), error);
        }
    };
    const auto ask = [this](const QString& name, const QString& filter) {
        return QFileDialog::getSaveFileName(this, tr("Export the comparison"), name, filter);
    };
    connect(menu->addAction(tr("Whole page as PNG…")), &QAction::triggered, this, [=, this] {
        if (const auto p = ask(QStringLiteral("comparison.png"), tr("PNG image (*.png)"));
            !p.isEmpty()) {
            report(exportPage(p));
        }
    });
    connect(menu->addAction(tr("Tables as CSV…")), &QAction::triggered, this, [=, this] {
        if (const auto p = ask(QStringLiteral("comparison.csv"), tr("CSV (*.csv)")); !p.isEmpty()) {
            report(exportTablesCsv(p));
        }
    });
    connect(menu->addAction(tr("Curves as one PNG…")), &QAction::triggered, this, [=, this] {
        if (const auto p = ask(QStringLiteral("curves.png"), tr("PNG image (*.png)"));
            !p.isEmpty()) {
            report(m_curves->exportAll(p));
        }
    });
    connect(
        menu->addAction(tr("Hyperparameter chart as PNG…")), &QAction::triggered, this, [=, this] {
            if (const auto p = ask(QStringLiteral("hyperparameters.png"), tr("PNG image (*.png)"));
                !p.isEmpty()) {
                report(m_hyper->exportPng(p));
            }
        });
    connect(
        menu->addAction(tr("Hyperparameter chart as SVG…")), &QAction::triggered, this, [=, this] {
            if (const auto p = ask(QStringLiteral("hyperparameters.svg"), tr("SVG image (*.svg)"));
                !p.isEmpty()) {
                report(m_hyper->exportSvg(p));
            }
        });
    menu->addSection(tr("Each curve chart: right-click it (PNG, SVG, CSV)"));
}

} // namespace kdw::ui
