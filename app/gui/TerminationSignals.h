// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QSocketNotifier;

namespace natter::gui {

// SIGTERM (the desktop session ending, `kill`), SIGINT (Ctrl+C in a terminal) and SIGHUP as a Qt
// signal (self-pipe), so that natter leaves the server gracefully — contacts see it go offline
// at once instead of after the server's resumption timeout — rather than dying mid-stream.
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

} // namespace natter::gui
