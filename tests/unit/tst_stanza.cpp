// SPDX-License-Identifier: GPL-3.0-or-later
#include "stanza/Iq.h"
#include "stanza/Message.h"
#include "stanza/Presence.h"
#include "stanza/Stanza.h"
#include "stanza/StanzaError.h"
#include "xml/Namespaces.h"
#include "xml/StreamParser.h"
#include "xml/XmlElement.h"

#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <optional>

Q_DECLARE_METATYPE(natter::Message::Type)
Q_DECLARE_METATYPE(natter::Presence::Type)
Q_DECLARE_METATYPE(natter::Presence::Show)
Q_DECLARE_METATYPE(natter::Iq::Type)
Q_DECLARE_METATYPE(natter::StanzaError::Type)
Q_DECLARE_METATYPE(natter::StanzaError::Condition)
Q_DECLARE_METATYPE(natter::Stanza::Kind)

using namespace Qt::Literals::StringLiterals;

namespace natter {

char *toString(const XmlElement &element)
{
    return qstrdup(element.isNull() ? "(null)" : element.toXml().constData());
}

namespace {

XmlElement parse(const QByteArray &xml)
{
    const XmlElement e = XmlElement::fromXml(xml);
    if (e.isNull())
        qFatal("test data is not well-formed: %s", xml.constData());
    return e;
}

// A stanza as it arrives inside <stream:stream xmlns='jabber:client'>.
XmlElement stanza(const QByteArray &xml)
{
    return parse("<stream xmlns='jabber:client'>" + xml + "</stream>").firstChild();
}

QList<XmlElement> recordedStanzas(const QString &name)
{
    QFile file(QStringLiteral(NATTER_TEST_DATA_DIR "/streams/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open %s", qPrintable(file.fileName()));
    StreamParser parser;
    parser.feed(file.readAll());
    QList<XmlElement> out;
    while (true) {
        const StreamParser::Event event = parser.next();
        if (event.type == StreamParser::EventType::Stanza)
            out.append(event.element);
        else if (event.type != StreamParser::EventType::StreamOpened)
            break;
    }
    return out;
}

const QString stanzaErrors = u"urn:ietf:params:xml:ns:xmpp-stanzas"_s;

QByteArray typeName(StanzaError::Type type)
{
    switch (type) {
    case StanzaError::Type::Auth:
        return "auth";
    case StanzaError::Type::Cancel:
        return "cancel";
    case StanzaError::Type::Continue:
        return "continue";
    case StanzaError::Type::Modify:
        return "modify";
    case StanzaError::Type::Wait:
        return "wait";
    }
    return {};
}

} // namespace

class tst_Stanza : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Stanza
    void kindOfElement_data();
    void kindOfElement();
    void addresses_data();
    void addresses();
    void settingAddresses();
    void idAndLanguage();
    void wrappingCopiesTheElement();
    void generatedIdsAreUniqueAndLong();

    // Message
    void messageType_data();
    void messageType();
    void messageTypeNames();
    void bodyForLanguage_data();
    void bodyForLanguage();
    void bodiesListsEveryBody();
    void setBodyAndAddBody();
    void subjects();
    void threadWithParent();
    void originId();
    void recordedChatMessage();

    // Presence
    void presenceType_data();
    void presenceType();
    void presenceTypeWriting();
    void presenceShow_data();
    void presenceShow();
    void presenceStatus();
    void presencePriority_data();
    void presencePriority();
    void setPriority_data();
    void setPriority();
    void recordedPresences();

    // Iq
    void iqType_data();
    void iqType();
    void iqPayload_data();
    void iqPayload();
    void resultForAddressesTheRequester();
    void errorForCarriesTheError();

    // StanzaError
    void everyConditionRoundTrips_data();
    void everyConditionRoundTrips();
    void errorParsing_data();
    void errorParsing();
    void errorWithByTextAndRedirectRoundTrips();
    void descriptionsAreDistinctSentences();
    void recordedIqError();
};

// ---- Stanza ----------------------------------------------------------------------------------

void tst_Stanza::kindOfElement_data()
{
    QTest::addColumn<XmlElement>("element");
    QTest::addColumn<Stanza::Kind>("kind");

    QTest::addRow("message") << stanza("<message/>") << Stanza::Kind::Message;
    QTest::addRow("presence") << stanza("<presence/>") << Stanza::Kind::Presence;
    QTest::addRow("iq") << stanza("<iq/>") << Stanza::Kind::Iq;
    QTest::addRow("prefixed message")
        << parse("<c:message xmlns:c='jabber:client'/>") << Stanza::Kind::Message;
    QTest::addRow("server namespace")
        << parse("<message xmlns='jabber:server'/>") << Stanza::Kind::Other;
    QTest::addRow("no namespace") << parse("<message/>") << Stanza::Kind::Other;
    QTest::addRow("stream management")
        << stanza("<r xmlns='urn:xmpp:sm:3'/>") << Stanza::Kind::Other;
    QTest::addRow("other client element") << stanza("<body/>") << Stanza::Kind::Other;
    QTest::addRow("null") << XmlElement() << Stanza::Kind::Other;
}

void tst_Stanza::kindOfElement()
{
    QFETCH(XmlElement, element);
    QFETCH(Stanza::Kind, kind);
    QCOMPARE(Stanza::kindOf(element), kind);
    QCOMPARE(Stanza(element).kind(), kind);
}

void tst_Stanza::addresses_data()
{
    QTest::addColumn<QByteArray>("xml");
    QTest::addColumn<bool>("hasFrom");
    QTest::addColumn<QString>("from");
    QTest::addColumn<bool>("hasTo");
    QTest::addColumn<QString>("to");

    QTest::addRow("none") << QByteArray("<message/>") << false << QString() << false << QString();
    QTest::addRow("full and bare")
        << QByteArray("<message from='romeo@montague.lit/orchard' to='juliet@capulet.lit'/>")
        << true << u"romeo@montague.lit/orchard"_s << true << u"juliet@capulet.lit"_s;
    QTest::addRow("domain only") << QByteArray("<iq from='capulet.lit'/>") << true
                                 << u"capulet.lit"_s << false << QString();
    QTest::addRow("prepared on reading")
        << QByteArray("<message from='Romeo@Montague.LIT/Orchard'/>") << true
        << u"romeo@montague.lit/Orchard"_s << false << QString();
    QTest::addRow("garbage from") << QByteArray(
                                         "<message from='@@@' to='juliet@capulet.lit/balcony'/>")
                                  << true << QString() << true << u"juliet@capulet.lit/balcony"_s;
    QTest::addRow("empty from") << QByteArray("<message from=''/>") << true << QString() << false
                                << QString();
    QTest::addRow("empty localpart")
        << QByteArray("<presence from='@capulet.lit'/>") << true << QString() << false << QString();
    QTest::addRow("empty resource") << QByteArray("<presence from='romeo@montague.lit/'/>") << true
                                    << QString() << false << QString();
    QTest::addRow("forbidden character")
        << QByteArray("<presence from='ro&lt;meo@montague.lit' to='a b@c'/>") << true << QString()
        << true << QString();
}

void tst_Stanza::addresses()
{
    QFETCH(QByteArray, xml);
    QFETCH(bool, hasFrom);
    QFETCH(QString, from);
    QFETCH(bool, hasTo);
    QFETCH(QString, to);

    const Stanza s(stanza(xml));
    QCOMPARE(s.hasFrom(), hasFrom);
    QCOMPARE(s.from().isNull(), from.isEmpty());
    QCOMPARE(s.from().isNull() ? QString() : s.from().toString(), from);
    QCOMPARE(s.hasTo(), hasTo);
    QCOMPARE(s.to().isNull(), to.isEmpty());
    QCOMPARE(s.to().isNull() ? QString() : s.to().toString(), to);
}

void tst_Stanza::settingAddresses()
{
    Message m;
    m.setTo(Jid::fromString(u"Juliet@Capulet.lit/balcony"));
    m.setFrom(Jid::fromString(u"romeo@montague.lit"));
    QCOMPARE(m.element().attribute(u"to"), u"juliet@capulet.lit/balcony"_s);
    QCOMPARE(m.element().attribute(u"from"), u"romeo@montague.lit"_s);
    QVERIFY(m.hasFrom());

    // A null Jid removes the address.
    m.setFrom(Jid());
    QVERIFY(!m.hasFrom());
    QVERIFY(m.from().isNull());
    QCOMPARE(m.element().toXml(ns::Client),
             QByteArray("<message to=\"juliet@capulet.lit/balcony\"/>"));
}

void tst_Stanza::idAndLanguage()
{
    Presence p;
    QVERIFY(p.id().isEmpty());
    QVERIFY(p.lang().isEmpty());
    p.setId(u"p-1"_s);
    p.setLang(u"de-CH"_s);
    QCOMPARE(p.id(), u"p-1"_s);
    QCOMPARE(p.lang(), u"de-CH"_s);
    QCOMPARE(p.element().attribute(ns::Xml, u"lang"), u"de-CH"_s);
    QCOMPARE(p.element().toXml(ns::Client),
             QByteArray("<presence id=\"p-1\" xml:lang=\"de-CH\"/>"));
    p.setId(QString());
    QVERIFY(!p.element().hasAttribute(u"id"));

    const Stanza parsed(stanza("<message xml:lang='ja' lang='no' id='x' type='chat'/>"));
    QCOMPARE(parsed.lang(), u"ja"_s);
    QCOMPARE(parsed.id(), u"x"_s);
    QCOMPARE(parsed.typeAttribute(), u"chat"_s);
    QVERIFY(!parsed.isErrorType());
}

void tst_Stanza::wrappingCopiesTheElement()
{
    const XmlElement original = stanza("<message type='chat'><body>hi</body></message>");
    Message m(original);
    QCOMPARE(m.element(), original);
    m.setBody(u"changed"_s);
    m.setType(Message::Type::Headline);
    QCOMPARE(original.childText(ns::Client, u"body"), u"hi"_s);
    QCOMPARE(original.attribute(u"type"), u"chat"_s);
    QCOMPARE(Message(original).body(), u"hi"_s);
}

void tst_Stanza::generatedIdsAreUniqueAndLong()
{
    static const QRegularExpression urlSafe(u"^[A-Za-z0-9_-]+$"_s);
    QSet<QString> ids;
    for (int i = 0; i < 10'000; ++i) {
        const QString id = Stanza::generateId();
        QVERIFY2(id.size() >= 20, qPrintable(id));
        QVERIFY2(urlSafe.match(id).hasMatch(), qPrintable(id));
        ids.insert(id);
    }
    QCOMPARE(ids.size(), 10'000);
}

// ---- Message ---------------------------------------------------------------------------------

void tst_Stanza::messageType_data()
{
    QTest::addColumn<QByteArray>("xml");
    QTest::addColumn<Message::Type>("type");

    QTest::addRow("absent") << QByteArray("<message/>") << Message::Type::Normal;
    QTest::addRow("normal") << QByteArray("<message type='normal'/>") << Message::Type::Normal;
    QTest::addRow("chat") << QByteArray("<message type='chat'/>") << Message::Type::Chat;
    QTest::addRow("groupchat") << QByteArray("<message type='groupchat'/>")
                               << Message::Type::Groupchat;
    QTest::addRow("headline") << QByteArray("<message type='headline'/>")
                              << Message::Type::Headline;
    QTest::addRow("error") << QByteArray("<message type='error'/>") << Message::Type::Error;
    // RFC 6121 §5.2.2: an unknown type means normal.
    QTest::addRow("unknown") << QByteArray("<message type='private'/>") << Message::Type::Normal;
    QTest::addRow("wrong case") << QByteArray("<message type='Chat'/>") << Message::Type::Normal;
    QTest::addRow("empty") << QByteArray("<message type=''/>") << Message::Type::Normal;
    QTest::addRow("padded") << QByteArray("<message type=' chat'/>") << Message::Type::Normal;
}

void tst_Stanza::messageType()
{
    QFETCH(QByteArray, xml);
    QFETCH(Message::Type, type);
    QCOMPARE(Message(stanza(xml)).type(), type);
}

void tst_Stanza::messageTypeNames()
{
    const struct
    {
        Message::Type type;
        const char16_t *name;
    } names[] = {
        {Message::Type::Normal, u"normal"},       {Message::Type::Chat, u"chat"},
        {Message::Type::Groupchat, u"groupchat"}, {Message::Type::Headline, u"headline"},
        {Message::Type::Error, u"error"},
    };
    for (const auto &n : names) {
        const QString name = QString::fromUtf16(n.name);
        QCOMPARE(Message::typeName(n.type), name);
        QCOMPARE(Message::typeFromName(name), std::optional(n.type));
        Message m;
        m.setType(n.type);
        QCOMPARE(m.type(), n.type);
        // Normal is the default and is left out.
        QCOMPARE(m.element().attribute(u"type"),
                 n.type == Message::Type::Normal ? QString() : name);
        QCOMPARE(m.element().hasAttribute(u"type"), n.type != Message::Type::Normal);
    }
    QCOMPARE(Message::typeFromName(u"bogus"), std::nullopt);
    QCOMPARE(Message().element().toXml(), QByteArray("<message xmlns=\"jabber:client\"/>"));
}

void tst_Stanza::bodyForLanguage_data()
{
    QTest::addColumn<QByteArray>("xml");
    QTest::addColumn<QString>("preferred");
    QTest::addColumn<QString>("body");

    const QByteArray three = "<message xml:lang='en'><body>default</body>"
                             "<body xml:lang='de'>deutsch</body><body xml:lang='ja'>日本語</body>"
                             "</message>";
    QTest::addRow("exact") << three << u"de"_s << u"deutsch"_s;
    QTest::addRow("exact, other case") << three << u"JA"_s << u"日本語"_s;
    QTest::addRow("primary subtag of the preference") << three << u"de-AT"_s << u"deutsch"_s;
    QTest::addRow("no match gives the default") << three << u"fr"_s << u"default"_s;
    QTest::addRow("empty preference gives the default") << three << QString() << u"default"_s;
    // The default body is in the stanza's language, but it has no xml:lang of its own.
    QTest::addRow("stanza language") << three << u"en"_s << u"default"_s;
    QTest::addRow("a prefix is not a subtag") << three << u"d"_s << u"default"_s;

    const QByteArray regional = "<message><body xml:lang='en-US'>color</body>"
                                "<body xml:lang='en-GB'>colour</body>"
                                "<body xml:lang='pt-BR'>cor</body></message>";
    QTest::addRow("exact region") << regional << u"en-GB"_s << u"colour"_s;
    QTest::addRow("exact region, other case") << regional << u"en-gb"_s << u"colour"_s;
    QTest::addRow("other region, same language") << regional << u"en-AU"_s << u"color"_s;
    QTest::addRow("language without region") << regional << u"pt"_s << u"cor"_s;
    QTest::addRow("no default gives the first") << regional << u"fr"_s << u"color"_s;
    QTest::addRow("empty preference, no default") << regional << QString() << u"color"_s;

    QTest::addRow("default after a localized body")
        << QByteArray("<message><body xml:lang='de'>deutsch</body><body>default</body></message>")
        << u"it"_s << u"default"_s;
    QTest::addRow("no bodies") << QByteArray("<message><subject>s</subject></message>") << u"en"_s
                               << QString();
    QTest::addRow("body in another namespace is not a body")
        << QByteArray("<message><body xmlns='urn:other' xml:lang='de'>x</body>"
                      "<body>real</body></message>")
        << u"de"_s << u"real"_s;
}

void tst_Stanza::bodyForLanguage()
{
    QFETCH(QByteArray, xml);
    QFETCH(QString, preferred);
    QFETCH(QString, body);

    const Message m(stanza(xml));
    QCOMPARE(m.body(preferred), body);
    QCOMPARE(Message::pickLanguage(m.bodies(), preferred), body);
    QCOMPARE(m.hasBody(), !body.isNull());
}

void tst_Stanza::bodiesListsEveryBody()
{
    const Message m(stanza("<message><body>a</body><thread>t</thread><body xml:lang='de'>b</body>"
                           "<body xml:lang='ja'></body></message>"));
    const QList<Message::LocalizedText> expected{
        {QString(), u"a"_s},
        {u"de"_s, u"b"_s},
        {u"ja"_s, QString()},
    };
    QCOMPARE(m.bodies(), expected);
    QVERIFY(m.hasBody());
    QVERIFY(!m.hasSubject());
    QVERIFY(m.subjects().isEmpty());
    QVERIFY(!Message().hasBody());
    QVERIFY(Message().bodies().isEmpty());
}

void tst_Stanza::setBodyAndAddBody()
{
    Message m;
    m.setType(Message::Type::Chat);
    m.setBody(u"Hello <you> & \U0001F600"_s);
    QCOMPARE(m.body(), u"Hello <you> & \U0001F600"_s);
    QCOMPARE(m.element().toXml(ns::Client),
             QByteArray("<message type=\"chat\"><body>Hello &lt;you&gt; &amp; "
                        "\xF0\x9F\x98\x80</body></message>"));

    m.addBody(u"Hallo"_s, u"de"_s);
    m.addBody(u"こんにちは"_s, u"ja"_s);
    QCOMPARE(m.bodies().size(), 3);
    QCOMPARE(m.body(u"de"_s), u"Hallo"_s);
    QCOMPARE(m.body(u"ja-JP"_s), u"こんにちは"_s);
    QCOMPARE(m.element().toXml(ns::Client),
             QByteArray("<message type=\"chat\"><body>Hello &lt;you&gt; &amp; "
                        "\xF0\x9F\x98\x80</body><body xml:lang=\"de\">Hallo</body>"
                        "<body xml:lang=\"ja\">\xE3\x81\x93\xE3\x82\x93\xE3\x81\xAB\xE3\x81\xA1"
                        "\xE3\x81\xAF</body></message>"));

    // setBody replaces every body.
    m.setBody(u"only"_s, u"en"_s);
    const QList<Message::LocalizedText> expected{{u"en"_s, u"only"_s}};
    QCOMPARE(m.bodies(), expected);
    QCOMPARE(m.element().toXml(ns::Client),
             QByteArray("<message type=\"chat\"><body xml:lang=\"en\">only</body></message>"));

    // Survives the wire.
    QCOMPARE(Message(XmlElement::fromXml(m.element().toXml())).bodies(), expected);
}

void tst_Stanza::subjects()
{
    Message m(stanza("<message type='groupchat'><subject>Thema</subject>"
                     "<subject xml:lang='en'>Topic</subject><body>b</body></message>"));
    QVERIFY(m.hasSubject());
    QCOMPARE(m.subjects().size(), 2);
    QCOMPARE(m.subject(), u"Thema"_s);
    QCOMPARE(m.subject(u"en-US"_s), u"Topic"_s);
    QCOMPARE(m.body(), u"b"_s);

    m.setSubject(u"Neu"_s);
    QCOMPARE(m.subjects().size(), 1);
    QCOMPARE(m.subject(u"en"_s), u"Neu"_s);
    QCOMPARE(m.body(), u"b"_s);
    QVERIFY(!Message().hasSubject());
    QVERIFY(Message().subject().isEmpty());
}

void tst_Stanza::threadWithParent()
{
    const Message parsed(stanza("<message><thread parent='e0ffe42b28561960c6b12b944a092794b9683a38'"
                                ">0e3141cd80894871a68e6fe6b1ec56fa</thread></message>"));
    QCOMPARE(parsed.thread(), u"0e3141cd80894871a68e6fe6b1ec56fa"_s);
    QCOMPARE(parsed.parentThread(), u"e0ffe42b28561960c6b12b944a092794b9683a38"_s);

    Message m;
    QVERIFY(m.thread().isEmpty());
    QVERIFY(m.parentThread().isEmpty());
    m.setThread(u"t1"_s);
    QCOMPARE(m.element().toXml(ns::Client), QByteArray("<message><thread>t1</thread></message>"));
    QVERIFY(m.parentThread().isEmpty());

    m.setThread(u"t2"_s, u"t1"_s);
    QCOMPARE(m.thread(), u"t2"_s);
    QCOMPARE(m.parentThread(), u"t1"_s);
    QCOMPARE(m.element().toXml(ns::Client),
             QByteArray("<message><thread parent=\"t1\">t2</thread></message>"));

    m.setThread(QString());
    QVERIFY(m.thread().isEmpty());
    QVERIFY(m.element().nodes().isEmpty());
}

void tst_Stanza::originId()
{
    Message m;
    QVERIFY(m.originId().isEmpty());
    m.setOriginId(u"de305d54-75b4-431b-adb2-eb6b9e546014"_s);
    QCOMPARE(m.originId(), u"de305d54-75b4-431b-adb2-eb6b9e546014"_s);
    QCOMPARE(m.element().toXml(ns::Client),
             QByteArray("<message><origin-id xmlns=\"urn:xmpp:sid:0\" "
                        "id=\"de305d54-75b4-431b-adb2-eb6b9e546014\"/></message>"));
    m.setOriginId(u"second"_s);
    QCOMPARE(m.element().children().size(), 1);
    QCOMPARE(m.originId(), u"second"_s);
    m.setOriginId(QString());
    QVERIFY(m.element().children().isEmpty());

    // A server's stanza-id or an origin-id in another namespace is not ours.
    const Message other(stanza("<message><stanza-id xmlns='urn:xmpp:sid:0' id='s' by='a@b'/>"
                               "<origin-id xmlns='urn:xmpp:sid:1' id='x'/></message>"));
    QVERIFY(other.originId().isEmpty());
}

void tst_Stanza::recordedChatMessage()
{
    const QList<XmlElement> stanzas = recordedStanzas(u"prosody-session.xml"_s);
    QCOMPARE(stanzas.size(), 20);

    const Message chat(stanzas.at(9));
    QCOMPARE(chat.kind(), Stanza::Kind::Message);
    QCOMPARE(chat.type(), Message::Type::Chat);
    QCOMPARE(chat.id(), u"a5f6c2e0-4bd2-4c1e-9a5b-3d6f7e8a9b0c"_s);
    QCOMPARE(chat.lang(), u"en"_s);
    QCOMPARE(chat.from().toString(), u"romeo@montague.lit/orchard"_s);
    QCOMPARE(chat.body(), u"Shall I hear more, or shall I speak at this?"_s);
    QCOMPARE(chat.body(u"de-DE"_s), u"Soll ich noch länger hören, oder soll ich sprechen?"_s);
    QCOMPARE(chat.body(u"ja"_s), u"もっと聞くべきか、それとも話すべきか？"_s);
    QCOMPARE(chat.thread(), u"0e3141cd80894871a68e6fe6b1ec56fa"_s);
    QCOMPARE(chat.parentThread(), u"e0ffe42b28561960c6b12b944a092794b9683a38"_s);
    QCOMPARE(chat.originId(), u"de305d54-75b4-431b-adb2-eb6b9e546014"_s);

    const Message headline(stanzas.at(11));
    QCOMPARE(headline.type(), Message::Type::Headline);
    QCOMPARE(headline.subject(), u"Wartung / メンテナンス"_s);
    QCOMPARE(headline.subject(u"en"_s), u"Maintenance"_s);
    QVERIFY(!headline.hasFrom() || headline.from().isDomain());

    const Message mam(stanzas.at(13));
    QCOMPARE(mam.type(), Message::Type::Normal);
    QVERIFY(!mam.hasBody());
}

// ---- Presence --------------------------------------------------------------------------------

void tst_Stanza::presenceType_data()
{
    QTest::addColumn<QByteArray>("xml");
    QTest::addColumn<Presence::Type>("type");

    QTest::addRow("absent") << QByteArray("<presence/>") << Presence::Type::Available;
    QTest::addRow("unavailable") << QByteArray("<presence type='unavailable'/>")
                                 << Presence::Type::Unavailable;
    QTest::addRow("subscribe") << QByteArray("<presence type='subscribe'/>")
                               << Presence::Type::Subscribe;
    QTest::addRow("subscribed") << QByteArray("<presence type='subscribed'/>")
                                << Presence::Type::Subscribed;
    QTest::addRow("unsubscribe") << QByteArray("<presence type='unsubscribe'/>")
                                 << Presence::Type::Unsubscribe;
    QTest::addRow("unsubscribed") << QByteArray("<presence type='unsubscribed'/>")
                                  << Presence::Type::Unsubscribed;
    QTest::addRow("probe") << QByteArray("<presence type='probe'/>") << Presence::Type::Probe;
    QTest::addRow("error") << QByteArray("<presence type='error'/>") << Presence::Type::Error;
    // There is no type 'available'; absence means available.
    QTest::addRow("available is not a type")
        << QByteArray("<presence type='available'/>") << Presence::Type::Invalid;
    QTest::addRow("unknown") << QByteArray("<presence type='invisible'/>")
                             << Presence::Type::Invalid;
    QTest::addRow("empty") << QByteArray("<presence type=''/>") << Presence::Type::Invalid;
    QTest::addRow("wrong case") << QByteArray("<presence type='Unavailable'/>")
                                << Presence::Type::Invalid;
}

void tst_Stanza::presenceType()
{
    QFETCH(QByteArray, xml);
    QFETCH(Presence::Type, type);
    QCOMPARE(Presence(stanza(xml)).type(), type);
}

void tst_Stanza::presenceTypeWriting()
{
    QCOMPARE(Presence().type(), Presence::Type::Available);
    QCOMPARE(Presence().element().toXml(ns::Client), QByteArray("<presence/>"));

    const struct
    {
        Presence::Type type;
        const char16_t *name;
    } names[] = {
        {Presence::Type::Unavailable, u"unavailable"},
        {Presence::Type::Subscribe, u"subscribe"},
        {Presence::Type::Subscribed, u"subscribed"},
        {Presence::Type::Unsubscribe, u"unsubscribe"},
        {Presence::Type::Unsubscribed, u"unsubscribed"},
        {Presence::Type::Probe, u"probe"},
        {Presence::Type::Error, u"error"},
    };
    for (const auto &n : names) {
        const Presence p(n.type);
        QCOMPARE(Presence::typeName(n.type), QString::fromUtf16(n.name));
        QCOMPARE(p.element().attribute(u"type"), QString::fromUtf16(n.name));
        QCOMPARE(p.type(), n.type);
    }
    QVERIFY(Presence::typeName(Presence::Type::Available).isEmpty());

    Presence p(Presence::Type::Unavailable);
    p.setType(Presence::Type::Available);
    QVERIFY(!p.element().hasAttribute(u"type"));
    QCOMPARE(p.type(), Presence::Type::Available);
}

void tst_Stanza::presenceShow_data()
{
    QTest::addColumn<QByteArray>("xml");
    QTest::addColumn<Presence::Show>("show");

    QTest::addRow("absent") << QByteArray("<presence/>") << Presence::Show::None;
    QTest::addRow("chat") << QByteArray("<presence><show>chat</show></presence>")
                          << Presence::Show::Chat;
    QTest::addRow("away") << QByteArray("<presence><show>away</show></presence>")
                          << Presence::Show::Away;
    QTest::addRow("xa") << QByteArray("<presence><show>xa</show></presence>") << Presence::Show::Xa;
    QTest::addRow("dnd") << QByteArray("<presence><show>dnd</show></presence>")
                         << Presence::Show::Dnd;
    QTest::addRow("surrounding whitespace")
        << QByteArray("<presence><show>\n away </show></presence>") << Presence::Show::Away;
    QTest::addRow("wrong case") << QByteArray("<presence><show>DND</show></presence>")
                                << Presence::Show::None;
    QTest::addRow("unknown") << QByteArray("<presence><show>online</show></presence>")
                             << Presence::Show::None;
    QTest::addRow("empty") << QByteArray("<presence><show/></presence>") << Presence::Show::None;
    QTest::addRow("other namespace")
        << QByteArray("<presence><show xmlns='urn:other'>dnd</show></presence>")
        << Presence::Show::None;
}

void tst_Stanza::presenceShow()
{
    QFETCH(QByteArray, xml);
    QFETCH(Presence::Show, show);
    QCOMPARE(Presence(stanza(xml)).show(), show);

    Presence p;
    p.setShow(show);
    QCOMPARE(p.show(), show);
    QCOMPARE(p.element().children(ns::Client, u"show").size(),
             show == Presence::Show::None ? 0 : 1);
    if (show != Presence::Show::None) {
        QCOMPARE(Presence::showFromName(Presence::showName(show)), std::optional(show));
        QCOMPARE(p.element().toXml(ns::Client),
                 "<presence><show>" + Presence::showName(show).toUtf8() + "</show></presence>");
    }
}

void tst_Stanza::presenceStatus()
{
    Presence p(stanza("<presence><status>Im Garten</status>"
                      "<status xml:lang='en'>In the garden</status></presence>"));
    QCOMPARE(p.status(), u"Im Garten"_s);
    QCOMPARE(p.status(u"en-GB"_s), u"In the garden"_s);
    QCOMPARE(p.status(u"fr"_s), u"Im Garten"_s);

    p.setStatus(u"Back <soon> & \U0001F600"_s);
    QCOMPARE(p.element().children(ns::Client, u"status").size(), 1);
    QCOMPARE(p.status(u"en"_s), u"Back <soon> & \U0001F600"_s);
    p.setStatus(QString());
    QVERIFY(!p.element().hasChild(ns::Client, u"status"));
    QVERIFY(p.status().isEmpty());
}

void tst_Stanza::presencePriority_data()
{
    QTest::addColumn<QByteArray>("xml");
    QTest::addColumn<int>("priority");

    const auto row = [](const char *name, const QByteArray &value, int priority) {
        QTest::addRow("%s", name) << "<presence><priority>" + value + "</priority></presence>"
                                  << priority;
    };
    QTest::addRow("absent") << QByteArray("<presence/>") << 0;
    row("positive", "5", 5);
    row("negative", "-1", -1);
    row("zero", "0", 0);
    row("maximum", "127", 127);
    row("minimum", "-128", -128);
    row("above the maximum", "128", 0);
    row("below the minimum", "-129", 0);
    row("huge", "99999999999999999999", 0);
    row("plus sign", "+3", 3);
    row("surrounding whitespace", " 7\n", 7);
    row("empty", "", 0);
    row("letters", "high", 0);
    row("fraction", "1.5", 0);
    row("hexadecimal", "0x10", 0);
    row("trailing garbage", "5x", 0);
}

void tst_Stanza::presencePriority()
{
    QFETCH(QByteArray, xml);
    QFETCH(int, priority);
    QCOMPARE(Presence(stanza(xml)).priority(), priority);
}

void tst_Stanza::setPriority_data()
{
    QTest::addColumn<int>("priority");
    QTest::addColumn<QByteArray>("xml");
    QTest::addColumn<int>("readBack");

    QTest::addRow("zero is left out") << 0 << QByteArray("<presence/>") << 0;
    QTest::addRow("positive") << 10 << QByteArray("<presence><priority>10</priority></presence>")
                              << 10;
    QTest::addRow("negative") << -5 << QByteArray("<presence><priority>-5</priority></presence>")
                              << -5;
    QTest::addRow("clamped high") << 1000
                                  << QByteArray("<presence><priority>127</priority></presence>")
                                  << 127;
    QTest::addRow("clamped low") << -1000
                                 << QByteArray("<presence><priority>-128</priority></presence>")
                                 << -128;
}

void tst_Stanza::setPriority()
{
    QFETCH(int, priority);
    QFETCH(QByteArray, xml);
    QFETCH(int, readBack);

    Presence p;
    p.setPriority(99);
    p.setPriority(priority);
    QCOMPARE(p.element().toXml(ns::Client), xml);
    QCOMPARE(p.priority(), readBack);
}

void tst_Stanza::recordedPresences()
{
    const QList<XmlElement> stanzas = recordedStanzas(u"prosody-session.xml"_s);
    const Presence romeo(stanzas.at(4));
    QCOMPARE(romeo.kind(), Stanza::Kind::Presence);
    QCOMPARE(romeo.type(), Presence::Type::Available);
    QCOMPARE(romeo.show(), Presence::Show::Away);
    QCOMPARE(romeo.status(), u"Walking in the orchard"_s);
    QCOMPARE(romeo.status(u"it"_s), u"Passeggiando nel frutteto"_s);
    QCOMPARE(romeo.priority(), 5);
    QVERIFY(romeo.element().hasChild(ns::Caps, u"c"));

    const Presence nurse(stanzas.at(5));
    QCOMPARE(nurse.priority(), -1);
    QCOMPARE(nurse.show(), Presence::Show::None);

    const Presence wang(stanzas.at(6));
    QCOMPARE(wang.show(), Presence::Show::Dnd);
    QCOMPARE(wang.from().resourcepart(), u"手机"_s);

    const Presence mercutio(stanzas.at(7));
    QCOMPARE(mercutio.type(), Presence::Type::Subscribe);
    QVERIFY(mercutio.from().isBare());

    const Presence gone(stanzas.at(19));
    QCOMPARE(gone.type(), Presence::Type::Unavailable);
    QCOMPARE(gone.status(), u"Parting is such sweet sorrow \U0001F622"_s);
}

// ---- Iq --------------------------------------------------------------------------------------

void tst_Stanza::iqType_data()
{
    QTest::addColumn<QByteArray>("xml");
    QTest::addColumn<Iq::Type>("type");
    QTest::addColumn<bool>("request");

    QTest::addRow("get") << QByteArray("<iq type='get'/>") << Iq::Type::Get << true;
    QTest::addRow("set") << QByteArray("<iq type='set'/>") << Iq::Type::Set << true;
    QTest::addRow("result") << QByteArray("<iq type='result'/>") << Iq::Type::Result << false;
    QTest::addRow("error") << QByteArray("<iq type='error'/>") << Iq::Type::Error << false;
    QTest::addRow("absent") << QByteArray("<iq/>") << Iq::Type::Invalid << false;
    QTest::addRow("unknown") << QByteArray("<iq type='query'/>") << Iq::Type::Invalid << false;
    QTest::addRow("wrong case") << QByteArray("<iq type='GET'/>") << Iq::Type::Invalid << false;
}

void tst_Stanza::iqType()
{
    QFETCH(QByteArray, xml);
    QFETCH(Iq::Type, type);
    QFETCH(bool, request);

    const Iq iq(stanza(xml));
    QCOMPARE(iq.type(), type);
    QCOMPARE(iq.isRequest(), request);
    if (type != Iq::Type::Invalid) {
        Iq built;
        built.setType(type);
        QCOMPARE(built.element().attribute(u"type"), Iq::typeName(type));
        QCOMPARE(built.type(), type);
        QCOMPARE(built.element().toXml(ns::Client),
                 "<iq type=\"" + Iq::typeName(type).toUtf8() + "\"/>");
    } else {
        QVERIFY(Iq::typeName(type).isEmpty());
    }
}

void tst_Stanza::iqPayload_data()
{
    QTest::addColumn<QByteArray>("xml");
    QTest::addColumn<QString>("payloadNamespace");

    QTest::addRow("none") << QByteArray("<iq type='result' id='1'/>") << QString();
    QTest::addRow("query") << QByteArray("<iq type='get'><query xmlns='jabber:iq:roster'/></iq>")
                           << ns::Roster;
    QTest::addRow("whitespace around the payload")
        << QByteArray("<iq type='get'>\n  <ping xmlns='urn:xmpp:ping'/>\n</iq>") << ns::Ping;
    QTest::addRow("error first")
        << QByteArray("<iq type='error'><error type='cancel'><service-unavailable "
                      "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"
                      "<query xmlns='jabber:iq:version'/></iq>")
        << ns::Version;
    QTest::addRow("error last")
        << QByteArray("<iq type='error'><query xmlns='jabber:iq:version'/><error type='cancel'/>"
                      "</iq>")
        << ns::Version;
    QTest::addRow("only an error")
        << QByteArray("<iq type='error'><error type='cancel'/></iq>") << QString();
    QTest::addRow("an error element of another namespace is a payload")
        << QByteArray("<iq type='set'><error xmlns='urn:example:app'/></iq>")
        << u"urn:example:app"_s;
}

void tst_Stanza::iqPayload()
{
    QFETCH(QByteArray, xml);
    QFETCH(QString, payloadNamespace);

    const XmlElement payload = Iq(stanza(xml)).payload();
    QCOMPARE(payload.isNull(), payloadNamespace.isEmpty());
    QVERIFY(!payload.isText());
    QCOMPARE(payload.namespaceUri(), payloadNamespace);
}

void tst_Stanza::resultForAddressesTheRequester()
{
    const Iq request(stanza("<iq type='get' from='romeo@montague.lit/orchard' "
                            "to='juliet@capulet.lit/balcony' id='version-1'>"
                            "<query xmlns='jabber:iq:version'/></iq>"));
    XmlElement answer(ns::Version, u"query"_s);
    answer.appendTextChild(ns::Version, u"name"_s, u"Natter"_s);

    const Iq result = Iq::resultFor(request, answer);
    QCOMPARE(result.type(), Iq::Type::Result);
    QCOMPARE(result.id(), u"version-1"_s);
    QCOMPARE(result.to().toString(), u"romeo@montague.lit/orchard"_s);
    QVERIFY(!result.hasFrom());
    QCOMPARE(result.payload(), answer);
    QCOMPARE(result.element().toXml(ns::Client),
             QByteArray("<iq type=\"result\" to=\"romeo@montague.lit/orchard\" id=\"version-1\">"
                        "<query xmlns=\"jabber:iq:version\"><name>Natter</name></query></iq>"));

    const Iq empty = Iq::resultFor(request);
    QVERIFY(empty.payload().isNull());
    QVERIFY(empty.element().nodes().isEmpty());

    // From our own server (no 'from'): the answer goes back without a 'to'.
    const Iq fromServer(stanza("<iq type='get' id='ping-1'><ping xmlns='urn:xmpp:ping'/></iq>"));
    QCOMPARE(Iq::resultFor(fromServer).element().toXml(ns::Client),
             QByteArray("<iq type=\"result\" id=\"ping-1\"/>"));
}

void tst_Stanza::errorForCarriesTheError()
{
    const Iq request(stanza("<iq type='set' from='capulet.lit' id='s-9'>"
                            "<query xmlns='jabber:iq:roster'/></iq>"));
    const StanzaError error(StanzaError::Type::Cancel,
                            StanzaError::Condition::FeatureNotImplemented, u"Not here"_s);
    const Iq reply = Iq::errorFor(request, error);
    QCOMPARE(reply.type(), Iq::Type::Error);
    QVERIFY(reply.isErrorType());
    QCOMPARE(reply.id(), u"s-9"_s);
    QCOMPARE(reply.to().toString(), u"capulet.lit"_s);
    QVERIFY(reply.payload().isNull());
    QCOMPARE(reply.element().toXml(ns::Client),
             QByteArray("<iq type=\"error\" to=\"capulet.lit\" id=\"s-9\"><error type=\"cancel\">"
                        "<feature-not-implemented xmlns=\"urn:ietf:params:xml:ns:xmpp-stanzas\"/>"
                        "<text xmlns=\"urn:ietf:params:xml:ns:xmpp-stanzas\">Not here</text>"
                        "</error></iq>"));

    const StanzaError back = Iq(XmlElement::fromXml(reply.element().toXml())).error();
    QCOMPARE(back.condition(), StanzaError::Condition::FeatureNotImplemented);
    QCOMPARE(back.type(), StanzaError::Type::Cancel);
    QCOMPARE(back.text(), u"Not here"_s);
}

// ---- StanzaError -----------------------------------------------------------------------------

void tst_Stanza::everyConditionRoundTrips_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<StanzaError::Condition>("condition");
    QTest::addColumn<StanzaError::Type>("defaultType");

    using C = StanzaError::Condition;
    using T = StanzaError::Type;
    // RFC 6120 §8.3.3, with the type its example uses.
    const struct
    {
        const char *name;
        C condition;
        T type;
    } rows[] = {
        {"bad-request", C::BadRequest, T::Modify},
        {"conflict", C::Conflict, T::Cancel},
        {"feature-not-implemented", C::FeatureNotImplemented, T::Cancel},
        {"forbidden", C::Forbidden, T::Auth},
        {"gone", C::Gone, T::Cancel},
        {"internal-server-error", C::InternalServerError, T::Cancel},
        {"item-not-found", C::ItemNotFound, T::Cancel},
        {"jid-malformed", C::JidMalformed, T::Modify},
        {"not-acceptable", C::NotAcceptable, T::Modify},
        {"not-allowed", C::NotAllowed, T::Cancel},
        {"not-authorized", C::NotAuthorized, T::Auth},
        {"policy-violation", C::PolicyViolation, T::Modify},
        {"recipient-unavailable", C::RecipientUnavailable, T::Wait},
        {"redirect", C::Redirect, T::Modify},
        {"registration-required", C::RegistrationRequired, T::Auth},
        {"remote-server-not-found", C::RemoteServerNotFound, T::Cancel},
        {"remote-server-timeout", C::RemoteServerTimeout, T::Wait},
        {"resource-constraint", C::ResourceConstraint, T::Wait},
        {"service-unavailable", C::ServiceUnavailable, T::Cancel},
        {"subscription-required", C::SubscriptionRequired, T::Auth},
        {"undefined-condition", C::UndefinedCondition, T::Cancel},
        {"unexpected-request", C::UnexpectedRequest, T::Wait},
    };
    for (const auto &r : rows)
        QTest::addRow("%s", r.name) << QString::fromLatin1(r.name) << r.condition << r.type;
}

void tst_Stanza::everyConditionRoundTrips()
{
    QFETCH(QString, name);
    QFETCH(StanzaError::Condition, condition);
    QFETCH(StanzaError::Type, defaultType);

    QCOMPARE(StanzaError::conditionFromName(name), std::optional(condition));
    QCOMPARE(StanzaError::conditionName(condition), name);
    QCOMPARE(StanzaError::defaultType(condition), defaultType);

    // Parsed without a type: the condition's usual type.
    const StanzaError parsed =
        StanzaError::fromElement(parse("<error xmlns='jabber:client'><" + name.toLatin1() +
                                       " xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"));
    QCOMPARE(parsed.condition(), condition);
    QCOMPARE(parsed.conditionName(), name);
    QCOMPARE(parsed.type(), defaultType);
    QVERIFY(parsed.text().isEmpty());

    // Written and read back, with every type.
    for (const StanzaError::Type type :
         {StanzaError::Type::Auth, StanzaError::Type::Cancel, StanzaError::Type::Continue,
          StanzaError::Type::Modify, StanzaError::Type::Wait}) {
        const StanzaError error(type, condition, u"Details: <%1> & more"_s.arg(name));
        const XmlElement element = error.toElement();
        QVERIFY(element.is(ns::Client, u"error"));
        QVERIFY(element.hasChild(stanzaErrors, name));
        const StanzaError back = StanzaError::fromElement(XmlElement::fromXml(element.toXml()));
        QCOMPARE(back.condition(), condition);
        QCOMPARE(back.type(), type);
        QCOMPARE(back.text(), error.text());
        QCOMPARE(back.toElement(), element);
    }

    const StanzaError plain(defaultType, condition);
    QCOMPARE(plain.toElement().toXml(ns::Client),
             "<error type=\"" + typeName(defaultType) + "\"><" + name.toLatin1() +
                 " xmlns=\"urn:ietf:params:xml:ns:xmpp-stanzas\"/></error>");
    QVERIFY(!plain.description().isEmpty());
}

void tst_Stanza::errorParsing_data()
{
    QTest::addColumn<QByteArray>("xml");
    QTest::addColumn<StanzaError::Condition>("condition");
    QTest::addColumn<StanzaError::Type>("type");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("by");
    QTest::addColumn<QString>("redirect");

    using C = StanzaError::Condition;
    using T = StanzaError::Type;
    QTest::addRow("RFC 6120 example")
        << QByteArray("<error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-"
                      "stanzas'/></error>")
        << C::ItemNotFound << T::Cancel << QString() << QString() << QString();
    QTest::addRow("text and by")
        << QByteArray("<error type='wait' by='conference.example.org'><resource-constraint "
                      "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text "
                      "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas' xml:lang='en'>Too busy "
                      "\xF0\x9F\x98\x93</text></error>")
        << C::ResourceConstraint << T::Wait << u"Too busy \U0001F613"_s
        << u"conference.example.org"_s << QString();
    QTest::addRow("redirect with URI")
        << QByteArray("<error type='modify'><redirect xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'"
                      ">xmpp:characters@conference.example.org</redirect></error>")
        << C::Redirect << T::Modify << QString() << QString()
        << u"xmpp:characters@conference.example.org"_s;
    QTest::addRow("gone with URI")
        << QByteArray("<error type='cancel' by='example.net'><gone xmlns='urn:ietf:params:xml:ns:"
                      "xmpp-stanzas'>xmpp:romeo@afterlife.example.net</gone></error>")
        << C::Gone << T::Cancel << QString() << u"example.net"_s
        << u"xmpp:romeo@afterlife.example.net"_s;
    QTest::addRow("type overrides the default")
        << QByteArray("<error type='wait'><forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                      "</error>")
        << C::Forbidden << T::Wait << QString() << QString() << QString();
    QTest::addRow("unknown type gives the default")
        << QByteArray("<error type='fatal'><not-allowed xmlns='urn:ietf:params:xml:ns:xmpp-"
                      "stanzas'/></error>")
        << C::NotAllowed << T::Cancel << QString() << QString() << QString();
    QTest::addRow("unknown condition")
        << QByteArray("<error type='modify'><too-shiny xmlns='urn:ietf:params:xml:ns:xmpp-"
                      "stanzas'/></error>")
        << C::UndefinedCondition << T::Modify << QString() << QString() << QString();
    QTest::addRow("no condition") << QByteArray("<error/>") << C::UndefinedCondition << T::Cancel
                                  << QString() << QString() << QString();
    QTest::addRow("condition in the wrong namespace")
        << QByteArray("<error type='auth'><not-authorized/></error>") << C::UndefinedCondition
        << T::Auth << QString() << QString() << QString();
    QTest::addRow("application condition next to the defined one")
        << QByteArray("<error type='cancel'><unsupported xmlns='http://jabber.org/protocol/"
                      "pubsub#errors' feature='retrieve-items'/><feature-not-implemented "
                      "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>")
        << C::FeatureNotImplemented << T::Cancel << QString() << QString() << QString();
    QTest::addRow("text before the condition")
        << QByteArray("<error><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>first</text>"
                      "<conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>")
        << C::Conflict << T::Cancel << u"first"_s << QString() << QString();
    QTest::addRow("two conditions: the first counts")
        << QByteArray("<error><jid-malformed xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                      "<bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>")
        << C::JidMalformed << T::Modify << QString() << QString() << QString();
    QTest::addRow("null element") << QByteArray() << C::UndefinedCondition << T::Cancel << QString()
                                  << QString() << QString();
}

void tst_Stanza::errorParsing()
{
    QFETCH(QByteArray, xml);
    QFETCH(StanzaError::Condition, condition);
    QFETCH(StanzaError::Type, type);
    QFETCH(QString, text);
    QFETCH(QString, by);
    QFETCH(QString, redirect);

    const XmlElement element =
        xml.isEmpty() ? XmlElement() : stanza("<iq type='error'>" + xml + "</iq>").firstChild();
    const StanzaError error = StanzaError::fromElement(element);
    QCOMPARE(error.condition(), condition);
    QCOMPARE(error.type(), type);
    QCOMPARE(error.text(), text);
    QCOMPARE(error.by(), by);
    QCOMPARE(error.redirectUri(), redirect);
    QVERIFY(!error.description().isEmpty());
    if (!text.isEmpty())
        QVERIFY(error.description().contains(text));

    // Whatever we read, we write back the same way.
    const StanzaError again = StanzaError::fromElement(error.toElement());
    QCOMPARE(again.condition(), condition);
    QCOMPARE(again.type(), type);
    QCOMPARE(again.text(), text);
    QCOMPARE(again.by(), by);
    QCOMPARE(again.redirectUri(), redirect);
}

void tst_Stanza::errorWithByTextAndRedirectRoundTrips()
{
    StanzaError error = StanzaError::fromElement(
        parse("<error xmlns='jabber:client' type='modify'><redirect xmlns='urn:ietf:params:xml:ns:"
              "xmpp-stanzas'>xmpp:room@chat.example.org?join</redirect></error>"));
    error.setBy(u"chat.example.org"_s);
    error.setText(u"Moved"_s);
    QCOMPARE(error.toElement().toXml(ns::Client),
             QByteArray("<error type=\"modify\" by=\"chat.example.org\"><redirect "
                        "xmlns=\"urn:ietf:params:xml:ns:xmpp-stanzas\">"
                        "xmpp:room@chat.example.org?join</redirect><text "
                        "xmlns=\"urn:ietf:params:xml:ns:xmpp-stanzas\">Moved</text></error>"));

    const StanzaError defaults;
    QCOMPARE(defaults.condition(), StanzaError::Condition::UndefinedCondition);
    QCOMPARE(defaults.type(), StanzaError::Type::Cancel);
    QCOMPARE(defaults.toElement().toXml(ns::Client),
             QByteArray("<error type=\"cancel\"><undefined-condition "
                        "xmlns=\"urn:ietf:params:xml:ns:xmpp-stanzas\"/></error>"));
}

void tst_Stanza::descriptionsAreDistinctSentences()
{
    QSet<QString> seen;
    for (int i = 0; i <= int(StanzaError::Condition::UnexpectedRequest); ++i) {
        const auto condition = StanzaError::Condition(i);
        const QString description = StanzaError(StanzaError::Type::Cancel, condition).description();
        QVERIFY2(description.size() > 10, qPrintable(StanzaError::conditionName(condition)));
        QVERIFY(description.endsWith(u'.'));
        seen.insert(description);

        const QString withText =
            StanzaError(StanzaError::Type::Cancel, condition, u"Quota of 10 MB used up"_s)
                .description();
        QVERIFY(withText.startsWith(description));
        QVERIFY(withText.contains(u"Quota of 10 MB used up"));
    }
    QCOMPARE(seen.size(), 22);
}

void tst_Stanza::recordedIqError()
{
    const QList<XmlElement> stanzas = recordedStanzas(u"prosody-session.xml"_s);
    const Iq iq(stanzas.at(17));
    QCOMPARE(iq.kind(), Stanza::Kind::Iq);
    QCOMPARE(iq.type(), Iq::Type::Error);
    QVERIFY(iq.isErrorType());
    QCOMPARE(iq.id(), u"version-2"_s);
    QCOMPARE(iq.payload().namespaceUri(), ns::Version);
    const StanzaError error = iq.error();
    QCOMPARE(error.condition(), StanzaError::Condition::ServiceUnavailable);
    QCOMPARE(error.type(), StanzaError::Type::Cancel);
    QCOMPARE(error.text(), u"No such service"_s);
    QCOMPARE(error.by(), u"montague.lit"_s);

    const Iq disco(stanzas.at(15));
    QCOMPARE(disco.type(), Iq::Type::Get);
    QVERIFY(disco.isRequest());
    QCOMPARE(disco.payload().namespaceUri(), ns::DiscoInfo);
    QCOMPARE(disco.from().toString(), u"capulet.lit"_s);
    const Iq reply = Iq::resultFor(disco, XmlElement(ns::DiscoInfo, u"query"_s));
    QCOMPARE(reply.to(), disco.from());
    QCOMPARE(reply.id(), u"disco-info-3b7"_s);

    // A stanza without an error reads as an undefined one, and says it is no error.
    const Iq ping(stanzas.at(16));
    QVERIFY(!ping.isErrorType());
    QCOMPARE(ping.error().condition(), StanzaError::Condition::UndefinedCondition);
    QVERIFY(ping.error().text().isEmpty());
}

} // namespace natter

QTEST_GUILESS_MAIN(natter::tst_Stanza)
#include "tst_stanza.moc"
