// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>

#include <functional>

class QTcpSocket;

namespace natter {

// A TCP proxy between a client under test and a real server, for fault injection: it forwards
// bytes both ways until told to cut every connection, to cut one after a given number of bytes,
// or to black-hole the traffic (accept and hold it, answer nothing) — the failures a mobile
// network or a sleeping laptop produce. TLS passes through untouched.
class FaultProxy : public QObject
{
    Q_OBJECT
public:
    enum class Direction
    {
        ToServer,
        ToClient
    };

    FaultProxy(const QString &targetHost, quint16 targetPort, QObject *parent = nullptr);
    ~FaultProxy() override;

    bool listen();
    quint16 port() const { return m_server.serverPort(); }

    // Aborts every open connection (both sides see a reset).
    void cutAll();
    // Cuts each connection opened from now on once `bytes` more bytes went in `direction`
    // (0 = off). The cut happens mid-stream, possibly mid-stanza.
    void setCutAfter(Direction direction, qint64 bytes);
    // While on, bytes are swallowed silently in both directions and new connections hang.
    void setBlackhole(bool on);
    // Refuse new connections (as if the server were down) while on.
    void setRefusing(bool on);
    // While on, bytes going in `direction` are held back, in order, and go on once it is turned
    // off (a stalled link that loses nothing): e.g. a request that is on its way but has not
    // reached the server yet.
    void setHolding(Direction direction, bool on);

    int connectionCount() const;
    int cuts() const { return m_cuts; }
    qint64 bytesForwarded(Direction direction) const;

Q_SIGNALS:
    void connectionCut();

private:
    struct Pair
    {
        QPointer<QTcpSocket> client;
        QPointer<QTcpSocket> server;
        qint64 budgetToServer = -1; // bytes left before a cut; -1: no cut planned
        qint64 budgetToClient = -1;
        QByteArray pendingToServer; // written once the server side is connected
    };

    void onNewConnection();
    void forward(Pair *pair, Direction direction);
    void cut(Pair *pair);

    QTcpServer m_server;
    QString m_targetHost;
    quint16 m_targetPort;
    QList<Pair *> m_pairs;
    qint64 m_cutToServer = 0;
    qint64 m_cutToClient = 0;
    qint64 m_forwardedToServer = 0;
    qint64 m_forwardedToClient = 0;
    int m_cuts = 0;
    bool m_blackhole = false;
    bool m_refusing = false;
    bool m_holdToServer = false;
    bool m_holdToClient = false;
};

} // namespace natter
