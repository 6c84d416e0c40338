// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: stanzas as the server sends them, through every parser that reads them.
//
// The input is the body of a stream: it is fed to a StreamParser behind a fixed
// <stream:stream xmlns='jabber:client'> header, and every stanza that comes out goes through
// Stanza/Message/Presence/Iq/StanzaError accessors and every payload parser in core/payloads
// (DiscoInfo, RosterQuery, RosterItem, SoftwareVersion), applied to the stanza and to each of its
// children and grandchildren.
//
// Invariants:
//   - the stanza survives serialisation: fromXml(toXml()) == stanza;
//   - a payload parsed from an element parses again, to the same value, from its own
//     toElement(), both directly and after serialising to XML and back;
//   - StanzaError, Message and Presence read back what their setters wrote.
#include "FuzzSupport.h"

#include "payloads/DiscoInfo.h"
#include "payloads/RosterItem.h"
#include "payloads/RosterQuery.h"
#include "payloads/SoftwareVersion.h"
#include "stanza/Iq.h"
#include "stanza/Message.h"
#include "stanza/Presence.h"
#include "stanza/Stanza.h"
#include "stanza/StanzaError.h"
#include "xml/Namespaces.h"
#include "xml/StreamParser.h"
#include "xml/XmlElement.h"

using namespace natter;
using natter::fuzz::quoted;

namespace {

const QByteArray streamHeader =
    QByteArrayLiteral("<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                      "xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>");

// Serialises as a stanza is sent, then parses it back.
XmlElement throughXml(const XmlElement &element)
{
    return XmlElement::fromXml(element.toXml());
}

template<typename Payload>
void roundTrip(const XmlElement &element, const char *name)
{
    const std::optional<Payload> parsed = Payload::fromElement(element);
    if (!parsed)
        return;
    const XmlElement written = parsed->toElement();
    const std::optional<Payload> again = Payload::fromElement(written);
    FUZZ_CHECK(again && *again == *parsed,
               QByteArray(name) + ": toElement() does not parse back: " + quoted(element.toXml()) +
                   "\n  wrote " + quoted(written.toXml()));
    const std::optional<Payload> viaXml = Payload::fromElement(throughXml(written));
    FUZZ_CHECK(viaXml && *viaXml == *parsed,
               QByteArray(name) + ": the XML of toElement() does not parse back: " +
                   quoted(element.toXml()) + "\n  wrote " + quoted(written.toXml()));
}

void payloads(const XmlElement &element)
{
    roundTrip<DiscoInfo>(element, "DiscoInfo");
    roundTrip<RosterQuery>(element, "RosterQuery");
    roundTrip<RosterItem>(element, "RosterItem");
    roundTrip<SoftwareVersion>(element, "SoftwareVersion");
    if (const std::optional<DiscoInfo> info = DiscoInfo::fromElement(element)) {
        for (const QString &feature : info->features)
            FUZZ_CHECK(info->hasFeature(feature), "hasFeature()");
        for (const DiscoIdentity &identity : info->identities)
            FUZZ_CHECK(info->hasIdentity(identity.category, identity.type), "hasIdentity()");
        (void)info->extension(QStringLiteral("urn:xmpp:dataforms:softwareinfo"));
    }
    if (const std::optional<RosterItem> item = RosterItem::fromElement(element)) {
        FUZZ_CHECK(item->jid.isValid(), "a roster item without a valid JID");
        FUZZ_CHECK(RosterItem::normalizedGroups(item->groups) == item->groups,
                   "groups not normalised");
        (void)item->displayName();
        (void)item->toRequestElement().toXml();
        const std::optional<RosterItem> request = RosterItem::fromElement(item->toRequestElement());
        FUZZ_CHECK(request && request->jid == item->jid, "toRequestElement() lost the JID");
    }
}

void checkError(const XmlElement &element)
{
    const StanzaError error = StanzaError::fromElement(element);
    (void)error.description();
    FUZZ_CHECK(StanzaError::conditionFromName(error.conditionName()) == error.condition(),
               "conditionName() does not map back");
    const XmlElement written = error.toElement();
    for (const XmlElement &copy : {written, throughXml(written)}) {
        const StanzaError again = StanzaError::fromElement(copy);
        FUZZ_CHECK(again.type() == error.type() && again.condition() == error.condition() &&
                       again.text() == error.text() && again.by() == error.by() &&
                       again.redirectUri() == error.redirectUri(),
                   "StanzaError does not survive toElement(): " + quoted(element.toXml()) +
                       "\n  wrote " + quoted(written.toXml()));
    }
}

void checkMessage(const Message &message)
{
    (void)message.body();
    (void)message.body(QStringLiteral("de-AT"));
    (void)message.subject(QStringLiteral("en"));
    (void)message.hasBody();
    (void)message.hasSubject();
    (void)message.originId();
    Message copy;
    copy.setType(message.type());
    FUZZ_CHECK(copy.type() == message.type(), "Message::setType()");
    const QList<Message::LocalizedText> bodies = message.bodies();
    for (const Message::LocalizedText &body : bodies)
        copy.addBody(body.text, body.lang);
    FUZZ_CHECK(copy.bodies() == bodies, "Message::addBody() does not read back");
    const QList<Message::LocalizedText> subjects = message.subjects();
    if (!subjects.isEmpty()) {
        copy.setSubject(subjects.first().text, subjects.first().lang);
        FUZZ_CHECK(copy.subjects().first() == subjects.first(), "Message::setSubject()");
    }
    copy.setThread(message.thread(), message.parentThread());
    FUZZ_CHECK(copy.thread() == message.thread(), "Message::setThread()");
    if (!message.thread().isEmpty())
        FUZZ_CHECK(copy.parentThread() == message.parentThread(), "Message::setThread() parent");
    copy.setOriginId(message.originId());
    FUZZ_CHECK(copy.originId() == message.originId(), "Message::setOriginId()");
    const Message viaXml(throughXml(copy.element()));
    FUZZ_CHECK(viaXml.bodies() == bodies && viaXml.thread() == message.thread(),
               "a Message built with setters does not survive XML: " +
                   quoted(copy.element().toXml()));
}

void checkPresence(const Presence &presence)
{
    Presence copy(presence.type());
    if (presence.type() != Presence::Type::Invalid)
        FUZZ_CHECK(copy.type() == presence.type(), "Presence(type)");
    copy.setShow(presence.show());
    FUZZ_CHECK(copy.show() == presence.show(), "Presence::setShow()");
    const QString status = presence.status();
    copy.setStatus(status);
    FUZZ_CHECK(copy.status() == status, "Presence::setStatus()");
    const int priority = presence.priority();
    FUZZ_CHECK(priority >= -128 && priority <= 127, "priority out of range");
    copy.setPriority(priority);
    FUZZ_CHECK(copy.priority() == priority, "Presence::setPriority()");
    (void)presence.status(QStringLiteral("it"));
}

void checkIq(const Iq &iq)
{
    (void)iq.isRequest();
    const XmlElement payload = iq.payload();
    if (!payload.isNull())
        FUZZ_CHECK(!payload.is(ns::Client, u"error") && !payload.isText(), "Iq::payload()");
    const Iq result = Iq::resultFor(iq, payload);
    FUZZ_CHECK(result.type() == Iq::Type::Result && result.id() == iq.id(), "Iq::resultFor()");
    const Iq error = Iq::errorFor(iq, iq.error());
    FUZZ_CHECK(error.type() == Iq::Type::Error &&
                   error.error().condition() == iq.error().condition(),
               "Iq::errorFor()");
}

void checkStanza(const XmlElement &element)
{
    // The stanza as we would log or forward it.
    const QByteArray xml = element.toXml();
    const XmlElement reparsed = XmlElement::fromXml(xml);
    FUZZ_CHECK(reparsed == element, "a parsed stanza does not survive toXml(): " + quoted(xml));

    const Stanza stanza(element);
    (void)stanza.from();
    (void)stanza.to();
    (void)stanza.hasFrom();
    (void)stanza.hasTo();
    (void)stanza.id();
    (void)stanza.lang();
    (void)stanza.typeAttribute();
    if (stanza.hasFrom() && stanza.from().isValid())
        FUZZ_CHECK(Jid::fromString(stanza.from().toString()) == stanza.from(), "from() re-parse");
    if (stanza.isErrorType())
        checkError(element.firstChild(ns::Client, u"error"));
    switch (stanza.kind()) {
    case Stanza::Kind::Message:
        checkMessage(Message(element));
        break;
    case Stanza::Kind::Presence:
        checkPresence(Presence(element));
        break;
    case Stanza::Kind::Iq:
        checkIq(Iq(element));
        break;
    case Stanza::Kind::Other:
        break;
    }
    // Payload parsers on everything near the top: the stanza, its children, their children.
    payloads(element);
    for (const XmlElement &child : element.children()) {
        payloads(child);
        if (child.name() == u"error")
            checkError(child);
        for (const XmlElement &grandchild : child.children())
            payloads(grandchild);
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    natter::fuzz::quietQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    StreamParser parser;
    parser.feed(streamHeader);
    parser.feed(QByteArrayView(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size)));
    while (true) {
        const StreamParser::Event event = parser.next();
        if (event.type == StreamParser::EventType::Stanza)
            checkStanza(event.element);
        else if (event.type != StreamParser::EventType::StreamOpened)
            break;
    }
    return 0;
}
