// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "DemoPersona.h"

#include "stanza/Jid.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace natter::demo {

// What the demo contacts say. The texts are the contacts' own words, sent as messages, so they
// are not translated (a real contact writes in one language too).
class DemoReplies
{
public:
    // The assistant's answer to a message with this text from this sender. cast: the other demo
    // contacts (for "contacts"). Commands, case-insensitive: help (or ?), time, who, contacts,
    // ping, a greeting; anything else is echoed.
    static QString assistant(const QString &text, const Jid &from, const QDateTime &now,
                             const QList<DemoPersona> &cast);
    // The automatic reply of an away contact.
    static QString awayNotice(const DemoPersona &persona);
    // The count-th (0, 1, …) small-talk line of self; assistantName is whom to recommend.
    static QString smallTalk(int count, const DemoPersona &self, const QString &assistantName);

    // Longest text the assistant echoes back (longer ones are cut, with an ellipsis).
    static constexpr qsizetype MaxEcho = 1000;
};

} // namespace natter::demo
