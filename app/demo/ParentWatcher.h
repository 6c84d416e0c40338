// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QSocketNotifier;

namespace natter::demo {

// Notices that the program that started us is gone: our standard input is a pipe from it, and
// the pipe reaches its end when the last writer — that program — exits, however it exits (a
// crash included). Anything written to the pipe is read and ignored.
class ParentWatcher : public QObject
{
    Q_OBJECT
public:
    explicit ParentWatcher(QObject *parent = nullptr);

Q_SIGNALS:
    void parentGone();

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace natter::demo
