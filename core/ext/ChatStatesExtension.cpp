// SPDX-License-Identifier: GPL-3.0-or-later
#include "ChatStatesExtension.h"

#include "account/Account.h"
#include "ext/MessageExtension.h"
#include "xml/Namespaces.h"

#include <QLoggingCategory>

#include <array>

Q_LOGGING_CATEGORY(lcChatStates, "natter.chatstates")

namespace natter {

namespace {
const std::array<std::pair<ChatStatesExtension::State, const char16_t *>, 5> stateNames{{
    {ChatStatesExtension::State::Active, u"active"},
    {ChatStatesExtension::State::Composing, u"composing"},
    {ChatStatesExtension::State::Paused, u"paused"},
    {ChatStatesExtension::State::Inactive, u"inactive"},
    {ChatStatesExtension::State::Gone, u"gone"},
}};
} // namespace

ChatStatesExtension::ChatStatesExtension(Account *account, MessageExtension *messages,
                                         RosterExtension *roster, PresenceExtension *presence)
    : Extension(account)
    , m_messages(messages)
    , m_visibility(account, roster, presence)
{
    Q_ASSERT(messages);
    messages->addOutgoingHook(this, [this](Message &message) {
        if (message.type() != Message::Type::Chat || !message.hasBody() || stateOf(message))
            return;
        const Jid peer = message.to().bare();
        if (m_support.value(peer, true)) {
            message.element().appendChild(XmlElement(ns::ChatStates, QStringLiteral("active")));
            m_sentState.insert(peer);
        }
    });
}

QStringList ChatStatesExtension::discoFeatures() const
{
    return {ns::ChatStates};
}

QString ChatStatesExtension::stateName(State state)
{
    for (const auto &[s, name] : stateNames) {
        if (s == state)
            return QString::fromUtf16(name);
    }
    return {};
}

std::optional<ChatStatesExtension::State> ChatStatesExtension::stateFromName(QStringView name)
{
    for (const auto &[s, n] : stateNames) {
        if (name == QStringView(n))
            return s;
    }
    return std::nullopt;
}

std::optional<ChatStatesExtension::State> ChatStatesExtension::stateOf(const Message &message)
{
    for (const XmlElement &child : message.element().nodes()) {
        if (!child.isText() && child.namespaceUri() == ns::ChatStates) {
            if (const auto state = stateFromName(child.name()))
                return state;
        }
    }
    return std::nullopt;
}

Message ChatStatesExtension::notification(const Jid &to, State state)
{
    Message message;
    message.setTo(to);
    message.setType(Message::Type::Chat);
    message.element().appendChild(XmlElement(ns::ChatStates, stateName(state)));
    message.element().appendChild(XmlElement(ns::Hints, QStringLiteral("no-store")));
    return message;
}

std::optional<bool> ChatStatesExtension::peerSupport(const Jid &jid) const
{
    const auto it = m_support.constFind(jid.bare());
    if (it == m_support.cend())
        return std::nullopt;
    return *it;
}

bool ChatStatesExtension::maySendTo(const Jid &to) const
{
    return to.isValid() && m_support.value(to.bare(), true) && m_visibility.maySee(to);
}

bool ChatStatesExtension::sendChatState(const Jid &to, State state)
{
    if (!m_messages || !maySendTo(to))
        return false;
    if (!m_messages->send(notification(to, state)))
        return false;
    m_sentState.insert(to.bare());
    return true;
}

bool ChatStatesExtension::handleMessage(const Message &message)
{
    const Message::Type type = message.type();
    if (type == Message::Type::Error || type == Message::Type::Headline)
        return false;
    const Jid from = message.from();
    if (!from.isValid())
        return false;
    const std::optional<State> state = stateOf(message);
    if (type != Message::Type::Groupchat) {
        const Jid peer = from.bare();
        if (state) {
            m_support.insert(peer, true);
        } else if (message.hasBody() && m_sentState.contains(peer)) {
            // XEP-0085 §5.1: they answered our notifications with a content message without one.
            qCInfo(lcChatStates) << peer.toString() << "does not send chat states; we stop too";
            m_support.insert(peer, false);
        }
        if (message.hasBody())
            m_sentState.remove(peer);
    }
    if (state)
        Q_EMIT chatStateChanged(from, *state);
    return false;
}

void ChatStatesExtension::sessionEnded()
{
    m_sentState.clear();
}

} // namespace natter
