// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "stanza/Jid.h"
#include "xml/StreamParser.h"

#include <QByteArray>
#include <QList>
#include <QSslCertificate>
#include <QString>

#include <chrono>

namespace natter {

// Everything needed to open one authenticated session for an account.
struct ConnectionSettings
{
    // The account's address. A resourcepart, if given, is the resource to request.
    Jid jid;
    QString password;

    // Connect here instead of looking up SRV records. Port 0 means 5222 (STARTTLS) or 5223
    // (direct TLS).
    QString host;
    quint16 port = 0;
    // TLS from the first byte (XEP-0368) on the explicit host; with SRV lookup both kinds of
    // records are used anyway.
    bool directTls = false;

    // Extra certificates (or CAs) to trust besides the system store.
    QList<QSslCertificate> extraCaCertificates;
    // SHA-256 of the DER of the one server certificate to accept (32 bytes). When set, exactly
    // this certificate is accepted and any other is refused, even a publicly trusted one.
    QByteArray pinnedSha256;

    // Time allowed for each connection attempt and for the whole negotiation.
    std::chrono::milliseconds connectTimeout{15'000};
    std::chrono::milliseconds negotiationTimeout{30'000};

    // Language of the stream (xml:lang), a BCP 47 tag.
    QString language = QStringLiteral("en");

    StreamParser::Limits parserLimits;

    // SASL mechanisms this account must not fall below (downgrade protection). Empty: none.
    QString minimumMechanism;
};

} // namespace natter
