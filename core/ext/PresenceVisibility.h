// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "stanza/Jid.h"

#include <QPointer>

namespace natter {

class Account;
class PresenceExtension;
class RosterExtension;

// Whether an entity may learn that we are online right now. Anything sent without the user
// deciding to write to someone — delivery receipts (XEP-0184 §8), chat markers (XEP-0333 §9),
// standalone chat state notifications (XEP-0085) — leaks our presence, so it goes only to:
//   - our own account (our other devices see our presence anyway);
//   - a contact subscribed to our presence (roster subscription 'from' or 'both');
//   - an entity we sent directed presence to in this session (RFC 6121 §4.6): the full JID it
//     went to, or every resource when it went to a bare JID.
// Everyone else — strangers, contacts whose request is still pending, contacts we only
// subscribed to ('to') — learns nothing from us until the user answers them.
class PresenceVisibility
{
public:
    // roster and presence may be null (then only our own account may see our presence).
    PresenceVisibility(Account *account, RosterExtension *roster, PresenceExtension *presence);

    bool maySee(const Jid &jid) const;

private:
    Account *m_account;
    QPointer<RosterExtension> m_roster;
    QPointer<PresenceExtension> m_presence;
};

} // namespace natter
