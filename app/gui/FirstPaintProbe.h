// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>

class QWidget;

namespace natter::gui {

// Opt-in measurement of when a window is first on screen, for tests/bench/bench_start: with the
// environment variable NATTER_FIRST_PAINT=FILE, watch() appends one line to FILE once the
// widget's first paint event has been handled and the event loop is back (the frame is painted
// and flushed):
//   NAME first_paint_ns=…
// in CLOCK_MONOTONIC nanoseconds (std::chrono::steady_clock), comparable with a timestamp the
// launching process took before it started this one. Without the variable watch() does nothing:
// no filter, no allocation.
class FirstPaintProbe : public QObject
{
    Q_OBJECT
public:
    static constexpr const char *EnvironmentVariable = "NATTER_FIRST_PAINT";

    static void watch(QWidget *widget, const QString &name);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    FirstPaintProbe(QWidget *widget, const QString &name, const QString &file);
    void record();

    QString m_name;
    QString m_file;
    bool m_seen = false;
};

} // namespace natter::gui
