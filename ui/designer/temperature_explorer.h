// SPDX-License-Identifier: MIT
// The temperature explorer: what the soft-target temperature T does, live. (a) One output:
// sigmoid(z/T) over the teacher's logit range, one curve per chosen T, beside the hard label.
// (b) One user's candidate list from a saved run's teacher (the held-out positive and its sampled
// negatives): softmax(z/T) as bars that flatten as T rises, with the entropy (in nats) and the top
// item's probability. (c) When the run saved a student too: KL(teacher || student) at T for that
// user. Every number comes from core's soft-target functions (core/distill/soft_targets.h); the
// checkpoints are read by a TeacherLoader (ui/services/) on its own thread. GUI thread.
#pragma once

#include <optional>

#include <QList>
#include <QString>
#include <QWidget>

#include "ui/services/teacher_loader.h"

class QBoxLayout;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;
class QTimer;

namespace kdw::ui {

class BarChart;
class CurveChart;

class TemperatureExplorer : public QWidget {
    Q_OBJECT
public:
    explicit TemperatureExplorer(QWidget* parent = nullptr);

    // Shows T (no signal): the slider and box show it clamped to 0.5..20, the views use that.
    void setTemperature(double temperature);
    [[nodiscard]] double temperature() const { return m_temperature; }
    // The history whose runs are offered (those with a teacher checkpoint); lists them at once.
    void setHistoryPath(const QString& path);
    void refreshRuns(); // lists the runs again (after a run finished)
    // Loads a run's checkpoints and data on the loader's thread; shows its first user.
    void selectRun(qint64 runId);

    // One user's candidate list, as the loader answers it (public for tests). Redraws.
    void showCandidates(const kdw::ui::CandidateList& list);

    // What the views show, computed by core for the list shown and T (empty / nullopt when none):
    // softmax(z/T) of the teacher's logits in the list's order (the positive first); its entropy
    // in nats; KL(softmax(t/T) || softmax(s/T)) and mean Bernoulli KL(sigma(t/T) || sigma(s/T))
    // over the list, in nats, when the run saved a student.
    [[nodiscard]] QList<double> probabilities() const;
    [[nodiscard]] std::optional<double> entropy() const;
    [[nodiscard]] std::optional<double> listwiseKl() const;
    [[nodiscard]] std::optional<double> pointwiseKl() const;
    [[nodiscard]] const CandidateList& candidates() const { return m_list; }
    [[nodiscard]] QString message() const;

    [[nodiscard]] QSlider* temperatureSlider() const { return m_slider; }
    [[nodiscard]] QDoubleSpinBox* temperatureBox() const { return m_box; }
    [[nodiscard]] QComboBox* runPicker() const { return m_runs; }
    [[nodiscard]] QSpinBox* userPicker() const { return m_user; }
    [[nodiscard]] CurveChart* sigmoidChart() const { return m_sigmoid; }
    [[nodiscard]] BarChart* candidateChart() const { return m_bars; }

protected:
    void resizeEvent(QResizeEvent* event) override;

Q_SIGNALS:
    // The user moved T (slider or box), already rounded to the box's 0.01; fires on every step of
    // a drag (merge consecutive edits into one undo step).
    void temperatureChosen(double temperature);
    void runsListed(int count); // the run picker was filled
    void candidatesShown(); // a user's list is drawn (showCandidates)

private:
    QBoxLayout* buildTemperatureRow();
    QWidget* buildRunRow();
    void connectLoader();
    void onSliderMoved(int position);
    void onBoxEdited(double temperature);
    void chooseTemperature(double temperature);
    void onRunsListed(const QList<ExplorerRun>& runs);
    void onRunLoaded(const LoadedTeacher& run);
    void setMessage(const QString& text);
    void scheduleRedraw();
    void redraw();
    void drawSigmoids();
    void drawCandidates();
    void describe();
    [[nodiscard]] QList<double> shownTemperatures() const;

    TeacherLoader* m_loader; // a child: owns the loading thread
    QBoxLayout* m_columns = nullptr; // the two views: a row when wide, a column when narrow
    QBoxLayout* m_temperatureRow = nullptr; // T, and the temperatures to compare with
    QSlider* m_slider = nullptr;
    QDoubleSpinBox* m_box = nullptr;
    QList<QCheckBox*> m_compare;
    QComboBox* m_runs = nullptr;
    QPushButton* m_refresh = nullptr;
    QSpinBox* m_user = nullptr;
    QLabel* m_userId = nullptr;
    CurveChart* m_sigmoid = nullptr;
    BarChart* m_bars = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_kl = nullptr;
    QLabel* m_message = nullptr;
    QTimer* m_redraw = nullptr;
    double m_temperature = 2.0;
    std::optional<LoadedTeacher> m_run; // the loaded run
    CandidateList m_list; // the user shown; empty before the first
};

} // namespace kdw::ui
