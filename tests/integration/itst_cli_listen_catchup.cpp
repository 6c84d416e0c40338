// SPDX-License-Identifier: GPL-3.0-or-later
// `natter-cli listen` keeps its promise through a lost session (issue 4): it rides through a
// connection that dies while the server queues more than it will keep for a resumption
// (Prosody: smacks_max_queue_size, 500), so that the resumption fails and what was queued is
// left to the archive; listen catches up from MAM and prints every message exactly once.
#include "CliProcess.h"
#include "FaultProxy.h"
#include "TestServer.h"

#include "account/Account.h"
#include "account/StandardExtensions.h"
#include "ext/DiscoExtension.h"
#include "ext/MessageExtension.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace natter;
using namespace Qt::StringLiterals;

namespace {

constexpr int Before = 40;  // printed live before the connection dies
constexpr int Queued = 620; // sent while it is dead: more than the server keeps for resuming
constexpr int After = 20;   // sent once it is back
constexpr int Total = Before + Queued + After;

} // namespace

class tst_CliListenCatchUp : public QObject
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

    void listenPrintsEveryMessageOnceAfterAFailedResumption()
    {
        const QString listenerUser = m_server.registerFreshUser(u"listener"_s);
        const QString senderUser = m_server.registerFreshUser(u"talker"_s);
        QVERIFY(!listenerUser.isEmpty() && !senderUser.isEmpty());

        FaultProxy proxy(m_server.host(), m_server.port());
        QVERIFY(proxy.listen());
        CliProcess listener;
        listener.start({u"--jid"_s, m_server.jid(listenerUser), u"--host"_s, u"127.0.0.1"_s,
                        u"--port"_s, QString::number(proxy.port()), u"--ca-file"_s,
                        m_server.caFile(), u"listen"_s, u"--count"_s, QString::number(Total),
                        u"--json"_s},
                       m_server.cliEnvironment(listenerUser));
        QVERIFY2(listener.waitForErrorLine(u"Listening as "_s),
                 qPrintable(listener.result().describe()));

        // The other side, in this process, straight to the server.
        Account sender;
        sender.setSettings(m_server.settings(senderUser, u"talker"_s));
        const StandardExtensions ext = StandardExtensions::install(&sender);
        ext.disco->setAutoDiscover(false);
        int acknowledged = 0;
        connect(&sender, &Account::stanzasAcknowledged, this,
                [&](const QList<XmlElement> &stanzas) {
                    for (const XmlElement &s : stanzas)
                        acknowledged += s.name() == u"message" ? 1 : 0;
                });
        sender.connectToServer();
        QTRY_VERIFY_WITH_TIMEOUT(sender.isOnline(), 20000);
        QVERIFY(sender.isStreamManagementEnabled());
        const Jid to = Jid::fromString(m_server.jid(listenerUser));
        const auto send = [&](int from, int count) {
            for (int n = from; n < from + count; ++n)
                QVERIFY(ext.messages->sendChat(to, u"n=%1"_s.arg(n)));
            QTRY_VERIFY_WITH_TIMEOUT(acknowledged >= from + count - 1, 60000);
        };

        send(1, Before);
        QTRY_VERIFY_WITH_TIMEOUT(listener.result().outLines().size() >= Before, 30000);

        // The listener's connection goes silent; the server queues for it, then the connection
        // drops. Its resumption fails (too much queued), so the queue is left to the archive.
        proxy.setBlackhole(true);
        send(Before + 1, Queued);
        QTest::qWait(500);
        proxy.setBlackhole(false);
        proxy.cutAll();

        // Back (a new session, catching up): some more live.
        QTest::qWait(3000);
        send(Before + Queued + 1, After);

        QVERIFY2(listener.waitForFinished(120000), qPrintable(listener.result().describe()));
        const CliProcess::Result result = listener.result();
        QCOMPARE(result.exitCode, 0);
        QHash<int, int> printed;
        for (const QString &line : result.outLines()) {
            const QJsonObject o = QJsonDocument::fromJson(line.toUtf8()).object();
            const QString body = o.value(u"body").toString();
            QVERIFY2(body.startsWith(u"n="_s), qPrintable(line));
            ++printed[body.mid(2).toInt()];
        }
        QStringList wrong;
        for (int n = 1; n <= Total; ++n) {
            if (printed.value(n) != 1)
                wrong.append(u"n=%1 ×%2"_s.arg(n).arg(printed.value(n)));
        }
        QVERIFY2(wrong.isEmpty(),
                 qPrintable(wrong.mid(0, 20).join(u", "_s) + u"\n"_s + result.err.right(3000)));
        sender.disconnectFromServer();
    }
};

QTEST_GUILESS_MAIN(tst_CliListenCatchUp)
#include "itst_cli_listen_catchup.moc"
