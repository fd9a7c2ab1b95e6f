// SPDX-License-Identifier: MIT
// Themes and presentation mode (ui/shell/appearance.h), the charts' style hooks
// (ui/charts/chart_style.h) and the tinted SVG icons (ui/shell/action_icons.h), offscreen: which
// hints make "the system dark"; both palettes set every role and read at WCAG AA/AAA contrast;
// the theme and the mode reach the application, the settings and a later start; presentation mode
// scales the font and chart lines by 1.5 and hides exactly the advanced widgets and actions; chart
// fonts scale without compounding; run colours are made readable on both backgrounds; icons are
// drawn at 2x in the palette's text colour.
#include <QAction>
#include <QApplication>
#include <QChart>
#include <QLineSeries>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStyle>
#include <QTest>
#include <QToolBar>
#include <QVBoxLayout>
#include <QValueAxis>

#include "ui/charts/chart_style.h"
#include "ui/charts/run_colors.h"
#include "ui/shell/action_icons.h"
#include "ui/shell/appearance.h"

using kdw::ui::Appearance;
using kdw::ui::SystemColorHints;
using kdw::ui::Theme;

namespace {

constexpr std::array kGroups {QPalette::Active, QPalette::Inactive, QPalette::Disabled};

// The share of a pixmap's opaque pixels, and their mean lightness (0..255).
std::pair<int, double> opaquePixels(const QImage& image)
{
    int count = 0;
    double lightness = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (c.alpha() == 255) {
                ++count;
                lightness += c.lightness();
            }
        }
    }
    return {count, count > 0 ? lightness / count : 0.0};
}

} // namespace

class TestAppearance : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QApplication::setOrganizationName(QStringLiteral("kdworkbench-test"));
        QApplication::setApplicationName(QStringLiteral("test_appearance"));
        QSettings().clear();
    }
    void cleanup()
    {
        QSettings().clear();
        kdw::ui::charts::setStyleScale(1.0);
    }

    void systemDarkFollowsTheFirstHintWithAnOpinion()
    {
        using kdw::ui::systemPrefersDark;
        SystemColorHints h;
        QVERIFY(!systemPrefersDark(h)); // nothing known: light
        h.platformWindow = QColor(0x20, 0x20, 0x20);
        QVERIFY(systemPrefersDark(h));
        h.platformWindow = QColor(0xef, 0xef, 0xef);
        QVERIFY(!systemPrefersDark(h));
        h.gtkTheme = QStringLiteral("Adwaita:dark");
        QVERIFY(systemPrefersDark(h));
        h.gtkTheme = QStringLiteral("Yaru-dark");
        QVERIFY(systemPrefersDark(h));
        h.qtColorScheme = 1; // Qt says light: wins over GTK
        QVERIFY(!systemPrefersDark(h));
        h.portalColorScheme = 1; // the portal says dark: wins over Qt
        QVERIFY(systemPrefersDark(h));
        h.portalColorScheme = 0; // no preference: Qt's light again
        QVERIFY(!systemPrefersDark(h));
        h.qtColorScheme.reset();
        h.portalColorScheme = 2; // prefer light, with a dark GTK theme
        QVERIFY(!systemPrefersDark(h));
    }

    void palettesAreCompleteAndReadable()
    {
        for (const auto& [name, p] : {std::pair {"light", kdw::ui::lightPalette()},
                 std::pair {"dark", kdw::ui::darkPalette()}}) {
            for (const auto group : kGroups) {
                for (int r = QPalette::WindowText; r <= QPalette::PlaceholderText; ++r) {
                    const auto role = static_cast<QPalette::ColorRole>(r);
                    if (role == QPalette::NoRole) {
                        continue;
                    }
                    QVERIFY2(p.isBrushSet(group, role),
                        qPrintable(QStringLiteral("%1: role %2 group %3 unset")
                                       .arg(QLatin1String(name))
                                       .arg(r)
                                       .arg(group)));
                }
            }
            using kdw::ui::charts::contrastRatio;
            const auto c = [&p](QPalette::ColorRole fg, QPalette::ColorRole bg) {
                return contrastRatio(p.color(fg), p.color(bg));
            };
            QVERIFY2(c(QPalette::Text, QPalette::Base) >= 7.0, name);
            QVERIFY2(c(QPalette::WindowText, QPalette::Window) >= 7.0, name);
            QVERIFY2(c(QPalette::ButtonText, QPalette::Button) >= 7.0, name);
            QVERIFY2(c(QPalette::ToolTipText, QPalette::ToolTipBase) >= 7.0, name);
            QVERIFY2(c(QPalette::HighlightedText, QPalette::Highlight) >= 4.5, name);
            QVERIFY2(c(QPalette::Link, QPalette::Base) >= 4.5, name);
            QVERIFY2(c(QPalette::PlaceholderText, QPalette::Base) >= 4.5, name);
            // Disabled text is told apart from enabled text, and still legible.
            const double disabled = contrastRatio(p.color(QPalette::Disabled, QPalette::Text),
                p.color(QPalette::Disabled, QPalette::Base));
            QVERIFY2(disabled >= 2.5 && disabled < c(QPalette::Text, QPalette::Base) / 2, name);
        }
        QVERIFY(kdw::ui::lightPalette().color(QPalette::Base).lightness() > 240);
        QVERIFY(kdw::ui::darkPalette().color(QPalette::Base).lightness() < 64);
    }

    void contrastRatioIsWcags()
    {
        using kdw::ui::charts::contrastRatio;
        QCOMPARE(contrastRatio(Qt::black, Qt::white), 21.0);
        QCOMPARE(contrastRatio(Qt::white, Qt::black), 21.0);
        QCOMPARE(contrastRatio(QColor(0x33, 0x66, 0x99), QColor(0x33, 0x66, 0x99)), 1.0);
        // #767676 on white is 4.54:1, the lightest grey passing AA (WebAIM's contrast checker).
        QVERIFY(std::abs(contrastRatio(QColor(0x76, 0x76, 0x76), Qt::white) - 4.54) < 0.01);
    }

    void themeReachesTheApplicationAndTheSettings()
    {
        {
            Appearance a;
            QCOMPARE(a.theme(), Theme::System);
            QCOMPARE(QApplication::style()->name().toLower(), QStringLiteral("fusion"));
            a.setTheme(Theme::Dark);
            QVERIFY(a.isDark());
            QCOMPARE(QApplication::palette().color(QPalette::Base),
                kdw::ui::darkPalette().color(QPalette::Base));
            QCOMPARE(kdw::ui::settings::theme.value(), QStringLiteral("dark"));
        }
        Appearance later; // a later start reads the choice back
        QCOMPARE(later.theme(), Theme::Dark);
        QVERIFY(later.isDark());
        later.setTheme(Theme::Light);
        QCOMPARE(QApplication::palette().color(QPalette::Window),
            kdw::ui::lightPalette().color(QPalette::Window));
        QCOMPARE(kdw::ui::settings::theme.value(), QStringLiteral("light"));
    }

    void systemThemeFollowsTheHints()
    {
        Appearance a;
        a.setTheme(Theme::System);
        SystemColorHints h;
        h.portalColorScheme = 1;
        a.setSystemHints(h);
        QVERIFY(a.isDark());
        QCOMPARE(QApplication::palette().color(QPalette::Window),
            kdw::ui::darkPalette().color(QPalette::Window));
        h.portalColorScheme = 2;
        a.setSystemHints(h);
        QVERIFY(!a.isDark());
        QCOMPARE(QApplication::palette().color(QPalette::Window),
            kdw::ui::lightPalette().color(QPalette::Window));
        a.setTheme(Theme::Dark); // the override wins over a light system
        QVERIFY(a.isDark());
    }

    void presentationModeScalesAndHidesTheAdvanced()
    {
        QWidget window;
        auto* layout = new QVBoxLayout(&window);
        auto* basic = new QSpinBox(&window);
        auto* advanced = new QSpinBox(&window);
        advanced->setProperty(kdw::ui::kAdvancedProperty, true);
        auto* hiddenAdvanced = new QSpinBox(&window); // hidden for another reason
        hiddenAdvanced->setProperty(kdw::ui::kAdvancedProperty, true);
        hiddenAdvanced->hide();
        for (auto* w : {basic, advanced, hiddenAdvanced}) {
            layout->addWidget(w);
        }
        auto* bar = new QToolBar(&window);
        bar->setIconSize(QSize(24, 24));
        layout->addWidget(bar);
        auto* advancedAction = new QAction(QStringLiteral("Tune"), &window);
        advancedAction->setProperty(kdw::ui::kAdvancedProperty, true);
        window.addAction(advancedAction);
        window.show();

        Appearance a;
        const double basePt = QApplication::font().pointSizeF();
        a.manage(&window);
        QVERIFY(!kdw::ui::presentationModeOn());
        QVERIFY(advanced->isVisible());

        a.setPresentationMode(true);
        QVERIFY(kdw::ui::presentationModeOn());
        QCOMPARE(QApplication::font().pointSizeF(), basePt * 1.5);
        QCOMPARE(kdw::ui::charts::styleScale(), 1.5);
        QCOMPARE(kdw::ui::charts::lineWidth(2.0), 3.0);
        QVERIFY(basic->isVisible());
        QVERIFY(!advanced->isVisible());
        QVERIFY(!advancedAction->isVisible());
        QCOMPARE(bar->iconSize(), QSize(36, 36));
        QVERIFY(kdw::ui::settings::presentationMode.value());

        a.setPresentationMode(false);
        QCOMPARE(QApplication::font().pointSizeF(), basePt);
        QCOMPARE(kdw::ui::charts::lineWidth(2.0), 2.0);
        QVERIFY(advanced->isVisible());
        QVERIFY(advancedAction->isVisible());
        QCOMPARE(bar->iconSize(), QSize(24, 24));
        QVERIFY(hiddenAdvanced->isHidden()); // not shown by the mode that did not hide it
        QVERIFY(!kdw::ui::settings::presentationMode.value());
    }

    void presentationModeIsRestoredAtStart()
    {
        const double basePt = QApplication::font().pointSizeF();
        kdw::ui::settings::presentationMode.setValue(true);
        {
            Appearance a;
            QVERIFY(a.presentationMode());
            QCOMPARE(QApplication::font().pointSizeF(), basePt * 1.5);
            a.setPresentationMode(false);
        }
        QCOMPARE(QApplication::font().pointSizeF(), basePt);
    }

    void chartFontsScaleWithoutCompounding()
    {
        using namespace kdw::ui::charts;
        QChart chart;
        auto* series = new QLineSeries;
        chart.addSeries(series);
        auto* axis = new QValueAxis;
        chart.addAxis(axis, Qt::AlignLeft);
        const QPalette p = kdw::ui::darkPalette();
        applyPalette(&chart, p);
        const double labelPt = axis->labelsFont().pointSizeF();
        const double titlePt = chart.titleFont().pointSizeF();
        QVERIFY(labelPt > 0);
        QCOMPARE(axis->labelsColor(), p.color(QPalette::Text));
        setStyleScale(1.5);
        applyPalette(&chart, p);
        applyPalette(&chart, p); // twice: still 1.5x, not 2.25x
        QCOMPARE(axis->labelsFont().pointSizeF(), labelPt * 1.5);
        QCOMPARE(chart.titleFont().pointSizeF(), titlePt * 1.5);
        setStyleScale(1.0);
        applyPalette(&chart, p);
        QCOMPARE(axis->labelsFont().pointSizeF(), labelPt);

        QEvent font(QEvent::FontChange);
        QEvent palette(QEvent::PaletteChange);
        QEvent resize(QEvent::Resize);
        QVERIFY(isStyleChange(&font));
        QVERIFY(isStyleChange(&palette));
        QVERIFY(!isStyleChange(&resize));
    }

    // Tableau 10's olive and cyan fall under 3:1 on white; readableOn darkens them (hue kept).
    void runColoursAreMadeReadableOnBothBackgrounds()
    {
        using namespace kdw::ui::charts;
        using kdw::ui::charts::contrastRatio;
        int failingRaw = 0;
        for (const auto& p : {kdw::ui::lightPalette(), kdw::ui::darkPalette()}) {
            const QColor base = p.color(QPalette::Base);
            for (int i = 0; i < 10; ++i) {
                const QColor raw = runColor(i, p);
                failingRaw += contrastRatio(raw, base) < 3.0 ? 1 : 0;
                const QColor fixed = readableOn(raw, base);
                QVERIFY2(contrastRatio(fixed, base) >= 3.0, qPrintable(raw.name()));
                if (contrastRatio(raw, base) >= 3.0) {
                    QCOMPARE(fixed, raw);
                } else if (raw.hsvHue() >= 0) {
                    QVERIFY(std::abs(fixed.hsvHue() - raw.hsvHue()) <= 3);
                }
            }
        }
        qInfo("run colours under 3:1 before readableOn: %d of 20", failingRaw);
        QVERIFY(failingRaw > 0); // the hook has work to do (else this test proves nothing)
    }

    void iconsAreDrawnAt2xInThePalettesTextColour()
    {
        for (const auto icon : {kdw::ui::ActionIcon::Run, kdw::ui::ActionIcon::QueueAdd,
                 kdw::ui::ActionIcon::Pause, kdw::ui::ActionIcon::Resume,
                 kdw::ui::ActionIcon::Cancel, kdw::ui::ActionIcon::Compare,
                 kdw::ui::ActionIcon::Export, kdw::ui::ActionIcon::Filter,
                 kdw::ui::ActionIcon::Presentation, kdw::ui::ActionIcon::Theme}) {
            QVERIFY2(
                !kdw::ui::actionIcon(icon).isNull(), qPrintable(kdw::ui::actionIconPath(icon)));
        }
        const QIcon run = kdw::ui::actionIcon(kdw::ui::ActionIcon::Run);
        QApplication::setPalette(kdw::ui::lightPalette());
        const QPixmap one = run.pixmap(QSize(24, 24), 1.0);
        const QPixmap two = run.pixmap(QSize(24, 24), 2.0);
        QCOMPARE(one.size(), QSize(24, 24));
        QCOMPARE(two.size(), QSize(48, 48)); // drawn at 2x, not scaled up from 1x
        QCOMPARE(two.devicePixelRatio(), 2.0);
        const auto [lightCount1, lightOnLight1] = opaquePixels(one.toImage());
        const auto [lightCount, lightOnLight] = opaquePixels(two.toImage());
        // The triangle covers the same share of the icon at both sizes: about 4x the pixels.
        QVERIFY(lightCount > 3 * lightCount1 && lightCount < 5 * lightCount1);
        QVERIFY(lightOnLight < 60); // dark glyph on a light theme
        QApplication::setPalette(kdw::ui::darkPalette());
        const auto [darkCount, darkLightness]
            = opaquePixels(run.pixmap(QSize(24, 24), 2.0).toImage());
        QVERIFY(darkCount > 0);
        QVERIFY(darkLightness > 200); // light glyph on a dark theme
        Q_UNUSED(lightOnLight1);
    }
};

QTEST_MAIN(TestAppearance)
#include "test_appearance.moc"
