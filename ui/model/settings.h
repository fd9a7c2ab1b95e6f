// SPDX-License-Identifier: MIT
// Typed settings over QSettings (as Tiled's Preference<T> and qBittorrent's SettingValue<T>):
// each setting is declared once with its key and default, and read and written as its type.
// QSettings is the application's (organisation "kdworkbench"); tests isolate it with
// QStandardPaths::setTestModeEnabled(true). GUI thread.
#pragma once

#include <QByteArray>
#include <QSettings>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace kdw::ui {

template <typename T> class Setting {
public:
    Setting(QString key, T defaultValue)
        : m_key(std::move(key))
        , m_default(std::move(defaultValue))
    {
    }

    // The stored value, or the default when nothing (or something of another type) is stored.
    [[nodiscard]] T value() const
    {
        const QVariant stored = QSettings().value(m_key);
        if (!stored.isValid() || !stored.canConvert<T>()) {
            return m_default;
        }
        return stored.value<T>();
    }
    void setValue(const T& value) const { QSettings().setValue(m_key, QVariant::fromValue(value)); }
    void reset() const { QSettings().remove(m_key); }
    // True when a value is stored (also one equal to the default).
    [[nodiscard]] bool isSet() const { return QSettings().contains(m_key); }
    [[nodiscard]] const QString& key() const { return m_key; }
    [[nodiscard]] const T& defaultValue() const { return m_default; }

private:
    QString m_key;
    T m_default;
};

// The workbench's settings, each with its key.
namespace settings {

// QMainWindow::saveGeometry() / saveState() (docks and toolbars) of the main window.
inline const Setting<QByteArray> windowGeometry {QStringLiteral("window/geometry"), {}};
inline const Setting<QByteArray> windowState {QStringLiteral("window/state"), {}};
// Config files opened or saved, newest first, at most kMaxRecentFiles.
inline const Setting<QStringList> recentFiles {QStringLiteral("files/recent"), {}};
// The folder the last config was opened from or saved to, and the last ratings file's folder.
inline const Setting<QString> lastConfigFolder {QStringLiteral("files/lastConfigFolder"), {}};
inline const Setting<QString> lastDataFolder {QStringLiteral("files/lastDataFolder"), {}};
// The experiment as it was when the window closed (config JSON), restored at start-up; empty
// = the bundled demo.
inline const Setting<QString> lastConfig {QStringLiteral("session/lastConfig"), {}};

// The live charts (ChartBoard): the smoothing weight (0-0.99), the charts hidden and those with
// a log-scale y axis (chart ids, charts::ChartSpec::id), and how many columns the grid has.
inline const Setting<double> chartSmoothing {QStringLiteral("charts/smoothing"), 0.0};
inline const Setting<QStringList> chartsHidden {QStringLiteral("charts/hidden"), {}};
inline const Setting<QStringList> chartsLogY {QStringLiteral("charts/logY"), {}};
inline const Setting<int> chartColumns {QStringLiteral("charts/columns"), 3};
// The history browser's columns (BrowserColumn ids, in order; empty = its defaults) and its
// header (widths, QHeaderView::saveState()).
inline const Setting<QStringList> historyColumns {QStringLiteral("history/columns"), {}};
inline const Setting<QByteArray> historyHeader {QStringLiteral("history/header"), {}};

inline constexpr int kMaxRecentFiles = 8;

// Puts `path` first in recentFiles() (once), keeps at most kMaxRecentFiles, and returns the list.
QStringList addRecentFile(const QString& path);

} // namespace settings
} // namespace kdw::ui
