// SPDX-License-Identifier: MIT
// Errors shown without stopping anything (issue 15, part 3): a strip across the window (put it in
// the central widget's layout, above the content) with the error's one-line summary, "Details…"
// that opens the full text in a non-modal dialog (selectable, with Copy), and "Dismiss" that shows
// the next. Errors posted while one is shown wait in order ("2 more" says how many); an error equal
// to the one shown counts as a repeat ("×3") instead of queueing. Nothing here is modal or waits,
// so a training run and the GUI go on. GUI thread.
#pragma once

#include <QFrame>
#include <QList>
#include <QPointer>
#include <QString>

class QDialog;
class QLabel;
class QPushButton;

namespace kdw::ui {

class ErrorBanner : public QFrame {
    Q_OBJECT
public:
    // Hidden until the first error.
    explicit ErrorBanner(QWidget* parent = nullptr);

    // Queues an error: `summary` one line in the strip, `details` the full text (a stack of
    // causes, a file and line, a log), shown on request; empty details show the summary alone.
    void post(const QString& summary, const QString& details = {});
    // Drops the error shown and shows the next one, or hides the strip when none is left.
    void dismiss();
    // Opens (or raises) the details of the error shown, non-modal.
    void showDetails();

    // The errors waiting, the one shown first.
    [[nodiscard]] int pendingCount() const { return static_cast<int>(m_queue.size()); }
    [[nodiscard]] QString currentSummary() const;
    [[nodiscard]] QString currentDetails() const;
    // How many times the error shown was posted in a row.
    [[nodiscard]] int currentRepeats() const;
    // The text of the strip's label (summary, repeats and how many wait), for tests.
    [[nodiscard]] QString text() const;
    // The details dialog while it is open.
    [[nodiscard]] QDialog* detailsDialog() const { return m_dialog; }

Q_SIGNALS:
    // The number of errors waiting changed (0 when the strip hides).
    void pendingChanged(int count);

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Error {
        QString summary;
        QString details;
        int repeats = 1;
    };
    void refresh();
    void applyColors();

    QList<Error> m_queue;
    QLabel* m_label;
    QPushButton* m_details;
    QPushButton* m_dismiss;
    QPointer<QDialog> m_dialog;
    bool m_styling = false;
};

} // namespace kdw::ui
