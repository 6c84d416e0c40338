// SPDX-License-Identifier: GPL-3.0-or-later
// A hostile peer on the real Prosody tries to put words into our history: it sends our account
// forged carbons (XEP-0280 <received/> and <sent/> wrapping messages "from" our contact or "from"
// another resource of ours) and forged archive results (XEP-0313 <result/> with a guessed queryid,
// with none, and with the queryid of a query our client has running; and a forged <fin/> for that
// query's request). Our account runs the app's Session (ChatService, HistorySync, MessageStore,
// carbons on) on two resources: "desk" through a proxy that can hold its requests back (so that
// the forgeries arrive while its query runs), and "phone", which gets Prosody's genuine carbons of
// what is sent to desk — forgeries inside genuine
// carbons. None of it may reach a store or a conversation; a genuine message sent right after does.
//
// The hostile peer writes raw XML (RawXmlSender, as the XML console does): the server stamps its
// address as 'from' and passes the rest on untouched, which the test checks on desk's wire.
#include "FaultProxy.h"
#include "SessionClient.h"
#include "TestServer.h"

#include "account/Account.h"
#include "account/StandardExtensions.h"
#include "ext/CarbonsExtension.h"
#include "ext/MessageExtension.h"
#include "ext/PresenceExtension.h"
#include "services/ChatService.h"
#include "services/HistorySync.h"
#include "services/RawXmlSender.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace natter;
using namespace Qt::StringLiterals;

namespace {

constexpr int Timeout = 20000;

// The hostile peer: an account of its own that writes raw XML.
struct Peer
{
    Account account;
    StandardExtensions ext;

    explicit Peer(const ConnectionSettings &settings)
    {
        account.setSettings(settings);
        ext = StandardExtensions::install(&account);
    }

    ~Peer()
    {
        if (account.state() != Account::State::Offline) {
            account.disconnectFromServer();
            if (!QTest::qWaitFor([&] { return account.state() == Account::State::Offline; },
                                 Timeout))
                qWarning("%s did not go offline in time", qPrintable(account.jid().toString()));
        }
    }

    bool login()
    {
        account.connectToServer();
        return QTest::qWaitFor([&] { return ext.presence->isAvailable(); }, Timeout);
    }

    // Empty when sent, else why not.
    QString sendRaw(const QString &xml) { return RawXmlSender(&account).send(xml); }
};

QString xmlEscaped(const QString &text)
{
    return text.toHtmlEscaped();
}

// <message><body/></message> in jabber:client, to be wrapped in <forwarded/>.
QString innerMessage(const QString &from, const QString &to, const QString &id, const QString &body)
{
    return u"<message xmlns='jabber:client' from='%1' to='%2' type='chat' id='%3'>"
           "<body>%4</body><origin-id xmlns='urn:xmpp:sid:0' id='%3'/></message>"_s.arg(
               xmlEscaped(from), xmlEscaped(to), xmlEscaped(id), xmlEscaped(body));
}

QString carbon(const QString &to, const QString &direction, const QString &inner,
               const QString &outerBody = {})
{
    return u"<message to='%1' type='chat'>%2<%3 xmlns='urn:xmpp:carbons:2'>"
           "<forwarded xmlns='urn:xmpp:forward:0'>%4</forwarded></%3></message>"_s.arg(
               xmlEscaped(to),
               outerBody.isEmpty() ? QString() : u"<body>"_s + xmlEscaped(outerBody) + u"</body>"_s,
               direction, inner);
}

// queryId null: no queryid attribute at all.
QString archiveResult(const QString &to, const QString &queryId, const QString &archiveId,
                      const QString &inner)
{
    const QString queryAttribute =
        queryId.isNull() ? QString() : u" queryid='%1'"_s.arg(xmlEscaped(queryId));
    return u"<message to='%1'><result xmlns='urn:xmpp:mam:2'%2 id='%3'>"
           "<forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' "
           "stamp='2024-01-02T03:04:05Z'/>%4</forwarded></result></message>"_s.arg(
               xmlEscaped(to), queryAttribute, xmlEscaped(archiveId), inner);
}

} // namespace

class tst_SpoofedHistory : public QObject
{
    Q_OBJECT

private:
    TestServer m_server;

private Q_SLOTS:
    void initTestCase()
    {
        if (!m_server.isValid())
            QFAIL(qPrintable(m_server.why()));
    }

    void forgedCarbonsAndArchiveResultsAreDropped()
    {
        const QString me = m_server.registerFreshUser(u"victim"_s);
        const QString hostile = m_server.registerFreshUser(u"mallory"_s);
        const QString contact = m_server.registerFreshUser(u"friend"_s);
        QVERIFY(!me.isEmpty() && !hostile.isEmpty() && !contact.isEmpty());
        const QString word = u"w"_s + me; // in every body of this test
        const Jid ownBare = Jid::fromString(m_server.jid(me));
        const Jid hostileBare = Jid::fromString(m_server.jid(hostile));
        const Jid friendBare = Jid::fromString(m_server.jid(contact));

        FaultProxy proxy(m_server.host(), m_server.port());
        QVERIFY(proxy.listen());
        ConnectionSettings deskSettings = m_server.settings(me, u"desk"_s);
        deskSettings.port = proxy.port();
        SessionClient desk(deskSettings);
        SessionClient phone(m_server.settings(me, u"phone"_s));
        Peer mallory(m_server.settings(hostile, u"evil"_s));
        QVERIFY(desk.login());
        QVERIFY(phone.login());
        QVERIFY(mallory.login());
        const QString deskJid = desk.session().account()->jid().toString();
        const QString ownJid = ownBare.toString();
        const QString friendJid = friendBare.toString() + u"/home"_s;

        // Each forgery carries a marker of its own in its body; none may show up anywhere.
        struct Forgery
        {
            QString marker;
            QString xml;
        };
        QList<Forgery> forgeries;
        const auto forge = [&](const QString &what, const auto &make) {
            const QString marker = word + u" forged "_s + what;
            forgeries.append({marker, make(marker)});
        };
        forge(u"received-carbon-from-friend"_s, [&](const QString &body) {
            return carbon(deskJid, u"received"_s,
                          innerMessage(friendJid, deskJid, u"f1"_s + me, body));
        });
        forge(u"sent-carbon-to-friend"_s, [&](const QString &body) {
            return carbon(
                deskJid, u"sent"_s,
                innerMessage(ownJid + u"/phone"_s, friendBare.toString(), u"f2"_s + me, body));
        });
        forge(u"sent-carbon-to-mallory"_s, [&](const QString &body) {
            return carbon(
                ownJid, u"sent"_s,
                innerMessage(ownJid + u"/phone"_s, hostileBare.toString(), u"f3"_s + me, body));
        });
        forge(u"received-carbon-with-outer-body"_s, [&](const QString &body) {
            return carbon(deskJid, u"received"_s,
                          innerMessage(friendJid, ownJid, u"f4"_s + me, body),
                          word + u" outer body of a forged carbon"_s);
        });
        forge(u"archive-result-guessed-queryid"_s, [&](const QString &body) {
            return archiveResult(
                deskJid, u"q1"_s, u"a1"_s + me,
                innerMessage(ownJid + u"/phone"_s, friendBare.toString(), u"f5"_s + me, body));
        });
        forge(u"archive-result-without-queryid"_s, [&](const QString &body) {
            return archiveResult(ownJid, QString(), u"a2"_s + me,
                                 innerMessage(friendJid, ownJid, u"f6"_s + me, body));
        });

        for (const Forgery &f : std::as_const(forgeries))
            QCOMPARE(mallory.sendRaw(f.xml), QString());

        // Now with the queryid of a query desk has running: its request is held on the way to
        // the server, so the forgeries reach desk before the archive's answer.
        QSignalSpy deskSynced(desk.session().history(), &HistorySync::synced);
        proxy.setHolding(FaultProxy::Direction::ToServer, true);
        desk.clearSent();
        desk.session().history()->sync();
        QVERIFY(desk.session().history()->isSyncing());
        static const QRegularExpression queryIdPattern(u"queryid=[\"']([^\"']+)[\"']"_s);
        static const QRegularExpression iqIdPattern(u"^<iq [^>]*\\bid=[\"']([^\"']+)[\"']"_s);
        QString queryId;
        QString iqId;
        for (const QString &xml : desk.sent()) {
            const QRegularExpressionMatch m = queryIdPattern.match(xml);
            if (xml.contains(u"urn:xmpp:mam:2") && m.hasMatch()) {
                queryId = m.captured(1);
                iqId = iqIdPattern.match(xml).captured(1);
            }
        }
        QVERIFY2(!queryId.isEmpty() && !iqId.isEmpty(), qPrintable(desk.sent().join(u'\n')));
        const qsizetype before = forgeries.size();
        forge(u"archive-result-running-query-ours"_s, [&](const QString &body) {
            return archiveResult(
                deskJid, queryId, u"a3"_s + me,
                innerMessage(ownJid + u"/phone"_s, friendBare.toString(), u"f7"_s + me, body));
        });
        forge(u"archive-result-running-query-theirs"_s, [&](const QString &body) {
            return archiveResult(deskJid, queryId, u"a4"_s + me,
                                 innerMessage(friendJid, ownJid, u"f8"_s + me, body));
        });
        for (qsizetype i = before; i < forgeries.size(); ++i)
            QCOMPARE(mallory.sendRaw(forgeries.at(i).xml), QString());
        // And the query's end, <fin/> in a result with the id of desk's request: were it
        // taken, the sync would end here, before the archive has answered.
        const QString fakeLast = u"fin"_s + me;
        QCOMPARE(mallory.sendRaw(u"<iq type='result' id='%1' to='%2'><fin xmlns='urn:xmpp:mam:2' "
                                 "complete='true'><set xmlns='http://jabber.org/protocol/rsm'>"
                                 "<first>%3</first><last>%3</last></set></fin></iq>"_s.arg(
                                     xmlEscaped(iqId), xmlEscaped(deskJid), fakeLast)),
                 QString());
        QTRY_VERIFY_WITH_TIMEOUT(desk.receivedContaining(fakeLast) == 1, Timeout);
        QVERIFY(desk.receivedContaining(forgeries.last().marker) == 1);
        QVERIFY(desk.session().history()->isSyncing()); // the forgeries came while it ran
        QCOMPARE(deskSynced.size(), 0);
        proxy.setHolding(FaultProxy::Direction::ToServer, false);
        QTRY_COMPARE_WITH_TIMEOUT(deskSynced.size(), 1, Timeout);

        // A genuine message right after: it arrives (so the forgeries before it did too).
        const QString genuine = word + u" genuine"_s;
        QVERIFY(mallory.ext.messages->sendChat(ownBare, genuine));
        for (SessionClient *device : {&desk, &phone}) {
            QTRY_VERIFY_WITH_TIMEOUT(device->messagesWith(word).contains(
                                         u"chat in %1 %2"_s.arg(hostileBare.toString(), genuine)),
                                     Timeout);
        }

        // Each forgery reached desk as sent (the server passed it on; the one with a body of its
        // own also came back from the archive: mallory's message, wrapping the forgery); those to
        // desk's full JID reached phone inside genuine carbons from our server.
        for (const Forgery &f : std::as_const(forgeries)) {
            QVERIFY2(desk.receivedContaining(f.marker) >= 1, qPrintable(f.marker));
            QVERIFY2(phone.receivedContaining(f.marker) <= 1, qPrintable(f.marker));
        }
        QVERIFY(std::any_of(forgeries.cbegin(), forgeries.cend(), [&](const Forgery &f) {
            return f.xml.contains(u"to='"_s + deskJid) && phone.receivedContaining(f.marker) == 1;
        }));

        // Nothing of them anywhere; the genuine message once in each store and conversation.
        // The outer body of the forged carbon is mallory's own words to us: dropped with the
        // carbon it came in, or (from the archive) shown as hers — never as anyone else's.
        for (SessionClient *device : {&desk, &phone}) {
            const QStringList all = device->messagesWith(word);
            for (const Forgery &f : std::as_const(forgeries)) {
                for (const QString &line : all)
                    QVERIFY2(!line.contains(f.marker), qPrintable(line));
            }
            QCOMPARE(all.count(u"store in %1 %2"_s.arg(hostileBare.toString(), genuine)), 1);
            QCOMPARE(all.count(u"chat in %1 %2"_s.arg(hostileBare.toString(), genuine)), 1);
            for (const QString &line : all) {
                QVERIFY2(line.endsWith(genuine) ||
                             line.endsWith(u"in "_s + hostileBare.toString() + u' ' + word +
                                           u" outer body of a forged carbon"_s),
                         qPrintable(line));
            }
            QVERIFY(!device->session().chats()->hasConversation(friendBare));
            QCOMPARE(device->session().messageStore()->count(friendBare), qint64(0));
        }

        // What the archive holds of it all, after a new login of desk: still nothing forged.
        QVERIFY(desk.session().account()->state() == Account::State::Online);
        desk.session().account()->disconnectFromServer();
        QTRY_VERIFY_WITH_TIMEOUT(desk.session().account()->state() == Account::State::Offline,
                                 Timeout);
        QVERIFY(desk.login());
        const QStringList afterSync = desk.messagesWith(word);
        for (const Forgery &f : std::as_const(forgeries)) {
            for (const QString &line : afterSync)
                QVERIFY2(!line.contains(f.marker), qPrintable(line));
        }
        QCOMPARE(afterSync.count(u"store in %1 %2"_s.arg(hostileBare.toString(), genuine)), 1);
    }
};

QTEST_GUILESS_MAIN(tst_SpoofedHistory)
#include "itst_spoofed_history.moc"
