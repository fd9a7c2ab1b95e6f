// SPDX-License-Identifier: MIT
// The experiment designer in the dark theme and in presentation mode (issue 15 polish), offscreen
// with the window's own Appearance (ui/shell/appearance.h): after a switch from the light theme,
// every visible, enabled QLabel of every page of the form has text (its palette's foreground role,
// and any colour named in its rich text) at a WCAG contrast of at least 4.5:1 against both Window
// and Base (a label is drawn on one of them, in a page or a scroll area); a problem's note is
// readable in the light and the dark theme and follows a change of theme; presentation mode
// enlarges the method's formula with the other text. With KDW_SCREENSHOT_DIR set, the form in dark
// at 1280x720 is saved there as PNG.
#include <algorithm>
#include <memory>

#include <QFontInfo>
#include <QLabel>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>

#include "tests/support/configs.h"
#include "tests/support/screenshots.h"
#include "ui/designer/experiment_form.h"
#include "ui/designer/field_boxes.h"
#include "ui/designer/method_pages.h"
#include "ui/model/experiment_document.h"
#include "ui/shell/appearance.h"

using kdw::ui::Appearance;
using kdw::ui::ExperimentDocument;
using kdw::ui::ExperimentForm;
using kdw::ui::Theme;

namespace {

constexpr double kMinimumContrast = 4.5; // WCAG 2 AA for body text

double contrast(const QColor& a, const QColor& b)
{
    return kdw::ui::contrastRatio(a.rgb() & 0xffffffU, b.rgb() & 0xffffffU);
}

// The colours `label` draws its text in: its palette's foreground role and every colour its rich
// text names (color="…" or color: …), except a span that is only a swatch glyph (■).
QList<QColor> textColours(const QLabel& label)
{
    QList<QColor> colours {label.palette().color(label.foregroundRole())};
    static const QRegularExpression named(
        QStringLiteral(R"re(color\s*[:=]\s*"?([#\w]+)"?[^>]*>([^<]*))re"));
    for (auto it = named.globalMatch(label.text()); it.hasNext();) {
        const auto m = it.next();
        if (m.captured(2).trimmed() != QStringLiteral("\u25a0")) {
            colours << QColor(m.captured(1));
        }
    }
    return colours;
}

// One line per visible, enabled label of `root` whose text is below kMinimumContrast.
QStringList unreadableLabels(QWidget* root)
{
    QStringList bad;
    for (auto* label : root->findChildren<QLabel*>()) {
        if (!label->isVisible() || !label->isEnabled() || label->text().isEmpty()) {
            continue;
        }
        const QPalette p = label->palette();
        for (const QColor& c : textColours(*label)) {
            const double worst = std::min(
                contrast(c, p.color(QPalette::Window)), contrast(c, p.color(QPalette::Base)));
            if (worst < kMinimumContrast) {
                bad << QStringLiteral("%1 \"%2\": %3 at %4:1")
                           .arg(label->objectName(), label->text().left(50), c.name())
                           .arg(worst, 0, 'f', 2);
            }
        }
    }
    return bad;
}

} // namespace

class DesignerThemeTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_appearance = std::make_unique<Appearance>();
    }

    void everyLabelOfEveryPageIsReadableInTheDarkTheme()
    {
        // Built in the light theme, then switched (View > Theme): colours taken at construction
        // would stay the light theme's.
        m_appearance->setPresentationMode(false);
        m_appearance->setTheme(Theme::Light);
        ExperimentDocument doc;
        doc.load(kdw::test::tinyConfig("soft_target"), QStringLiteral("load"));
        ExperimentForm form(doc);
        form.resize(470, 900);
        form.show();
        QVERIFY(QTest::qWaitForWindowExposed(&form));
        m_appearance->setTheme(Theme::Dark);
        QVERIFY(m_appearance->isDark());
        QCoreApplication::processEvents();
        int checked = 0;
        for (int page = 0; page < form.pages()->count(); ++page) {
            form.pages()->setCurrentIndex(page);
            QCoreApplication::processEvents();
            const QStringList bad = unreadableLabels(&form);
            QVERIFY2(bad.isEmpty(),
                qPrintable(form.pages()->tabText(page) + QStringLiteral(": ")
                    + bad.join(QStringLiteral("; "))));
            checked += static_cast<int>(form.findChildren<QLabel*>().size());
        }
        QVERIFY(checked > 20); // the pages were really there
        const QString dir = qEnvironmentVariable("KDW_SCREENSHOT_DIR");
        if (!dir.isEmpty()) {
            form.pages()->setCurrentIndex(0);
            QVERIFY(kdw::test::saveGrab(
                form, QSize(1280, 720), dir + QStringLiteral("/designer-1280x720-dark.png")));
        }
    }

    void aProblemNoteFollowsTheTheme()
    {
        m_appearance->setPresentationMode(false);
        m_appearance->setTheme(Theme::Light);
        QWidget parent;
        QLabel* note = kdw::ui::problemNote();
        note->setParent(&parent);
        note->setText(QStringLiteral("the temperature must be positive"));
        const auto readable = [&] {
            const QPalette p = note->palette();
            return contrast(p.color(QPalette::WindowText), p.color(QPalette::Window));
        };
        QVERIFY2(readable() >= kMinimumContrast, qPrintable(QString::number(readable())));
        const QColor lightRed = note->palette().color(QPalette::WindowText);
        m_appearance->setTheme(Theme::Dark);
        QCoreApplication::processEvents();
        QVERIFY2(readable() >= kMinimumContrast, qPrintable(QString::number(readable())));
        QVERIFY(note->palette().color(QPalette::WindowText) != lightRed);
    }

    void presentationModeEnlargesTheFormula()
    {
        m_appearance->setTheme(Theme::Dark);
        m_appearance->setPresentationMode(false);
        ExperimentDocument doc;
        doc.load(kdw::test::tinyConfig("soft_target"), QStringLiteral("load"));
        ExperimentForm form(doc);
        form.methodPages()->showMethod(kdw::train::Method::SoftTarget);
        form.show();
        QVERIFY(QTest::qWaitForWindowExposed(&form));
        QLabel* formula = nullptr;
        for (auto* l : form.findChildren<QLabel*>(QStringLiteral("formula"))) {
            formula = l->isVisible() ? l : formula;
        }
        QVERIFY(formula != nullptr);
        const double before = QFontInfo(formula->font()).pointSizeF();
        const double body = QFontInfo(form.font()).pointSizeF();
        m_appearance->setPresentationMode(true);
        QCoreApplication::processEvents();
        const double after = QFontInfo(formula->font()).pointSizeF();
        QVERIFY2(after >= before * 1.3,
            qPrintable(QStringLiteral("%1 -> %2 pt").arg(before).arg(after)));
        // It grows as the text around it does.
        QCOMPARE(
            qRound(after / before * 10), qRound(QFontInfo(form.font()).pointSizeF() / body * 10));
        QVERIFY(formula->font().styleHint() == QFont::Monospace
            || QFontInfo(formula->font()).fixedPitch());
        m_appearance->setPresentationMode(false);
    }

    void cleanupTestCase() { m_appearance.reset(); }

private:
    std::unique_ptr<Appearance> m_appearance;
};

QTEST_MAIN(DesignerThemeTest)
#include "test_designer_theme.moc"
