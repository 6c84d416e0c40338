// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QSslSocket;

namespace natter {

// Keeps an XMPP connection free of the 40 ms stalls of Nagle's algorithm meeting delayed
// acknowledgements.
//
// A stream is a conversation of small writes: <starttls/>, a stream header, <auth/>, a stanza.
// When the server writes two of them back to back (Prosody sends a TLS session ticket and then
// the stream features, the stream header and then the features, …) and keeps Nagle's algorithm
// on — Prosody's default, most servers' — the second write waits until the first is
// acknowledged. Linux acknowledges late (up to 40 ms, hoping to carry the acknowledgement on a
// reply) once a connection looks interactive, and the client has no reply: it waits for the
// second write. A login against a local Prosody spent about 130 of its 290 ms in four such
// stalls (strace: reads 40–44 ms after the previous one, with nothing sent in between).
//
// attach() turns Nagle off on our side (TCP_NODELAY: we write whole stanzas, there is nothing to
// coalesce) and, on Linux, asks for immediate acknowledgements (TCP_QUICKACK). The kernel drops
// the latter again whenever it decides the connection is interactive, which it re-evaluates when
// we send, so it is set again after every write and every read. A failing option is harmless: the
// connection works as before, only slower.
class LowLatencyTcp : public QObject
{
    Q_OBJECT
public:
    // Tunes socket for as long as both live (the tuner is a child of the socket).
    static void attach(QSslSocket *socket);

    // Whether TCP_NODELAY is set on the socket (for tests); false when it has no descriptor.
    static bool isNoDelay(const QSslSocket *socket);

private:
    explicit LowLatencyTcp(QSslSocket *socket);
    void acknowledgeQuickly();

    QSslSocket *m_socket;
};

} // namespace natter
