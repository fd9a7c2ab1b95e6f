// SPDX-License-Identifier: MIT
#include "ui/queue/sweep_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

#include "ui/queue/sweep_plan.h"

namespace kdw::ui {

SweepDialog::SweepDialog(train::ExperimentConfig base, QWidget* parent)
    : QDialog(parent)
    , m_base(std::move(base))
    , m_field(new QComboBox())
    , m_values(new QLineEdit(suggestedSweepValues(sweepFields().front(), m_base)))
    , m_seeds(new QLineEdit(QString::number(m_base.seed)))
    , m_summary(new QLabel())
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel))
{
    setWindowTitle(tr("Queue a sweep"));
    m_values->setObjectName(QStringLiteral("sweepValues"));
    m_seeds->setObjectName(QStringLiteral("sweepSeeds"));
    for (const auto& f : sweepFields()) {
        m_field->addItem(f.label);
    }
    m_summary->setWordWrap(true);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Queue"));
    auto* form = new QFormLayout(this);
    form->addRow(tr("Setting"), m_field);
    form->addRow(tr("Values"), m_values);
    form->addRow(tr("Seeds"), m_seeds);
    form->addRow(m_summary);
    form->addRow(m_buttons);
    connect(m_field, &QComboBox::currentIndexChanged, this, [this](int index) {
        // The values of the setting now chosen, around the designer's own.
        m_values->setText(
            suggestedSweepValues(sweepFields().at(static_cast<std::size_t>(index)), m_base));
        refresh();
    });
    connect(m_values, &QLineEdit::textChanged, this, &SweepDialog::refresh);
    connect(m_seeds, &QLineEdit::textChanged, this, &SweepDialog::refresh);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    refresh();
}

void SweepDialog::setField(int index)
{
    m_field->setCurrentIndex(index);
}

void SweepDialog::setValues(const QString& values)
{
    m_values->setText(values);
}

void SweepDialog::setSeeds(const QString& seeds)
{
    m_seeds->setText(seeds);
}

std::vector<train::ExperimentConfig> SweepDialog::configs() const
{
    const auto& field = sweepFields().at(static_cast<std::size_t>(m_field->currentIndex()));
    QString error;
    const auto values = parseSweepValues(m_values->text(), field, &error);
    const auto seeds = parseSeeds(m_seeds->text(), &error);
    if (values.isEmpty() || seeds.isEmpty()) {
        return {};
    }
    return sweepConfigs(m_base, field, values, seeds);
}

void SweepDialog::refresh()
{
    const auto& field = sweepFields().at(static_cast<std::size_t>(m_field->currentIndex()));
    QString error;
    const auto values = parseSweepValues(m_values->text(), field, &error);
    const auto seeds = values.isEmpty() ? QList<quint64> {} : parseSeeds(m_seeds->text(), &error);
    const bool ok = !values.isEmpty() && !seeds.isEmpty();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(ok);
    m_summary->setText(ok ? tr("%n run(s); the runs of each seed share one teacher, trained once.",
                           nullptr, static_cast<int>(values.size() * seeds.size()))
                          : error);
}

} // namespace kdw::ui
