// SPDX-License-Identifier: MIT
#include "ui/designer/field_boxes.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include <QApplication>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QPalette>
#include <QSlider>
#include <QSpinBox>

#include "core/train/config.h"

namespace kdw::ui {
namespace {

// A problem's note: its text in errorColour() of the palette it inherits, chosen again at every
// change of palette (a colour fixed at build stayed the light theme's dark red on the dark theme).
class ProblemNote : public QLabel {
public:
    ProblemNote() { restyle(); }

protected:
    void changeEvent(QEvent* event) override
    {
        QLabel::changeEvent(event);
        if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ParentChange) {
            restyle();
        }
    }

private:
    void restyle()
    {
        const QPalette inherited
            = parentWidget() == nullptr ? QApplication::palette(this) : parentWidget()->palette();
        const QColor red = errorColour(inherited);
        if (palette().color(QPalette::WindowText) == red) {
            return; // setPalette would send PaletteChange again
        }
        QPalette p = palette();
        p.setColor(QPalette::WindowText, red);
        setPalette(p);
    }
};

std::optional<double> number(const std::string& word)
{
    std::istringstream in(word);
    double v = 0.0;
    if (!(in >> v) || !in.eof()) {
        return std::nullopt;
    }
    return v;
}

const train::ConfigFieldInfo* schemaField(const std::string& path)
{
    static const auto schema = train::configSchema();
    const auto it = std::find_if(
        schema.begin(), schema.end(), [&path](const auto& f) { return f.path == path; });
    return it == schema.end() ? nullptr : &*it;
}

std::optional<SchemaBounds> parseBounds(const std::string& r)
{
    SchemaBounds b;
    if (r.starts_with("between ")) {
        const auto and_ = r.find(" and ");
        if (and_ == std::string::npos) {
            return std::nullopt;
        }
        b.lo = number(r.substr(8, and_ - 8));
        b.hi = number(r.substr(and_ + 5));
    } else if (r.starts_with("in ") && r.size() > 5 && (r[3] == '[' || r[3] == '(')) {
        const auto comma = r.find(", ");
        if (comma == std::string::npos) {
            return std::nullopt;
        }
        b.loOpen = r[3] == '(';
        b.hiOpen = r.back() == ')';
        b.lo = number(r.substr(4, comma - 4));
        b.hi = number(r.substr(comma + 2, r.size() - comma - 3));
    } else if (r.starts_with(">= ")) {
        b.lo = number(r.substr(3));
    } else if (r.starts_with("> ")) {
        b.lo = number(r.substr(2));
        b.loOpen = true;
    } else {
        return std::nullopt;
    }
    return b;
}

// The box's own range: from 0 (or below a negative bound) to ten times the upper bound.
std::pair<double, double> boxRange(const std::optional<SchemaBounds>& b, double fallbackMax)
{
    const double lo = b && b->lo && *b->lo < 0 ? *b->lo * 10 : 0.0;
    const double hi = b && b->hi ? std::max(*b->hi * 10, 1.0) : fallbackMax;
    return {lo, hi};
}

double linear(unsigned channel)
{
    const double c = channel / 255.0;
    return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double luminance(unsigned rgb)
{
    return 0.2126 * linear((rgb >> 16) & 0xffU) + 0.7152 * linear((rgb >> 8) & 0xffU)
        + 0.0722 * linear(rgb & 0xffU);
}

} // namespace

std::optional<SchemaBounds> schemaBounds(const std::string& path)
{
    const auto* f = schemaField(path);
    return f == nullptr ? std::nullopt : parseBounds(f->range);
}

QString schemaRange(const std::string& path)
{
    const auto* f = schemaField(path);
    return f == nullptr ? QString() : QString::fromStdString(f->range);
}

QString schemaMeaning(const std::string& path)
{
    const auto* f = schemaField(path);
    return f == nullptr ? QString() : QString::fromStdString(f->meaning);
}

QDoubleSpinBox* numberBox(const std::string& path, int decimals, double step)
{
    auto* box = new QDoubleSpinBox();
    box->setDecimals(decimals);
    box->setSingleStep(step);
    box->setKeyboardTracking(false);
    const auto b = schemaBounds(path);
    const auto [lo, hi] = boxRange(b, 1e6);
    box->setRange(lo, hi);
    const double resolution = std::pow(10.0, -decimals);
    if (b && b->lo) {
        box->setProperty("validMinimum", *b->lo + (b->loOpen ? resolution : 0.0));
    }
    if (b && b->hi) {
        box->setProperty("validMaximum", *b->hi - (b->hiOpen ? resolution : 0.0));
    }
    return box;
}

QSpinBox* integerBox(const std::string& path)
{
    auto* box = new QSpinBox();
    box->setKeyboardTracking(false);
    const auto b = schemaBounds(path);
    const auto [lo, hi] = boxRange(b, 1e9);
    box->setRange(static_cast<int>(lo), static_cast<int>(std::min(hi, 2e9)));
    if (b && b->lo) {
        box->setProperty("validMinimum",
            static_cast<int>(std::ceil(*b->lo)) + (b->loOpen && std::ceil(*b->lo) == *b->lo));
    }
    if (b && b->hi) {
        box->setProperty("validMaximum",
            static_cast<int>(std::floor(*b->hi)) - (b->hiOpen && std::floor(*b->hi) == *b->hi));
    }
    return box;
}

QSlider* temperatureSlider()
{
    auto* slider = new QSlider(Qt::Horizontal);
    slider->setRange(0, kSliderSteps);
    slider->setPageStep(kSliderSteps / 10);
    return slider;
}

int sliderPosition(double temperature)
{
    const double t = std::clamp(temperature, kMinSliderTemperature, kMaxSliderTemperature);
    const double span = std::log(kMaxSliderTemperature / kMinSliderTemperature);
    return static_cast<int>(std::lround(std::log(t / kMinSliderTemperature) / span * kSliderSteps));
}

double sliderTemperature(int position)
{
    const double span = std::log(kMaxSliderTemperature / kMinSliderTemperature);
    const double t = kMinSliderTemperature * std::exp(span * position / kSliderSteps);
    return std::round(t * 100.0) / 100.0; // the spin box's resolution
}

double contrastRatio(unsigned rgbA, unsigned rgbB)
{
    const double a = luminance(rgbA);
    const double b = luminance(rgbB);
    return (std::max(a, b) + 0.05) / (std::min(a, b) + 0.05);
}

QLabel* mutedLabel(const QString& text)
{
    auto* label = new QLabel(text);
    label->setWordWrap(true);
    // A role, not a colour fixed at build: it follows the theme (a palette copied here kept the
    // light theme's grey, unreadable on the dark theme's background).
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

QColor errorColour(const QPalette& p)
{
    return p.color(QPalette::Window).lightness() < 128 ? QColor(255, 138, 128) : QColor(176, 0, 32);
}

QLabel* problemNote()
{
    auto* note = new ProblemNote();
    note->setWordWrap(true);
    note->setObjectName(QStringLiteral("problemNote"));
    note->hide();
    return note;
}

void ProblemMarks::add(const std::string& path, QWidget* field, QLabel* note)
{
    m_marks.push_back({path, field, note});
}

int ProblemMarks::show(const QList<FormProblem>& problems)
{
    int shown = 0;
    for (const auto& m : m_marks) {
        QStringList sentences;
        for (const auto& p : problems) {
            if (concerns(p, m.path)) {
                sentences << p.message;
            }
        }
        const bool flagged = !sentences.isEmpty();
        m.note->setText(sentences.join(QLatin1Char('\n')));
        // Some forms do not ask a wrapped label for its height: reserve it.
        const int width = m.note->parentWidget() == nullptr ? 0 : m.note->parentWidget()->width();
        m.note->setMinimumHeight(flagged ? m.note->heightForWidth(std::max(width - 40, 200)) : 0);
        // A note that is a row of a form is shown as a row, so the form makes room for it.
        auto* form = m.note->parentWidget() == nullptr
            ? nullptr
            : qobject_cast<QFormLayout*>(m.note->parentWidget()->layout());
        if (form != nullptr && form->indexOf(m.note) >= 0) {
            form->setRowVisible(m.note, flagged);
        } else {
            m.note->setVisible(flagged);
        }
        if (m.field != nullptr) {
            m.field->setStyleSheet(flagged ? QStringLiteral("border: 1px solid %1;")
                                                 .arg(errorColour(m.field->palette()).name())
                                           : QString());
        }
        shown += flagged ? 1 : 0;
    }
    return shown;
}

} // namespace kdw::ui
