// SPDX-License-Identifier: GPL-3.0-or-later
// The real `natter` binary (NATTER_GUI) against the fixture's Prosody, offscreen: a scripted
// login (NATTER_PASSWORD and the natter-cli connection options) must bring the account online —
// checked from the server side, by a contact who sees its presence — and a second `natter` with
// an xmpp: link must hand the link to the first and exit at once.
#include "TestServer.h"

#include "account/Account.h"
#include "account/StandardExtensions.h"
#include "ext/PresenceExtension.h"
#include "ext/RosterExtension.h"
#include "ext/SubscriptionExtension.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace natter;
using namespace Qt::StringLiterals;

namespace {

const QString GuiUser = u"guilogin"_s;
const QString Watcher = u"guiwatch"_s;
const QString GuiPassword = u"gui-Login-pw-7"_s;
const QString WatcherPassword = u"gui-Watch-pw-7"_s;
const QString Profile = u"itest"_s;

bool waitSettled(Account &account)
{
    return QTest::qWaitFor(
        [&] {
            return account.state() == Account::State::Online ||
                   account.state() == Account::State::Error ||
                   account.state() == Account::State::Offline;
        },
        30000);
}

// A natter-core account with the standard extensions.
struct CoreClient
{
    std::unique_ptr<Account> account;
    StandardExtensions ext;

    CoreClient(const TestServer &server, const QString &user, const QString &password,
               const QString &resource)
    {
        account = std::make_unique<Account>();
        ext = StandardExtensions::install(account.get());
        ConnectionSettings s = server.settings(user, resource);
        s.password = password;
        account->setSettings(s);
    }
};

// One run of the desktop app with its own HOME (configuration, data, runtime directory).
class GuiProcess
{
public:
    GuiProcess(const QTemporaryDir &home, const QString &password)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"HOME"_s, home.path());
        env.insert(u"XDG_CONFIG_HOME"_s, home.path() + u"/config"_s);
        env.insert(u"XDG_DATA_HOME"_s, home.path() + u"/data"_s);
        env.insert(u"XDG_CACHE_HOME"_s, home.path() + u"/cache"_s);
        env.insert(u"XDG_RUNTIME_DIR"_s, home.path() + u"/runtime"_s);
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        env.insert(u"QT_LOGGING_RULES"_s, u"natter.*.debug=false\nnatter.*.info=true"_s);
        env.remove(u"DBUS_SESSION_BUS_ADDRESS"_s); // no secret service, no notifications
        env.remove(u"NATTER_JID"_s);
        if (password.isNull())
            env.remove(u"NATTER_PASSWORD"_s);
        else
            env.insert(u"NATTER_PASSWORD"_s, password);
        m_process.setProcessEnvironment(env);
        QObject::connect(&m_process, &QProcess::readyReadStandardError, &m_process,
                         [this] { m_err += QString::fromUtf8(m_process.readAllStandardError()); });
    }
    ~GuiProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(5000))
                m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    void start(const QStringList &arguments)
    {
        m_process.start(qEnvironmentVariable("NATTER_GUI"), arguments);
    }
    QProcess &process() { return m_process; }
    // stderr so far
    QString errors()
    {
        m_err += QString::fromUtf8(m_process.readAllStandardError());
        return m_err;
    }

private:
    QProcess m_process;
    QString m_err;
};

} // namespace

class tst_GuiLogin : public QObject
{
    Q_OBJECT

private:
    TestServer m_server;
    std::unique_ptr<CoreClient> m_watcher;
    QString m_gui;

    QStringList connectionArguments(const QString &user) const
    {
        return {u"--profile"_s, Profile,          u"--jid"_s,  m_server.jid(user),
                u"--host"_s,    m_server.host(),  u"--port"_s, QString::number(m_server.port()),
                u"--ca-file"_s, m_server.caFile()};
    }

    static void makeHome(const QTemporaryDir &home)
    {
        QDir(home.path()).mkpath(u"runtime"_s);
        QFile::setPermissions(home.path() + u"/runtime"_s,
                              QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }

    // Whether the watcher sees an available resource of the GUI user.
    bool watcherSeesGuiUser() const
    {
        const Jid gui = Jid::fromString(m_server.jid(GuiUser));
        return !m_watcher->ext.presence->resources(gui).isEmpty();
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!m_server.isValid())
            QFAIL(qPrintable(m_server.why()));
        m_gui = qEnvironmentVariable("NATTER_GUI");
        if (m_gui.isEmpty() || !QFile::exists(m_gui))
            QFAIL("NATTER_GUI does not name the natter binary");

        // Our own two accounts, so that no other test's roster is touched. Registering again
        // (a second run on the same server) fails harmlessly; logging in below proves them.
        m_server.prosodyctl({u"register"_s, GuiUser, m_server.domain(), GuiPassword});
        m_server.prosodyctl({u"register"_s, Watcher, m_server.domain(), WatcherPassword});

        // The watcher subscribes to the GUI user's presence, approved by the GUI user's account
        // logged in from natter-core for the moment.
        CoreClient gui(m_server, GuiUser, GuiPassword, u"setup"_s);
        m_watcher = std::make_unique<CoreClient>(m_server, Watcher, WatcherPassword, u"watch"_s);
        QObject::connect(gui.ext.subscriptions, &SubscriptionExtension::subscriptionRequested,
                         gui.ext.subscriptions,
                         [&gui](const Jid &from) { gui.ext.subscriptions->approve(from); });
        gui.account->connectToServer();
        m_watcher->account->connectToServer();
        QVERIFY(waitSettled(*gui.account));
        QVERIFY(waitSettled(*m_watcher->account));
        QCOMPARE(gui.account->state(), Account::State::Online);
        QCOMPARE(m_watcher->account->state(), Account::State::Online);
        QTRY_VERIFY_WITH_TIMEOUT(m_watcher->ext.roster->isLoaded(), 10000);

        const Jid guiJid = Jid::fromString(m_server.jid(GuiUser));
        const auto seesGui = [&] {
            const auto item = m_watcher->ext.roster->item(guiJid);
            return item && (item->subscription == RosterItem::Subscription::To ||
                            item->subscription == RosterItem::Subscription::Both);
        };
        if (!seesGui()) {
            m_watcher->ext.subscriptions->subscribe(guiJid);
            QTRY_VERIFY_WITH_TIMEOUT(seesGui(), 15000);
        }
        // The setup resource leaves; the watcher must see nobody now.
        gui.account->disconnectFromServer();
        QTRY_COMPARE_WITH_TIMEOUT(gui.account->state(), Account::State::Offline, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!watcherSeesGuiUser(), 10000);
    }

    void cleanupTestCase()
    {
        if (m_watcher)
            m_watcher->account->disconnectFromServer();
    }

    void scriptedLoginComesOnlineAndASecondInstanceHandsOver()
    {
        QTemporaryDir home;
        makeHome(home);
        GuiProcess first(home, GuiPassword);
        QElapsedTimer clock;
        clock.start();
        first.start(connectionArguments(GuiUser));
        QVERIFY2(first.process().waitForStarted(10000), qPrintable(first.process().errorString()));

        // From the server's side: the GUI user came online (its presence reached the watcher).
        const bool seen = QTest::qWaitFor([&] { return watcherSeesGuiUser(); }, 30000);
        const qint64 elapsed = clock.elapsed();
        QVERIFY2(seen, qPrintable(u"not seen online; natter said:\n"_s + first.errors()));
        qInfo().noquote() << u"natter start → presence seen by the server: %1 ms"_s.arg(elapsed);
        QCOMPARE(first.process().state(), QProcess::Running);

        // A second natter with a link: handed to the first, exit 0 at once.
        GuiProcess second(home, GuiPassword);
        const QString link = u"xmpp:%1?message;body=Hi"_s.arg(m_server.jid(Watcher));
        QElapsedTimer secondClock;
        secondClock.start();
        second.start(connectionArguments(GuiUser) + QStringList{link});
        QVERIFY(second.process().waitForFinished(10000));
        QCOMPARE(second.process().exitStatus(), QProcess::NormalExit);
        QVERIFY2(second.process().exitCode() == 0, qPrintable(second.errors()));
        qInfo().noquote() << u"second natter handed over and exited in %1 ms"_s.arg(
            secondClock.elapsed());
        QVERIFY(secondClock.elapsed() < 5000);
        // The first one got it and opened the chat.
        QTRY_VERIFY2_WITH_TIMEOUT(first.errors().contains(u"opening "_s + link),
                                  qPrintable(first.errors()), 5000);
        // Opening a link sends nothing: the body is only a draft.
        QVERIFY(watcherSeesGuiUser());

        // The account was remembered for downgrade protection, the password nowhere in a file.
        const QString settingsFile =
            home.path() + u"/config/Natter/Natter/profiles/%1/natter.conf"_s.arg(Profile);
        QVERIFY2(QFile::exists(settingsFile), qPrintable(settingsFile));
        QFile settings(settingsFile);
        QVERIFY(settings.open(QIODevice::ReadOnly));
        const QByteArray ini = settings.readAll();
        QVERIFY2(ini.contains("minimumMechanism=SCRAM-SHA-"), ini.constData());
        QDirIterator it(home.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            if (f.open(QIODevice::ReadOnly))
                QVERIFY2(!f.readAll().contains(GuiPassword.toUtf8()), qPrintable(f.fileName()));
        }

        // SIGTERM (the desktop session ends): natter closes its stream, so the server tells the
        // watcher at once (not after the stream-management resumption timeout), and exits 0.
        QElapsedTimer quitClock;
        quitClock.start();
        first.process().terminate();
        QVERIFY(first.process().waitForFinished(10000));
        QCOMPARE(first.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(first.process().exitCode(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(!watcherSeesGuiUser(), 5000);
        qInfo().noquote() << u"SIGTERM → offline seen by the server: %1 ms"_s.arg(
            quitClock.elapsed());
    }

    void wrongPasswordFallsBackToTheDialog()
    {
        QTemporaryDir home;
        makeHome(home);
        GuiProcess gui(home, u"not-the-password"_s);
        gui.start(connectionArguments(GuiUser));
        QVERIFY(gui.process().waitForStarted(10000));
        QTRY_VERIFY2_WITH_TIMEOUT(gui.errors().contains(u"login failed: The password is wrong"_s),
                                  qPrintable(gui.errors()), 30000);
        // Still running: the login dialog shows the error and waits for the user.
        QTest::qWait(300);
        QCOMPARE(gui.process().state(), QProcess::Running);
        QVERIFY(!watcherSeesGuiUser());
    }

    void invalidOptionsAreRefusedLikeTheCli()
    {
        QTemporaryDir home;
        makeHome(home);
        GuiProcess gui(home, GuiPassword);
        gui.start(
            {u"--profile"_s, Profile, u"--jid"_s, m_server.jid(GuiUser), u"--port"_s, u"70000"_s});
        QVERIFY(gui.process().waitForFinished(10000));
        QCOMPARE(gui.process().exitCode(), 2);
        QVERIFY2(gui.errors().contains(u"70000"_s), qPrintable(gui.errors()));
    }
};

QTEST_GUILESS_MAIN(tst_GuiLogin)
#include "itst_gui_login.moc"
