// SPDX-License-Identifier: GPL-3.0-or-later
// AccountStore: settings per profile in QSettings, passwords only in the secret service.
#include "storage/AccountStore.h"

#include <QDirIterator>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace natter;
using namespace Qt::StringLiterals;

namespace {

const QString Secret = u"S3cret-Passw0rd-for-tests-%1"_s;

// Every file below dir whose contents contain needle.
QStringList filesContaining(const QString &dir, const QByteArray &needle)
{
    QStringList hits;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(needle))
            hits.append(file.fileName());
    }
    return hits;
}

struct ReadOutcome
{
    bool done = false;
    std::optional<QString> password;
    QString error;
};

} // namespace

class tst_AccountStore : public QObject
{
    Q_OBJECT

private:
    QString m_profile;
    QString m_other;

    static AccountStore::SavedAccount sample()
    {
        AccountStore::SavedAccount a;
        a.jid = Jid::fromString(u"Alice@Example.org"_s);
        a.resource = u"laptop"_s;
        a.host = u"xmpp.example.org"_s;
        a.port = 5223;
        a.directTls = true;
        a.caFile = u"/etc/ssl/extra.pem"_s;
        a.pinnedSha256 = QByteArray(32, '\xab');
        a.rememberPassword = true;
        a.autoLogin = true;
        a.minimumMechanism = u"SCRAM-SHA-256"_s;
        return a;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"Natter"_s);
        QCoreApplication::setApplicationName(u"Natter"_s);
        const QString suffix = QString::number(QCoreApplication::applicationPid());
        m_profile = u"tst-a-"_s + suffix;
        m_other = u"tst-b-"_s + suffix;
    }

    void cleanupTestCase()
    {
        for (const QString &p : {m_profile, m_other}) {
            QDir(AccountStore::configDirectory(p)).removeRecursively();
            QDir(AccountStore::dataDirectory(p)).removeRecursively();
        }
    }

    void profileNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("default") << AccountStore::defaultProfile() << true;
        QTest::newRow("work.2") << u"work.2"_s << true;
        QTest::newRow("a_b-c") << u"a_b-c"_s << true;
        QTest::newRow("64 chars") << QString(64, u'x') << true;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("65 chars") << QString(65, u'x') << false;
        QTest::newRow("slash") << u"a/b"_s << false;
        QTest::newRow("dot-dot") << u".."_s << false;
        QTest::newRow("hidden") << u".config"_s << false;
        QTest::newRow("dash first") << u"-x"_s << false;
        QTest::newRow("space") << u"my profile"_s << false;
        QTest::newRow("umlaut") << u"müde"_s << false;
    }
    void profileNames()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        QCOMPARE(AccountStore::profileNameError(name).isEmpty(), valid);
    }

    void directoriesArePerProfile()
    {
        const QString config = AccountStore::configDirectory(m_profile);
        QVERIFY(
            config.startsWith(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation)));
        QVERIFY(config.endsWith(u"/profiles/"_s + m_profile));
        QVERIFY(AccountStore::dataDirectory(m_profile).startsWith(
            QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)));
        QVERIFY(AccountStore::configDirectory(m_other) != config);
        QVERIFY(AccountStore::dataDirectory(m_other) != AccountStore::dataDirectory(m_profile));

        AccountStore store(m_profile);
        QCOMPARE(store.profile(), m_profile);
        QCOMPARE(store.settingsFilePath(), config + u"/natter.conf"_s);
        QCOMPARE(store.dataDirectory(), AccountStore::dataDirectory(m_profile));
    }

    void emptyStoreHasNoAccount()
    {
        AccountStore store(m_other);
        QVERIFY(!store.lastAccount());
        QVERIFY(!store.account(Jid::fromString(u"nobody@example.org"_s)));
    }

    void saveAndLoad()
    {
        {
            AccountStore store(m_profile);
            store.saveAccount(sample());
        }
        AccountStore store(m_profile); // a new instance reads the file
        const auto loaded = store.lastAccount();
        QVERIFY(loaded);
        const AccountStore::SavedAccount expected = sample();
        QCOMPARE(loaded->jid, Jid::fromString(u"alice@example.org"_s));
        QCOMPARE(loaded->resource, expected.resource);
        QCOMPARE(loaded->host, expected.host);
        QCOMPARE(loaded->port, expected.port);
        QCOMPARE(loaded->directTls, expected.directTls);
        QCOMPARE(loaded->caFile, expected.caFile);
        QCOMPARE(loaded->pinnedSha256, expected.pinnedSha256);
        QCOMPARE(loaded->rememberPassword, true);
        QCOMPARE(loaded->autoLogin, true);
        QCOMPARE(loaded->minimumMechanism, expected.minimumMechanism);

        // The other profile does not see it.
        AccountStore other(m_other);
        QVERIFY(!other.lastAccount());
        QVERIFY(!other.account(expected.jid));
    }

    void lastAccountFollowsTheLatestSave()
    {
        AccountStore store(m_profile);
        AccountStore::SavedAccount bob;
        bob.jid = Jid::fromString(u"bob@example.net"_s);
        store.saveAccount(bob);
        QCOMPARE(store.lastAccount()->jid, bob.jid);
        QVERIFY(store.account(sample().jid)); // alice is still there
        QCOMPARE(store.account(sample().jid)->host, sample().host);
        QCOMPARE(store.account(bob.jid)->host, QString());

        store.saveAccount(sample());
        QCOMPARE(store.lastAccount()->jid, sample().jid);

        store.removeAccount(bob.jid);
        QVERIFY(!store.account(bob.jid));
        store.removeAccount(sample().jid);
        QVERIFY(!store.lastAccount());
    }

    void pinnedCertificate()
    {
        AccountStore store(m_profile);
        const Jid jid = Jid::fromString(u"carol@example.com"_s);
        const QByteArray pin =
            QByteArray::fromHex("065b10ed8e421221b411441ad31b92d367e1e075d3097d0469af2d59d6fe62cb");
        store.setPinnedCertificate(jid, pin);
        QCOMPARE(store.account(jid)->pinnedSha256, pin);
        QCOMPARE(store.account(jid)->toSettings().pinnedSha256, pin);
        // Pinning does not make it the last account (no login happened yet).
        QVERIFY(!store.lastAccount() || store.lastAccount()->jid != jid);

        // Saving keeps what the caller passes.
        AccountStore::SavedAccount saved = *store.account(jid);
        saved.host = u"h.example.com"_s;
        store.saveAccount(saved);
        QCOMPARE(store.account(jid)->pinnedSha256, pin);

        store.setPinnedCertificate(jid, QByteArray());
        QVERIFY(store.account(jid)->pinnedSha256.isEmpty());

        // A corrupt value in the file is ignored rather than used as a pin.
        {
            QSettings raw(store.settingsFilePath(), QSettings::IniFormat);
            raw.beginGroup(u"accounts"_s);
            const QStringList groups = raw.childGroups();
            for (const QString &g : groups) {
                if (raw.value(g + u"/jid"_s).toString() == jid.bareString())
                    raw.setValue(g + u"/pinnedSha256"_s, u"abcd"_s);
            }
        }
        AccountStore reread(m_profile);
        QVERIFY(reread.account(jid)->pinnedSha256.isEmpty());
        reread.removeAccount(jid);
    }

    void strongestMechanismIsKept()
    {
        AccountStore store(m_profile);
        const Jid jid = Jid::fromString(u"dave@example.com"_s);
        QVERIFY(AccountStore::isStrongerMechanism(u"SCRAM-SHA-256"_s, u"SCRAM-SHA-1"_s));
        QVERIFY(AccountStore::isStrongerMechanism(u"SCRAM-SHA-1"_s, u"PLAIN"_s));
        QVERIFY(!AccountStore::isStrongerMechanism(u"PLAIN"_s, u"SCRAM-SHA-1"_s));
        QVERIFY(!AccountStore::isStrongerMechanism(u"X-UNKNOWN"_s, u"PLAIN"_s));

        QVERIFY(store.recordMechanism(jid, u"PLAIN"_s));
        QCOMPARE(store.account(jid)->minimumMechanism, u"PLAIN"_s);
        QVERIFY(store.recordMechanism(jid, u"SCRAM-SHA-1"_s));
        QVERIFY(!store.recordMechanism(jid, u"PLAIN"_s)); // never lowered
        QVERIFY(!store.recordMechanism(jid, u"SCRAM-SHA-1"_s));
        QVERIFY(!store.recordMechanism(jid, u"X-UNKNOWN"_s));
        QVERIFY(!store.recordMechanism(jid, QString()));
        QCOMPARE(store.account(jid)->minimumMechanism, u"SCRAM-SHA-1"_s);
        QVERIFY(store.recordMechanism(jid, u"SCRAM-SHA-256"_s));
        // It goes back into the connection settings.
        QCOMPARE(store.account(jid)->toSettings().minimumMechanism, u"SCRAM-SHA-256"_s);
        store.removeAccount(jid);
    }

    void toSettings()
    {
        AccountStore::SavedAccount a = sample();
        a.caFile = QStringLiteral(NATTER_TEST_DATA_DIR) + u"/certificates/chat.example.org.pem"_s;
        QString error;
        ConnectionSettings s = a.toSettings(&error);
        QCOMPARE(error, QString());
        QCOMPARE(s.jid.toString(), u"alice@example.org/laptop"_s);
        QCOMPARE(s.host, a.host);
        QCOMPARE(s.port, a.port);
        QVERIFY(s.directTls);
        QCOMPARE(s.extraCaCertificates.size(), 1);
        QCOMPARE(s.pinnedSha256, a.pinnedSha256);
        QVERIFY(s.password.isEmpty());

        a.resource.clear();
        a.caFile = u"/nonexistent/ca.pem"_s;
        s = a.toSettings(&error);
        QCOMPARE(s.jid.toString(), u"alice@example.org"_s);
        QVERIFY(s.extraCaCertificates.isEmpty());
        QVERIFY2(error.contains(u"/nonexistent/ca.pem"_s), qPrintable(error));

        a.caFile = QStringLiteral(NATTER_TEST_DATA_DIR) + u"/streams/prosody-session.xml"_s;
        error.clear();
        a.toSettings(&error);
        QVERIFY2(error.contains(u"no PEM certificate"_s), qPrintable(error));
    }

    void keychainKeyIsPerProfileAndAccount()
    {
        AccountStore a(m_profile);
        AccountStore b(m_other);
        const Jid jid = Jid::fromString(u"alice@example.org/laptop"_s);
        QCOMPARE(a.keychainKey(jid), m_profile + u"/alice@example.org"_s);
        QVERIFY(a.keychainKey(jid) != b.keychainKey(jid));
    }

    // Without a D-Bus session there is no secret service: the store must say so, and the
    // password must not end up in any file.
    void keychainUnavailableIsReportedAndNothingIsWritten()
    {
        if (qEnvironmentVariableIsSet("NATTER_KEYCHAIN_CHILD"))
            QSKIP("runs with a secret service in this process");
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
        qunsetenv("DISPLAY");
        qunsetenv("WAYLAND_DISPLAY");
        // No bus in XDG_RUNTIME_DIR either.
        QTemporaryDir runtime;
        qputenv("XDG_RUNTIME_DIR", runtime.path().toLocal8Bit());

        const QString password = Secret.arg(QCoreApplication::applicationPid());
        AccountStore store(m_profile);
        AccountStore::SavedAccount a = sample();
        store.saveAccount(a);
        const Jid jid = a.jid;

        bool written = false;
        QString writeError;
        store.writePassword(jid, password, this, [&](const QString &error) {
            written = true;
            writeError = error;
        });
        QTRY_VERIFY_WITH_TIMEOUT(written, 30000);
        QVERIFY2(!writeError.isEmpty(), "a write without a secret service must fail");
        qInfo() << "keychain error:" << writeError;

        ReadOutcome read;
        store.readPassword(jid, this, [&](const std::optional<QString> &pw, const QString &e) {
            read = {true, pw, e};
        });
        QTRY_VERIFY_WITH_TIMEOUT(read.done, 30000);
        QVERIFY(!read.password);
        QVERIFY(!read.error.isEmpty());

        store.sync();
        const QByteArray needle = password.toUtf8();
        QVERIFY(QFile::exists(store.settingsFilePath()));
        QCOMPARE(filesContaining(AccountStore::configDirectory(m_profile), needle), QStringList());
        QCOMPARE(
            filesContaining(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation),
                            needle),
            QStringList());
        QCOMPARE(filesContaining(
                     QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation), needle),
                 QStringList());
        store.removeAccount(jid);
    }

    void callbackDroppedWithItsContext()
    {
        if (qEnvironmentVariableIsSet("NATTER_KEYCHAIN_CHILD"))
            QSKIP("runs without a secret service");
        AccountStore store(m_profile);
        bool called = false;
        auto *context = new QObject;
        store.readPassword(Jid::fromString(u"x@example.org"_s), context,
                           [&](const std::optional<QString> &, const QString &) { called = true; });
        delete context;
        // Let the job finish.
        bool control = false;
        store.readPassword(
            Jid::fromString(u"x@example.org"_s), this,
            [&](const std::optional<QString> &, const QString &) { control = true; });
        QTRY_VERIFY_WITH_TIMEOUT(control, 30000);
        QVERIFY(!called);
    }

    // With a real secret service (gnome-keyring in a private D-Bus session) the password is
    // stored, read back and deleted, and it is in no file of ours.
    void keychainRoundTripWithSecretService()
    {
        if (qEnvironmentVariableIsSet("NATTER_KEYCHAIN_CHILD"))
            QSKIP("the child runs keychainChild");
        const QString dbusRun = QStandardPaths::findExecutable(u"dbus-run-session"_s);
        const QString keyring = QStandardPaths::findExecutable(u"gnome-keyring-daemon"_s);
        if (dbusRun.isEmpty() || keyring.isEmpty())
            QSKIP("dbus-run-session or gnome-keyring-daemon not installed");
        QTemporaryDir home;
        QTemporaryDir runtime;
        QFile::setPermissions(runtime.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                  QFileDevice::ExeOwner);
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"HOME"_s, home.path());
        env.insert(u"XDG_RUNTIME_DIR"_s, runtime.path());
        env.remove(u"XDG_CONFIG_HOME"_s);
        env.remove(u"XDG_DATA_HOME"_s);
        env.remove(u"DBUS_SESSION_BUS_ADDRESS"_s);
        env.insert(u"NATTER_KEYCHAIN_CHILD"_s, u"1"_s);
        child.setProcessEnvironment(env);
        child.setProcessChannelMode(QProcess::MergedChannels);
        child.start(dbusRun,
                    {u"--"_s, u"sh"_s, u"-c"_s,
                     u"echo -n unlock-pw | gnome-keyring-daemon --unlock --components=secrets "
                     ">/dev/null; exec \"$0\" keychainChild"_s,
                     QCoreApplication::applicationFilePath()});
        QVERIFY(child.waitForFinished(60000));
        const QString output = QString::fromLocal8Bit(child.readAll());
        QVERIFY2(child.exitCode() == 0, qPrintable(output));
        QVERIFY2(output.contains(u"PASS   : tst_AccountStore::keychainChild()"_s),
                 qPrintable(output));
        // Nothing of the password in the child's home (settings, data) either.
        QCOMPARE(filesContaining(home.path() + u"/.qttest/config"_s, "child-secret"),
                 QStringList());
    }

    void keychainChild()
    {
        if (!qEnvironmentVariableIsSet("NATTER_KEYCHAIN_CHILD"))
            QSKIP("run by keychainRoundTripWithSecretService");
        AccountStore store(m_profile);
        const Jid jid = Jid::fromString(u"alice@example.org"_s);
        const QString password = u"child-secret ünïcode"_s;
        store.saveAccount(sample());

        QString writeError = u"not called"_s;
        store.writePassword(jid, password, this, [&](const QString &e) { writeError = e; });
        QTRY_VERIFY_WITH_TIMEOUT(writeError != u"not called"_s, 30000);
        QCOMPARE(writeError, QString());

        ReadOutcome read;
        store.readPassword(jid, this, [&](const std::optional<QString> &pw, const QString &e) {
            read = {true, pw, e};
        });
        QTRY_VERIFY_WITH_TIMEOUT(read.done, 30000);
        QCOMPARE(read.error, QString());
        QCOMPARE(read.password.value_or(QString()), password);

        // Another profile has its own entry.
        AccountStore other(m_other);
        ReadOutcome otherRead;
        other.readPassword(jid, this, [&](const std::optional<QString> &pw, const QString &e) {
            otherRead = {true, pw, e};
        });
        QTRY_VERIFY_WITH_TIMEOUT(otherRead.done, 30000);
        QVERIFY(!otherRead.password);
        QCOMPARE(otherRead.error, QString());

        QString deleteError = u"not called"_s;
        store.deletePassword(jid, this, [&](const QString &e) { deleteError = e; });
        QTRY_VERIFY_WITH_TIMEOUT(deleteError != u"not called"_s, 30000);
        QCOMPARE(deleteError, QString());
        read = {};
        store.readPassword(jid, this, [&](const std::optional<QString> &pw, const QString &e) {
            read = {true, pw, e};
        });
        QTRY_VERIFY_WITH_TIMEOUT(read.done, 30000);
        QVERIFY(!read.password);
        QCOMPARE(read.error, QString());

        store.sync();
        QCOMPARE(filesContaining(AccountStore::configDirectory(m_profile), "child-secret"),
                 QStringList());
    }
};

QTEST_GUILESS_MAIN(tst_AccountStore)
#include "tst_accountstore.moc"
