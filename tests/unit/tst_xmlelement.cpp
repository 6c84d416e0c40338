// SPDX-License-Identifier: GPL-3.0-or-later
#include "xml/Namespaces.h"
#include "xml/StreamParser.h"
#include "xml/XmlElement.h"

#include <QFile>
#include <QTest>
#include <QXmlStreamReader>

Q_DECLARE_METATYPE(natter::XmlElement)

using namespace Qt::Literals::StringLiterals;

namespace natter {

// Readable QCOMPARE failures (found by argument-dependent lookup).
char *toString(const XmlElement &element)
{
    if (element.isNull())
        return qstrdup("(null)");
    if (element.isText())
        return QTest::toString(u"text:"_s + element.text());
    return qstrdup(element.toXml().constData());
}

namespace {

QByteArray readStream(const QString &name)
{
    QFile file(QStringLiteral(NATTER_TEST_DATA_DIR "/streams/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open %s", qPrintable(file.fileName()));
    return file.readAll();
}

QList<XmlElement> recordedStanzas(const QString &name)
{
    StreamParser parser;
    parser.feed(readStream(name));
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

bool isWellFormed(const QByteArray &xml)
{
    QXmlStreamReader reader(xml);
    while (!reader.atEnd())
        reader.readNext();
    return !reader.hasError();
}

XmlElement element(const QString &namespaceUri, const QString &name)
{
    return XmlElement(namespaceUri, name);
}

} // namespace

class tst_XmlElement : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultElementIsNull();
    void constructedElementHasNamespaceAndName();
    void textNodeHoldsItsText();
    void attributesWithoutNamespace();
    void attributesWithNamespace();
    void emptyAttributeValueIsKept();
    void childLookupIgnoresPrefixes_data();
    void childLookupIgnoresPrefixes();
    void mixedContentKeepsItsOrder();
    void textConcatenatesDirectTextNodes();
    void setTextReplacesOnlyText();
    void appendTextMergesAdjacentText();
    void removeChildrenMatchesNamespaceAndName();
    void toXmlIsExact_data();
    void toXmlIsExact();
    void parsedXmlSerialisesBackExactly_data();
    void parsedXmlSerialisesBackExactly();
    void namespaceUrisAreEscaped_data();
    void namespaceUrisAreEscaped();
    void recordedStanzasRoundTrip_data();
    void recordedStanzasRoundTrip();
    void fromXmlAcceptsExactlyOneElement_data();
    void fromXmlAcceptsExactlyOneElement();
    void xmlSafeTextRemovesWhatXmlForbids_data();
    void xmlSafeTextRemovesWhatXmlForbids();
    void xmlSafeTextReturnsCleanTextUnchanged();
    void writingForbiddenCharactersStaysWellFormed_data();
    void writingForbiddenCharactersStaysWellFormed();
    void copiesAreIndependent();
    void childrenAreValues();
    void equalityIsStructural_data();
    void equalityIsStructural();
};

void tst_XmlElement::defaultElementIsNull()
{
    const XmlElement e;
    QVERIFY(e.isNull());
    QVERIFY(!e.isText());
    QVERIFY(e.name().isEmpty());
    QVERIFY(e.namespaceUri().isEmpty());
    QVERIFY(e.attributes().isEmpty());
    QVERIFY(e.nodes().isEmpty());
    QVERIFY(e.children().isEmpty());
    QVERIFY(e.firstChild().isNull());
    QVERIFY(e.text().isEmpty());
    QVERIFY(!e.is(QString(), QString()));
    QCOMPARE(e.toXml(), QByteArray());
    QCOMPARE(e, XmlElement());
    QVERIFY(!(e == element(ns::Client, u"message"_s)));

    // Appending a null child changes nothing.
    XmlElement parent(ns::Client, u"message"_s);
    parent.appendChild(XmlElement());
    QVERIFY(parent.nodes().isEmpty());
}

void tst_XmlElement::constructedElementHasNamespaceAndName()
{
    const XmlElement e(ns::Client, u"message"_s);
    QVERIFY(!e.isNull());
    QVERIFY(!e.isText());
    QCOMPARE(e.namespaceUri(), u"jabber:client"_s);
    QCOMPARE(e.name(), u"message"_s);
    QVERIFY(e.is(ns::Client, u"message"));
    QVERIFY(!e.is(ns::Client, u"presence"));
    QVERIFY(!e.is(ns::Stream, u"message"));
    QVERIFY(!e.is(QString(), u"message"));
    QCOMPARE(e.toXml(), QByteArray("<message xmlns=\"jabber:client\"/>"));
}

void tst_XmlElement::textNodeHoldsItsText()
{
    const XmlElement t = XmlElement::textNode(u"héllo"_s);
    QVERIFY(!t.isNull());
    QVERIFY(t.isText());
    QCOMPARE(t.text(), u"héllo"_s);
    QVERIFY(t.name().isEmpty());
    QVERIFY(!t.is(QString(), u"héllo"));

    XmlElement body(ns::Client, u"body"_s);
    body.appendChild(t);
    QCOMPARE(body.nodes().size(), 1);
    QVERIFY(body.children().isEmpty());
    QVERIFY(body.firstChild().isNull());
    QCOMPARE(body.text(), u"héllo"_s);
}

void tst_XmlElement::attributesWithoutNamespace()
{
    XmlElement e(ns::Client, u"message"_s);
    QVERIFY(!e.hasAttribute(u"to"));
    QVERIFY(e.attribute(u"to").isNull());

    e.setAttribute(u"to"_s, u"romeo@montague.lit"_s).setAttribute(u"type"_s, u"chat"_s);
    QVERIFY(e.hasAttribute(u"to"));
    QCOMPARE(e.attribute(u"to"), u"romeo@montague.lit"_s);
    QCOMPARE(e.attribute(QString(), u"to"), u"romeo@montague.lit"_s);
    QCOMPARE(e.attributes().size(), 2);

    // Setting again replaces the value in place.
    e.setAttribute(u"to"_s, u"juliet@capulet.lit"_s);
    QCOMPARE(e.attribute(u"to"), u"juliet@capulet.lit"_s);
    QCOMPARE(e.attributes().size(), 2);
    QCOMPARE(e.attributes().first().name, u"to"_s);

    e.setAttributeIfNotEmpty(u"id"_s, u"abc"_s);
    QCOMPARE(e.attribute(u"id"), u"abc"_s);
    e.setAttributeIfNotEmpty(u"id"_s, QString());
    QVERIFY(!e.hasAttribute(u"id"));

    e.removeAttribute(u"type");
    QVERIFY(!e.hasAttribute(u"type"));
    QCOMPARE(e.attributes().size(), 1);
    e.removeAttribute(u"not-there");
    QCOMPARE(e.attributes().size(), 1);
}

void tst_XmlElement::attributesWithNamespace()
{
    XmlElement e(ns::Client, u"message"_s);
    e.setAttribute(ns::Xml, u"lang"_s, u"de"_s);
    e.setAttribute(u"lang"_s, u"plain"_s);
    QCOMPARE(e.attributes().size(), 2);
    QCOMPARE(e.attribute(ns::Xml, u"lang"), u"de"_s);
    QCOMPARE(e.attribute(u"lang"), u"plain"_s);
    QVERIFY(e.hasAttribute(u"lang"));

    // removeAttribute(name) leaves the namespaced one alone.
    e.removeAttribute(u"lang");
    QVERIFY(!e.hasAttribute(u"lang"));
    QCOMPARE(e.attribute(ns::Xml, u"lang"), u"de"_s);
    QVERIFY(!e.hasAttribute(u"xml:lang"));

    e.setAttribute(ns::Xml, u"lang"_s, u"en"_s);
    QCOMPARE(e.attributes().size(), 1);
    QCOMPARE(e.attribute(ns::Xml, u"lang"), u"en"_s);
    QCOMPARE(e.toXml(), QByteArray("<message xmlns=\"jabber:client\" xml:lang=\"en\"/>"));

    // Parsed: xml:lang lands in the XML namespace whatever the syntax.
    const XmlElement parsed = XmlElement::fromXml(
        "<message xmlns='jabber:client' xml:lang='fr' xmlns:x='urn:x' x:lang='nope'/>");
    QCOMPARE(parsed.attribute(ns::Xml, u"lang"), u"fr"_s);
    QCOMPARE(parsed.attribute(u"urn:x", u"lang"), u"nope"_s);
    QVERIFY(!parsed.hasAttribute(u"lang"));
    QCOMPARE(parsed.attributes().size(), 2);
}

void tst_XmlElement::emptyAttributeValueIsKept()
{
    XmlElement e(ns::Client, u"item"_s);
    e.setAttribute(u"name"_s, QString());
    QVERIFY(e.hasAttribute(u"name"));
    QVERIFY(e.attribute(u"name").isEmpty());
    QCOMPARE(e.toXml(ns::Client), QByteArray("<item name=\"\"/>"));
    QCOMPARE(XmlElement::fromXml(e.toXml()), e);
}

void tst_XmlElement::childLookupIgnoresPrefixes_data()
{
    QTest::addColumn<QByteArray>("xml");
    QTest::addColumn<int>("bodies");
    QTest::addColumn<QString>("firstBody");

    QTest::addRow("default namespace")
        << QByteArray("<message xmlns='jabber:client'><body>one</body><body>two</body></message>")
        << 2 << u"one"_s;
    QTest::addRow("prefixed everything")
        << QByteArray("<c:message xmlns:c='jabber:client'><c:body>one</c:body></c:message>") << 1
        << u"one"_s;
    QTest::addRow("prefixed child in a default-namespace parent")
        << QByteArray("<message xmlns='jabber:client'><a:body xmlns:a='jabber:client'>one</a:body>"
                      "<body>two</body></message>")
        << 2 << u"one"_s;
    QTest::addRow("same prefix, other namespace")
        << QByteArray("<message xmlns='jabber:client'><a:body xmlns:a='urn:other'>no</a:body>"
                      "<body>yes</body></message>")
        << 1 << u"yes"_s;
    QTest::addRow("body in no namespace")
        << QByteArray("<message xmlns='jabber:client'><body xmlns=''>no</body></message>") << 0
        << QString();
    QTest::addRow("html body is not a body")
        << QByteArray("<message xmlns='jabber:client'><html xmlns='http://jabber.org/protocol/"
                      "xhtml-im'><body xmlns='http://www.w3.org/1999/xhtml'>no</body></html>"
                      "<body>yes</body></message>")
        << 1 << u"yes"_s;
}

void tst_XmlElement::childLookupIgnoresPrefixes()
{
    QFETCH(QByteArray, xml);
    QFETCH(int, bodies);
    QFETCH(QString, firstBody);

    const XmlElement message = XmlElement::fromXml(xml);
    QVERIFY(message.is(ns::Client, u"message"));
    QCOMPARE(message.children(ns::Client, u"body").size(), bodies);
    QCOMPARE(message.hasChild(ns::Client, u"body"), bodies > 0);
    QCOMPARE(message.childText(ns::Client, u"body"), firstBody);
    QCOMPARE(message.firstChild(ns::Client, u"body").isNull(), bodies == 0);
    if (bodies > 0)
        QCOMPARE(message.firstChild(ns::Client, u"body").name(), u"body"_s);
    QVERIFY(message.firstChild(ns::Client, u"subject").isNull());
    QVERIFY(message.childText(ns::Client, u"subject").isEmpty());
}

void tst_XmlElement::mixedContentKeepsItsOrder()
{
    const QByteArray xml = "<p xmlns=\"urn:x\">one <b>two</b> three<i/>four</p>";
    const XmlElement p = XmlElement::fromXml(xml);
    QCOMPARE(p.nodes().size(), 5);
    QVERIFY(p.nodes().at(0).isText());
    QCOMPARE(p.nodes().at(0).text(), u"one "_s);
    QVERIFY(p.nodes().at(1).is(u"urn:x", u"b"));
    QCOMPARE(p.nodes().at(1).text(), u"two"_s);
    QCOMPARE(p.nodes().at(2).text(), u" three"_s);
    QVERIFY(p.nodes().at(3).is(u"urn:x", u"i"));
    QCOMPARE(p.nodes().at(4).text(), u"four"_s);
    QCOMPARE(p.children().size(), 2);
    QCOMPARE(p.firstChild().name(), u"b"_s);
    QCOMPARE(p.text(), u"one  threefour"_s);
    QCOMPARE(p.toXml(), xml);

    // Built in code, the same order comes out.
    XmlElement built(u"urn:x"_s, u"p"_s);
    built.appendText(u"one "_s)
        .appendTextChild(u"urn:x"_s, u"b"_s, u"two"_s)
        .appendText(u" three"_s)
        .appendChild(element(u"urn:x"_s, u"i"_s))
        .appendText(u"four"_s);
    QCOMPARE(built, p);
    QCOMPARE(built.toXml(), xml);
}

void tst_XmlElement::textConcatenatesDirectTextNodes()
{
    const XmlElement e =
        XmlElement::fromXml("<a xmlns='urn:x'>x<b>not mine</b>y<![CDATA[<z>]]>&amp;</a>");
    QCOMPARE(e.text(), u"xy<z>&"_s);
    QCOMPARE(e.firstChild(u"urn:x", u"b").text(), u"not mine"_s);
    QCOMPARE(e.childText(u"urn:x", u"b"), u"not mine"_s);
}

void tst_XmlElement::setTextReplacesOnlyText()
{
    XmlElement e = XmlElement::fromXml("<a xmlns='urn:x'>x<b/>y</a>");
    e.setText(u"new"_s);
    QCOMPARE(e.text(), u"new"_s);
    QCOMPARE(e.nodes().size(), 2);
    QVERIFY(e.nodes().at(0).isText());
    QVERIFY(e.nodes().at(1).is(u"urn:x", u"b"));
    QCOMPARE(e.toXml(), QByteArray("<a xmlns=\"urn:x\">new<b/></a>"));

    e.setText(QString());
    QVERIFY(e.text().isEmpty());
    QCOMPARE(e.nodes().size(), 1);
    QCOMPARE(e.toXml(), QByteArray("<a xmlns=\"urn:x\"><b/></a>"));
}

void tst_XmlElement::appendTextMergesAdjacentText()
{
    XmlElement e(ns::Client, u"body"_s);
    e.appendText(u"Hello"_s).appendText(QString()).appendText(u", "_s).appendText(u"world"_s);
    QCOMPARE(e.nodes().size(), 1);
    QCOMPARE(e.text(), u"Hello, world"_s);
    e.appendChild(element(ns::Client, u"br"_s)).appendText(u"!"_s);
    QCOMPARE(e.nodes().size(), 3);
    QCOMPARE(e.text(), u"Hello, world!"_s);
}

void tst_XmlElement::removeChildrenMatchesNamespaceAndName()
{
    XmlElement m = XmlElement::fromXml(
        "<message xmlns='jabber:client'><body>a</body><thread>t</thread>"
        "<body xml:lang='de'>b</body><body xmlns='urn:other'>c</body>text</message>");
    m.removeChildren(ns::Client, u"body");
    QCOMPARE(m.children().size(), 2);
    QVERIFY(m.hasChild(ns::Client, u"thread"));
    QVERIFY(m.hasChild(u"urn:other", u"body"));
    QCOMPARE(m.text(), u"text"_s);
    m.clearNodes();
    QVERIFY(m.nodes().isEmpty());
    QCOMPARE(m.toXml(ns::Client), QByteArray("<message/>"));
}

void tst_XmlElement::toXmlIsExact_data()
{
    QTest::addColumn<XmlElement>("element");
    QTest::addColumn<QString>("inheritedNamespace");
    QTest::addColumn<QByteArray>("expected");

    const XmlElement message(ns::Client, u"message"_s);
    QTest::addRow("declares its namespace")
        << message << QString() << QByteArray("<message xmlns=\"jabber:client\"/>");
    QTest::addRow("inherits the stream namespace")
        << message << ns::Client << QByteArray("<message/>");

    XmlElement chat = message;
    chat.setAttribute(u"type"_s, u"chat"_s);
    chat.appendTextChild(ns::Client, u"body"_s, u"hi"_s);
    XmlElement active(u"http://jabber.org/protocol/chatstates"_s, u"active"_s);
    chat.appendChild(active);
    QTest::addRow("children declare only a changed namespace")
        << chat << ns::Client
        << QByteArray("<message type=\"chat\"><body>hi</body>"
                      "<active xmlns=\"http://jabber.org/protocol/chatstates\"/></message>");

    XmlElement forwarded(u"urn:xmpp:forward:0"_s, u"forwarded"_s);
    XmlElement inner(ns::Client, u"message"_s);
    inner.appendTextChild(ns::Client, u"body"_s, u"x"_s);
    forwarded.appendChild(inner);
    XmlElement carbon(u"urn:xmpp:carbons:2"_s, u"received"_s);
    carbon.appendChild(forwarded);
    XmlElement outer = message;
    outer.appendChild(carbon);
    QTest::addRow("back to the outer namespace is declared again")
        << outer << ns::Client
        << QByteArray("<message><received xmlns=\"urn:xmpp:carbons:2\">"
                      "<forwarded xmlns=\"urn:xmpp:forward:0\"><message xmlns=\"jabber:client\">"
                      "<body>x</body></message></forwarded></received></message>");

    XmlElement plain = message;
    plain.appendChild(element(QString(), u"nons"_s));
    QTest::addRow("child without a namespace undeclares it")
        << plain << ns::Client << QByteArray("<message><nons xmlns=\"\"/></message>");

    XmlElement text(ns::Client, u"body"_s);
    text.setText(u"a < b && c > d \"q\" 'a' ]]>"_s);
    QTest::addRow("text is escaped")
        << text << ns::Client
        << QByteArray("<body>a &lt; b &amp;&amp; c &gt; d &quot;q&quot; 'a' ]]&gt;</body>");

    XmlElement attributes(ns::Client, u"item"_s);
    attributes.setAttribute(u"name"_s, u"<R&J> \"x\" 'y'\t\n\r"_s);
    QTest::addRow("attributes are escaped")
        << attributes << ns::Client
        << QByteArray("<item name=\"&lt;R&amp;J&gt; &quot;x&quot; 'y'&#9;&#10;&#13;\"/>");

    XmlElement lang = message;
    lang.setAttribute(ns::Xml, u"lang"_s, u"en"_s);
    lang.setAttribute(u"urn:example:x"_s, u"flag"_s, u"1"_s);
    QTest::addRow("namespaced attributes")
        << lang << ns::Client
        << QByteArray("<message xml:lang=\"en\" xmlns:n1=\"urn:example:x\" n1:flag=\"1\"/>");

    XmlElement quotes(u"urn:a&b\"c<d>'e"_s, u"x"_s);
    quotes.setAttribute(u"urn:p&q\"r"_s, u"flag"_s, u"1"_s);
    quotes.setAttribute(u"urn:p&q\"r"_s, u"other"_s, u"2"_s);
    quotes.setAttribute(u"urn:s<t"_s, u"flag"_s, u"3"_s);
    QTest::addRow("namespace URIs are escaped")
        << quotes << ns::Client
        << QByteArray("<x xmlns=\"urn:a&amp;b&quot;c&lt;d&gt;'e\" xmlns:n1=\"urn:p&amp;q&quot;r\" "
                      "n1:flag=\"1\" n1:other=\"2\" xmlns:n2=\"urn:s&lt;t\" n2:flag=\"3\"/>");

    XmlElement lines(ns::Client, u"body"_s);
    lines.setText(u"one\r\ntwo\rthree\n"_s);
    QTest::addRow("carriage returns become references")
        << lines << ns::Client << QByteArray("<body>one&#13;\ntwo&#13;three\n</body>");

    XmlElement unicode(ns::Client, u"body"_s);
    unicode.setText(u"王小明 \U0001F600 Ünïcödé"_s);
    QTest::addRow("non-ASCII as UTF-8")
        << unicode << ns::Client
        << QByteArray("<body>\xE7\x8E\x8B\xE5\xB0\x8F\xE6\x98\x8E \xF0\x9F\x98\x80 "
                      "\xC3\x9Cn\xC3\xAF\x63\xC3\xB6\x64\xC3\xA9</body>");

    XmlElement control(ns::Client, u"body"_s);
    control.setText(u"a\x01"_s + QChar(0xFFFE) + u"b"_s);
    control.setAttribute(u"id"_s, u"x\x0By"_s);
    QTest::addRow("forbidden characters are dropped")
        << control << ns::Client << QByteArray("<body id=\"xy\">ab</body>");

    QTest::addRow("empty element")
        << element(ns::Client, u"body"_s) << ns::Client << QByteArray("<body/>");
}

void tst_XmlElement::toXmlIsExact()
{
    QFETCH(XmlElement, element);
    QFETCH(QString, inheritedNamespace);
    QFETCH(QByteArray, expected);

    QCOMPARE(element.toXml(inheritedNamespace), expected);
    QCOMPARE(element.toString(inheritedNamespace), QString::fromUtf8(expected));
    QVERIFY(isWellFormed(element.toXml()));
}

void tst_XmlElement::parsedXmlSerialisesBackExactly_data()
{
    QTest::addColumn<QByteArray>("xml");

    QTest::addRow("stanza") << QByteArray(
        "<iq xmlns=\"jabber:client\" type=\"get\" id=\"1\"><ping xmlns=\"urn:xmpp:ping\"/></iq>");
    QTest::addRow("roster") << QByteArray(
        "<query xmlns=\"jabber:iq:roster\" ver=\"14\"><item jid=\"a@b\" name=\"A &amp; B\">"
        "<group>\xE5\x90\x8C\xE4\xBA\x8B</group></item></query>");
    QTest::addRow("mixed content")
        << QByteArray("<p xmlns=\"http://www.w3.org/1999/xhtml\">Hi <em>there</em>!</p>");
    QTest::addRow("empty no-namespace child")
        << QByteArray("<x xmlns=\"jabber:x:data\"><y xmlns=\"\"/></x>");
    // A parser turns a raw carriage return into a line feed; only the reference keeps it.
    QTest::addRow("carriage return reference")
        << QByteArray("<body xmlns=\"jabber:client\">line&#13;\nnext&#13;</body>");
}

void tst_XmlElement::parsedXmlSerialisesBackExactly()
{
    QFETCH(QByteArray, xml);
    QCOMPARE(XmlElement::fromXml(xml).toXml(), xml);
}

void tst_XmlElement::namespaceUrisAreEscaped_data()
{
    QTest::addColumn<QByteArray>("xml");

    // Found by tests/fuzz (fuzz_xmlelement, fuzz_stanza): QXmlStreamWriter wrote these URIs
    // unescaped, and our own output did not parse back.
    QTest::addRow("ampersand, fuzz_xmlelement") << QByteArray(
        "<iq type='error' id='e2'><error type='bogus'><made-up "
        "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text "
        "xmlns='urn:ietf:p&amp;:xml:ns:xmpp-stanzas'>one</text><text "
        "xmlns='urn:subscribeietf:params:xml:ns:xmpp-stanzas'>two</text></error></iq>");
    QTest::addRow("double quote, fuzz_stanza")
        << QByteArray("<iq from='im.example.co*m' id='ixc1' to='juliet@im.example.com/foo' "
                      "type='error'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>"
                      "someresource</resource></bind><error type='cancel' by='im.example.com'>"
                      "<conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text "
                      "xmlns='urn:ietf:params:x&quot;ml:ns:xmpp-stanzas' xml:lang='en'>Resource "
                      "in use</text></error></iq>");
    QTest::addRow("less-than") << QByteArray("<a xmlns='urn:&lt;'/>");
    QTest::addRow("attribute namespace")
        << QByteArray("<a xmlns='urn:a' xmlns:p='urn:&quot;&amp;&lt;' p:b='1'><c p:d='2'/></a>");
}

void tst_XmlElement::namespaceUrisAreEscaped()
{
    QFETCH(QByteArray, xml);

    const XmlElement element = XmlElement::fromXml(xml);
    QVERIFY(!element.isNull());
    const QByteArray out = element.toXml();
    QVERIFY2(isWellFormed(out), out.constData());
    const XmlElement back = XmlElement::fromXml(out);
    QCOMPARE(back, element);
    QCOMPARE(back.toXml(), out);
    // Also without the outer declaration, inside a parent that has it.
    const XmlElement wrapped =
        XmlElement::fromXml("<w xmlns='urn:a'>" + element.toXml(u"urn:a"_s) + "</w>");
    QCOMPARE(wrapped.nodes().size(), 1);
    QCOMPARE(wrapped.firstChild(), element);
}

void tst_XmlElement::recordedStanzasRoundTrip_data()
{
    QTest::addColumn<XmlElement>("stanza");

    int total = 0;
    for (const char *file : {"prosody-starttls.xml", "ejabberd-sasl.xml", "prosody-session.xml"}) {
        const QList<XmlElement> stanzas = recordedStanzas(QString::fromLatin1(file));
        QVERIFY(!stanzas.isEmpty());
        for (qsizetype i = 0; i < stanzas.size(); ++i)
            QTest::addRow("%s#%lld", file, static_cast<long long>(i)) << stanzas.at(i);
        total += int(stanzas.size());
    }
    QCOMPARE(total, 2 + 5 + 20);
}

void tst_XmlElement::recordedStanzasRoundTrip()
{
    QFETCH(XmlElement, stanza);

    const QByteArray xml = stanza.toXml();
    QVERIFY(isWellFormed(xml));
    const XmlElement back = XmlElement::fromXml(xml);
    QCOMPARE(back, stanza);
    QCOMPARE(back.toXml(), xml);

    // Inside the stream the default namespace is left out, and the result still parses back
    // to the same element once the stream's namespace is around it.
    const QByteArray inStream = stanza.toXml(ns::Client);
    const XmlElement wrapped =
        XmlElement::fromXml("<wrapper xmlns=\"jabber:client\">" + inStream + "</wrapper>");
    QCOMPARE(wrapped.nodes().size(), 1);
    QCOMPARE(wrapped.firstChild(), stanza);

    // Equality can fail: one changed attribute is seen.
    XmlElement changed = stanza;
    changed.setAttribute(u"x-test"_s, u"1"_s);
    QVERIFY(!(changed == stanza));
}

void tst_XmlElement::fromXmlAcceptsExactlyOneElement_data()
{
    QTest::addColumn<QByteArray>("xml");
    QTest::addColumn<bool>("accepted");

    QTest::addRow("one element") << QByteArray("<a/>") << true;
    QTest::addRow("XML declaration and whitespace")
        << QByteArray("<?xml version='1.0' encoding='UTF-8'?>\n <a xmlns='urn:x'>t</a>\n") << true;
    QTest::addRow("empty") << QByteArray() << false;
    QTest::addRow("only whitespace") << QByteArray("  \n") << false;
    QTest::addRow("only text") << QByteArray("hello") << false;
    QTest::addRow("two elements") << QByteArray("<a/><b/>") << false;
    QTest::addRow("unclosed") << QByteArray("<a><b></b>") << false;
    QTest::addRow("mismatched") << QByteArray("<a></b>") << false;
    QTest::addRow("text after the element") << QByteArray("<a/>tail") << false;
    QTest::addRow("comment") << QByteArray("<a><!-- c --></a>") << false;
    QTest::addRow("processing instruction") << QByteArray("<a><?pi x?></a>") << false;
    QTest::addRow("DOCTYPE") << QByteArray("<!DOCTYPE a><a/>") << false;
    QTest::addRow("invalid UTF-8") << QByteArray("<a>\xC3\x28</a>") << false;
    QTest::addRow("undeclared prefix") << QByteArray("<p:a/>") << false;

    QByteArray deep;
    for (int i = 0; i < 300; ++i)
        deep += "<a>";
    for (int i = 0; i < 300; ++i)
        deep += "</a>";
    QTest::addRow("300 levels deep") << deep << false;
    QTest::addRow("200 levels deep")
        << deep.mid(100 * 3, 200 * 3) + deep.mid(300 * 3, 200 * 4) << true;
}

void tst_XmlElement::fromXmlAcceptsExactlyOneElement()
{
    QFETCH(QByteArray, xml);
    QFETCH(bool, accepted);

    const XmlElement e = XmlElement::fromXml(xml);
    QCOMPARE(!e.isNull(), accepted);
    if (accepted)
        QCOMPARE(e.name(), u"a"_s);
}

void tst_XmlElement::xmlSafeTextRemovesWhatXmlForbids_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    const QString emoji = u"\U0001F600"_s;
    QTest::addRow("plain") << u"hello"_s << u"hello"_s;
    QTest::addRow("tab, newline, carriage return") << u"a\tb\nc\rd"_s << u"a\tb\nc\rd"_s;
    QTest::addRow("U+0001") << u"a\x01z"_s << u"az"_s;
    QTest::addRow("U+000B and U+000C") << u"a\x0B\x0Cz"_s << u"az"_s;
    QTest::addRow("U+0000") << (u"a"_s + QChar(0) + u"z"_s) << u"az"_s;
    QTest::addRow("U+001F") << u"a\x1Fz"_s << u"az"_s;
    QTest::addRow("U+FFFE") << (u"a"_s + QChar(0xFFFE) + u"z"_s) << u"az"_s;
    QTest::addRow("U+FFFF") << (u"a"_s + QChar(0xFFFF) + u"z"_s) << u"az"_s;
    QTest::addRow("lone high surrogate") << (u"a"_s + QChar(0xD83D) + u"z"_s) << u"az"_s;
    QTest::addRow("lone low surrogate") << (u"a"_s + QChar(0xDE00) + u"z"_s) << u"az"_s;
    QTest::addRow("high surrogate at the end") << (u"a"_s + QChar(0xD83D)) << u"a"_s;
    QTest::addRow("swapped surrogates")
        << (u"a"_s + QChar(0xDE00) + QChar(0xD83D) + u"z"_s) << u"az"_s;
    QTest::addRow("emoji kept") << (u"a"_s + emoji + u"z"_s) << (u"a"_s + emoji + u"z"_s);
    QTest::addRow("emoji next to a control character") << (u"\x01"_s + emoji + u"\x02"_s) << emoji;
    QTest::addRow("U+10FFFF kept") << u"\U0010FFFF"_s << u"\U0010FFFF"_s;
    QTest::addRow("edges of the BMP ranges kept")
        << (QChar(0xD7FF) + QString(QChar(0xE000)) + QChar(0xFFFD))
        << (QChar(0xD7FF) + QString(QChar(0xE000)) + QChar(0xFFFD));
    QTest::addRow("C1 controls kept") << u"\x7F\x85\x9F"_s << u"\x7F\x85\x9F"_s;
    QTest::addRow("CJK kept") << u"王小明"_s << u"王小明"_s;
    QTest::addRow("empty") << QString() << QString();
}

void tst_XmlElement::xmlSafeTextRemovesWhatXmlForbids()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(xmlSafeText(input), expected);
}

void tst_XmlElement::xmlSafeTextReturnsCleanTextUnchanged()
{
    // The common case costs no copy.
    const QString clean = u"Shall I hear more, or shall I speak at this? \U0001F339"_s;
    QCOMPARE(xmlSafeText(clean).constData(), clean.constData());
}

void tst_XmlElement::writingForbiddenCharactersStaysWellFormed_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("cleaned");

    QTest::addRow("U+0001") << u"bell\x01"_s << u"bell"_s;
    QTest::addRow("U+0000") << (u"nul"_s + QChar(0)) << u"nul"_s;
    QTest::addRow("U+FFFF") << (u"x"_s + QChar(0xFFFF)) << u"x"_s;
    QTest::addRow("lone surrogate") << (u"y"_s + QChar(0xDC00)) << u"y"_s;
    QTest::addRow("all of them with an emoji")
        << (u"\x01\x08\x0B\x1B"_s + QChar(0xD800) + u"\U0001F600"_s + QChar(0xFFFE))
        << u"\U0001F600"_s;
}

void tst_XmlElement::writingForbiddenCharactersStaysWellFormed()
{
    QFETCH(QString, text);
    QFETCH(QString, cleaned);

    XmlElement body(ns::Client, u"body"_s);
    body.setAttribute(u"title"_s, text);
    body.setText(text);
    const QByteArray xml = body.toXml();
    QVERIFY2(isWellFormed(xml), xml.toHex(' ').constData());
    const XmlElement back = XmlElement::fromXml(xml);
    QVERIFY(!back.isNull());
    QCOMPARE(back.text(), cleaned);
    QCOMPARE(back.attribute(u"title"), cleaned);
}

void tst_XmlElement::copiesAreIndependent()
{
    XmlElement original(ns::Client, u"message"_s);
    original.setAttribute(u"to"_s, u"romeo@montague.lit"_s);
    original.appendTextChild(ns::Client, u"body"_s, u"hi"_s);
    const QByteArray before = original.toXml();

    XmlElement copy = original;
    QCOMPARE(copy, original);
    copy.setAttribute(u"to"_s, u"tybalt@capulet.lit"_s);
    copy.setAttribute(u"id"_s, u"1"_s);
    copy.appendTextChild(ns::Client, u"thread"_s, u"t"_s);
    copy.removeChildren(ns::Client, u"body");
    copy.setText(u"text"_s);
    QCOMPARE(original.toXml(), before);
    QVERIFY(!(copy == original));

    XmlElement second = original;
    second.removeAttribute(u"to");
    second.clearNodes();
    QCOMPARE(original.toXml(), before);

    // Copies of copies, and assignment.
    XmlElement third;
    third = second;
    third.setAttribute(u"type"_s, u"chat"_s);
    QVERIFY(!second.hasAttribute(u"type"));
    QCOMPARE(original.toXml(), before);
    XmlElement moved = std::move(third);
    QCOMPARE(moved.attribute(u"type"), u"chat"_s);
}

void tst_XmlElement::childrenAreValues()
{
    XmlElement message(ns::Client, u"message"_s);
    message.appendTextChild(ns::Client, u"body"_s, u"original"_s);

    // Changing a child taken out of the tree leaves the tree alone...
    XmlElement body = message.firstChild(ns::Client, u"body");
    body.setText(u"changed"_s);
    QCOMPARE(message.childText(ns::Client, u"body"), u"original"_s);

    // Appending to a copy's text leaves the shared text node alone.
    XmlElement copy = message.firstChild(ns::Client, u"body");
    copy.appendText(u" and more"_s);
    QCOMPARE(copy.text(), u"original and more"_s);
    QCOMPARE(message.childText(ns::Client, u"body"), u"original"_s);

    // ...and changing the tree leaves an appended child alone.
    XmlElement child(ns::Client, u"subject"_s);
    message.appendChild(child);
    child.setText(u"later"_s);
    QVERIFY(message.childText(ns::Client, u"subject").isEmpty());
}

void tst_XmlElement::equalityIsStructural_data()
{
    QTest::addColumn<QByteArray>("a");
    QTest::addColumn<QByteArray>("b");
    QTest::addColumn<bool>("equal");

    QTest::addRow("same") << QByteArray("<a xmlns='urn:x' p='1'>t<b/></a>")
                          << QByteArray("<a xmlns='urn:x' p='1'>t<b/></a>") << true;
    QTest::addRow("attribute order does not matter")
        << QByteArray("<a p='1' q='2'/>") << QByteArray("<a q='2' p='1'/>") << true;
    QTest::addRow("prefix does not matter")
        << QByteArray("<a xmlns='urn:x'><b/></a>")
        << QByteArray("<x:a xmlns:x='urn:x'><x:b/></x:a>") << true;
    QTest::addRow("namespace matters")
        << QByteArray("<a xmlns='urn:x'/>") << QByteArray("<a xmlns='urn:y'/>") << false;
    QTest::addRow("attribute namespace matters")
        << QByteArray("<a xml:lang='en'/>") << QByteArray("<a lang='en'/>") << false;
    QTest::addRow("attribute value matters")
        << QByteArray("<a p='1'/>") << QByteArray("<a p='2'/>") << false;
    QTest::addRow("extra attribute matters")
        << QByteArray("<a p='1'/>") << QByteArray("<a p='1' q=''/>") << false;
    QTest::addRow("text matters") << QByteArray("<a>x</a>") << QByteArray("<a>y</a>") << false;
    QTest::addRow("child order matters")
        << QByteArray("<a><b/><c/></a>") << QByteArray("<a><c/><b/></a>") << false;
    QTest::addRow("CDATA is just text")
        << QByteArray("<a><![CDATA[<&>]]></a>") << QByteArray("<a>&lt;&amp;&gt;</a>") << true;
}

void tst_XmlElement::equalityIsStructural()
{
    QFETCH(QByteArray, a);
    QFETCH(QByteArray, b);
    QFETCH(bool, equal);

    const XmlElement x = XmlElement::fromXml(a);
    const XmlElement y = XmlElement::fromXml(b);
    QVERIFY(!x.isNull());
    QVERIFY(!y.isNull());
    QCOMPARE(x == y, equal);
    QCOMPARE(y == x, equal);
}

} // namespace natter

QTEST_GUILESS_MAIN(natter::tst_XmlElement)
#include "tst_xmlelement.moc"
