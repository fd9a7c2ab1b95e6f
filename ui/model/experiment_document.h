// SPDX-License-Identifier: MIT
// The edited experiment: one train::ExperimentConfig, changed only through typed setters, each
// edit one undoable step on the document's QUndoStack (as Tiled's Document). Views observe
// changed(part) and write through the setters; nothing else holds a copy of the experiment.
// Qt Core/Gui only; lives on the GUI thread.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <QObject>
#include <QString>
#include <QUndoStack>

#include "core/train/config.h"
#include "ui/model/model_role.h"

namespace kdw::ui {

// Which part of the experiment an edit changed. All: a whole config was loaded.
enum class DocumentPart {
    RunIdentity, // name and seed
    Dataset,
    TeacherModel,
    TeacherTraining,
    TeacherSource, // train a teacher, or take the one of a saved run
    StudentModel,
    StudentTraining,
    Distillation, // the method set and every method's parameters, temperature included
    Evaluation,
    All,
};

// The document's state as the undo stack restores it: the config and whether its name was typed
// by the user (else it follows the settings: derivedRunName()).
struct DocumentState {
    train::ExperimentConfig config;
    bool nameTyped = false;
};

class ExperimentDocument : public QObject {
    Q_OBJECT
public:
    // Starts on train::ExperimentConfig's defaults, named after its settings, with an empty stack.
    explicit ExperimentDocument(QObject* parent = nullptr);

    [[nodiscard]] const train::ExperimentConfig& config() const { return m_state.config; }
    [[nodiscard]] QUndoStack* undoStack() { return &m_undo; }
    // Whether the name was typed by the user; while false, every edit renames the run after its
    // settings (derivedRunName()).
    [[nodiscard]] bool nameTyped() const { return m_state.nameTyped; }

    // Each setter is one undoable step; a value equal to the current one pushes nothing.
    // Consecutive edits of the same field (`what` for the value setters: a slider drag, typing)
    // merge into one step. `what` also names the step in Edit > Undo ("Undo student layers").
    // An empty name returns the run to the derived name; a typed one stays until cleared.
    void setName(const QString& name);
    void setSeed(std::uint64_t seed);
    void setDataset(const train::DatasetConfig& dataset, const QString& what);
    void setModel(ModelRole role, const nn::ModelSpec& model, const QString& what);
    void setTraining(ModelRole role, const train::TrainingConfig& training, const QString& what);
    // std::nullopt: train a new teacher; else the id (or uuid) of the saved run whose teacher is
    // reused.
    void setTeacherSource(const std::optional<std::string>& fromRun);
    void setDistillation(const train::DistillationConfig& distillation, const QString& what);
    // T, the soft-target temperature (no unit; valid between 0.01 and 1000, see configSchema()).
    void setTemperature(double temperature);
    void setEval(const train::EvalConfig& eval);
    // Replaces the whole experiment (File > Open, re-run with changes) as one undoable step,
    // `what` naming it ("open demo.json"). A loaded name counts as not typed: it is kept until a
    // setting changes, then the derived name is offered.
    void load(const train::ExperimentConfig& config, const QString& what);

    // Applies a state (the undo commands' entry point); emits changed() for every part that
    // differs from the current state.
    void applyState(const DocumentState& state, DocumentPart part);

Q_SIGNALS:
    void changed(kdw::ui::DocumentPart part);

private:
    // Pushes one step from the current state to `next`; commands with the same non-empty
    // `mergeKey` merge when consecutive.
    void push(DocumentState next, DocumentPart part, const QString& text, const QString& mergeKey);
    void edit(DocumentPart part, const QString& text, const QString& mergeKey,
        const std::function<void(train::ExperimentConfig&)>& change);

    DocumentState m_state;
    QUndoStack m_undo;
};

// A run name that says what the settings are: "soft targets T=4, student 8→[16,8]",
// "hint+soft targets T=2, student 8→[16,8] (GMF)", "no distillation, student 8→[16,8]".
QString derivedRunName(const train::ExperimentConfig& config);

// The "re-run with changes" entry point: reads a stored run's config (the JSON the history keeps
// with every run) into the document as one undoable step named after the run. Throws ConfigError
// (core's message) when the JSON is not a config this program reads; the document is then
// unchanged.
void loadStoredConfig(ExperimentDocument& document, const QString& configJson, qint64 runId);

} // namespace kdw::ui
