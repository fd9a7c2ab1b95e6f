// SPDX-License-Identifier: MIT
#include "ui/shell/error_banner.h"

#include <QApplication>
#include <QClipboard>
#include <QDialog>
#include <QDialogButtonBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace kdw::ui {

ErrorBanner::ErrorBanner(QWidget* parent)
    : QFrame(parent)
    , m_label(new QLabel(this))
    , m_details(new QPushButton(tr("Details…"), this))
    , m_dismiss(new QPushButton(tr("Dismiss"), this))
{
    setObjectName(QStringLiteral("errorBanner"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setAccessibleName(tr("Errors"));
    m_label->setTextFormat(Qt::PlainText);
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* icon = new QLabel(this);
    const int side = style()->pixelMetric(QStyle::PM_SmallIconSize);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(side, side));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(icon);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_details);
    layout->addWidget(m_dismiss);
    connect(m_details, &QPushButton::clicked, this, &ErrorBanner::showDetails);
    connect(m_dismiss, &QPushButton::clicked, this, &ErrorBanner::dismiss);
    applyColors();
    hide();
}

void ErrorBanner::post(const QString& summary, const QString& details)
{
    if (!m_queue.isEmpty() && m_queue.back().summary == summary
        && m_queue.back().details == details) {
        ++m_queue.back().repeats;
    } else {
        m_queue.append({summary, details, 1});
    }
    refresh();
    Q_EMIT pendingChanged(pendingCount());
}

void ErrorBanner::dismiss()
{
    if (m_queue.isEmpty()) {
        return;
    }
    m_queue.removeFirst();
    if (m_dialog != nullptr) {
        m_dialog->close();
    }
    refresh();
    Q_EMIT pendingChanged(pendingCount());
}

QString ErrorBanner::currentSummary() const
{
    return m_queue.isEmpty() ? QString() : m_queue.front().summary;
}

QString ErrorBanner::currentDetails() const
{
    if (m_queue.isEmpty()) {
        return {};
    }
    const auto& e = m_queue.front();
    return e.details.isEmpty() ? e.summary : e.summary + QStringLiteral("\n\n") + e.details;
}

int ErrorBanner::currentRepeats() const
{
    return m_queue.isEmpty() ? 0 : m_queue.front().repeats;
}

QString ErrorBanner::text() const
{
    return m_label->text();
}

void ErrorBanner::refresh()
{
    if (m_queue.isEmpty()) {
        m_label->clear();
        hide();
        return;
    }
    const auto& e = m_queue.front();
    QString text = e.summary.section(QLatin1Char('\n'), 0, 0);
    if (e.repeats > 1) {
        text += QStringLiteral("  (×%1)").arg(e.repeats);
    }
    if (m_queue.size() > 1) {
        text += QStringLiteral("  ") + tr("— %n more error(s)", nullptr, int(m_queue.size() - 1));
    }
    m_label->setText(text);
    m_dismiss->setText(m_queue.size() > 1 ? tr("Next") : tr("Dismiss"));
    show();
}

void ErrorBanner::showDetails()
{
    if (m_queue.isEmpty()) {
        return;
    }
    if (m_dialog == nullptr) {
        m_dialog = new QDialog(this);
        m_dialog->setAttribute(Qt::WA_DeleteOnClose);
        m_dialog->setWindowTitle(tr("Error details"));
        m_dialog->setModal(false);
        auto* text = new QPlainTextEdit(m_dialog);
        text->setObjectName(QStringLiteral("details"));
        text->setReadOnly(true);
        auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, m_dialog);
        auto* copy = buttons->addButton(tr("Copy"), QDialogButtonBox::ActionRole);
        connect(copy, &QPushButton::clicked, text,
            [text] { QApplication::clipboard()->setText(text->toPlainText()); });
        connect(buttons, &QDialogButtonBox::rejected, m_dialog, &QDialog::close);
        auto* layout = new QVBoxLayout(m_dialog);
        layout->addWidget(text);
        layout->addWidget(buttons);
        m_dialog->resize(640, 360);
    }
    m_dialog->findChild<QPlainTextEdit*>(QStringLiteral("details"))->setPlainText(currentDetails());
    m_dialog->show(); // show(), never exec(): nothing waits for the dialog
    m_dialog->raise();
}

void ErrorBanner::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange && !m_styling) {
        applyColors();
    }
    QFrame::changeEvent(event);
}

// A red tint of the palette's window colour, readable in light and dark themes.
void ErrorBanner::applyColors()
{
    m_styling = true;
    QPalette p; // only the two roles below are this widget's own; the rest follow the theme
    const QColor window = QApplication::palette().color(QPalette::Window);
    const bool dark = window.lightness() < 128;
    p.setColor(QPalette::Window, dark ? QColor(0x5a, 0x1e, 0x22) : QColor(0xfd, 0xe7, 0xe9));
    p.setColor(QPalette::WindowText, dark ? QColor(0xff, 0xe0, 0xe0) : QColor(0x5f, 0x0b, 0x12));
    setPalette(p);
    m_styling = false;
}

} // namespace kdw::ui
