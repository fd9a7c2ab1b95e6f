// SPDX-License-Identifier: MIT
#include "ui/designer/experiment_form.h"

#include <algorithm>

#include <QFrame>
#include <QLabel>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QStringList>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include "core/nn/model_spec.h"
#include "ui/designer/dataset_panel.h"
#include "ui/designer/field_boxes.h"
#include "ui/designer/method_pages.h"
#include "ui/designer/models_form.h"
#include "ui/designer/run_form.h"
#include "ui/designer/temperature_explorer.h"

namespace kdw::ui {
namespace {

// `content` in a scroll area that scrolls vertically (and horizontally when `wide`: a view that
// cannot be narrower than its charts).
QWidget* scrolled(QWidget* content, bool wide = false)
{
    auto* scroll = new QScrollArea();
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(wide ? Qt::ScrollBarAsNeeded : Qt::ScrollBarAlwaysOff);
    scroll->setWidget(content);
    return scroll;
}

QString modelText(const nn::ModelSpec& m)
{
    QStringList widths;
    for (const auto& l : m.layers) {
        widths << QString::number(l.units);
    }
    const auto kind = QString::fromStdString(nn::toString(m.interaction)).toUpper();
    return m.interaction == nn::InteractionKind::Gmf
        ? ExperimentForm::tr("%1, embeddings of %2").arg(kind).arg(m.embeddingDim)
        : ExperimentForm::tr("%1, embeddings of %2, layers %3")
              .arg(kind)
              .arg(m.embeddingDim)
              .arg(widths.join(QStringLiteral("→")));
}

QString dataText(const train::DatasetConfig& d)
{
    if (d.source == "synthetic") {
        return ExperimentForm::tr("the synthetic set of %L1 users and %L2 items")
            .arg(d.synthetic.users)
            .arg(d.synthetic.items);
    }
    return d.path.empty() ? ExperimentForm::tr("a ratings file (none chosen yet)")
                          : ExperimentForm::tr("%1").arg(QString::fromStdString(d.path));
}

QString methodText(const train::ExperimentConfig& c)
{
    train::MethodSet set;
    try {
        set = c.distillation.methodSet();
    } catch (const std::exception&) {
        return ExperimentForm::tr("an impossible combination of methods");
    }
    if (set.none()) {
        return ExperimentForm::tr("alone, from the observed interactions (no distillation)");
    }
    QStringList parts;
    for (const auto method : set.methods()) {
        const auto label = train::methodInfo(method).label;
        QString part = QString::fromUtf8(label.data(), static_cast<qsizetype>(label.size()));
        if (method == train::Method::SoftTarget) {
            part += ExperimentForm::tr(" at T = %1").arg(c.distillation.temperature);
        }
        parts << part;
    }
    return ExperimentForm::tr("distilled from the teacher with %1")
        .arg(parts.join(ExperimentForm::tr(" and ")));
}

} // namespace

QString runPlanText(const train::ExperimentConfig& c)
{
    QStringList k;
    for (int cutoff : c.eval.k) {
        k << QString::number(cutoff);
    }
    const auto teacher = c.teacher.fromRun
        ? ExperimentForm::tr("Reuse the teacher of run %1.")
              .arg(QString::fromStdString(*c.teacher.fromRun))
        : ExperimentForm::tr("Train the teacher (%1) for %2 epochs.")
              .arg(modelText(c.teacher.model))
              .arg(c.teacher.training.epochs);
    return ExperimentForm::tr(
        "<b>This run</b><ol style=\"margin-left: -20px\"><li>Read %1; hold out each user's latest "
        "item.</li><li>%2</li><li>Train the student (%3) for %4 epochs, %5.</li><li>Rank each "
        "held-out item against %6 unseen items: HR and NDCG at %7.</li></ol>")
        .arg(dataText(c.dataset).toHtmlEscaped(), teacher.toHtmlEscaped(),
            modelText(c.student.model).toHtmlEscaped())
        .arg(c.student.training.epochs)
        .arg(methodText(c).toHtmlEscaped())
        .arg(c.dataset.evalNegatives)
        .arg(k.join(QStringLiteral(", ")));
}

ExperimentForm::ExperimentForm(ExperimentDocument& document, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_pages = new QTabWidget();
    m_pages->setObjectName(QStringLiteral("designerPages"));
    m_methods = new MethodPages(document);
    m_models = new ModelsForm(document);
    m_run = new RunForm(document);
    m_explorer = new TemperatureExplorer();
    m_explorer->setObjectName(QStringLiteral("temperatureExplorer"));
    m_pages->addTab(m_methods, tr("Distillation"));
    m_pages->addTab(scrolled(m_explorer, true), tr("Temperature"));
    m_pages->addTab(scrolled(m_models, true), tr("Models"));
    m_pages->addTab(scrolled(m_run, true), tr("Data && run"));
    m_plan = mutedLabel();
    m_plan->setObjectName(QStringLiteral("runPlan"));
    m_plan->setTextFormat(Qt::RichText);
    m_plan->setMargin(6);
    // The plan under the pages, behind a splitter: on a low screen the pages take the room and
    // the plan scrolls (it can be dragged taller, or away).
    auto* plan = qobject_cast<QScrollArea*>(scrolled(m_plan));
    plan->setFrameShape(QFrame::StyledPanel);
    m_splitter = new QSplitter(Qt::Vertical);
    m_splitter->addWidget(m_pages);
    m_splitter->addWidget(plan);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 0);
    m_splitter->setCollapsible(0, false);
    layout->addWidget(m_splitter, 1);
    connect(&m_document, &ExperimentDocument::changed, this, &ExperimentForm::updatePlan);
    // The explorer's T is the experiment's: moving it is an undoable edit (a drag, one step).
    connect(m_explorer, &TemperatureExplorer::temperatureChosen, this,
        [this](double t) { m_document.setTemperature(t); });
    connect(&m_document, &ExperimentDocument::changed, this, [this](DocumentPart part) {
        if (part == DocumentPart::Distillation || part == DocumentPart::All) {
            m_explorer->setTemperature(m_document.config().distillation.temperature);
        }
    });
    m_explorer->setTemperature(m_document.config().distillation.temperature);
    connect(m_run, &RunForm::catalogueKnown, m_models, &ModelsForm::setCatalogue);
    connect(m_models, &ModelsForm::problemsChanged, this,
        [this] { Q_EMIT problemsChanged(problems()); });
    connect(m_run->datasetPanel(), &DatasetPanel::problemsChanged, this,
        [this] { Q_EMIT problemsChanged(problems()); });
    updatePlan();
}

void ExperimentForm::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (!m_planSized) {
        // First show: the plan at most a sixth of the height (it scrolls below its text's).
        m_planSized = true;
        const int total = m_splitter->height();
        const int plan = std::min(m_plan->sizeHint().height() + 4, std::max(80, total / 6));
        m_splitter->setSizes({total - plan, plan});
    }
}

bool ExperimentForm::showPage(const QString& page, const QString& focus)
{
    const auto parts = page.split(QLatin1Char('/'));
    const QStringList names {QStringLiteral("distillation"), QStringLiteral("temperature"),
        QStringLiteral("models"), QStringLiteral("data")};
    const auto index = names.indexOf(parts.front());
    if (index < 0) {
        return false;
    }
    m_pages->setCurrentIndex(static_cast<int>(index));
    if (index == 0 && parts.size() > 1) {
        try {
            m_methods->showMethod(train::parseMethod(parts[1].toStdString()));
        } catch (const std::exception&) {
            return false;
        }
    }
    auto* target = focus.isEmpty() ? nullptr : findChild<QWidget*>(focus);
    if (target == nullptr) {
        return focus.isEmpty();
    }
    // Each tab page on the way up is made current, then the focus set once the window shows.
    for (QWidget* w = target; w != nullptr && w != this; w = w->parentWidget()) {
        auto* stack = qobject_cast<QStackedWidget*>(w->parentWidget());
        auto* tabs = stack != nullptr ? qobject_cast<QTabWidget*>(stack->parentWidget()) : nullptr;
        if (tabs != nullptr) {
            tabs->setCurrentWidget(w);
        }
    }
    QTimer::singleShot(0, target, [target] { target->setFocus(Qt::OtherFocusReason); });
    return true;
}

QStringList ExperimentForm::problems() const
{
    return m_models->problems() + m_run->datasetPanel()->problems();
}

void ExperimentForm::updatePlan()
{
    m_plan->setText(runPlanText(m_document.config()));
}

} // namespace kdw::ui
