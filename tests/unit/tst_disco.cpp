// SPDX-License-Identifier: GPL-3.0-or-later
// DiscoInfo payload round trips with the examples of XEP-0030 and XEP-0128, and DiscoExtension:
// our answers, requests to others, and what we learn about the server after login.
#include "FakeTransport.h"
#include "account/Account.h"
#include "ext/DiscoExtension.h"
#include "ext/MessageExtension.h"
#include "ext/PingExtension.h"
#include "ext/VersionExtension.h"
#include "payloads/DiscoInfo.h"
#include "xml/Namespaces.h"

#include <QSignalSpy>
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
    s.jid = Jid::fromString(u"romeo@montague.lit");
    s.password = u"secret"_s;
    return s;
}

FakeTransport *fake(const Account &account)
{
    return static_cast<FakeTransport *>(account.transport());
}

XmlElement xml(const QString &text)
{
    return FakeTransport::recorded(text);
}

// Our answer to disco#info, with %1 for an optional node attribute.
const QString OwnInfo = uR"(
<query xmlns='http://jabber.org/protocol/disco#info'%1>
  <identity category='client' type='pc' name='Natter'/>
  <feature var='http://jabber.org/protocol/disco#info'/>
  <feature var='http://jabber.org/protocol/disco#items'/>
  <feature var='jabber:iq:version'/>
  <feature var='urn:xmpp:ping'/>
  <feature var='urn:xmpp:sid:0'/>
</query>)"_s;

// XEP-0030 §3.1 "Result-set for information request": a server's answer.
const QString ServerInfoExample = uR"(
<query xmlns='http://jabber.org/protocol/disco#info'>
  <identity category='conference' type='text' name='Play-Specific Chatrooms'/>
  <identity category='directory' type='chatroom' name='Play-Specific Chatrooms'/>
  <feature var='http://jabber.org/protocol/disco#info'/>
  <feature var='http://jabber.org/protocol/disco#items'/>
  <feature var='http://jabber.org/protocol/muc'/>
  <feature var='jabber:iq:register'/>
  <feature var='jabber:iq:search'/>
  <feature var='jabber:iq:time'/>
  <feature var='jabber:iq:version'/>
</query>)"_s;

// XEP-0128 §3 "IM Server": extended information as a data form.
const QString ExtendedInfoExample = uR"(
<query xmlns='http://jabber.org/protocol/disco#info'>
  <identity
      category='server'
      type='im'
      name='shakespeare.lit jabber server'/>
  <feature var='jabber:iq:register'/>
  <x xmlns='jabber:x:data' type='result'>
    <field var='FORM_TYPE' type='hidden'>
      <value>http://jabber.org/network/serverinfo</value>
    </field>
    <field var='c2s_port'>
      <value>5222</value>
    </field>
    <field var='c2s_port_ssl'>
      <value>5223</value>
    </field>
    <field var='http_access'>
      <value>http://shakespeare.lit/jabber</value>
    </field>
    <field var='ip_version'>
      <value>ipv4</value>
      <value>ipv6</value>
    </field>
    <field var='info_url'>
      <value>http://shakespeare.lit/support.php</value>
    </field>
  </x>
</query>)"_s;

// The account's own answer as a PEP service advertises it (XEP-0163 §4).
const QString AccountInfoExample = uR"(
<query xmlns='http://jabber.org/protocol/disco#info'>
  <identity category='account' type='registered'/>
  <identity category='pubsub' type='pep'/>
  <feature var='http://jabber.org/protocol/pubsub#publish'/>
  <feature var='urn:xmpp:mam:2'/>
</query>)"_s;

} // namespace

class tst_Disco : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    // DiscoInfo
    void discoInfoRoundTrip_data();
    void discoInfoRoundTrip();
    void discoInfoParsesExample();
    void discoInfoKeepsExtendedInformation();
    void discoInfoRejectsOtherElements_data();
    void discoInfoRejectsOtherElements();
    void discoInfoSkipsInvalidEntries();

    // Answers
    void answersDiscoInfo();
    void answersDiscoInfoForRegisteredNode();
    void unknownNodeIsItemNotFound_data();
    void unknownNodeIsItemNotFound();
    void answersDiscoItemsEmpty();
    void discoSetIsNotAnswered();

    // Requests
    void requestInfoParsesAnswer();
    void requestInfoSendsNode();
    void requestInfoReportsErrors_data();
    void requestInfoReportsErrors();

    // After login
    void serverInfoFetchedAfterLogin();
    void serverInfoFailureStillCompletes();
    void resumedSessionKeepsServerInfo();
    void newSessionFetchesAgain();
    void autoDiscoverCanBeTurnedOff();

private:
    // Answers the two disco#info requests sent after login.
    void answerDiscovery(const QString &serverQuery, const QString &accountQuery);

    Account *m_account = nullptr;
    DiscoExtension *m_disco = nullptr;
    FakeTransport *m_transport = nullptr;
};

void tst_Disco::init()
{
    m_account = new Account(new FakeTransport);
    m_disco = new DiscoExtension(m_account);
    new PingExtension(m_account);
    new VersionExtension(m_account);
    new MessageExtension(m_account);
    m_account->setSettings(settings());
    m_transport = fake(*m_account);
}

void tst_Disco::cleanup()
{
    delete m_account;
    m_account = nullptr;
}

void tst_Disco::answerDiscovery(const QString &serverQuery, const QString &accountQuery)
{
    QList<XmlElement> requests;
    for (const XmlElement &sent : m_transport->sent()) {
        if (sent.firstChild().is(ns::DiscoInfo, u"query"))
            requests.append(sent);
    }
    QCOMPARE(requests.size(), 2);
    for (const XmlElement &request : requests) {
        const QString to = request.attribute(u"to");
        const QString id = request.attribute(u"id");
        const QString &query = to == u"montague.lit" ? serverQuery : accountQuery;
        if (query.startsWith(u"<error"))
            m_transport->inject(u"<iq type='error' from='%1' id='%2'>%3</iq>"_s.arg(to, id, query));
        else
            m_transport->inject(
                u"<iq type='result' from='%1' id='%2'>%3</iq>"_s.arg(to, id, query));
    }
}

void tst_Disco::discoInfoRoundTrip_data()
{
    QTest::addColumn<QString>("query");

    QTest::newRow("XEP-0030 §3.1 result-set") << ServerInfoExample;
    QTest::newRow("XEP-0030 §3.1 bare JID") << uR"(
<query xmlns='http://jabber.org/protocol/disco#info'>
  <identity category='account' type='registered'/>
</query>)"_s;
    QTest::newRow("XEP-0030 §3.1 connected resource") << uR"(
<query xmlns='http://jabber.org/protocol/disco#info'>
  <identity
      category='client'
      type='pc'
      name='Gabber'/>
  <feature var='jabber:iq:time'/>
  <feature var='jabber:iq:version'/>
</query>)"_s;
    QTest::newRow("XEP-0030 §3.2 JID+node result") << uR"(
<query xmlns='http://jabber.org/protocol/disco#info'
       node='http://jabber.org/protocol/commands'>
  <identity
      category='automation'
      type='command-list'/>
</query>)"_s;
    QTest::newRow("XEP-0128 §3 IM server") << ExtendedInfoExample;
    QTest::newRow("XEP-0128 §3 multi-user chat room") << uR"(
<query xmlns='http://jabber.org/protocol/disco#info'>
  <identity
      category='conference'
      type='text'
      name='A Dark Cave'/>
  <feature var='http://jabber.org/protocol/muc'/>
  <feature var='jabber:iq:register'/>
  <x xmlns='jabber:x:data' type='result'>
    <field var='FORM_TYPE' type='hidden'>
      <value>http://jabber.org/protocol/muc#roominfo</value>
    </field>
    <field var='muc#roominfo_description' label='Description'>
      <value>The place for all good witches!</value>
    </field>
    <field var='muc#roominfo_subject' label='Subject'>
      <value>Spells</value>
    </field>
    <field var='muc#roominfo_occupants' label='Number of occupants'>
      <value>3</value>
    </field>
    <field var='muc#roominfo_lang' label='Language of discussion'>
      <value>en</value>
    </field>
  </x>
</query>)"_s;
    QTest::newRow("XEP-0115 §5.3 languages and a form") << uR"(
<query xmlns='http://jabber.org/protocol/disco#info'
       node='http://psi-im.org#q07IKJEyjvHSyhy//CH0CxmKi8w='>
  <identity xml:lang='en' category='client' name='Psi 0.11' type='pc'/>
  <identity xml:lang='el' category='client' name='Ψ 0.11' type='pc'/>
  <feature var='http://jabber.org/protocol/caps'/>
  <feature var='http://jabber.org/protocol/disco#info'/>
  <feature var='http://jabber.org/protocol/disco#items'/>
  <feature var='http://jabber.org/protocol/muc'/>
  <x xmlns='jabber:x:data' type='result'>
    <field var='FORM_TYPE' type='hidden'>
      <value>urn:xmpp:dataforms:softwareinfo</value>
    </field>
    <field var='ip_version'>
      <value>ipv4</value>
      <value>ipv6</value>
    </field>
    <field var='os'>
      <value>Mac</value>
    </field>
    <field var='os_version'>
      <value>10.5.1</value>
    </field>
    <field var='software'>
      <value>Psi</value>
    </field>
    <field var='software_version'>
      <value>0.11</value>
    </field>
  </x>
</query>)"_s;
    QTest::newRow("prefixed") << u"<d:query xmlns:d='http://jabber.org/protocol/disco#info'>"
                                 u"<d:feature var='urn:xmpp:ping'/></d:query>"_s;
    QTest::newRow("our own") << OwnInfo.arg(QString());
    QTest::newRow("empty") << u"<query xmlns='http://jabber.org/protocol/disco#info'/>"_s;
}

void tst_Disco::discoInfoRoundTrip()
{
    QFETCH(QString, query);
    const XmlElement element = xml(query);

    const std::optional<DiscoInfo> info = DiscoInfo::fromElement(element);

    QVERIFY(info);
    QCOMPARE(info->toElement(), element);
    QCOMPARE(DiscoInfo::fromElement(info->toElement()), info);
}

void tst_Disco::discoInfoParsesExample()
{
    const auto info = DiscoInfo::fromElement(xml(ServerInfoExample));

    QVERIFY(info);
    QVERIFY(info->node.isEmpty());
    QCOMPARE(info->identities.size(), 2);
    QCOMPARE(info->identities.at(0),
             (DiscoIdentity{u"conference"_s, u"text"_s, u"Play-Specific Chatrooms"_s, {}}));
    QCOMPARE(info->identities.at(1).type, u"chatroom"_s);
    QVERIFY(info->hasIdentity(u"directory"_s, u"chatroom"_s));
    QVERIFY(!info->hasIdentity(u"directory"_s, u"text"_s));
    QCOMPARE(info->features.size(), 7);
    QVERIFY(info->hasFeature(u"http://jabber.org/protocol/muc"_s));
    QVERIFY(!info->hasFeature(u"urn:xmpp:ping"_s));
    QVERIFY(info->extensions.isEmpty());
}

void tst_Disco::discoInfoKeepsExtendedInformation()
{
    const XmlElement element = xml(ExtendedInfoExample);

    const auto info = DiscoInfo::fromElement(element);

    QVERIFY(info);
    QCOMPARE(info->extensions.size(), 1);
    QCOMPARE(info->extensions.first(), element.firstChild(u"jabber:x:data", u"x"));
    const XmlElement form = info->extension(u"http://jabber.org/network/serverinfo"_s);
    QVERIFY(!form.isNull());
    QCOMPARE(form.children(u"jabber:x:data", u"field").size(), 6);
    QVERIFY(info->extension(u"urn:xmpp:dataforms:softwareinfo"_s).isNull());
}

void tst_Disco::discoInfoRejectsOtherElements_data()
{
    QTest::addColumn<QString>("element");

    QTest::newRow("disco#items") << u"<query xmlns='http://jabber.org/protocol/disco#items'/>"_s;
    QTest::newRow("wrong name")
        << u"<info xmlns='http://jabber.org/protocol/disco#info'><feature var='a'/></info>"_s;
    QTest::newRow("no namespace") << u"<query xmlns=''><feature var='a'/></query>"_s;
    QTest::newRow("prefix is not namespace") << u"<disco:query xmlns:disco='urn:example:other'/>"_s;
}

void tst_Disco::discoInfoRejectsOtherElements()
{
    QFETCH(QString, element);
    const XmlElement parsed = XmlElement::fromXml(element.toUtf8());
    QVERIFY(!parsed.isNull());

    QVERIFY(!DiscoInfo::fromElement(parsed));
}

void tst_Disco::discoInfoSkipsInvalidEntries()
{
    const auto info = DiscoInfo::fromElement(xml(uR"(
<query xmlns='http://jabber.org/protocol/disco#info'>
  <identity type='pc' name='no category'/>
  <identity category='client' name='no type'/>
  <identity category='client' type='pc' name='Good'/>
  <identity category='client' type='pc' name='Good'/>
  <feature/>
  <feature var=''/>
  <feature var='urn:xmpp:ping'/>
  <feature var='urn:xmpp:ping'/>
  <unknown xmlns='urn:example:other'/>
</query>)"_s));

    QVERIFY(info);
    QCOMPARE(info->identities, (QList<DiscoIdentity>{{u"client"_s, u"pc"_s, u"Good"_s, {}}}));
    QCOMPARE(info->features, QStringList{u"urn:xmpp:ping"_s});
    QVERIFY(info->extensions.isEmpty());
}

void tst_Disco::answersDiscoInfo()
{
    m_disco->setAutoDiscover(false);
    m_account->connectToServer();

    m_transport->inject(u"<iq type='get' from='juliet@capulet.lit/balcony' "
                        u"to='romeo@montague.lit/test' id='info1'>"
                        u"<query xmlns='http://jabber.org/protocol/disco#info'/></iq>"_s);

    QCOMPARE(m_transport->sent().size(), 1);
    QCOMPARE(m_transport->lastSent(),
             xml(u"<iq type='result' to='juliet@capulet.lit/balcony' id='info1'>%1</iq>"_s.arg(
                 OwnInfo.arg(QString()))));
    QCOMPARE(m_disco->ownInfo().features, m_account->discoFeatures());
}

void tst_Disco::answersDiscoInfoForRegisteredNode()
{
    m_disco->setAutoDiscover(false);
    m_account->connectToServer();
    const QString node = u"https://natter.example.org#q07IKJEyjvHSyhy//CH0CxmKi8w="_s;
    m_disco->addInfoNode(node);

    m_transport->inject(u"<iq type='get' from='juliet@capulet.lit/balcony' id='caps1'>"
                        u"<query xmlns='http://jabber.org/protocol/disco#info' node='%1'/>"
                        u"</iq>"_s.arg(node));

    QCOMPARE(m_transport->takeFirstSent(),
             xml(u"<iq type='result' to='juliet@capulet.lit/balcony' id='caps1'>%1</iq>"_s.arg(
                 OwnInfo.arg(u" node='%1'"_s.arg(node)))));

    m_disco->removeInfoNode(node);
    m_transport->inject(u"<iq type='get' from='juliet@capulet.lit/balcony' id='caps2'>"
                        u"<query xmlns='http://jabber.org/protocol/disco#info' node='%1'/>"
                        u"</iq>"_s.arg(node));
    QVERIFY(m_transport->takeFirstSent().attribute(u"type") == u"error");
}

void tst_Disco::unknownNodeIsItemNotFound_data()
{
    QTest::addColumn<QString>("ns");

    QTest::newRow("disco#info") << u"http://jabber.org/protocol/disco#info"_s;
    QTest::newRow("disco#items") << u"http://jabber.org/protocol/disco#items"_s;
}

void tst_Disco::unknownNodeIsItemNotFound()
{
    QFETCH(QString, ns);
    m_disco->setAutoDiscover(false);
    m_account->connectToServer();

    m_transport->inject(
        u"<iq type='get' from='juliet@capulet.lit/balcony' id='n1'>"
        u"<query xmlns='%1' node='http://jabber.org/protocol/commands'/></iq>"_s.arg(ns));

    QCOMPARE(m_transport->sent().size(), 1);
    QCOMPARE(m_transport->lastSent(),
             xml(u"<iq type='error' to='juliet@capulet.lit/balcony' id='n1'>"
                 u"<error type='cancel'><item-not-found "
                 u"xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"_s));
}

void tst_Disco::answersDiscoItemsEmpty()
{
    m_disco->setAutoDiscover(false);
    m_account->connectToServer();

    m_transport->inject(u"<iq type='get' from='juliet@capulet.lit/balcony' id='items1'>"
                        u"<query xmlns='http://jabber.org/protocol/disco#items'/></iq>"_s);

    QCOMPARE(m_transport->sent().size(), 1);
    QCOMPARE(m_transport->lastSent(),
             xml(u"<iq type='result' to='juliet@capulet.lit/balcony' id='items1'>"
                 u"<query xmlns='http://jabber.org/protocol/disco#items'/></iq>"_s));
}

void tst_Disco::discoSetIsNotAnswered()
{
    m_disco->setAutoDiscover(false);
    m_account->connectToServer();

    m_transport->inject(u"<iq type='set' from='juliet@capulet.lit/balcony' id='s1'>"
                        u"<query xmlns='http://jabber.org/protocol/disco#info'/></iq>"_s);

    // Not ours: the Account's generic service-unavailable.
    QCOMPARE(m_transport->lastSent(),
             xml(u"<iq type='error' to='juliet@capulet.lit/balcony' id='s1'>"
                 u"<error type='cancel'><service-unavailable "
                 u"xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"_s));
}

void tst_Disco::requestInfoParsesAnswer()
{
    m_disco->setAutoDiscover(false);
    m_account->connectToServer();
    int calls = 0;
    std::optional<DiscoInfo> received;
    QString error = u"unset"_s;

    m_disco->requestInfo(Jid::fromString(u"plays.shakespeare.lit"), this,
                         [&](std::optional<DiscoInfo> info, QString e) {
                             ++calls;
                             received = std::move(info);
                             error = e;
                         });

    QCOMPARE(m_transport->sent().size(), 1);
    const XmlElement request = m_transport->lastSent();
    QCOMPARE(request.attribute(u"to"), u"plays.shakespeare.lit"_s);
    QCOMPARE(request.attribute(u"type"), u"get"_s);
    QCOMPARE(request.firstChild(),
             xml(u"<query xmlns='http://jabber.org/protocol/disco#info'/>"_s));

    m_transport->inject(
        u"<iq type='result' from='plays.shakespeare.lit' to='romeo@montague.lit/test' "
        u"id='%1'>%2</iq>"_s.arg(request.attribute(u"id"), ServerInfoExample));

    QCOMPARE(calls, 1);
    QVERIFY(error.isEmpty());
    QVERIFY(received);
    QCOMPARE(received, DiscoInfo::fromElement(xml(ServerInfoExample)));
}

void tst_Disco::requestInfoSendsNode()
{
    m_disco->setAutoDiscover(false);
    m_account->connectToServer();

    m_disco->requestInfo(
        Jid::fromString(u"mim.shakespeare.lit"), this, [](std::optional<DiscoInfo>, QString) {},
        u"http://jabber.org/protocol/commands"_s);

    QCOMPARE(m_transport->lastSent().firstChild(),
             xml(u"<query xmlns='http://jabber.org/protocol/disco#info' "
                 u"node='http://jabber.org/protocol/commands'/>"_s));

    // A null address asks our own server.
    m_disco->requestInfo(Jid(), this, [](std::optional<DiscoInfo>, QString) {});
    QCOMPARE(m_transport->lastSent().attribute(u"to"), u"montague.lit"_s);
}

void tst_Disco::requestInfoReportsErrors_data()
{
    QTest::addColumn<QString>("answer"); // %1: the id

    QTest::newRow("error") << u"<iq type='error' from='capulet.lit' id='%1'><error type='cancel'>"
                              u"<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                              u"</error></iq>"_s;
    QTest::newRow("empty result") << u"<iq type='result' from='capulet.lit' id='%1'/>"_s;
    QTest::newRow("wrong payload") << u"<iq type='result' from='capulet.lit' id='%1'><query "
                                      u"xmlns='http://jabber.org/protocol/disco#items'/></iq>"_s;
}

void tst_Disco::requestInfoReportsErrors()
{
    QFETCH(QString, answer);
    m_disco->setAutoDiscover(false);
    m_account->connectToServer();
    int calls = 0;
    std::optional<DiscoInfo> received = DiscoInfo();
    QString error;

    m_disco->requestInfo(Jid::fromString(u"capulet.lit"), this,
                         [&](std::optional<DiscoInfo> info, QString e) {
                             ++calls;
                             received = std::move(info);
                             error = e;
                         });
    m_transport->inject(answer.arg(m_transport->lastSent().attribute(u"id")));

    QCOMPARE(calls, 1);
    QVERIFY(!received);
    QVERIFY(!error.isEmpty());
}

void tst_Disco::serverInfoFetchedAfterLogin()
{
    QSignalSpy done(m_disco, &DiscoExtension::serverInfoReceived);
    QVERIFY(!m_disco->serverInfo());

    m_account->connectToServer();

    QCOMPARE(m_transport->sent().size(), 2);
    QCOMPARE(m_transport->sent().at(0),
             xml(u"<iq type='get' to='montague.lit' id='%1'><query "
                 u"xmlns='http://jabber.org/protocol/disco#info'/></iq>"_s.arg(
                     m_transport->sent().at(0).attribute(u"id"))));
    QCOMPARE(m_transport->sent().at(1),
             xml(u"<iq type='get' to='romeo@montague.lit' id='%1'><query "
                 u"xmlns='http://jabber.org/protocol/disco#info'/></iq>"_s.arg(
                     m_transport->sent().at(1).attribute(u"id"))));
    QCOMPARE(done.size(), 0);

    answerDiscovery(ExtendedInfoExample, AccountInfoExample);

    QCOMPARE(done.size(), 1);
    QVERIFY(m_disco->serverInfo());
    QVERIFY(m_disco->serverInfo()->hasIdentity(u"server"_s, u"im"_s));
    QCOMPARE(m_disco->serverInfo()->extensions.size(), 1);
    QVERIFY(m_disco->accountInfo());
    QVERIFY(m_disco->accountInfo()->hasIdentity(u"pubsub"_s, u"pep"_s));
    QVERIFY(m_disco->accountInfo()->hasFeature(u"urn:xmpp:mam:2"_s));
}

void tst_Disco::serverInfoFailureStillCompletes()
{
    QSignalSpy done(m_disco, &DiscoExtension::serverInfoReceived);
    m_account->connectToServer();

    answerDiscovery(ServerInfoExample, u"<error type='cancel'><service-unavailable "
                                       u"xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"_s);

    QCOMPARE(done.size(), 1);
    QVERIFY(m_disco->serverInfo());
    QVERIFY(!m_disco->accountInfo());
}

void tst_Disco::resumedSessionKeepsServerInfo()
{
    QSignalSpy done(m_disco, &DiscoExtension::serverInfoReceived);
    m_account->connectToServer();
    answerDiscovery(ServerInfoExample, AccountInfoExample);
    m_transport->setResumable(true);
    m_transport->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
    m_transport->clearSent();

    SessionInfo resumed;
    resumed.jid = Jid::fromString(u"romeo@montague.lit/test");
    resumed.resumed = true;
    m_transport->setSession(resumed);
    m_account->reconnectNow();

    QVERIFY(m_account->isOnline());
    QVERIFY(m_transport->sent().isEmpty());
    QCOMPARE(done.size(), 1);
    QVERIFY(m_disco->serverInfo());
    QVERIFY(m_disco->serverInfo()->hasFeature(u"http://jabber.org/protocol/muc"_s));
}

void tst_Disco::newSessionFetchesAgain()
{
    QSignalSpy done(m_disco, &DiscoExtension::serverInfoReceived);
    m_account->connectToServer();
    // The connection drops before the answers: nothing is reported for that session.
    m_transport->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
    QCOMPARE(done.size(), 0);
    m_transport->clearSent();

    // Even a resumed session asks, because the first one never learnt anything.
    SessionInfo resumed;
    resumed.jid = Jid::fromString(u"romeo@montague.lit/test");
    resumed.resumed = true;
    m_transport->setSession(resumed);
    m_account->connectToServer();
    answerDiscovery(ServerInfoExample, AccountInfoExample);
    QCOMPARE(done.size(), 1);
    QVERIFY(m_disco->serverInfo()->hasFeature(u"jabber:iq:search"_s));

    // A new session forgets the old answers and asks again.
    m_account->disconnectFromServer();
    m_transport->clearSent();
    SessionInfo fresh;
    fresh.jid = Jid::fromString(u"romeo@montague.lit/test");
    m_transport->setSession(fresh);
    m_account->connectToServer();
    QVERIFY(!m_disco->serverInfo());
    answerDiscovery(ExtendedInfoExample, AccountInfoExample);
    QCOMPARE(done.size(), 2);
    QVERIFY(!m_disco->serverInfo()->hasFeature(u"jabber:iq:search"_s));
    QVERIFY(m_disco->serverInfo()->hasIdentity(u"server"_s, u"im"_s));
}

void tst_Disco::autoDiscoverCanBeTurnedOff()
{
    QSignalSpy done(m_disco, &DiscoExtension::serverInfoReceived);
    m_disco->setAutoDiscover(false);

    m_account->connectToServer();

    QVERIFY(m_transport->sent().isEmpty());
    QTest::qWait(20);
    QCOMPARE(done.size(), 0);
    QVERIFY(!m_disco->serverInfo());
}

QTEST_GUILESS_MAIN(tst_Disco)
#include "tst_disco.moc"
