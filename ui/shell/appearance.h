// SPDX-License-Identifier: MIT
// The workbench's look (issue 15, part 3): a light or a dark theme, following the desktop or
// chosen by the user, and a presentation mode for a projector. Both are applied to the whole
// application (Fusion style, one complete QPalette, the application font) and kept in QSettings
// under "appearance/" (keys below, beside the typed settings of ui/model/settings.h).
//
// Qt 6.4 (Debian 12) has no QStyleHints::colorScheme, so "the system is dark" is decided here from,
// in order: the XDG desktop portal's org.freedesktop.appearance color-scheme (read asynchronously
// over D-Bus, and followed when it changes), QStyleHints::colorScheme
// (Qt >= 6.5), GTK_THEME (e.g. "Adwaita:dark"), and last the platform palette's window lightness.
//
// Presentation mode multiplies the application font and the charts' line widths and fonts by
// kPresentationScale and hides every widget or action whose dynamic property "advanced" is true
// in the windows given to manage(). Other code reads the mode with presentationModeOn().
// GUI thread only.
#pragma once

#include <optional>

#include <QFont>
#include <QList>
#include <QObject>
#include <QPalette>
#include <QPointer>
#include <QString>

#include "ui/model/settings.h"

class QWidget;

namespace kdw::ui {

enum class Theme { System, Light, Dark };

// "system", "light", "dark" (the settings' words) and back; unknown text is Theme::System.
QString themeName(Theme theme);
Theme themeFromName(const QString& name);

namespace settings {
// The chosen theme ("system", "light" or "dark") and whether presentation mode is on.
inline const Setting<QString> theme {QStringLiteral("appearance/theme"), QStringLiteral("system")};
inline const Setting<bool> presentationMode {QStringLiteral("appearance/presentation"), false};
} // namespace settings

// What the desktop says about its colours; each hint may be unknown.
struct SystemColorHints {
    // The portal's color-scheme: 0 no preference, 1 prefer dark, 2 prefer light.
    std::optional<int> portalColorScheme;
    // QStyleHints::colorScheme() on Qt >= 6.5: 1 light, 2 dark (Qt's enum), else unknown.
    std::optional<int> qtColorScheme;
    QString gtkTheme; // the GTK_THEME environment variable
    QColor platformWindow; // the platform palette's Window colour, before any palette was set
};

// True when the desktop prefers dark colours: the first hint that has an opinion decides
// (portal 1/2, then Qt's scheme, then a GTK theme named "...:dark" or "...-dark"), else a
// platform window colour with HSL lightness below 128 (of 255).
bool systemPrefersDark(const SystemColorHints& hints);

// Complete palettes for Fusion: every colour role set in the Active, Inactive and Disabled groups.
// Text on Base and WindowText on Window have a WCAG contrast ratio (charts::contrastRatio) of at
// least 7:1 in both.
QPalette lightPalette();
QPalette darkPalette();

// True while presentation mode is on (an application property; false before any Appearance).
bool presentationModeOn();

// The name of the dynamic property marking a widget or QAction hidden in presentation mode.
inline constexpr const char* kAdvancedProperty = "advanced";

// Hides (on) or shows again (off) the widgets and actions under `window` (and `window`'s own
// actions) marked advanced, and sets its toolbars' icons to kPresentationScale times (or back to)
// the size they had the first time. Only what this function hid is shown again, so a widget
// hidden for another reason stays hidden.
void applyPresentationToWindow(QWidget* window, bool on);

class Appearance : public QObject {
    Q_OBJECT
public:
    static constexpr double kPresentationScale = 1.5;

    // Reads the settings, captures the platform palette and font (so construct it before anything
    // sets a palette or font), sets the Fusion style and applies the theme and mode.
    explicit Appearance(QObject* parent = nullptr);

    [[nodiscard]] Theme theme() const { return m_theme; }
    // Stores the choice in the settings and applies it.
    void setTheme(Theme theme);
    [[nodiscard]] bool presentationMode() const { return m_presentation; }
    void setPresentationMode(bool on);
    // The theme in effect: dark when chosen, or when following a system that prefers dark.
    [[nodiscard]] bool isDark() const;
    [[nodiscard]] const SystemColorHints& systemHints() const { return m_hints; }
    // Replaces what is known of the desktop (tests; the portal's answer) and applies again.
    void setSystemHints(const SystemColorHints& hints);

    // Applies presentation mode to `window` now and on every later change (the window may be
    // destroyed first). Call it again after adding advanced widgets to the window.
    void manage(QWidget* window);

Q_SIGNALS:
    // After the palette, fonts and windows were updated.
    void changed();

private:
    void apply();
    void readPortal();
    // A setting of the XDG desktop portal, read or changed.
    void onPortalSetting(const QString& group, const QString& key, const QVariant& value);

    Theme m_theme = Theme::System;
    bool m_presentation = false;
    SystemColorHints m_hints;
    QFont m_baseFont;
    QList<QPointer<QWidget>> m_windows;
};

} // namespace kdw::ui
