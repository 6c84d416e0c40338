// SPDX-License-Identifier: GPL-3.0-or-later
#include "ParentWatcher.h"

#include <QSocketNotifier>

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace natter::demo {

ParentWatcher::ParentWatcher(QObject *parent)
    : QObject(parent)
{
    const int flags = ::fcntl(STDIN_FILENO, F_GETFL);
    if (flags < 0)
        return;
    ::fcntl(STDIN_FILENO, F_SETFL, flags | O_NONBLOCK);
    m_notifier = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, [this] {
        char buffer[256];
        for (;;) {
            const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
            if (n > 0)
                continue;
            if (n < 0 && (errno == EAGAIN || errno == EINTR))
                return;
            // End of file (or a broken descriptor): nobody is left at the other end.
            m_notifier->setEnabled(false);
            Q_EMIT parentGone();
            return;
        }
    });
}

} // namespace natter::demo
