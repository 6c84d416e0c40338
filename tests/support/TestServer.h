// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "stream/ConnectionSettings.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

namespace natter {

// The Prosody that the CTest fixture started (tests/fixture/prosody-fixture.sh), described by the
// server.env file named in NATTER_TEST_SERVER_ENV.
class TestServer
{
public:
    // Reads the environment; isValid() is false (and why() says why) when there is no server.
    TestServer();

    bool isValid() const { return m_error.isEmpty(); }
    QString why() const { return m_error; }

    QString value(const QString &key) const { return m_values.value(key); }
    QString domain() const { return value(QStringLiteral("NATTER_TEST_DOMAIN")); }
    QString host() const { return value(QStringLiteral("NATTER_TEST_HOST")); }
    quint16 port() const { return value(QStringLiteral("NATTER_TEST_PORT")).toUShort(); }
    quint16 directTlsPort() const
    {
        return value(QStringLiteral("NATTER_TEST_TLS_PORT")).toUShort();
    }
    QString caFile() const { return value(QStringLiteral("NATTER_TEST_CA")); }
    QString certificateSha256() const { return value(QStringLiteral("NATTER_TEST_CERT_SHA256")); }
    // "SHA-1" or "SHA-256": the SCRAM variant the server offers.
    QString hash() const { return value(QStringLiteral("NATTER_TEST_HASH")); }
    QString password(const QString &user) const;
    QString jid(const QString &user) const { return user + u'@' + domain(); }

    // Trusting the fixture's CA, STARTTLS on the c2s port, server-assigned resource.
    ConnectionSettings settings(const QString &user, const QString &resource = {}) const;
    // natter-cli arguments for the same connection: --jid ... --host ... --port ... --ca-file ...
    QStringList cliArguments(const QString &user) const;
    // The environment for natter-cli with the user's password in NATTER_PASSWORD, and HOME and
    // the XDG folders in a temporary directory of this TestServer's: what natter-cli keeps (its
    // roster cache, message stores) stays out of the real home and from one test run to the next.
    QStringList cliEnvironment(const QString &user) const;

    // Runs `prosodyctl --config ... args` (e.g. to register users); returns its exit code.
    int prosodyctl(const QStringList &args) const;
    // Registers prefix + a random suffix (password as for every user) and returns the name, or
    // an empty string: a user of one test's own, with nothing left over from other tests.
    QString registerFreshUser(const QString &prefix) const;
    // Stops the server and starts it again with its data (same ports, accounts, archives;
    // prosody-fixture.sh restart), as an administrator upgrading it would. Blocks until it
    // accepts connections again; false (and *error) when it does not. Only for tests that hold
    // the server alone (CTest's RESOURCE_LOCK per server does that).
    bool restart(QString *error = nullptr) const;

private:
    QHash<QString, QString> m_values;
    QString m_error;
    std::shared_ptr<QTemporaryDir> m_cliHome;
};

} // namespace natter
