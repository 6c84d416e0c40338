// SPDX-License-Identifier: GPL-3.0-or-later
// natter-cli run as a user would run it, against the real Prosody of the test fixture: exit codes,
// what goes to stdout and stderr, and what the other account sees.
//
// Accounts: natter (login and certificate checks), demo (roster), eve and mallory (subscriptions,
// messages, presence). Every test first puts the accounts it uses into a known state: the server
// and its accounts are shared with the other test files and earlier runs.
#include "CliProcess.h"
#include "TestServer.h"

#include "account/Account.h"
#include "xml/Namespaces.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryFile>
#include <QTest>

#include <algorithm>

using namespace natter;
using namespace Qt::StringLiterals;

// A complete run must have ended with this exit code; otherwise print what it said.
#define EXPECT_EXIT(result, code)                                                                  \
    do {                                                                                           \
        const CliProcess::Result &r_ = (result);                                                   \
        QVERIFY2(r_.exitCode == (code) && r_.finished, qPrintable(r_.describe()));                 \
    } while (false)

namespace {

const QString Eve = u"eve"_s;
const QString Mallory = u"mallory"_s;
const QString Natter = u"natter"_s;
const QString Demo = u"demo"_s;

QJsonObject parseJson(const QString &line)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(line.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        qWarning() << "not a JSON object:" << line << error.errorString();
    return doc.object();
}

QStringList sortedKeys(const QJsonObject &o)
{
    QStringList keys = o.keys();
    keys.sort();
    return keys;
}

// The GROUP,GROUP field of `roster`, as a sorted list: the server decides the order.
QStringList sortedGroups(const QString &field)
{
    QStringList groups = field.split(u',', Qt::SkipEmptyParts);
    groups.sort();
    return groups;
}

QStringList withoutPassword(QStringList environment)
{
    environment.removeIf([](const QString &kv) { return kv.startsWith(u"NATTER_PASSWORD="); });
    return environment;
}

} // namespace

class tst_Cli : public QObject
{
    Q_OBJECT

private:
    TestServer m_server;

    QString jid(const QString &user) const { return m_server.jid(user); }

    // Runs natter-cli as user (password in NATTER_PASSWORD, the fixture's CA trusted).
    CliProcess::Result cli(const QString &user, const QStringList &arguments) const
    {
        return CliProcess::run(m_server.cliArguments(user) + arguments,
                               m_server.cliEnvironment(user), 60000);
    }

    void start(CliProcess &process, const QString &user, const QStringList &arguments) const
    {
        process.start(m_server.cliArguments(user) + arguments, m_server.cliEnvironment(user));
    }

    // `roster --json` of user: contact JID -> its object; empty (with a warning) on failure.
    QHash<QString, QJsonObject> roster(const QString &user) const
    {
        const CliProcess::Result r = cli(user, {u"roster"_s, u"--json"_s});
        QHash<QString, QJsonObject> items;
        if (!r.finished || r.exitCode != 0) {
            qWarning().noquote() << "roster of" << user << "failed:" << r.describe();
            return items;
        }
        for (const QString &line : r.outLines()) {
            const QJsonObject o = parseJson(line);
            items.insert(o.value(u"jid").toString(), o);
        }
        return items;
    }

    // The subscription state of contact in user's roster ("" when it is not there), "+ask"
    // appended while a request is pending.
    QString subscriptionState(const QString &user, const QString &contact) const
    {
        const QHash<QString, QJsonObject> items = roster(user);
        if (!items.contains(jid(contact)))
            return {};
        const QJsonObject o = items.value(jid(contact));
        return o.value(u"subscription").toString() +
               (o.value(u"ask").toBool() ? u"+ask"_s : QString());
    }

    // The lines of `online` run as user (with extra arguments) about contact's resources.
    QStringList onlineLines(const QString &user, const QString &contact,
                            const QStringList &extra = {}) const
    {
        const CliProcess::Result r = cli(user, QStringList{u"online"_s} + extra);
        if (!r.finished || r.exitCode != 0) {
            qWarning().noquote() << "online as" << user << "failed:" << r.describe();
            return {};
        }
        QStringList lines = r.outLines();
        lines.removeIf([&](const QString &l) { return !l.startsWith(jid(contact) + u'/'); });
        lines.sort();
        return lines;
    }

    // Removes a and b from each other's rosters and withdraws every request between them.
    bool resetSubscriptions(const QString &a, const QString &b) const
    {
        for (const auto &[from, to] : {std::pair{a, b}, std::pair{b, a}}) {
            const CliProcess::Result removed = cli(from, {u"remove"_s, jid(to)});
            // 7: not in the roster, which is fine here
            if (!removed.finished || (removed.exitCode != 0 && removed.exitCode != 7)) {
                qWarning().noquote() << removed.describe();
                return false;
            }
        }
        for (const auto &[from, to] : {std::pair{a, b}, std::pair{b, a}}) {
            for (const QString &command : {u"unsubscribe"_s, u"deny"_s}) {
                const CliProcess::Result r = cli(from, {command, jid(to)});
                if (!r.finished || r.exitCode != 0) {
                    qWarning().noquote() << r.describe();
                    return false;
                }
            }
        }
        return QTest::qWaitFor(
            [&] { return !roster(a).contains(jid(b)) && !roster(b).contains(jid(a)); }, 15000);
    }

    // Presence subscriptions both ways between a and b, set up with natter-cli only.
    bool makeMutual(const QString &a, const QString &b) const
    {
        if (subscriptionState(a, b) == u"both" && subscriptionState(b, a) == u"both")
            return true;
        if (!resetSubscriptions(a, b))
            return false;
        const QList<QPair<QString, QStringList>> steps{
            {a, {u"add"_s, jid(b), u"--subscribe"_s}},
            {b, {u"approve"_s, jid(a)}},
            {b, {u"add"_s, jid(a), u"--subscribe"_s}},
            {a, {u"approve"_s, jid(b)}},
        };
        for (const auto &[user, arguments] : steps) {
            const CliProcess::Result r = cli(user, arguments);
            if (!r.finished || r.exitCode != 0) {
                qWarning().noquote() << r.describe();
                return false;
            }
        }
        return QTest::qWaitFor(
            [&] {
                return subscriptionState(a, b) == u"both" && subscriptionState(b, a) == u"both";
            },
            15000);
    }

    // `online` goes online and off again: the server hands it the messages stored while the
    // user was offline (left over from earlier runs), so that a `listen` afterwards only sees
    // what the test sends.
    bool drainOfflineMessages(const QString &user) const
    {
        const CliProcess::Result r = cli(user, {u"online"_s});
        if (!r.finished || r.exitCode != 0)
            qWarning().noquote() << r.describe();
        return r.finished && r.exitCode == 0;
    }

    // Arguments for a connection without the fixture's CA.
    QStringList argumentsWithoutCa(const QString &user) const
    {
        return {u"--jid"_s,      jid(user),   u"--host"_s,
                m_server.host(), u"--port"_s, QString::number(m_server.port())};
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!m_server.isValid())
            QFAIL(qPrintable(m_server.why()));
        if (CliProcess::program().isEmpty())
            QFAIL("NATTER_CLI is not set (run through ctest)");
    }

    // 1
    void wrongPasswordExitsFourWithOneLine()
    {
        QStringList env = withoutPassword(m_server.cliEnvironment(Natter));
        env.append(u"NATTER_PASSWORD=not the password"_s);
        const CliProcess::Result r =
            CliProcess::run(m_server.cliArguments(Natter) + QStringList{u"roster"_s}, env);
        EXPECT_EXIT(r, 4);
        QCOMPARE(r.out, QString());
        QCOMPARE(r.errLines().size(), 1);
        QVERIFY2(r.err.contains(u"password", Qt::CaseInsensitive), qPrintable(r.err));
    }

    void successfulRunIsQuietOnStderr()
    {
        // Scripts take anything on stderr for a problem report.
        const CliProcess::Result r = cli(Natter, {u"roster"_s});
        EXPECT_EXIT(r, 0);
        QCOMPARE(r.err, QString());
    }

    // 2
    void untrustedCertificateExitsFiveBeforeAuthentication()
    {
        const CliProcess::Result r =
            CliProcess::run(argumentsWithoutCa(Natter) + QStringList{u"--debug-xml"_s, u"roster"_s},
                            m_server.cliEnvironment(Natter));
        EXPECT_EXIT(r, 5);
        QCOMPARE(r.out, QString());
        QVERIFY(!m_server.certificateSha256().isEmpty());
        QVERIFY2(r.err.contains(m_server.certificateSha256()), qPrintable(r.err));
        // The stream header and <starttls/> went out, no credentials and no SASL at all.
        QStringList sent = r.errLines();
        sent.removeIf([](const QString &line) { return !line.startsWith(u"SEND: "); });
        QVERIFY2(sent.size() >= 2, qPrintable(r.err));
        QVERIFY(sent.last().contains(u"urn:ietf:params:xml:ns:xmpp-tls"));
        for (const QString &line : std::as_const(sent)) {
            QVERIFY2(!line.contains(u"<auth") &&
                         !line.contains(u"urn:ietf:params:xml:ns:xmpp-sasl"),
                     qPrintable(line));
        }
    }

    void pinnedFingerprintIsTrustedWithoutCa()
    {
        const CliProcess::Result r = CliProcess::run(
            argumentsWithoutCa(Natter) +
                QStringList{u"--pin-sha256"_s, m_server.certificateSha256(), u"roster"_s},
            m_server.cliEnvironment(Natter));
        EXPECT_EXIT(r, 0);
    }

    void otherPinRefusesTheTrustedCertificate()
    {
        const CliProcess::Result r =
            cli(Natter, {u"--pin-sha256"_s, QString(64, u'a'), u"roster"_s});
        EXPECT_EXIT(r, 5);
        QVERIFY2(r.err.contains(m_server.certificateSha256()), qPrintable(r.err));
    }

    // 3
    void directTlsWorks()
    {
        const CliProcess::Result r =
            cli(Natter, {u"--port"_s, QString::number(m_server.directTlsPort()), u"--direct-tls"_s,
                         u"--debug-xml"_s, u"roster"_s});
        EXPECT_EXIT(r, 0);
        QVERIFY2(!r.err.contains(u"<starttls"), qPrintable(r.err)); // TLS from the first byte
        QVERIFY2(r.err.contains(u"<bind"), qPrintable(r.err));
    }

    // 4
    void rosterAddRenameGroupAndRemove()
    {
        const QString friendJid = u"cli-friend@localhost"_s;
        const QString otherJid = u"cli-other@example.test"_s;
        for (const QString &contact : {friendJid, otherJid}) {
            const CliProcess::Result removed = cli(Demo, {u"remove"_s, contact});
            QVERIFY2(removed.finished && (removed.exitCode == 0 || removed.exitCode == 7),
                     qPrintable(removed.describe()));
        }
        QVERIFY(!roster(Demo).contains(friendJid));

        // add
        CliProcess::Result r = cli(Demo, {u"add"_s, friendJid, u"--name"_s, u"Friend One"_s});
        EXPECT_EXIT(r, 0);
        QCOMPARE(r.out, QString());
        r = cli(Demo, {u"roster"_s});
        EXPECT_EXIT(r, 0);
        QVERIFY2(r.outLines().contains(friendJid + u"\tFriend One\tnone\t"_s), qPrintable(r.out));
        QJsonObject item = roster(Demo).value(friendJid);
        QCOMPARE(sortedKeys(item), (QStringList{u"approved"_s, u"ask"_s, u"groups"_s, u"jid"_s,
                                                u"name"_s, u"subscription"_s}));
        QCOMPARE(item.value(u"name").toString(), u"Friend One"_s);
        QCOMPARE(item.value(u"subscription").toString(), u"none"_s);
        QCOMPARE(item.value(u"ask").toBool(true), false);
        QCOMPARE(item.value(u"approved").toBool(true), false);
        QCOMPARE(item.value(u"groups").toArray().size(), 0);

        // rename: add again with another name
        EXPECT_EXIT(cli(Demo, {u"add"_s, friendJid, u"--name"_s, u"Friend Renamed"_s}), 0);
        r = cli(Demo, {u"roster"_s});
        EXPECT_EXIT(r, 0);
        QVERIFY2(r.outLines().contains(friendJid + u"\tFriend Renamed\tnone\t"_s),
                 qPrintable(r.out));
        QVERIFY2(!r.out.contains(u"Friend One"), qPrintable(r.out));

        // two groups
        EXPECT_EXIT(cli(Demo, {u"add"_s, friendJid, u"--name"_s, u"Friend Renamed"_s, u"--group"_s,
                               u"Work"_s, u"--group"_s, u"Book Club"_s}),
                    0);
        r = cli(Demo, {u"roster"_s});
        EXPECT_EXIT(r, 0);
        QStringList line;
        for (const QString &l : r.outLines()) {
            if (l.startsWith(friendJid + u'\t'))
                line = l.split(u'\t');
        }
        QCOMPARE(line.size(), 4);
        QCOMPARE(line.at(1), u"Friend Renamed"_s);
        QCOMPARE(sortedGroups(line.at(3)), (QStringList{u"Book Club"_s, u"Work"_s}));
        item = roster(Demo).value(friendJid);
        QStringList groups = item.value(u"groups").toVariant().toStringList();
        groups.sort();
        QCOMPARE(groups, (QStringList{u"Book Club"_s, u"Work"_s}));

        // other groups (duplicates and blanks dropped); characters the line format escapes. (Not
        // in the name: Prosody 0.12 writes a tab in an attribute raw, and XML attribute-value
        // normalisation turns it into a space on the way back.)
        EXPECT_EXIT(
            cli(Demo, {u"add"_s, friendJid, u"--name"_s, u"Back\\slash"_s, u"--group"_s,
                       u"Tab\tGroup"_s, u"--group"_s, u"Tab\tGroup"_s, u"--group"_s, u" "_s}),
            0);
        r = cli(Demo, {u"roster"_s});
        EXPECT_EXIT(r, 0);
        QVERIFY2(r.outLines().contains(friendJid + u"\tBack\\\\slash\tnone\tTab\\tGroup"_s),
                 qPrintable(r.out));
        item = roster(Demo).value(friendJid);
        QCOMPARE(item.value(u"name").toString(), u"Back\\slash"_s);
        QCOMPARE(item.value(u"groups").toVariant().toStringList(), QStringList{u"Tab\tGroup"_s});

        // a second contact, on the other virtual host
        EXPECT_EXIT(cli(Demo, {u"add"_s, otherJid}), 0);
        QHash<QString, QJsonObject> items = roster(Demo);
        QVERIFY(items.contains(friendJid));
        QVERIFY(items.contains(otherJid));
        QCOMPARE(items.value(otherJid).value(u"name").toString(), QString());

        // remove
        r = cli(Demo, {u"remove"_s, friendJid});
        EXPECT_EXIT(r, 0);
        QCOMPARE(r.out, QString());
        items = roster(Demo);
        QVERIFY(!items.contains(friendJid));
        QVERIFY(items.contains(otherJid));
        EXPECT_EXIT(cli(Demo, {u"remove"_s, otherJid}), 0);
        QVERIFY(!roster(Demo).contains(otherJid));
    }

    void removingAContactNotInTheRosterExitsSeven()
    {
        const QString contact = u"cli-never-added@localhost"_s;
        QVERIFY(!roster(Demo).contains(contact));
        const CliProcess::Result r = cli(Demo, {u"remove"_s, contact});
        EXPECT_EXIT(r, 7);
        QCOMPARE(r.out, QString());
        QVERIFY2(r.err.contains(u"The server refused to remove the contact"), qPrintable(r.err));
    }

    void rosterIsCachedAndFetchedByVersion()
    {
        // natter-cli keeps the roster in the profile (the desktop app's cache file): the next
        // run sends the version it holds (RFC 6121 §2.6) and the server, with nothing changed,
        // answers without a single item — and the same roster is printed.
        const QString user = m_server.registerFreshUser(u"cache"_s);
        QVERIFY(!user.isEmpty());
        EXPECT_EXIT(cli(user, {u"add"_s, jid(Demo), u"--name"_s, u"Cached Demo"_s}), 0);
        // The roster request in a --debug-xml trace (the version it named, if any) and the
        // server's answer to it (matched by id).
        struct Exchange
        {
            bool sent = false;
            QString version;
            QString answer;
        };
        const auto rosterExchange = [](const QString &trace) {
            static const QRegularExpression request(
                u"SEND: <iq[^>]*id=\"([^\"]+)\"[^>]*><query xmlns=\"jabber:iq:roster\""
                u"(?: ver=\"([^\"]*)\")?"_s);
            Exchange e;
            const QRegularExpressionMatch m = request.match(trace);
            if (!m.hasMatch())
                return e;
            e.sent = true;
            e.version = m.captured(2);
            for (const QString &line : trace.split(u'\n')) {
                if (line.startsWith(u"RECV: <iq") &&
                    line.contains(u"id=\""_s + m.captured(1) + u'"'))
                    e.answer = line;
            }
            return e;
        };

        const CliProcess::Result first = cli(user, {u"--debug-xml"_s, u"roster"_s});
        EXPECT_EXIT(first, 0);
        QVERIFY2(first.out.contains(jid(Demo) + u"\tCached Demo\t"_s), qPrintable(first.out));
        const Exchange fetched = rosterExchange(first.err);
        QVERIFY2(fetched.sent && fetched.answer.contains(u"<item"), qPrintable(first.err));

        const CliProcess::Result second = cli(user, {u"--debug-xml"_s, u"roster"_s});
        EXPECT_EXIT(second, 0);
        const Exchange versioned = rosterExchange(second.err);
        QVERIFY2(versioned.sent && !versioned.version.isEmpty(), qPrintable(second.err));
        QVERIFY2(versioned.answer.contains(u"type=\"result\""), qPrintable(second.err));
        QVERIFY2(!versioned.answer.contains(u"<item"), qPrintable(second.err));
        QCOMPARE(second.out, first.out);
    }

    // 5
    void mutualSubscriptionWithTheCliOnly()
    {
        QVERIFY(resetSubscriptions(Eve, Mallory));
        QCOMPARE(subscriptionState(Eve, Mallory), QString());
        QCOMPARE(subscriptionState(Mallory, Eve), QString());

        // eve asks
        CliProcess::Result r = cli(Eve, {u"add"_s, jid(Mallory), u"--subscribe"_s});
        EXPECT_EXIT(r, 0);
        QCOMPARE(r.out, QString());
        QCOMPARE(subscriptionState(Eve, Mallory), u"none+ask"_s);
        // The server keeps the request for mallory; it puts nothing into her roster, and hands
        // her the request again whenever she comes online (RFC 6121 §3.1.3). natter-cli has no
        // command that prints pending requests; only the XML log shows it.
        QCOMPARE(subscriptionState(Mallory, Eve), QString());
        r = cli(Mallory, {u"online"_s, u"--debug-xml"_s});
        EXPECT_EXIT(r, 0);
        const QStringList log = r.errLines();
        QVERIFY2(std::any_of(log.cbegin(), log.cend(),
                             [&](const QString &line) {
                                 return line.startsWith(u"RECV: <presence ") &&
                                        line.contains(u"from=\""_s + jid(Eve) + u'"') &&
                                        line.contains(u"type=\"subscribe\"");
                             }),
                 qPrintable(r.err));

        // mallory approves: eve sees her presence
        EXPECT_EXIT(cli(Mallory, {u"approve"_s, jid(Eve)}), 0);
        QTRY_COMPARE_WITH_TIMEOUT(subscriptionState(Eve, Mallory), u"to"_s, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(subscriptionState(Mallory, Eve), u"from"_s, 15000);

        // mallory asks back
        EXPECT_EXIT(cli(Mallory, {u"add"_s, jid(Eve), u"--subscribe"_s}), 0);
        QTRY_COMPARE_WITH_TIMEOUT(subscriptionState(Mallory, Eve), u"from+ask"_s, 15000);

        // eve approves
        EXPECT_EXIT(cli(Eve, {u"approve"_s, jid(Mallory)}), 0);
        QTRY_COMPARE_WITH_TIMEOUT(subscriptionState(Eve, Mallory), u"both"_s, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(subscriptionState(Mallory, Eve), u"both"_s, 15000);

        r = cli(Eve, {u"roster"_s});
        EXPECT_EXIT(r, 0);
        QVERIFY2(r.outLines().contains(jid(Mallory) + u"\t\tboth\t"_s), qPrintable(r.out));
        r = cli(Mallory, {u"roster"_s});
        EXPECT_EXIT(r, 0);
        QVERIFY2(r.outLines().contains(jid(Eve) + u"\t\tboth\t"_s), qPrintable(r.out));
    }

    // 6
    void messagesOfEveryTypeArriveIntact_data()
    {
        QTest::addColumn<QString>("sender");
        QTest::addColumn<QString>("receiver");
        QTest::newRow("eve to mallory") << Eve << Mallory;
        QTest::newRow("mallory to eve") << Mallory << Eve;
    }

    void messagesOfEveryTypeArriveIntact()
    {
        QFETCH(QString, sender);
        QFETCH(QString, receiver);
        struct Sent
        {
            QString type;
            QString subject;
            QString body;
        };
        const QList<Sent> messages{
            {u"chat"_s, {}, u"Hello from "_s + sender},
            {u"normal"_s, {}, u"A normal message"_s},
            {u"headline"_s, u"Breaking news"_s, u"Something happened"_s},
            {u"chat"_s, {}, u"line one\nline two\ttabbed \\ backslash 😀 中文 日本語 한국어"_s},
            {u"chat"_s, {}, u"<b>bold</b> & \"double\" 'single' ]]> &amp;"_s},
        };

        QVERIFY(drainOfflineMessages(receiver));
        CliProcess listener;
        start(listener, receiver,
              {u"listen"_s, u"--count"_s, QString::number(messages.size()), u"--json"_s});
        QVERIFY2(listener.waitForErrorLine(u"Listening as "_s),
                 qPrintable(listener.result().describe()));
        QVERIFY(listener.errorLineAfter(u"Listening as "_s).startsWith(jid(receiver) + u'/'));

        QStringList ids;
        for (const Sent &m : messages) {
            QStringList arguments{u"--resource"_s, u"sender"_s, u"send"_s, jid(receiver),
                                  m.body,          u"--type"_s, m.type,    u"--json"_s};
            if (!m.subject.isEmpty())
                arguments << u"--subject"_s << m.subject;
            const CliProcess::Result r = cli(sender, arguments);
            EXPECT_EXIT(r, 0);
            QCOMPARE(r.outLines().size(), 1);
            const QJsonObject sent = parseJson(r.out);
            QVERIFY(!sent.value(u"id").toString().isEmpty());
            ids.append(sent.value(u"id").toString());
        }

        QVERIFY2(listener.waitForFinished(), qPrintable(listener.result().describe()));
        const CliProcess::Result received = listener.result();
        EXPECT_EXIT(received, 0);
        const QStringList lines = received.outLines();
        QCOMPARE(lines.size(), messages.size());
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const QJsonObject o = parseJson(lines.at(i));
            const Sent &m = messages.at(i);
            QStringList keys{u"body"_s, u"from"_s, u"id"_s, u"to"_s, u"type"_s};
            if (!m.subject.isEmpty())
                keys.append(u"subject"_s);
            keys.sort();
            QCOMPARE(sortedKeys(o), keys);
            QCOMPARE(o.value(u"from").toString(), jid(sender) + u"/sender"_s);
            QCOMPARE(o.value(u"to").toString(), jid(receiver));
            QCOMPARE(o.value(u"type").toString(), m.type);
            QCOMPARE(o.value(u"id").toString(), ids.at(i));
            QCOMPARE(o.value(u"body").toString(), m.body);
            QCOMPARE(o.value(u"subject").toString(), m.subject);
        }
    }

    void plainListenOutputEscapesTheBody()
    {
        QVERIFY(drainOfflineMessages(Mallory));
        CliProcess listener;
        start(listener, Mallory, {u"listen"_s, u"--count"_s, u"3"_s});
        QVERIFY2(listener.waitForErrorLine(u"Listening as "_s),
                 qPrintable(listener.result().describe()));

        EXPECT_EXIT(
            cli(Eve, {u"--resource"_s, u"plain"_s, u"send"_s, jid(Mallory), u"a\nb\tc\\d\\n"_s}),
            0);
        EXPECT_EXIT(cli(Eve, {u"--resource"_s, u"plain"_s, u"send"_s, jid(Mallory), u"just text"_s,
                              u"--type"_s, u"normal"_s}),
                    0);
        EXPECT_EXIT(cli(Eve, {u"--resource"_s, u"plain"_s, u"send"_s, jid(Mallory), u"news"_s,
                              u"--type"_s, u"headline"_s, u"--subject"_s, u"Ignored here"_s}),
                    0);

        QVERIFY2(listener.waitForFinished(), qPrintable(listener.result().describe()));
        const CliProcess::Result r = listener.result();
        EXPECT_EXIT(r, 0);
        const QString from = jid(Eve) + u"/plain"_s;
        QCOMPARE(r.outLines(), (QStringList{
                                   from + u"\tchat\ta\\nb\\tc\\\\d\\\\n"_s,
                                   from + u"\tnormal\tjust text"_s,
                                   from + u"\theadline\tnews"_s,
                               }));
    }

    void listenAcknowledgesTheLastMessageBeforeExiting()
    {
        // XEP-0198: the server takes a stanza for delivered once the client acknowledges it.
        // `listen --count 1` must acknowledge the message it printed before it closes the
        // stream, or Prosody treats it as undelivered: it bounces a headline (one it did not
        // archive) to the sender with <recipient-unavailable/>.
        QVERIFY(drainOfflineMessages(Mallory));
        CliProcess listener;
        start(listener, Mallory, {u"listen"_s, u"--count"_s, u"1"_s});
        QVERIFY2(listener.waitForErrorLine(u"Listening as "_s),
                 qPrintable(listener.result().describe()));

        Account sender;
        sender.setSettings(m_server.settings(Eve, u"acktest"_s));
        QStringList bounces;
        connect(&sender, &Account::messageReceived, &sender,
                [&](const Message &m) { bounces.append(m.element().toString(ns::Client)); });
        sender.connectToServer();
        QTRY_COMPARE_WITH_TIMEOUT(sender.state(), Account::State::Online, 30000);
        Message headline;
        headline.setTo(Jid::fromString(jid(Mallory)));
        headline.setType(Message::Type::Headline);
        headline.setId(u"acktest-1"_s);
        headline.setBody(u"the last one"_s);
        QVERIFY(sender.send(headline));

        QVERIFY2(listener.waitForFinished(), qPrintable(listener.result().describe()));
        EXPECT_EXIT(listener.result(), 0);
        QCOMPARE(listener.result().outLines(),
                 QStringList{jid(Eve) + u"/acktest\theadline\tthe last one"_s});

        // Prosody handled mallory's close (and sent any bounce) before the listener exited; a
        // bounce reaches the sender before the answer to this ping.
        std::optional<IqResult> pong;
        sender.request(Iq(Iq::Type::Get, XmlElement(ns::Ping, u"ping"_s)), &sender,
                       [&](const IqResult &r) { pong = r; });
        QTRY_VERIFY_WITH_TIMEOUT(pong.has_value(), 15000);
        QVERIFY(pong->ok());
        QVERIFY2(bounces.isEmpty(), qPrintable(bounces.join(u'\n')));
        sender.disconnectFromServer();
        QTRY_COMPARE_WITH_TIMEOUT(sender.state(), Account::State::Offline, 10000);
    }

    // 7
    void messageToNonexistentUserExitsSeven()
    {
        // Prosody bounces a chat or normal message to an account that does not exist with
        // <service-unavailable/> (RFC 6121 §8.5.2.2.1).
        for (const QString &type : {u"chat"_s, u"normal"_s}) {
            const CliProcess::Result r =
                cli(Eve, {u"send"_s, u"nobody@localhost"_s, u"hello?"_s, u"--type"_s, type});
            EXPECT_EXIT(r, 7);
            QCOMPARE(r.out, QString());
            QVERIFY2(r.err.contains(u"not delivered"), qPrintable(r.err));
        }
    }

    void headlineToNonexistentUserIsDroppedSilently()
    {
        // RFC 6121 §8.5.2.2.1: the server silently ignores a headline for nobody; there is no
        // bounce to wait for, so the server holding it is all natter-cli can report.
        const CliProcess::Result r =
            cli(Eve, {u"send"_s, u"nobody@localhost"_s, u"news"_s, u"--type"_s, u"headline"_s});
        EXPECT_EXIT(r, 0);
    }

    void messageToAnotherDomainExitsSeven()
    {
        // The fixture has no server-to-server: Prosody bounces with <not-allowed/> at once.
        const CliProcess::Result r = cli(Eve, {u"send"_s, u"someone@elsewhere.invalid"_s, u"hi"_s});
        EXPECT_EXIT(r, 7);
        QVERIFY2(r.err.contains(u"not delivered"), qPrintable(r.err));
    }

    // 8
    void presenceChangesAreSeenByTheContact()
    {
        QVERIFY(makeMutual(Eve, Mallory));

        CliProcess busy;
        start(busy, Eve,
              {u"presence"_s, u"--show"_s, u"dnd"_s, u"--status"_s, u"in a meeting"_s, u"--stay"_s,
               u"30"_s});
        QVERIFY2(busy.waitForErrorLine(u"Online as "_s), qPrintable(busy.result().describe()));
        const QString busyJid = busy.errorLineAfter(u"Online as "_s);
        QVERIFY2(busyJid.startsWith(jid(Eve) + u'/'), qPrintable(busyJid));

        QTRY_COMPARE_WITH_TIMEOUT(onlineLines(Mallory, Eve),
                                  QStringList{busyJid + u"\tdnd\tin a meeting"_s}, 15000);
        CliProcess::Result r = cli(Mallory, {u"online"_s, u"--json"_s});
        EXPECT_EXIT(r, 0);
        QJsonObject found;
        for (const QString &line : r.outLines()) {
            const QJsonObject o = parseJson(line);
            if (o.value(u"jid").toString() == busyJid)
                found = o;
        }
        QCOMPARE(sortedKeys(found), (QStringList{u"jid"_s, u"priority"_s, u"show"_s, u"status"_s}));
        QCOMPARE(found.value(u"show").toString(), u"dnd"_s);
        QCOMPARE(found.value(u"status").toString(), u"in a meeting"_s);
        QCOMPARE(found.value(u"priority").toInt(-1), 0);

        // Ctrl+C / SIGTERM ends it gracefully, with 0.
        QVERIFY(busy.terminate());
        EXPECT_EXIT(busy.result(), 0);

        CliProcess away;
        start(away, Eve,
              {u"presence"_s, u"--show"_s, u"away"_s, u"--status"_s, u"back soon"_s,
               u"--priority"_s, u"5"_s, u"--stay"_s, u"30"_s});
        QVERIFY2(away.waitForErrorLine(u"Online as "_s), qPrintable(away.result().describe()));
        const QString awayJid = away.errorLineAfter(u"Online as "_s);
        QTRY_COMPARE_WITH_TIMEOUT(onlineLines(Mallory, Eve),
                                  QStringList{awayJid + u"\taway\tback soon"_s}, 15000);
        r = cli(Mallory, {u"online"_s, u"--json"_s});
        EXPECT_EXIT(r, 0);
        QVERIFY2(r.out.contains(u"\"priority\":5"), qPrintable(r.out));

        QVERIFY(away.terminate());
        EXPECT_EXIT(away.result(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(onlineLines(Mallory, Eve), QStringList(), 15000);
    }

    // 9
    void twoResourcesOfOneAccountAreOnline()
    {
        CliProcess one;
        CliProcess two;
        start(one, Eve, {u"--resource"_s, u"one"_s, u"presence"_s, u"--stay"_s, u"30"_s});
        start(two, Eve,
              {u"--resource"_s, u"two"_s, u"presence"_s, u"--show"_s, u"xa"_s, u"--status"_s,
               u"gone fishing"_s, u"--stay"_s, u"30"_s});
        QVERIFY2(one.waitForErrorLine(u"Online as "_s), qPrintable(one.result().describe()));
        QVERIFY2(two.waitForErrorLine(u"Online as "_s), qPrintable(two.result().describe()));
        QCOMPARE(one.errorLineAfter(u"Online as "_s), jid(Eve) + u"/one"_s);
        QCOMPARE(two.errorLineAfter(u"Online as "_s), jid(Eve) + u"/two"_s);

        QTRY_COMPARE_WITH_TIMEOUT(onlineLines(Eve, Eve, {u"--resource"_s, u"three"_s}),
                                  (QStringList{jid(Eve) + u"/one\tavailable\t"_s,
                                               jid(Eve) + u"/two\txa\tgone fishing"_s}),
                                  15000);

        QVERIFY(one.terminate());
        QVERIFY(two.terminate());
        EXPECT_EXIT(one.result(), 0);
        EXPECT_EXIT(two.result(), 0);
    }

    void presenceEndsByItselfAfterStay()
    {
        CliProcess brief;
        start(brief, Eve, {u"--resource"_s, u"brief"_s, u"presence"_s, u"--stay"_s, u"1"_s});
        QVERIFY2(brief.waitForFinished(), qPrintable(brief.result().describe()));
        EXPECT_EXIT(brief.result(), 0);
        QVERIFY2(brief.result().errLines().contains(u"Online as "_s + jid(Eve) + u"/brief"_s),
                 qPrintable(brief.result().describe()));
    }

    void listenGoesOnAfterTheServerEndsTheSession()
    {
        // An administrator closes the session: natter-cli logs in again by itself (Account's
        // automatic reconnection), says so once more, and goes on listening.
        QVERIFY(drainOfflineMessages(Eve));
        CliProcess listener;
        start(listener, Eve, {u"--resource"_s, u"kicked"_s, u"listen"_s, u"--count"_s, u"1"_s});
        QVERIFY2(listener.waitForErrorLine(u"Listening as "_s),
                 qPrintable(listener.result().describe()));
        QCOMPARE(m_server.prosodyctl({u"shell"_s, u"c2s:close('%1/kicked')"_s.arg(jid(Eve))}), 0);
        const QString again = u"Listening as "_s + jid(Eve) + u"/kicked"_s;
        const auto listening = [&] { return listener.result().errLines().count(again); };
        QTRY_COMPARE_WITH_TIMEOUT(listening(), 2, 30000);

        EXPECT_EXIT(
            cli(Mallory, {u"--resource"_s, u"kicker"_s, u"send"_s, jid(Eve), u"still there?"_s}),
            0);
        QVERIFY2(listener.waitForFinished(), qPrintable(listener.result().describe()));
        EXPECT_EXIT(listener.result(), 0);
        QCOMPARE(listener.result().outLines(),
                 QStringList{jid(Mallory) + u"/kicker\tchat\tstill there?"_s});
    }

    // 10
    void usageErrorsExitTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("no command") << QStringList() << u"No command given."_s;
        QTest::newRow("unknown command")
            << QStringList{u"frobnicate"_s} << u"Unknown command “frobnicate”."_s;
        QTest::newRow("unknown option")
            << QStringList{u"--frobnicate"_s, u"roster"_s} << u"frobnicate"_s;
        QTest::newRow("send without body")
            << QStringList{u"send"_s, u"eve@localhost"_s} << u"“send” takes 2"_s;
        QTest::newRow("remove without contact")
            << QStringList{u"remove"_s} << u"“remove” takes 1"_s;
        QTest::newRow("roster with an argument")
            << QStringList{u"roster"_s, u"eve@localhost"_s} << u"“roster” takes 0"_s;
        QTest::newRow("bad --show") << QStringList{u"presence"_s, u"--show"_s, u"sleepy"_s}
                                    << u"--show must be away, chat, dnd or xa."_s;
        QTest::newRow("bad --type")
            << QStringList{u"send"_s, u"eve@localhost"_s, u"hi"_s, u"--type"_s, u"groupchat"_s}
            << u"--type must be chat, normal or headline."_s;
        QTest::newRow("bad --count") << QStringList{u"listen"_s, u"--count"_s, u"0"_s}
                                     << u"--count must be a positive number."_s;
        QTest::newRow("bad --priority")
            << QStringList{u"presence"_s, u"--priority"_s, u"300"_s} << u"--priority must be"_s;
        QTest::newRow("--count on send")
            << QStringList{u"send"_s, u"eve@localhost"_s, u"hi"_s, u"--count"_s, u"2"_s}
            << u"The option --count does not apply to “send”."_s;
        QTest::newRow("bad contact domain")
            << QStringList{u"send"_s, u"bad@@jid"_s, u"hi"_s}
            << u"“bad@@jid” is not a valid address: The domain “@jid” is not a valid domain name."_s;
        QTest::newRow("bad contact localpart")
            << QStringList{u"add"_s, u"a b@localhost"_s}
            << u"“a b@localhost” is not a valid address: The part before the @ contains the "
               "forbidden character “U+0020”."_s;
        QTest::newRow("empty localpart")
            << QStringList{u"subscribe"_s, u"@localhost"_s} << u"The part before the @ is empty."_s;
        QTest::newRow("own address without user")
            << QStringList{u"--jid"_s, u"localhost"_s, u"roster"_s}
            << u"The address “localhost” has no user name (expected user@domain)."_s;
        QTest::newRow("bad port") << QStringList{u"--port"_s, u"70000"_s, u"roster"_s}
                                  << u"The port “70000” is not a number between 1 and 65535."_s;
        QTest::newRow("bad pin") << QStringList{u"--pin-sha256"_s, u"abc"_s, u"roster"_s}
                                 << u"is not a SHA-256 hash"_s;
        QTest::newRow("bad timeout") << QStringList{u"--timeout"_s, u"soon"_s, u"roster"_s}
                                     << u"The timeout “soon” is not a number of seconds."_s;
    }

    void usageErrorsExitTwo()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const CliProcess::Result r = cli(Natter, arguments);
        EXPECT_EXIT(r, 2);
        QCOMPARE(r.out, QString());
        const QStringList lines = r.errLines();
        QCOMPARE(lines.size(), 2);
        QVERIFY2(lines.first().contains(message), qPrintable(r.err));
        QCOMPARE(lines.last(), u"Try 'natter-cli --help'."_s);
    }

    void helpExitsZeroWithExitStatus()
    {
        const CliProcess::Result r =
            CliProcess::run({u"--help"_s}, m_server.cliEnvironment(Natter));
        EXPECT_EXIT(r, 0);
        QCOMPARE(r.err, QString());
        QVERIFY2(r.out.contains(u"Exit status: 0 ok, 2 usage, 3 timeout"), qPrintable(r.out));
        for (const QString &command :
             {u"send"_s, u"listen"_s, u"roster"_s, u"add"_s, u"remove"_s, u"subscribe"_s,
              u"approve"_s, u"deny"_s, u"unsubscribe"_s, u"presence"_s, u"online"_s}) {
            QVERIFY2(r.out.contains(u"\n  "_s + command + u' '), qPrintable(command));
        }
    }

    void noPasswordWithoutTerminalExitsTwo()
    {
        // stdin is a pipe, not a terminal: nothing to ask on.
        const CliProcess::Result r =
            CliProcess::run(m_server.cliArguments(Natter) + QStringList{u"roster"_s},
                            withoutPassword(m_server.cliEnvironment(Natter)));
        EXPECT_EXIT(r, 2);
        QCOMPARE(r.out, QString());
        QVERIFY2(r.err.contains(u"NATTER_PASSWORD") && r.err.contains(u"--password-file"),
                 qPrintable(r.err));
    }

    // 11
    void silentServerTimesOut()
    {
        // The kernel completes the TCP handshake for a listening socket; nobody ever answers.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        QSignalSpy accepted(&silent, &QTcpServer::newConnection);
        for (const QString &command : {u"roster"_s, u"listen"_s}) {
            const CliProcess::Result r = CliProcess::run(
                {u"--jid"_s, jid(Natter), u"--host"_s, u"127.0.0.1"_s, u"--port"_s,
                 QString::number(silent.serverPort()), u"--timeout"_s, u"2"_s, command},
                m_server.cliEnvironment(Natter));
            EXPECT_EXIT(r, 3);
            QCOMPARE(r.out, QString());
            QVERIFY2(r.err.contains(u"Timed out"), qPrintable(r.err));
        }
        QCOMPARE(accepted.size(), 2);
    }

    // 12
    void refusedConnectionExitsSix()
    {
        const CliProcess::Result r =
            CliProcess::run({u"--jid"_s, jid(Natter), u"--host"_s, u"127.0.0.1"_s, u"--port"_s,
                             u"1"_s, u"roster"_s},
                            m_server.cliEnvironment(Natter));
        EXPECT_EXIT(r, 6);
        QCOMPARE(r.out, QString());
        QVERIFY2(r.err.contains(u"127.0.0.1:1"), qPrintable(r.err));
    }

    // 13
    void passwordFileIsRead()
    {
        QTemporaryFile file;
        QVERIFY(file.open());
        file.write(m_server.password(Natter).toUtf8() + "\nsecond line is ignored\n");
        file.close();
        const QStringList arguments =
            m_server.cliArguments(Natter) +
            QStringList{u"--password-file"_s, file.fileName(), u"roster"_s};
        const QStringList env = withoutPassword(m_server.cliEnvironment(Natter));
        EXPECT_EXIT(CliProcess::run(arguments, env), 0);

        // NATTER_PASSWORD wins over the file.
        QVERIFY(file.open());
        file.resize(0);
        file.write("wrong-password\n");
        file.close();
        EXPECT_EXIT(CliProcess::run(arguments, env), 4);
        EXPECT_EXIT(CliProcess::run(arguments, m_server.cliEnvironment(Natter)), 0);
    }

    void missingPasswordFileExitsTwo()
    {
        const QString path = u"/nonexistent/natter-password"_s;
        const CliProcess::Result r = CliProcess::run(
            m_server.cliArguments(Natter) + QStringList{u"--password-file"_s, path, u"roster"_s},
            withoutPassword(m_server.cliEnvironment(Natter)));
        EXPECT_EXIT(r, 2);
        QVERIFY2(r.err.contains(path), qPrintable(r.err));
    }

    void addressFromEnvironment()
    {
        QStringList arguments = m_server.cliArguments(Natter);
        arguments.remove(0, 2); // --jid JID
        QStringList env = m_server.cliEnvironment(Natter);
        env.append(u"NATTER_JID="_s + jid(Natter));
        EXPECT_EXIT(CliProcess::run(arguments + QStringList{u"roster"_s}, env), 0);
    }
};

QTEST_GUILESS_MAIN(tst_Cli)
#include "itst_cli.moc"
