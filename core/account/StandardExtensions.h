// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace natter {

class Account;
class CarbonsExtension;
class ChatStatesExtension;
class CorrectionsExtension;
class DiscoExtension;
class MamExtension;
class MarkersExtension;
class MessageExtension;
class PingExtension;
class PresenceExtension;
class ReceiptsExtension;
class RetractionExtension;
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
    CarbonsExtension *carbons = nullptr; // enabled after login when the server offers it
    MamExtension *mam = nullptr;
    MessageExtension *messages = nullptr;
    // Per-message extensions (they add their payloads to what messages sends). Receipts, markers
    // and chat states never claim a message; corrections and retractions, which do, come after.
    ReceiptsExtension *receipts = nullptr;
    MarkersExtension *markers = nullptr;
    ChatStatesExtension *chatStates = nullptr;
    CorrectionsExtension *corrections = nullptr;
    RetractionExtension *retraction = nullptr;

    static StandardExtensions install(Account *account);
};

} // namespace natter
