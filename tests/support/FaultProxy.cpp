// SPDX-License-Identifier: GPL-3.0-or-later
#include "FaultProxy.h"

#include <QTcpSocket>

namespace natter {

FaultProxy::FaultProxy(const QString &targetHost, quint16 targetPort, QObject *parent)
    : QObject(parent)
    , m_targetHost(targetHost)
    , m_targetPort(targetPort)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FaultProxy::onNewConnection);
}

FaultProxy::~FaultProxy()
{
    const auto pairs = std::exchange(m_pairs, {});
    for (Pair *pair : pairs) {
        for (QTcpSocket *socket : {pair->client.data(), pair->server.data()}) {
            if (socket) {
                socket->disconnect(this);
                socket->abort();
            }
        }
        delete pair;
    }
}

bool FaultProxy::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

int FaultProxy::connectionCount() const
{
    return int(m_pairs.size());
}

qint64 FaultProxy::bytesForwarded(Direction direction) const
{
    return direction == Direction::ToServer ? m_forwardedToServer : m_forwardedToClient;
}

void FaultProxy::setCutAfter(Direction direction, qint64 bytes)
{
    (direction == Direction::ToServer ? m_cutToServer : m_cutToClient) = bytes;
}

void FaultProxy::setBlackhole(bool on)
{
    m_blackhole = on;
}

void FaultProxy::setRefusing(bool on)
{
    m_refusing = on;
}

void FaultProxy::setHolding(Direction direction, bool on)
{
    (direction == Direction::ToServer ? m_holdToServer : m_holdToClient) = on;
    if (on)
        return;
    const auto pairs = m_pairs; // forwarding may cut a pair
    for (Pair *pair : pairs) {
        if (m_pairs.contains(pair))
            forward(pair, direction);
    }
}

void FaultProxy::cutAll()
{
    const auto pairs = m_pairs;
    for (Pair *pair : pairs)
        cut(pair);
}

void FaultProxy::cut(Pair *pair)
{
    if (!m_pairs.removeOne(pair))
        return;
    ++m_cuts;
    if (pair->client) {
        pair->client->disconnect(this);
        pair->client->abort();
        pair->client->deleteLater();
    }
    if (pair->server) {
        pair->server->disconnect(this);
        pair->server->abort();
        pair->server->deleteLater();
    }
    delete pair;
    Q_EMIT connectionCut();
}

void FaultProxy::onNewConnection()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        if (m_refusing) {
            client->abort();
            client->deleteLater();
            continue;
        }
        auto *pair = new Pair;
        pair->client = client;
        pair->server = new QTcpSocket(this);
        pair->budgetToServer = m_cutToServer > 0 ? m_cutToServer : -1;
        pair->budgetToClient = m_cutToClient > 0 ? m_cutToClient : -1;
        m_pairs.append(pair);
        connect(client, &QTcpSocket::readyRead, this,
                [this, pair] { forward(pair, Direction::ToServer); });
        connect(pair->server, &QTcpSocket::readyRead, this,
                [this, pair] { forward(pair, Direction::ToClient); });
        connect(pair->server, &QTcpSocket::connected, this, [this, pair] {
            if (!pair->pendingToServer.isEmpty() && !m_blackhole) {
                pair->server->write(pair->pendingToServer);
                pair->pendingToServer.clear();
            }
        });
        const auto closeBoth = [this, pair] {
            if (m_pairs.contains(pair)) {
                m_pairs.removeOne(pair);
                if (pair->client) {
                    pair->client->disconnect(this);
                    pair->client->disconnectFromHost();
                    pair->client->deleteLater();
                }
                if (pair->server) {
                    pair->server->disconnect(this);
                    pair->server->disconnectFromHost();
                    pair->server->deleteLater();
                }
                delete pair;
            }
        };
        connect(client, &QTcpSocket::disconnected, this, closeBoth);
        connect(pair->server, &QTcpSocket::disconnected, this, closeBoth);
        connect(pair->server, &QTcpSocket::errorOccurred, this, closeBoth);
        pair->server->connectToHost(m_targetHost, m_targetPort);
    }
}

void FaultProxy::forward(Pair *pair, Direction direction)
{
    QTcpSocket *from = direction == Direction::ToServer ? pair->client : pair->server;
    QTcpSocket *to = direction == Direction::ToServer ? pair->server : pair->client;
    if (!from || !to)
        return;
    if (direction == Direction::ToServer ? m_holdToServer : m_holdToClient)
        return; // left in the socket's buffer until setHolding(direction, false)
    QByteArray bytes = from->readAll();
    if (m_blackhole)
        return; // swallowed
    qint64 &budget = direction == Direction::ToServer ? pair->budgetToServer : pair->budgetToClient;
    bool cutNow = false;
    if (budget >= 0) {
        if (bytes.size() >= budget) {
            bytes.truncate(budget);
            cutNow = true;
        }
        budget -= bytes.size();
    }
    (direction == Direction::ToServer ? m_forwardedToServer : m_forwardedToClient) += bytes.size();
    if (direction == Direction::ToServer && to->state() != QAbstractSocket::ConnectedState)
        pair->pendingToServer += bytes;
    else
        to->write(bytes);
    if (cutNow) {
        to->flush();
        cut(pair);
    }
}

} // namespace natter
