// SPDX-License-Identifier: MIT
// The distillation part of the designer, a view of the document: the output and feature method
// boxes, and one page per method of core's catalogue (what is transferred and when it helps, the
// formula, the paper, its parameters with units and valid ranges, and a link to the bundled help).
// Reads the document on changed(); writes through its setters. GUI thread.
#pragma once

#include <functional>
#include <map>
#include <vector>

#include <QUrl>
#include <QWidget>

#include "core/train/vocabulary.h"
#include "ui/designer/field_boxes.h"
#include "ui/model/experiment_document.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QListWidget;
class QPushButton;
class QSlider;
class QSpinBox;
class QStackedWidget;

namespace kdw::ui {

class MethodPages : public QWidget {
    Q_OBJECT
public:
    explicit MethodPages(ExperimentDocument& document, QWidget* parent = nullptr);

    // Shows the page of `method` (the navigator follows).
    void showMethod(train::Method method);
    [[nodiscard]] train::Method shownMethod() const;
    // The section of the bundled help page about `method`.
    static QUrl helpUrl(train::Method method);

Q_SIGNALS:
    // "Learn more" on a page: the help page's section to open.
    void helpRequested(const QUrl& url);

private:
    // One method's page; its parameter widgets are registered in m_numbers etc.
    QWidget* buildPage(const train::MethodInfo& info);
    QWidget* buildParameter(const std::string& path);
    QWidget* buildTemperature();
    void addRow(QFormLayout* form, const std::string& path, QWidget* field);
    void chooseMethods();
    void useMethod(train::Method method);
    void sync(DocumentPart part);
    void syncMethods();
    void syncValues();
    void syncLayers();
    void editDistillation(
        const QString& what, const std::function<void(train::DistillationConfig&)>& change);

    ExperimentDocument& m_document;
    QComboBox* m_logitMethod = nullptr; // none and the catalogue's logit-based methods
    QComboBox* m_featureMethod = nullptr; // none and the catalogue's feature-based methods
    QListWidget* m_navigator = nullptr; // one row per catalogue method, in its order
    QStackedWidget* m_pages = nullptr;
    QSlider* m_temperatureSlider = nullptr;
    QDoubleSpinBox* m_temperature = nullptr;
    // Per page: "Used in this run" / "Use this method".
    std::vector<QLabel*> m_inUse;
    std::vector<QPushButton*> m_use;
    // Parameter widgets by config path (a parameter several methods read has one per page).
    std::multimap<std::string, QDoubleSpinBox*> m_numbers;
    std::multimap<std::string, QSpinBox*> m_integers;
    std::vector<QCheckBox*> m_listwise;
    std::multimap<std::string, QComboBox*> m_layers;
    ProblemMarks m_marks;
};

} // namespace kdw::ui
