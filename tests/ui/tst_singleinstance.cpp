// SPDX-License-Identifier: GPL-3.0-or-later
// One Natter per profile: the second instance hands its link to the first.
#include "SingleInstance.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace natter;
using namespace Qt::StringLiterals;

namespace {

// Runs a second instance's start() on another thread: start() blocks until the first answers,
// and the first answers from this thread's event loop.
struct SecondInstance
{
    SingleInstance::Outcome outcome = SingleInstance::Outcome::Failed;
    QString error;
    std::atomic_bool done = false;
    std::unique_ptr<QThread> thread;

    void run(const QString &key, const QString &message)
    {
        thread.reset(QThread::create([this, key, message] {
            SingleInstance second(key);
            outcome = second.start(message, &error);
            done = true;
        }));
        thread->start();
    }
    ~SecondInstance()
    {
        if (thread)
            thread->wait();
    }
};

} // namespace

class tst_SingleInstance : public QObject
{
    Q_OBJECT

private:
    QString m_key;

private Q_SLOTS:
    void init()
    {
        static int n = 0;
        m_key = u"tst_singleinstance/%1/%2"_s.arg(QCoreApplication::applicationPid()).arg(++n);
    }

    void serverNameIsPrivateAndShort()
    {
        const QString name = SingleInstance::serverName(m_key);
        QVERIFY(name.startsWith(u'/'));
        QVERIFY(name.toLocal8Bit().size() < 100); // sun_path limit
        QCOMPARE(SingleInstance::serverName(m_key), name);
        QVERIFY(SingleInstance::serverName(m_key + u'x') != name);
    }

    void firstIsPrimary()
    {
        SingleInstance first(m_key);
        QVERIFY(!first.isPrimary());
        QString error;
        QCOMPARE(first.start(QString(), &error), SingleInstance::Outcome::Primary);
        QVERIFY(first.isPrimary());
        QCOMPARE(error, QString());
        const QFileInfo socket(SingleInstance::serverName(m_key));
        QVERIFY(socket.exists());
        // Only the user may connect.
        QCOMPARE(socket.permissions() &
                     (QFile::ReadOther | QFile::WriteOther | QFile::ReadGroup | QFile::WriteGroup),
                 QFile::Permissions());
    }

    void secondHandsItsLinkOver_data()
    {
        QTest::addColumn<QString>("message");
        QTest::newRow("link") << u"xmpp:romeo@montague.net?message;body=Hi"_s;
        QTest::newRow("nothing: show the window") << QString();
        QTest::newRow("unicode and line break") << u"xmpp:jiři@čechy.example?message;body=ä\nö"_s;
    }
    void secondHandsItsLinkOver()
    {
        QFETCH(QString, message);
        SingleInstance first(m_key);
        QCOMPARE(first.start(QString()), SingleInstance::Outcome::Primary);
        QSignalSpy received(&first, &SingleInstance::messageReceived);

        QElapsedTimer clock;
        clock.start();
        SecondInstance second;
        second.run(m_key, message);
        QTRY_VERIFY_WITH_TIMEOUT(second.done, 10000);
        QCOMPARE(second.outcome, SingleInstance::Outcome::HandedOver);
        QVERIFY(clock.elapsed() < 3000);
        QCOMPARE(received.size(), 1);
        QCOMPARE(received.first().first().toString(), message);
        QVERIFY(first.isPrimary()); // still
    }

    void profilesAreSeparate()
    {
        SingleInstance first(m_key);
        QCOMPARE(first.start(QString()), SingleInstance::Outcome::Primary);
        SingleInstance other(m_key + u"-other"_s);
        QCOMPARE(other.start(QString()), SingleInstance::Outcome::Primary);
    }

    void staleSocketIsTakenOver()
    {
        // A crashed instance leaves its socket file behind.
        const QString name = SingleInstance::serverName(m_key);
        {
            QFile stale(name);
            QVERIFY(stale.open(QIODevice::WriteOnly));
        }
        SingleInstance first(m_key);
        QString error;
        QCOMPARE(first.start(QString(), &error), SingleInstance::Outcome::Primary);
        QVERIFY(first.isPrimary());
    }

    void socketIsRemovedOnExit()
    {
        {
            SingleInstance first(m_key);
            QCOMPARE(first.start(QString()), SingleInstance::Outcome::Primary);
        }
        QVERIFY(!QFile::exists(SingleInstance::serverName(m_key)));
        SingleInstance again(m_key);
        QCOMPARE(again.start(QString()), SingleInstance::Outcome::Primary);
    }

    void garbageIsIgnored()
    {
        SingleInstance first(m_key);
        QCOMPARE(first.start(QString()), SingleInstance::Outcome::Primary);
        QSignalSpy received(&first, &SingleInstance::messageReceived);
        QLocalSocket socket;
        socket.connectToServer(SingleInstance::serverName(m_key));
        QVERIFY(socket.waitForConnected(1000));
        socket.write("!!not base64!!\n");
        QTRY_COMPARE(socket.state(), QLocalSocket::UnconnectedState);
        QCOMPARE(received.size(), 0);
        // And the next instance still gets through.
        SecondInstance second;
        second.run(m_key, u"xmpp:a@b.example"_s);
        QTRY_VERIFY_WITH_TIMEOUT(second.done, 10000);
        QCOMPARE(second.outcome, SingleInstance::Outcome::HandedOver);
        QCOMPARE(received.size(), 1);
    }
};

QTEST_MAIN(tst_SingleInstance)
#include "tst_singleinstance.moc"
