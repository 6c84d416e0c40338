// SPDX-License-Identifier: GPL-3.0-or-later
// xmpp: URIs and IRIs (RFC 5122) with the XEP-0147 query actions.
#include "services/XmppUri.h"

#include <QTest>

using namespace natter;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(natter::XmppUri::Action)

class tst_XmppUri : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rfcExamples_data()
    {
        QTest::addColumn<QString>("uri");
        QTest::addColumn<QString>("account");
        QTest::addColumn<QString>("target");
        QTest::addColumn<XmppUri::Action>("action");

        // RFC 5122 §2.1 and §2.3
        QTest::newRow("node") << u"xmpp:node@example.com"_s << QString() << u"node@example.com"_s
                              << XmppUri::Action::Open;
        QTest::newRow("authority")
            << u"xmpp://guest@example.com/support@example.com?message"_s << u"guest@example.com"_s
            << u"support@example.com"_s << XmppUri::Action::Message;
        QTest::newRow("message") << u"xmpp:support@example.com?message"_s << QString()
                                 << u"support@example.com"_s << XmppUri::Action::Message;
        // §2.7.1: the characters a node may contain, percent-encoded where needed
        QTest::newRow("nasty node")
            << u"xmpp:nasty!%23$%25()*+,-.;=%3F%5B%5C%5D%5E_%60%7B%7C%7D~node@example.com"_s
            << QString() << u"nasty!#$%()*+,-.;=?[\\]^_`{|}~node@example.com"_s
            << XmppUri::Action::Open;
        // §2.7.2: a resource with every special character
        QTest::newRow("repulsive resource")
            << u"xmpp:node@example.com/repulsive%20!%23%22$%25&'()*+,-.%2F:;%3C=%3E%3F%40%5B%5C%5D%5E_%60%7B%7C%7D~resource"_s
            << QString()
            << u"node@example.com/repulsive !#\"$%&'()*+,-./:;<=>?@[\\]^_`{|}~resource"_s
            << XmppUri::Action::Open;
        // §2.7.3: internationalised, percent-encoded UTF-8 ...
        QTest::newRow("czech encoded")
            << u"xmpp:ji%C5%99i@%C4%8Dechy.example/v%20Praze"_s << QString()
            << u"jiři@čechy.example/v Praze"_s << XmppUri::Action::Open;
        // ... and as an IRI
        QTest::newRow("czech iri") << u"xmpp:jiři@čechy.example/v%20Praze"_s << QString()
                                   << u"jiři@čechy.example/v Praze"_s << XmppUri::Action::Open;
        QTest::newRow("full jid") << u"xmpp:juliet@example.com/balcony"_s << QString()
                                  << u"juliet@example.com/balcony"_s << XmppUri::Action::Open;
        QTest::newRow("domain only")
            << u"xmpp:example.com"_s << QString() << u"example.com"_s << XmppUri::Action::Open;
        // XEP-0147 query types
        QTest::newRow("roster") << u"xmpp:romeo@montague.net?roster;name=Romeo%20Montague"_s
                                << QString() << u"romeo@montague.net"_s << XmppUri::Action::Roster;
        QTest::newRow("subscribe") << u"xmpp:romeo@montague.net?subscribe"_s << QString()
                                   << u"romeo@montague.net"_s << XmppUri::Action::Subscribe;
        QTest::newRow("unknown query")
            << u"xmpp:darkcave@macbeth.shakespeare.lit?join"_s << QString()
            << u"darkcave@macbeth.shakespeare.lit"_s << XmppUri::Action::Other;
        QTest::newRow("scheme in capitals") << u"XMPP:Romeo@Montague.net"_s << QString()
                                            << u"romeo@montague.net"_s << XmppUri::Action::Open;
        QTest::newRow("fragment ignored") << u"xmpp:romeo@montague.net?message#part"_s << QString()
                                          << u"romeo@montague.net"_s << XmppUri::Action::Message;
        QTest::newRow("surrounding spaces") << u"  xmpp:romeo@montague.net \n"_s << QString()
                                            << u"romeo@montague.net"_s << XmppUri::Action::Open;
    }
    void rfcExamples()
    {
        QFETCH(QString, uri);
        QFETCH(QString, account);
        QFETCH(QString, target);
        QFETCH(XmppUri::Action, action);
        const XmppUri parsed = XmppUri::parse(uri);
        QVERIFY2(parsed.isValid(), qPrintable(parsed.error()));
        QCOMPARE(parsed.error(), QString());
        QCOMPARE(parsed.account().toString(), account);
        QCOMPARE(parsed.target(), Jid::fromString(target));
        QVERIFY(!parsed.target().isNull());
        QCOMPARE(parsed.action(), action);
        QCOMPARE(parsed.text(), uri);
    }

    void messageParameters()
    {
        // RFC 5122 §2.5
        const XmppUri uri = XmppUri::parse(
            u"xmpp:romeo@montague.net?message;subject=Test%20Message;body=Here%27s%20a%20test%20message"_s);
        QVERIFY(uri.isValid());
        QCOMPARE(uri.action(), XmppUri::Action::Message);
        QCOMPARE(uri.queryType(), u"message"_s);
        QCOMPARE(uri.subject(), u"Test Message"_s);
        QCOMPARE(uri.body(), u"Here's a test message"_s);
        QCOMPARE(uri.parameters().size(), 2);
        QCOMPARE(uri.parameters().at(0).first, u"subject"_s);
        QVERIFY(uri.hasValue(u"body"_s));
        QVERIFY(!uri.hasValue(u"thread"_s));
        QCOMPARE(uri.value(u"thread"_s), QString());
    }

    void bodyKeepsSpecialCharacters()
    {
        // '+' is not a space (not form encoding); '=' and '?' in values; line breaks encoded;
        // non-ASCII both encoded and literal.
        const XmppUri uri = XmppUri::parse(
            u"xmpp:a@b.example?message;body=1+1%3D2?%0ANext%20line%20%E2%9C%93%20✓=ok"_s);
        QVERIFY2(uri.isValid(), qPrintable(uri.error()));
        QCOMPARE(uri.body(), u"1+1=2?\nNext line ✓ ✓=ok"_s);
    }

    void rosterParameters()
    {
        const XmppUri uri =
            XmppUri::parse(u"xmpp:romeo@montague.net?roster;name=Romeo%20Montague;group=Friends"_s);
        QVERIFY(uri.isValid());
        QCOMPARE(uri.action(), XmppUri::Action::Roster);
        QCOMPARE(uri.name(), u"Romeo Montague"_s);
        QCOMPARE(uri.group(), u"Friends"_s);
    }

    void emptyParametersTolerated()
    {
        const XmppUri uri = XmppUri::parse(u"xmpp:romeo@montague.net?message;;body=x;"_s);
        QVERIFY2(uri.isValid(), qPrintable(uri.error()));
        QCOMPARE(uri.body(), u"x"_s);
        QCOMPARE(uri.parameters().size(), 1);
    }

    void badUris_data()
    {
        QTest::addColumn<QString>("uri");
        QTest::addColumn<QString>("errorContains");
        QTest::newRow("empty") << QString() << u"not an xmpp: link"_s;
        QTest::newRow("other scheme") << u"mailto:romeo@montague.net"_s << u"not an xmpp: link"_s;
        QTest::newRow("no address") << u"xmpp:"_s << u"no address"_s;
        QTest::newRow("only query") << u"xmpp:?message"_s << u"no address"_s;
        QTest::newRow("empty node") << u"xmpp:@example.com"_s << u"nothing before"_s;
        QTest::newRow("two ats") << u"xmpp:a@b@example.com"_s << u"more than one"_s;
        QTest::newRow("no host") << u"xmpp:romeo@"_s << u"no server name"_s;
        QTest::newRow("empty resource") << u"xmpp:romeo@montague.net/"_s << u"no resource"_s;
        QTest::newRow("bad percent") << u"xmpp:ro%zzmeo@montague.net"_s << u"%zz"_s;
        QTest::newRow("truncated percent")
            << u"xmpp:romeo@montague.net?message;body=50%"_s << u"percent-encoding"_s;
        QTest::newRow("invalid utf-8")
            << u"xmpp:romeo@montague.net?message;body=%C3%28"_s << u"not UTF-8"_s;
        QTest::newRow("forbidden in node")
            << u"xmpp:ro%3Cmeo@montague.net"_s << u"not a valid XMPP address"_s;
        QTest::newRow("slash in node")
            << u"xmpp:a%2Fb@montague.net"_s << u"not a valid XMPP address"_s;
        QTest::newRow("bad domain")
            << u"xmpp:romeo@mon tague..net"_s << u"not a valid XMPP address"_s;
        QTest::newRow("control character")
            << u"xmpp:romeo@montague.net\u0007"_s << u"control characters"_s;
        QTest::newRow("encoded control in body")
            << u"xmpp:romeo@montague.net?message;body=%07"_s << u"control characters"_s;
        QTest::newRow("pair without =")
            << u"xmpp:romeo@montague.net?message;body"_s << u"key=value"_s;
        QTest::newRow("authority only") << u"xmpp://guest@example.com"_s << u"only an account"_s;
        QTest::newRow("authority without node")
            << u"xmpp://example.com/romeo@montague.net"_s << u"user@server"_s;
    }
    void badUris()
    {
        QFETCH(QString, uri);
        QFETCH(QString, errorContains);
        const XmppUri parsed = XmppUri::parse(uri);
        QVERIFY(!parsed.isValid());
        QVERIFY2(parsed.error().contains(errorContains), qPrintable(u"error: "_s + parsed.error()));
    }

    void schemeDetection()
    {
        QVERIFY(XmppUri::hasXmppScheme(u"xmpp:a@b"_s));
        QVERIFY(XmppUri::hasXmppScheme(u"Xmpp:a@b"_s));
        QVERIFY(!XmppUri::hasXmppScheme(u"a@b"_s));
        QVERIFY(!XmppUri::hasXmppScheme(u"xmppx:a@b"_s));
        QVERIFY(!XmppUri::hasXmppScheme(u"--jid"_s));
    }
};

QTEST_GUILESS_MAIN(tst_XmppUri)
#include "tst_xmppuri.moc"
