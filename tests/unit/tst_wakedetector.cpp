// SPDX-License-Identifier: GPL-3.0-or-later
// WakeDetector: a sleep is a boot clock that moved further than the monotonic clock; and what the
// app does when the machine woke (Session::checkConnection).
#include "FakeTransport.h"
#include "account/Account.h"
#include "ext/PingExtension.h"
#include "platform/WakeDetector.h"
#include "services/Session.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace natter;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace {

struct FakeClocks
{
    qint64 boot = 1'000'000;
    qint64 monotonic = 500'000;
    WakeDetector::Clocks clocks()
    {
        return {[this] { return boot; }, [this] { return monotonic; }};
    }
    void run(qint64 ms)
    {
        boot += ms;
        monotonic += ms;
    }
    void sleep(qint64 ms) { boot += ms; }
};

} // namespace

class tst_WakeDetector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void awakeTimeIsNoSleep()
    {
        FakeClocks c;
        WakeDetector detector(nullptr, c.clocks());
        QSignalSpy woke(&detector, &WakeDetector::woke);
        for (int i = 0; i < 10; ++i) {
            c.run(5'000);
            detector.check();
        }
        // A busy machine: a late check is late on both clocks.
        c.run(60'000);
        detector.check();
        QCOMPARE(woke.size(), 0);
    }

    void aSleepIsReportedOnceWithItsLength()
    {
        FakeClocks c;
        WakeDetector detector(nullptr, c.clocks());
        QSignalSpy woke(&detector, &WakeDetector::woke);
        c.run(2'000);
        c.sleep(3'600'000);
        c.run(1'000);
        detector.check();
        QCOMPARE(woke.size(), 1);
        QCOMPARE(woke.first().first().value<std::chrono::milliseconds>(), 3'600'000ms);
        c.run(5'000);
        detector.check();
        QCOMPARE(woke.size(), 1);
    }

    void shortDriftIsNoSleep()
    {
        FakeClocks c;
        WakeDetector detector(nullptr, c.clocks());
        QSignalSpy woke(&detector, &WakeDetector::woke);
        c.run(5'000);
        c.sleep(WakeDetector::MinimumSleep.count() - 1);
        detector.check();
        QCOMPARE(woke.size(), 0);
    }

    void systemClocksMove()
    {
        const WakeDetector::Clocks clocks = WakeDetector::systemClocks();
#ifdef __linux__
        QVERIFY(clocks.boot && clocks.monotonic);
        QVERIFY(clocks.boot() >= clocks.monotonic()); // boot time includes every sleep
        QVERIFY(clocks.monotonic() > 0);
#endif
    }

    void afterAWakeAnOnlineAccountChecksItsConnection()
    {
        QTemporaryDir dir;
        auto *transport = new FakeTransport;
        Session session(dir.path(), transport);
        ConnectionSettings settings;
        settings.jid = Jid::fromString(u"juliet@capulet.lit"_s);
        settings.password = u"secret"_s;
        session.account()->setSettings(settings);
        session.account()->connectToServer();
        QVERIFY(session.account()->isOnline());
        transport->clearSent();

        Session::checkConnection(session.account(), session.extensions());
        const XmlElement ping = transport->lastSent();
        QCOMPARE(ping.name(), u"iq"_s);
        QVERIFY(ping.hasChild(u"urn:xmpp:ping"_s, u"ping"));

        // While waiting to reconnect: at once, not after the rest of the backoff.
        transport->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
        QCOMPARE(session.account()->state(), Account::State::Reconnecting);
        Session::checkConnection(session.account(), session.extensions());
        QCOMPARE(session.account()->state(), Account::State::Online);
    }
};

QTEST_GUILESS_MAIN(tst_WakeDetector)
#include "tst_wakedetector.moc"
