// SPDX-License-Identifier: GPL-3.0-or-later
#include "WakeDetector.h"

#include <QLoggingCategory>

#include <ctime>

namespace natter {

namespace {

Q_LOGGING_CATEGORY(lcWake, "natter.wake")

#ifdef CLOCK_BOOTTIME
qint64 millisecondsOf(clockid_t clock)
{
    timespec ts{};
    if (clock_gettime(clock, &ts) != 0)
        return 0;
    return qint64(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}
#endif

} // namespace

WakeDetector::Clocks WakeDetector::systemClocks()
{
#ifdef CLOCK_BOOTTIME
    return {[] { return millisecondsOf(CLOCK_BOOTTIME); },
            [] { return millisecondsOf(CLOCK_MONOTONIC); }};
#else
    return {}; // no clock that counts the time asleep: never fires
#endif
}

WakeDetector::WakeDetector(QObject *parent, Clocks clocks)
    : QObject(parent)
    , m_clocks(std::move(clocks))
{
    if (!m_clocks.boot || !m_clocks.monotonic)
        return;
    m_lastBoot = m_clocks.boot();
    m_lastMonotonic = m_clocks.monotonic();
    m_timer.setInterval(CheckInterval);
    // A timer that is late because the machine is busy is late on both clocks alike.
    m_timer.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_timer, &QTimer::timeout, this, &WakeDetector::check);
    m_timer.start();
}

void WakeDetector::check()
{
    if (!m_clocks.boot || !m_clocks.monotonic)
        return;
    const qint64 boot = m_clocks.boot();
    const qint64 monotonic = m_clocks.monotonic();
    const qint64 asleep = (boot - m_lastBoot) - (monotonic - m_lastMonotonic);
    m_lastBoot = boot;
    m_lastMonotonic = monotonic;
    if (asleep < MinimumSleep.count())
        return;
    qCInfo(lcWake) << "the machine slept for" << asleep / 1000 << "s";
    Q_EMIT woke(std::chrono::milliseconds(asleep));
}

} // namespace natter
