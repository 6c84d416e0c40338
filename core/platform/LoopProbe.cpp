// SPDX-License-Identifier: GPL-3.0-or-later
#include "LoopProbe.h"

#include <QAbstractEventDispatcher>
#include <QCoreApplication>
#include <QFile>
#include <QLoggingCategory>

#include <algorithm>
#include <chrono>

Q_LOGGING_CATEGORY(lcLoopProbe, "natter.loopprobe")

namespace natter {

namespace {
std::int64_t nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}
} // namespace

void LoopProbe::Stretches::add(std::int64_t start, std::int64_t end)
{
    if (startNs < 0)
        startNs = start;
    endNs = end;
    ++iterations;
    busyNs += end - start;
    if (end - start > longestNs) {
        longestNs = end - start;
        longestEndNs = end;
    }
}

LoopProbe::LoopProbe(QObject *parent)
    : QObject(parent)
{
    const QByteArray path = qgetenv(EnvironmentVariable);
    if (path.isEmpty())
        return;
    auto *dispatcher = QAbstractEventDispatcher::instance();
    if (!dispatcher || !QCoreApplication::instance()) {
        qCWarning(lcLoopProbe) << "no event loop yet: the loop probe stays off";
        return;
    }
    m_file = std::fopen(QFile::decodeName(path).toLocal8Bit().constData(), "w");
    if (!m_file) {
        qCWarning(lcLoopProbe) << "cannot write" << path << "- the loop probe stays off";
        return;
    }
    QCoreApplication::instance()->installEventFilter(this);
    connect(dispatcher, &QAbstractEventDispatcher::aboutToBlock, this, &LoopProbe::iterationEnds,
            Qt::DirectConnection);
}

LoopProbe::~LoopProbe()
{
    if (!m_file)
        return;
    iterationEnds();
    if (m_window.startNs >= 0)
        write("window", m_window);
    write("total", m_total);
    std::fclose(m_file);
}

bool LoopProbe::eventFilter(QObject *watched, QEvent *event)
{
    if (m_busySinceNs < 0)
        m_busySinceNs = nowNs();
    return QObject::eventFilter(watched, event);
}

void LoopProbe::iterationEnds()
{
    if (m_busySinceNs < 0)
        return;
    const std::int64_t end = nowNs();
    m_window.add(m_busySinceNs, end);
    m_total.add(m_busySinceNs, end);
    m_busySinceNs = -1;
    if (end - m_window.startNs >= WindowNs) {
        write("window", m_window);
        m_window = Stretches();
    }
}

void LoopProbe::write(const char *kind, const Stretches &s)
{
    std::fprintf(m_file,
                 "%s start_ns=%lld end_ns=%lld iterations=%lld busy_us=%lld longest_us=%lld "
                 "longest_end_ns=%lld\n",
                 kind, static_cast<long long>(std::max<std::int64_t>(s.startNs, 0)),
                 static_cast<long long>(s.endNs), static_cast<long long>(s.iterations),
                 static_cast<long long>(s.busyNs / 1000),
                 static_cast<long long>(s.longestNs / 1000),
                 static_cast<long long>(s.longestEndNs));
    std::fflush(m_file);
}

} // namespace natter
