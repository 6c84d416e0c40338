// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QSocketNotifier;

namespace natter {

// SIGTERM (the session ending, `kill`), SIGINT (Ctrl+C) and SIGHUP (the terminal closing) as a Qt
// signal, through a self-pipe, so that a program leaves the server gracefully — contacts see it go
// offline at once, nothing is cut mid-write — instead of dying. One instance per process; the
// default handlers come back when it is destroyed.
class TerminationSignals : public QObject
{
    Q_OBJECT
public:
    explicit TerminationSignals(QObject *parent = nullptr);
    ~TerminationSignals() override;

Q_SIGNALS:
    void received(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace natter
