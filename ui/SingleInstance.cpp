// SPDX-License-Identifier: GPL-3.0-or-later
#include "SingleInstance.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLoggingCategory>
#include <QStandardPaths>

Q_LOGGING_CATEGORY(lcInstance, "natter.instance")

namespace natter {

namespace {
constexpr int ConnectTimeoutMs = 1000;
constexpr int AnswerTimeoutMs = 5000;
constexpr qsizetype MaxMessageBytes = 64 * 1024;
const QByteArray Acknowledgement = QByteArrayLiteral("ok\n");
} // namespace

SingleInstance::SingleInstance(const QString &key, QObject *parent)
    : QObject(parent)
    , m_name(serverName(key))
{}

SingleInstance::~SingleInstance()
{
    if (m_server)
        m_server->close(); // removes the socket file
}

QString SingleInstance::serverName(const QString &key)
{
    QString dir = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    if (dir.isEmpty())
        dir = QDir::tempPath();
    const QByteArray hash = QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha256);
    // Short: a Unix socket path must fit in 108 bytes.
    return dir + QStringLiteral("/natter-") + QString::fromLatin1(hash.toHex().left(20)) +
           QStringLiteral(".socket");
}

SingleInstance::Outcome SingleInstance::start(const QString &message, QString *error)
{
    QString why;
    switch (sendToRunning(message, &why)) {
    case Send::Delivered:
        return Outcome::HandedOver;
    case Send::NoAnswer:
        if (error)
            *error = why;
        return Outcome::Failed;
    case Send::NoServer:
        break;
    }
    const Outcome outcome = listen(message, &why);
    if (outcome == Outcome::Failed && error)
        *error = why;
    return outcome;
}

SingleInstance::Send SingleInstance::sendToRunning(const QString &message, QString *error)
{
    QLocalSocket socket;
    socket.connectToServer(m_name);
    if (!socket.waitForConnected(ConnectTimeoutMs))
        return Send::NoServer;
    socket.write(message.toUtf8().toBase64() + '\n');
    QByteArray answer;
    const QDeadlineTimer deadline(AnswerTimeoutMs);
    if (socket.waitForBytesWritten(AnswerTimeoutMs)) {
        while (!answer.contains('\n') && !deadline.hasExpired()) {
            if (!socket.waitForReadyRead(int(deadline.remainingTime())))
                break;
            answer += socket.readAll();
        }
    }
    if (answer == Acknowledgement)
        return Send::Delivered;
    *error = tr("Another Natter is running with this profile but did not answer.");
    return Send::NoAnswer;
}

SingleInstance::Outcome SingleInstance::listen(const QString &message, QString *error)
{
    auto *server = new QLocalServer(this);
    server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!server->listen(m_name)) {
        if (server->serverError() == QAbstractSocket::AddressInUseError) {
            // Nobody answered above, so the socket is left over from a crash, or another
            // instance started at the same moment: ask once more, else take it over.
            if (sendToRunning(message, error) == Send::Delivered) {
                delete server;
                return Outcome::HandedOver;
            }
            QLocalServer::removeServer(m_name);
            if (server->listen(m_name)) {
                m_server = server;
                connect(server, &QLocalServer::newConnection, this,
                        &SingleInstance::onNewConnection);
                qCInfo(lcInstance) << "took over a stale socket" << m_name;
                return Outcome::Primary;
            }
        }
        *error = tr("Cannot listen on %1: %2").arg(m_name, server->errorString());
        delete server;
        return Outcome::Failed;
    }
    m_server = server;
    connect(server, &QLocalServer::newConnection, this, &SingleInstance::onNewConnection);
    qCDebug(lcInstance) << "listening on" << m_name;
    return Outcome::Primary;
}

void SingleInstance::onNewConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        if (socket->bytesAvailable())
            onReadyRead(socket);
    }
}

void SingleInstance::onReadyRead(QLocalSocket *socket)
{
    if (!socket->canReadLine()) {
        if (socket->bytesAvailable() > MaxMessageBytes) {
            qCWarning(lcInstance) << "oversized message from another instance; dropped";
            socket->abort();
        }
        return;
    }
    const QByteArray line = socket->readLine(MaxMessageBytes).trimmed();
    const auto decoded =
        QByteArray::fromBase64Encoding(line, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded) {
        qCWarning(lcInstance) << "malformed message from another instance; dropped";
        socket->abort();
        return;
    }
    socket->write(Acknowledgement);
    socket->flush();
    socket->disconnectFromServer();
    Q_EMIT messageReceived(QString::fromUtf8(*decoded));
}

} // namespace natter
