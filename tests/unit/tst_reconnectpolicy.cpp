// SPDX-License-Identifier: GPL-3.0-or-later
#include "account/ReconnectPolicy.h"
#include "stream/ConnectionError.h"

#include <QList>
#include <QTest>

#include <algorithm>
#include <chrono>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

using namespace natter;

using Kind = ConnectionError::Kind;

Q_DECLARE_METATYPE(natter::ConnectionError::Kind)

namespace {

ReconnectPolicy::Random fixed(double value)
{
    return [value] { return value; };
}

QList<qint64> delays(ReconnectPolicy &policy, int count)
{
    QList<qint64> out;
    for (int i = 0; i < count; ++i)
        out.append(policy.nextDelay().count());
    return out;
}

ConnectionError error(Kind kind, const QString &condition = {})
{
    ConnectionError e(kind);
    e.condition = condition;
    return e;
}

constexpr qint64 MaxMs = ReconnectPolicy::MaxDelay.count();

} // namespace

class TestReconnectPolicy : public QObject
{
    Q_OBJECT

private slots:
    void delaysDoubleFromThreeQuarters();
    void delaysDoubleWithoutJitterInTheMiddle();
    void delaysDoubleUpToFiveQuarters();
    void delaysStayCappedForever();
    void jitterIsDrawnForEachDelay();
    void defaultRandomStaysWithinJitter();
    void resetStartsOver();
    void shouldRetry_data();
    void shouldRetry();
    void temporaryAuthFailureGivesUp();
    void resetForgivesTemporaryAuthFailures();
    void rejectedInput_data();
    void rejectedInput();
    void rejectionsGiveUpUnlessProgressIsMade();
};

void TestReconnectPolicy::delaysDoubleFromThreeQuarters()
{
    ReconnectPolicy policy(fixed(0.0));
    QCOMPARE(policy.attempts(), 0);
    // 0.75 × 1 s·2^n, capped at 0.75 × 300 s.
    const QList<qint64> expected{750,    1'500,  3'000,   6'000,   12'000,  24'000,
                                 48'000, 96'000, 192'000, 225'000, 225'000, 225'000};
    QCOMPARE(delays(policy, int(expected.size())), expected);
    QCOMPARE(policy.attempts(), int(expected.size()));
}

void TestReconnectPolicy::delaysDoubleWithoutJitterInTheMiddle()
{
    ReconnectPolicy policy(fixed(0.5));
    QCOMPARE(policy.nextDelay(), ReconnectPolicy::FirstDelay);
    const QList<qint64> expected{2'000,  4'000,   8'000,   16'000,  32'000,
                                 64'000, 128'000, 256'000, 300'000, 300'000};
    QCOMPARE(delays(policy, int(expected.size())), expected);
}

void TestReconnectPolicy::delaysDoubleUpToFiveQuarters()
{
    ReconnectPolicy policy(fixed(0.999));
    qint64 base = ReconnectPolicy::FirstDelay.count();
    for (int attempt = 0; attempt < 12; ++attempt) {
        const qint64 capped = std::min(base, MaxMs);
        const qint64 delay = policy.nextDelay().count();
        // ≈ 1.2495 × the capped base, never above 1.25 ×.
        QVERIFY2(
            qAbs(double(delay) - double(capped) * 1.2495) <= 1.0,
            qPrintable(u"attempt %1: %2 ms for base %3 ms"_s.arg(attempt).arg(delay).arg(capped)));
        QVERIFY(delay <= capped * 5 / 4);
        base *= 2;
    }
}

void TestReconnectPolicy::delaysStayCappedForever()
{
    ReconnectPolicy policy(fixed(0.999999));
    qint64 last = 0;
    for (int attempt = 0; attempt < 1'000; ++attempt) {
        const qint64 delay = policy.nextDelay().count();
        QVERIFY2(delay <= MaxMs * 5 / 4,
                 qPrintable(u"attempt %1: %2 ms"_s.arg(attempt).arg(delay)));
        QVERIFY2(delay > 0, qPrintable(u"attempt %1: %2 ms"_s.arg(attempt).arg(delay)));
        QVERIFY(delay >= last); // never shorter with the same random value
        last = delay;
    }
    QVERIFY(last >= MaxMs * 5 / 4 - 1);
    QCOMPARE(policy.attempts(), 1'000);
}

void TestReconnectPolicy::jitterIsDrawnForEachDelay()
{
    QList<double> randoms{0.0, 0.999, 0.5, 0.25};
    int drawn = 0;
    ReconnectPolicy policy([&] { return randoms.at(drawn++); });
    QCOMPARE(policy.nextDelay(), 750ms);                    // 1 s × 0.75
    QVERIFY(qAbs(policy.nextDelay().count() - 2'499) <= 1); // 2 s × 1.2495
    QCOMPARE(policy.nextDelay(), 4'000ms);                  // 4 s × 1.0
    QCOMPARE(policy.nextDelay(), 7'000ms);                  // 8 s × 0.875
    QCOMPARE(drawn, 4);
}

void TestReconnectPolicy::defaultRandomStaysWithinJitter()
{
    ReconnectPolicy policy;
    for (int attempt = 0; attempt < 12; ++attempt) {
        const qint64 base = std::min<qint64>(ReconnectPolicy::FirstDelay.count() << attempt, MaxMs);
        const qint64 delay = policy.nextDelay().count();
        QVERIFY2(
            delay >= base * 3 / 4 && delay <= base * 5 / 4,
            qPrintable(u"attempt %1: %2 ms for base %3 ms"_s.arg(attempt).arg(delay).arg(base)));
    }
}

void TestReconnectPolicy::resetStartsOver()
{
    ReconnectPolicy policy(fixed(0.0));
    QCOMPARE(delays(policy, 5), (QList<qint64>{750, 1'500, 3'000, 6'000, 12'000}));
    policy.reset();
    QCOMPARE(policy.attempts(), 0);
    QCOMPARE(delays(policy, 3), (QList<qint64>{750, 1'500, 3'000}));
}

void TestReconnectPolicy::shouldRetry_data()
{
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<QString>("condition");
    QTest::addColumn<bool>("retry");

    QTest::newRow("connection lost") << Kind::ConnectionLost << QString() << true;
    QTest::newRow("connection refused") << Kind::ConnectionRefused << QString() << true;
    QTest::newRow("connection timeout") << Kind::ConnectionTimeout << QString() << true;
    QTest::newRow("host not found") << Kind::HostNotFound << QString() << true;
    QTest::newRow("auth not-authorized")
        << Kind::AuthenticationFailed << u"not-authorized"_s << false;
    QTest::newRow("auth account-disabled")
        << Kind::AuthenticationFailed << u"account-disabled"_s << false;
    QTest::newRow("auth credentials-expired")
        << Kind::AuthenticationFailed << u"credentials-expired"_s << false;
    QTest::newRow("auth without condition") << Kind::AuthenticationFailed << QString() << false;
    QTest::newRow("auth temporary-auth-failure")
        << Kind::AuthenticationFailed << u"temporary-auth-failure"_s << true;
    QTest::newRow("stream conflict") << Kind::StreamError << u"conflict"_s << false;
    QTest::newRow("stream not-authorized") << Kind::StreamError << u"not-authorized"_s << false;
    QTest::newRow("stream host-unknown") << Kind::StreamError << u"host-unknown"_s << false;
    QTest::newRow("stream policy-violation") << Kind::StreamError << u"policy-violation"_s << true;
    QTest::newRow("stream system-shutdown") << Kind::StreamError << u"system-shutdown"_s << true;
    QTest::newRow("stream connection-timeout")
        << Kind::StreamError << u"connection-timeout"_s << true;
    QTest::newRow("stream reset") << Kind::StreamError << u"reset"_s << true;
    QTest::newRow("certificate untrusted") << Kind::CertificateUntrusted << QString() << false;
    QTest::newRow("TLS not offered") << Kind::TlsNotOffered << QString() << false;
    QTest::newRow("TLS failed") << Kind::TlsFailed << QString() << false;
    QTest::newRow("no suitable mechanism") << Kind::NoSuitableMechanism << QString() << false;
    QTest::newRow("downgrade") << Kind::NoSuitableMechanism << u"downgrade"_s << false;
    QTest::newRow("server not authenticated") << Kind::ServerNotAuthenticated << QString() << false;
    QTest::newRow("bind failed") << Kind::BindFailed << u"conflict"_s << false;
    QTest::newRow("protocol violation") << Kind::ProtocolViolation << u"bad-format"_s << false;
    QTest::newRow("cancelled") << Kind::Cancelled << QString() << false;
    QTest::newRow("graceful close") << Kind::None << QString() << false;
}

void TestReconnectPolicy::shouldRetry()
{
    QFETCH(Kind, kind);
    QFETCH(QString, condition);
    QFETCH(bool, retry);

    ReconnectPolicy policy(fixed(0.0));
    const ConnectionError e = error(kind, condition);
    QCOMPARE(policy.shouldRetry(e), retry);
    QCOMPARE(e.isTemporary(), retry);
    if (kind != Kind::AuthenticationFailed && !e.isRejectedInput()) {
        // The same answer every time: only temporary-auth-failure and rejections are limited.
        for (int i = 0; i < 5; ++i)
            QCOMPARE(policy.shouldRetry(e), retry);
    }
    QVERIFY(!e.message().isEmpty());
}

void TestReconnectPolicy::temporaryAuthFailureGivesUp()
{
    static_assert(ReconnectPolicy::MaxTemporaryAuthFailures == 3);
    ReconnectPolicy policy(fixed(0.0));
    const ConnectionError temporary =
        error(Kind::AuthenticationFailed, u"temporary-auth-failure"_s);
    QVERIFY(policy.shouldRetry(temporary));
    QVERIFY(policy.shouldRetry(temporary));
    QVERIFY(!policy.shouldRetry(temporary)); // the third refusal: tell the user
    QVERIFY(!policy.shouldRetry(temporary));
    // Connection problems are still retried.
    QVERIFY(policy.shouldRetry(error(Kind::ConnectionLost)));
}

void TestReconnectPolicy::resetForgivesTemporaryAuthFailures()
{
    ReconnectPolicy policy(fixed(0.0));
    const ConnectionError temporary =
        error(Kind::AuthenticationFailed, u"temporary-auth-failure"_s);
    QVERIFY(policy.shouldRetry(temporary));
    QVERIFY(policy.shouldRetry(temporary));
    policy.reset(); // a session was established in between
    QVERIFY(policy.shouldRetry(temporary));
    QVERIFY(policy.shouldRetry(temporary));
    QVERIFY(!policy.shouldRetry(temporary));
}

void TestReconnectPolicy::rejectedInput_data()
{
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<QString>("condition");
    QTest::addColumn<bool>("rejected");

    for (const char *condition :
         {"bad-format", "invalid-xml", "not-well-formed", "policy-violation", "restricted-xml"})
        QTest::newRow(condition) << Kind::StreamError << QString::fromLatin1(condition) << true;
    QTest::newRow("system-shutdown") << Kind::StreamError << u"system-shutdown"_s << false;
    QTest::newRow("conflict") << Kind::StreamError << u"conflict"_s << false;
    // Our own protocol-violation verdict on the server is not the server rejecting us.
    QTest::newRow("our bad-format") << Kind::ProtocolViolation << u"bad-format"_s << false;
    QTest::newRow("connection lost") << Kind::ConnectionLost << QString() << false;
}

void TestReconnectPolicy::rejectedInput()
{
    QFETCH(Kind, kind);
    QFETCH(QString, condition);
    QFETCH(bool, rejected);
    QCOMPARE(error(kind, condition).isRejectedInput(), rejected);
}

void TestReconnectPolicy::rejectionsGiveUpUnlessProgressIsMade()
{
    static_assert(ReconnectPolicy::MaxRejectionsWithoutProgress == 3);
    ReconnectPolicy policy(fixed(0.0));
    const ConnectionError tooBig = error(Kind::StreamError, u"policy-violation"_s);
    const ConnectionError garbled = error(Kind::StreamError, u"not-well-formed"_s);
    QVERIFY(policy.shouldRetry(tooBig));
    policy.reset(); // a new session alone forgives nothing
    QVERIFY(policy.shouldRetry(garbled));
    policy.reset();
    QVERIFY(!policy.shouldRetry(tooBig)); // the third in a row: tell the user
    // Acknowledged stanzas in between: each rejection is a passing fault.
    policy.progressMade();
    for (int i = 0; i < 10; ++i) {
        QVERIFY(policy.shouldRetry(i % 2 ? tooBig : garbled));
        policy.progressMade();
    }
    // Other failures are neither counted nor forgiven by it.
    QVERIFY(policy.shouldRetry(tooBig));
    QVERIFY(policy.shouldRetry(error(Kind::ConnectionLost)));
    QVERIFY(policy.shouldRetry(tooBig));
    QVERIFY(!policy.shouldRetry(tooBig));
}

QTEST_GUILESS_MAIN(TestReconnectPolicy)
#include "tst_reconnectpolicy.moc"
