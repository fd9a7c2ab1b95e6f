// SPDX-License-Identifier: MIT
// Helpers of the screenshot programs under tests/ui (run under xvfb-run, not by ctest): a dark
// palette to check the widgets against, waiting while the event loop runs, and saving a grab.
#pragma once

#include <cstdio>
#include <functional>

#include <QApplication>
#include <QColor>
#include <QElapsedTimer>
#include <QPalette>
#include <QThread>
#include <QWidget>

namespace kdw::test {

// A dark palette in the colours of common dark desktop themes, the roles Qt widgets read set.
inline QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x30);
    const QColor base(0x1e, 0x1f, 0x22);
    const QColor text(0xe6, 0xe6, 0xe6);
    const QColor disabled(0x8c, 0x8c, 0x8c);
    for (const auto role : {QPalette::Window, QPalette::Button, QPalette::AlternateBase}) {
        p.setColor(role, window);
    }
    for (const auto role :
        {QPalette::WindowText, QPalette::Text, QPalette::ButtonText, QPalette::ToolTipText}) {
        p.setColor(role, text);
        p.setColor(QPalette::Disabled, role, disabled);
    }
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::Highlight, QColor(0x4a, 0x90, 0xd9));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6e, 0xaa, 0xff));
    p.setColor(QPalette::Mid, QColor(0x5a, 0x5d, 0x62));
    p.setColor(QPalette::PlaceholderText, QColor(0xa0, 0xa0, 0xa0));
    return p;
}

// Runs the event loop until `done()` or `ms` milliseconds have passed; false on time-out.
inline bool waitFor(const std::function<bool()>& done, int ms)
{
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (clock.elapsed() > ms) {
            return false;
        }
        QApplication::processEvents(QEventLoop::AllEvents, 50);
        QThread::msleep(10);
    }
    return true;
}

// Shows `w` at `size`, lets layouts and coalesced redraws settle, and saves its grab as PNG.
inline bool saveGrab(QWidget& w, const QSize& size, const QString& file)
{
    w.resize(size);
    w.show();
    waitFor([] { return false; }, 300);
    const bool ok = w.grab().save(file);
    std::printf("%s %s\n", ok ? "wrote" : "FAILED to write", qPrintable(file));
    return ok;
}

} // namespace kdw::test
