// SPDX-License-Identifier: GPL-3.0-or-later
#include "DemoPersona.h"

using namespace Qt::StringLiterals;

namespace natter::demo {

DemoPersona DemoPersona::forUser(const QString &user)
{
    DemoPersona p;
    p.user = user;
    if (user == u"demo") {
        p.name = u"Natter Demo"_s;
        p.group = u"Natter team"_s;
        p.resource = u"assistant"_s;
        p.status = u"Ask me anything about Natter"_s;
        p.manners = Manners::Assistant;
    } else if (user == u"alice") {
        p.name = u"Alice Liddell"_s;
        p.group = u"Friends"_s;
        p.resource = u"phone"_s;
        p.show = Presence::Show::Away;
        p.status = u"Back in 10 minutes"_s;
        p.manners = Manners::AwayNotice;
    } else if (user == u"bob") {
        p.name = u"Bob Builder"_s;
        p.group = u"Friends"_s;
        p.resource = u"laptop"_s;
        p.show = Presence::Show::Dnd;
        p.status = u"In a meeting"_s;
        p.manners = Manners::Silent;
    } else if (user == u"carol") {
        p.name = u"Carol Jones"_s;
        p.group = u"Work"_s;
        p.resource = u"desktop"_s;
        p.show = Presence::Show::Chat;
        p.status = u"Free to chat"_s;
        p.manners = Manners::SmallTalk;
    } else if (user == u"dave") {
        p.name = u"Dave Miller"_s;
        p.group = u"Work"_s;
        p.resource = u"desktop"_s;
        p.status = u"Gone hiking"_s;
        p.staysOnline = false;
        p.manners = Manners::Silent;
    } else {
        p.name = user.left(1).toUpper() + user.mid(1);
        p.group = u"Demo"_s;
        p.resource = u"demo"_s;
        p.manners = Manners::Silent;
    }
    return p;
}

QString DemoPersona::presenceDescription() const
{
    if (!staysOnline)
        return u"offline"_s;
    switch (show) {
    case Presence::Show::Chat:
        return u"free to chat"_s;
    case Presence::Show::Away:
        return u"away"_s;
    case Presence::Show::Xa:
        return u"away for a while"_s;
    case Presence::Show::Dnd:
        return u"busy (do not disturb)"_s;
    case Presence::Show::None:
        break;
    }
    return u"available"_s;
}

} // namespace natter::demo
