// SPDX-License-Identifier: GPL-3.0-or-later
#include "stream/sasl/PlainMechanism.h"
#include "stream/sasl/SaslMechanism.h"
#include "stream/sasl/ScramMechanism.h"

#include <QRegularExpression>
#include <QtTest>

using namespace natter;

Q_DECLARE_METATYPE(natter::ScramMechanism::Algorithm)

namespace {

// RFC 5802 §5, SCRAM-SHA-1.
const QByteArray Rfc5802ClientNonce = QByteArrayLiteral("fyko+d2lbbFgONRv9qkxdawL");
const QByteArray Rfc5802ClientFirst = QByteArrayLiteral("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL");
const QByteArray Rfc5802ServerFirst =
    QByteArrayLiteral("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096");
const QByteArray Rfc5802ClientFinal =
    QByteArrayLiteral("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,"
                      "p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=");
const QByteArray Rfc5802ServerFinal = QByteArrayLiteral("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=");

// RFC 5802 exchange up to (and including) the client-final message.
std::unique_ptr<ScramMechanism> rfc5802AfterClientFinal()
{
    auto scram = std::make_unique<ScramMechanism>(ScramMechanism::Algorithm::Sha1,
                                                  QStringLiteral("user"), QStringLiteral("pencil"));
    scram->setClientNonce(Rfc5802ClientNonce);
    if (scram->initialResponse() != Rfc5802ClientFirst)
        return nullptr;
    if (scram->respond(Rfc5802ServerFirst) != std::optional<QByteArray>(Rfc5802ClientFinal))
        return nullptr;
    return scram;
}

} // namespace

class TestSasl : public QObject
{
    Q_OBJECT

private slots:
    void scramProducesExactMessages_data();
    void scramProducesExactMessages();
    void scramAcceptsServerFinalAsChallenge();
    void scramAcceptsServerFinalRepeatedInSuccess();
    void scramAcceptsServerFirstExtensions();
    void scramAcceptsServerFinalExtensions();
    void scramAcceptsMinimumIterationCount();
    void downgradeProtectionHashMatchesXep0474_data();
    void downgradeProtectionHashMatchesXep0474();
    void scramChecksDowngradeProtectionHash_data();
    void scramChecksDowngradeProtectionHash();
    void scramWithoutDowngradeProtectionHashIsUnchanged();
    void saltedPasswordMatchesPbkdf2_data();
    void saltedPasswordMatchesPbkdf2();
    void scramRejectsInvalidServerFirst_data();
    void scramRejectsInvalidServerFirst();
    void scramRejectsInvalidServerFinal_data();
    void scramRejectsInvalidServerFinal();
    void scramRejectsSuccessBeforeFinalStep();
    void scramRejectsChallengeBeforeInitialResponse();
    void scramRejectsChallengeAfterVerification();
    void scramGeneratesRandomPrintableNonce();
    void scramEscapesUsername_data();
    void scramEscapesUsername();
    void scramAppliesSaslPrep();
    void scramRejectsUnpreparableCredentials_data();
    void scramRejectsUnpreparableCredentials();
    void saslPrepMapsAndProhibits_data();
    void saslPrepMapsAndProhibits();
    void chooseStrongestAllowed_data();
    void chooseStrongestAllowed();
    void supportedMechanismsStrongestFirst();
    void createByName_data();
    void createByName();
    void plainEncodesCredentials_data();
    void plainEncodesCredentials();
    void plainRejectsUnpreparableCredentials_data();
    void plainRejectsUnpreparableCredentials();
    void plainRejectsChallenges();
    void plainAcceptsEmptySuccessOnlyAfterSending();
};

void TestSasl::scramProducesExactMessages_data()
{
    QTest::addColumn<ScramMechanism::Algorithm>("algorithm");
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QByteArray>("clientNonce");
    QTest::addColumn<QByteArray>("clientFirst");
    QTest::addColumn<QByteArray>("serverFirst");
    QTest::addColumn<QByteArray>("clientFinal");
    QTest::addColumn<QByteArray>("serverFinal");
    QTest::addColumn<QString>("name");

    QTest::newRow("RFC 5802 section 5 (SCRAM-SHA-1)")
        << ScramMechanism::Algorithm::Sha1 << QStringLiteral("user") << QStringLiteral("pencil")
        << Rfc5802ClientNonce << Rfc5802ClientFirst << Rfc5802ServerFirst << Rfc5802ClientFinal
        << Rfc5802ServerFinal << QStringLiteral("SCRAM-SHA-1");

    QTest::newRow("RFC 7677 section 3 (SCRAM-SHA-256)")
        << ScramMechanism::Algorithm::Sha256 << QStringLiteral("user") << QStringLiteral("pencil")
        << QByteArrayLiteral("rOprNGfwEbeRWgbNEkqO")
        << QByteArrayLiteral("n,,n=user,r=rOprNGfwEbeRWgbNEkqO")
        << QByteArrayLiteral("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                             "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")
        << QByteArrayLiteral("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                             "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")
        << QByteArrayLiteral("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")
        << QStringLiteral("SCRAM-SHA-256");

    // The SCRAM-SHA-512 rows were computed independently with Python 3's hashlib/hmac:
    //   salted = hashlib.pbkdf2_hmac("sha512", password, b64decode(salt), i)
    //   clientKey = hmac(salted, b"Client Key"); storedKey = sha512(clientKey)
    //   authMessage = clientFirstBare + "," + serverFirst + "," + "c=biws,r=" + nonce
    //   p = b64(clientKey XOR hmac(storedKey, authMessage))
    //   v = b64(hmac(hmac(salted, b"Server Key"), authMessage))
    QTest::newRow("SCRAM-SHA-512, RFC 7677 inputs (Python)")
        << ScramMechanism::Algorithm::Sha512 << QStringLiteral("user") << QStringLiteral("pencil")
        << QByteArrayLiteral("rOprNGfwEbeRWgbNEkqO")
        << QByteArrayLiteral("n,,n=user,r=rOprNGfwEbeRWgbNEkqO")
        << QByteArrayLiteral("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                             "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")
        << QByteArrayLiteral("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                             "p=gMGXRcevScNtxZ6/8lQYpGtnsNAc3mGcmNomv+xnoOMw+3R2xNJdMNnzMlTN8PPC"
                             "6wdp6dybEmDYXYTxwnYPJQ==")
        << QByteArrayLiteral("v=ZQnYEgWQMFmmsM8aQMF0nDDCy/AgCzkwk8CmMZYcMg0vSVlKDanekLtifDSeVGT4"
                             "+5ZxXnJq199RVG2rR7N7Zw==")
        << QStringLiteral("SCRAM-SHA-512");

    QTest::newRow("SCRAM-SHA-512, i=10000 (Python)")
        << ScramMechanism::Algorithm::Sha512 << QStringLiteral("juliet@capulet.example")
        << QStringLiteral("r0m30myr0m30") << QByteArrayLiteral("2a7HsxgFNRFyWZb+dAMiFhN3")
        << QByteArrayLiteral("n,,n=juliet@capulet.example,r=2a7HsxgFNRFyWZb+dAMiFhN3")
        << QByteArrayLiteral("r=2a7HsxgFNRFyWZb+dAMiFhN3QkFJzlXr/wVAVKhz3dD3vd8r,"
                             "s=dfEIeBpOjDZ6DtUm0n8aGQ==,i=10000")
        << QByteArrayLiteral("c=biws,r=2a7HsxgFNRFyWZb+dAMiFhN3QkFJzlXr/wVAVKhz3dD3vd8r,"
                             "p=5tH06Doae4YoCG32aw/NASoSEYKeDP6wuMByKCcVbAdcvQlZACaqSR/QEtPHA6Xo"
                             "DnYM/YOxiEC5FkVSCF8gGw==")
        << QByteArrayLiteral("v=6DkiiMGH6bR6BqVH12zPDIviqAaN9JeN9KMpnFufbFanUsA4+uS7sh7hKXMmgHWs"
                             "3ScHRqkxkeR3q6qL+Neetw==")
        << QStringLiteral("SCRAM-SHA-512");
}

void TestSasl::scramProducesExactMessages()
{
    QFETCH(ScramMechanism::Algorithm, algorithm);
    QFETCH(QString, username);
    QFETCH(QString, password);
    QFETCH(QByteArray, clientNonce);
    QFETCH(QByteArray, clientFirst);
    QFETCH(QByteArray, serverFirst);
    QFETCH(QByteArray, clientFinal);
    QFETCH(QByteArray, serverFinal);
    QFETCH(QString, name);

    ScramMechanism scram(algorithm, username, password);
    QCOMPARE(scram.name(), name);
    scram.setClientNonce(clientNonce);
    QCOMPARE(scram.initialResponse(), clientFirst);
    const std::optional<QByteArray> response = scram.respond(serverFirst);
    QVERIFY2(response.has_value(), qPrintable(scram.errorString()));
    QCOMPARE(*response, clientFinal);
    QVERIFY2(scram.verifySuccess(serverFinal), qPrintable(scram.errorString()));
    QVERIFY(scram.errorString().isEmpty());
}

void TestSasl::scramAcceptsServerFinalAsChallenge()
{
    // Older servers: the server-final message is a last <challenge/>, then an empty <success/>.
    const auto scram = rfc5802AfterClientFinal();
    QVERIFY(scram);
    const std::optional<QByteArray> answer = scram->respond(Rfc5802ServerFinal);
    QVERIFY2(answer.has_value(), qPrintable(scram->errorString()));
    QCOMPARE(*answer, QByteArray());
    QVERIFY2(scram->verifySuccess(QByteArray()), qPrintable(scram->errorString()));
}

void TestSasl::scramAcceptsServerFinalRepeatedInSuccess()
{
    const auto scram = rfc5802AfterClientFinal();
    QVERIFY(scram);
    QVERIFY(scram->respond(Rfc5802ServerFinal).has_value());
    QVERIFY2(scram->verifySuccess(Rfc5802ServerFinal), qPrintable(scram->errorString()));

    // ...but a different signature in <success/> after a verified challenge is still refused.
    const auto other = rfc5802AfterClientFinal();
    QVERIFY(other);
    QVERIFY(other->respond(Rfc5802ServerFinal).has_value());
    QVERIFY(!other->verifySuccess(QByteArrayLiteral("v=smF9pqV8S7suAoZWja4dJRkFsKQ=")));
    QVERIFY(other->errorString().contains(QLatin1String("server signature")));
}

void TestSasl::scramAcceptsServerFirstExtensions()
{
    ScramMechanism scram(ScramMechanism::Algorithm::Sha1, QStringLiteral("user"),
                         QStringLiteral("pencil"));
    scram.setClientNonce(Rfc5802ClientNonce);
    QCOMPARE(scram.initialResponse(), Rfc5802ClientFirst);
    // Optional extensions after i= are ignored, but they are part of the AuthMessage, so the
    // proof differs from the RFC's.
    const std::optional<QByteArray> response = scram.respond(Rfc5802ServerFirst + ",x=ext");
    QVERIFY2(response.has_value(), qPrintable(scram.errorString()));
    QVERIFY(response->startsWith("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p="));
    QVERIFY(*response != Rfc5802ClientFinal);
}

void TestSasl::scramAcceptsServerFinalExtensions()
{
    const auto scram = rfc5802AfterClientFinal();
    QVERIFY(scram);
    QVERIFY2(scram->verifySuccess(Rfc5802ServerFinal + ",x=ext"), qPrintable(scram->errorString()));
}

void TestSasl::scramAcceptsMinimumIterationCount()
{
    ScramMechanism scram(ScramMechanism::Algorithm::Sha256, QStringLiteral("user"),
                         QStringLiteral("pencil"));
    scram.setClientNonce(QByteArrayLiteral("abc"));
    QVERIFY(!scram.initialResponse().isEmpty());
    const QByteArray serverFirst =
        "r=abcdef,s=QSXCR+Q6sek8bf92,i=" + QByteArray::number(ScramMechanism::MinIterations);
    QVERIFY2(scram.respond(serverFirst).has_value(), qPrintable(scram.errorString()));
}

// --- XEP-0474 SASL SCRAM Downgrade Protection (version 0.5.0) -------------------------------

void TestSasl::downgradeProtectionHashMatchesXep0474_data()
{
    QTest::addColumn<ScramMechanism::Algorithm>("algorithm");
    QTest::addColumn<QStringList>("mechanisms");
    QTest::addColumn<bool>("xep0440"); // the server sent <sasl-channel-binding/>
    QTest::addColumn<QStringList>("channelBindings");
    QTest::addColumn<QByteArray>("expectedBase64");

    // XEP-0474 0.5.0 §6.3 "Full Example"'s "h" (SHA-1 of
    // 'SCRAM-SHA-1\x1eSCRAM-SHA-1-PLUS\x1ftls-exporter\x1etls-server-end-point'); the lists
    // are given here in another order than sorted, as a server may list them.
    QTest::newRow("XEP-0474 example (SCRAM-SHA-1, channel bindings)")
        << ScramMechanism::Algorithm::Sha1
        << QStringList{QStringLiteral("SCRAM-SHA-1-PLUS"), QStringLiteral("SCRAM-SHA-1")} << true
        << QStringList{QStringLiteral("tls-server-end-point"), QStringLiteral("tls-exporter")}
        << QByteArrayLiteral("G6k/rBLDqgOhRRaCuuatSDFkJ08=");

    // The other rows were computed independently with Python 3's hashlib:
    //   s = b"\x1e".join(sorted(m.encode() for m in mechanisms))
    //   if xep0440: s += b"\x1f" + b"\x1e".join(sorted(c.encode() for c in channelBindings))
    //   b64encode(hashlib.new(algorithm, s).digest())
    QTest::newRow("SCRAM-SHA-256, no XEP-0440: no %x1F")
        << ScramMechanism::Algorithm::Sha256
        << QStringList{QStringLiteral("SCRAM-SHA-256"), QStringLiteral("SCRAM-SHA-1"),
                       QStringLiteral("PLAIN")}
        << false << QStringList()
        << QByteArrayLiteral("J++Diu+JubnE6dLVvZjjI5KHnheOLsUSQWiw/prdbAA=");
    QTest::newRow("SCRAM-SHA-256, empty XEP-0440 list: %x1F at the end")
        << ScramMechanism::Algorithm::Sha256
        << QStringList{QStringLiteral("SCRAM-SHA-256"), QStringLiteral("SCRAM-SHA-1"),
                       QStringLiteral("PLAIN")}
        << true << QStringList()
        << QByteArrayLiteral("WiSnARrQ/BXMwS96fSZUw2+8zqtdZEfeP47qS66pu+U=");
    QTest::newRow("SCRAM-SHA-512 with -PLUS and one channel binding")
        << ScramMechanism::Algorithm::Sha512
        << QStringList{QStringLiteral("SCRAM-SHA-512"), QStringLiteral("SCRAM-SHA-256-PLUS"),
                       QStringLiteral("SCRAM-SHA-256")}
        << true << QStringList{QStringLiteral("tls-exporter")}
        << QByteArrayLiteral("muTI1qt1PuEMa/QdRcoO+uaUMDNtCgC2ZLgtBRXpmkWWhCstVx0QG2wB4RJfegqyYbj"
                             "cIVXdKAEDEabznip3VQ==");
    // "i;octet": upper case before lower case, whatever the locale says.
    QTest::newRow("i;octet ordering")
        << ScramMechanism::Algorithm::Sha1
        << QStringList{QStringLiteral("x-custom"), QStringLiteral("SCRAM-SHA-1"),
                       QStringLiteral("X-CUSTOM")}
        << false << QStringList() << QByteArrayLiteral("H+lxub4RCST6Tt0IcoULzelxnAw=");
    QTest::newRow("nothing advertised")
        << ScramMechanism::Algorithm::Sha1 << QStringList() << false << QStringList()
        << QByteArrayLiteral("2jmj7l5rSw0yVb/vlWAYkK/YBwk=");
}

void TestSasl::downgradeProtectionHashMatchesXep0474()
{
    QFETCH(ScramMechanism::Algorithm, algorithm);
    QFETCH(QStringList, mechanisms);
    QFETCH(bool, xep0440);
    QFETCH(QStringList, channelBindings);
    QFETCH(QByteArray, expectedBase64);

    const std::optional<QStringList> bindings =
        xep0440 ? std::optional<QStringList>(channelBindings) : std::nullopt;
    QCOMPARE(ScramMechanism::downgradeProtectionHash(algorithm, mechanisms, bindings).toBase64(),
             expectedBase64);
}

namespace {

// The RFC 5802 server-first message with the XEP-0474 hash of {SCRAM-SHA-1, PLAIN} (SHA-1 of
// 'PLAIN\x1eSCRAM-SHA-1'), and the client-final and server-final messages that go with it
// (computed with Python as for the SCRAM-SHA-512 rows above: "h" is part of the AuthMessage).
const QByteArray HashedServerFirst =
    QByteArrayLiteral("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096,"
                      "h=Y+xk2TW25vKwG9yWicfQlsuiFQs=");
const QByteArray HashedClientFinal =
    QByteArrayLiteral("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,"
                      "p=P+ZzHi/4wVqRU+r6ccz5q1A5a1w=");
const QByteArray HashedServerFinal = QByteArrayLiteral("v=WIF8Y2urkVf4A6xc29wfT96P/2M=");

} // namespace

void TestSasl::scramChecksDowngradeProtectionHash_data()
{
    QTest::addColumn<bool>("told"); // setAdvertised() was called
    QTest::addColumn<QStringList>("mechanisms");
    QTest::addColumn<bool>("xep0440");
    QTest::addColumn<QStringList>("channelBindings");
    QTest::addColumn<QByteArray>("serverFirst");
    // "" = accepted, "downgrade" = downgrade detected, else part of the error of an invalid
    // challenge (not a downgrade).
    QTest::addColumn<QString>("outcome");

    const QString sha1 = QStringLiteral("SCRAM-SHA-1");
    const QString plain = QStringLiteral("PLAIN");
    const QByteArray base =
        "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096";
    const QString downgrade = QStringLiteral("downgrade");
    const QString invalidHash = QStringLiteral("invalid downgrade protection hash");

    QTest::newRow("hash matches") << true << QStringList{sha1, plain} << false << QStringList()
                                  << HashedServerFirst << QString();
    QTest::newRow("hash matches, offer listed in another order")
        << true << QStringList{plain, sha1} << false << QStringList() << HashedServerFirst
        << QString();
    QTest::newRow("hash among other extensions")
        << true << QStringList{sha1, plain} << false << QStringList()
        << QByteArray(base + ",x=1,h=Y+xk2TW25vKwG9yWicfQlsuiFQs=,y=2")
        << QStringLiteral("accepted-other");
    QTest::newRow("PLAIN stripped on the way")
        << true << QStringList{sha1} << false << QStringList() << HashedServerFirst << downgrade;
    QTest::newRow("SCRAM-SHA-256 stripped on the way (the server offered three)")
        << true << QStringList{sha1, plain} << false << QStringList()
        << QByteArray(base + ",h=uYJXMaNHTMxSJNZes6xsLrR+vu0=") << downgrade;
    QTest::newRow("a mechanism added on the way")
        << true << QStringList{sha1, plain, QStringLiteral("SCRAM-SHA-256")} << false
        << QStringList() << HashedServerFirst << downgrade;
    QTest::newRow("channel bindings the server did not hash")
        << true << QStringList{sha1, plain} << true << QStringList{QStringLiteral("tls-exporter")}
        << HashedServerFirst << downgrade;
    QTest::newRow("empty XEP-0440 list the server did not hash")
        << true << QStringList{sha1, plain} << true << QStringList() << HashedServerFirst
        << downgrade;
    QTest::newRow("names compared case-sensitively")
        << true << QStringList{QStringLiteral("scram-sha-1"), plain} << false << QStringList()
        << HashedServerFirst << downgrade;
    QTest::newRow("SHA-256 hash in a SCRAM-SHA-1 exchange")
        << true << QStringList{sha1, plain} << false << QStringList()
        << QByteArray(base + ",h=aE0ZQpXO33awheXK+2X8RthcH6Xsl7MDkkir/XU/hKY=") << downgrade;
    QTest::newRow("invalid base64") << true << QStringList{sha1, plain} << false << QStringList()
                                    << QByteArray(base + ",h=Y+xk2T*W25v") << invalidHash;
    QTest::newRow("empty hash") << true << QStringList{sha1, plain} << false << QStringList()
                                << QByteArray(base + ",h=") << invalidHash;
    QTest::newRow("two hashes") << true << QStringList{sha1, plain} << false << QStringList()
                                << QByteArray(HashedServerFirst + ",h=Y+xk2TW25vKwG9yWicfQlsuiFQs=")
                                << QStringLiteral("two downgrade protection hashes");
    // Used on its own (not through StreamNegotiator), a mechanism cannot know the offer.
    QTest::newRow("offer unknown: hash not checked")
        << false << QStringList() << false << QStringList() << HashedServerFirst << QString();
}

void TestSasl::scramChecksDowngradeProtectionHash()
{
    QFETCH(bool, told);
    QFETCH(QStringList, mechanisms);
    QFETCH(bool, xep0440);
    QFETCH(QStringList, channelBindings);
    QFETCH(QByteArray, serverFirst);
    QFETCH(QString, outcome);

    ScramMechanism scram(ScramMechanism::Algorithm::Sha1, QStringLiteral("user"),
                         QStringLiteral("pencil"));
    if (told) {
        scram.setAdvertised(mechanisms,
                            xep0440 ? std::optional<QStringList>(channelBindings) : std::nullopt);
    }
    scram.setClientNonce(Rfc5802ClientNonce);
    QCOMPARE(scram.initialResponse(), Rfc5802ClientFirst);
    const std::optional<QByteArray> response = scram.respond(serverFirst);
    if (outcome.isEmpty()) {
        QVERIFY2(response.has_value(), qPrintable(scram.errorString()));
        QCOMPARE(*response, HashedClientFinal);
        QVERIFY2(scram.verifySuccess(HashedServerFinal), qPrintable(scram.errorString()));
        QVERIFY(!scram.downgradeDetected());
        return;
    }
    if (outcome == u"accepted-other") {
        QVERIFY2(response.has_value(), qPrintable(scram.errorString()));
        QVERIFY(!scram.downgradeDetected());
        return;
    }
    QCOMPARE(response, std::nullopt);
    QVERIFY(!scram.errorString().isEmpty());
    if (outcome == u"downgrade") {
        QVERIFY(scram.downgradeDetected());
        QVERIFY2(scram.errorString().contains(QLatin1String("XEP-0474")),
                 qPrintable(scram.errorString()));
    } else {
        QVERIFY(!scram.downgradeDetected());
        QVERIFY2(scram.errorString().contains(outcome), qPrintable(scram.errorString()));
    }
    // No proof went out, and the exchange stays failed.
    QCOMPARE(scram.respond(HashedServerFirst), std::nullopt);
    QVERIFY(!scram.verifySuccess(HashedServerFinal));
}

void TestSasl::scramWithoutDowngradeProtectionHashIsUnchanged()
{
    // A server without XEP-0474: the offer is known, but there is nothing to check it against.
    ScramMechanism scram(ScramMechanism::Algorithm::Sha1, QStringLiteral("user"),
                         QStringLiteral("pencil"));
    scram.setAdvertised({QStringLiteral("SCRAM-SHA-1")},
                        QStringList{QStringLiteral("tls-server-end-point")});
    scram.setClientNonce(Rfc5802ClientNonce);
    QCOMPARE(scram.initialResponse(), Rfc5802ClientFirst);
    QCOMPARE(scram.respond(Rfc5802ServerFirst), std::optional<QByteArray>(Rfc5802ClientFinal));
    QVERIFY2(scram.verifySuccess(Rfc5802ServerFinal), qPrintable(scram.errorString()));
    QVERIFY(!scram.downgradeDetected());
}

void TestSasl::saltedPasswordMatchesPbkdf2_data()
{
    QTest::addColumn<ScramMechanism::Algorithm>("algorithm");
    QTest::addColumn<QByteArray>("password");
    QTest::addColumn<QByteArray>("salt");
    QTest::addColumn<int>("iterations");
    QTest::addColumn<QByteArray>("expectedHex");

    // RFC 6070 PBKDF2-HMAC-SHA1 test vectors (dkLen 20).
    QTest::newRow("RFC 6070, c=1")
        << ScramMechanism::Algorithm::Sha1 << QByteArrayLiteral("password")
        << QByteArrayLiteral("salt") << 1
        << QByteArrayLiteral("0c60c80f961f0e71f3a9b524af6012062fe037a6");
    QTest::newRow("RFC 6070, c=4096")
        << ScramMechanism::Algorithm::Sha1 << QByteArrayLiteral("password")
        << QByteArrayLiteral("salt") << 4096
        << QByteArrayLiteral("4b007901b765489abead49d926f721d065a429c1");
    // Python 3: hashlib.pbkdf2_hmac(alg, b"pencil", b64decode(salt), 4096).hex()
    QTest::newRow("RFC 5802 salt, SHA-1")
        << ScramMechanism::Algorithm::Sha1 << QByteArrayLiteral("pencil")
        << QByteArray::fromBase64("QSXCR+Q6sek8bf92") << 4096
        << QByteArrayLiteral("1d96ee3a529b5a5f9e47c01f229a2cb8a6e15f7d");
    QTest::newRow("RFC 7677 salt, SHA-256")
        << ScramMechanism::Algorithm::Sha256 << QByteArrayLiteral("pencil")
        << QByteArray::fromBase64("W22ZaJ0SNY7soEsUEjb6gQ==") << 4096
        << QByteArrayLiteral("c4a49510323ab4f952cac1fa99441939e78ea74d6be81ddf7096e87513dc615d");
    QTest::newRow("RFC 7677 salt, SHA-512")
        << ScramMechanism::Algorithm::Sha512 << QByteArrayLiteral("pencil")
        << QByteArray::fromBase64("W22ZaJ0SNY7soEsUEjb6gQ==") << 4096
        << QByteArrayLiteral("f16efe1be67f1d09502ebd5ed9262fddffba5a377ab4f0b687e5ed5ba0f50686"
                             "b8a4ae166476da8ab3b951d2fa9238b63998f45461bc33a464814949cec9631d");
    QTest::newRow("zero iterations")
        << ScramMechanism::Algorithm::Sha1 << QByteArrayLiteral("pencil")
        << QByteArrayLiteral("salt") << 0 << QByteArray();
}

void TestSasl::saltedPasswordMatchesPbkdf2()
{
    QFETCH(ScramMechanism::Algorithm, algorithm);
    QFETCH(QByteArray, password);
    QFETCH(QByteArray, salt);
    QFETCH(int, iterations);
    QFETCH(QByteArray, expectedHex);

    QCOMPARE(ScramMechanism::saltedPassword(algorithm, password, salt, iterations).toHex(),
             expectedHex);
}

void TestSasl::scramRejectsInvalidServerFirst_data()
{
    QTest::addColumn<QByteArray>("serverFirst");
    QTest::addColumn<QString>("expectedError");

    const QString nonceError = QStringLiteral("nonce does not extend ours");
    const QString saltError = QStringLiteral("missing or invalid salt");
    const QString iterationError = QStringLiteral("invalid iteration count");
    const QString capError = QStringLiteral("above the limit of 100000");
    const QString mandatoryError = QStringLiteral("unsupported mandatory extension");
    const QString malformed = QStringLiteral("invalid SCRAM challenge");
    const QByteArray nonce = "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j";
    const QByteArray salt = "s=QSXCR+Q6sek8bf92";

    QTest::newRow("nonce not extending ours")
        << QByteArrayLiteral("r=Xyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,"
                             "i=4096")
        << nonceError;
    QTest::newRow("nonce equal to ours")
        << QByteArrayLiteral("r=fyko+d2lbbFgONRv9qkxdawL,s=QSXCR+Q6sek8bf92,i=4096") << nonceError;
    QTest::newRow("nonce shorter than ours")
        << QByteArrayLiteral("r=fyko+d2lbb,s=QSXCR+Q6sek8bf92,i=4096") << nonceError;
    QTest::newRow("nonce with control character")
        << QByteArrayLiteral("r=fyko+d2lbbFgONRv9qkxdawL\x01xyz,s=QSXCR+Q6sek8bf92,i=4096")
        << nonceError;
    QTest::newRow("missing salt") << QByteArray(nonce + ",i=4096") << malformed;
    QTest::newRow("empty salt") << QByteArray(nonce + ",s=,i=4096") << saltError;
    QTest::newRow("bad base64 salt")
        << QByteArray(nonce + ",s=QSX!CR+Q6sek8bf92,i=4096") << saltError;
    QTest::newRow("missing iteration count") << QByteArray(nonce + ',' + salt) << malformed;
    QTest::newRow("empty iteration count")
        << QByteArray(nonce + ',' + salt + ",i=") << iterationError;
    QTest::newRow("i=0") << QByteArray(nonce + ',' + salt + ",i=0") << iterationError;
    QTest::newRow("negative i") << QByteArray(nonce + ',' + salt + ",i=-4096") << iterationError;
    QTest::newRow("i with leading zero")
        << QByteArray(nonce + ',' + salt + ",i=04096") << iterationError;
    QTest::newRow("i not a number") << QByteArray(nonce + ',' + salt + ",i=4k") << iterationError;
    QTest::newRow("i above cap") << QByteArray(nonce + ',' + salt + ",i=1000001") << capError;
    QTest::newRow("i overflowing")
        << QByteArray(nonce + ',' + salt + ",i=99999999999999999999999") << capError;
    QTest::newRow("m= mandatory extension")
        << QByteArray("m=ext," + nonce + ',' + salt + ",i=4096") << mandatoryError;
    QTest::newRow("m= after the iteration count")
        << QByteArray(nonce + ',' + salt + ",i=4096,m=ext") << mandatoryError;
    QTest::newRow("attributes out of order")
        << QByteArray(salt + ',' + nonce + ",i=4096") << malformed;
    QTest::newRow("extension without value")
        << QByteArray(nonce + ',' + salt + ",i=4096,ext") << malformed;
    QTest::newRow("empty") << QByteArray() << malformed;
    QTest::newRow("garbage") << QByteArray("\xff\xfe\x00garbage", 10) << malformed;
}

void TestSasl::scramRejectsInvalidServerFirst()
{
    QFETCH(QByteArray, serverFirst);
    QFETCH(QString, expectedError);

    ScramMechanism scram(ScramMechanism::Algorithm::Sha1, QStringLiteral("user"),
                         QStringLiteral("pencil"));
    scram.setClientNonce(Rfc5802ClientNonce);
    QCOMPARE(scram.initialResponse(), Rfc5802ClientFirst);
    QCOMPARE(scram.respond(serverFirst), std::nullopt);
    QVERIFY2(scram.errorString().contains(expectedError), qPrintable(scram.errorString()));
    // A failed exchange stays failed.
    QVERIFY(!scram.verifySuccess(Rfc5802ServerFinal));
    QCOMPARE(scram.respond(Rfc5802ServerFirst), std::nullopt);
}

void TestSasl::scramRejectsInvalidServerFinal_data()
{
    QTest::addColumn<QByteArray>("serverFinal");
    QTest::addColumn<QString>("expectedError");

    const QString wrongSignature = QStringLiteral("wrong SCRAM server signature");
    QTest::newRow("wrong server signature")
        << QByteArrayLiteral("v=smF9pqV8S7suAoZWja4dJRkFsKQ=") << wrongSignature;
    QTest::newRow("truncated server signature")
        << QByteArrayLiteral("v=rmF9pqV8S7suAoZWja4dJQ==") << wrongSignature;
    QTest::newRow("SCRAM-SHA-256 signature")
        << QByteArrayLiteral("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=") << wrongSignature;
    QTest::newRow("bad base64 signature")
        << QByteArrayLiteral("v=rmF9pqV8S7su!oZWja4dJRkFsKQ=") << wrongSignature;
    QTest::newRow("empty signature") << QByteArrayLiteral("v=") << wrongSignature;
    QTest::newRow("client proof echoed") << Rfc5802ClientFinal << wrongSignature;
    QTest::newRow("e= invalid-proof")
        << QByteArrayLiteral("e=invalid-proof") << QStringLiteral("invalid-proof");
    QTest::newRow("e= unknown-user")
        << QByteArrayLiteral("e=unknown-user,x=ext") << QStringLiteral("unknown-user");
    QTest::newRow("garbage") << QByteArray("\xff\xfe\x00v=", 5) << wrongSignature;
}

void TestSasl::scramRejectsInvalidServerFinal()
{
    QFETCH(QByteArray, serverFinal);
    QFETCH(QString, expectedError);

    // As additional data of <success/>.
    const auto inSuccess = rfc5802AfterClientFinal();
    QVERIFY(inSuccess);
    QVERIFY(!inSuccess->verifySuccess(serverFinal));
    QVERIFY2(inSuccess->errorString().contains(expectedError),
             qPrintable(inSuccess->errorString()));

    // As a final <challenge/>: refused there, and the empty <success/> after it too.
    const auto asChallenge = rfc5802AfterClientFinal();
    QVERIFY(asChallenge);
    QCOMPARE(asChallenge->respond(serverFinal), std::nullopt);
    QVERIFY2(asChallenge->errorString().contains(expectedError),
             qPrintable(asChallenge->errorString()));
    QVERIFY(!asChallenge->verifySuccess(QByteArray()));
}

void TestSasl::scramRejectsSuccessBeforeFinalStep()
{
    ScramMechanism beforeStart(ScramMechanism::Algorithm::Sha1, QStringLiteral("user"),
                               QStringLiteral("pencil"));
    QVERIFY(!beforeStart.verifySuccess(QByteArray()));
    QVERIFY(!beforeStart.errorString().isEmpty());

    ScramMechanism afterFirst(ScramMechanism::Algorithm::Sha1, QStringLiteral("user"),
                              QStringLiteral("pencil"));
    afterFirst.setClientNonce(Rfc5802ClientNonce);
    QCOMPARE(afterFirst.initialResponse(), Rfc5802ClientFirst);
    QVERIFY(!afterFirst.verifySuccess(Rfc5802ServerFinal));
    QVERIFY(afterFirst.errorString().contains(QLatin1String("before the SCRAM exchange")));

    // Success without the server-final message: the server proved nothing.
    const auto withoutData = rfc5802AfterClientFinal();
    QVERIFY(withoutData);
    QVERIFY(!withoutData->verifySuccess(QByteArray()));
    QVERIFY(withoutData->errorString().contains(QLatin1String("without proving")));
}

void TestSasl::scramRejectsChallengeBeforeInitialResponse()
{
    ScramMechanism scram(ScramMechanism::Algorithm::Sha256, QStringLiteral("user"),
                         QStringLiteral("pencil"));
    QCOMPARE(scram.respond(Rfc5802ServerFirst), std::nullopt);
    QVERIFY(!scram.errorString().isEmpty());
}

void TestSasl::scramRejectsChallengeAfterVerification()
{
    const auto scram = rfc5802AfterClientFinal();
    QVERIFY(scram);
    QVERIFY(scram->respond(Rfc5802ServerFinal).has_value());
    QCOMPARE(scram->respond(Rfc5802ServerFinal), std::nullopt);
    QVERIFY(!scram->verifySuccess(QByteArray()));
}

void TestSasl::scramGeneratesRandomPrintableNonce()
{
    ScramMechanism first(ScramMechanism::Algorithm::Sha256, QStringLiteral("user"),
                         QStringLiteral("pencil"));
    ScramMechanism second(ScramMechanism::Algorithm::Sha256, QStringLiteral("user"),
                          QStringLiteral("pencil"));
    const QByteArray a = first.initialResponse();
    const QByteArray b = second.initialResponse();
    // 24 random bytes, base64 without padding: 32 characters, none of them a comma.
    const QRegularExpression pattern(QStringLiteral("^n,,n=user,r=[A-Za-z0-9+/]{32}$"));
    QVERIFY2(pattern.match(QString::fromLatin1(a)).hasMatch(), a.constData());
    QVERIFY2(pattern.match(QString::fromLatin1(b)).hasMatch(), b.constData());
    QVERIFY(a != b);
}

void TestSasl::scramEscapesUsername_data()
{
    QTest::addColumn<QString>("username");
    QTest::addColumn<QByteArray>("clientFirst");

    QTest::newRow("comma and equals")
        << QStringLiteral(",=") << QByteArrayLiteral("n,,n==2C=3D,r=abc");
    QTest::newRow("inside a name")
        << QStringLiteral("a,b=c") << QByteArrayLiteral("n,,n=a=2Cb=3Dc,r=abc");
    QTest::newRow("escape-like text")
        << QStringLiteral("=2C") << QByteArrayLiteral("n,,n==3D2C,r=abc");
    QTest::newRow("non-ASCII as UTF-8")
        << QStringLiteral("j\u00FCrgen") << QByteArrayLiteral("n,,n=j\xc3\xbcrgen,r=abc");
}

void TestSasl::scramEscapesUsername()
{
    QFETCH(QString, username);
    QFETCH(QByteArray, clientFirst);

    ScramMechanism scram(ScramMechanism::Algorithm::Sha1, username, QStringLiteral("pencil"));
    scram.setClientNonce(QByteArrayLiteral("abc"));
    QCOMPARE(scram.initialResponse(), clientFirst);
}

void TestSasl::scramAppliesSaslPrep()
{
    // Soft hyphens are mapped to nothing: the RFC 5802 exchange comes out byte for byte.
    ScramMechanism scram(ScramMechanism::Algorithm::Sha1, QStringLiteral("us\u00ADer"),
                         QStringLiteral("pen\u00ADcil"));
    scram.setClientNonce(Rfc5802ClientNonce);
    QCOMPARE(scram.initialResponse(), Rfc5802ClientFirst);
    QCOMPARE(scram.respond(Rfc5802ServerFirst), std::optional<QByteArray>(Rfc5802ClientFinal));
    QVERIFY(scram.verifySuccess(Rfc5802ServerFinal));

    // A no-break space in the password is the same password as one with a plain space.
    const auto clientFinalFor = [](const QString &password) {
        ScramMechanism mechanism(ScramMechanism::Algorithm::Sha1, QStringLiteral("user"), password);
        mechanism.setClientNonce(Rfc5802ClientNonce);
        mechanism.initialResponse();
        return mechanism.respond(Rfc5802ServerFirst).value_or(QByteArray());
    };
    const QByteArray withSpace = clientFinalFor(QStringLiteral("pen cil"));
    QVERIFY(!withSpace.isEmpty());
    QCOMPARE(clientFinalFor(QStringLiteral("pen\u00A0cil")), withSpace);
    QVERIFY(withSpace != Rfc5802ClientFinal);
}

void TestSasl::scramRejectsUnpreparableCredentials_data()
{
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("expectedError");

    QTest::newRow("control character in user name")
        << QStringLiteral("us\u0007er") << QStringLiteral("pencil")
        << QStringLiteral("user name contains");
    QTest::newRow("control character in password")
        << QStringLiteral("user") << QStringLiteral("pen\u0007cil")
        << QStringLiteral("password contains");
    QTest::newRow("bidi violation in password")
        << QStringLiteral("user") << QStringLiteral("\u0627\u0031")
        << QStringLiteral("password contains");
    QTest::newRow("empty user name")
        << QString() << QStringLiteral("pencil") << QStringLiteral("user name is empty");
    QTest::newRow("user name mapped to nothing")
        << QStringLiteral("\u00AD") << QStringLiteral("pencil")
        << QStringLiteral("user name is empty");
}

void TestSasl::scramRejectsUnpreparableCredentials()
{
    QFETCH(QString, username);
    QFETCH(QString, password);
    QFETCH(QString, expectedError);

    ScramMechanism scram(ScramMechanism::Algorithm::Sha256, username, password);
    QCOMPARE(scram.initialResponse(), QByteArray());
    QVERIFY2(scram.errorString().contains(expectedError), qPrintable(scram.errorString()));
    QCOMPARE(scram.respond(QByteArrayLiteral("r=abc,s=QSXCR+Q6sek8bf92,i=4096")), std::nullopt);
}

void TestSasl::saslPrepMapsAndProhibits_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("prepared");

    // RFC 4013 section 3 examples.
    QTest::newRow("soft hyphen mapped to nothing")
        << QStringLiteral("I\u00ADX") << true << QStringLiteral("IX");
    QTest::newRow("no transformation") << QStringLiteral("user") << true << QStringLiteral("user");
    QTest::newRow("case preserved") << QStringLiteral("USER") << true << QStringLiteral("USER");
    QTest::newRow("NFKC ordinal indicator")
        << QStringLiteral("\u00AA") << true << QStringLiteral("a");
    QTest::newRow("NFKC roman numeral nine")
        << QStringLiteral("\u2168") << true << QStringLiteral("IX");
    QTest::newRow("prohibited control character") << QStringLiteral("\u0007") << false << QString();
    QTest::newRow("bidi: RandALCat not first and last")
        << QStringLiteral("\u0627\u0031") << false << QString();
    // Further mapping and prohibition cases.
    QTest::newRow("no-break space mapped to space")
        << QStringLiteral("a\u00A0b") << true << QStringLiteral("a b");
    QTest::newRow("em space mapped to space")
        << QStringLiteral("a\u2003b") << true << QStringLiteral("a b");
    QTest::newRow("zero-width no-break space mapped to nothing")
        << QStringLiteral("\uFEFFx") << true << QStringLiteral("x");
    QTest::newRow("Arabic only") << QStringLiteral("\u0627\u0628") << true
                                 << QStringLiteral("\u0627\u0628");
    QTest::newRow("private use prohibited") << QStringLiteral("a\uE000") << false << QString();
    QTest::newRow("replacement character prohibited")
        << QStringLiteral("a\uFFFD") << false << QString();
    QTest::newRow("NUL prohibited") << QString(QChar(u'\0')) << false << QString();
    QTest::newRow("unassigned in Unicode 3.2 allowed (emoji)")
        << QStringLiteral("\U0001F600") << true << QStringLiteral("\U0001F600");
    QTest::newRow("empty") << QString() << true << QString();
}

void TestSasl::saslPrepMapsAndProhibits()
{
    QFETCH(QString, input);
    QFETCH(bool, valid);
    QFETCH(QString, prepared);

    const std::optional<QString> result = SaslMechanism::saslPrep(input);
    QCOMPARE(result.has_value(), valid);
    if (valid)
        QCOMPARE(*result, prepared);
}

void TestSasl::chooseStrongestAllowed_data()
{
    QTest::addColumn<QStringList>("offered");
    QTest::addColumn<bool>("encrypted");
    QTest::addColumn<QString>("expected");

    const QString sha1 = QStringLiteral("SCRAM-SHA-1");
    const QString sha256 = QStringLiteral("SCRAM-SHA-256");
    const QString sha512 = QStringLiteral("SCRAM-SHA-512");
    const QString plain = QStringLiteral("PLAIN");

    QTest::newRow("everything, encrypted")
        << QStringList{plain, sha1, sha256, sha512} << true << sha512;
    QTest::newRow("SHA-1 and SHA-256") << QStringList{sha1, sha256} << true << sha256;
    QTest::newRow("offer order does not matter")
        << QStringList{sha1, sha512, sha256} << false << sha512;
    QTest::newRow("SHA-1 only, unencrypted") << QStringList{sha1} << false << sha1;
    QTest::newRow("PLAIN only, encrypted") << QStringList{plain} << true << plain;
    QTest::newRow("PLAIN only, unencrypted") << QStringList{plain} << false << QString();
    QTest::newRow("PLAIN and SCRAM, encrypted") << QStringList{plain, sha1} << true << sha1;
    QTest::newRow("PLAIN and only a -PLUS SCRAM, encrypted")
        << QStringList{plain, QStringLiteral("SCRAM-SHA-1-PLUS")} << true << QString();
    QTest::newRow("-PLUS next to plain SCRAM")
        << QStringList{QStringLiteral("SCRAM-SHA-256-PLUS"), sha256} << true << sha256;
    QTest::newRow("only -PLUS forms")
        << QStringList{QStringLiteral("SCRAM-SHA-512-PLUS")} << true << QString();
    QTest::newRow("names are case-sensitive")
        << QStringList{QStringLiteral("scram-sha-1"), QStringLiteral("plain")} << true << QString();
    QTest::newRow("unknown mechanisms and PLAIN, encrypted")
        << QStringList{QStringLiteral("DIGEST-MD5"), QStringLiteral("X-OAUTH2"), plain} << true
        << plain;
    QTest::newRow("unknown mechanisms only")
        << QStringList{QStringLiteral("DIGEST-MD5"), QStringLiteral("ANONYMOUS")} << true
        << QString();
    QTest::newRow("nothing offered") << QStringList() << true << QString();
}

void TestSasl::chooseStrongestAllowed()
{
    QFETCH(QStringList, offered);
    QFETCH(bool, encrypted);
    QFETCH(QString, expected);

    QCOMPARE(SaslMechanism::choose(offered, encrypted), expected);
}

void TestSasl::supportedMechanismsStrongestFirst()
{
    QCOMPARE(SaslMechanism::supportedMechanisms(),
             (QStringList{QStringLiteral("SCRAM-SHA-512"), QStringLiteral("SCRAM-SHA-256"),
                          QStringLiteral("SCRAM-SHA-1"), QStringLiteral("PLAIN")}));
}

void TestSasl::createByName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("known");

    QTest::newRow("SCRAM-SHA-512") << QStringLiteral("SCRAM-SHA-512") << true;
    QTest::newRow("SCRAM-SHA-256") << QStringLiteral("SCRAM-SHA-256") << true;
    QTest::newRow("SCRAM-SHA-1") << QStringLiteral("SCRAM-SHA-1") << true;
    QTest::newRow("PLAIN") << QStringLiteral("PLAIN") << true;
    QTest::newRow("SCRAM-SHA-1-PLUS") << QStringLiteral("SCRAM-SHA-1-PLUS") << false;
    QTest::newRow("lower case") << QStringLiteral("scram-sha-1") << false;
    QTest::newRow("DIGEST-MD5") << QStringLiteral("DIGEST-MD5") << false;
    QTest::newRow("empty") << QString() << false;
}

void TestSasl::createByName()
{
    QFETCH(QString, name);
    QFETCH(bool, known);

    const std::unique_ptr<SaslMechanism> mechanism =
        SaslMechanism::create(name, QStringLiteral("user"), QStringLiteral("pencil"));
    QCOMPARE(mechanism != nullptr, known);
    if (known) {
        QCOMPARE(mechanism->name(), name);
        QVERIFY(!mechanism->initialResponse().isEmpty());
    }
}

void TestSasl::plainEncodesCredentials_data()
{
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QByteArray>("message");

    QTest::newRow("ASCII") << QStringLiteral("juliet") << QStringLiteral("r0m30myr0m30")
                           << QByteArrayLiteral("\0juliet\0r0m30myr0m30");
    QTest::newRow("SASLprep mapping")
        << QStringLiteral("jul\u00ADiet") << QStringLiteral("r0m30\u00A0myr0m30")
        << QByteArrayLiteral("\0juliet\0r0m30 myr0m30");
    QTest::newRow("UTF-8") << QStringLiteral("j\u00FCrgen") << QStringLiteral("p\u00E4ss")
                           << QByteArrayLiteral("\0j\xc3\xbcrgen\0p\xc3\xa4ss");
    QTest::newRow("comma and equals kept verbatim")
        << QStringLiteral("a,b=c") << QStringLiteral("x,y=z")
        << QByteArrayLiteral("\0a,b=c\0x,y=z");
}

void TestSasl::plainEncodesCredentials()
{
    QFETCH(QString, username);
    QFETCH(QString, password);
    QFETCH(QByteArray, message);

    PlainMechanism plain(username, password);
    QCOMPARE(plain.name(), QStringLiteral("PLAIN"));
    QCOMPARE(plain.initialResponse(), message);
    QVERIFY(plain.errorString().isEmpty());
}

void TestSasl::plainRejectsUnpreparableCredentials_data()
{
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("expectedError");

    QTest::newRow("NUL in user name") << QStringLiteral("a\u0000b") << QStringLiteral("pencil")
                                      << QStringLiteral("user name contains");
    QTest::newRow("control character in password")
        << QStringLiteral("user") << QStringLiteral("pen\u0007cil")
        << QStringLiteral("password contains");
    QTest::newRow("empty user name")
        << QString() << QStringLiteral("pencil") << QStringLiteral("user name is empty");
    QTest::newRow("empty password")
        << QStringLiteral("user") << QString() << QStringLiteral("password is empty");
}

void TestSasl::plainRejectsUnpreparableCredentials()
{
    QFETCH(QString, username);
    QFETCH(QString, password);
    QFETCH(QString, expectedError);

    PlainMechanism plain(username, password);
    QCOMPARE(plain.initialResponse(), QByteArray());
    QVERIFY2(plain.errorString().contains(expectedError), qPrintable(plain.errorString()));
    QVERIFY(!plain.verifySuccess(QByteArray()));
}

void TestSasl::plainRejectsChallenges()
{
    PlainMechanism plain(QStringLiteral("user"), QStringLiteral("pencil"));
    QVERIFY(!plain.initialResponse().isEmpty());
    QCOMPARE(plain.respond(QByteArray()), std::nullopt);
    QVERIFY(!plain.errorString().isEmpty());
    QCOMPARE(plain.respond(QByteArrayLiteral("anything")), std::nullopt);
}

void TestSasl::plainAcceptsEmptySuccessOnlyAfterSending()
{
    PlainMechanism notSent(QStringLiteral("user"), QStringLiteral("pencil"));
    QVERIFY(!notSent.verifySuccess(QByteArray()));

    PlainMechanism plain(QStringLiteral("user"), QStringLiteral("pencil"));
    QVERIFY(!plain.initialResponse().isEmpty());
    QVERIFY(plain.verifySuccess(QByteArray()));
}

QTEST_GUILESS_MAIN(TestSasl)
#include "tst_sasl.moc"
