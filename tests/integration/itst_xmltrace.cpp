// SPDX-License-Identifier: GPL-3.0-or-later
// What the XML console receives during a real login to Prosody: every stanza in and out, with the
// SASL exchange masked and the password nowhere; nothing at all while tracing is off.
#include "TestServer.h"

#include "account/Account.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace natter;

class tst_XmlTrace : public QObject
{
    Q_OBJECT

private:
    TestServer m_server;

private Q_SLOTS:
    void initTestCase()
    {
        if (!m_server.isValid())
            QFAIL(qPrintable(m_server.why()));
    }

    void saslIsMaskedInTheTrace()
    {
        Account account;
        account.setSettings(m_server.settings(u"alice"_s));
        account.transport()->setTraceEnabled(true);
        QList<QPair<StanzaTransport::Direction, QString>> traffic;
        connect(&account, &Account::xmlTraffic, this,
                [&](StanzaTransport::Direction d, const QString &xml) {
                    traffic.append({d, xml});
                });
        account.connectToServer();
        QTRY_VERIFY_WITH_TIMEOUT(account.isOnline(), 30000);

        const QString password = m_server.password(u"alice"_s);
        QVERIFY(!password.isEmpty());
        // The SCRAM client-first message "n,,n=alice,r=..." in base64 starts with "biws".
        bool sawAuth = false, sawChallenge = false, sawResponse = false, sawSuccess = false;
        for (const auto &[direction, xml] : std::as_const(traffic)) {
            QVERIFY2(!xml.contains(password), qPrintable(xml));
            QVERIFY2(!xml.contains(u"biws"), qPrintable(xml));
            const bool out = direction == StanzaTransport::Direction::Out;
            if (out && xml.startsWith(u"<auth")) {
                sawAuth = true;
                QVERIFY2(xml.contains(u"[masked]"), qPrintable(xml));
            } else if (out && xml.startsWith(u"<response")) {
                sawResponse = true;
                QVERIFY2(xml.contains(u"[masked]"), qPrintable(xml));
            } else if (!out && xml.startsWith(u"<challenge")) {
                sawChallenge = true;
                QVERIFY2(xml.contains(u"[masked]"), qPrintable(xml));
            } else if (!out && xml.startsWith(u"<success")) {
                sawSuccess = true;
                QVERIFY2(xml.contains(u"[masked]"), qPrintable(xml));
            }
        }
        QVERIFY(sawAuth);
        QVERIFY(sawChallenge);
        QVERIFY(sawResponse);
        QVERIFY(sawSuccess);
        // The bind result and the stream features went by too.
        QVERIFY(std::any_of(traffic.cbegin(), traffic.cend(), [](const auto &t) {
            return t.first == StanzaTransport::Direction::In && t.second.contains(u"<bind");
        }));

        // Tracing off: nothing more arrives, though stanzas still flow.
        account.transport()->setTraceEnabled(false);
        const qsizetype before = traffic.size();
        account.send(Presence());
        QTest::qWait(300);
        QCOMPARE(traffic.size(), before);
        account.disconnectFromServer();
        QTRY_VERIFY_WITH_TIMEOUT(account.state() == Account::State::Offline, 10000);
    }
};

QTEST_GUILESS_MAIN(tst_XmlTrace)
#include "itst_xmltrace.moc"
