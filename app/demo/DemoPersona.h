// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "stanza/Presence.h"

#include <QList>
#include <QString>

namespace natter::demo {

// Who a demo contact is: the name and group the user's roster files it under, its presence and
// how it answers messages.
struct DemoPersona
{
    enum class Manners
    {
        Assistant,  // answers every message (help, time, who, ping, or an echo)
        AwayNotice, // one automatic "I'm away" reply per conversation partner
        SmallTalk,  // a friendly line, pointing to the assistant
        Silent,     // reads, never answers (do not disturb)
    };

    QString user; // the localpart on the demo server
    QString name; // in the user's roster
    QString group;
    QString resource;
    Presence::Show show = Presence::Show::None;
    QString status;
    // False: takes part in setting up the roster, then goes offline for good.
    bool staysOnline = true;
    Manners manners = Manners::Silent;

    // The persona for a user name: demo, alice, bob, carol and dave are cast; anyone else is an
    // available, silent contact in the group "Demo".
    static DemoPersona forUser(const QString &user);
    // "available", "away", "do not disturb", "free to chat" or "offline", for the assistant's
    // introductions.
    QString presenceDescription() const;
};

} // namespace natter::demo
