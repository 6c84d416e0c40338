// SPDX-License-Identifier: GPL-3.0-or-later
// XmlConsoleFormatter: indents one stanza for the XML console, keeps text as it is, and leaves
// anything that is not one complete element alone.
#include "services/XmlConsoleFormatter.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace natter;

class TestXmlConsoleFormatter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void indentsNestedElements()
    {
        const QString in = u"<iq type=\"result\" id=\"r1\"><query xmlns=\"jabber:iq:roster\" "
                           "ver=\"v1\"><item jid=\"romeo@montague.lit\" name=\"Romeo\"><group>"
                           "Friends</group></item></query></iq>"_s;
        const QString expected = u"<iq type=\"result\" id=\"r1\">\n"
                                 "  <query xmlns=\"jabber:iq:roster\" ver=\"v1\">\n"
                                 "    <item jid=\"romeo@montague.lit\" name=\"Romeo\">\n"
                                 "      <group>Friends</group>\n"
                                 "    </item>\n"
                                 "  </query>\n"
                                 "</iq>"_s;
        QCOMPARE(XmlConsoleFormatter::format(in), expected);
    }

    void keepsPrefixesAndEscapes()
    {
        const QString in =
            u"<stream:features><mechanisms xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\">"
            "<mechanism>SCRAM-SHA-1</mechanism></mechanisms></stream:features>"_s;
        const QString out = XmlConsoleFormatter::format(in);
        QVERIFY(out.startsWith(u"<stream:features>\n"));
        QVERIFY(out.contains(u"\n    <mechanism>SCRAM-SHA-1</mechanism>\n"));

        const QString text =
            u"<message><body>a &lt; b &amp;&amp; c &gt; d \"q\"</body></message>"_s;
        const QString formatted = XmlConsoleFormatter::format(text);
        QVERIFY2(formatted.contains(u"<body>a &lt; b &amp;&amp; c &gt; d &quot;q&quot;</body>"),
                 qPrintable(formatted));
        // Whitespace that is content stays.
        QVERIFY(XmlConsoleFormatter::format(u"<message><body>  </body></message>"_s)
                    .contains(u"<body>  </body>"));
        // Namespace declarations appear once.
        QCOMPARE(XmlConsoleFormatter::format(u"<a xmlns=\"x\" xmlns:p=\"y\"><p:b/></a>"_s)
                     .count(u"xmlns"),
                 2);
    }

    void leavesNonElementsAlone_data()
    {
        QTest::addColumn<QString>("xml");
        QTest::newRow("stream header")
            << u"<?xml version='1.0'?><stream:stream to='capulet.lit' version='1.0' "
               "xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"_s;
        QTest::newRow("stream close") << u"</stream:stream>"_s;
        QTest::newRow("two elements") << u"<a/><b/>"_s;
        QTest::newRow("text") << u"plain words"_s;
        QTest::newRow("empty") << QString();
    }
    void leavesNonElementsAlone()
    {
        QFETCH(QString, xml);
        QCOMPARE(XmlConsoleFormatter::format(xml), xml);
    }
};

QTEST_GUILESS_MAIN(TestXmlConsoleFormatter)
#include "tst_xmlconsoleformatter.moc"
