// SPDX-License-Identifier: GPL-3.0-or-later
// XEP-0198 against the real Prosody, with a proxy that cuts and black-holes the connection.
#include "FaultProxy.h"
#include "TestServer.h"

#include "account/Account.h"
#include "account/StandardExtensions.h"
#include "ext/DiscoExtension.h"
#include "ext/MessageExtension.h"
#include "ext/RosterExtension.h"

#include <QSignalSpy>
#include <QTest>

using namespace natter;
using namespace Qt::StringLiterals;

namespace {

// An account with the standard extensions that records the bodies it receives.
struct Client
{
    Account account;
    StandardExtensions ext;
    QStringList bodies;

    explicit Client(const ConnectionSettings &settings)
    {
        account.setSettings(settings);
        ext = StandardExtensions::install(&account);
        ext.disco->setAutoDiscover(false);
        QObject::connect(ext.messages, &MessageExtension::messageReceived, &account,
                         [this](const Message &m) {
                             if (m.hasBody())
                                 bodies.append(m.body());
                         });
    }

    // Online with the roster loaded and the initial presence sent.
    bool online()
    {
        account.connectToServer();
        return QTest::qWaitFor([&] { return account.isOnline() && ext.roster->isLoaded(); },
                               20000);
    }
};

} // namespace

class tst_Resume : public QObject
{
    Q_OBJECT

private:
    TestServer m_server;

    ConnectionSettings viaProxy(const QString &user, FaultProxy &proxy, const QString &resource)
    {
        ConnectionSettings s = m_server.settings(user, resource);
        s.host = u"127.0.0.1"_s;
        s.port = proxy.port();
        return s;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!m_server.isValid())
            QFAIL(qPrintable(m_server.why()));
    }

    void prosodyAcknowledgesWhatWeSend()
    {
        FaultProxy proxy(m_server.host(), m_server.port());
        QVERIFY(proxy.listen());
        Client eve(viaProxy(u"eve"_s, proxy, u"sm"_s));
        QVERIFY(eve.online());
        QVERIFY(eve.account.isStreamManagementEnabled());

        QStringList ackedIds;
        connect(&eve.account, &Account::stanzasAcknowledged, this,
                [&](const QList<XmlElement> &stanzas) {
                    for (const XmlElement &e : stanzas)
                        ackedIds.append(e.attribute(u"id"));
                });
        const auto sent = eve.ext.messages->sendChat(
            Jid::fromString(m_server.jid(u"mallory"_s)), u"acknowledged?"_s);
        QVERIFY(sent);
        QTRY_VERIFY_WITH_TIMEOUT(ackedIds.contains(sent->id()), 10000);
        eve.account.disconnectFromServer();
        QTRY_COMPARE(eve.account.state(), Account::State::Offline);
    }

    void cutConnectionIsResumedWithoutANewSession()
    {
        FaultProxy proxy(m_server.host(), m_server.port());
        QVERIFY(proxy.listen());
        Client eve(viaProxy(u"eve"_s, proxy, u"resume1"_s));
        QVERIFY(eve.online());
        const Jid bound = eve.account.jid();
        QSignalSpy connected(&eve.account, &Account::connected);
        QSignalSpy rosterLoaded(eve.ext.roster, &RosterExtension::loaded);

        proxy.cutAll();
        QTRY_COMPARE_WITH_TIMEOUT(eve.account.state(), Account::State::Reconnecting, 10000);
        eve.account.reconnectNow();
        QTRY_COMPARE_WITH_TIMEOUT(connected.size(), 1, 20000);
        QCOMPARE(connected.first().first().toBool(), true); // resumed
        QCOMPARE(eve.account.jid(), bound);
        QCOMPARE(rosterLoaded.size(), 0); // nothing fetched again
        eve.account.disconnectFromServer();
        QTRY_COMPARE(eve.account.state(), Account::State::Offline);
    }

    void messagesSentDuringTheOutageArriveOnceAfterResumption()
    {
        FaultProxy proxy(m_server.host(), m_server.port());
        QVERIFY(proxy.listen());
        Client eve(viaProxy(u"eve"_s, proxy, u"resume2"_s));
        Client mallory(m_server.settings(u"mallory"_s, u"sender"_s));
        QVERIFY(eve.online());
        QVERIFY(mallory.online());
        const Jid eveJid = eve.account.jid();

        proxy.cutAll();
        QTRY_COMPARE_WITH_TIMEOUT(eve.account.state(), Account::State::Reconnecting, 10000);
        for (int i = 1; i <= 5; ++i)
            QVERIFY(mallory.ext.messages->sendChat(eveJid, u"while away %1"_s.arg(i)));
        // Let the server take them (it holds them for the hibernating session).
        QTest::qWait(300);
        eve.account.reconnectNow();
        QTRY_COMPARE_WITH_TIMEOUT(eve.bodies.size(), 5, 20000);
        QTest::qWait(300); // nothing more may come
        QCOMPARE(eve.bodies, (QStringList{u"while away 1"_s, u"while away 2"_s, u"while away 3"_s,
                                          u"while away 4"_s, u"while away 5"_s}));
        eve.account.disconnectFromServer();
        mallory.account.disconnectFromServer();
        QTRY_COMPARE(eve.account.state(), Account::State::Offline);
        QTRY_COMPARE(mallory.account.state(), Account::State::Offline);
    }

    void unacknowledgedMessagesAreSentAgainExactlyOnce()
    {
        FaultProxy proxy(m_server.host(), m_server.port());
        QVERIFY(proxy.listen());
        Client eve(viaProxy(u"eve"_s, proxy, u"resume3"_s));
        Client mallory(m_server.settings(u"mallory"_s, u"receiver"_s));
        QVERIFY(eve.online());
        QVERIFY(mallory.online());
        const Jid malloryJid = mallory.account.jid();

        // The server never sees these: they vanish in the black hole.
        proxy.setBlackhole(true);
        for (int i = 1; i <= 3; ++i)
            QVERIFY(eve.ext.messages->sendChat(malloryJid, u"lost in transit %1"_s.arg(i)));
        QTest::qWait(200);
        proxy.cutAll();
        proxy.setBlackhole(false);
        QTRY_COMPARE_WITH_TIMEOUT(eve.account.state(), Account::State::Reconnecting, 10000);
        eve.account.reconnectNow();
        QTRY_COMPARE_WITH_TIMEOUT(mallory.bodies.size(), 3, 20000);
        QTest::qWait(300);
        QCOMPARE(mallory.bodies, (QStringList{u"lost in transit 1"_s, u"lost in transit 2"_s,
                                              u"lost in transit 3"_s}));
        eve.account.disconnectFromServer();
        mallory.account.disconnectFromServer();
        QTRY_COMPARE(eve.account.state(), Account::State::Offline);
        QTRY_COMPARE(mallory.account.state(), Account::State::Offline);
    }
};

QTEST_GUILESS_MAIN(tst_Resume)
#include "itst_resume.moc"
