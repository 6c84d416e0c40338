// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SaslMechanism.h"

namespace natter {

// SASL PLAIN (RFC 4616). Only ever chosen under TLS and when no SCRAM mechanism is offered.
// The message is "\0username\0password" (empty authzid), both prepared with SASLprep.
class PlainMechanism : public SaslMechanism
{
public:
    PlainMechanism(const QString &username, const QString &password);

    QString name() const override { return QStringLiteral("PLAIN"); }
    QByteArray initialResponse() override;
    std::optional<QByteArray> respond(const QByteArray &challenge) override;
    bool verifySuccess(const QByteArray &additionalData) override;

private:
    QString m_username;
    QString m_password;
    bool m_sent = false;
};

} // namespace natter
