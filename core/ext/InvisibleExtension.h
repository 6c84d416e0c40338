// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "account/Extension.h"
#include "account/IqResult.h"

#include <QPointer>

namespace natter {

class DiscoExtension;

// Invisible Command (XEP-0186): asks our server to hide our presence from everyone for the rest
// of this session (<invisible/>) or to show it again (<visible/>). Whether the server offers it
// is learnt from its disco#info answer (feature urn:xmpp:invisible:0) after every login.
//
// Invisibility lasts for one session only (XEP-0186 §2): a new session starts visible.
class InvisibleExtension : public Extension
{
    Q_OBJECT
public:
    static const QString Namespace; // urn:xmpp:invisible:0

    // disco may be null: support is then never known and stays false.
    InvisibleExtension(Account *account, DiscoExtension *disco);

    // Whether our server announced XEP-0186. Kept from the last session that learnt it, so that
    // the user can choose invisibility before logging in again.
    bool isSupported() const { return m_supported; }
    // Whether this session's server disco#info has been answered (or failed).
    bool isSupportKnown() const { return m_supportKnown; }
    // Whether the server confirmed <invisible/> in this session.
    bool isInvisible() const { return m_invisible; }

    // Sends <iq type='set'><invisible|visible xmlns='urn:xmpp:invisible:0'/></iq> to our
    // server. The callback (may be empty) gets the answer; it runs while context lives.
    void setInvisible(bool invisible, QObject *context = nullptr, IqCallback callback = {});

    // Extension
    void sessionStarted(bool resumed) override;
    void sessionEnded() override;

Q_SIGNALS:
    // The server's disco#info was answered (or failed) in this session; supported tells the
    // outcome. Emitted once per session.
    void supportKnown(bool supported);
    void supportChanged(bool supported);
    void invisibleChanged(bool invisible);

private:
    void onServerInfo();
    void setSupported(bool supported);
    void setInvisibleState(bool invisible);

    QPointer<DiscoExtension> m_disco;
    bool m_supported = false;
    bool m_supportKnown = false;
    bool m_invisible = false;
    quint64 m_generation = 0; // answers from an earlier session are ignored
};

} // namespace natter
