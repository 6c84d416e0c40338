// SPDX-License-Identifier: GPL-3.0-or-later
// LowLatencyTcp on a real loopback connection: Nagle's algorithm off once connected.
#include "stream/LowLatencyTcp.h"

#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpServer>
#include <QTest>

using namespace natter;

class TestLowLatencyTcp : public QObject
{
    Q_OBJECT

private:
    // A connected client socket (tuned or not) and the server's end of it.
    static bool connectTo(QTcpServer &server, QSslSocket &client)
    {
        QSignalSpy connected(&client, &QSslSocket::connected);
        client.connectToHost(QHostAddress::LocalHost, server.serverPort());
        return (!connected.isEmpty() || connected.wait(5000)) &&
               (server.hasPendingConnections() || server.waitForNewConnection(5000));
    }

private Q_SLOTS:
    void plainSocketKeepsNagle()
    {
        // The baseline: without the tuner the option is off, so the next test can fail.
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        QSslSocket client;
        QVERIFY(connectTo(server, client));
        QVERIFY(!LowLatencyTcp::isNoDelay(&client));
    }

    void attachedSocketHasNoDelayOnceConnected()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        QSslSocket client;
        LowLatencyTcp::attach(&client);
        QVERIFY(!LowLatencyTcp::isNoDelay(&client)); // no descriptor yet
        QVERIFY(connectTo(server, client));
        QVERIFY(LowLatencyTcp::isNoDelay(&client));

        // Data still flows both ways (the acknowledgement option is set around every write/read).
        QTcpSocket *peer = server.nextPendingConnection();
        QVERIFY(peer);
        QByteArray atPeer;
        QByteArray atClient;
        QCOMPARE(client.write("<stream:stream>"), 15);
        QTRY_COMPARE((atPeer += peer->readAll()), QByteArray("<stream:stream>"));
        QCOMPARE(peer->write("<features/>"), 11);
        QTRY_COMPARE((atClient += client.readAll()), QByteArray("<features/>"));
        QVERIFY(LowLatencyTcp::isNoDelay(&client));
    }

    void reconnectedSocketIsTunedAgain()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        QSslSocket client;
        LowLatencyTcp::attach(&client);
        QVERIFY(connectTo(server, client));
        client.abort();
        QVERIFY(connectTo(server, client));
        QVERIFY(LowLatencyTcp::isNoDelay(&client));
    }
};

QTEST_MAIN(TestLowLatencyTcp)
#include "tst_lowlatencytcp.moc"
