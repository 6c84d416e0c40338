// SPDX-License-Identifier: GPL-3.0-or-later
// natter-cli history and search as a user runs them, against the real Prosody of the test fixture
// (mod_mam on): messages sent while an account is offline show up in its history exactly once,
// however often it syncs; what it sent from elsewhere shows as "out"; search finds them in the
// local store without logging in.
//
// Accounts alice and bob; the server's archives are shared with other tests and earlier runs, so
// every test writes bodies with a word of its own and looks only at those. Each test gets its own
// HOME and XDG folders: profiles (and so message stores) never leak between tests.
#include "CliProcess.h"
#include "TestServer.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace natter;
using namespace Qt::StringLiterals;

#define EXPECT_EXIT(result, code)                                                                  \
    do {                                                                                           \
        const CliProcess::Result &r_ = (result);                                                   \
        QVERIFY2(r_.exitCode == (code) && r_.finished, qPrintable(r_.describe()));                 \
    } while (false)

namespace {

const QString Alice = u"alice"_s;
const QString Bob = u"bob"_s;

// A word no other test or run uses (letters and digits: one FTS5 token).
QString uniqueWord()
{
    return u"w"_s + QUuid::createUuid().toString(QUuid::Id128).left(12);
}

// One line of `history`: TIME DIRECTION ID STATE BODY.
struct HistoryLine
{
    QString time;
    QString direction;
    QString id;
    QString state;
    QString body;
};

QList<HistoryLine> historyLines(const QStringList &lines, const QString &word)
{
    QList<HistoryLine> out;
    for (const QString &line : lines) {
        const QStringList f = line.split(u'\t');
        if (f.size() != 5) {
            qWarning() << "not a history line:" << line;
            out.append(HistoryLine{});
            continue;
        }
        if (f.at(4).contains(word))
            out.append(HistoryLine{f.at(0), f.at(1), f.at(2), f.at(3), f.at(4)});
    }
    return out;
}

QStringList bodies(const QList<HistoryLine> &lines)
{
    QStringList out;
    for (const HistoryLine &l : lines)
        out.append(l.body);
    return out;
}

} // namespace

class tst_History : public QObject
{
    Q_OBJECT

private:
    TestServer m_server;

    // A user's own home: natter-cli's profiles live there.
    struct Home
    {
        QTemporaryDir dir;
        QStringList environment(const TestServer &server, const QString &user) const
        {
            QStringList env = server.cliEnvironment(user);
            env.removeIf([](const QString &kv) {
                return kv.startsWith(u"HOME=") || kv.startsWith(u"XDG_DATA_HOME=") ||
                       kv.startsWith(u"XDG_CONFIG_HOME=") || kv.startsWith(u"XDG_CACHE_HOME=");
            });
            env << u"HOME="_s + dir.path() << u"XDG_DATA_HOME="_s + dir.path() + u"/data"_s
                << u"XDG_CONFIG_HOME="_s + dir.path() + u"/config"_s
                << u"XDG_CACHE_HOME="_s + dir.path() + u"/cache"_s;
            return env;
        }
    };

    CliProcess::Result cli(const Home &home, const QString &user,
                           const QStringList &arguments) const
    {
        return CliProcess::run(m_server.cliArguments(user) + arguments,
                               home.environment(m_server, user), 60000);
    }

    // bob sends alice these bodies, one natter-cli send each (alice is not online).
    void bobSends(const QStringList &texts) const
    {
        Home bobHome;
        for (const QString &text : texts)
            EXPECT_EXIT(cli(bobHome, Bob, {u"send"_s, m_server.jid(Alice), text}), 0);
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!m_server.isValid())
            QSKIP(qPrintable(m_server.why()));
        if (CliProcess::program().isEmpty())
            QSKIP("NATTER_CLI is not set");
    }

    // The server keeps what was sent to an offline account for its next presence too
    // (mod_offline): take it now, so that other tests logging in as alice or bob do not get it.
    void cleanup()
    {
        Home home;
        for (const QString &user : {Alice, Bob})
            cli(home, user, {u"presence"_s, u"--stay"_s, u"1"_s});
    }

    void offlineMessagesShowExactlyOnceOldestFirst()
    {
        const QString word = uniqueWord();
        const QStringList sent{word + u" one"_s, word + u" two"_s, word + u" three\nwith\ttab"_s};
        bobSends(sent);

        Home home;
        const CliProcess::Result first = cli(home, Alice, {u"history"_s, m_server.jid(Bob)});
        EXPECT_EXIT(first, 0);
        const QList<HistoryLine> lines = historyLines(first.outLines(), word);
        QCOMPARE(bodies(lines), (QStringList{word + u" one"_s, word + u" two"_s,
                                             word + u" three\\nwith\\ttab"_s}));
        for (const HistoryLine &l : lines) {
            QCOMPARE(l.direction, u"in"_s);
            QCOMPARE(l.state, u"received"_s);
            QVERIFY(!l.id.isEmpty());
            const QDateTime time = QDateTime::fromString(l.time, Qt::ISODate);
            QVERIFY2(time.isValid() && time.timeSpec() == Qt::UTC, qPrintable(l.time));
            QVERIFY(qAbs(time.secsTo(QDateTime::currentDateTimeUtc())) < 600);
        }
        QVERIFY(lines.at(0).time <= lines.at(1).time && lines.at(1).time <= lines.at(2).time);

        // Again: the second sync finds them stored; nothing twice, the same output.
        const CliProcess::Result second = cli(home, Alice, {u"history"_s, m_server.jid(Bob)});
        EXPECT_EXIT(second, 0);
        QCOMPARE(second.outLines(), first.outLines());
        QCOMPARE(historyLines(second.outLines(), word).size(), 3);

        // --limit: the newest N, oldest first.
        const CliProcess::Result two =
            cli(home, Alice, {u"history"_s, m_server.jid(Bob), u"--limit"_s, u"2"_s});
        EXPECT_EXIT(two, 0);
        QCOMPARE(two.outLines(), first.outLines().mid(first.outLines().size() - 2));
    }

    void ownMessagesFromElsewhereShowAsOut()
    {
        const QString word = uniqueWord();
        bobSends({word + u" question"_s});
        Home home;
        EXPECT_EXIT(cli(home, Alice, {u"history"_s, m_server.jid(Bob)}), 0);

        // alice answers from another device (another natter-cli with its own home).
        Home phone;
        EXPECT_EXIT(cli(phone, Alice, {u"send"_s, m_server.jid(Bob), word + u" answer"_s}), 0);

        const CliProcess::Result r = cli(home, Alice, {u"history"_s, m_server.jid(Bob)});
        EXPECT_EXIT(r, 0);
        const QList<HistoryLine> lines = historyLines(r.outLines(), word);
        QCOMPARE(bodies(lines), (QStringList{word + u" question"_s, word + u" answer"_s}));
        QCOMPARE(lines.at(0).direction, u"in"_s);
        QCOMPARE(lines.at(1).direction, u"out"_s);
        QCOMPARE(lines.at(1).state, u"sent"_s);
    }

    void jsonLinesParse()
    {
        const QString word = uniqueWord();
        bobSends({word + u" json"_s});
        Home home;
        const CliProcess::Result r =
            cli(home, Alice, {u"history"_s, m_server.jid(Bob), u"--json"_s});
        EXPECT_EXIT(r, 0);
        QVERIFY(!r.outLines().isEmpty());
        int mine = 0;
        for (const QString &line : r.outLines()) {
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(line.toUtf8(), &error);
            QVERIFY2(error.error == QJsonParseError::NoError && doc.isObject(), qPrintable(line));
            const QJsonObject o = doc.object();
            QStringList keys = o.keys();
            keys.sort();
            QCOMPARE(keys,
                     (QStringList{u"body"_s, u"direction"_s, u"from"_s, u"id"_s, u"origin_id"_s,
                                  u"stanza_id"_s, u"state"_s, u"time"_s, u"to"_s}));
            if (o.value(u"body").toString() != word + u" json"_s)
                continue;
            ++mine;
            QCOMPARE(o.value(u"direction").toString(), u"in"_s);
            QVERIFY(o.value(u"from").toString().startsWith(m_server.jid(Bob)));
            QCOMPARE(o.value(u"to").toString(), m_server.jid(Alice));
            QVERIFY(!o.value(u"stanza_id").toString().isEmpty());
            QVERIFY(!o.value(u"origin_id").toString().isEmpty()); // natter-cli sets one
            QVERIFY(
                QDateTime::fromString(o.value(u"time").toString(), Qt::ISODateWithMs).isValid());
        }
        QCOMPARE(mine, 1);
    }

    void searchFindsStoredMessages()
    {
        const QString word = uniqueWord();
        bobSends({word + u" apples"_s, word + u" pears"_s});
        Home home;
        // No store yet: no hits, exit 0, a note on stderr.
        const CliProcess::Result none = cli(home, Alice, {u"search"_s, word});
        EXPECT_EXIT(none, 0);
        QVERIFY(none.out.isEmpty());
        QVERIFY(!none.err.isEmpty());

        EXPECT_EXIT(cli(home, Alice, {u"history"_s, m_server.jid(Bob)}), 0);
        // search needs no password: it does not log in.
        QStringList noPassword = home.environment(m_server, Alice);
        noPassword.removeIf([](const QString &kv) { return kv.startsWith(u"NATTER_PASSWORD="); });
        const CliProcess::Result hit = CliProcess::run(
            m_server.cliArguments(Alice) + QStringList{u"search"_s, word + u" pears"_s}, noPassword,
            60000);
        EXPECT_EXIT(hit, 0);
        QCOMPARE(hit.outLines().size(), 1);
        const QStringList f = hit.outLines().first().split(u'\t');
        QCOMPARE(f.size(), 4);
        QCOMPARE(f.at(1), m_server.jid(Bob));
        QCOMPARE(f.at(2), u"in"_s);
        QCOMPARE(f.at(3), word + u" pears"_s);

        const CliProcess::Result both = cli(home, Alice, {u"search"_s, word, u"--json"_s});
        EXPECT_EXIT(both, 0);
        QCOMPARE(both.outLines().size(), 2);
        for (const QString &line : both.outLines()) {
            const QJsonObject o = QJsonDocument::fromJson(line.toUtf8()).object();
            QCOMPARE(o.value(u"peer").toString(), m_server.jid(Bob));
            QVERIFY(o.value(u"body").toString().startsWith(word));
        }

        // Another profile has its own store.
        const CliProcess::Result other =
            cli(home, Alice, {u"search"_s, word, u"--profile"_s, u"work"_s});
        EXPECT_EXIT(other, 0);
        QVERIFY(other.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_History)
#include "itst_history.moc"
