// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "account/Extension.h"
#include "payloads/Carbon.h"
#include "stanza/Message.h"

namespace natter {

class DiscoExtension;

// Message Carbons (XEP-0280, urn:xmpp:carbons:2): copies of the messages our other resources
// send and receive, so that every device shows the whole conversation.
//
// Enabled by itself once per new session when our server lists urn:xmpp:carbons:2 in its
// disco#info (learnt by DiscoExtension after login); a XEP-0198 resumption keeps the server's
// state, so nothing is sent again then.
//
// Every message carrying a carbons <received/> or <sent/> is claimed. It is accepted only when
// the wrapping message comes from our own bare JID (XEP-0280 §11: anyone else could forge what we
// "sent" or "received"); anything else, and a carbon without a valid <forwarded/> message, is
// dropped and logged.
class CarbonsExtension : public Extension
{
    Q_OBJECT
public:
    using Direction = Carbon::Direction;

    // disco may be null: then enable() must be called by hand.
    CarbonsExtension(Account *account, DiscoExtension *disco);

    QStringList discoFeatures() const override;
    bool handleMessage(const Message &message) override;
    void sessionStarted(bool resumed) override;
    void sessionEnded() override;

    // Default true: enable after login when the server offers carbons.
    void setAutoEnable(bool on) { m_autoEnable = on; }
    bool autoEnable() const { return m_autoEnable; }
    // The server confirmed <enable/> in this session.
    bool isEnabled() const { return m_enabled; }

    // Sends <enable/> or <disable/>; ends in enabledChanged() or enableFailed().
    void enable();
    void disable();

    // Marks a message we send as not to be copied to our other resources: <private/>
    // (XEP-0280 §8) and the <no-copy/> hint (XEP-0334) the XEP asks for with it.
    static void markPrivate(Message &message);
    static bool isPrivate(const Message &message);

Q_SIGNALS:
    // A carbon from our server: inner is the message another resource of ours received (its
    // 'to' is that resource or our bare JID) or sent (its 'from' is that resource).
    void carbonReceived(const natter::Message &inner, natter::Carbon::Direction direction);
    void enabledChanged(bool enabled);
    void enableFailed(const QString &reason);

private:
    void onServerInfo();
    void sendToggle(bool enable);

    DiscoExtension *m_disco;
    bool m_autoEnable = true;
    bool m_enabled = false;
    bool m_requestPending = false;
    quint64 m_generation = 0; // answers from an earlier session are ignored
};

} // namespace natter
