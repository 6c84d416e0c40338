// SPDX-License-Identifier: GPL-3.0-or-later
#include "xml/Namespaces.h"
#include "xml/StreamParser.h"
#include "xml/XmlElement.h"

#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <utility>

using namespace Qt::Literals::StringLiterals;

namespace natter {

namespace {

using EventType = StreamParser::EventType;

const QByteArray header = QByteArrayLiteral(
    "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' "
    "from='capulet.lit' id='hdr-1' version='1.0' xml:lang='en'>");

QByteArray readStream(const QString &name)
{
    QFile file(QStringLiteral(NATTER_TEST_DATA_DIR "/streams/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open %s", qPrintable(file.fileName()));
    return file.readAll();
}

// One line per event: what the tests compare between chunkings.
QString describe(const StreamParser::Event &event)
{
    switch (event.type) {
    case EventType::NeedMoreData:
        return u"need-more-data"_s;
    case EventType::StreamOpened: {
        QStringList attributes;
        for (const XmlAttribute &a : event.element.attributes())
            attributes.append(u"{%1}%2=%3"_s.arg(a.namespaceUri, a.name, a.value));
        attributes.sort();
        return u"open {%1}%2 %3"_s.arg(event.element.namespaceUri(), event.element.name(),
                                       attributes.join(u' '));
    }
    case EventType::Stanza:
        return u"stanza "_s + QString::fromUtf8(event.element.toXml(ns::Client));
    case EventType::StreamClosed:
        return u"closed"_s;
    case EventType::Error:
        return u"error "_s + event.errorCondition;
    }
    return {};
}

// The short form the tables name: "open", "stanza", "closed", "error:<condition>".
QString kind(const QString &description)
{
    if (description.startsWith(u"error "))
        return u"error:"_s + description.mid(6);
    return description.section(u' ', 0, 0);
}

QStringList kinds(const QStringList &descriptions)
{
    QStringList out;
    for (const QString &d : descriptions)
        out.append(kind(d));
    return out;
}

// Pulls events until the parser needs more data; returns false after an error.
bool drain(StreamParser &parser, QStringList &events)
{
    while (true) {
        const StreamParser::Event event = parser.next();
        if (event.type == EventType::NeedMoreData)
            return true;
        events.append(describe(event));
        if (event.type == EventType::Error)
            return false;
    }
}

enum class Chunking
{
    Whole,
    Bytes,
    Random
};

// Chunk sizes for the input: all at once, one byte each, or random sizes in [1, maxChunk].
QList<qsizetype> chunkSizes(qsizetype total, Chunking chunking, quint32 seed = 0,
                            qsizetype maxChunk = 1)
{
    QList<qsizetype> sizes;
    QRandomGenerator random(seed);
    for (qsizetype done = 0; done < total;) {
        qsizetype n = total - done;
        if (chunking == Chunking::Bytes)
            n = 1;
        else if (chunking == Chunking::Random)
            n = std::min<qsizetype>(n, random.bounded(1, int(maxChunk) + 1));
        sizes.append(n);
        done += n;
    }
    return sizes;
}

QStringList parse(StreamParser &parser, QByteArrayView input, const QList<qsizetype> &sizes)
{
    QStringList events;
    qsizetype offset = 0;
    for (const qsizetype n : sizes) {
        parser.feed(input.sliced(offset, n));
        offset += n;
        if (!drain(parser, events))
            break;
    }
    return events;
}

QStringList parse(QByteArrayView input, Chunking chunking = Chunking::Whole, quint32 seed = 0,
                  qsizetype maxChunk = 1, const StreamParser::Limits &limits = {})
{
    StreamParser parser(limits);
    return parse(parser, input, chunkSizes(input.size(), chunking, seed, maxChunk));
}

// A byte string literal with its embedded NULs, without the terminating one.
template<qsizetype N>
QByteArray bytes(const char (&literal)[N])
{
    return QByteArray(literal, N - 1);
}

// <message><body>xxx…</body></message> of exactly `size` characters.
QByteArray messageOfSize(qsizetype size)
{
    const QByteArray open = "<message><body>";
    const QByteArray close = "</body></message>";
    return open + QByteArray(size - open.size() - close.size(), 'x') + close;
}

QByteArray nested(int depth)
{
    QByteArray out;
    out.reserve(depth * 7);
    out += "<message>";
    for (int i = 1; i < depth; ++i)
        out += "<a>";
    for (int i = 1; i < depth; ++i)
        out += "</a>";
    out += "</message>";
    return out;
}

// A long, varied session: messages with several languages, presences, IQs, keepalives.
QByteArray generatedStream(int stanzas)
{
    QByteArray out = header;
    for (int i = 0; i < stanzas; ++i) {
        const QByteArray n = QByteArray::number(i);
        switch (i % 5) {
        case 0:
            out += "<message from='romeo@montague.lit/orchard' type='chat' id='m" + n +
                   "'><body>Message " + n +
                   " \xE2\x80\x94 \xF0\x9F\x98\x80 &amp; &#x1F339;</body>"
                   "<body xml:lang='ja'>\xE3\x83\xA1\xE3\x83\x83\xE3\x82\xBB\xE3\x83\xBC\xE3\x82"
                   "\xB8 " +
                   n + "</body><origin-id xmlns='urn:xmpp:sid:0' id='o" + n + "'/></message>";
            break;
        case 1:
            out += "<presence from='nurse@capulet.lit/r" + n +
                   "'><show>away</show><status>"
                   "<![CDATA[<busy> & " +
                   n + "]]></status><priority>" + QByteArray::number(i % 128) +
                   "</priority></presence>";
            break;
        case 2:
            out += "<iq type='get' id='ping-" + n +
                   "' from='capulet.lit'><ping xmlns='urn:xmpp:ping'/></iq>";
            break;
        case 3:
            out += " "; // whitespace keepalive
            out += "<r xmlns='urn:xmpp:sm:3'/>";
            break;
        case 4:
            out += "\n<message type='groupchat' from='room@muc.capulet.lit/\xE7\x8E\x8B'><subject>"
                   "\xE4\xB8\xBB\xE9\xA2\x98 " +
                   n + "</subject></message>\n";
            break;
        }
    }
    out += "</stream:stream>";
    return out;
}

} // namespace

class tst_StreamParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void recordedStreamGivesSameEventsInAnyChunking_data();
    void recordedStreamGivesSameEventsInAnyChunking();
    void recordedSessionDecodesTextAndStructure();
    void streamHeaderCarriesItsAttributes_data();
    void streamHeaderCarriesItsAttributes();
    void closingTagEndsTheStream();
    void restrictedXmlFails_data();
    void restrictedXmlFails();
    void malformedInputFails_data();
    void malformedInputFails();
    void onlyUtf8IsAccepted_data();
    void onlyUtf8IsAccepted();
    void wrongRootElementIsInvalidNamespace_data();
    void wrongRootElementIsInvalidNamespace();
    void textBetweenStanzas_data();
    void textBetweenStanzas();
    void stanzaSizeLimit_data();
    void stanzaSizeLimit();
    void unclosedInputFailsAfterTheLimit_data();
    void unclosedInputFailsAfterTheLimit();
    void defaultLimits();
    void nestingDepthLimit_data();
    void nestingDepthLimit();
    void hugeNestingFailsWithoutCrash();
    void attributeLimit_data();
    void attributeLimit();
    void manyAttributesFailFast();
    void resetStartsANewStream();
    void unparsedSizeCountsBytesBehindTheEvent_data();
    void unparsedSizeCountsBytesBehindTheEvent();
    void parsingIsLinearInTheInput();
    void largeGeneratedStreamSurvivesRandomChunking_data();
    void largeGeneratedStreamSurvivesRandomChunking();
};

void tst_StreamParser::recordedStreamGivesSameEventsInAnyChunking_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("stanzas");
    QTest::addColumn<bool>("closed");
    QTest::addColumn<int>("chunking");
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<int>("maxChunk");

    const struct
    {
        const char *file;
        int stanzas;
        bool closed;
    } streams[] = {
        {"prosody-starttls.xml", 2, false},
        {"ejabberd-sasl.xml", 5, true},
        {"prosody-session.xml", 20, true},
    };
    for (const auto &s : streams) {
        const QString file = QString::fromLatin1(s.file);
        QTest::addRow("%s/bytes", s.file)
            << file << s.stanzas << s.closed << int(Chunking::Bytes) << 0u << 1;
        for (const quint32 seed : {1u, 7u, 42u, 1337u, 65537u}) {
            QTest::addRow("%s/random-seed%u-max13", s.file, seed)
                << file << s.stanzas << s.closed << int(Chunking::Random) << seed << 13;
            QTest::addRow("%s/random-seed%u-max700", s.file, seed)
                << file << s.stanzas << s.closed << int(Chunking::Random) << seed << 700;
        }
    }
}

void tst_StreamParser::recordedStreamGivesSameEventsInAnyChunking()
{
    QFETCH(QString, file);
    QFETCH(int, stanzas);
    QFETCH(bool, closed);
    QFETCH(int, chunking);
    QFETCH(quint32, seed);
    QFETCH(int, maxChunk);

    const QByteArray input = readStream(file);
    StreamParser wholeParser;
    const QStringList whole = parse(wholeParser, input, {input.size()});
    QCOMPARE(wholeParser.unparsedSize(), 0);
    QVERIFY(!wholeParser.hasFailed());

    QStringList expectedKinds{u"open"_s};
    for (int i = 0; i < stanzas; ++i)
        expectedKinds.append(u"stanza"_s);
    if (closed)
        expectedKinds.append(u"closed"_s);
    QCOMPARE(kinds(whole), expectedKinds);

    StreamParser chunkedParser;
    const QList<qsizetype> sizes = chunkSizes(input.size(), Chunking(chunking), seed, maxChunk);
    const QStringList chunked = parse(chunkedParser, input, sizes);
    QCOMPARE(chunked, whole);
    QCOMPARE(chunkedParser.unparsedSize(), 0);
    QCOMPARE(chunkedParser.totalBytes(), input.size());
    QVERIFY(!chunkedParser.hasFailed());
}

void tst_StreamParser::recordedSessionDecodesTextAndStructure()
{
    const QByteArray input = readStream(u"prosody-session.xml"_s);
    StreamParser parser;
    parser.feed(input);
    QList<XmlElement> stanzas;
    while (true) {
        const StreamParser::Event event = parser.next();
        if (event.type == EventType::NeedMoreData)
            break;
        if (event.type == EventType::Stanza)
            stanzas.append(event.element);
    }
    QCOMPARE(stanzas.size(), 20);

    const XmlElement features = stanzas.at(0);
    QVERIFY(features.is(ns::Stream, u"features"));
    QVERIFY(features.hasChild(ns::Bind, u"bind"));
    QVERIFY(features.hasChild(ns::StreamManagement, u"sm"));
    QVERIFY(features.hasChild(ns::RosterVersioning, u"ver"));
    QVERIFY(features.hasChild(ns::Csi, u"csi"));
    QVERIFY(!features.hasChild(ns::Tls, u"starttls"));
    QCOMPARE(features.children().size(), 8);

    const XmlElement bind = stanzas.at(1).firstChild(ns::Bind, u"bind");
    QCOMPARE(bind.childText(ns::Bind, u"jid"), u"juliet@capulet.lit/balcony.Xk3f"_s);

    const XmlElement query = stanzas.at(3).firstChild(ns::Roster, u"query");
    QCOMPARE(query.attribute(u"ver"), u"14"_s);
    const QList<XmlElement> items = query.children(ns::Roster, u"item");
    QCOMPARE(items.size(), 5);
    QCOMPARE(items.at(0).attribute(u"name"), u"Romeo \U0001F339"_s);
    QCOMPARE(items.at(0).children(ns::Roster, u"group").size(), 2);
    QCOMPARE(items.at(1).attribute(u"name"), u"Nurse & Confidante"_s);
    QCOMPARE(items.at(2).attribute(u"name"), u"王小明"_s);
    QCOMPARE(items.at(2).childText(ns::Roster, u"group"), u"同事"_s);
    QCOMPARE(items.at(3).attribute(u"name"), u"Анна Каренина"_s);
    QCOMPARE(items.at(4).attribute(u"ask"), u"subscribe"_s);
    QVERIFY(!items.at(4).hasAttribute(u"name"));

    const XmlElement romeo = stanzas.at(4);
    QCOMPARE(romeo.attribute(ns::Xml, u"lang"), u"en"_s);
    QCOMPARE(romeo.children(ns::Client, u"status").size(), 2);
    QCOMPARE(romeo.firstChild(ns::Delay, u"delay").attribute(u"stamp"),
             u"2024-03-01T18:30:12.123Z"_s);
    QCOMPARE(stanzas.at(6).attribute(u"from"), u"wang@example.cn/手机"_s);
    QCOMPARE(stanzas.at(6).childText(ns::Client, u"status"), u"开会中 \U0001F4C5 请稍后联系"_s);
    QVERIFY(stanzas.at(8).is(ns::StreamManagement, u"r"));

    const XmlElement chat = stanzas.at(9);
    QCOMPARE(chat.children(ns::Client, u"body").size(), 3);
    QCOMPARE(chat.children(ns::Client, u"body").at(2).text(),
             u"もっと聞くべきか、それとも話すべきか？"_s);
    QCOMPARE(chat.firstChild(ns::StanzaId, u"origin-id").attribute(u"id"),
             u"de305d54-75b4-431b-adb2-eb6b9e546014"_s);
    QCOMPARE(chat.firstChild(ns::StanzaId, u"stanza-id").attribute(u"by"), u"juliet@capulet.lit"_s);

    // CDATA, character references and predefined entities, merged into one text node.
    const XmlElement body = stanzas.at(10).firstChild(ns::Client, u"body");
    QCOMPARE(body.nodes().size(), 1);
    QCOMPARE(body.text(), u"Madam! <Your mother> calls & waits – \U0001F600 & <3 été \"now\""_s);

    const XmlElement carbonInner = stanzas.at(12)
                                       .firstChild(u"urn:xmpp:carbons:2", u"received")
                                       .firstChild(u"urn:xmpp:forward:0", u"forwarded")
                                       .firstChild(ns::Client, u"message");
    QCOMPARE(carbonInner.attribute(u"from"), u"romeo@montague.lit/home"_s);
    QCOMPARE(carbonInner.childText(ns::Client, u"body"),
             u"But soft, what light through yonder window breaks? \U0001F305"_s);

    const XmlElement archived = stanzas.at(13)
                                    .firstChild(u"urn:xmpp:mam:2", u"result")
                                    .firstChild(u"urn:xmpp:forward:0", u"forwarded");
    QCOMPARE(archived.firstChild(ns::Delay, u"delay").attribute(u"stamp"),
             u"2010-07-10T23:08:25Z"_s);
    QCOMPARE(archived.firstChild(ns::Client, u"message").childText(ns::Client, u"body"),
             u"Hail to thee, 麦克白"_s);

    QCOMPARE(stanzas.at(15).firstChild().namespaceUri(), ns::DiscoInfo);
    QCOMPARE(stanzas.at(15).attribute(u"type"), u"get"_s);
    QVERIFY(stanzas.at(16).hasChild(ns::Ping, u"ping"));

    // The pretty-printed stanza keeps its whitespace text nodes and its line breaks.
    const XmlElement anna = stanzas.at(18);
    QCOMPARE(anna.attribute(u"id"), u"anna-1"_s);
    QCOMPARE(anna.children().size(), 3);
    QCOMPARE(anna.nodes().size(), 7);
    QCOMPARE(anna.childText(ns::Client, u"body"),
             u"Все счастливые семьи похожи друг на друга.\n"
             u"Каждая несчастливая семья несчастлива по-своему."_s);
    QCOMPARE(anna.firstChild(u"jabber:x:oob", u"x").childText(u"jabber:x:oob", u"url"),
             u"https://upload.example.ru/f/8a7b/%D0%BA%D0%BE%D1%82.jpg?a=1&b=2"_s);
}

void tst_StreamParser::streamHeaderCarriesItsAttributes_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("lang");
    QTest::addColumn<QString>("defaultNamespace");

    QTest::addRow("prosody-starttls")
        << readStream(u"prosody-starttls.xml"_s) << u"capulet.lit"_s << QString()
        << u"c2s-9b4a6e1f"_s << u"1.0"_s << u"en"_s << ns::Client;
    QTest::addRow("ejabberd-sasl")
        << readStream(u"ejabberd-sasl.xml"_s) << u"montague.lit"_s << QString()
        << u"2936719546612783125"_s << u"1.0"_s << u"en"_s << ns::Client;
    QTest::addRow("prosody-session")
        << readStream(u"prosody-session.xml"_s) << u"capulet.lit"_s << u"juliet@capulet.lit"_s
        << u"a2f8c3d1-6e0b-4c7a-9d45-1f2e3b4c5d6e"_s << u"1.0"_s << u"en"_s << ns::Client;
    QTest::addRow("double quotes, other prefix, no version")
        << QByteArray("<s:stream xmlns=\"jabber:client\" xmlns:s=\"http://etherx.jabber.org/"
                      "streams\" from=\"example.org\" id=\"++TR84Sm6A3hnt3Q065SnAbbk3Y=\" "
                      "xml:lang=\"de-CH\">")
        << u"example.org"_s << QString() << u"++TR84Sm6A3hnt3Q065SnAbbk3Y="_s << QString()
        << u"de-CH"_s << ns::Client;
    QTest::addRow("server namespace")
        << QByteArray("<stream:stream xmlns:stream='http://etherx.jabber.org/streams' "
                      "xmlns='jabber:server' to='b.example' from='a.example' version='1.0'>")
        << u"a.example"_s << u"b.example"_s << QString() << u"1.0"_s << QString()
        << u"jabber:server"_s;
}

void tst_StreamParser::streamHeaderCarriesItsAttributes()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, id);
    QFETCH(QString, version);
    QFETCH(QString, lang);
    QFETCH(QString, defaultNamespace);

    StreamParser parser;
    QVERIFY(!parser.isStreamOpen());
    parser.feed(input);
    const StreamParser::Event event = parser.next();
    QCOMPARE(event.type, EventType::StreamOpened);
    QVERIFY(parser.isStreamOpen());
    const XmlElement &h = event.element;
    QVERIFY(h.is(ns::Stream, u"stream"));
    QCOMPARE(h.attribute(u"from"), from);
    QCOMPARE(h.hasAttribute(u"to"), !to.isEmpty());
    QCOMPARE(h.attribute(u"to"), to);
    QCOMPARE(h.attribute(u"id"), id);
    QCOMPARE(h.attribute(u"version"), version);
    QCOMPARE(h.attribute(ns::Xml, u"lang"), lang);
    QCOMPARE(h.attribute(u"xmlns"), defaultNamespace);
    QVERIFY(h.nodes().isEmpty());
    QVERIFY(event.errorCondition.isEmpty());
}

void tst_StreamParser::closingTagEndsTheStream()
{
    StreamParser parser;
    parser.feed(header + "<presence/></stream:stream>");
    QCOMPARE(parser.next().type, EventType::StreamOpened);
    QCOMPARE(parser.next().type, EventType::Stanza);
    const StreamParser::Event closed = parser.next();
    QCOMPARE(closed.type, EventType::StreamClosed);
    QVERIFY(closed.element.isNull());
    QCOMPARE(parser.next().type, EventType::NeedMoreData);
    QCOMPARE(parser.next().type, EventType::NeedMoreData);
    QCOMPARE(parser.unparsedSize(), 0);
    QVERIFY(!parser.hasFailed());

    // Nothing may follow the closing tag.
    parser.feed("<message/>");
    const StreamParser::Event after = parser.next();
    QCOMPARE(after.type, EventType::Error);
    QCOMPARE(after.errorCondition, u"not-well-formed"_s);
}

void tst_StreamParser::restrictedXmlFails_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QStringList>("expected");

    const QString restricted = u"error:restricted-xml"_s;
    QTest::addRow("DOCTYPE before the header")
        << "<?xml version='1.0'?><!DOCTYPE stream:stream>" + header + "<presence/>"
        << QStringList{restricted};
    QTest::addRow("DOCTYPE with internal subset before the header")
        << "<!DOCTYPE stream:stream [<!ELEMENT stream:stream ANY>]>" + header
        << QStringList{restricted};
    QTest::addRow("DOCTYPE after the header") << header + "<presence/><!DOCTYPE message>"
                                              << QStringList{u"open"_s, u"stanza"_s, restricted};
    QTest::addRow("internal entity declaration")
        << "<!DOCTYPE stream:stream [<!ENTITY name 'Juliet'>]>" + header +
               "<message><body>&name;</body></message>"
        << QStringList{restricted};
    QTest::addRow("billion laughs")
        << "<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>"
           "<!ENTITY lol1 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>"
           "<!ENTITY lol2 '&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;'>"
           "<!ENTITY lol3 '&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'>"
           "<!ENTITY lol9 '&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;'>]>" +
               header + "<message><body>&lol9;</body></message>"
        << QStringList{restricted};
    QTest::addRow("external entity")
        << "<!DOCTYPE stream:stream [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>" + header +
               "<message><body>&xxe;</body></message>"
        << QStringList{restricted};
    QTest::addRow("DOCTYPE with entities after the header")
        << header + "<!DOCTYPE x [<!ENTITY a 'b'>]><message><body>&a;</body></message>"
        << QStringList{u"open"_s, restricted};
    QTest::addRow("processing instruction before the header")
        << "<?xml-stylesheet href='evil.xsl'?>" + header << QStringList{restricted};
    QTest::addRow("processing instruction after the header")
        << header + "<?php echo 1; ?><presence/>" << QStringList{u"open"_s, restricted};
    QTest::addRow("processing instruction inside a stanza")
        << header + "<presence/><message><?target data?></message>"
        << QStringList{u"open"_s, u"stanza"_s, restricted};
    QTest::addRow("comment before the header")
        << "<!-- hello -->" + header << QStringList{restricted};
    QTest::addRow("comment after the header")
        << header + "<!-- keepalive --><presence/>" << QStringList{u"open"_s, restricted};
    QTest::addRow("comment inside a stanza")
        << header + "<message><body>hi<!-- x --></body></message>"
        << QStringList{u"open"_s, restricted};
    // Outside a DOCTYPE, <!ENTITY is not markup at all: the reader calls it malformed.
    QTest::addRow("bare entity declaration after the header")
        << header + "<!ENTITY a 'b'>" << QStringList{u"open"_s, u"error:not-well-formed"_s};
}

void tst_StreamParser::restrictedXmlFails()
{
    QFETCH(QByteArray, input);
    QFETCH(QStringList, expected);

    for (const Chunking chunking : {Chunking::Whole, Chunking::Bytes, Chunking::Random}) {
        StreamParser parser;
        const QStringList events = parse(parser, input, chunkSizes(input.size(), chunking, 3, 9));
        QCOMPARE(kinds(events), expected);
        QVERIFY(parser.hasFailed());

        // Failed for good: the same error again, whatever comes next.
        const StreamParser::Event again = parser.next();
        QCOMPARE(again.type, EventType::Error);
        QCOMPARE(u"error:"_s + again.errorCondition, expected.last());
        QVERIFY(!again.errorText.isEmpty());
        parser.feed("<presence/>");
        QCOMPARE(parser.next().type, EventType::Error);
        QVERIFY(parser.hasFailed());
    }
}

void tst_StreamParser::malformedInputFails_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QStringList>("expected");

    const QStringList before{u"open"_s, u"stanza"_s};
    const QByteArray start = header + "<presence/>";
    const auto bad = [&](const char *name, const QByteArray &tail,
                         const QString &condition = u"not-well-formed"_s) {
        QTest::addRow("%s", name) << start + tail << before + QStringList{u"error:"_s + condition};
    };
    bad("mismatched tags", "<message><body>hi</message>");
    bad("mismatched stream close", "</stream:features>");
    bad("invalid UTF-8 C3 28", "<message><body>\xC3\x28</body></message>");
    bad("invalid UTF-8 FF", "<message><body>\xFF</body></message>");
    bad("invalid UTF-8 in a name", "<mess\xFF"
                                   "age/>");
    bad("overlong slash C0 AF", "<message><body>\xC0\xAF</body></message>");
    bad("overlong E0 80 AF", "<message><body>\xE0\x80\xAF</body></message>");
    bad("UTF-8 encoded surrogate ED A0 80", "<message><body>\xED\xA0\x80</body></message>");
    bad("code point above U+10FFFF", "<message><body>\xF4\x90\x80\x80</body></message>");
    bad("lone continuation byte", "<message><body>a\x80z</body></message>");
    bad("truncated sequence before ASCII", "<message><body>\xE2\x82<</body></message>");
    bad("NUL byte", bytes("<message><body>a\0z</body></message>"));
    bad("control character", "<message><body>a\x01z</body></message>");
    bad("U+FFFE", "<message><body>\xEF\xBF\xBE</body></message>");
    bad("character reference to a control character", "<message><body>&#x1;</body></message>");
    bad("character reference to a surrogate", "<message><body>&#xD800;</body></message>");
    bad("undeclared element prefix", "<foo:message/>");
    bad("undeclared attribute prefix", "<message foo:bar='1'/>");
    // Without a DTD nothing can declare it, so the reader rejects it outright.
    bad("unknown entity", "<message><body>&foo;</body></message>");
    bad("duplicate attribute", "<message id='a' id='b'/>");
    bad("unquoted attribute", "<message id=a/>");
    bad("less-than in attribute", "<message id='a<b'/>");
    bad("XML declaration inside the stream", "<?xml version='1.0'?>");
    bad("unterminated CDATA close", "<message><body>]]></body></message>");

    QTest::addRow("XML 1.1") << "<?xml version='1.1'?>" + header
                             << QStringList{u"error:not-well-formed"_s};
    QTest::addRow("garbage instead of XML") << QByteArray("HTTP/1.1 400 Bad Request\r\n\r\n")
                                            << QStringList{u"error:not-well-formed"_s};
}

void tst_StreamParser::malformedInputFails()
{
    QFETCH(QByteArray, input);
    QFETCH(QStringList, expected);

    const QStringList whole = parse(input);
    QCOMPARE(kinds(whole), expected);
    QCOMPARE(parse(input, Chunking::Bytes), whole);
    for (const quint32 seed : {5u, 11u, 99u})
        QCOMPARE(parse(input, Chunking::Random, seed, 7), whole);
}

void tst_StreamParser::onlyUtf8IsAccepted_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QStringList>("expected");

    const QByteArray body = "<message><body>\xC3\xA9t\xC3\xA9</body></message>";
    const QStringList ok{u"open"_s, u"stanza"_s};
    QTest::addRow("no declaration") << header + body << ok;
    QTest::addRow("declared UTF-8")
        << "<?xml version='1.0' encoding='UTF-8'?>" + header + body << ok;
    QTest::addRow("declared utf-8")
        << "<?xml version=\"1.0\" encoding=\"utf-8\"?>" + header + body << ok;
    QTest::addRow("byte order mark") << "\xEF\xBB\xBF" + header + body << ok;
    QTest::addRow("declared ISO-8859-1")
        << "<?xml version='1.0' encoding='ISO-8859-1'?>" + header + body
        << QStringList{u"error:unsupported-encoding"_s};
    QTest::addRow("declared UTF-16 but ASCII")
        << "<?xml version='1.0' encoding='UTF-16'?>" + header + body
        << QStringList{u"error:unsupported-encoding"_s};
    QTest::addRow("UTF-16 byte order mark")
        << bytes("\xFF\xFE<\0?\0") << QStringList{u"error:not-well-formed"_s};
    QTest::addRow("UTF-16 without byte order mark")
        << bytes("\0<\0s\0t\0r") << QStringList{u"error:not-well-formed"_s};
}

void tst_StreamParser::onlyUtf8IsAccepted()
{
    QFETCH(QByteArray, input);
    QFETCH(QStringList, expected);

    for (const Chunking chunking : {Chunking::Whole, Chunking::Bytes}) {
        StreamParser parser;
        const QStringList events = parse(parser, input, chunkSizes(input.size(), chunking));
        QCOMPARE(kinds(events), expected);
        if (expected.last() == u"stanza") {
            QVERIFY(events.last().contains(u"été"));
            // A byte order mark is not counted as an unparsed character.
            QCOMPARE(parser.unparsedSize(), 0);
        }
    }
}

void tst_StreamParser::wrongRootElementIsInvalidNamespace_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QStringList>("expected");

    const QStringList invalid{u"error:invalid-namespace"_s};
    QTest::addRow("not a stream") << QByteArray("<html xmlns='http://www.w3.org/1999/xhtml'>")
                                  << invalid;
    QTest::addRow("stanza without a stream")
        << QByteArray("<message xmlns='jabber:client'><body>hi</body></message>") << invalid;
    QTest::addRow("wrong stream namespace")
        << QByteArray("<stream:stream xmlns='jabber:client' xmlns:stream='urn:example:streams'>")
        << invalid;
    QTest::addRow("stream in no namespace") << QByteArray("<stream>") << invalid;
    QTest::addRow("features first")
        << QByteArray("<stream:features xmlns:stream='http://etherx.jabber.org/streams'/>")
        << invalid;
    // Prefixes do not matter, only the namespace and local name do.
    QTest::addRow("default namespace stream")
        << QByteArray("<stream xmlns='http://etherx.jabber.org/streams'><presence/>")
        << QStringList{u"open"_s, u"stanza"_s};
}

void tst_StreamParser::wrongRootElementIsInvalidNamespace()
{
    QFETCH(QByteArray, input);
    QFETCH(QStringList, expected);

    QCOMPARE(kinds(parse(input)), expected);
    QCOMPARE(kinds(parse(input, Chunking::Bytes)), expected);
}

void tst_StreamParser::textBetweenStanzas_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QStringList>("expected");

    const QStringList three{u"open"_s, u"stanza"_s, u"stanza"_s, u"stanza"_s};
    QTest::addRow("space keepalives")
        << header + " <presence/> <presence/>  <r xmlns='urn:xmpp:sm:3'/> " << three;
    QTest::addRow("newline, tab and CRLF keepalives")
        << header + "\n<presence/>\t\r\n<presence/>\r\n\r\n<presence/>\n\n\n"
        << three;
    QTest::addRow("whitespace before the header")
        << "\n  " + header + "<presence/>" << QStringList{u"open"_s, u"stanza"_s};
    QTest::addRow("text between stanzas")
        << header + "<presence/>hello<presence/>"
        << QStringList{u"open"_s, u"stanza"_s, u"error:bad-format"_s};
    QTest::addRow("text right after the header")
        << header + " x <presence/>" << QStringList{u"open"_s, u"error:bad-format"_s};
    QTest::addRow("CDATA between stanzas")
        << header + "<presence/><![CDATA[data]]><presence/>"
        << QStringList{u"open"_s, u"stanza"_s, u"error:bad-format"_s};
    QTest::addRow("character reference between stanzas")
        << header + "<presence/>&#65;<presence/>"
        << QStringList{u"open"_s, u"stanza"_s, u"error:bad-format"_s};
}

void tst_StreamParser::textBetweenStanzas()
{
    QFETCH(QByteArray, input);
    QFETCH(QStringList, expected);

    for (const Chunking chunking : {Chunking::Whole, Chunking::Bytes}) {
        StreamParser parser;
        QCOMPARE(kinds(parse(parser, input, chunkSizes(input.size(), chunking))), expected);
        if (!expected.last().startsWith(u"error"))
            QCOMPARE(parser.unparsedSize(), 0);
    }
}

void tst_StreamParser::stanzaSizeLimit_data()
{
    QTest::addColumn<QByteArray>("stanza");
    QTest::addColumn<bool>("accepted");

    QTest::addRow("999 characters") << messageOfSize(999) << true;
    QTest::addRow("1000 characters") << messageOfSize(1000) << true;
    QTest::addRow("1001 characters") << messageOfSize(1001) << false;
    QTest::addRow("5000 characters") << messageOfSize(5000) << false;

    // The limit counts characters (UTF-16 code units), not bytes.
    const QByteArray open = "<message><body>";
    const QByteArray close = "</body></message>";
    QByteArray cjk = open;
    for (int i = 0; i < 999 - 32; ++i)
        cjk += "\xE5\xAD\x97"; // 字: three bytes, one character
    QTest::addRow("999 CJK characters in 2933 bytes") << cjk + close << true;
    QByteArray emoji = open;
    for (int i = 0; i < (1002 - 32) / 2; ++i)
        emoji += "\xF0\x9F\x98\x80"; // two characters each
    QTest::addRow("1002 characters of emoji") << emoji + close << false;
    QTest::addRow("1001 characters in an attribute")
        << "<message id='" + QByteArray(1001 - 16, 'i') + "'/>" << false;
}

void tst_StreamParser::stanzaSizeLimit()
{
    QFETCH(QByteArray, stanza);
    QFETCH(bool, accepted);

    StreamParser::Limits limits;
    limits.maxStanzaSize = 1000;
    // A small stanza and a keepalive in front: the limit applies to each stanza on its own.
    const QByteArray input = header + messageOfSize(900) + " \n " + stanza + "<presence/>";
    const QStringList expected =
        accepted ? QStringList{u"open"_s, u"stanza"_s, u"stanza"_s, u"stanza"_s}
                 : QStringList{u"open"_s, u"stanza"_s, u"error:policy-violation"_s};

    const QStringList whole = parse(input, Chunking::Whole, 0, 1, limits);
    QCOMPARE(kinds(whole), expected);
    QCOMPARE(parse(input, Chunking::Bytes, 0, 1, limits), whole);
    QCOMPARE(parse(input, Chunking::Random, 17, 300, limits), whole);
    QCOMPARE(parse(input, Chunking::Random, 18, 4096, limits), whole);
}

void tst_StreamParser::unclosedInputFailsAfterTheLimit_data()
{
    QTest::addColumn<QByteArray>("prefix");
    QTest::addColumn<int>("started"); // characters of prefix that belong to the unfinished part
    QTest::addColumn<char>("filler");
    QTest::addColumn<int>("chunk");

    for (const int chunk : {1, 100, 1024}) {
        QTest::addRow("text node, %d-byte chunks", chunk)
            << header + "<message><body>" << 15 << 'a' << chunk;
        QTest::addRow("attribute value, %d-byte chunks", chunk)
            << header + "<message id='" << 13 << 'i' << chunk;
        QTest::addRow("whitespace between stanzas, %d-byte chunks", chunk)
            << header + "<presence/>" << 0 << ' ' << chunk;
        QTest::addRow("stream header, %d-byte chunks", chunk)
            << QByteArray("<stream:stream from='") << 21 << 'h' << chunk;
    }
}

void tst_StreamParser::unclosedInputFailsAfterTheLimit()
{
    QFETCH(QByteArray, prefix);
    QFETCH(int, started);
    QFETCH(char, filler);
    QFETCH(int, chunk);

    StreamParser::Limits limits;
    limits.maxStanzaSize = 1000;
    StreamParser parser(limits);
    QStringList events;
    parser.feed(prefix);
    QVERIFY(drain(parser, events));
    const QByteArray piece(chunk, filler);
    qint64 fed = 0;
    while (!parser.hasFailed()) {
        parser.feed(piece);
        fed += chunk;
        drain(parser, events);
        QVERIFY2(fed <= 10 * 1000 + chunk, "the parser keeps buffering past its limit");
    }
    QCOMPARE(kinds(events).last(), u"error:policy-violation"_s);
    // It gives up with the chunk that takes the unfinished stanza past the limit.
    QVERIFY2(started + fed > 1000, qPrintable(QString::number(fed)));
    QVERIFY2(started + fed - chunk <= 1000, qPrintable(QString::number(fed)));
}

void tst_StreamParser::defaultLimits()
{
    StreamParser parser;
    QCOMPARE(parser.limits().maxStanzaSize, 4 * 1024 * 1024);
    QCOMPARE(parser.limits().maxDepth, 96);
    QCOMPARE(parser.limits().maxAttributes, 128);

    const qsizetype limit = 4 * 1024 * 1024;
    for (const auto &[size, accepted] : {std::pair{limit, true}, std::pair{limit + 1, false}}) {
        const QByteArray input = header + messageOfSize(size) + "<presence/>";
        const QStringList expected = accepted ? QStringList{u"open"_s, u"stanza"_s, u"stanza"_s}
                                              : QStringList{u"open"_s, u"error:policy-violation"_s};
        QCOMPARE(kinds(parse(input)), expected);
        QCOMPARE(kinds(parse(input, Chunking::Random, 4, 65536)), expected);
    }
}

void tst_StreamParser::nestingDepthLimit_data()
{
    QTest::addColumn<int>("maxDepth");
    QTest::addColumn<int>("depth");
    QTest::addColumn<bool>("accepted");

    QTest::addRow("depth 5 of 5") << 5 << 5 << true;
    QTest::addRow("depth 6 of 5") << 5 << 6 << false;
    QTest::addRow("depth 1 of 1") << 1 << 1 << true;
    QTest::addRow("depth 2 of 1") << 1 << 2 << false;
    QTest::addRow("depth 96 of 96 (default)") << 96 << 96 << true;
    QTest::addRow("depth 97 of 96 (default)") << 96 << 97 << false;
}

void tst_StreamParser::nestingDepthLimit()
{
    QFETCH(int, maxDepth);
    QFETCH(int, depth);
    QFETCH(bool, accepted);

    StreamParser::Limits limits;
    limits.maxDepth = maxDepth;
    const QByteArray input = header + nested(depth) + "<presence/>";
    const QStringList expected = accepted ? QStringList{u"open"_s, u"stanza"_s, u"stanza"_s}
                                          : QStringList{u"open"_s, u"error:policy-violation"_s};
    const QStringList whole = parse(input, Chunking::Whole, 0, 1, limits);
    QCOMPARE(kinds(whole), expected);
    QCOMPARE(parse(input, Chunking::Bytes, 0, 1, limits), whole);
    if (accepted) {
        // The stanza really is that deep.
        XmlElement e = XmlElement::fromXml(nested(depth));
        int levels = 0;
        for (; !e.isNull(); e = e.firstChild())
            ++levels;
        QCOMPARE(levels, depth);
        QCOMPARE(whole.at(1).count(u"<a"), depth - 1);
    }
}

void tst_StreamParser::hugeNestingFailsWithoutCrash()
{
    QByteArray input = header;
    input.reserve(input.size() + 100'000 * 3);
    for (int i = 0; i < 100'000; ++i)
        input += "<a>";
    StreamParser::Limits limits;
    limits.maxStanzaSize = 64 * 1024 * 1024;
    QCOMPARE(kinds(parse(input, Chunking::Whole, 0, 1, limits)),
             (QStringList{u"open"_s, u"error:policy-violation"_s}));
    QCOMPARE(kinds(parse(input, Chunking::Random, 8, 4096, limits)),
             (QStringList{u"open"_s, u"error:policy-violation"_s}));
}

void tst_StreamParser::attributeLimit_data()
{
    QTest::addColumn<QByteArray>("stanza");
    QTest::addColumn<bool>("accepted");

    QTest::addRow("8 attributes") << QByteArray(
                                         "<m a='1' b='2' c='3' d='4' e='5' f='6' g='7' h='8'/>")
                                  << true;
    QTest::addRow("9 attributes")
        << QByteArray("<m a='1' b='2' c='3' d='4' e='5' f='6' g='7' h='8' i='9'/>") << false;
    QTest::addRow("7 attributes and a namespace declaration")
        << QByteArray("<m xmlns='urn:x' a='1' b='2' c='3' d='4' e='5' f='6' g='7'/>") << true;
    QTest::addRow("8 attributes and a namespace declaration")
        << QByteArray("<m xmlns='urn:x' a='1' b='2' c='3' d='4' e='5' f='6' g='7' h='8'/>")
        << false;
    QTest::addRow("9 attributes on a child")
        << QByteArray("<m><x a='1' b='2' c='3' d='4' e='5' f='6' g='7' h='8' i='9'/></m>") << false;
    QTest::addRow("equals signs inside values")
        << QByteArray("<m a='x=y=z' b=\"=====\" c='a=b' d='' e='' f='' g='' h='='/>") << true;
    QTest::addRow("equals signs and quotes in text")
        << QByteArray("<m><body>a=1 b=2 c=3 d=4 e=5 f=6 g=7 h=8 i=9 j=10 'x' \"y\"</body></m>")
        << true;
    QTest::addRow("a tag-like CDATA section")
        << QByteArray("<m><body><![CDATA[<x a=1 b=2 c=3 d=4 e=5 f=6 g=7 h=8 i=9 j=10>]]>"
                      "</body></m>")
        << true;
    QTest::addRow("8 attributes each on many elements")
        << QByteArray("<m a='1' b='2' c='3' d='4' e='5' f='6' g='7' h='8'>"
                      "<n a='1' b='2' c='3' d='4' e='5' f='6' g='7' h='8'/>"
                      "<n a='1' b='2' c='3' d='4' e='5' f='6' g='7' h='8'></n></m>")
        << true;
}

void tst_StreamParser::attributeLimit()
{
    QFETCH(QByteArray, stanza);
    QFETCH(bool, accepted);

    StreamParser::Limits limits;
    limits.maxAttributes = 8;
    const QByteArray input = header + "<presence/>" + stanza + "<presence/>";
    const QStringList expected =
        accepted ? QStringList{u"open"_s, u"stanza"_s, u"stanza"_s, u"stanza"_s}
                 : QStringList{u"open"_s, u"stanza"_s, u"error:policy-violation"_s};
    const QStringList whole = parse(input, Chunking::Whole, 0, 1, limits);
    QCOMPARE(kinds(whole), expected);
    QCOMPARE(parse(input, Chunking::Bytes, 0, 1, limits), whole);
}

void tst_StreamParser::manyAttributesFailFast()
{
    // QXmlStreamReader checks attributes for duplicates pairwise; 200,000 of them would keep it
    // busy for minutes. The parser must refuse them before the reader gets to see the tag.
    QByteArray input = header + "<message";
    for (int i = 0; i < 200'000; ++i)
        input += " a" + QByteArray::number(i) + "=''";
    input += "/>";
    QVERIFY(input.size() < 4 * 1024 * 1024);
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(kinds(parse(input)), (QStringList{u"open"_s, u"error:policy-violation"_s}));
    QCOMPARE(kinds(parse(input, Chunking::Random, 2, 8192)),
             (QStringList{u"open"_s, u"error:policy-violation"_s}));
    qInfo("200,000 attributes refused in %lld ms", static_cast<long long>(timer.elapsed()));
}

void tst_StreamParser::resetStartsANewStream()
{
    StreamParser parser;
    QStringList events;
    const QByteArray first = readStream(u"prosody-starttls.xml"_s) + "<message";
    parser.feed(first);
    QCOMPARE(parser.next().type, EventType::StreamOpened);
    QCOMPARE(parser.next().type, EventType::Stanza);
    const StreamParser::Event proceed = parser.next();
    QVERIFY(proceed.element.is(ns::Tls, u"proceed"));
    QCOMPARE(parser.unparsedSize(), 8);

    parser.reset();
    QVERIFY(!parser.isStreamOpen());
    QVERIFY(!parser.hasFailed());
    QCOMPARE(parser.unparsedSize(), 0);
    QCOMPARE(parser.next().type, EventType::NeedMoreData);

    // A new document: a new XML declaration and header are fine again.
    events.clear();
    parser.feed("<?xml version='1.0'?>" + header + "<presence/>");
    QVERIFY(drain(parser, events));
    QCOMPARE(kinds(events), (QStringList{u"open"_s, u"stanza"_s}));
    QVERIFY(events.first().contains(u"id=hdr-1"));
    QVERIFY(parser.isStreamOpen());

    // reset() also clears a failure.
    parser.feed("<!-- no -->");
    QCOMPARE(parser.next().errorCondition, u"restricted-xml"_s);
    parser.reset();
    QVERIFY(!parser.hasFailed());
    events.clear();
    parser.feed(header + "<presence/>");
    QVERIFY(drain(parser, events));
    QCOMPARE(kinds(events), (QStringList{u"open"_s, u"stanza"_s}));

    // And a pending encoding error.
    parser.reset();
    parser.feed(header + "\xFF");
    parser.reset();
    events.clear();
    parser.feed(header + "<presence/>");
    QVERIFY(drain(parser, events));
    QCOMPARE(kinds(events), (QStringList{u"open"_s, u"stanza"_s}));

    const qint64 expectedTotal = first.size() + 21 + header.size() + 11 + 11 + header.size() + 11 +
                                 header.size() + 1 + header.size() + 11;
    QCOMPARE(parser.totalBytes(), expectedTotal);
}

void tst_StreamParser::unparsedSizeCountsBytesBehindTheEvent_data()
{
    QTest::addColumn<QByteArray>("trailing");
    QTest::addColumn<qsizetype>("expected");

    QTest::addRow("nothing") << QByteArray() << qsizetype(0);
    QTest::addRow("start of a stanza") << QByteArray("<message") << qsizetype(8);
    QTest::addRow("a space") << QByteArray(" ") << qsizetype(1);
    QTest::addRow("a whole stanza")
        << QByteArray("<message><body>x</body></message>") << qsizetype(33);
    // Characters, not bytes; a started four-byte sequence counts in full (two UTF-16 units).
    QTest::addRow("multi-byte characters")
        << QByteArray(
               "<message to='\xE7\x8E\x8B@\xE4\xBE\x8B.\xE4\xB8\xAD\xE5\x9B\xBD'><body>\xF0\x9F")
        << qsizetype(27 + 2);
    QTest::addRow("a new stream header") << header << header.size();
}

void tst_StreamParser::unparsedSizeCountsBytesBehindTheEvent()
{
    QFETCH(QByteArray, trailing);
    QFETCH(qsizetype, expected);

    // After <proceed/> the caller stops pulling and starts TLS; whatever the server sent behind
    // it in the clear must show up here.
    const QByteArray proceed = "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>";
    for (const Chunking chunking : {Chunking::Whole, Chunking::Bytes}) {
        StreamParser parser;
        const QByteArray input = header + proceed;
        for (const qsizetype n : chunkSizes(input.size(), chunking))
            parser.feed(QByteArrayView(input).sliced(parser.totalBytes(), n));
        parser.feed(trailing);
        QCOMPARE(parser.next().type, EventType::StreamOpened);
        const StreamParser::Event event = parser.next();
        QCOMPARE(event.type, EventType::Stanza);
        QVERIFY(event.element.is(ns::Tls, u"proceed"));
        QCOMPARE(parser.unparsedSize(), expected);
        QCOMPARE(parser.unparsedSize() > 0, !trailing.isEmpty());
    }
}

void tst_StreamParser::parsingIsLinearInTheInput()
{
    // About 10 MB of small stanzas, and one 10 MB text node.
    QByteArray many = header;
    const QByteArray stanza =
        "<message from='romeo@montague.lit/orchard' type='chat' id='x'><body>Shall I hear more, "
        "or shall I speak at this? \xE2\x80\x94 \xF0\x9F\x8C\xB9</body></message>\n";
    while (many.size() < 10 * 1000 * 1000)
        many += stanza;
    const QByteArray big =
        header + "<message><body>" + QByteArray(10 * 1000 * 1000, 'a') + "</body></message>";

    StreamParser::Limits limits;
    limits.maxStanzaSize = 16 * 1024 * 1024;
    for (const QByteArray *input : std::initializer_list<const QByteArray *>{&many, &big}) {
        QElapsedTimer timer;
        timer.start();
        StreamParser whole(limits);
        QStringList wholeEvents;
        whole.feed(*input);
        QVERIFY(drain(whole, wholeEvents));
        const qint64 wholeMs = timer.restart();

        StreamParser chunked(limits);
        QStringList chunkedEvents;
        qsizetype maxUnparsed = 0;
        for (qsizetype offset = 0; offset < input->size(); offset += 1024) {
            chunked.feed(QByteArrayView(*input).sliced(
                offset, std::min<qsizetype>(1024, input->size() - offset)));
            QVERIFY(drain(chunked, chunkedEvents));
            maxUnparsed = std::max(maxUnparsed, chunked.unparsedSize());
        }
        const qint64 chunkedMs = timer.elapsed();

        QCOMPARE(chunkedEvents.size(), wholeEvents.size());
        QCOMPARE(chunkedEvents, wholeEvents);
        QCOMPARE(chunked.totalBytes(), input->size());
        QCOMPARE(whole.totalBytes(), input->size());
        // Each chunk was consumed as it came: what stays unparsed is at most one chunk plus a
        // started stanza, never the input so far. (Re-parsing a growing buffer would show here.)
        QVERIFY2(maxUnparsed <= 1024 + stanza.size(), qPrintable(QString::number(maxUnparsed)));
        QCOMPARE(chunked.unparsedSize(), whole.unparsedSize());
        qInfo("%s: %lld bytes, %lld events: whole %lld ms, 1 KiB chunks %lld ms (ratio %.2f)",
              input == &many ? "small stanzas" : "one text node",
              static_cast<long long>(input->size()), static_cast<long long>(wholeEvents.size()),
              static_cast<long long>(wholeMs), static_cast<long long>(chunkedMs),
              wholeMs > 0 ? double(chunkedMs) / double(wholeMs) : 0.0);
    }
}

void tst_StreamParser::largeGeneratedStreamSurvivesRandomChunking_data()
{
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<int>("maxChunk");

    QTest::addRow("seed 1, up to 16 bytes") << 1u << 16;
    QTest::addRow("seed 2, up to 100 bytes") << 2u << 100;
    QTest::addRow("seed 3, up to 1500 bytes") << 3u << 1500;
    QTest::addRow("seed 4, up to 65536 bytes") << 4u << 65536;
}

void tst_StreamParser::largeGeneratedStreamSurvivesRandomChunking()
{
    QFETCH(quint32, seed);
    QFETCH(int, maxChunk);

    static const QByteArray input = generatedStream(20'000);
    static const QStringList whole = parse(input);
    QCOMPARE(whole.size(), 20'002);
    QCOMPARE(kinds(whole).count(u"stanza"_s), 20'000);
    QCOMPARE(whole.last(), u"closed"_s);
    QCOMPARE(whole.at(20'000).section(u' ', 0, 0), u"stanza"_s);
    QVERIFY(whole.at(1).contains(u"Message 0 — \U0001F600 &amp; \U0001F339"));
    QVERIFY(whole.at(2).contains(u"&lt;busy&gt; &amp; 1"));
    QVERIFY(whole.at(20'000).contains(u"主题 19999"));

    StreamParser parser;
    const QStringList chunked =
        parse(parser, input, chunkSizes(input.size(), Chunking::Random, seed, maxChunk));
    QCOMPARE(chunked.size(), whole.size());
    QCOMPARE(chunked, whole);
    QCOMPARE(parser.unparsedSize(), 0);
    QCOMPARE(parser.totalBytes(), input.size());
}

} // namespace natter

QTEST_GUILESS_MAIN(natter::tst_StreamParser)
#include "tst_streamparser.moc"
