// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace natter {

class Account;
class DiscoExtension;
class MessageExtension;
class PingExtension;
class PresenceExtension;
class RosterExtension;
class SubscriptionExtension;
class VersionExtension;

// The composition root of an account's protocol features, shared by natter and natter-cli:
// installs every standard extension on the account in the order in which they must see
// stanzas (MessageExtension, which claims every message, last).
struct StandardExtensions
{
    RosterExtension *roster = nullptr;
    PresenceExtension *presence = nullptr;
    SubscriptionExtension *subscriptions = nullptr;
    DiscoExtension *disco = nullptr;
    PingExtension *ping = nullptr;
    VersionExtension *version = nullptr;
    MessageExtension *messages = nullptr;

    static StandardExtensions install(Account *account);
};

} // namespace natter
