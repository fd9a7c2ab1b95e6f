// SPDX-License-Identifier: MIT
// Building blocks of the designer's forms: number boxes whose valid range comes from
// configSchema() (and which accept a value outside it, so that the form flags it instead of
// clamping it), the temperature's logarithmic slider, muted help text at readable contrast, and
// the problem notes shown next to the fields they concern. GUI thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <QColor>
#include <QList>
#include <QPalette>
#include <QString>

#include "ui/model/experiment_problems.h"

class QDoubleSpinBox;
class QLabel;
class QSlider;
class QSpinBox;
class QWidget;

namespace kdw::ui {

// The bounds a config field's schema range states ("between 1 and 100000", "in (0, 100)",
// ">= 0", "> 0"); a bound given in words ("between 0 and eval_negatives") is left open.
struct SchemaBounds {
    std::optional<double> lo;
    std::optional<double> hi;
    bool loOpen = false;
    bool hiOpen = false;
};
std::optional<SchemaBounds> schemaBounds(const std::string& path);
// The schema's range and meaning of a field, "" when it states none.
QString schemaRange(const std::string& path);
QString schemaMeaning(const std::string& path);

// Spin boxes for a config field. Their own range reaches beyond the schema's (down to 0 or the
// lower bound, up to ten times the upper), so an out-of-range value reaches the document and is
// flagged; the schema's bounds are kept as the properties "validMinimum" and "validMaximum"
// (open ends stepped in by the box's resolution). No keyboard tracking: a typed value is one edit.
QDoubleSpinBox* numberBox(const std::string& path, int decimals, double step);
QSpinBox* integerBox(const std::string& path);

// The temperature's slider: logarithmic from kMinSliderTemperature to kMaxSliderTemperature over
// the positions 0..kSliderSteps.
inline constexpr double kMinSliderTemperature = 0.5;
inline constexpr double kMaxSliderTemperature = 20.0;
inline constexpr int kSliderSteps = 1000;
QSlider* temperatureSlider();
int sliderPosition(double temperature); // clamped to the slider's ends
double sliderTemperature(int position);

// Help and size text, drawn in the palette's PlaceholderText role (a role, not a colour: it follows
// a change of theme); ui/shell/appearance.h's palettes keep it at a contrast of at least 4.5:1
// (WCAG AA) on Window and Base. Rich text given here must carry no colour of its own.
QLabel* mutedLabel(const QString& text = {});
// A red readable on `p`'s Window (contrast above 4.5:1 on a light and on a dark window): problem
// notes and the frames of flagged fields.
QColor errorColour(const QPalette& p);
// WCAG 2 contrast ratio of two colours given as 0xRRGGBB (1 to 21).
double contrastRatio(unsigned rgbA, unsigned rgbB);

// The fields of one view and the notes under them: each field is flagged (red frame, note with the
// problem's sentence) while a problem concerns its config path.
class ProblemMarks {
public:
    // `note` is a label placed under `field` (problemNote()); both are owned by their parents.
    // A null `field` is not framed (a whole panel): the note alone says it.
    void add(const std::string& path, QWidget* field, QLabel* note);
    // Flags the fields `problems` concern and clears the others; returns the problems shown.
    int show(const QList<FormProblem>& problems);

private:
    struct Mark {
        std::string path;
        QWidget* field;
        QLabel* note;
    };
    std::vector<Mark> m_marks;
};

// A hidden, word-wrapped label in the problem colour (dark red, 7:1 on light backgrounds).
QLabel* problemNote();

} // namespace kdw::ui
