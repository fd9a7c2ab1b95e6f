// SPDX-License-Identifier: MIT
// The experiment designer: its pages as tabs (the distillation methods, the temperature explorer,
// the two models with their drawing, data and run with the dataset panel), and under them the
// run's plan in words, every part a view of one ExperimentDocument. The window gives the explorer
// its history (a service). GUI thread.
#pragma once

#include <QStringList>
#include <QWidget>

#include "ui/model/experiment_document.h"

class QLabel;
class QSplitter;
class QTabWidget;

namespace kdw::ui {

class MethodPages;
class ModelsForm;
class RunForm;
class TemperatureExplorer;

class ExperimentForm : public QWidget {
    Q_OBJECT
public:
    explicit ExperimentForm(ExperimentDocument& document, QWidget* parent = nullptr);

    [[nodiscard]] QTabWidget* pages() const { return m_pages; }
    [[nodiscard]] MethodPages* methodPages() const { return m_methods; }
    [[nodiscard]] ModelsForm* modelsForm() const { return m_models; }
    [[nodiscard]] RunForm* runForm() const { return m_run; }
    [[nodiscard]] TemperatureExplorer* temperatureExplorer() const { return m_explorer; }
    // Opens the page `page` names ("distillation", "distillation/<method>" by core's method name,
    // "temperature", "models", "data") and, once the window is shown, the tabs holding the widget
    // named `focus` (an objectName, e.g. "studentAddLayer") with the focus on it. A test-only hook
    // for tests/ui/screens/run_screens.sh (KDW_DESIGNER_PAGE, KDW_DESIGNER_FOCUS); false when the
    // page is not one of those.
    bool showPage(const QString& page, const QString& focus = {});
    // Problems of the form's widgets that the document cannot hold (text that is not numbers).
    [[nodiscard]] QStringList problems() const;

Q_SIGNALS:
    void problemsChanged(const QStringList& problems);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void updatePlan();

    ExperimentDocument& m_document;
    QTabWidget* m_pages = nullptr;
    MethodPages* m_methods = nullptr;
    ModelsForm* m_models = nullptr;
    RunForm* m_run = nullptr;
    TemperatureExplorer* m_explorer = nullptr;
    QLabel* m_plan = nullptr;
    QSplitter* m_splitter = nullptr; // the pages over the plan
    bool m_planSized = false;
};

// What the run will do, step by step, as rich text: the data, the teacher (trained or reused), the
// student and its distillation, the evaluation. Names and numbers only from the config and core.
QString runPlanText(const train::ExperimentConfig& config);

} // namespace kdw::ui
