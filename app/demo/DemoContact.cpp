// SPDX-License-Identifier: GPL-3.0-or-later
#include "DemoContact.h"

#include "DemoReplies.h"

#include "account/Account.h"
#include "ext/MessageExtension.h"
#include "ext/PresenceExtension.h"
#include "ext/RosterExtension.h"
#include "ext/SubscriptionExtension.h"
#include "stanza/Message.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace natter::demo {

Q_LOGGING_CATEGORY(lcDemoContact, "natter.demo.contact")

DemoContact::DemoContact(const DemoPersona &persona, const ConnectionSettings &settings,
                         QObject *parent)
    : QObject(parent)
    , m_persona(persona)
    , m_account(new Account(this))
{
    ConnectionSettings s = settings;
    s.jid = settings.jid.bare().withResource(persona.resource);
    m_account->setSettings(s);
    m_ext = StandardExtensions::install(m_account);
    // Initial presence carries the persona's availability (RFC 6121 §4.2).
    m_ext.presence->setPresence(persona.show, persona.status, 0);

    connect(m_ext.presence, &PresenceExtension::initialPresenceSent, this, [this] {
        if (m_available || m_stopping)
            return;
        m_available = true;
        qCInfo(lcDemoContact).noquote() << m_account->jid().toString() << "is available";
        Q_EMIT available();
    });
    connect(m_ext.messages, &MessageExtension::messageReceived, this, &DemoContact::onMessage);
    connect(m_ext.subscriptions, &SubscriptionExtension::subscriptionRequested, this,
            [this](const Jid &from) { onSubscriptionRequested(from); });
    connect(m_account, &Account::disconnected, this, [this](const ConnectionError &error) {
        m_available = false;
        if (m_stopping) {
            Q_EMIT stopped();
        } else if (error.isError()) {
            Q_EMIT failed(u"%1: %2"_s.arg(m_account->settings().jid.bareString(), error.message()));
        }
    });
}

Jid DemoContact::jid() const
{
    return m_account->settings().jid.bare();
}

void DemoContact::setCast(const QList<DemoPersona> &cast, const QString &assistantName)
{
    m_cast = cast;
    m_assistantName = assistantName;
}

bool DemoContact::isOffline() const
{
    return m_account->state() == Account::State::Offline ||
           m_account->state() == Account::State::Error;
}

void DemoContact::start()
{
    m_stopping = false;
    m_account->connectToServer();
}

void DemoContact::stop()
{
    m_stopping = true;
    if (isOffline()) {
        Q_EMIT stopped();
        return;
    }
    if (m_account->isOnline() && m_available) {
        m_ext.presence->goUnavailable(m_persona.staysOnline ? QString() : m_persona.status);
    }
    m_available = false;
    m_account->disconnectFromServer();
}

void DemoContact::onSubscriptionRequested(const Jid &from)
{
    // Whoever wants to see our presence may (this is a demo); and we want to see theirs.
    qCInfo(lcDemoContact).noquote() << m_account->jid().bareString()
                                    << "accepts the subscription request of" << from.toString();
    m_ext.subscriptions->approve(from);
    const auto item = m_ext.roster->item(from);
    if (!item || (!item->isSubscribedTo() && !item->askSubscribe))
        m_ext.subscriptions->subscribe(from);
}

void DemoContact::onMessage(const Message &message)
{
    // Only a person's words get an answer: no errors, no bodiless notifications (chat states),
    // no group chat or headlines, nothing from the server itself, nothing of our own.
    const Message::Type type = message.type();
    if (type != Message::Type::Chat && type != Message::Type::Normal)
        return;
    const QString body = message.body(m_account->preferredLanguage());
    if (body.trimmed().isEmpty() || !message.from().isFull() ||
        message.from().bareEquals(m_account->jid()))
        return;
    const QString answer = answerTo(message);
    if (answer.isEmpty())
        return;
    QTimer::singleShot(ReplyDelayMs, this, [this, message, answer] { reply(message, answer); });
}

QString DemoContact::answerTo(const Message &message)
{
    const Jid from = message.from();
    const QString body = message.body(m_account->preferredLanguage());
    switch (m_persona.manners) {
    case DemoPersona::Manners::Assistant:
        return DemoReplies::assistant(body, from, QDateTime::currentDateTime(), m_cast);
    case DemoPersona::Manners::AwayNotice:
        if (m_noticed.contains(from))
            return {};
        m_noticed.insert(from);
        return DemoReplies::awayNotice(m_persona);
    case DemoPersona::Manners::SmallTalk:
        return DemoReplies::smallTalk(m_smallTalk++, m_persona, m_assistantName);
    case DemoPersona::Manners::Silent:
        break;
    }
    return {};
}

void DemoContact::reply(const Message &message, const QString &text)
{
    if (!m_account->isOnline())
        return;
    // To the full JID the message came from (RFC 6121 §5.1: the conversation is locked to that
    // resource), as a chat message in the same thread.
    m_ext.messages->sendChat(message.from(), text, Message::Type::Chat, {}, message.thread());
}

} // namespace natter::demo
