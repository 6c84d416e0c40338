// SPDX-License-Identifier: GPL-3.0-or-later
// RawXmlSender: the XML console's "send raw XML" sends exactly one well-formed element in the
// jabber:client namespace, and nothing at all for anything else.
#include "FakeTransport.h"
#include "account/Account.h"
#include "services/RawXmlSender.h"
#include "xml/Namespaces.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace natter;

class TestRawXmlSender : public QObject
{
    Q_OBJECT

private:
    FakeTransport *m_transport = nullptr;
    Account *m_account = nullptr;

private Q_SLOTS:
    void init()
    {
        m_transport = new FakeTransport;
        m_account = new Account(m_transport);
        ConnectionSettings settings;
        settings.jid = Jid::fromString(u"juliet@capulet.lit");
        settings.password = u"secret"_s;
        m_account->setSettings(settings);
        m_account->connectToServer();
        QVERIFY(m_account->isOnline());
        m_transport->clearSent();
    }
    void cleanup()
    {
        delete m_account;
        m_account = nullptr;
    }

    void sendsOneElementInJabberClient()
    {
        RawXmlSender sender(m_account);
        const QString error =
            sender.send(u"  <iq type='get' id='p1' to='capulet.lit'><ping xmlns='urn:xmpp:ping'/>"
                        "</iq>\n"_s);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(m_transport->sent().size(), 1);
        const XmlElement sent = m_transport->lastSent();
        QCOMPARE(sent.namespaceUri(), ns::Client);
        QCOMPARE(sent.name(), u"iq"_s);
        QCOMPARE(sent.attribute(u"id"), u"p1"_s);
        QVERIFY(sent.firstChild().is(u"urn:xmpp:ping", u"ping"));
    }

    void keepsAnExplicitNamespace()
    {
        RawXmlSender sender(m_account);
        QCOMPARE(sender.send(u"<r xmlns='urn:xmpp:sm:3'/>"_s), QString());
        QCOMPARE(m_transport->lastSent().namespaceUri(), u"urn:xmpp:sm:3"_s);
    }

    void refusesWhatIsNotOneWellFormedElement_data()
    {
        QTest::addColumn<QString>("xml");
        QTest::newRow("empty") << u""_s;
        QTest::newRow("blank") << u"  \n "_s;
        QTest::newRow("text") << u"hello"_s;
        QTest::newRow("unclosed") << u"<message to='romeo@montague.lit'><body>hi</body>"_s;
        QTest::newRow("mismatched") << u"<message><body>hi</message></body>"_s;
        QTest::newRow("two elements") << u"<presence/><presence/>"_s;
        QTest::newRow("trailing text") << u"<presence/>and more"_s;
        QTest::newRow("undeclared prefix") << u"<foo:bar/>"_s;
        QTest::newRow("doctype") << u"<!DOCTYPE x [<!ENTITY a 'b'>]><message/>"_s;
        QTest::newRow("entity") << u"<message><body>&a;</body></message>"_s;
        QTest::newRow("processing instruction") << u"<?evil?><message/>"_s;
        QTest::newRow("comment") << u"<message><!-- x --></message>"_s;
        QTest::newRow("stream close") << u"</stream:stream>"_s;
        QTest::newRow("stream open") << u"<stream:stream xmlns:stream="
                                        "'http://etherx.jabber.org/streams'>"_s;
    }
    void refusesWhatIsNotOneWellFormedElement()
    {
        QFETCH(QString, xml);
        RawXmlSender sender(m_account);
        const QString error = sender.send(xml);
        QVERIFY2(!error.isEmpty(), qPrintable(xml));
        QCOMPARE(RawXmlSender::check(xml), error);
        QVERIFY(m_transport->sent().isEmpty());
    }

    void refusesWhenOffline()
    {
        m_account->disconnectFromServer();
        QVERIFY(!m_account->isOnline());
        m_transport->clearSent();
        RawXmlSender sender(m_account);
        QVERIFY(RawXmlSender::check(u"<presence/>"_s).isEmpty());
        const QString error = sender.send(u"<presence/>"_s);
        QVERIFY(error.contains(u"Not connected"));
        QVERIFY(m_transport->sent().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRawXmlSender)
#include "tst_rawxmlsender.moc"
