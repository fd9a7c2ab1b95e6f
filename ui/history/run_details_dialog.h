// SPDX-License-Identifier: MIT
// One run's details: what it is (status, method, seed, dates, teacher, sweep), its tags and notes,
// the final and best value of every metric it recorded (each phase), and its config as stored.
// Shows values read by the reader; reads nothing itself.
#pragma once

#include <QDialog>

#include "ui/services/history_browser_reader.h"

QT_BEGIN_NAMESPACE
class QTableWidget;
QT_END_NAMESPACE

namespace kdw::ui {

class RunDetailsDialog : public QDialog {
    Q_OBJECT
public:
    explicit RunDetailsDialog(const BrowserRunDetails& details, QWidget* parent = nullptr);

    // The metric table (phase, metric, final, at epoch, best, at epoch), for tests.
    [[nodiscard]] const QTableWidget* metricTable() const { return m_metrics; }

private:
    QTableWidget* m_metrics;
};

} // namespace kdw::ui
