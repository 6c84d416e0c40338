// SPDX-License-Identifier: GPL-3.0-or-later
#include "PresenceVisibility.h"

#include "account/Account.h"
#include "ext/PresenceExtension.h"
#include "ext/RosterExtension.h"

namespace natter {

PresenceVisibility::PresenceVisibility(Account *account, RosterExtension *roster,
                                       PresenceExtension *presence)
    : m_account(account)
    , m_roster(roster)
    , m_presence(presence)
{}

bool PresenceVisibility::maySee(const Jid &jid) const
{
    if (jid.isNull())
        return false;
    if (jid.bareEquals(m_account->jid()))
        return true;
    if (m_roster) {
        const std::optional<RosterItem> item = m_roster->item(jid.bare());
        if (item && item->isSubscribedFrom())
            return true;
    }
    if (m_presence) {
        const QList<Jid> directed = m_presence->directedPresenceRecipients();
        for (const Jid &to : directed) {
            if (to == jid || (to.isBare() && to.bareEquals(jid)))
                return true;
        }
    }
    return false;
}

} // namespace natter
