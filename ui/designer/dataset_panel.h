// SPDX-License-Identifier: MIT
// The dataset panel: the bundled synthetic set with its size and density sliders
// (dataset.synthetic.*), or a ratings file in a format core reads (core/data/loaders.h). It reads
// the data through a DatasetLoader (ui/services/) off the GUI thread, with a progress bar and a
// Cancel button, and shows the first rows as parsed (columns named by role), the statistics
// (core/data/statistics.h) with a histogram of interactions per user, the evaluation protocol
// from the dataset config, and core's notes and warnings about the data. GUI thread.
#pragma once

#include <optional>
#include <vector>

#include <QString>
#include <QWidget>

#include "core/train/config.h"
#include "ui/designer/field_boxes.h"
#include "ui/services/dataset_loader.h"

class QBoxLayout;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSlider;
class QStackedWidget;
class QTableWidget;
class QTimer;

namespace kdw::ui {

class BarChart;

class DatasetPanel : public QWidget {
    Q_OBJECT
public:
    explicit DatasetPanel(QWidget* parent = nullptr);

    // Shows `config` (no signal) and reads its data again when the data it names changed.
    void setDataset(const train::DatasetConfig& config);
    [[nodiscard]] const train::DatasetConfig& dataset() const { return m_config; }
    // The K of HR@K whose warnings are shown (the experiment's eval.k); default EvalConfig's.
    void setEvaluationCutoffs(const std::vector<int>& cutoffs);

    // Shows the experiment's problems with its dataset (experimentProblems) beside their fields:
    // the ratings file's next to the file field, the synthetic sizes' under the sliders.
    void showProblems(const QList<FormProblem>& problems);
    // What stops a run that the document cannot know, in the form's words: the ratings file could
    // not be read ("Ratings file: bad.csv line 3: ..."), also said next to the file field. Empty
    // when the last read succeeded, was cancelled, or is under way.
    [[nodiscard]] QStringList problems() const;

    void reload(); // reads the data again
    void cancelLoad(); // stops the read in flight
    [[nodiscard]] bool isLoading() const;
    // What the last finished read found; nullopt before the first or after a failure.
    [[nodiscard]] const std::optional<DatasetSummary>& summary() const { return m_summary; }
    [[nodiscard]] QString message() const; // the last read's outcome, in words
    [[nodiscard]] QString statisticsText() const; // the statistics as shown
    [[nodiscard]] BarChart* histogram() const { return m_histogram; }
    [[nodiscard]] QTableWidget* preview() const { return m_preview; }
    [[nodiscard]] QPushButton* cancelButton() const { return m_cancel; }

protected:
    void showEvent(QShowEvent* event) override; // the first show reads what the panel shows
    // Side by side when wide, the results under the source when narrow (the designer's dock).
    void resizeEvent(QResizeEvent* event) override;

Q_SIGNALS:
    // The user changed the dataset; `what` names the change for an undo menu ("dataset file").
    void datasetEdited(const kdw::train::DatasetConfig& config, const QString& what);
    // A read finished: the implicit data's catalogue, for parameter counts.
    void catalogueKnown(long long users, long long items);
    void loadFinished(bool ok); // after loaded, failed or cancelled
    void problemsChanged(const QStringList& problems);

private:
    QWidget* buildSource();
    QWidget* buildSynthetic();
    QWidget* buildFile();
    QWidget* buildResults();
    void showConfig();
    void edit(const QString& what);
    void chooseFile();
    void startLoad();
    void onLoaded(const DatasetSummary& summary);
    void onFailed(const QString& message);
    void onCancelled();
    void showStatistics(const DatasetSummary& s);
    void showPreview(const DatasetSummary& s);
    void showHistogram(const DatasetSummary& s);
    void showProtocol();
    void setBusy(bool busy);
    void setReadProblem(const QString& problem);
    void markProblems();

    DatasetLoader* m_loader; // a child: owns the loading thread
    train::DatasetConfig m_config;
    train::DatasetConfig m_loadedConfig; // what the last read was asked for
    std::vector<int> m_cutoffs;
    std::optional<DatasetSummary> m_summary;
    bool m_everLoaded = false;
    QList<FormProblem> m_documentProblems; // the experiment's, about its dataset
    QString m_readProblem; // the last read's failure, for a run blocked by it
    ProblemMarks m_marks;
    QBoxLayout* m_columns = nullptr; // the source and what was read: a row, or a column when narrow

    QComboBox* m_source = nullptr;
    QStackedWidget* m_sourcePages = nullptr;
    QSlider* m_users = nullptr;
    QSlider* m_items = nullptr;
    QSlider* m_density = nullptr;
    QLabel* m_sizeText = nullptr;
    QLineEdit* m_path = nullptr;
    QComboBox* m_format = nullptr;
    QDoubleSpinBox* m_threshold = nullptr;
    QPushButton* m_reload = nullptr;
    QPushButton* m_cancel = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_message = nullptr;
    QTableWidget* m_preview = nullptr;
    QLabel* m_statistics = nullptr;
    BarChart* m_histogram = nullptr;
    QLabel* m_protocol = nullptr;
    QLabel* m_warnings = nullptr;
    QTimer* m_debounce = nullptr; // coalesces slider moves into one read
};

} // namespace kdw::ui
