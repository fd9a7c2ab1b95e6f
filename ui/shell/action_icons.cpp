// SPDX-License-Identifier: MIT
#include "ui/shell/action_icons.h"

#include <QFile>
#include <QGuiApplication>
#include <QIconEngine>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <QSvgRenderer>

// The SVGs live in kdui, a static library: their registration must be referenced to be linked.
// Q_INIT_RESOURCE declares the registration function in the enclosing namespace, so this one is
// in the global namespace, not an anonymous one.
static void initActionResources()
{
    static const bool done = [] {
        Q_INIT_RESOURCE(actions);
        return true;
    }();
    Q_UNUSED(done);
}

namespace kdw::ui {

namespace {

// Renders an SVG whose "currentColor" is replaced by the palette's WindowText at paint time.
class TintedSvgEngine : public QIconEngine {
public:
    explicit TintedSvgEngine(QByteArray svg)
        : m_svg(std::move(svg))
    {
    }

    void paint(QPainter* painter, const QRect& rect, QIcon::Mode mode, QIcon::State) override
    {
        const QPalette palette = QGuiApplication::palette();
        const QColor color = palette.color(
            mode == QIcon::Disabled ? QPalette::Disabled : QPalette::Active, QPalette::WindowText);
        QByteArray svg = m_svg;
        svg.replace("currentColor", color.name().toLatin1());
        QSvgRenderer renderer(svg);
        renderer.render(painter, rect);
    }

    // `size` in device pixels: QIcon multiplies by the device pixel ratio before asking.
    QPixmap pixmap(const QSize& size, QIcon::Mode mode, QIcon::State state) override
    {
        QPixmap pm(size);
        pm.fill(Qt::transparent);
        QPainter painter(&pm);
        painter.setRenderHint(QPainter::Antialiasing);
        paint(&painter, QRect(QPoint(0, 0), size), mode, state);
        return pm;
    }

    [[nodiscard]] QIconEngine* clone() const override { return new TintedSvgEngine(m_svg); }
    [[nodiscard]] QString key() const override { return QStringLiteral("kdw-tinted-svg"); }

private:
    QByteArray m_svg;
};

QString iconName(ActionIcon icon)
{
    switch (icon) {
    case ActionIcon::Run:
        return QStringLiteral("run");
    case ActionIcon::QueueAdd:
        return QStringLiteral("queue-add");
    case ActionIcon::Pause:
        return QStringLiteral("pause");
    case ActionIcon::Resume:
        return QStringLiteral("resume");
    case ActionIcon::Cancel:
        return QStringLiteral("cancel");
    case ActionIcon::Compare:
        return QStringLiteral("compare");
    case ActionIcon::Export:
        return QStringLiteral("export");
    case ActionIcon::Filter:
        return QStringLiteral("filter");
    case ActionIcon::Presentation:
        return QStringLiteral("presentation");
    case ActionIcon::Theme:
        return QStringLiteral("theme");
    }
    return {};
}

} // namespace

QString actionIconPath(ActionIcon icon)
{
    return QStringLiteral(":/kdworkbench/actions/%1.svg").arg(iconName(icon));
}

QIcon actionIcon(ActionIcon icon)
{
    initActionResources();
    QFile file(actionIconPath(icon));
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    return QIcon(new TintedSvgEngine(file.readAll())); // the icon owns the engine
}

} // namespace kdw::ui
