// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>

namespace natter {

// Notices that the machine was asleep (suspended): then every TCP connection is most likely dead
// although nothing said so, and waiting for keepalives or the backoff timer would leave the user
// offline for minutes. Without a platform service: every CheckInterval it compares how far two
// clocks moved — the boot clock counts the time asleep, the monotonic clock does not (Linux:
// CLOCK_BOOTTIME and CLOCK_MONOTONIC) — and a difference of at least MinimumSleep is a sleep.
// Elsewhere (no boot clock) it never fires.
class WakeDetector : public QObject
{
    Q_OBJECT
public:
    static constexpr std::chrono::milliseconds CheckInterval{5'000};
    static constexpr std::chrono::milliseconds MinimumSleep{4'000};

    // Milliseconds on each clock; tests pass their own.
    struct Clocks
    {
        std::function<qint64()> boot;
        std::function<qint64()> monotonic;
    };
    static Clocks systemClocks();

    explicit WakeDetector(QObject *parent = nullptr, Clocks clocks = systemClocks());

    // Compares the clocks now (the timer calls it; tests call it directly).
    void check();

Q_SIGNALS:
    // The machine slept for about this long and is awake again.
    void woke(std::chrono::milliseconds slept);

private:
    Clocks m_clocks;
    QTimer m_timer;
    qint64 m_lastBoot = 0;
    qint64 m_lastMonotonic = 0;
};

} // namespace natter
