// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "FakeTransport.h"
#include "account/Account.h"
#include "ext/MessageExtension.h"
#include "ext/PresenceExtension.h"
#include "ext/RosterExtension.h"
#include "xml/Namespaces.h"

#include <QTest>

namespace natter {

inline char *toString(const XmlElement &element)
{
    return QTest::toString(element.isNull() ? QStringLiteral("(null)")
                                            : element.toString(ns::Client));
}

// An online Account over a FakeTransport with roster, presence and messages, for the tests of
// the per-message extensions (receipts, markers, chat states, corrections, retraction): add the
// extension under test on `account`, inject() what the peer sends, and compare what went out
// with sent(template) ("%1" in the template stands for the id MessageExtension chose).
class MessageHarness
{
public:
    explicit MessageHarness(const QString &jid = QStringLiteral("romeo@montague.lit"))
        : account(new Account(new FakeTransport))
        , transport(static_cast<FakeTransport *>(account->transport()))
        , roster(new RosterExtension(account))
        , presence(new PresenceExtension(account, roster))
        , messages(new MessageExtension(account))
    {
        roster->setAutoFetch(false);
        ConnectionSettings settings;
        settings.jid = Jid::fromString(jid);
        settings.password = QStringLiteral("secret");
        account->setSettings(settings);
        account->connectToServer();
        transport->clearSent(); // initial presence
    }
    ~MessageHarness() { delete account; }
    MessageHarness(const MessageHarness &) = delete;
    MessageHarness &operator=(const MessageHarness &) = delete;

    // A roster push for jid with this subscription ("none", "to", "from", "both").
    void addContact(const QString &jid, const QString &subscription)
    {
        transport->inject(QStringLiteral("<iq type='set' id='push-%1'><query "
                                         "xmlns='jabber:iq:roster'><item jid='%1' "
                                         "subscription='%2'/></query></iq>")
                              .arg(jid, subscription));
        transport->clearSent();
    }

    void inject(const QString &xml) { transport->inject(xml); }
    const QList<XmlElement> &sent() const { return transport->sent(); }
    XmlElement lastSent() const { return transport->lastSent(); }
    void clearSent() { transport->clearSent(); }

    // Parses test XML and drops whitespace-only text, as the wire form has none.
    static XmlElement xml(const QString &text)
    {
        const XmlElement element = FakeTransport::parse(text);
        if (element.isNull())
            qFatal("test XML is not one well-formed element");
        return stripped(element);
    }
    // The expected stanza for what went out: "%1" replaced by wire's id.
    static XmlElement expected(const QString &text, const XmlElement &wire)
    {
        return xml(text.arg(wire.attribute(u"id")));
    }
    static XmlElement stripped(const XmlElement &element)
    {
        if (element.isNull() || element.isText())
            return element;
        XmlElement out(element.namespaceUri(), element.name());
        for (const XmlAttribute &a : element.attributes())
            out.setAttribute(a.namespaceUri, a.name, a.value);
        for (const XmlElement &node : element.nodes()) {
            if (!node.isText())
                out.appendChild(stripped(node));
            else if (!node.text().trimmed().isEmpty())
                out.appendText(node.text());
        }
        return out;
    }

    Account *account;
    FakeTransport *transport;
    RosterExtension *roster;
    PresenceExtension *presence;
    MessageExtension *messages;
};

} // namespace natter
