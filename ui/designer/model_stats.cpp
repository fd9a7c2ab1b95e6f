// SPDX-License-Identifier: MIT
#include "ui/designer/model_stats.h"

#include <QGridLayout>
#include <QLabel>
#include <QLocale>

namespace kdw::ui {

namespace {

constexpr long long kBytesPerWeight = 4; // float32

std::size_t row(ModelStats::Figure f)
{
    return static_cast<std::size_t>(f);
}

std::size_t column(ModelRole role)
{
    return role == ModelRole::Teacher ? 0 : 1;
}

QLabel* cell(QWidget* parent, Qt::Alignment align)
{
    auto* label = new QLabel(parent);
    label->setAlignment(align | Qt::AlignVCenter);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

ModelStats::ModelStats(QWidget* parent)
    : QWidget(parent)
{
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(16);
    const QStringList heads {tr("Teacher"), tr("Student"), tr("Student vs teacher")};
    for (int c = 0; c < heads.size(); ++c) {
        auto* head = cell(this, Qt::AlignRight);
        head->setWordWrap(true); // "Student vs teacher" on two lines in a narrow dock
        head->setText(QStringLiteral("<b>%1</b>").arg(heads[c].toHtmlEscaped()));
        grid->addWidget(head, 0, c + 1);
    }
    const std::array<std::pair<QString, QString>, 3> names {{
        {tr("Parameters"),
            tr("Weights and biases, embedding tables included; teacher \u00f7 student is the "
               "compression")},
        {tr("Multiply-adds per example"),
            tr("Work of one forward pass for one (user, item) pair; teacher \u00f7 student is the "
               "speed-up")},
        {tr("Memory of the weights"), tr("Parameters stored as 32-bit floats (4 bytes each)")},
    }};
    for (std::size_t r = 0; r < names.size(); ++r) {
        auto* name = cell(this, Qt::AlignLeft);
        name->setWordWrap(true);
        name->setText(names[r].first);
        name->setToolTip(names[r].second);
        grid->addWidget(name, static_cast<int>(r) + 1, 0);
        for (std::size_t c = 0; c < 3; ++c) {
            m_cells[r][c] = cell(this, Qt::AlignRight);
            m_cells[r][c]->setToolTip(names[r].second);
            grid->addWidget(m_cells[r][c], static_cast<int>(r) + 1, static_cast<int>(c) + 1);
        }
    }
    m_catalogue = new QLabel(this);
    m_catalogue->setWordWrap(true);
    grid->addWidget(m_catalogue, 4, 0, 1, 5);
    grid->setColumnStretch(4, 1); // the table keeps its width; names stay near their numbers
    refresh();
}

void ModelStats::setModels(const nn::ModelSpec& teacher, const nn::ModelSpec& student)
{
    m_teacher = teacher;
    m_student = student;
    refresh();
}

void ModelStats::setCatalogue(long long users, long long items, bool estimated)
{
    m_users = std::max(0LL, users);
    m_items = std::max(0LL, items);
    m_estimated = estimated;
    refresh();
}

long long ModelStats::value(Figure figure, ModelRole role) const
{
    const nn::ModelSpec& spec = role == ModelRole::Teacher ? m_teacher : m_student;
    switch (figure) {
    case Figure::Parameters:
        return nn::countParameters(spec, m_users, m_items);
    case Figure::MultiplyAdds:
        return nn::countMultiplyAdds(spec);
    case Figure::Memory:
        return kBytesPerWeight * nn::countParameters(spec, m_users, m_items);
    }
    return 0;
}

QString ModelStats::shownText(Figure figure, ModelRole role) const
{
    return m_cells[row(figure)][column(role)]->text();
}

QString ModelStats::ratioText(Figure figure) const
{
    return m_cells[row(figure)][2]->text();
}

QString ModelStats::ratioOf(Figure figure) const
{
    const long long teacher = value(figure, ModelRole::Teacher);
    const long long student = value(figure, ModelRole::Student);
    if (teacher <= 0 || student <= 0) {
        return QStringLiteral("\u2014");
    }
    const bool params = figure == Figure::Parameters;
    const double ratio = static_cast<double>(teacher) / static_cast<double>(student);
    // Said the way round that reads as more than 1 ("2.50x larger" rather than "0.40x smaller").
    const double shown = ratio >= 1.0 ? ratio : 1.0 / ratio;
    const int decimals = shown < 10 ? 2 : (shown < 100 ? 1 : 0);
    const QString n = QLocale().toString(shown, 'f', decimals);
    if (ratio >= 1.0) {
        return (params ? tr("%1\u00d7 smaller") : tr("%1\u00d7 faster")).arg(n);
    }
    return (params ? tr("%1\u00d7 larger") : tr("%1\u00d7 slower")).arg(n);
}

QString ModelStats::catalogueText() const
{
    return m_catalogue->text();
}

void ModelStats::refresh()
{
    const QLocale locale;
    // Multiply-adds do not depend on the catalogue, so they are never an estimate.
    const QString about = m_estimated ? QStringLiteral("\u2248 ") : QString();
    for (const Figure f : {Figure::Parameters, Figure::MultiplyAdds, Figure::Memory}) {
        const QString prefix = f == Figure::MultiplyAdds ? QString() : about;
        for (const ModelRole role : {ModelRole::Teacher, ModelRole::Student}) {
            const long long v = value(f, role);
            m_cells[row(f)][column(role)]->setText(prefix
                + (f == Figure::Memory ? locale.formattedDataSize(v, 1, QLocale::DataSizeSIFormat)
                                       : locale.toString(v)));
        }
        m_cells[row(f)][2]->setText(f == Figure::Memory ? QString() : ratioOf(f));
    }
    const QString catalogue
        = tr("%1 users \u00d7 %2 items").arg(locale.toString(m_users), locale.toString(m_items));
    m_catalogue->setText(m_estimated
            ? tr("Embedding tables sized for an estimated catalogue of %1: the dataset has not "
                 "been read yet, so parameters and memory are estimates (\u2248).")
                  .arg(catalogue)
            : tr("Embedding tables sized for the dataset's %1.").arg(catalogue));
}

} // namespace kdw::ui
