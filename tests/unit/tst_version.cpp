// SPDX-License-Identifier: GPL-3.0-or-later
// VersionExtension and SoftwareVersion (XEP-0092).
#include "FakeTransport.h"
#include "account/Account.h"
#include "ext/VersionExtension.h"
#include "payloads/SoftwareVersion.h"
#include "xml/Namespaces.h"

#include <QSysInfo>
#include <QTest>

using namespace Qt::StringLiterals;

namespace natter {

char *toString(const XmlElement &element)
{
    return QTest::toString(element.isNull() ? u"(null)"_s : element.toString(ns::Client));
}

} // namespace natter

using namespace natter;

namespace {

ConnectionSettings settings()
{
    ConnectionSettings s;
    s.jid = Jid::fromString(u"romeo@montague.net");
    s.password = u"secret"_s;
    return s;
}

XmlElement xml(const QString &text)
{
    return FakeTransport::recorded(text);
}

const QString VersionRequest =
    u"<iq type='get' from='romeo@montague.net/orchard' to='juliet@capulet.com/balcony' "
    u"id='version_1'><query xmlns='jabber:iq:version'/></iq>"_s;

} // namespace

class tst_Version : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void softwareVersionRoundTrip_data();
    void softwareVersionRoundTrip();
    void softwareVersionRejectsOtherElements();
    void answersWithoutOperatingSystemByDefault();
    void answersWithOperatingSystemWhenShared();
    void versionSetIsNotAnswered();
    void advertisesVersion();
    void requestVersionParsesAnswer();
    void requestVersionToOurServer();
    void requestVersionReportsErrors_data();
    void requestVersionReportsErrors();

private:
    Account *m_account = nullptr;
    VersionExtension *m_version = nullptr;
    FakeTransport *m_transport = nullptr;
};

void tst_Version::init()
{
    m_account = new Account(new FakeTransport);
    m_version = new VersionExtension(m_account);
    m_account->setSettings(settings());
    m_transport = static_cast<FakeTransport *>(m_account->transport());
}

void tst_Version::cleanup()
{
    delete m_account;
    m_account = nullptr;
}

void tst_Version::softwareVersionRoundTrip_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("os");

    // XEP-0092: the reply in the specification.
    QTest::newRow("XEP-0092 reply (Exodus)") << uR"(
<query xmlns='jabber:iq:version'>
  <name>Exodus</name>
  <version>0.7.0.4</version>
  <os>Windows-XP 5.01.2600</os>
</query>)"_s << u"Exodus"_s << u"0.7.0.4"_s << u"Windows-XP 5.01.2600"_s;
    QTest::newRow("without os") << u"<query xmlns='jabber:iq:version'><name>Natter</name>"
                                   u"<version>0.1.0</version></query>"_s
                                << u"Natter"_s << u"0.1.0"_s << QString();
    QTest::newRow("request (empty)")
        << u"<query xmlns='jabber:iq:version'/>"_s << QString() << QString() << QString();
}

void tst_Version::softwareVersionRoundTrip()
{
    QFETCH(QString, query);
    QFETCH(QString, name);
    QFETCH(QString, version);
    QFETCH(QString, os);
    const XmlElement element = xml(query);

    const auto parsed = SoftwareVersion::fromElement(element);

    QVERIFY(parsed);
    QCOMPARE(parsed->name, name);
    QCOMPARE(parsed->version, version);
    QCOMPARE(parsed->os, os);
    QCOMPARE(parsed->isEmpty(), name.isEmpty() && version.isEmpty() && os.isEmpty());
    QCOMPARE(parsed->toElement(), element);
}

void tst_Version::softwareVersionRejectsOtherElements()
{
    QVERIFY(!SoftwareVersion::fromElement(xml(u"<query xmlns='jabber:iq:last'/>"_s)));
    QVERIFY(!SoftwareVersion::fromElement(xml(u"<version xmlns='jabber:iq:version'/>"_s)));
    QVERIFY(!SoftwareVersion::fromElement(XmlElement()));
}

void tst_Version::answersWithoutOperatingSystemByDefault()
{
    QVERIFY(!m_version->shareOperatingSystem());
    m_account->connectToServer();

    m_transport->inject(VersionRequest);

    QCOMPARE(m_transport->sent().size(), 1);
    QCOMPARE(m_transport->lastSent(),
             xml(u"<iq type='result' to='romeo@montague.net/orchard' id='version_1'>"
                 u"<query xmlns='jabber:iq:version'><name>Natter</name><version>%1</version>"
                 u"</query></iq>"_s.arg(QStringLiteral(NATTER_VERSION))));
    QVERIFY(!m_transport->lastSent().firstChild().hasChild(ns::Version, u"os"));
}

void tst_Version::answersWithOperatingSystemWhenShared()
{
    m_version->setShareOperatingSystem(true);
    m_account->connectToServer();

    m_transport->inject(VersionRequest);

    const XmlElement expected =
        SoftwareVersion{u"Natter"_s, QStringLiteral(NATTER_VERSION), QSysInfo::prettyProductName()}
            .toElement();
    QCOMPARE(m_transport->lastSent().firstChild(), expected);
    QVERIFY(!m_transport->lastSent().firstChild().childText(ns::Version, u"os").isEmpty());

    m_version->setShareOperatingSystem(false);
    m_transport->inject(VersionRequest);
    QVERIFY(!m_transport->lastSent().firstChild().hasChild(ns::Version, u"os"));
}

void tst_Version::versionSetIsNotAnswered()
{
    m_account->connectToServer();

    m_transport->inject(u"<iq type='set' from='romeo@montague.net/orchard' id='v2'>"
                        u"<query xmlns='jabber:iq:version'><name>Evil</name></query></iq>"_s);

    QCOMPARE(m_transport->lastSent(),
             xml(u"<iq type='error' to='romeo@montague.net/orchard' id='v2'><error type='cancel'>"
                 u"<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"
                 u"</iq>"_s));
}

void tst_Version::advertisesVersion()
{
    QCOMPARE(m_account->discoFeatures(), QStringList{u"jabber:iq:version"_s});
}

void tst_Version::requestVersionParsesAnswer()
{
    m_account->connectToServer();
    int calls = 0;
    std::optional<SoftwareVersion> received;
    QString error = u"unset"_s;

    m_version->requestVersion(Jid::fromString(u"juliet@capulet.com/balcony"), this,
                              [&](std::optional<SoftwareVersion> v, QString e) {
                                  ++calls;
                                  received = std::move(v);
                                  error = e;
                              });

    const XmlElement request = m_transport->lastSent();
    QCOMPARE(request,
             xml(u"<iq type='get' to='juliet@capulet.com/balcony' id='%1'>"
                 u"<query xmlns='jabber:iq:version'/></iq>"_s.arg(request.attribute(u"id"))));

    m_transport->inject(u"<iq type='result' to='romeo@montague.net/test' "
                        u"from='juliet@capulet.com/balcony' id='%1'>"
                        u"<query xmlns='jabber:iq:version'><name>Exodus</name>"
                        u"<version>0.7.0.4</version><os>Windows-XP 5.01.2600</os></query>"
                        u"</iq>"_s.arg(request.attribute(u"id")));

    QCOMPARE(calls, 1);
    QVERIFY(error.isEmpty());
    QVERIFY(received);
    QCOMPARE(*received, (SoftwareVersion{u"Exodus"_s, u"0.7.0.4"_s, u"Windows-XP 5.01.2600"_s}));
}

void tst_Version::requestVersionToOurServer()
{
    m_account->connectToServer();

    m_version->requestVersion(Jid(), this, [](std::optional<SoftwareVersion>, QString) {});

    QCOMPARE(m_transport->lastSent().attribute(u"to"), u"montague.net"_s);
}

void tst_Version::requestVersionReportsErrors_data()
{
    QTest::addColumn<QString>("answer"); // %1: the id

    QTest::newRow("service-unavailable")
        << u"<iq type='error' from='juliet@capulet.com/balcony' id='%1'><error type='cancel'>"
           u"<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"_s;
    QTest::newRow("empty result") << u"<iq type='result' from='juliet@capulet.com/balcony' "
                                     u"id='%1'/>"_s;
    QTest::newRow("wrong payload") << u"<iq type='result' from='juliet@capulet.com/balcony' "
                                      u"id='%1'><query xmlns='jabber:iq:last' seconds='3'/></iq>"_s;
}

void tst_Version::requestVersionReportsErrors()
{
    QFETCH(QString, answer);
    m_account->connectToServer();
    int calls = 0;
    std::optional<SoftwareVersion> received = SoftwareVersion();
    QString error;

    m_version->requestVersion(Jid::fromString(u"juliet@capulet.com/balcony"), this,
                              [&](std::optional<SoftwareVersion> v, QString e) {
                                  ++calls;
                                  received = std::move(v);
                                  error = e;
                              });
    m_transport->inject(answer.arg(m_transport->lastSent().attribute(u"id")));

    QCOMPARE(calls, 1);
    QVERIFY(!received);
    QVERIFY(!error.isEmpty());
}

QTEST_GUILESS_MAIN(tst_Version)
#include "tst_version.moc"
