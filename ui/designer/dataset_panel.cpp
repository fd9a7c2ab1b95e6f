// SPDX-License-Identifier: MIT
#include "ui/designer/dataset_panel.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include <QComboBox>
#include <QDateTime>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTimeZone>
#include <QTimer>
#include <QVBoxLayout>

#include "core/data/protocol.h"
#include "ui/charts/bar_chart.h"
#include "ui/designer/field_boxes.h"

namespace kdw::ui {
namespace {

// The sliders' reach: a part of what the config accepts (dataset.synthetic.*: 2 to 1,000,000
// users, 10 to 1,000,000 items, density in (0, 0.5]) that a slider can span with useful steps;
// larger sets are set in the config file. Density in tenths of a percent.
constexpr int kMinSize = 50;
constexpr int kMaxSize = 5000;
constexpr int kMinDensity = 5; // 0.5 %
constexpr int kMaxDensity = 300; // 30 %
constexpr int kDebounceMs = 300;
constexpr int kPercentScale = 1000; // slider units per unit of density
// Narrower than this, what was read goes under the source (each half then keeps >= ~340 px).
constexpr int kSideBySideWidth = 720;

QString number(long long n)
{
    return QLocale(QLocale::English).toString(n);
}

QString percent(double fraction, int decimals)
{
    return QStringLiteral("%1 %").arg(100.0 * fraction, 0, 'f', decimals);
}

QSlider* sizeSlider(int lo, int hi)
{
    auto* s = new QSlider(Qt::Horizontal);
    s->setRange(lo, hi);
    s->setPageStep((hi - lo) / 20);
    return s;
}

// A preview cell as shown: a file's timestamp that reads as Unix seconds (1973 to 2286) gets its
// UTC date beside it (the synthetic set's times only order each user's interactions).
QString cellText(const DatasetSummary& s, int column, const QString& cell)
{
    constexpr long long kFirst = 100000000LL;
    constexpr long long kLast = 9999999999LL;
    bool isNumber = false;
    const long long seconds = cell.toLongLong(&isNumber);
    if (s.synthetic || s.columns.value(column) != QLatin1String("timestamp") || !isNumber
        || seconds < kFirst || seconds > kLast) {
        return cell;
    }
    return QStringLiteral("%1  (%2)")
        .arg(cell,
            QDateTime::fromSecsSinceEpoch(seconds, QTimeZone::utc())
                .toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")));
}

// Whether two configs name the same data and split (the fields a read depends on).
bool sameData(const train::DatasetConfig& a, const train::DatasetConfig& b)
{
    const auto& sa = a.synthetic;
    const auto& sb = b.synthetic;
    const bool sameSynthetic = sa.users == sb.users && sa.items == sb.items
        && sa.latentDim == sb.latentDim && sa.density == sb.density && sa.noise == sb.noise
        && sa.popularity == sb.popularity && sa.seed == sb.seed;
    const bool sameColumns = a.columns.user == b.columns.user && a.columns.item == b.columns.item
        && a.columns.rating == b.columns.rating && a.columns.timestamp == b.columns.timestamp;
    const bool sameFile = a.path == b.path && a.format == b.format && sameColumns;
    return a.source == b.source && (a.source == "synthetic" ? sameSynthetic : sameFile)
        && a.implicitThreshold == b.implicitThreshold && a.evalNegatives == b.evalNegatives
        && a.validationNegatives == b.validationNegatives && a.holdoutTies == b.holdoutTies;
}

} // namespace

DatasetPanel::DatasetPanel(QWidget* parent)
    : QWidget(parent)
    , m_loader(new DatasetLoader(this))
    , m_cutoffs(train::EvalConfig().k)
    , m_debounce(new QTimer(this))
{
    m_statistics = new QLabel;
    m_statistics->setWordWrap(true);
    m_statistics->setTextFormat(Qt::RichText);
    m_protocol = new QLabel;
    m_protocol->setWordWrap(true);
    m_warnings = new QLabel;
    m_warnings->setWordWrap(true);
    m_warnings->setTextFormat(Qt::RichText);
    auto* left = new QVBoxLayout;
    left->addWidget(buildSource());
    auto* otherNote = problemNote(); // dataset problems of no field shown here (negatives, ...)
    left->addWidget(otherNote);
    m_marks.add("dataset.other", nullptr, otherNote);
    for (const auto& [title, label] : {std::pair {tr("Statistics"), m_statistics},
             std::pair {tr("Evaluation protocol"), m_protocol},
             std::pair {tr("Notes and warnings"), m_warnings}}) {
        auto* box = new QGroupBox(title);
        (new QVBoxLayout(box))->addWidget(label);
        left->addWidget(box);
    }
    left->addStretch(1);

    m_columns = new QBoxLayout(QBoxLayout::TopToBottom, this);
    m_columns->addLayout(left, 1);
    m_columns->addWidget(buildResults(), 1);

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDebounceMs);
    connect(m_debounce, &QTimer::timeout, this, &DatasetPanel::startLoad);
    connect(m_loader, &DatasetLoader::progress, this,
        [this](double f) { m_progress->setValue(static_cast<int>(std::lround(f * 1000.0))); });
    connect(m_loader, &DatasetLoader::loaded, this, &DatasetPanel::onLoaded);
    connect(m_loader, &DatasetLoader::failed, this, &DatasetPanel::onFailed);
    connect(m_loader, &DatasetLoader::cancelled, this, &DatasetPanel::onCancelled);
    showConfig();
    setBusy(false);
}

QWidget* DatasetPanel::buildSource()
{
    auto* box = new QGroupBox(tr("Dataset"));
    auto* v = new QVBoxLayout(box);
    m_source = new QComboBox;
    m_source->setObjectName(QStringLiteral("datasetSource"));
    m_source->addItem(tr("Synthetic (bundled)"), QStringLiteral("synthetic"));
    m_source->addItem(tr("MovieLens file"), QStringLiteral("movielens"));
    m_source->addItem(tr("Delimited file (CSV, TSV, …)"), QStringLiteral("csv"));
    m_sourcePages = new QStackedWidget;
    m_sourcePages->addWidget(buildSynthetic());
    m_sourcePages->addWidget(buildFile());
    m_threshold = new QDoubleSpinBox;
    m_threshold->setRange(0.0, 10.0);
    m_threshold->setSingleStep(0.5);
    m_threshold->setDecimals(1);
    m_threshold->setPrefix(tr("rating ≥ "));
    m_threshold->setSpecialValueText(tr("every interaction"));
    m_threshold->setToolTip(tr("Which interactions count as positives (implicit feedback)"));
    m_threshold->setKeyboardTracking(false);
    auto* form = new QFormLayout;
    form->addRow(tr("Source"), m_source);
    form->addRow(tr("Positives"), m_threshold);
    v->addLayout(form);
    v->addWidget(m_sourcePages);

    m_progress = new QProgressBar;
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_cancel = new QPushButton(tr("Cancel"));
    m_reload = new QPushButton(tr("Reload"));
    m_reload->setObjectName(QStringLiteral("datasetReload"));
    auto* row = new QHBoxLayout;
    row->addWidget(m_progress, 1);
    row->addWidget(m_cancel);
    row->addWidget(m_reload);
    v->addLayout(row);
    m_message = new QLabel;
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    v->addWidget(m_message);

    connect(m_source, &QComboBox::activated, this, [this] {
        m_config.source = m_source->currentData().toString().toStdString();
        showConfig();
        edit(tr("dataset source"));
    });
    connect(m_threshold, &QDoubleSpinBox::valueChanged, this, [this](double t) {
        m_config.implicitThreshold = t;
        edit(tr("positive rating threshold"));
    });
    connect(m_cancel, &QPushButton::clicked, this, &DatasetPanel::cancelLoad);
    connect(m_reload, &QPushButton::clicked, this, &DatasetPanel::reload);
    return box;
}

QWidget* DatasetPanel::buildSynthetic()
{
    auto* page = new QWidget;
    auto* form = new QFormLayout(page);
    form->setContentsMargins(0, 0, 0, 0);
    m_users = sizeSlider(kMinSize, kMaxSize);
    m_items = sizeSlider(kMinSize, kMaxSize);
    m_density = sizeSlider(kMinDensity, kMaxDensity);
    m_sizeText = mutedLabel();
    form->addRow(tr("Users"), m_users);
    form->addRow(tr("Items"), m_items);
    form->addRow(tr("Density"), m_density);
    form->addRow(m_sizeText);
    auto* note = problemNote();
    form->addRow(note);
    m_marks.add("dataset.synthetic", nullptr, note);
    const auto hook = [this](QSlider* slider, const QString& what, auto apply) {
        connect(slider, &QSlider::valueChanged, this, [this, slider, what, apply](int v) {
            apply(v);
            showConfig();
            if (!slider->isSliderDown()) {
                edit(what);
            }
        });
        connect(slider, &QSlider::sliderReleased, this, [this, what] { edit(what); });
    };
    hook(m_users, tr("synthetic users"), [this](int v) { m_config.synthetic.users = v; });
    hook(m_items, tr("synthetic items"), [this](int v) { m_config.synthetic.items = v; });
    hook(m_density, tr("synthetic density"),
        [this](int v) { m_config.synthetic.density = static_cast<double>(v) / kPercentScale; });
    return page;
}

QWidget* DatasetPanel::buildFile()
{
    auto* page = new QWidget;
    auto* form = new QFormLayout(page);
    form->setContentsMargins(0, 0, 0, 0);
    m_path = new QLineEdit;
    m_path->setObjectName(QStringLiteral("datasetPath"));
    m_path->setPlaceholderText(tr("a ratings file: u.data, ratings.dat, ratings.csv, …"));
    auto* browse = new QPushButton(tr("Browse…"));
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);
    m_format = new QComboBox;
    m_format->addItem(tr("Detect"), QStringLiteral("auto"));
    m_format->addItem(tr("MovieLens 100K (u.data)"), QStringLiteral("movielens100k"));
    m_format->addItem(tr("MovieLens 1M/10M (ratings.dat)"), QStringLiteral("movielens_dat"));
    m_format->addItem(tr("MovieLens (ratings.csv)"), QStringLiteral("movielens_csv"));
    m_format->addItem(tr("Delimited (user, item[, rating[, time]])"), QStringLiteral("csv"));
    form->addRow(tr("File"), pathRow);
    auto* note = problemNote(); // no file chosen, or it could not be read
    form->addRow(note);
    m_marks.add("dataset.path", m_path, note);
    form->addRow(tr("Format"), m_format);
    connect(browse, &QPushButton::clicked, this, &DatasetPanel::chooseFile);
    connect(m_path, &QLineEdit::editingFinished, this, [this] {
        const auto path = m_path->text().trimmed().toStdString();
        if (path != m_config.path) {
            m_config.path = path;
            edit(tr("dataset file"));
        }
    });
    connect(m_format, &QComboBox::activated, this, [this] {
        m_config.format = m_format->currentData().toString().toStdString();
        edit(tr("dataset format"));
    });
    return page;
}

QWidget* DatasetPanel::buildResults()
{
    auto* box = new QGroupBox(tr("The data as read"));
    auto* v = new QVBoxLayout(box);
    m_preview = new QTableWidget;
    m_preview->setObjectName(QStringLiteral("datasetPreview"));
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_preview->verticalHeader()->setVisible(false);
    m_preview->horizontalHeader()->setStretchLastSection(true);
    m_preview->setMinimumHeight(120);
    m_histogram = new BarChart(tr("Users by number of interactions"));
    m_histogram->setAxisTitles(tr("interactions per user"), tr("users"));
    m_histogram->setValueDecimals(0);
    v->addWidget(new QLabel(tr("First rows, columns by role:")));
    v->addWidget(m_preview, 2);
    v->addWidget(m_histogram, 3);
    return box;
}

void DatasetPanel::setDataset(const train::DatasetConfig& config)
{
    m_config = config;
    showConfig();
    if (!m_everLoaded || !sameData(config, m_loadedConfig)) {
        m_debounce->stop();
        startLoad();
    }
}

void DatasetPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (!m_everLoaded) {
        startLoad();
    }
}

void DatasetPanel::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    const auto direction
        = width() >= kSideBySideWidth ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom;
    if (m_columns->direction() != direction) {
        m_columns->setDirection(direction);
    }
}

void DatasetPanel::showProblems(const QList<FormProblem>& problems)
{
    m_documentProblems.clear();
    for (const auto& p : problems) {
        if (concerns(p, "dataset")) {
            m_documentProblems << p;
        }
    }
    markProblems();
}

QStringList DatasetPanel::problems() const
{
    return m_readProblem.isEmpty() ? QStringList() : QStringList {m_readProblem};
}

void DatasetPanel::setReadProblem(const QString& problem)
{
    if (problem != m_readProblem) {
        m_readProblem = problem;
        markProblems();
        Q_EMIT problemsChanged(problems());
    }
}

void DatasetPanel::markProblems()
{
    // Each problem beside its field: the file's next to the file field (on the synthetic page the
    // file field is hidden, so a failed read is said under the source), the sizes' under the
    // sliders, the rest under the source.
    const bool file = m_config.source != "synthetic";
    QList<FormProblem> shown;
    for (auto p : m_documentProblems) {
        if (!concerns(p, "dataset.synthetic") && !(file && concerns(p, "dataset.path"))) {
            p.path = "dataset.other";
        }
        shown << p;
    }
    if (!m_readProblem.isEmpty()) {
        shown << FormProblem {file ? "dataset.path" : "dataset.other", m_readProblem};
    }
    m_marks.show(shown);
}

void DatasetPanel::setEvaluationCutoffs(const std::vector<int>& cutoffs)
{
    if (cutoffs != m_cutoffs) {
        m_cutoffs = cutoffs;
        reload();
    }
}

void DatasetPanel::showConfig()
{
    const QSignalBlocker b1(m_source);
    const QSignalBlocker b2(m_users);
    const QSignalBlocker b3(m_items);
    const QSignalBlocker b4(m_density);
    const QSignalBlocker b5(m_path);
    const QSignalBlocker b6(m_format);
    const QSignalBlocker b7(m_threshold);
    const auto source = QString::fromStdString(m_config.source);
    m_source->setCurrentIndex(std::max(0, m_source->findData(source)));
    const bool synthetic = source == QLatin1String("synthetic");
    m_sourcePages->setCurrentIndex(synthetic ? 0 : 1);
    // A stack is as tall as its tallest page: the hidden page is told to take no room.
    for (int k = 0; k < m_sourcePages->count(); ++k) {
        const auto policy
            = k == m_sourcePages->currentIndex() ? QSizePolicy::Preferred : QSizePolicy::Ignored;
        m_sourcePages->widget(k)->setSizePolicy(policy, policy);
    }
    m_sourcePages->adjustSize();
    const auto& s = m_config.synthetic;
    m_users->setValue(s.users);
    m_items->setValue(s.items);
    m_density->setValue(static_cast<int>(std::lround(s.density * kPercentScale)));
    m_sizeText->setText(tr("%1 users × %2 items, %3 of the pairs: about %4 interactions")
                            .arg(number(s.users), number(s.items), percent(s.density, 1),
                                number(std::llround(s.density * s.users * s.items))));
    m_path->setText(QString::fromStdString(m_config.path));
    m_format->setCurrentIndex(
        std::max(0, m_format->findData(QString::fromStdString(m_config.format))));
    m_threshold->setValue(m_config.implicitThreshold);
    showProtocol();
    markProblems();
}

void DatasetPanel::edit(const QString& what)
{
    Q_EMIT datasetEdited(m_config, what);
    m_debounce->start();
}

void DatasetPanel::chooseFile()
{
    const QString start = m_path->text().isEmpty() ? QString() : QFileInfo(m_path->text()).path();
    const QString file = QFileDialog::getOpenFileName(this, tr("Open a ratings file"), start,
        tr("Ratings (*.data *.dat *.csv *.tsv *.txt *.base);;All files (*)"));
    if (file.isEmpty()) {
        return;
    }
    m_config.path = file.toStdString();
    if (m_config.source == "synthetic") {
        m_config.source = "movielens";
    }
    showConfig();
    edit(tr("dataset file"));
}

void DatasetPanel::reload()
{
    m_debounce->stop();
    startLoad();
}

void DatasetPanel::cancelLoad()
{
    m_debounce->stop();
    m_loader->cancel();
}

bool DatasetPanel::isLoading() const
{
    return m_loader->isLoading();
}

QString DatasetPanel::message() const
{
    return m_message->text();
}

QString DatasetPanel::statisticsText() const
{
    return m_statistics->text();
}

void DatasetPanel::startLoad()
{
    if (m_config.source != "synthetic" && m_config.path.empty()) {
        m_message->setText(tr("Choose a ratings file (Browse…)."));
        return;
    }
    m_everLoaded = true;
    m_loadedConfig = m_config;
    setReadProblem({});
    setBusy(true);
    m_progress->setValue(0);
    m_message->setText(m_config.source == "synthetic"
            ? tr("Generating the synthetic set…")
            : tr("Reading %1…").arg(QFileInfo(QString::fromStdString(m_config.path)).fileName()));
    m_loader->load(m_config, m_cutoffs);
}

void DatasetPanel::setBusy(bool busy)
{
    m_cancel->setEnabled(busy);
    m_reload->setEnabled(!busy);
    m_progress->setVisible(busy);
}

void DatasetPanel::onLoaded(const DatasetSummary& summary)
{
    setBusy(false);
    m_summary = summary;
    m_message->setText(summary.synthetic
            ? tr("Generated the synthetic set: %1 interactions.")
                  .arg(number(summary.rawInteractions))
            : tr("Read %1: %2 rows.").arg(summary.name, number(summary.rawInteractions)));
    showStatistics(summary);
    showPreview(summary);
    showHistogram(summary);
    showProtocol();
    Q_EMIT catalogueKnown(summary.statistics.users, summary.statistics.items);
    Q_EMIT loadFinished(true);
}

void DatasetPanel::onFailed(const QString& message)
{
    setBusy(false);
    m_summary.reset();
    // Said beside the file field (or under the source for the synthetic set), and Run waits.
    m_message->clear();
    const bool file = m_config.source != "synthetic";
    setReadProblem(QStringLiteral("%1: %2").arg(
        fieldLabel(file ? "dataset.path" : "dataset.source"), message));
    m_statistics->clear();
    m_preview->clear();
    m_preview->setRowCount(0);
    m_preview->setColumnCount(0);
    m_histogram->setBars({}, {}, 1.0, palette().color(QPalette::Highlight));
    m_warnings->clear();
    Q_EMIT loadFinished(false);
}

void DatasetPanel::onCancelled()
{
    setBusy(false);
    m_message->setText(tr("Reading cancelled; the figures below are from the previous read."));
    Q_EMIT loadFinished(false);
}

void DatasetPanel::showStatistics(const DatasetSummary& s)
{
    const auto& st = s.statistics;
    QString merged;
    if (s.rawInteractions != st.interactions) {
        merged = tr(" (of %1 rows: repeated pairs merged, ratings below the threshold dropped)")
                     .arg(number(s.rawInteractions));
    }
    m_statistics->setText(
        tr("<b>%1</b> users · <b>%2</b> items · <b>%3</b> interactions%4 · density <b>%5</b><br>"
           "Interactions per user: least %6, median %7, mean %8, most %9<br>Users with one "
           "interaction (never evaluated): %10")
            .arg(number(st.users), number(st.items), number(st.interactions), merged,
                percent(st.density, 2), number(st.minPerUser),
                QString::number(st.medianPerUser, 'g', 6), QString::number(st.meanPerUser, 'f', 1),
                number(st.maxPerUser))
            .arg(number(st.singleInteractionUsers)));
    QStringList lines;
    for (const auto& n : s.notes) {
        lines << n.toHtmlEscaped();
    }
    for (const auto& w : s.warnings) {
        lines << QStringLiteral("<b>%1</b> %2").arg(tr("Warning:"), w.toHtmlEscaped());
    }
    m_warnings->setText(lines.isEmpty() ? tr("Core raised no warning about this data.")
                                        : lines.join(QStringLiteral("<br>")));
}

void DatasetPanel::showPreview(const DatasetSummary& s)
{
    m_preview->clear();
    m_preview->setColumnCount(static_cast<int>(s.columns.size()));
    m_preview->setHorizontalHeaderLabels(s.columns);
    m_preview->setRowCount(static_cast<int>(s.firstRows.size()));
    for (int r = 0; r < s.firstRows.size(); ++r) {
        for (int c = 0; c < s.firstRows[r].size(); ++c) {
            m_preview->setItem(r, c, new QTableWidgetItem(cellText(s, c, s.firstRows[r][c])));
        }
    }
    m_preview->resizeColumnsToContents();
    m_preview->resizeRowsToContents();
}

void DatasetPanel::showHistogram(const DatasetSummary& s)
{
    QList<double> values;
    QStringList categories;
    double most = 1.0;
    for (const auto& bin : s.statistics.perUserHistogram) {
        values << static_cast<double>(bin.users);
        categories << (bin.lo == bin.hi
                ? number(bin.lo)
                : QStringLiteral("%1–%2").arg(number(bin.lo), number(bin.hi)));
        most = std::max(most, static_cast<double>(bin.users));
    }
    m_histogram->setBars(
        values, categories, std::ceil(most * 1.15), palette().color(QPalette::Highlight));
}

void DatasetPanel::showProtocol()
{
    const auto& c = m_config;
    const QString ties = c.holdoutTies == data::HoldoutTies::Random
        ? tr("ties broken at random with the seed")
        : tr("ties: the last in the file");
    const QString pool = c.negativeSampling == data::NegativeSampling::Unseen
        ? tr("from the items the user never interacted with")
        : tr("from the whole catalogue");
    QString evaluated;
    if (m_summary) {
        evaluated
            = tr(" Users evaluated: <b>%1</b> of %2.")
                  .arg(number(m_summary->evaluatedUsers), number(m_summary->statistics.users));
    }
    m_protocol->setText(
        tr("Leave one out by time: each user's latest interaction is held out (%1) and ranked "
           "against <b>%2</b> sampled items the user never interacted with (HR@K, NDCG@K). "
           "<b>%3</b> of those per user join the held-out positives as validation pairs (AUC, "
           "F1, log loss, KL). Training draws <b>%4</b> negatives per positive each epoch, %5.%6")
            .arg(ties)
            .arg(c.evalNegatives)
            .arg(c.validationNegatives)
            .arg(c.trainNegatives)
            .arg(pool, evaluated));
}

} // namespace kdw::ui
