// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "stream/ConnectionSettings.h"

#include <QCommandLineOption>
#include <QList>
#include <QString>

#include <optional>

class QCommandLineParser;

namespace natter {

// The connection options natter-cli and natter share (--jid, --host, --port, --direct-tls,
// --ca-file, --pin-sha256, --resource, --timeout, --password-file): one definition, one
// validation, the same meaning in both programs.
class ConnectionOptions
{
public:
    ConnectionOptions();

    // Adds the options to a parser.
    void addTo(QCommandLineParser &parser) const;

    struct Result
    {
        ConnectionSettings settings;
        // Empty when the password must still be found (NATTER_PASSWORD, --password-file or a
        // prompt); see passwordFromEnvironment().
        bool havePassword = false;
        int timeoutSeconds = 30;
        bool timeoutGiven = false;
        // A sentence saying what is wrong, when the options are invalid.
        QString error;
        bool ok() const { return error.isEmpty(); }
    };

    // Reads the options (and NATTER_JID / NATTER_PASSWORD from the environment). requireJid:
    // an address must be given (the GUI can ask for it in its dialog instead).
    Result read(const QCommandLineParser &parser, bool requireJid) const;

    // Parses a SHA-256 fingerprint: 64 hex digits, colons and spaces allowed.
    static std::optional<QByteArray> parseFingerprint(const QString &text);
    // Reads the first line of a password file (without the line break).
    static std::optional<QString> readPasswordFile(const QString &path, QString *error);

private:
    QCommandLineOption m_jid;
    QCommandLineOption m_passwordFile;
    QCommandLineOption m_host;
    QCommandLineOption m_port;
    QCommandLineOption m_directTls;
    QCommandLineOption m_caFile;
    QCommandLineOption m_pin;
    QCommandLineOption m_resource;
    QCommandLineOption m_timeout;
};

} // namespace natter
