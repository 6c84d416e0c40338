// SPDX-License-Identifier: GPL-3.0-or-later
// Many devices against the real Prosody (mod_carbons, mod_mam): two resources of alice see each
// other's conversations through carbons (XEP-0280), and the archive (XEP-0313) returns what
// arrived, in order, paged, and also what came while alice was offline.
#include "TestServer.h"

#include "account/Account.h"
#include "account/StandardExtensions.h"
#include "ext/CarbonsExtension.h"
#include "ext/MamExtension.h"
#include "ext/MessageExtension.h"
#include "ext/RosterExtension.h"

#include <QElapsedTimer>
#include <QSet>
#include <QTest>

using namespace natter;
using namespace Qt::StringLiterals;

namespace {

struct CarbonCopy
{
    Message message;
    Carbon::Direction direction;
};

// An account with the standard extensions that records what it receives.
struct Client
{
    Account account;
    StandardExtensions ext;
    QList<Message> messages; // live messages with a body
    QList<CarbonCopy> carbons;

    explicit Client(const ConnectionSettings &settings)
    {
        account.setSettings(settings);
        ext = StandardExtensions::install(&account);
        QObject::connect(ext.messages, &MessageExtension::messageReceived, &account,
                         [this](const Message &m) {
                             if (m.hasBody())
                                 messages.append(m);
                         });
        QObject::connect(ext.carbons, &CarbonsExtension::carbonReceived, &account,
                         [this](const Message &m, Carbon::Direction d) {
                             carbons.append({m, d});
                         });
    }

    ~Client()
    {
        if (account.isOnline()) {
            account.disconnectFromServer();
            if (!QTest::qWaitFor([&] { return account.state() == Account::State::Offline; }, 10000))
                qWarning("%s did not go offline in time", qPrintable(account.jid().toString()));
        }
    }

    // Online with the roster loaded and carbons enabled (when wanted).
    bool online(bool withCarbons = true)
    {
        account.connectToServer();
        return QTest::qWaitFor(
            [&] {
                return account.isOnline() && ext.roster->isLoaded() &&
                       (!withCarbons || ext.carbons->isEnabled());
            },
            20000);
    }

    QStringList bodies() const
    {
        QStringList out;
        for (const Message &m : messages)
            out.append(m.body());
        return out;
    }

    // Every page of a forward fetch from lastId until the archive is done.
    QList<MamExtension::Page> fetchSince(const QString &lastId, int pageSize)
    {
        QList<MamExtension::Page> pages;
        bool done = false;
        ext.mam->fetchSince(
            lastId, &account,
            [&](const MamExtension::Page &page) {
                pages.append(page);
                done = !page.ok() || page.complete;
            },
            pageSize);
        if (!QTest::qWaitFor([&] { return done; }, 60000))
            qWarning("the archive did not finish in time");
        return pages;
    }
};

QString tag()
{
    return QString::number(QDateTime::currentMSecsSinceEpoch(), 36);
}

} // namespace

class tst_CarbonsMam : public QObject
{
    Q_OBJECT

private:
    TestServer m_server;

    // The archive id of the newest message in alice's archive: bob sends a marker and alice reads
    // the <stanza-id/> Prosody put on the live copy.
    QString archiveMarker(Client &alice, Client &bob)
    {
        const QString body = u"marker "_s + tag();
        if (!bob.ext.messages->sendChat(alice.account.jid(), body))
            return {};
        if (!QTest::qWaitFor([&] { return alice.bodies().contains(body); }, 10000))
            return {};
        for (const Message &m : std::as_const(alice.messages)) {
            if (m.body() == body)
                return MamExtension::archiveIdOf(m, alice.account.jid().bare());
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!m_server.isValid())
            QFAIL(qPrintable(m_server.why()));
    }

    void carbonsAreEnabledAfterLogin()
    {
        Client alice(m_server.settings(u"alice"_s, u"desk"_s));
        QVERIFY(alice.online());
        QVERIFY(alice.ext.carbons->isEnabled());
    }

    void bothResourcesSeeAnIncomingMessage()
    {
        Client desk(m_server.settings(u"alice"_s, u"desk"_s));
        Client phone(m_server.settings(u"alice"_s, u"phone"_s));
        Client bob(m_server.settings(u"bob"_s, u"home"_s));
        QVERIFY(desk.online());
        QVERIFY(phone.online());
        QVERIFY(bob.online(false));

        const QString body = u"to your desk "_s + tag();
        QVERIFY(bob.ext.messages->sendChat(desk.account.jid(), body));
        QTRY_COMPARE_WITH_TIMEOUT(desk.bodies().count(body), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(phone.carbons.size(), 1, 10000);
        const CarbonCopy copy = phone.carbons.first();
        QCOMPARE(copy.direction, Carbon::Direction::Received);
        QCOMPARE(copy.message.body(), body);
        QCOMPARE(copy.message.from(), bob.account.jid());
        QCOMPARE(copy.message.to(), desk.account.jid());
        QTest::qWait(200);
        QVERIFY(!phone.bodies().contains(body)); // only as a carbon
        QVERIFY(desk.carbons.isEmpty());         // and no copy of its own
    }

    void anotherResourceSeesWhatWasSent()
    {
        Client desk(m_server.settings(u"alice"_s, u"desk"_s));
        Client phone(m_server.settings(u"alice"_s, u"phone"_s));
        Client bob(m_server.settings(u"bob"_s, u"home"_s));
        QVERIFY(desk.online());
        QVERIFY(phone.online());
        QVERIFY(bob.online(false));

        const QString body = u"from my desk "_s + tag();
        const auto sent = desk.ext.messages->sendChat(bob.account.jid().bare(), body);
        QVERIFY(sent);
        QTRY_COMPARE_WITH_TIMEOUT(bob.bodies().count(body), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(phone.carbons.size(), 1, 10000);
        const CarbonCopy copy = phone.carbons.first();
        QCOMPARE(copy.direction, Carbon::Direction::Sent);
        QCOMPARE(copy.message.body(), body);
        QCOMPARE(copy.message.from(), desk.account.jid());
        QCOMPARE(copy.message.to(), bob.account.jid().bare());
        QCOMPARE(copy.message.originId(), sent->originId());
        QVERIFY(desk.carbons.isEmpty());

        // A private message is not copied.
        Message secret;
        secret.setTo(bob.account.jid().bare());
        secret.setType(Message::Type::Chat);
        secret.setBody(u"only on my desk "_s + tag());
        CarbonsExtension::markPrivate(secret);
        QVERIFY(desk.ext.messages->send(secret));
        QTRY_COMPARE_WITH_TIMEOUT(bob.bodies().count(secret.body()), 1, 10000);
        QTest::qWait(300);
        QCOMPARE(phone.carbons.size(), 1);
    }

    void archiveReturnsEveryMessageInOrderPaged()
    {
        Client alice(m_server.settings(u"alice"_s, u"desk"_s));
        Client bob(m_server.settings(u"bob"_s, u"home"_s));
        QVERIFY(alice.online());
        QVERIFY(bob.online(false));
        const QString since = archiveMarker(alice, bob);
        QVERIFY2(!since.isEmpty(), "no stanza-id from our archive on a live message");

        const QString run = tag();
        QStringList expected;
        for (int i = 1; i <= 120; ++i) {
            expected.append(u"archived %1 #%2"_s.arg(run).arg(i, 3, 10, QLatin1Char('0')));
            QVERIFY(bob.ext.messages->sendChat(alice.account.jid().bare(), expected.last()));
        }
        QTRY_VERIFY_WITH_TIMEOUT(alice.bodies().contains(expected.last()), 20000);

        QElapsedTimer timer;
        timer.start();
        const QList<MamExtension::Page> pages = alice.fetchSince(since, 50);
        qInfo("fetched 120 archived messages in %d pages in %lld ms", int(pages.size()),
              timer.elapsed());
        QCOMPARE(pages.size(), 3);
        QStringList bodies;
        QStringList ids;
        for (const MamExtension::Page &page : pages) {
            QVERIFY2(page.ok(), qPrintable(page.error));
            for (const MamExtension::ArchivedMessage &m : page.messages) {
                bodies.append(m.message.body());
                ids.append(m.id);
                QVERIFY(m.timestamp.isValid());
                QCOMPARE(m.message.from().bare(), bob.account.jid().bare());
                QVERIFY(qAbs(m.timestamp.secsTo(QDateTime::currentDateTimeUtc())) < 300);
            }
        }
        QCOMPARE(pages.at(0).messages.size(), 50);
        QCOMPARE(pages.at(1).messages.size(), 50);
        QCOMPARE(pages.at(2).messages.size(), 20);
        QVERIFY(!pages.at(0).complete);
        QVERIFY(pages.at(2).complete);
        QCOMPARE(bodies, expected); // all, in order, no duplicates
        QCOMPARE(QSet<QString>(ids.cbegin(), ids.cend()).size(), 120);

        // Scrolling back from the newest: the last page of the conversation with bob.
        bool done = false;
        MamExtension::Page last;
        alice.ext.mam->fetchBefore(bob.account.jid().bare(), QString(), 10, &alice.account,
                                   [&](const MamExtension::Page &p) {
                                       last = p;
                                       done = true;
                                   });
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
        QVERIFY(last.ok());
        QStringList newest;
        for (const auto &m : last.messages)
            newest.append(m.message.body());
        QCOMPARE(newest, expected.mid(110));
        // And the page before that.
        done = false;
        alice.ext.mam->fetchBefore(bob.account.jid().bare(), last.first, 10, &alice.account,
                                   [&](const MamExtension::Page &p) {
                                       last = p;
                                       done = true;
                                   });
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
        QVERIFY(last.ok());
        newest.clear();
        for (const auto &m : last.messages)
            newest.append(m.message.body());
        QCOMPARE(newest, expected.mid(100, 10));
    }

    void messageSentWhileOfflineIsInTheArchive()
    {
        QString since;
        {
            Client alice(m_server.settings(u"alice"_s, u"desk"_s));
            Client bob(m_server.settings(u"bob"_s, u"home"_s));
            QVERIFY(alice.online());
            QVERIFY(bob.online(false));
            since = archiveMarker(alice, bob);
            QVERIFY(!since.isEmpty());
        }
        const QString body = u"while you were away "_s + tag();
        {
            Client bob(m_server.settings(u"bob"_s, u"home"_s));
            QVERIFY(bob.online(false));
            QVERIFY(bob.ext.messages->sendChat(Jid::fromString(m_server.jid(u"alice"_s)), body));
            QTest::qWait(300); // let the server store it before bob leaves
        }
        Client alice(m_server.settings(u"alice"_s, u"desk"_s));
        QVERIFY(alice.online());
        const QList<MamExtension::Page> pages = alice.fetchSince(since, 50);
        QVERIFY(!pages.isEmpty());
        QVERIFY(pages.last().ok());
        QVERIFY(pages.last().complete);
        QStringList bodies;
        for (const auto &page : pages) {
            for (const auto &m : page.messages)
                bodies.append(m.message.body());
        }
        QCOMPARE(bodies, QStringList{body});
    }
};

QTEST_GUILESS_MAIN(tst_CarbonsMam)
#include "itst_carbons_mam.moc"
