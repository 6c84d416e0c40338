// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "DemoPersona.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

namespace natter::demo {

class DemoContact;
class RosterPreparer;

// natter-demo-peer's work: signs in the demo contacts, prepares the demo user's roster (see
// RosterPreparer), then keeps the contacts online until shutdown().
class DemoPeer : public QObject
{
    Q_OBJECT
public:
    // How long the contacts get to sign out before the program ends anyway.
    static constexpr int ShutdownTimeoutMs = 3000;

    explicit DemoPeer(QObject *parent = nullptr);

    // serverEnv: the server.env file of prosody-fixture.sh; user: the demo user's name there;
    // contacts: the demo contacts' names (see DemoPersona::forUser). False, with *error, when the
    // server description cannot be read.
    bool start(const QString &serverEnv, const QString &user, const QStringList &contacts,
               QString *error);
    // With a fixture script, parentGone() stops the server and removes its directory.
    void setFixtureScript(const QString &script) { m_fixtureScript = script; }

    // Signs every contact out, then finished(exitCode).
    void shutdown(int exitCode = 0);
    // The launcher is gone without stopping us (it crashed): shut down, then stop the server
    // that nobody else will stop now, and remove its directory.
    void parentGone();

Q_SIGNALS:
    // The user's roster is prepared and every contact that stays online is available.
    void ready();
    // Something went wrong; finished(1) follows.
    void error(const QString &reason);
    void finished(int exitCode);

private:
    void onContactAvailable();
    void onRosterPrepared();
    void fail(const QString &reason);
    void finish();
    void stopServer();

    QString m_serverEnv;
    QString m_fixtureScript;
    QList<DemoContact *> m_contacts;
    RosterPreparer *m_preparer = nullptr;
    QTimer m_shutdownTimer;
    bool m_contactsAvailable = false;
    bool m_ready = false;
    bool m_shuttingDown = false;
    bool m_finished = false;
    bool m_stopServer = false;
    int m_exitCode = 0;
};

} // namespace natter::demo
