// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "account/Extension.h"
#include "stanza/Jid.h"
#include "stanza/Message.h"
#include "stanza/StanzaError.h"

#include <QList>
#include <QPointer>

#include <functional>
#include <optional>

namespace natter {

// Messages (RFC 6121 §5) with a unique XEP-0359 origin-id on every message we send.
//
// It is the last stop for inbound messages: every message no other extension claimed (carbons,
// MAM results, MUC invitations, …) arrives here, whatever the order in which the extensions were
// constructed. To get that without depending on construction order it listens to
// Account::messageReceived — the Account's outlet for unclaimed messages — instead of claiming
// in handleMessage().
class MessageExtension : public Extension
{
    Q_OBJECT
public:
    explicit MessageExtension(Account *account);

    QStringList discoFeatures() const override;

    // Fills a unique id and an XEP-0359 origin-id when missing (one fresh random value for both,
    // so that an error bounce, which carries our id, names the origin-id too), runs the outgoing
    // hooks, then sends.
    // Returns the message as sent, or std::nullopt when offline.
    std::optional<Message> send(Message message);
    std::optional<Message> sendChat(const Jid &to, const QString &body,
                                    Message::Type type = Message::Type::Chat,
                                    const QString &subject = {}, const QString &thread = {});

    // A fresh unpredictable id for XEP-0359 <origin-id/> (128 random bits).
    static QString generateOriginId();

    // Lets per-message extensions (receipt requests, markable, chat states) add their payloads to
    // every message send() sends: hooks run in the order added, after the ids are filled and
    // before the message goes out, and only while their context object lives. A hook decides by
    // itself which messages it touches (type, body, payloads already present).
    using OutgoingHook = std::function<void(Message &message)>;
    void addOutgoingHook(QObject *context, OutgoingHook hook);

Q_SIGNALS:
    // Every incoming message of any type (chat, normal, headline, groupchat, error), also those
    // without body (the receiver decides what to show; pick the body with
    // message.body(account->preferredLanguage())).
    void messageReceived(const natter::Message &message);
    // An error bounce (type='error') for a message we sent, with the id of ours and the error.
    // The id is whatever the bouncing entity copied back: match it against what was sent.
    void messageFailed(const QString &id, const natter::Jid &from,
                       const natter::StanzaError &error);

private:
    struct Hook
    {
        QPointer<QObject> context;
        OutgoingHook run;
    };

    void onMessage(const Message &message);

    QList<Hook> m_hooks;
};

} // namespace natter
