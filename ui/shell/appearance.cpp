// SPDX-License-Identifier: MIT
#include "ui/shell/appearance.h"

#include <cmath>
#include <functional>

#include <QAction>
#include <QApplication>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>
#include <QEvent>
#include <QStyle>
#include <QStyleFactory>
#include <QStyleHints>
#include <QToolBar>
#include <QWidget>

#include "ui/charts/chart_style.h"

namespace kdw::ui {

namespace {

constexpr const char* kHiddenByPresentation = "kdwHiddenByPresentation";
constexpr const char* kPresentationAppProperty = "kdwPresentationMode";
constexpr const char* kBaseIconSize = "kdwBaseIconSize";

// Sets `color` for `role` in the Active and Inactive groups, and `disabled` in the Disabled one.
void setRole(QPalette& p, QPalette::ColorRole role, const QColor& color, const QColor& disabled)
{
    p.setColor(QPalette::Active, role, color);
    p.setColor(QPalette::Inactive, role, color);
    p.setColor(QPalette::Disabled, role, disabled);
}

struct PaletteColors {
    QColor window, base, alternateBase, text, disabledText, button, light, midlight, mid, dark,
        shadow, highlight, highlightedText, link, linkVisited, toolTipBase, toolTipText,
        placeholder, brightText;
};

QPalette makePalette(const PaletteColors& c)
{
    QPalette p;
    setRole(p, QPalette::Window, c.window, c.window);
    setRole(p, QPalette::WindowText, c.text, c.disabledText);
    setRole(p, QPalette::Base, c.base, c.window);
    setRole(p, QPalette::AlternateBase, c.alternateBase, c.window);
    setRole(p, QPalette::Text, c.text, c.disabledText);
    setRole(p, QPalette::Button, c.button, c.window);
    setRole(p, QPalette::ButtonText, c.text, c.disabledText);
    setRole(p, QPalette::BrightText, c.brightText, c.brightText);
    setRole(p, QPalette::Light, c.light, c.light);
    setRole(p, QPalette::Midlight, c.midlight, c.midlight);
    setRole(p, QPalette::Mid, c.mid, c.mid);
    setRole(p, QPalette::Dark, c.dark, c.dark);
    setRole(p, QPalette::Shadow, c.shadow, c.shadow);
    setRole(p, QPalette::Highlight, c.highlight, c.mid);
    setRole(p, QPalette::HighlightedText, c.highlightedText, c.disabledText);
    setRole(p, QPalette::Link, c.link, c.disabledText);
    setRole(p, QPalette::LinkVisited, c.linkVisited, c.disabledText);
    setRole(p, QPalette::ToolTipBase, c.toolTipBase, c.toolTipBase);
    setRole(p, QPalette::ToolTipText, c.toolTipText, c.toolTipText);
    setRole(p, QPalette::PlaceholderText, c.placeholder, c.disabledText);
    // Inactive selections stay visible but quieter (as Fusion's own palette does).
    QColor inactiveHighlight = c.highlight;
    inactiveHighlight.setAlpha(200);
    p.setColor(QPalette::Inactive, QPalette::Highlight, inactiveHighlight);
    return p;
}

bool gtkThemeIsDark(const QString& gtkTheme)
{
    const QString t = gtkTheme.toLower();
    return t.endsWith(QStringLiteral(":dark")) || t.endsWith(QStringLiteral("-dark"));
}

SystemColorHints currentHints()
{
    SystemColorHints h;
    // Before anything set a palette, the application palette is the platform's.
    h.platformWindow = QGuiApplication::palette().color(QPalette::Window);
    h.gtkTheme = qEnvironmentVariable("GTK_THEME");
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    const auto scheme = QGuiApplication::styleHints()->colorScheme();
    if (scheme != Qt::ColorScheme::Unknown) {
        h.qtColorScheme = static_cast<int>(scheme);
    }
#endif
    return h;
}

// Receives the portal's SettingChanged signal: QDBusConnection connects signals to slots by name
// only (it has no functor overload), so the slot lives here rather than in Appearance's header.
class PortalListener : public QObject {
    Q_OBJECT
public:
    using Handler = std::function<void(const QString&, const QString&, const QVariant&)>;
    PortalListener(Handler handler, QObject* parent)
        : QObject(parent)
        , m_handler(std::move(handler))
    {
    }

public Q_SLOTS:
    void settingChanged(const QString& group, const QString& key, const QDBusVariant& value)
    {
        m_handler(group, key, value.variant());
    }

private:
    Handler m_handler;
};

} // namespace

QString themeName(Theme theme)
{
    switch (theme) {
    case Theme::Light:
        return QStringLiteral("light");
    case Theme::Dark:
        return QStringLiteral("dark");
    case Theme::System:
        break;
    }
    return QStringLiteral("system");
}

Theme themeFromName(const QString& name)
{
    if (name == QLatin1String("light")) {
        return Theme::Light;
    }
    if (name == QLatin1String("dark")) {
        return Theme::Dark;
    }
    return Theme::System;
}

bool systemPrefersDark(const SystemColorHints& hints)
{
    if (hints.portalColorScheme == 1 || hints.portalColorScheme == 2) {
        return *hints.portalColorScheme == 1;
    }
    if (hints.qtColorScheme == 1 || hints.qtColorScheme == 2) {
        return *hints.qtColorScheme == 2;
    }
    if (gtkThemeIsDark(hints.gtkTheme)) {
        return true;
    }
    return hints.platformWindow.isValid() && hints.platformWindow.lightness() < 128;
}

QPalette lightPalette()
{
    PaletteColors c;
    c.window = QColor(0xef, 0xf0, 0xf1);
    c.base = QColor(0xff, 0xff, 0xff);
    c.alternateBase = QColor(0xf4, 0xf5, 0xf6);
    c.text = QColor(0x1b, 0x1d, 0x20);
    c.disabledText = QColor(0x8a, 0x8d, 0x91);
    c.button = QColor(0xf6, 0xf7, 0xf8);
    c.light = QColor(0xff, 0xff, 0xff);
    c.midlight = QColor(0xe1, 0xe3, 0xe5);
    c.mid = QColor(0xb8, 0xbb, 0xbf);
    c.dark = QColor(0x8f, 0x93, 0x98);
    c.shadow = QColor(0x5c, 0x5f, 0x63);
    c.highlight = QColor(0x2f, 0x6f, 0xb5);
    c.highlightedText = QColor(0xff, 0xff, 0xff);
    c.link = QColor(0x1d, 0x5b, 0xa8);
    c.linkVisited = QColor(0x6a, 0x3d, 0x9a);
    c.toolTipBase = QColor(0xff, 0xfb, 0xe6);
    c.toolTipText = c.text;
    c.placeholder = QColor(0x6f, 0x73, 0x78);
    c.brightText = QColor(0xff, 0xff, 0xff);
    return makePalette(c);
}

QPalette darkPalette()
{
    PaletteColors c;
    c.window = QColor(0x2b, 0x2d, 0x30);
    c.base = QColor(0x1e, 0x1f, 0x22);
    c.alternateBase = QColor(0x26, 0x28, 0x2b);
    c.text = QColor(0xe8, 0xe9, 0xea);
    c.disabledText = QColor(0x7d, 0x80, 0x85);
    c.button = QColor(0x35, 0x37, 0x3b);
    c.light = QColor(0x4a, 0x4d, 0x52);
    c.midlight = QColor(0x3e, 0x41, 0x45);
    c.mid = QColor(0x5a, 0x5d, 0x62);
    c.dark = QColor(0x19, 0x1a, 0x1c);
    c.shadow = QColor(0x0c, 0x0c, 0x0d);
    c.highlight = QColor(0x35, 0x73, 0xb8);
    c.highlightedText = QColor(0xff, 0xff, 0xff);
    c.link = QColor(0x7c, 0xb4, 0xff);
    c.linkVisited = QColor(0xc3, 0x9b, 0xf0);
    c.toolTipBase = QColor(0x35, 0x37, 0x3b);
    c.toolTipText = c.text;
    c.placeholder = QColor(0x9a, 0x9d, 0xa2);
    c.brightText = QColor(0xff, 0xff, 0xff);
    return makePalette(c);
}

bool presentationModeOn()
{
    return qApp != nullptr && qApp->property(kPresentationAppProperty).toBool();
}

namespace {

// Hides `object` (a QWidget or a QAction) when on and marked advanced, if `shown`; shows it again
// when off and this function hid it.
void applyTo(QObject* object, bool shown, bool on, const std::function<void(bool)>& setVisible)
{
    if (!object->property(kAdvancedProperty).toBool()) {
        return;
    }
    if (on && shown) {
        object->setProperty(kHiddenByPresentation, true);
        setVisible(false);
    } else if (!on && object->property(kHiddenByPresentation).toBool()) {
        object->setProperty(kHiddenByPresentation, QVariant());
        setVisible(true);
    }
}

} // namespace

void applyPresentationToWindow(QWidget* window, bool on)
{
    if (window == nullptr) {
        return;
    }
    // isHidden() rather than isVisible(): a window not shown yet still has its children "shown".
    const auto widgets = window->findChildren<QWidget*>();
    for (auto* w : widgets) {
        applyTo(w, !w->isHidden(), on, [w](bool v) { w->setVisible(v); });
    }
    auto actions = window->findChildren<QAction*>();
    for (auto* a : window->actions()) {
        if (!actions.contains(a)) {
            actions.append(a);
        }
    }
    for (auto* a : std::as_const(actions)) {
        applyTo(a, a->isVisible(), on, [a](bool v) { a->setVisible(v); });
    }
    // Toolbar icons grow with the text (the SVG icons stay sharp at any size).
    for (auto* bar : window->findChildren<QToolBar*>()) {
        QVariant base = bar->property(kBaseIconSize);
        if (!base.isValid()) {
            base = bar->iconSize();
            bar->setProperty(kBaseIconSize, base);
        }
        const QSize size = base.toSize();
        bar->setIconSize(on ? size * Appearance::kPresentationScale : size);
    }
}

Appearance::Appearance(QObject* parent)
    : QObject(parent)
    , m_theme(themeFromName(settings::theme.value()))
    , m_presentation(settings::presentationMode.value())
    , m_hints(currentHints())
    , m_baseFont(QGuiApplication::font())
{
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    apply();
    readPortal();
}

void Appearance::setTheme(Theme theme)
{
    settings::theme.setValue(themeName(theme));
    if (theme != m_theme) {
        m_theme = theme;
        apply();
    }
}

void Appearance::setPresentationMode(bool on)
{
    settings::presentationMode.setValue(on);
    if (on != m_presentation) {
        m_presentation = on;
        apply();
    }
}

bool Appearance::isDark() const
{
    return m_theme == Theme::Dark || (m_theme == Theme::System && systemPrefersDark(m_hints));
}

void Appearance::setSystemHints(const SystemColorHints& hints)
{
    m_hints = hints;
    apply();
}

void Appearance::manage(QWidget* window)
{
    if (!m_windows.contains(window)) {
        m_windows.append(window);
    }
    applyPresentationToWindow(window, m_presentation);
}

void Appearance::apply()
{
    const double scale = m_presentation ? kPresentationScale : 1.0;
    const bool scaleChanged = charts::styleScale() != scale;
    qApp->setProperty(kPresentationAppProperty, m_presentation);
    // The charts read their scale when the font or palette change below reaches them.
    charts::setStyleScale(scale);
    QFont font = m_baseFont;
    if (font.pointSizeF() > 0) {
        font.setPointSizeF(m_baseFont.pointSizeF() * scale);
    } else {
        font.setPixelSize(static_cast<int>(std::lround(m_baseFont.pixelSize() * scale)));
    }
    QApplication::setFont(font);
    QApplication::setPalette(isDark() ? darkPalette() : lightPalette());
    if (scaleChanged) {
        // Charts restyle on PaletteChange (ui/charts/chart_style.h); the palette may be the same
        // when only the mode changed, so they are told anyway, after Qt's own (posted) changes.
        const auto widgets = QApplication::allWidgets();
        for (auto* w : widgets) {
            QCoreApplication::postEvent(w, new QEvent(QEvent::PaletteChange));
        }
    }
    m_windows.removeAll(nullptr);
    for (const auto& w : std::as_const(m_windows)) {
        applyPresentationToWindow(w, m_presentation);
    }
    Q_EMIT changed();
}

// The XDG desktop portal's color-scheme, read without blocking, and followed when it changes.
void Appearance::readPortal()
{
    auto bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        return;
    }
    const QString service = QStringLiteral("org.freedesktop.portal.Desktop");
    const QString path = QStringLiteral("/org/freedesktop/portal/desktop");
    const QString iface = QStringLiteral("org.freedesktop.portal.Settings");
    auto message = QDBusMessage::createMethodCall(service, path, iface, QStringLiteral("Read"));
    message << QStringLiteral("org.freedesktop.appearance") << QStringLiteral("color-scheme");
    auto* watcher = new QDBusPendingCallWatcher(bus.asyncCall(message, 2000), this);
    connect(
        watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher* call) {
            const QDBusPendingReply<QDBusVariant> reply = *call;
            if (!reply.isError()) {
                // Read() answers a variant holding a variant (the portal's documented nesting).
                QVariant v = reply.value().variant();
                if (v.canConvert<QDBusVariant>()) {
                    v = v.value<QDBusVariant>().variant();
                }
                onPortalSetting(QStringLiteral("org.freedesktop.appearance"),
                    QStringLiteral("color-scheme"), v);
            }
            call->deleteLater();
        });
    auto* listener
        = new PortalListener([this](const QString& group, const QString& key,
                                 const QVariant& value) { onPortalSetting(group, key, value); },
            this);
    bus.connect(service, path, iface, QStringLiteral("SettingChanged"), listener,
        SLOT(settingChanged(QString, QString, QDBusVariant)));
}

void Appearance::onPortalSetting(const QString& group, const QString& key, const QVariant& value)
{
    if (group != QLatin1String("org.freedesktop.appearance")
        || key != QLatin1String("color-scheme")) {
        return;
    }
    bool ok = false;
    const int scheme = value.toInt(&ok);
    if (!ok) {
        return;
    }
    const bool wasDark = isDark();
    m_hints.portalColorScheme = scheme;
    if (isDark() != wasDark) {
        apply();
    }
}

} // namespace kdw::ui

#include "appearance.moc"
