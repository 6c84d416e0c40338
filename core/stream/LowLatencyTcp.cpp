// SPDX-License-Identifier: GPL-3.0-or-later
#include "LowLatencyTcp.h"

#include <QSslSocket>

#ifdef Q_OS_UNIX
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#endif

namespace natter {

void LowLatencyTcp::attach(QSslSocket *socket)
{
    new LowLatencyTcp(socket);
}

LowLatencyTcp::LowLatencyTcp(QSslSocket *socket)
    : QObject(socket)
    , m_socket(socket)
{
    // The descriptor exists from connectToHost() on; the option is set once it is connected.
    connect(socket, &QSslSocket::connected, this, [this] {
        m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        acknowledgeQuickly();
    });
#ifdef TCP_QUICKACK
    connect(socket, &QSslSocket::bytesWritten, this, &LowLatencyTcp::acknowledgeQuickly);
    connect(socket, &QSslSocket::encryptedBytesWritten, this, &LowLatencyTcp::acknowledgeQuickly);
    connect(socket, &QSslSocket::readyRead, this, &LowLatencyTcp::acknowledgeQuickly);
#endif
}

void LowLatencyTcp::acknowledgeQuickly()
{
#ifdef TCP_QUICKACK
    const qintptr fd = m_socket->socketDescriptor();
    if (fd < 0)
        return;
    const int on = 1;
    ::setsockopt(int(fd), IPPROTO_TCP, TCP_QUICKACK, &on, sizeof on);
#endif
}

bool LowLatencyTcp::isNoDelay(const QSslSocket *socket)
{
#ifdef Q_OS_UNIX
    const qintptr fd = socket->socketDescriptor();
    if (fd < 0)
        return false;
    int value = 0;
    socklen_t size = sizeof value;
    return ::getsockopt(int(fd), IPPROTO_TCP, TCP_NODELAY, &value, &size) == 0 && value != 0;
#else
    return socket->socketOption(QAbstractSocket::LowDelayOption).toInt() != 0;
#endif
}

} // namespace natter
