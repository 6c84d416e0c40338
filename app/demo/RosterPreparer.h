// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "DemoPersona.h"

#include "account/StandardExtensions.h"
#include "stream/ConnectionSettings.h"

#include <QObject>
#include <QTimer>

namespace natter {
class Account;
}

namespace natter::demo {

// Prepares the demo user's account before the user's app signs in: signs in as the user (the
// demo knows the throw-away password), files every demo contact in the roster under its name
// and group, asks each for its presence and approves their requests in return — the
// subscription handshake both ways (RFC 6121 §3.1) — until every contact has subscription
// 'both', then signs out. The contacts must accept requests (DemoContact does); the requests go
// out once contactsAvailable() says that they are there to answer.
class RosterPreparer : public QObject
{
    Q_OBJECT
public:
    static constexpr int TimeoutMs = 30'000;

    RosterPreparer(const ConnectionSettings &user, const QList<DemoPersona> &contacts,
                   QObject *parent = nullptr);

    // Signs in (this may run while the contacts sign in).
    void start();
    // Every contact is available now.
    void contactsAvailable();

Q_SIGNALS:
    // The roster is ready and the user signed out again.
    void finished();
    void failed(const QString &reason);

private:
    void onRosterLoaded();
    void sendRequests();
    void checkDone();
    bool isPrepared(const DemoPersona &persona) const;
    Jid jidOf(const DemoPersona &persona) const;
    void fail(const QString &reason);

    QList<DemoPersona> m_contacts;
    Account *m_account = nullptr;
    StandardExtensions m_ext;
    QTimer m_timeout;
    bool m_rosterLoaded = false;
    bool m_contactsAvailable = false;
    bool m_requested = false;
    bool m_done = false;
};

} // namespace natter::demo
