// SPDX-License-Identifier: GPL-3.0-or-later
#include "ConnectionOptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QSslCertificate>

namespace natter {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("natter::ConnectionOptions", text);
}
} // namespace

ConnectionOptions::ConnectionOptions()
    : m_jid(QStringLiteral("jid"), tr("Your address, e.g. alice@example.org (or env NATTER_JID)."),
            QStringLiteral("JID"))
    , m_passwordFile(QStringLiteral("password-file"),
                     tr("Read the password from the first line of FILE (when NATTER_PASSWORD is "
                        "not set)."),
                     QStringLiteral("FILE"))
    , m_host(QStringLiteral("host"), tr("Connect to HOST instead of looking up SRV records."),
             QStringLiteral("HOST"))
    , m_port(QStringLiteral("port"),
             tr("Port to connect to (default 5222, or 5223 with --direct-tls)."),
             QStringLiteral("PORT"))
    , m_directTls(QStringLiteral("direct-tls"),
                  tr("Use TLS from the first byte (XEP-0368) instead of STARTTLS."))
    , m_caFile(QStringLiteral("ca-file"),
               tr("Also trust the certificate(s) or CA(s) in this PEM file."),
               QStringLiteral("PEM"))
    , m_pin(QStringLiteral("pin-sha256"),
            tr("Accept exactly this server certificate (SHA-256 of its DER, in hex)."),
            QStringLiteral("HEX"))
    , m_resource(QStringLiteral("resource"), tr("Resource to request (default: server-assigned)."),
                 QStringLiteral("RES"))
    , m_timeout(QStringLiteral("timeout"), tr("Give up after SECONDS (default 30)."),
                QStringLiteral("SECONDS"), QStringLiteral("30"))
{}

void ConnectionOptions::addTo(QCommandLineParser &parser) const
{
    parser.addOptions({m_jid, m_passwordFile, m_host, m_port, m_directTls, m_caFile, m_pin,
                       m_resource, m_timeout});
}

std::optional<QByteArray> ConnectionOptions::parseFingerprint(const QString &text)
{
    QString hex = text;
    hex.remove(u':');
    hex.remove(u' ');
    if (hex.size() != 64)
        return std::nullopt;
    for (const QChar c : std::as_const(hex)) {
        if (!isxdigit(c.toLatin1()))
            return std::nullopt;
    }
    return QByteArray::fromHex(hex.toLatin1());
}

std::optional<QString> ConnectionOptions::readPasswordFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("Cannot read the password file %1: %2.").arg(path, file.errorString());
        return std::nullopt;
    }
    QByteArray line = file.readLine(64 * 1024);
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    return QString::fromUtf8(line);
}

ConnectionOptions::Result ConnectionOptions::read(const QCommandLineParser &parser,
                                                  bool requireJid) const
{
    Result r;
    ConnectionSettings &s = r.settings;

    QString jidText = parser.value(m_jid);
    if (jidText.isEmpty())
        jidText = qEnvironmentVariable("NATTER_JID");
    if (!jidText.isEmpty()) {
        const Jid::ParseResult parsed = Jid::parse(jidText);
        if (!parsed.ok()) {
            r.error = tr("The address “%1” is not valid: %2").arg(jidText, parsed.message());
            return r;
        }
        if (parsed.jid.localpart().isEmpty()) {
            r.error = tr("The address “%1” has no user name (expected user@domain).").arg(jidText);
            return r;
        }
        s.jid = parsed.jid.bare();
        if (parsed.jid.isFull())
            s.jid = parsed.jid;
    } else if (requireJid) {
        r.error = tr("No address given: use --jid or set NATTER_JID.");
        return r;
    }

    if (parser.isSet(m_resource)) {
        const Jid withResource = s.jid.withResource(parser.value(m_resource));
        if (withResource.isNull()) {
            r.error = tr("The resource “%1” is not valid.").arg(parser.value(m_resource));
            return r;
        }
        s.jid = withResource;
    }

    s.host = parser.value(m_host).trimmed();
    if (parser.isSet(m_port)) {
        bool ok = false;
        const uint port = parser.value(m_port).toUInt(&ok);
        if (!ok || port == 0 || port > 65535) {
            r.error =
                tr("The port “%1” is not a number between 1 and 65535.").arg(parser.value(m_port));
            return r;
        }
        s.port = static_cast<quint16>(port);
        if (s.host.isEmpty() && !s.jid.isNull())
            s.host = s.jid.domainpart();
    }
    s.directTls = parser.isSet(m_directTls);
    if (s.directTls && s.host.isEmpty() && !s.jid.isNull())
        s.host = s.jid.domainpart();

    if (parser.isSet(m_caFile)) {
        const QString path = parser.value(m_caFile);
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            r.error = tr("Cannot read the certificate file %1: %2.").arg(path, file.errorString());
            return r;
        }
        s.extraCaCertificates = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
        if (s.extraCaCertificates.isEmpty()) {
            r.error = tr("The file %1 contains no PEM certificate.").arg(path);
            return r;
        }
    }
    if (parser.isSet(m_pin)) {
        const auto pin = parseFingerprint(parser.value(m_pin));
        if (!pin) {
            r.error = tr("The fingerprint “%1” is not a SHA-256 hash (64 hex digits).")
                          .arg(parser.value(m_pin));
            return r;
        }
        s.pinnedSha256 = *pin;
    }

    bool ok = false;
    r.timeoutSeconds = parser.value(m_timeout).toInt(&ok);
    if (!ok || r.timeoutSeconds <= 0 || r.timeoutSeconds > 24 * 3600) {
        r.error = tr("The timeout “%1” is not a number of seconds.").arg(parser.value(m_timeout));
        return r;
    }
    r.timeoutGiven = parser.isSet(m_timeout);
    s.negotiationTimeout = std::chrono::seconds(r.timeoutSeconds);
    s.connectTimeout = std::min<std::chrono::milliseconds>(s.connectTimeout, s.negotiationTimeout);

    if (qEnvironmentVariableIsSet("NATTER_PASSWORD")) {
        s.password = qEnvironmentVariable("NATTER_PASSWORD");
        r.havePassword = true;
    } else if (parser.isSet(m_passwordFile)) {
        QString error;
        const auto password = readPasswordFile(parser.value(m_passwordFile), &error);
        if (!password) {
            r.error = error;
            return r;
        }
        s.password = *password;
        r.havePassword = true;
    }
    return r;
}

} // namespace natter
