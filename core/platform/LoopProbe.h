// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

#include <cstdint>
#include <cstdio>

namespace natter {

// Opt-in measurement of how long the main event loop stays away from its next iteration — the
// longest time the program could not have reacted to input. With the environment variable
// NATTER_LOOP_PROBE=FILE set when the probe is constructed (after the Q(Core)Application), it
// records each stretch of work between two waits of the loop: from the first event delivered
// after the dispatcher's aboutToBlock() to the next aboutToBlock() (with either dispatcher, glib
// or Unix, no input is read in between). Without the variable it does nothing at all: no event
// filter, no connection, no timer.
//
// FILE gets one line per 100 ms window of activity, written (and flushed) when the loop ends its
// first iteration after the window, and a total when the probe is destroyed. Times are
// CLOCK_MONOTONIC nanoseconds (std::chrono::steady_clock; Python's time.monotonic_ns()):
//   window start_ns=… end_ns=… iterations=… busy_us=… longest_us=… longest_end_ns=…
//   total iterations=… busy_us=… longest_us=… longest_end_ns=…
// tests/bench/bench_session.py reads it to find the longest stall during a message burst.
class LoopProbe : public QObject
{
    Q_OBJECT
public:
    static constexpr const char *EnvironmentVariable = "NATTER_LOOP_PROBE";
    static constexpr std::int64_t WindowNs = 100'000'000;

    explicit LoopProbe(QObject *parent = nullptr);
    ~LoopProbe() override;
    LoopProbe(const LoopProbe &) = delete;
    LoopProbe &operator=(const LoopProbe &) = delete;

    bool isActive() const { return m_file != nullptr; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct Stretches
    {
        std::int64_t startNs = -1; // start of the first stretch, -1 while there is none
        std::int64_t endNs = 0;
        std::int64_t iterations = 0;
        std::int64_t busyNs = 0;
        std::int64_t longestNs = 0;
        std::int64_t longestEndNs = 0;

        void add(std::int64_t start, std::int64_t end);
    };

    void iterationEnds();
    void write(const char *kind, const Stretches &s);

    std::FILE *m_file = nullptr;
    std::int64_t m_busySinceNs = -1; // first event since the loop last went to wait, or -1
    Stretches m_window;
    Stretches m_total;
};

} // namespace natter
