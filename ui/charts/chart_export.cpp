// SPDX-License-Identifier: MIT
#include "ui/charts/chart_export.h"

#include <algorithm>

#include <QFile>
#include <QImage>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QWidget>

namespace kdw::ui::charts {

namespace {

QString quoted(const QString& text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"'))
        && !text.contains(QLatin1Char('\n'))) {
        return text;
    }
    QString out = text;
    out.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + out + QLatin1Char('"');
}

QString number(double v)
{
    return QString::number(v, 'g', 17);
}

// The band's value at epoch `x`, as a CSV field (empty when the band has none there).
QString bandAt(const QList<QPointF>& band, double x)
{
    const auto it
        = std::find_if(band.begin(), band.end(), [x](const QPointF& p) { return p.x() == x; });
    return it == band.end() ? QString() : number(it->y());
}

QString saveImage(const QImage& image, const QString& path)
{
    if (!image.save(path, "PNG")) {
        return QObject::tr("Could not write %1 (is the folder writable?)").arg(path);
    }
    return {};
}

} // namespace

QString exportPng(QWidget* widget, const QString& path, qreal scale)
{
    QImage image(widget->size() * scale, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(scale);
    image.fill(widget->palette().color(QPalette::Window));
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        widget->render(&painter);
    }
    return saveImage(image, path);
}

QString exportSvg(QWidget* widget, const QString& path)
{
    QSvgGenerator svg;
    svg.setFileName(path);
    svg.setSize(widget->size());
    svg.setViewBox(QRect(QPoint(0, 0), widget->size()));
    svg.setTitle(widget->windowTitle());
    svg.setDescription(QStringLiteral("KD Workbench chart"));
    {
        QPainter painter;
        if (!painter.begin(&svg)) {
            return QObject::tr("Could not write %1 (is the folder writable?)").arg(path);
        }
        widget->render(&painter);
    }
    return QFile::exists(path)
        ? QString()
        : QObject::tr("Could not write %1 (is the folder writable?)").arg(path);
}

QString exportPngGrid(const QList<QWidget*>& widgets, int columns, const QString& path, qreal scale)
{
    if (widgets.isEmpty()) {
        return QObject::tr("There is no chart to export.");
    }
    QSize cell;
    for (auto* w : widgets) {
        cell = cell.expandedTo(w->size());
    }
    const int cols = std::clamp(columns, 1, static_cast<int>(widgets.size()));
    const int rows = (static_cast<int>(widgets.size()) + cols - 1) / cols;
    QImage image(QSize(cell.width() * cols, cell.height() * rows) * scale,
        QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(scale);
    image.fill(widgets.front()->palette().color(QPalette::Window));
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        for (int k = 0; k < widgets.size(); ++k) {
            const QPoint at((k % cols) * cell.width(), (k / cols) * cell.height());
            widgets[k]->render(&painter, at);
        }
    }
    return saveImage(image, path);
}

QString curvesCsv(const QList<ExportedCurve>& curves)
{
    const bool bands = std::any_of(curves.begin(), curves.end(),
        [](const ExportedCurve& c) { return !c.bandLower.isEmpty() || !c.bandUpper.isEmpty(); });
    QString out = QStringLiteral("run_id,run,phase,metric,epoch,value,smoothed");
    out += bands ? QStringLiteral(",band_lower,band_upper\n") : QStringLiteral("\n");
    for (const auto& c : curves) {
        for (int k = 0; k < c.raw.size(); ++k) {
            const double x = c.raw[k].x();
            const double smoothed = k < c.smoothed.size() ? c.smoothed[k].y() : c.raw[k].y();
            out += QStringLiteral("%1,%2,%3,%4,%5,%6,%7")
                       .arg(c.runId)
                       .arg(quoted(c.run), quoted(c.phase), quoted(c.metric), number(x),
                           number(c.raw[k].y()), number(smoothed));
            if (bands) {
                out += QLatin1Char(',') + bandAt(c.bandLower, x) + QLatin1Char(',')
                    + bandAt(c.bandUpper, x);
            }
            out += QLatin1Char('\n');
        }
    }
    return out;
}

QString exportCsv(const QList<ExportedCurve>& curves, const QString& path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        return QObject::tr("Could not write %1: %2").arg(path, file.errorString());
    }
    file.write(curvesCsv(curves).toUtf8());
    if (!file.commit()) {
        return QObject::tr("Could not write %1: %2").arg(path, file.errorString());
    }
    return {};
}

} // namespace kdw::ui::charts
