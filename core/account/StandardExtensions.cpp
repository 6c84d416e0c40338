// SPDX-License-Identifier: GPL-3.0-or-later
#include "StandardExtensions.h"

#include "account/Account.h"
#include "ext/CarbonsExtension.h"
#include "ext/ChatStatesExtension.h"
#include "ext/CorrectionsExtension.h"
#include "ext/DiscoExtension.h"
#include "ext/MamExtension.h"
#include "ext/MarkersExtension.h"
#include "ext/MessageExtension.h"
#include "ext/PingExtension.h"
#include "ext/PresenceExtension.h"
#include "ext/ReceiptsExtension.h"
#include "ext/RetractionExtension.h"
#include "ext/RosterExtension.h"
#include "ext/SubscriptionExtension.h"
#include "ext/VersionExtension.h"

namespace natter {

StandardExtensions StandardExtensions::install(Account *account)
{
    StandardExtensions e;
    // The roster get and initial presence first (sessionStarted() runs in this order): the
    // server answers requests in order, and the disco queries can wait behind them.
    e.roster = new RosterExtension(account);
    e.subscriptions = new SubscriptionExtension(account);
    e.subscriptions->setRoster(e.roster);
    e.presence = new PresenceExtension(account, e.roster);
    e.disco = new DiscoExtension(account);
    e.ping = new PingExtension(account);
    e.version = new VersionExtension(account);
    e.carbons = new CarbonsExtension(account, e.disco);
    e.mam = new MamExtension(account);
    e.messages = new MessageExtension(account);
    e.receipts = new ReceiptsExtension(account, e.messages, e.roster, e.presence);
    e.markers = new MarkersExtension(account, e.messages, e.roster, e.presence);
    e.chatStates = new ChatStatesExtension(account, e.messages, e.roster, e.presence);
    e.corrections = new CorrectionsExtension(account, e.messages);
    e.retraction = new RetractionExtension(account, e.messages);
    return e;
}

} // namespace natter
