// SPDX-License-Identifier: MIT
#include "ui/compare/compare_view.h"

#include <algorithm>

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>
#include <QScrollArea>
#include <QTableWidget>
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
    m_baseline->setToolTip(tr("The run the metric table's deltas are measured against"));
    m_export->setText(tr("Export"));
    m_export->setPopupMode(QToolButton::InstantPopup);
    m_export->setMenu(new QMenu(m_export));
    connect(m_export->menu(), &QMenu::aboutToShow, this, &CompareView::showExportMenu);

    auto* bar = new QHBoxLayout();
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    bar->addWidget(m_title, 1);
    bar->addWidget(m_grouped);
    bar->addWidget(m_band);
    bar->addWidget(new QLabel(tr("Baseline:")));
    bar->addWidget(m_baseline);
    bar->addWidget(m_export);

    auto* page = new QVBoxLayout(m_pageWidget);
    page->setContentsMargins(6, 6, 6, 6);
    m_sections.clear();
    page->addWidget(addSection(QStringLiteral("curves"), tr("Curves"), m_curves));

    auto* config = new QWidget();
    auto* configLayout = new QVBoxLayout(config);
    configLayout->setContentsMargins(0, 0, 0, 0);
    configLayout->addWidget(m_showAll);
    configLayout->addWidget(m_configTable);
    page->addWidget(
        addSection(QStringLiteral("config"), tr("Configuration: the fields that differ"), config));

    auto* metrics = new QWidget();
    auto* metricsLayout = new QVBoxLayout(metrics);
    metricsLayout->setContentsMargins(0, 0, 0, 0);
    auto* metricsNote = new QLabel(tr("%1 the best value of each metric among these runs; "
                                      "(±x) the difference from the baseline run.")
                                       .arg(comparetables::kBestMark));
    metricsNote->setWordWrap(true);
    metricsLayout->addWidget(metricsNote);
    metricsLayout->addWidget(m_metricTable);
    page->addWidget(
        addSection(QStringLiteral("metrics"), tr("Final and best metrics (student)"), metrics));

    auto* diff = new QWidget();
    auto* diffLayout = new QVBoxLayout(diff);
    diffLayout->setContentsMargins(0, 0, 0, 0);
    auto* pick = new QHBoxLayout();
    pick->addWidget(new QLabel(tr("A:")));
    pick->addWidget(m_groupA, 1);
    pick->addWidget(new QLabel(tr("against B:")));
    pick->addWidget(m_groupB, 1);
    diffLayout->addLayout(pick);
    m_diffNote->setWordWrap(true);
    diffLayout->addWidget(m_diffNote);
    diffLayout->addWidget(m_diffTable);
    page->addWidget(addSection(QStringLiteral("differences"),
        tr("Is the difference real? Two seed groups, 95% confidence intervals"), diff));

    auto* hyper = new QWidget();
    auto* hyperLayout = new QVBoxLayout(hyper);
    hyperLayout->setContentsMargins(0, 0, 0, 0);
    auto* hyperBar = new QHBoxLayout();
    hyperBar->addWidget(new QLabel(tr("Metric:")));
    hyperBar->addWidget(m_hyperMetric);
    hyperBar->addWidget(m_hyperBest);
    hyperBar->addSpacing(12);
    hyperBar->addWidget(new QLabel(tr("against:")));
    hyperBar->addWidget(m_hyperField);
    hyperBar->addStretch(1);
    hyperLayout->addLayout(hyperBar);
    m_hyper->setMinimumHeight(320);
    hyperLayout->addWidget(m_hyper);
    page->addWidget(addSection(
        QStringLiteral("hyper"), tr("Hyperparameters: a final metric against a setting"), hyper));
    page->addStretch(1);

    m_scroll->setWidget(m_pageWidget);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_status->setWordWrap(true);
    m_status->hide();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_status);
    layout->addWidget(m_scroll, 1);

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
    m_runs = runs;
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
    {
        const QSignalBlocker block(m_baseline);
        m_baseline->clear();
        m_baseline->addItem(tr("none"), -1);
        int chosen = 0;
        for (int r = 0; r < m_runs.size(); ++r) {
            m_baseline->addItem(m_runs[r].name, r);
            if (chosen == 0 && isNone(m_runs[r])) {
                chosen = r + 1; // the first run without distillation: the student alone
            }
        }
        m_baseline->setCurrentIndex(chosen > 0 ? chosen : (m_runs.isEmpty() ? 0 : 1));
    }
    fillConfig();
    fillMetrics();
    fillGroupChoices();
    fillDifferences();
    fillHyperChoices();
    fillHyper();
}

void CompareView::fillConfig()
{
    QList<QColor> colors;
    for (const auto& r : std::as_const(m_runs)) {
        colors << charts::runColor(m_curves->store()->colorIndex(r.id), palette());
    }
    comparetables::setRunColumns(m_configTable, m_runs, colors);
    comparetables::fillConfig(m_configTable, compare::configDiff(m_runs, m_showAll->isChecked()));
    m_configTable->resizeColumnsToContents();
    comparetables::fitHeight(m_configTable);
}

void CompareView::fillMetrics()
{
    const int baseline = m_baseline->currentData().toInt();
    QList<QColor> colors;
    for (const auto& r : std::as_const(m_runs)) {
        colors << charts::runColor(m_curves->store()->colorIndex(r.id), palette());
    }
    comparetables::setRunColumns(m_metricTable, m_runs, colors, baseline);
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
               "seeds: paired seed by seed when both groups ran the same seeds, else Welch's. "
               "An interval that contains 0 cannot tell the two apart."));
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
                h.means});
        }
    }
    const QString what = m_hyperBest->isChecked() ? tr("best") : tr("final");
    const QString title = field.isEmpty()
        ? tr("No numeric setting differs between these runs")
        : tr("%1 %2 against %3")
              .arg(compare::metricLabel(metric), what, compare::fieldLabel(field));
    m_hyper->setSeries(title, field, compare::metricLabel(metric), series);
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
    m_baseline->setCurrentIndex(std::max(0, m_baseline->findData(runIndex)));
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
    for (auto* c : m_curves->shownCharts()) {
        c->redraw();
    }
    return charts::exportPng(m_pageWidget, path, scale);
}

QString CompareView::exportTablesCsv(const QString& stemPath)
{
    QString stem = stemPath;
    if (stem.endsWith(QStringLiteral(".csv"), Qt::CaseInsensitive)) {
        stem.chop(4);
    }
    const auto config
        = compare::configDiffRows(m_runs, compare::configDiff(m_runs, m_showAll->isChecked()));
    const auto metrics = compare::metricTableRows(
        m_runs, compare::metricTable(m_runs, m_baseline->currentData().toInt()));
    QList<QStringList> diffs {{QStringLiteral("group_a"), QStringLiteral("group_b"),
        QStringLiteral("metric"), QStringLiteral("diff"), QStringLiteral("ci95_lo"),
        QStringLiteral("ci95_hi"), QStringLiteral("interval"), QStringLiteral("in_words")}};
    for (const auto& d : std::as_const(m_differences)) {
        diffs << QStringList {m_groupA->currentText(), m_groupB->currentText(), d.metric,
            QString::number(d.diff, 'g', 17), d.lo ? QString::number(*d.lo, 'g', 17) : QString(),
            d.hi ? QString::number(*d.hi, 'g', 17) : QString(),
            d.paired ? QStringLiteral("paired") : QStringLiteral("welch"), d.sentence};
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
