// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QSocketNotifier;

namespace natter::demo {

// Turns SIGINT and SIGTERM into a Qt signal (self-pipe), so that the demo contacts sign out
// politely when the launcher stops them, instead of vanishing mid-stream.
class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void interrupted(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace natter::demo
