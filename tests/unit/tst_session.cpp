// SPDX-License-Identifier: GPL-3.0-or-later
// Session: the desktop app's composition root, over a fake server.
#include "FakeTransport.h"
#include "account/Account.h"
#include "ext/DiscoExtension.h"
#include "ext/InvisibleExtension.h"
#include "ext/MessageExtension.h"
#include "ext/PingExtension.h"
#include "ext/PresenceExtension.h"
#include "ext/RosterExtension.h"
#include "ext/SubscriptionExtension.h"
#include "ext/VersionExtension.h"
#include "models/RosterModel.h"
#include "services/ChatService.h"
#include "services/PresenceService.h"
#include "services/RosterService.h"
#include "services/Session.h"
#include "storage/RosterCache.h"
#include "xml/Namespaces.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace natter;
using namespace Qt::StringLiterals;

namespace {

const Jid Juliet = Jid::fromString(u"juliet@example.com");
const Jid Romeo = Jid::fromString(u"romeo@example.net");

const QString Roster = uR"(<query xmlns='jabber:iq:roster' ver='ver7'>
  <item jid='romeo@example.net' name='Romeo' subscription='both'><group>Friends</group></item>
  <item jid='mercutio@example.com' name='Mercutio' subscription='from'/>
</query>)"_s;

// A Session over a fake server, logged in as juliet@example.com.
struct Harness
{
    explicit Harness(const QString &dataDirectory, const Jid &jid = Juliet)
    {
        transport = new FakeTransport;
        SessionInfo info;
        info.jid = jid.withResource(u"balcony");
        info.mechanism = u"SCRAM-SHA-256"_s;
        transport->setSession(info);
        session = std::make_unique<Session>(dataDirectory, transport);
        ConnectionSettings settings;
        settings.jid = jid;
        settings.password = u"pw"_s;
        session->account()->setSettings(settings);
    }

    XmlElement findSent(QStringView namespaceUri, QStringView name) const
    {
        for (const XmlElement &e : transport->sent()) {
            if (e.name() == u"iq" && e.firstChild().is(namespaceUri, name))
                return e;
        }
        return {};
    }

    // Answers the roster get the Session's roster extension sent at login.
    void answerRosterFetch(const QString &payload = Roster)
    {
        const XmlElement get = findSent(ns::Roster, u"query");
        QVERIFY(!get.isNull());
        QCOMPARE(get.attribute(u"type"), u"get"_s);
        transport->inject(
            u"<iq type='result' id='%1'>%2</iq>"_s.arg(get.attribute(u"id"), payload));
    }

    FakeTransport *transport = nullptr;
    std::unique_ptr<Session> session;
};

} // namespace

class tst_Session : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void piecesExistAndAreOwned()
    {
        QTemporaryDir dir;
        Harness h(dir.path());
        Session &s = *h.session;
        QVERIFY(s.account());
        QCOMPARE(s.account()->transport(), h.transport);
        QCOMPARE(s.account()->parent(), &s);
        QVERIFY(s.roster());
        QVERIFY(s.presence());
        QVERIFY(s.chats());
        QVERIFY(s.rosterModel());
        QCOMPARE(s.dataDirectory(), dir.path());

        // Every standard extension, and XEP-0186, is registered on the account.
        const StandardExtensions &e = s.extensions();
        QCOMPARE(s.account()->extension<RosterExtension>(), e.roster);
        QCOMPARE(s.account()->extension<PresenceExtension>(), e.presence);
        QCOMPARE(s.account()->extension<SubscriptionExtension>(), e.subscriptions);
        QCOMPARE(s.account()->extension<DiscoExtension>(), e.disco);
        QCOMPARE(s.account()->extension<PingExtension>(), e.ping);
        QCOMPARE(s.account()->extension<VersionExtension>(), e.version);
        QCOMPARE(s.account()->extension<MessageExtension>(), e.messages);
        QVERIFY(s.invisible());
        QCOMPARE(s.account()->extension<InvisibleExtension>(), s.invisible());

        // No cache before an address is known.
        QVERIFY(!s.rosterCache());
    }

    void rosterGetAndPresenceGoOutFirst()
    {
        // The server answers in order: what it must do before it reads our presence is the
        // roster (RFC 6121 §2.2: requested first) and nothing else — disco and the archive
        // query come behind.
        QTemporaryDir dir;
        Harness h(dir.path());
        h.session->account()->connectToServer();
        const QList<XmlElement> sent = h.transport->sent();
        QVERIFY(sent.size() >= 3);
        QCOMPARE(sent.at(0).name(), u"iq"_s);
        QVERIFY(sent.at(0).firstChild().is(ns::Roster, u"query"));
        QCOMPARE(sent.at(1).name(), u"presence"_s);
        QVERIFY(!sent.at(1).hasAttribute(u"type"));
        bool discoAfter = false;
        for (qsizetype i = 2; i < sent.size(); ++i)
            discoAfter = discoAfter || sent.at(i).firstChild().is(ns::DiscoInfo, u"query");
        QVERIFY(discoAfter);
    }

    void rosterAndPresenceReachTheModel()
    {
        QTemporaryDir dir;
        Harness h(dir.path());
        RosterModel *model = h.session->rosterModel();
        QAbstractItemModelTester tester(model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy contactsChanged(h.session->roster(), &RosterService::contactsChanged);

        h.session->account()->connectToServer();
        QCOMPARE(h.session->account()->state(), Account::State::Online);
        h.answerRosterFetch();

        QVERIFY(h.session->roster()->contains(Romeo));
        QCOMPARE(h.session->roster()->displayName(Romeo), u"Romeo"_s);
        QVERIFY(contactsChanged.size() >= 1);
        const QModelIndexList rows = model->indexesFor(Romeo);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().data(RosterModel::NameRole).toString(), u"Romeo"_s);
        QCOMPARE(rows.first().data(RosterModel::AvailabilityRole).toInt(),
                 int(RosterModel::Availability::Offline));

        h.transport->inject(u"<presence from='romeo@example.net/orchard'><show>away</show>"
                            "<status>in the orchard</status></presence>"_s);
        QCOMPARE(model->indexesFor(Romeo).first().data(RosterModel::AvailabilityRole).toInt(),
                 int(RosterModel::Availability::Away));
        QCOMPARE(h.session->presence()->contactStatus(Romeo), PresenceService::Status::Away);
        QCOMPARE(h.session->presence()->contactStatusText(Romeo), u"in the orchard"_s);
    }

    void unreadCountsReachTheModel()
    {
        QTemporaryDir dir;
        Harness h(dir.path());
        h.session->account()->connectToServer();
        h.answerRosterFetch();
        RosterModel *model = h.session->rosterModel();

        h.transport->inject(u"<message from='romeo@example.net/orchard' type='chat' id='m1'>"
                            "<body>Art thou not Romeo?</body></message>"_s);
        h.transport->inject(u"<message from='romeo@example.net/orchard' type='chat' id='m2'>"
                            "<body>And a Montague?</body></message>"_s);
        QCOMPARE(h.session->chats()->unreadCount(Romeo), 2);
        QCOMPARE(model->indexesFor(Romeo).first().data(RosterModel::UnreadRole).toInt(), 2);
        QCOMPARE(model->unreadCount(Romeo), 2);

        h.session->chats()->markRead(Romeo);
        QCOMPARE(model->indexesFor(Romeo).first().data(RosterModel::UnreadRole).toInt(), 0);
    }

    void chatsSendThroughTheAccount()
    {
        QTemporaryDir dir;
        Harness h(dir.path());
        h.session->account()->connectToServer();
        h.answerRosterFetch();
        h.transport->clearSent();
        const QString id = h.session->chats()->sendMessage(Romeo, u"Hello"_s);
        QVERIFY(!id.isEmpty());
        bool found = false;
        for (const XmlElement &e : h.transport->sent()) {
            if (e.name() == u"message" && e.attribute(u"id") == id) {
                QCOMPARE(e.attribute(u"to"), Romeo.toString());
                found = true;
            }
        }
        QVERIFY(found);
    }

    void presenceServiceDrivesTheAccount()
    {
        QTemporaryDir dir;
        Harness h(dir.path());
        h.session->account()->connectToServer();
        QCOMPARE(h.session->presence()->status(), PresenceService::Status::Available);
        h.session->presence()->setStatus(PresenceService::Status::Offline, {});
        QTRY_COMPARE(h.session->account()->state(), Account::State::Offline);
    }

    void rosterCacheIsPerAccount()
    {
        QTemporaryDir dir;
        const QString julietPath = Session::rosterCachePath(dir.path(), Juliet);
        QVERIFY(julietPath.startsWith(dir.path() + u"/accounts/"_s));
        QVERIFY(julietPath.contains(u"juliet@example.com"_s));
        QVERIFY(julietPath != Session::rosterCachePath(dir.path(), Romeo));
        // Same file for every resource of the account.
        QCOMPARE(Session::rosterCachePath(dir.path(), Juliet.withResource(u"x")), julietPath);
        // A JID with characters that mean something in paths stays inside the directory.
        const QString odd =
            Session::rosterCachePath(dir.path(), Jid::fromString(u"a.b\\c*d@example.com"));
        QVERIFY(!odd.contains(u"\\"_s));
        QCOMPARE(odd.count(u'/'), julietPath.count(u'/'));

        // An earlier version's JSON cache beside it is deleted when the account connects.
        const QString legacy = QFileInfo(julietPath).dir().filePath(u"roster.json"_s);
        QVERIFY(QDir().mkpath(QFileInfo(legacy).path()));
        {
            QFile old(legacy);
            QVERIFY(old.open(QIODevice::WriteOnly));
            old.write(R"({"format":1,"version":"v","hasVersion":true,"items":[]})");
        }
        {
            Harness h(dir.path());
            h.session->account()->connectToServer();
            QVERIFY(!QFile::exists(legacy));
            QVERIFY(h.session->rosterCache());
            QCOMPARE(h.session->rosterCache()->filePath(), julietPath);
            QCOMPARE(h.session->extensions().roster->cache(), h.session->rosterCache());
            h.answerRosterFetch();
        } // destroying the session writes the cache
        QVERIFY(QFile::exists(julietPath));
        const auto stored = RosterCache(julietPath).load();
        QVERIFY(stored);
        QCOMPARE(stored->items.size(), 2);

        // Another address on the same Session (a login dialog retrying) switches the file.
        Harness other(dir.path(), Romeo);
        other.session->account()->connectToServer();
        QCOMPARE(other.session->rosterCache()->filePath(),
                 Session::rosterCachePath(dir.path(), Romeo));
        other.session->account()->disconnectFromServer();
        ConnectionSettings settings = other.session->account()->settings();
        settings.jid = Juliet;
        other.session->account()->setSettings(settings);
        other.session->account()->connectToServer();
        QCOMPARE(other.session->rosterCache()->filePath(), julietPath);
        QCOMPARE(other.session->extensions().roster->cache(), other.session->rosterCache());
    }

    void destroyedWhileOnline()
    {
        QTemporaryDir dir;
        Harness h(dir.path());
        QPointer<Account> account = h.session->account();
        QPointer<RosterModel> model = h.session->rosterModel();
        h.session->account()->connectToServer();
        h.answerRosterFetch();
        h.transport->inject(u"<message from='romeo@example.net/orchard' type='chat' id='m1'>"
                            "<body>Hi</body></message>"_s);
        h.session.reset();
        QVERIFY(!account);
        QVERIFY(!model);
    }
};

QTEST_GUILESS_MAIN(tst_Session)
#include "tst_session.moc"
