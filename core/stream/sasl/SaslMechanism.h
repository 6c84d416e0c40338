// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace natter {

// Client side of one SASL mechanism (RFC 4422) as used by XMPP (RFC 6120 §6).
// A mechanism object is used for exactly one authentication exchange.
class SaslMechanism
{
public:
    virtual ~SaslMechanism() = default;

    // The IANA name, e.g. "SCRAM-SHA-256".
    virtual QString name() const = 0;
    // The client-first message sent inside <auth/> (raw bytes; the caller base64-encodes it).
    // Every mechanism here has a non-empty initial response, so an empty result means the
    // exchange cannot start (e.g. the user name contains a character SASLprep prohibits);
    // errorString() says why and nothing must be sent.
    virtual QByteArray initialResponse() = 0;
    // Answers a server challenge (raw, already base64-decoded). std::nullopt means the challenge
    // is unacceptable; errorString() says why and the caller must abort.
    virtual std::optional<QByteArray> respond(const QByteArray &challenge) = 0;
    // Checks the additional data carried by <success/> (raw). For SCRAM this verifies the server
    // signature; a mechanism that needs none accepts empty data. false = the server could not
    // prove it knows the password: the caller must treat the login as failed.
    virtual bool verifySuccess(const QByteArray &additionalData) = 0;
    // Why the last call failed, in words for the user (translated).
    QString errorString() const { return m_error; }

    // XEP-0474 (SASL SCRAM Downgrade Protection): what the server advertised in
    // <stream:features/> before authentication — its SASL mechanisms, and the channel-binding
    // types of its XEP-0440 <sasl-channel-binding/> feature (std::nullopt when it sent none, which
    // is not the same as an empty list). A SCRAM mechanism checks the server's downgrade-protection
    // hash against exactly this. Set it before the exchange starts; a mechanism that was never
    // told what the server advertised cannot check the hash and ignores it.
    void setAdvertised(const QStringList &mechanisms,
                       const std::optional<QStringList> &channelBindings);
    // The last failure was a detected downgrade: what the server says it advertised is not what
    // reached us, so someone between us changed the offer (XEP-0474).
    bool downgradeDetected() const { return m_downgradeDetected; }

    // Mechanisms Natter implements, strongest first.
    static QStringList supportedMechanisms();
    // Picks the strongest offered mechanism that may be used. PLAIN is only chosen when the
    // channel is encrypted and no SCRAM mechanism is offered. Returns an empty string if none.
    static QString choose(const QStringList &offered, bool encrypted);
    // Creates the mechanism by name; nullptr for an unknown name.
    static std::unique_ptr<SaslMechanism> create(const QString &name, const QString &username,
                                                 const QString &password);

    // SASLprep (RFC 4013) through ICU, unassigned code points allowed (see the .cpp for why).
    // std::nullopt if the string contains a prohibited character or violates the bidi rules.
    static std::optional<QString> saslPrep(const QString &input);

protected:
    struct Advertised
    {
        QStringList mechanisms;
        std::optional<QStringList> channelBindings;
    };

    QString m_error;
    std::optional<Advertised> m_advertised;
    bool m_downgradeDetected = false;
};

} // namespace natter
