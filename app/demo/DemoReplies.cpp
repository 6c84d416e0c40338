// SPDX-License-Identifier: GPL-3.0-or-later
#include "DemoReplies.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace natter::demo {

namespace {

// "help?" → "help", "  Time! " → "time"; "?" alone stays "?".
QString normalizedCommand(const QString &text)
{
    QString command = text.trimmed().toLower();
    while (command.size() > 1 && QStringView(u"?!. ").contains(command.back()))
        command.chop(1);
    return command.simplified();
}

QString utcOffset(const QDateTime &time)
{
    const int seconds = time.offsetFromUtc();
    const int minutes = std::abs(seconds) / 60;
    return u"UTC%1%2:%3"_s.arg(QChar(seconds < 0 ? u'−' : u'+'))
        .arg(minutes / 60, 2, 10, QChar(u'0'))
        .arg(minutes % 60, 2, 10, QChar(u'0'));
}

QString helpText()
{
    return u"I'm the Natter demo contact, and I answer every message. Try:\n"
           u"• help: this list\n"
           u"• time: the time where I am\n"
           u"• who: which of your clients I am answering\n"
           u"• contacts: who else is in this demo\n"
           u"• anything else: I repeat it, so you see the round trip\n"
           u"This demo runs on a private XMPP server on your computer. It disappears when you "
           u"quit Natter."_s;
}

QString castText(const QString &domain, const QList<DemoPersona> &cast)
{
    if (cast.isEmpty())
        return u"It's just the two of us here."_s;
    QStringList parts;
    for (const DemoPersona &p : cast) {
        parts.append(u"%1 (%2@%3) is %4"_s.arg(p.name, p.user, domain, p.presenceDescription()));
    }
    return u"Also in this demo: "_s + parts.join(u"; "_s) +
           u". Your contact list shows their presence next to their names."_s;
}

} // namespace

QString DemoReplies::assistant(const QString &text, const Jid &from, const QDateTime &now,
                               const QList<DemoPersona> &cast)
{
    const QString command = normalizedCommand(text);
    if (command == u"help" || command == u"?" || command == u"what can you do")
        return helpText();
    if (command == u"time" || command == u"date" || command == u"what time is it") {
        const QLocale english(QLocale::English, QLocale::UnitedKingdom);
        return u"It is %1 here, %2 (%3)."_s.arg(english.toString(now.time(), u"HH:mm:ss"_s),
                                                english.toString(now.date(), u"dddd d MMMM yyyy"_s),
                                                utcOffset(now));
    }
    if (command == u"who" || command == u"whoami" || command == u"who am i") {
        return u"Your message came from %1, the address of the client you are writing from, so "
               u"my answers go there and nowhere else. Write from another client and I answer "
               u"that one."_s.arg(from.toString());
    }
    if (command == u"contacts" || command == u"who is here")
        return castText(from.domainpart(), cast);
    if (command == u"ping")
        return u"pong"_s;
    if (command == u"hi" || command == u"hello" || command == u"hey" || command == u"hallo") {
        return u"Hello! Nice to meet you. I'm the Natter demo contact: write “help” to see what "
               u"I can do."_s;
    }
    QString echo = text.trimmed();
    if (echo.size() > MaxEcho)
        echo = echo.left(MaxEcho) + u'…';
    return u"You said: “%1”\n(Write “help” to see what else I can do.)"_s.arg(echo);
}

QString DemoReplies::awayNotice(const DemoPersona &persona)
{
    return u"[Automatic reply] I'm away: %1. I'll read your message when I'm back."_s.arg(
        persona.status.isEmpty() ? u"not at my desk"_s : persona.status);
}

QString DemoReplies::smallTalk(int count, const DemoPersona &self, const QString &assistantName)
{
    switch (count % 3) {
    case 0:
        return u"Hi, %1 here! Nice to see you on Natter. For a tour, write “help” to %2."_s.arg(
            self.name.section(u' ', 0, 0), assistantName);
    case 1:
        return u"Glad you wrote! I'm only here for small talk; %1 knows all the tricks."_s.arg(
            assistantName);
    default:
        return u"Still here! Everything you write travels through a real XMPP server on your "
               u"computer."_s;
    }
}

} // namespace natter::demo
