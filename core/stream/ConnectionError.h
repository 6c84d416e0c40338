// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QSslCertificate>
#include <QString>
#include <QStringList>

#include <optional>

namespace natter {

// What the user needs to decide whether to trust a certificate.
struct CertificateInfo
{
    CertificateInfo() {}

    QString subject;
    QString issuer;
    QStringList alternativeNames;
    QDateTime notBefore;
    QDateTime notAfter;
    QByteArray sha256;    // of the DER
    QStringList problems; // why it was not trusted, in words
    // The certificate itself; absent in a null info (an empty QSslCertificate would load the
    // TLS backend wherever a ConnectionError is made, at start-up too).
    std::optional<QSslCertificate> certificate;

    bool isNull() const { return sha256.isEmpty(); }
    // "AB:CD:..." upper-case, colon separated.
    QString fingerprint() const;
    // Lower-case hex without separators.
    QString fingerprintHex() const { return QString::fromLatin1(sha256.toHex()); }
    static CertificateInfo fromCertificate(const QSslCertificate &certificate);
};

// Why a connection could not be opened or was lost.
struct ConnectionError
{
    enum class Kind
    {
        None,         // a graceful close
        HostNotFound, // DNS failed for every candidate
        ConnectionRefused,
        ConnectionTimeout,      // no answer in time (connect or negotiation)
        ConnectionLost,         // the connection dropped
        TlsNotOffered,          // the server does not offer STARTTLS (we never go on without TLS)
        TlsFailed,              // the TLS handshake failed for another reason
        CertificateUntrusted,   // see certificate
        AuthenticationFailed,   // condition: the SASL failure condition
        NoSuitableMechanism,    // no SASL mechanism we may use
        ServerNotAuthenticated, // SCRAM server signature missing or wrong
        BindFailed,
        StreamError,       // condition/text: the server's stream error
        ProtocolViolation, // the server sent something we refuse (condition: our stream error)
        Cancelled,         // the user cancelled
    };

    ConnectionError() {}
    explicit ConnectionError(Kind kind, const QString &endpoint = {})
        : kind(kind)
        , endpoint(endpoint)
    {}

    Kind kind = Kind::None;
    // Protocol-level condition, e.g. "not-authorized", "conflict", "policy-violation".
    QString condition;
    // Text from the server, or details.
    QString text;
    // Where we tried to connect, "host:port".
    QString endpoint;
    CertificateInfo certificate;

    bool isError() const { return kind != Kind::None; }
    // Whether trying again later can help without the user changing anything.
    bool isTemporary() const;
    // The server closed the stream because of what it received from us (policy-violation,
    // not-well-formed, …). Usually our fault, so retrying must be limited; but a server can also
    // garble a resumed stream itself (Prosody 0.12 feeds a resumed connection's bytes to the
    // first connection's parser, so a stanza cut off there swallows what follows), and a fresh
    // session cures that.
    bool isRejectedInput() const;
    // One plain sentence for the user (translated).
    QString message() const;
    static QString kindName(Kind kind);
};

} // namespace natter
