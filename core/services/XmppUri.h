// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "stanza/Jid.h"

#include <QList>
#include <QString>

#include <utility>

namespace natter {

// An xmpp: URI or IRI (RFC 5122) with the query actions of XEP-0147 that Natter acts on:
//   xmpp:romeo@montague.net                               open a chat
//   xmpp:romeo@montague.net?message;body=Hi%20there       open a chat, "Hi there" in the input
//   xmpp:romeo@montague.net?roster;name=Romeo;group=Friends   add a contact
//   xmpp:romeo@montague.net?subscribe                     add a contact, asking for presence
//   xmpp://guest@example.com/support@example.com?message  the same, for the account guest@…
// Percent-encoded octets are UTF-8; non-ASCII characters may also appear as they are (IRI).
// Unknown query types are kept (queryType()) and mean "just open".
class XmppUri
{
public:
    enum class Action
    {
        Open,      // no query
        Message,   // ?message
        Roster,    // ?roster
        Subscribe, // ?subscribe
        Other,     // any other query type: open
    };

    XmppUri() = default;

    // Parses text; on failure isValid() is false and error() says why (translated).
    static XmppUri parse(const QString &text);
    // Whether text starts with the xmpp: scheme (case-insensitive), i.e. is meant as a URI.
    static bool hasXmppScheme(const QString &text);

    bool isValid() const { return m_error.isEmpty() && !m_target.isNull(); }
    QString error() const { return m_error; }
    // The text as given.
    QString text() const { return m_text; }

    // The account to act for (authority component); null when the URI does not name one.
    Jid account() const { return m_account; }
    // The address the URI is about.
    Jid target() const { return m_target; }
    Action action() const { return m_action; }
    // The query type as written, e.g. "message" or "join"; empty without a query.
    QString queryType() const { return m_queryType; }
    // The key-value pairs of the query in order, decoded.
    const QList<std::pair<QString, QString>> &parameters() const { return m_parameters; }
    bool hasValue(const QString &key) const;
    // The first value for key, or an empty string.
    QString value(const QString &key) const;

    // Shorthands for the keys of the actions above.
    QString body() const { return value(QStringLiteral("body")); }
    QString subject() const { return value(QStringLiteral("subject")); }
    QString name() const { return value(QStringLiteral("name")); }
    QString group() const { return value(QStringLiteral("group")); }

private:
    QString m_text;
    QString m_error;
    Jid m_account;
    Jid m_target;
    Action m_action = Action::Open;
    QString m_queryType;
    QList<std::pair<QString, QString>> m_parameters;
};

} // namespace natter
