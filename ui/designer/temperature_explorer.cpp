// SPDX-License-Identifier: MIT
#include "ui/designer/temperature_explorer.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

#include "core/common/stable_math.h"
#include "core/common/types.h"
#include "core/distill/soft_targets.h"
#include "ui/charts/bar_chart.h"
#include "ui/charts/curve_chart.h"
#include "ui/designer/field_boxes.h"

namespace kdw::ui {
namespace {

// Logits shown when no teacher is loaded: sigmoid(z) goes from 0.0003 to 0.9997 over them.
constexpr double kDefaultLogitSpan = 8.0;
constexpr int kCurvePoints = 161;
// Narrower than this, the two views (and the T row and its comparisons) stack.
constexpr int kSideBySideWidth = 700;
// The temperatures offered for comparison with the current one.
constexpr double kCompareTemperatures[] = {1.0, 2.0, 5.0, 10.0};
// Colours of the compared curves and of the held-out positive: distinct in light and dark palettes.
const QColor kCompareColors[] = {QColor(0xe0, 0x7b, 0x39), QColor(0x3a, 0x9e, 0x5f),
    QColor(0x8e, 0x5c, 0xc4), QColor(0x9c, 0x75, 0x3a)};
const QColor kPositiveColor(0xd6, 0x27, 0x28);

Vec<double> asVec(const QList<double>& values)
{
    Vec<double> v(values.size());
    for (Index k = 0; k < v.size(); ++k) {
        v[k] = values[k];
    }
    return v;
}

QString formatT(double t)
{
    return QString::number(t, 'g', 3);
}

} // namespace

TemperatureExplorer::TemperatureExplorer(QWidget* parent)
    : QWidget(parent)
    , m_loader(new TeacherLoader(this))
    , m_sigmoid(new CurveChart(tr("One output: σ(z / T)")))
    , m_bars(new BarChart(tr("One user's candidates: softmax(z / T)")))
    , m_summary(new QLabel)
    , m_kl(new QLabel)
    , m_message(new QLabel)
    , m_redraw(new QTimer(this))
{
    m_sigmoid->setAxisTitles(tr("teacher logit z"), tr("probability"));
    m_bars->setAxisTitles(tr("candidates, by teacher score"), tr("probability"));
    m_bars->setValueDecimals(2);
    for (auto* label : {m_summary, m_kl, m_message}) {
        label->setWordWrap(true);
        label->setTextFormat(Qt::RichText);
    }
    auto* sigmoidNote = mutedLabel(tr("A pointwise soft target: the teacher's click probability "
                                      "σ(z/T) for one (user, item). Higher T pulls it towards 0.5; "
                                      "the hard label jumps from 0 to 1."));
    auto* barsNote = mutedLabel(tr("A listwise soft target: softmax over one user's held-out "
                                   "item and its sampled negatives. Higher T spreads the mass; "
                                   "for T ≥ 1 the axis keeps T = 1's height, so the bars sink."));

    auto* left = new QVBoxLayout;
    left->addWidget(m_sigmoid, 1);
    left->addWidget(sigmoidNote);
    auto* right = new QVBoxLayout;
    right->addWidget(buildRunRow());
    right->addWidget(m_bars, 1);
    right->addWidget(m_summary);
    right->addWidget(m_kl);
    right->addWidget(barsNote);
    m_columns = new QBoxLayout(QBoxLayout::TopToBottom);
    m_columns->addLayout(left, 1);
    m_columns->addLayout(right, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(buildTemperatureRow());
    layout->addLayout(m_columns, 1);
    layout->addWidget(m_message);

    m_redraw->setSingleShot(true);
    m_redraw->setInterval(40);
    connect(m_redraw, &QTimer::timeout, this, &TemperatureExplorer::redraw);
    connectLoader();
    setTemperature(m_temperature);
    setMessage(tr("Choose a saved run to see its teacher's scores for one user."));
    redraw();
}

QBoxLayout* TemperatureExplorer::buildTemperatureRow()
{
    auto* h = new QHBoxLayout;
    m_slider = kdw::ui::temperatureSlider();
    m_slider->setToolTip(tr("Temperature T, on a logarithmic scale from %1 to %2")
                             .arg(kMinSliderTemperature)
                             .arg(kMaxSliderTemperature));
    m_box = new QDoubleSpinBox;
    m_box->setObjectName(QStringLiteral("explorerTemperature"));
    m_box->setRange(kMinSliderTemperature, kMaxSliderTemperature);
    m_box->setDecimals(2);
    m_box->setSingleStep(0.1);
    m_box->setKeyboardTracking(false);
    h->addWidget(new QLabel(tr("Temperature T")));
    h->addWidget(m_slider, 1);
    h->addWidget(m_box);
    auto* compare = new QHBoxLayout;
    compare->addWidget(new QLabel(tr("Compare with T =")));
    for (const double t : kCompareTemperatures) {
        auto* box = new QCheckBox(formatT(t));
        box->setChecked(t == 1.0);
        connect(box, &QCheckBox::toggled, this, &TemperatureExplorer::scheduleRedraw);
        m_compare << box;
        compare->addWidget(box);
    }
    compare->addStretch(1);
    m_temperatureRow = new QBoxLayout(QBoxLayout::TopToBottom);
    m_temperatureRow->addLayout(h);
    m_temperatureRow->addLayout(compare);
    connect(m_slider, &QSlider::valueChanged, this, &TemperatureExplorer::onSliderMoved);
    connect(m_box, &QDoubleSpinBox::valueChanged, this, &TemperatureExplorer::onBoxEdited);
    return m_temperatureRow;
}

void TemperatureExplorer::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    // Side by side when wide; the designer's dock at 1280 x 720 stacks them.
    const auto direction
        = width() >= kSideBySideWidth ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom;
    for (auto* box : {m_columns, m_temperatureRow}) {
        if (box->direction() != direction) {
            box->setDirection(direction);
        }
    }
}

QWidget* TemperatureExplorer::buildRunRow()
{
    auto* row = new QWidget;
    auto* h = new QHBoxLayout(row);
    h->setContentsMargins(0, 0, 0, 0);
    m_runs = new QComboBox;
    m_runs->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_runs->setMinimumContentsLength(
        8); // the run row fits the 470 px dock; the list shows names whole
    m_runs->setToolTip(tr("Saved runs with a teacher checkpoint"));
    m_refresh = new QPushButton(tr("Refresh"));
    m_refresh->setToolTip(tr("List the saved runs again"));
    m_user = new QSpinBox;
    m_user->setPrefix(tr("user "));
    m_user->setRange(1, 1);
    m_user->setEnabled(false);
    m_user->setKeyboardTracking(false);
    m_userId = new QLabel;
    h->addWidget(new QLabel(tr("Run")));
    h->addWidget(m_runs, 1);
    h->addWidget(m_refresh);
    h->addWidget(m_user);
    h->addWidget(m_userId);
    connect(m_runs, &QComboBox::activated, this,
        [this](int index) { selectRun(m_runs->itemData(index).toLongLong()); });
    connect(m_refresh, &QPushButton::clicked, this, &TemperatureExplorer::refreshRuns);
    connect(m_user, &QSpinBox::valueChanged, this, [this](int value) {
        if (m_run) {
            m_loader->scoreUser(value - 1);
        }
    });
    return row;
}

void TemperatureExplorer::connectLoader()
{
    connect(m_loader, &TeacherLoader::runsListed, this, &TemperatureExplorer::onRunsListed);
    connect(m_loader, &TeacherLoader::runLoaded, this, &TemperatureExplorer::onRunLoaded);
    connect(m_loader, &TeacherLoader::candidatesScored, this, [this](const CandidateList& list) {
        if (m_run && list.runId == m_run->runId) {
            showCandidates(list);
        }
    });
    connect(m_loader, &TeacherLoader::failed, this, [this](const QString& message) {
        m_run.reset(); // what is drawn must not pass for the run that failed
        m_list = CandidateList();
        m_user->setEnabled(false);
        scheduleRedraw();
        setMessage(QStringLiteral("<b>%1</b> %2").arg(tr("Cannot show this run:"), message));
    });
}

void TemperatureExplorer::setTemperature(double temperature)
{
    m_temperature = std::clamp(temperature, kMinSliderTemperature, kMaxSliderTemperature);
    const QSignalBlocker blockSlider(m_slider);
    const QSignalBlocker blockBox(m_box);
    m_slider->setValue(sliderPosition(m_temperature));
    m_box->setValue(m_temperature);
    scheduleRedraw();
}

void TemperatureExplorer::onSliderMoved(int position)
{
    const double t = sliderTemperature(position);
    const QSignalBlocker block(m_box);
    m_box->setValue(t);
    chooseTemperature(t);
}

void TemperatureExplorer::onBoxEdited(double temperature)
{
    const QSignalBlocker block(m_slider);
    m_slider->setValue(sliderPosition(temperature));
    chooseTemperature(temperature);
}

void TemperatureExplorer::chooseTemperature(double temperature)
{
    m_temperature = temperature;
    scheduleRedraw();
    Q_EMIT temperatureChosen(temperature);
}

void TemperatureExplorer::setHistoryPath(const QString& path)
{
    m_run.reset(); // a run of the previous history
    m_list = CandidateList();
    m_runs->clear();
    m_user->setEnabled(false);
    scheduleRedraw();
    m_loader->setHistoryPath(path);
}

void TemperatureExplorer::refreshRuns()
{
    m_loader->listRuns();
}

void TemperatureExplorer::selectRun(qint64 runId)
{
    const int index = m_runs->findData(runId);
    if (index >= 0) {
        m_runs->setCurrentIndex(index);
    }
    m_user->setEnabled(false);
    setMessage(tr("Loading run %1's checkpoints and its dataset…").arg(runId));
    m_loader->loadRun(runId);
}

void TemperatureExplorer::onRunsListed(const QList<ExplorerRun>& runs)
{
    const qint64 current = m_runs->currentData().toLongLong();
    {
        const QSignalBlocker block(m_runs);
        m_runs->clear();
        for (const auto& r : runs) {
            const QString teacher
                = r.teacherRun == r.id ? QString() : tr(" · teacher of run %1").arg(r.teacherRun);
            m_runs->addItem(
                QStringLiteral("#%1 %2 (%3)%4").arg(r.id).arg(r.name, r.method, teacher), r.id);
        }
        m_runs->setCurrentIndex(std::max(0, m_runs->findData(current)));
    }
    if (runs.isEmpty()) {
        setMessage(tr("No saved run has a teacher checkpoint yet: train a run, then press "
                      "Refresh. The sigmoid view works without one."));
    } else if (!m_run) {
        selectRun(m_runs->currentData().toLongLong());
    }
    Q_EMIT runsListed(static_cast<int>(runs.size()));
}

void TemperatureExplorer::onRunLoaded(const LoadedTeacher& run)
{
    m_run = run;
    m_list = CandidateList();
    {
        const QSignalBlocker block(m_user);
        m_user->setRange(1, std::max(1, run.users));
        m_user->setValue(1);
    }
    m_user->setEnabled(run.users > 0);
    m_user->setSuffix(tr(" of %1").arg(run.users));
    const QString student = run.hasStudent ? tr("teacher and student") : tr("teacher only");
    setMessage(tr("Run %1 (%2, %3; it distilled at T = %4): %5 users, %6 candidates each.")
                   .arg(run.runId)
                   .arg(run.dataset, student, formatT(run.runTemperature))
                   .arg(run.users)
                   .arg(run.candidates));
    scheduleRedraw();
}

void TemperatureExplorer::showCandidates(const CandidateList& list)
{
    m_list = list;
    m_userId->setText(tr("id %1").arg(list.userId));
    redraw();
    Q_EMIT candidatesShown();
}

QList<double> TemperatureExplorer::probabilities() const
{
    if (m_list.teacher.isEmpty()) {
        return {};
    }
    const auto p = distill::softmaxWithTemperature<double>(asVec(m_list.teacher), m_temperature);
    return QList<double>(p.data(), p.data() + p.size());
}

std::optional<double> TemperatureExplorer::entropy() const
{
    if (m_list.teacher.isEmpty()) {
        return std::nullopt;
    }
    return distill::entropyNats<double>(
        distill::softmaxWithTemperature<double>(asVec(m_list.teacher), m_temperature));
}

std::optional<double> TemperatureExplorer::listwiseKl() const
{
    if (m_list.student.isEmpty() || m_list.student.size() != m_list.teacher.size()) {
        return std::nullopt;
    }
    return distill::listwiseKl<double>(asVec(m_list.teacher), asVec(m_list.student), m_temperature);
}

std::optional<double> TemperatureExplorer::pointwiseKl() const
{
    if (m_list.student.isEmpty() || m_list.student.size() != m_list.teacher.size()) {
        return std::nullopt;
    }
    return distill::pointwiseKl<double>(
        asVec(m_list.teacher), asVec(m_list.student), m_temperature);
}

QString TemperatureExplorer::message() const
{
    return m_message->text();
}

void TemperatureExplorer::setMessage(const QString& text)
{
    m_message->setText(text);
}

void TemperatureExplorer::scheduleRedraw()
{
    m_redraw->start();
}

QList<double> TemperatureExplorer::shownTemperatures() const
{
    QList<double> out {m_temperature};
    for (int k = 0; k < m_compare.size(); ++k) {
        const double t = kCompareTemperatures[k];
        if (m_compare[k]->isChecked() && std::abs(t - m_temperature) > 1e-9) {
            out << t;
        }
    }
    return out;
}

void TemperatureExplorer::redraw()
{
    m_redraw->stop();
    drawSigmoids();
    drawCandidates();
    describe();
}

void TemperatureExplorer::drawSigmoids()
{
    double lo = -kDefaultLogitSpan;
    double hi = kDefaultLogitSpan;
    if (m_run && m_run->logitMax > m_run->logitMin) {
        const double pad = 0.05 * (m_run->logitMax - m_run->logitMin);
        lo = std::min(m_run->logitMin - pad, -1.0);
        hi = std::max(m_run->logitMax + pad, 1.0);
    }
    QList<CurveChart::Curve> curves;
    const auto temperatures = shownTemperatures();
    for (int k = 0; k < temperatures.size(); ++k) {
        const double t = temperatures[k];
        CurveChart::Curve c;
        c.name = QStringLiteral("T = %1").arg(formatT(t));
        c.color = k == 0 ? palette().color(QPalette::Highlight) : kCompareColors[(k - 1) % 4];
        c.width = k == 0 ? 3.0 : 1.6;
        for (int i = 0; i < kCurvePoints; ++i) {
            const double z = lo + (hi - lo) * i / (kCurvePoints - 1);
            c.points << QPointF(z, sigmoid(z / t));
        }
        curves << c;
    }
    CurveChart::Curve hard;
    hard.name = tr("hard label");
    hard.color = palette().color(QPalette::Text);
    hard.style = Qt::DashLine;
    hard.width = 1.4;
    hard.points = {{lo, 0.0}, {0.0, 0.0}, {0.0, 1.0}, {hi, 1.0}};
    curves << hard;
    m_sigmoid->setRanges(lo, hi, 0.0, 1.0);
    m_sigmoid->setCurves(curves);
}

void TemperatureExplorer::drawCandidates()
{
    const auto p = probabilities();
    if (p.isEmpty()) {
        m_bars->setBars({}, {}, 1.0, palette().color(QPalette::Highlight));
        return;
    }
    // Bars in the teacher's order (highest score first); the positive is candidate 0.
    QList<int> order(p.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
        [&](int a, int b) { return m_list.teacher[a] > m_list.teacher[b]; });
    QList<double> values;
    QStringList categories;
    int positive = 0;
    for (int rank = 0; rank < order.size(); ++rank) {
        values << p[order[rank]];
        categories << QString::number(rank + 1);
        positive = order[rank] == 0 ? rank : positive;
    }
    // The axis stays at T = 1's height for T >= 1, so that a higher T visibly lowers the bars.
    const auto atOne = distill::softmaxWithTemperature<double>(
        asVec(m_list.teacher), std::min(m_temperature, 1.0));
    const double top = std::max(atOne.maxCoeff(), *std::max_element(values.begin(), values.end()));
    const double yMax = std::min(1.0, std::ceil(top * 1.1 * 20.0) / 20.0);
    m_bars->setBars(
        values, categories, yMax, palette().color(QPalette::Highlight), positive, kPositiveColor);
    m_bars->setTitle(tr("User %1's %2 candidates: softmax(z / T), T = %3")
                         .arg(m_list.userId)
                         .arg(p.size())
                         .arg(formatT(m_temperature)));
}

void TemperatureExplorer::describe()
{
    const auto p = probabilities();
    if (p.isEmpty()) {
        m_summary->clear();
        m_kl->clear();
        return;
    }
    const auto h = *entropy();
    const double top = *std::max_element(p.begin(), p.end());
    int rank = 1;
    for (const double z : m_list.teacher) {
        rank += z > m_list.teacher[0] ? 1 : 0;
    }
    m_summary->setText(tr("Entropy <b>%1 nats</b> (uniform: ln %2 = %3) · top item p = <b>%4</b> "
                          "· <span style=\"color:%5\">■</span> held-out item %6: p = %7, "
                          "rank %8")
                           .arg(h, 0, 'f', 3)
                           .arg(p.size())
                           .arg(std::log(static_cast<double>(p.size())), 0, 'f', 3)
                           .arg(top, 0, 'g', 3)
                           .arg(kPositiveColor.name(), m_list.itemIds.value(0))
                           .arg(p[0], 0, 'g', 3)
                           .arg(rank));
    const auto listwise = listwiseKl();
    if (!listwise) {
        m_kl->setText(tr("KL(teacher ‖ student): this run saved no student."));
        return;
    }
    m_kl->setText(tr("KL(teacher ‖ student) at T = %1 for this user: <b>%2 nats</b> over the "
                     "list (softmax), %3 nats per item (sigmoid, mean); the loss multiplies "
                     "them by T² = %4.")
                      .arg(formatT(m_temperature))
                      .arg(*listwise, 0, 'f', 4)
                      .arg(*pointwiseKl(), 0, 'f', 4)
                      .arg(m_temperature * m_temperature, 0, 'g', 3));
}

} // namespace kdw::ui
