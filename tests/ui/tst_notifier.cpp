// SPDX-License-Identifier: GPL-3.0-or-later
// Notifier against a real D-Bus daemon (a private one started here) with a fake
// org.freedesktop.Notifications server on its own connection, and the tray fallback when there
// is no server or no bus.
#include "Notifier.h"
#include "TrayIcon.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace natter;

// Speaks the server side of the Desktop Notifications Specification and records what it got.
class FakeNotificationServer : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")
public:
    struct Call
    {
        QString appName;
        uint replacesId = 0;
        QString appIcon;
        QString summary;
        QString body;
        QStringList actions;
        QVariantMap hints;
        int timeout = 0;
    };
    QStringList capabilities{u"body"_s, u"actions"_s};
    QList<Call> calls;
    QList<uint> closed;
    uint nextId = 41;

public Q_SLOTS:
    QStringList GetCapabilities() { return capabilities; }
    uint Notify(const QString &appName, uint replacesId, const QString &appIcon,
                const QString &summary, const QString &body, const QStringList &actions,
                const QVariantMap &hints, int timeout)
    {
        calls.append({appName, replacesId, appIcon, summary, body, actions, hints, timeout});
        return replacesId != 0 ? replacesId : ++nextId;
    }
    void CloseNotification(uint id)
    {
        closed.append(id);
        Q_EMIT NotificationClosed(id, 3);
    }
    QString GetServerInformation(QString &vendor, QString &version, QString &specVersion)
    {
        vendor = u"Natter tests"_s;
        version = u"1"_s;
        specVersion = u"1.2"_s;
        return u"fake"_s;
    }

Q_SIGNALS:
    void ActionInvoked(uint id, const QString &actionKey);
    void NotificationClosed(uint id, uint reason);
};

class TestNotifier : public QObject
{
    Q_OBJECT

private:
    QProcess m_daemon;
    QString m_address;
    int m_connections = 0;
    FakeNotificationServer *m_server = nullptr;
    QString m_serverConnection;

    QDBusConnection newConnection()
    {
        const QString name = u"natter-test-%1"_s.arg(++m_connections);
        return QDBusConnection::connectToBus(m_address, name);
    }
    // Puts a fake server on the bus, on a connection of its own.
    void startServer(const QStringList &capabilities)
    {
        stopServer();
        m_server = new FakeNotificationServer;
        m_server->capabilities = capabilities;
        QDBusConnection connection = newConnection();
        m_serverConnection = connection.name();
        QVERIFY(connection.isConnected());
        QVERIFY(connection.registerObject(u"/org/freedesktop/Notifications"_s, m_server,
                                          QDBusConnection::ExportAllSlots |
                                              QDBusConnection::ExportAllSignals));
        QVERIFY(connection.registerService(u"org.freedesktop.Notifications"_s));
    }
    void stopServer()
    {
        if (!m_server)
            return;
        QDBusConnection connection(m_serverConnection);
        connection.unregisterService(u"org.freedesktop.Notifications"_s);
        connection.unregisterObject(u"/org/freedesktop/Notifications"_s);
        QDBusConnection::disconnectFromBus(m_serverConnection);
        delete m_server;
        m_server = nullptr;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString daemon = QStandardPaths::findExecutable(u"dbus-daemon"_s);
        QVERIFY2(!daemon.isEmpty(), "dbus-daemon is needed (package dbus)");
        m_daemon.start(daemon,
                       {u"--session"_s, u"--nofork"_s, u"--nopidfile"_s, u"--print-address=1"_s});
        QVERIFY(m_daemon.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(m_daemon.canReadLine(), 10000);
        m_address = QString::fromUtf8(m_daemon.readLine()).trimmed();
        QVERIFY(m_address.startsWith(u"unix:"));
    }
    void cleanupTestCase()
    {
        stopServer();
        m_daemon.terminate();
        m_daemon.waitForFinished(5000);
    }
    void cleanup() { stopServer(); }

    void notifiesOverDBusWithEscapedBody()
    {
        startServer({u"body"_s, u"body-markup"_s, u"actions"_s});
        TrayIcon tray;
        Notifier notifier(newConnection(), &tray);
        QSignalSpy shown(&notifier, &Notifier::shown);
        const Jid romeo = Jid::fromString(u"romeo@montague.lit/orchard");
        notifier.notify(u"Romeo <Montague>"_s, u"<b>Wherefore</b> art thou & why? <a href='x'>"_s,
                        romeo);
        QTRY_COMPARE(m_server->calls.size(), 1);
        QCOMPARE(notifier.backend(), Notifier::Backend::Freedesktop);
        QTRY_COMPARE(shown.size(), 1);
        QCOMPARE(shown.at(0).at(0).value<Notifier::Backend>(), Notifier::Backend::Freedesktop);

        const FakeNotificationServer::Call call = m_server->calls.at(0);
        QCOMPARE(call.appName, u"Natter"_s);
        QCOMPARE(call.appIcon, u"org.natter.Natter"_s);
        QCOMPARE(call.replacesId, 0u);
        QCOMPARE(call.summary, u"Romeo <Montague>"_s); // the summary is never markup
        // Escaped: no tag survives, so the server shows the text as it was typed.
        QCOMPARE(call.body, u"&lt;b&gt;Wherefore&lt;/b&gt; art thou &amp; why? &lt;a "
                            "href='x'&gt;"_s);
        QVERIFY(call.actions.contains(u"default"_s));
        QCOMPARE(call.hints.value(u"desktop-entry"_s).toString(), u"org.natter.Natter"_s);
        QCOMPARE(call.hints.value(u"category"_s).toString(), u"im.received"_s);
        QCOMPARE(call.timeout, -1);
    }

    void plainBodyForServersWithoutMarkup()
    {
        startServer({u"body"_s, u"actions"_s});
        Notifier notifier(newConnection(), nullptr);
        notifier.notify(u"Nurse"_s, u"a < b & c"_s, Jid::fromString(u"nurse@capulet.lit"));
        QTRY_COMPARE(m_server->calls.size(), 1);
        QCOMPARE(m_server->calls.at(0).body, u"a < b & c"_s);
        QCOMPARE(notifier.serverCapabilities(), (QStringList{u"body"_s, u"actions"_s}));
    }

    void longBodiesAreCut()
    {
        startServer({u"body"_s});
        Notifier notifier(newConnection(), nullptr);
        notifier.notify(u"Nurse"_s, QString(5000, u'x'), Jid::fromString(u"nurse@capulet.lit"));
        QTRY_COMPARE(m_server->calls.size(), 1);
        QCOMPARE(m_server->calls.at(0).body.size(), Notifier::MaximumBodyLength);
        QVERIFY(m_server->calls.at(0).body.endsWith(u'…'));
    }

    void oneNotificationPerContactAndClickOpensIt()
    {
        startServer({u"body"_s, u"actions"_s});
        Notifier notifier(newConnection(), nullptr);
        QSignalSpy activated(&notifier, &Notifier::activated);
        const Jid romeo = Jid::fromString(u"romeo@montague.lit/orchard");
        const Jid nurse = Jid::fromString(u"nurse@capulet.lit/kitchen");
        QSignalSpy shown(&notifier, &Notifier::shown);
        notifier.notify(u"Romeo"_s, u"one"_s, romeo);
        QTRY_COMPARE(m_server->calls.size(), 1);
        QTRY_COMPARE(shown.size(), 1); // the server's answer (the id) has arrived
        notifier.notify(u"Romeo"_s, u"two"_s, romeo.bare());
        notifier.notify(u"Nurse"_s, u"three"_s, nurse);
        QTRY_COMPARE(m_server->calls.size(), 3);
        QCOMPARE(m_server->calls.at(1).replacesId, 42u); // Romeo's first notification
        QCOMPARE(m_server->calls.at(2).replacesId, 0u);  // the nurse's own
        QTRY_COMPARE(shown.size(), 3);

        // A click on the nurse's notification (id 43) opens her chat.
        Q_EMIT m_server->ActionInvoked(43, u"default"_s);
        QTRY_COMPARE(activated.size(), 1);
        QCOMPARE(activated.at(0).at(0).value<Jid>(), nurse.bare());
        // Other applications' notifications and other actions are ignored.
        Q_EMIT m_server->ActionInvoked(7, u"default"_s);
        Q_EMIT m_server->ActionInvoked(42, u"reply"_s);
        QTest::qWait(200);
        QCOMPARE(activated.size(), 1);

        // Focusing Romeo's chat closes his notification.
        notifier.withdraw(romeo);
        QTRY_COMPARE(m_server->closed, QList<uint>{42});
    }

    void fallsBackToTheTrayWithoutServer()
    {
        // The bus is there, the service is not.
        TrayIcon tray;
        Notifier notifier(newConnection(), &tray);
        QSignalSpy shown(&notifier, &Notifier::shown);
        QSignalSpy activated(&notifier, &Notifier::activated);
        notifier.notify(u"Romeo"_s, u"hello"_s, Jid::fromString(u"romeo@montague.lit/x"));
        QTRY_COMPARE(shown.size(), 1);
        QCOMPARE(notifier.backend(), Notifier::Backend::Tray);
        QCOMPARE(shown.at(0).at(0).value<Notifier::Backend>(), Notifier::Backend::Tray);
        // Clicking the balloon opens the chat.
        Q_EMIT tray.messageClicked();
        QCOMPARE(activated.size(), 1);
        QCOMPARE(activated.at(0).at(0).value<Jid>(), Jid::fromString(u"romeo@montague.lit"));

        // A server that appears later is used from then on.
        QSignalSpy changed(&notifier, &Notifier::backendChanged);
        startServer({u"body"_s});
        QTRY_COMPARE_WITH_TIMEOUT(notifier.backend(), Notifier::Backend::Freedesktop, 10000);
        notifier.notify(u"Romeo"_s, u"again"_s, Jid::fromString(u"romeo@montague.lit/x"));
        QTRY_COMPARE(m_server->calls.size(), 1);
        QCOMPARE(m_server->calls.at(0).body, u"again"_s);
        // And when it leaves, the tray again.
        stopServer();
        QTRY_COMPARE_WITH_TIMEOUT(notifier.backend(), Notifier::Backend::Tray, 10000);
    }

    void fallsBackToTheTrayWithoutBus()
    {
        QDBusConnection none =
            QDBusConnection::connectToBus(u"unix:path=/nonexistent/natter-no-bus"_s, u"none"_s);
        QVERIFY(!none.isConnected());
        TrayIcon tray;
        Notifier notifier(none, &tray);
        QCOMPARE(notifier.backend(), Notifier::Backend::Tray);
        QSignalSpy shown(&notifier, &Notifier::shown);
        notifier.notify(u"Romeo"_s, u"hello"_s, Jid::fromString(u"romeo@montague.lit"));
        QCOMPARE(shown.size(), 1);
        QDBusConnection::disconnectFromBus(u"none"_s);
    }
};

QTEST_MAIN(TestNotifier)
#include "tst_notifier.moc"
