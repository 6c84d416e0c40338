// SPDX-License-Identifier: GPL-3.0-or-later
#include "MarkersExtension.h"

#include "account/Account.h"
#include "ext/MessageExtension.h"
#include "xml/Namespaces.h"

#include <QLoggingCategory>

#include <algorithm>

Q_LOGGING_CATEGORY(lcMarkers, "natter.markers")

namespace natter {

namespace {
bool isChatOrNormal(Message::Type type)
{
    return type == Message::Type::Chat || type == Message::Type::Normal;
}

bool isMarker(const XmlElement &element)
{
    return element.namespaceUri() == ns::ChatMarkers && element.name() != u"markable";
}

bool hasMarker(const Message &message)
{
    const QList<XmlElement> children = message.element().children();
    return std::any_of(children.cbegin(), children.cend(), isMarker);
}
} // namespace

MarkersExtension::MarkersExtension(Account *account, MessageExtension *messages,
                                   RosterExtension *roster, PresenceExtension *presence)
    : Extension(account)
    , m_messages(messages)
    , m_visibility(account, roster, presence)
{
    Q_ASSERT(messages);
    messages->addOutgoingHook(this, [this](Message &message) {
        if (m_markOutgoing && wantsMarkable(message))
            message.element().appendChild(XmlElement(ns::ChatMarkers, QStringLiteral("markable")));
    });
}

QStringList MarkersExtension::discoFeatures() const
{
    return {ns::ChatMarkers};
}

bool MarkersExtension::isMarkable(const Message &message)
{
    return message.element().hasChild(ns::ChatMarkers, u"markable");
}

QString MarkersExtension::displayedId(const Message &message)
{
    return message.element().firstChild(ns::ChatMarkers, u"displayed").attribute(u"id");
}

bool MarkersExtension::wantsMarkable(const Message &message)
{
    const XmlElement &e = message.element();
    return isChatOrNormal(message.type()) && message.hasBody() && !isMarkable(message) &&
           !hasMarker(message) && !e.hasChild(ns::MessageCorrect, u"replace") &&
           !e.hasChild(ns::Fallback, u"fallback");
}

bool MarkersExtension::isFromPeer(const Jid &markerFrom, const Jid &conversationPeer)
{
    return markerFrom.isValid() && markerFrom.bareEquals(conversationPeer);
}

bool MarkersExtension::sendDisplayed(const Jid &to, const QString &id, const QString &thread,
                                     Message::Type type)
{
    if (!m_messages || id.isEmpty() || !to.isValid() || !isChatOrNormal(type))
        return false;
    if (!m_visibility.maySee(to)) {
        qCInfo(lcMarkers) << "no displayed marker to" << to.toString()
                          << ": not authorized to see our presence";
        return false;
    }
    Message marker;
    marker.setTo(to);
    marker.setType(type);
    marker.setThread(thread);
    XmlElement displayed(ns::ChatMarkers, QStringLiteral("displayed"));
    displayed.setAttribute(QStringLiteral("id"), id);
    marker.element().appendChild(displayed);
    return m_messages->send(marker).has_value();
}

bool MarkersExtension::handleMessage(const Message &message)
{
    if (!isChatOrNormal(message.type()))
        return false;
    const QString id = displayedId(message);
    if (!id.isEmpty() && message.from().isValid()) {
        qCDebug(lcMarkers) << "displayed" << id << "by" << message.from().toString();
        Q_EMIT displayed(message.from(), id);
    }
    return false;
}

} // namespace natter
