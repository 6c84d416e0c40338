// SPDX-License-Identifier: GPL-3.0-or-later
// Logging in to the real Prosody of the test fixture: TLS, SASL, binding, certificates, errors.
#include "TestServer.h"

#include "account/Account.h"
#include "stream/sasl/SaslMechanism.h"
#include "xml/Namespaces.h"

#include <QSignalSpy>
#include <QTest>

using namespace natter;

class tst_Login : public QObject
{
    Q_OBJECT

private:
    TestServer m_server;

    // Connects and waits until the account is online or failed.
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

private Q_SLOTS:
    void initTestCase()
    {
        if (!m_server.isValid())
            QFAIL(qPrintable(m_server.why()));
    }

    void loginWithTheServersScramVariant()
    {
        Account account;
        account.setSettings(m_server.settings(QStringLiteral("alice")));
        QSignalSpy connected(&account, &Account::connected);
        account.connectToServer();
        QVERIFY(waitSettled(account));
        QCOMPARE(account.state(), Account::State::Online);
        QCOMPARE(connected.size(), 1);
        const QString expected = m_server.hash() == u"SHA-256" ? QStringLiteral("SCRAM-SHA-256")
                                                               : QStringLiteral("SCRAM-SHA-1");
        QCOMPARE(account.session().mechanism, expected);
        QVERIFY(account.jid().isFull());
        QCOMPARE(account.jid().bareString(), m_server.jid(QStringLiteral("alice")));
        QVERIFY(account.session().peerCertificate && !account.session().peerCertificate->isNull());
        // Prosody offers these after authentication; we must have read them.
        QVERIFY(account.session().hasFeature(ns::RosterVersioning, QStringLiteral("ver")));

        QSignalSpy disconnected(&account, &Account::disconnected);
        account.disconnectFromServer();
        QTRY_COMPARE_WITH_TIMEOUT(disconnected.size(), 1, 10000);
        QCOMPARE(disconnected.first().first().value<ConnectionError>().kind,
                 ConnectionError::Kind::None);
        QCOMPARE(account.state(), Account::State::Offline);
    }

    void loginWithDirectTls()
    {
        Account account;
        ConnectionSettings settings = m_server.settings(QStringLiteral("bob"));
        settings.port = m_server.directTlsPort();
        settings.directTls = true;
        account.setSettings(settings);
        account.connectToServer();
        QVERIFY(waitSettled(account));
        QCOMPARE(account.state(), Account::State::Online);
        account.disconnectFromServer();
        QTRY_COMPARE(account.state(), Account::State::Offline);
    }

    void requestedResourceIsBound()
    {
        Account account;
        account.setSettings(m_server.settings(QStringLiteral("carol"), QStringLiteral("laptop")));
        account.connectToServer();
        QVERIFY(waitSettled(account));
        QCOMPARE(account.state(), Account::State::Online);
        QCOMPARE(account.jid().resourcepart(), QStringLiteral("laptop"));
        account.disconnectFromServer();
        QTRY_COMPARE(account.state(), Account::State::Offline);
    }

    void wrongPasswordFailsWithNotAuthorized()
    {
        Account account;
        ConnectionSettings settings = m_server.settings(QStringLiteral("alice"));
        settings.password = QStringLiteral("not the password");
        account.setSettings(settings);
        account.connectToServer();
        QVERIFY(waitSettled(account));
        QCOMPARE(account.state(), Account::State::Error);
        QCOMPARE(account.lastError().kind, ConnectionError::Kind::AuthenticationFailed);
        QCOMPARE(account.lastError().condition, QStringLiteral("not-authorized"));
        QVERIFY(!account.lastError().message().isEmpty());
    }

    void untrustedCertificateStopsBeforeAuthentication()
    {
        Account account;
        ConnectionSettings settings = m_server.settings(QStringLiteral("alice"));
        settings.extraCaCertificates.clear(); // the fixture's self-signed CA is not trusted now
        account.setSettings(settings);
        account.transport()->setTraceEnabled(true);
        QStringList sent;
        connect(&account, &Account::xmlTraffic, this,
                [&](StanzaTransport::Direction d, const QString &xml) {
                    if (d == StanzaTransport::Direction::Out)
                        sent.append(xml);
                });
        account.connectToServer();
        QVERIFY(waitSettled(account));
        QCOMPARE(account.state(), Account::State::Error);
        const ConnectionError error = account.lastError();
        QCOMPARE(error.kind, ConnectionError::Kind::CertificateUntrusted);
        QCOMPARE(error.certificate.fingerprintHex(), m_server.certificateSha256());
        QVERIFY(!error.certificate.problems.isEmpty());
        QVERIFY(error.message().contains(error.certificate.fingerprint()));
        // Only the stream header and <starttls/> went out: no credentials.
        QVERIFY(!sent.isEmpty());
        for (const QString &xml : std::as_const(sent))
            QVERIFY2(!xml.contains(u"<auth") && !xml.contains(ns::Sasl), qPrintable(xml));
    }

    void pinnedCertificateIsAcceptedWithoutCa()
    {
        Account account;
        ConnectionSettings settings = m_server.settings(QStringLiteral("alice"));
        settings.extraCaCertificates.clear();
        settings.pinnedSha256 = QByteArray::fromHex(m_server.certificateSha256().toLatin1());
        account.setSettings(settings);
        account.connectToServer();
        QVERIFY(waitSettled(account));
        QCOMPARE(account.state(), Account::State::Online);
        account.disconnectFromServer();
        QTRY_COMPARE(account.state(), Account::State::Offline);
    }

    void otherPinRefusesEvenATrustedCertificate()
    {
        Account account;
        ConnectionSettings settings = m_server.settings(QStringLiteral("alice"));
        settings.pinnedSha256 = QByteArray(32, '\x42');
        account.setSettings(settings);
        account.connectToServer();
        QVERIFY(waitSettled(account));
        QCOMPARE(account.state(), Account::State::Error);
        QCOMPARE(account.lastError().kind, ConnectionError::Kind::CertificateUntrusted);
    }

    void refusedPortReportsTheEndpoint()
    {
        Account account;
        ConnectionSettings settings = m_server.settings(QStringLiteral("alice"));
        settings.port = 1; // nothing listens there
        account.setSettings(settings);
        account.connectToServer();
        QVERIFY(waitSettled(account));
        QCOMPARE(account.state(), Account::State::Error);
        QCOMPARE(account.lastError().kind, ConnectionError::Kind::ConnectionRefused);
        QVERIFY(account.lastError().message().contains(QStringLiteral(":1")));
    }

    void unknownIqIsAnsweredWithServiceUnavailable()
    {
        Account alice;
        Account bob;
        alice.setSettings(m_server.settings(QStringLiteral("alice"), QStringLiteral("iqtest")));
        bob.setSettings(m_server.settings(QStringLiteral("bob"), QStringLiteral("iqtest")));
        alice.connectToServer();
        bob.connectToServer();
        QVERIFY(waitSettled(alice));
        QVERIFY(waitSettled(bob));
        QCOMPARE(alice.state(), Account::State::Online);
        QCOMPARE(bob.state(), Account::State::Online);

        Iq iq(Iq::Type::Get,
              XmlElement(QStringLiteral("urn:example:unknown"), QStringLiteral("query")));
        iq.setTo(bob.jid());
        std::optional<IqResult> result;
        alice.request(iq, this, [&](const IqResult &r) { result = r; });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 10000);
        QCOMPARE(result->status, IqResult::Status::Error);
        QCOMPARE(result->error.condition(), StanzaError::Condition::ServiceUnavailable);
        QCOMPARE(result->response.from(), bob.jid());

        alice.disconnectFromServer();
        bob.disconnectFromServer();
        QTRY_COMPARE(alice.state(), Account::State::Offline);
        QTRY_COMPARE(bob.state(), Account::State::Offline);
    }

    void sameResourceTwiceDisconnectsTheFirstWithConflict()
    {
        Account first;
        Account second;
        first.setSettings(m_server.settings(QStringLiteral("dave"), QStringLiteral("desk")));
        second.setSettings(m_server.settings(QStringLiteral("dave"), QStringLiteral("desk")));
        first.connectToServer();
        QVERIFY(waitSettled(first));
        QCOMPARE(first.state(), Account::State::Online);
        second.connectToServer();
        QVERIFY(waitSettled(second));
        QCOMPARE(second.state(), Account::State::Online);
        // Prosody's default resolution replaces the old session with a <conflict/> stream error.
        QTRY_COMPARE_WITH_TIMEOUT(first.state(), Account::State::Error, 10000);
        QCOMPARE(first.lastError().kind, ConnectionError::Kind::StreamError);
        QCOMPARE(first.lastError().condition, QStringLiteral("conflict"));
        QVERIFY(!first.lastError().isTemporary());
        second.disconnectFromServer();
        QTRY_COMPARE(second.state(), Account::State::Offline);
    }
};

QTEST_GUILESS_MAIN(tst_Login)
#include "itst_login.moc"
