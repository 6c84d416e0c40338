// SPDX-License-Identifier: GPL-3.0-or-later
// The demo mode end to end: DemoLauncher starts its own throw-away Prosody and natter-demo-peer
// (it needs neither the CTest fixture servers nor NATTER_TEST_SERVER_ENV), and we sign in with
// the settings it hands out, as the app does. Needs NATTER_DEMO_PEER (the built natter-demo-peer)
// and NATTER_DEMO_FIXTURE (tests/fixture/prosody-fixture.sh) in the environment.
#include "account/Account.h"
#include "account/StandardExtensions.h"
#include "ext/MessageExtension.h"
#include "ext/PresenceExtension.h"
#include "ext/RosterExtension.h"
#include "ext/SubscriptionExtension.h"
#include "services/DemoLauncher.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <optional>

using namespace natter;
using namespace Qt::StringLiterals;

namespace {

constexpr int ReadyTimeoutMs = DemoLauncher::StartTimeoutMs + 5000;
constexpr int ReplyTimeoutMs = 10000;

// Live processes whose command line names something inside dir (the server, the peer).
QStringList processesUsing(const QString &dir)
{
    QStringList found;
    const QByteArray needle = QFile::encodeName(dir + u'/');
    const QString self = QString::number(QCoreApplication::applicationPid());
    const QStringList entries = QDir(u"/proc"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool isPid = false;
        entry.toLongLong(&isPid);
        if (!isPid || entry == self)
            continue;
        QFile cmdline(u"/proc/"_s + entry + u"/cmdline"_s);
        if (!cmdline.open(QIODevice::ReadOnly))
            continue;
        QByteArray args = cmdline.readAll();
        if (args.contains(needle))
            found.append(entry + u": "_s + QString::fromLocal8Bit(args.replace('\0', ' ')));
    }
    return found;
}

bool processAlive(qint64 pid)
{
    QFile cmdline(u"/proc/%1/cmdline"_s.arg(pid));
    return cmdline.open(QIODevice::ReadOnly) && !cmdline.readAll().isEmpty(); // zombies: empty
}

struct Expected
{
    QString user;
    QString name;
    QString group;
    bool online;
    Presence::Show show;
    QString status;
};

const QList<Expected> &expectedContacts()
{
    static const QList<Expected> contacts{
        {u"demo"_s, u"Natter Demo"_s, u"Natter team"_s, true, Presence::Show::None,
         u"Ask me anything about Natter"_s},
        {u"alice"_s, u"Alice Liddell"_s, u"Friends"_s, true, Presence::Show::Away,
         u"Back in 10 minutes"_s},
        {u"bob"_s, u"Bob Builder"_s, u"Friends"_s, true, Presence::Show::Dnd, u"In a meeting"_s},
        {u"carol"_s, u"Carol Jones"_s, u"Work"_s, true, Presence::Show::Chat, u"Free to chat"_s},
        {u"dave"_s, u"Dave Miller"_s, u"Work"_s, false, Presence::Show::None, {}},
    };
    return contacts;
}

// Records what a launcher reports.
struct LauncherProbe
{
    QStringList steps;
    std::optional<ConnectionSettings> settings;
    QStringList failures;

    explicit LauncherProbe(DemoLauncher *launcher, QObject *context)
    {
        QObject::connect(launcher, &DemoLauncher::progress, context,
                         [this](const QString &step) { steps.append(step); });
        QObject::connect(launcher, &DemoLauncher::ready, context,
                         [this](const ConnectionSettings &s) { settings = s; });
        QObject::connect(launcher, &DemoLauncher::failed, context,
                         [this](const QString &reason) { failures.append(reason); });
    }
    bool settled() const { return settings.has_value() || !failures.isEmpty(); }
};

} // namespace

class tst_Demo : public QObject
{
    Q_OBJECT

private:
    QByteArray m_path;
    QByteArray m_peer;

    static bool waitSettled(Account &account)
    {
        return QTest::qWaitFor(
            [&] {
                return account.state() == Account::State::Online ||
                       account.state() == Account::State::Error ||
                       account.state() == Account::State::Offline;
            },
            30000);
    }

    // Sends text to the contact and returns its first answer (nullopt after the timeout).
    static std::optional<Message> ask(Account &account, const StandardExtensions &ext,
                                      const QString &contact, const QString &text,
                                      const QString &thread = {}, int timeoutMs = ReplyTimeoutMs)
    {
        std::optional<Message> answer;
        const Jid from = Jid::fromString(contact);
        const auto connection = QObject::connect(
            ext.messages, &MessageExtension::messageReceived, &account, [&](const Message &m) {
                if (!answer && m.from().bareEquals(from) && m.hasBody())
                    answer = m;
            });
        if (!ext.messages->sendChat(from, text, Message::Type::Chat, {}, thread))
            return std::nullopt;
        [[maybe_unused]] const bool answered =
            QTest::qWaitFor([&] { return answer.has_value(); }, timeoutMs);
        QObject::disconnect(connection);
        return answer;
    }

    void verifyGone(const QString &dir)
    {
        QVERIFY(!dir.isEmpty());
        QTRY_VERIFY2_WITH_TIMEOUT(processesUsing(dir).isEmpty(),
                                  qPrintable(processesUsing(dir).join(u'\n')), 10000);
        QVERIFY2(!QFileInfo::exists(dir), qPrintable(dir));
    }

private Q_SLOTS:
    void initTestCase()
    {
        for (const char *variable : {"NATTER_DEMO_PEER", "NATTER_DEMO_FIXTURE"}) {
            const QString value = qEnvironmentVariable(variable);
            QVERIFY2(!value.isEmpty() && QFileInfo(value).isFile(),
                     qPrintable(u"%1 must name the file (it is '%2'; run through ctest)"_s.arg(
                         QString::fromLatin1(variable), value)));
        }
        QVERIFY2(DemoLauncher::isAvailable(), qPrintable(DemoLauncher::missingRequirement()));
        QCOMPARE(DemoLauncher::peerPath(),
                 QFileInfo(qEnvironmentVariable("NATTER_DEMO_PEER")).absoluteFilePath());
        m_path = qgetenv("PATH");
        m_peer = qgetenv("NATTER_DEMO_PEER");
    }

    void init()
    {
        // natter-demo-peer must end on SIGTERM by itself, and leave the server to the launcher.
        QTest::failOnWarning(QRegularExpression(u"ignored SIGTERM"_s));
        QTest::failOnWarning(QRegularExpression(u"stopping the demo server failed"_s));
    }

    void cleanup()
    {
        qputenv("PATH", m_path);
        qputenv("NATTER_DEMO_PEER", m_peer);
    }

    void demoStartsAndTheContactsAnswer()
    {
        DemoLauncher launcher;
        LauncherProbe probe(&launcher, this);
        QElapsedTimer clock;
        clock.start();
        launcher.start();
        QVERIFY(launcher.isRunning());
        QVERIFY(probe.steps.isEmpty()); // everything is reported after start() returns
        QTRY_VERIFY_WITH_TIMEOUT(probe.settled(), ReadyTimeoutMs);
        QVERIFY2(probe.failures.isEmpty(), qPrintable(probe.failures.join(u'\n')));
        qInfo("DemoLauncher::start() to ready(): %lld ms", clock.elapsed());
        QVERIFY(launcher.isReady());
        QCOMPARE(probe.steps.size(), 3);
        const QString dir = launcher.serverDirectory();
        QVERIFY(QFileInfo(dir + u"/server.env"_s).isFile());

        const ConnectionSettings settings = *probe.settings;
        QCOMPARE(settings.jid.toString(), u"natter@localhost"_s);
        QCOMPARE(settings.host, u"127.0.0.1"_s);
        QVERIFY(settings.port != 0);
        QCOMPARE(settings.extraCaCertificates.size(), 1);
        QVERIFY(settings.pinnedSha256.isEmpty());

        // Sign in as the app would, from a resource of our own.
        Account account;
        ConnectionSettings mine = settings;
        mine.jid = mine.jid.withResource(u"itst-demo"_s);
        account.setSettings(mine);
        const StandardExtensions ext = StandardExtensions::install(&account);
        ext.presence->setPresence(Presence::Show::None, u"Trying the demo"_s, 0);
        account.connectToServer();
        QVERIFY(waitSettled(account));
        QVERIFY2(account.state() == Account::State::Online,
                 qPrintable(account.lastError().message()));
        QTRY_VERIFY_WITH_TIMEOUT(ext.roster->isLoaded(), 10000);

        // The contacts are there at once: mutual subscriptions, names, groups.
        QCOMPARE(ext.roster->count(), expectedContacts().size());
        for (const Expected &e : expectedContacts()) {
            const Jid jid = Jid::fromString(e.user + u"@localhost"_s);
            const auto item = ext.roster->item(jid);
            QVERIFY2(item.has_value(), qPrintable(jid.toString()));
            QCOMPARE(item->subscription, RosterItem::Subscription::Both);
            QVERIFY(!item->askSubscribe);
            QCOMPARE(item->name, e.name);
            QCOMPARE(item->groups, QStringList{e.group});
        }
        QCOMPARE(ext.roster->groups(), (QStringList{u"Friends"_s, u"Natter team"_s, u"Work"_s}));
        QVERIFY(ext.subscriptions->pendingRequests().isEmpty());

        // Their presence: the server sends it after our initial presence.
        for (const Expected &e : expectedContacts()) {
            const Jid jid = Jid::fromString(e.user + u"@localhost"_s);
            if (!e.online)
                continue;
            QTRY_VERIFY2_WITH_TIMEOUT(ext.presence->isContactAvailable(jid),
                                      qPrintable(jid.toString()), 10000);
            const auto best = ext.presence->bestResource(jid);
            QVERIFY(best.has_value());
            QCOMPARE(best->show, e.show);
            QCOMPARE(best->status, e.status);
        }
        QTest::qWait(200); // an unexpected presence from dave would arrive by now
        QVERIFY(!ext.presence->isContactAvailable(Jid::fromString(u"dave@localhost"_s)));

        // The demo contact answers: to our full JID, as chat, in our thread.
        const QString demo = u"demo@localhost"_s;
        std::optional<Message> answer = ask(account, ext, demo, u"hello"_s, u"thread-42"_s);
        QVERIFY(answer.has_value());
        QCOMPARE(answer->to(), account.jid());
        QCOMPARE(answer->from().resourcepart(), u"assistant"_s);
        QCOMPARE(answer->type(), Message::Type::Chat);
        QCOMPARE(answer->thread(), u"thread-42"_s);
        QVERIFY2(answer->body().contains(u"help"_s), qPrintable(answer->body()));

        answer = ask(account, ext, demo, u"Natter rocks"_s);
        QVERIFY(answer.has_value());
        QVERIFY2(answer->body().startsWith(u"You said: “Natter rocks”"_s),
                 qPrintable(answer->body()));
        QVERIFY(answer->thread().isEmpty());

        answer = ask(account, ext, demo, u"Help?"_s);
        QVERIFY(answer.has_value());
        QVERIFY2(answer->body().contains(u"time:"_s) && answer->body().contains(u"who:"_s),
                 qPrintable(answer->body()));

        answer = ask(account, ext, demo, u"time"_s);
        QVERIFY(answer.has_value());
        QVERIFY2(answer->body().contains(QRegularExpression(
                     u"^It is \\d\\d:\\d\\d:\\d\\d here, .* \\(UTC[+−]\\d\\d:\\d\\d\\)\\.$"_s)),
                 qPrintable(answer->body()));

        answer = ask(account, ext, demo, u"who"_s);
        QVERIFY(answer.has_value());
        QVERIFY2(answer->body().contains(account.jid().toString()), qPrintable(answer->body()));

        answer = ask(account, ext, demo, u"contacts"_s);
        QVERIFY(answer.has_value());
        QVERIFY2(answer->body().contains(u"Alice Liddell (alice@localhost) is away"_s) &&
                     answer->body().contains(u"Dave Miller (dave@localhost) is offline"_s),
                 qPrintable(answer->body()));

        // Alice is away: one automatic reply, not one per message.
        answer = ask(account, ext, u"alice@localhost"_s, u"Are you there?"_s);
        QVERIFY(answer.has_value());
        QVERIFY2(answer->body().contains(u"Back in 10 minutes"_s), qPrintable(answer->body()));
        QCOMPARE(answer->to(), account.jid());
        answer = ask(account, ext, u"alice@localhost"_s, u"Hello?"_s, {}, 1500);
        QVERIFY(!answer.has_value());
        // Carol chats; Bob, busy, stays silent.
        answer = ask(account, ext, u"carol@localhost"_s, u"Hi Carol"_s);
        QVERIFY(answer.has_value());
        QVERIFY2(answer->body().contains(u"Natter Demo"_s), qPrintable(answer->body()));
        QVERIFY(!ask(account, ext, u"bob@localhost"_s, u"Hi Bob"_s, {}, 1000).has_value());

        account.disconnectFromServer();
        QTRY_COMPARE(account.state(), Account::State::Offline);

        // stop(): peer and server gone, directory removed, and no failure reported.
        QFile pidFile(dir + u"/prosody.pid"_s);
        QVERIFY(pidFile.open(QIODevice::ReadOnly));
        const qint64 prosodyPid = pidFile.readAll().trimmed().toLongLong();
        QVERIFY(prosodyPid > 0 && processAlive(prosodyPid));
        QVERIFY(!processesUsing(dir).isEmpty());
        clock.restart();
        launcher.stop();
        qInfo("DemoLauncher::stop(): %lld ms", clock.elapsed());
        QVERIFY(!launcher.isRunning());
        QVERIFY(launcher.serverDirectory().isEmpty());
        QVERIFY(!processAlive(prosodyPid));
        verifyGone(dir);
        QTest::qWait(100);
        QVERIFY(probe.failures.isEmpty());
    }

    void destructorStopsEverything()
    {
        auto *launcher = new DemoLauncher;
        LauncherProbe probe(launcher, this);
        launcher->start();
        QTRY_VERIFY_WITH_TIMEOUT(probe.settled(), ReadyTimeoutMs);
        QVERIFY2(probe.failures.isEmpty(), qPrintable(probe.failures.join(u'\n')));
        const QString dir = launcher->serverDirectory();
        QVERIFY(!processesUsing(dir).isEmpty());
        delete launcher;
        verifyGone(dir);
    }

    void startAgainRestarts()
    {
        DemoLauncher launcher;
        LauncherProbe probe(&launcher, this);
        launcher.start();
        QTRY_VERIFY_WITH_TIMEOUT(probe.settled(), ReadyTimeoutMs);
        QVERIFY2(probe.failures.isEmpty(), qPrintable(probe.failures.join(u'\n')));
        const QString first = launcher.serverDirectory();
        probe.settings.reset();
        launcher.start();
        verifyGone(first);
        QTRY_VERIFY_WITH_TIMEOUT(probe.settled(), ReadyTimeoutMs);
        QVERIFY2(probe.failures.isEmpty(), qPrintable(probe.failures.join(u'\n')));
        const QString second = launcher.serverDirectory();
        QVERIFY(second != first);
        launcher.stop();
        verifyGone(second);
    }

    void stopWhileStartingLeavesNothing_data()
    {
        QTest::addColumn<int>("step");
        QTest::addColumn<int>("delayMs");
        QTest::newRow("as the server starts") << 1 << 0;
        QTest::newRow("while the server starts") << 1 << 400;
        QTest::newRow("as the contacts sign in") << 2 << 0;
        QTest::newRow("while the contacts sign in") << 2 << 50;
    }

    // Whenever stop() comes, nothing is left behind and nothing more is reported.
    void stopWhileStartingLeavesNothing()
    {
        QFETCH(int, step);
        QFETCH(int, delayMs);
        DemoLauncher launcher;
        LauncherProbe probe(&launcher, this);
        QString dir;
        connect(&launcher, &DemoLauncher::progress, this, [&] {
            if (probe.steps.size() != step)
                return;
            dir = launcher.serverDirectory();
            if (delayMs == 0)
                launcher.stop(); // from the slot
            else
                QTimer::singleShot(delayMs, &launcher, &DemoLauncher::stop);
        });
        launcher.start();
        QTRY_VERIFY_WITH_TIMEOUT(!dir.isEmpty() && !launcher.isRunning(), ReadyTimeoutMs);
        verifyGone(dir);
        QTest::qWait(300);
        QVERIFY(!probe.settings.has_value());
        QVERIFY2(probe.failures.isEmpty(), qPrintable(probe.failures.join(u'\n')));
    }

    void failingPeerIsReportedAndCleanedUp()
    {
        qputenv("NATTER_DEMO_PEER", "/bin/false");
        DemoLauncher launcher;
        LauncherProbe probe(&launcher, this);
        QString dir;
        connect(&launcher, &DemoLauncher::progress, this,
                [&] { dir = launcher.serverDirectory(); });
        launcher.start();
        QTRY_VERIFY_WITH_TIMEOUT(probe.settled(), ReadyTimeoutMs);
        QCOMPARE(probe.failures.size(), 1);
        QVERIFY2(probe.failures.first().startsWith(u"The demo contacts could not sign in: "_s),
                 qPrintable(probe.failures.first()));
        QVERIFY(!launcher.isRunning());
        verifyGone(dir);
    }

    void missingProsodyIsExplained()
    {
        QTemporaryDir emptyBin;
        QVERIFY(emptyBin.isValid());
        qputenv("PATH", QFile::encodeName(emptyBin.path()));
        QVERIFY(!DemoLauncher::isAvailable());
        QVERIFY(DemoLauncher::missingRequirement().contains(u"sudo apt install prosody"_s));
        DemoLauncher launcher;
        LauncherProbe probe(&launcher, this);
        launcher.start();
        QVERIFY(probe.failures.isEmpty()); // reported after start() returns
        QTRY_COMPARE(probe.failures.size(), 1);
        QCOMPARE(probe.failures.first(), DemoLauncher::missingRequirement());
        QVERIFY(launcher.serverDirectory().isEmpty());
        QVERIFY(!launcher.isRunning());
    }

    // The launcher crashed: the peer's standard input closes, and it stops the server itself.
    void orphanedPeerStopsTheServer()
    {
        QTemporaryDir base;
        QVERIFY(base.isValid());
        const QString dir = base.filePath(u"server"_s);
        const QString script = qEnvironmentVariable("NATTER_DEMO_FIXTURE");
        QProcess fixture;
        fixture.setProcessChannelMode(QProcess::ForwardedChannels);
        fixture.start(u"bash"_s, {script, u"start"_s, dir, u"--users"_s,
                                  u"natter demo alice bob carol dave"_s});
        QVERIFY(fixture.waitForFinished(60000));
        QCOMPARE(fixture.exitCode(), 0);

        QProcess peer;
        peer.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        peer.start(qEnvironmentVariable("NATTER_DEMO_PEER"),
                   {u"--server-env"_s, dir + u"/server.env"_s, u"--fixture"_s, script,
                    u"--parent-watch"_s});
        QVERIFY(peer.waitForStarted());
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += peer.readAllStandardOutput()).contains("ready\n"),
                                 ReadyTimeoutMs);
        QVERIFY(!processesUsing(dir).isEmpty());
        peer.closeWriteChannel(); // as if we had died
        QVERIFY(peer.waitForFinished(20000));
        QCOMPARE(peer.exitStatus(), QProcess::NormalExit);
        QCOMPARE(peer.exitCode(), 0);
        verifyGone(dir);
    }
};

QTEST_GUILESS_MAIN(tst_Demo)
#include "itst_demo.moc"
