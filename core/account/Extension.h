// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "stanza/Iq.h"
#include "stanza/Message.h"
#include "stanza/Presence.h"
#include "stanza/StanzaError.h"
#include "xml/XmlElement.h"

#include <QObject>
#include <QStringList>

#include <optional>
#include <variant>

namespace natter {

class Account;

// The answer to an incoming IQ get/set: a payload for the result (a null element for an empty
// result) or a stanza error.
using IqReply = std::variant<XmlElement, StanzaError>;

// One protocol feature (an RFC section or a XEP), registered on an Account. It declares its
// disco features, claims the stanzas it handles, and talks upward through signals and methods.
//
// Constructing an extension registers it on the account (which owns it); extensions constructed
// earlier see stanzas first.
class Extension : public QObject
{
    Q_OBJECT
public:
    explicit Extension(Account *account);

    // Features this extension adds to our disco#info answer (XEP-0030).
    virtual QStringList discoFeatures() const { return {}; }

    // Return true to claim the stanza (no other extension and no generic signal sees it).
    virtual bool handleMessage(const Message &message)
    {
        Q_UNUSED(message);
        return false;
    }
    virtual bool handlePresence(const Presence &presence)
    {
        Q_UNUSED(presence);
        return false;
    }
    // An incoming get/set. std::nullopt: not ours. Otherwise the Account sends the reply.
    virtual std::optional<IqReply> handleIq(const Iq &iq)
    {
        Q_UNUSED(iq);
        return std::nullopt;
    }

    // The session was established (resumed == XEP-0198 resumption, state kept).
    virtual void sessionStarted(bool resumed) { Q_UNUSED(resumed); }
    // The session ended (gracefully or not).
    virtual void sessionEnded() {}

protected:
    Account *account() const { return m_account; }

private:
    Account *m_account;
};

} // namespace natter
