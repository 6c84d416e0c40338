// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SaslMechanism.h"

#include <QCryptographicHash>

namespace natter {

// SCRAM-SHA-1 (RFC 5802), SCRAM-SHA-256 (RFC 7677) and SCRAM-SHA-512, without channel binding
// (GS2 header "n,,"). Username and password are prepared with SASLprep (RFC 4013, via ICU).
// The server's nonce must extend ours, the iteration count is capped, and the server signature
// in the final message is verified. A server-first message carrying the XEP-0474 downgrade-
// protection hash (attribute "h") is checked against what the server advertised (see
// SaslMechanism::setAdvertised()); a mismatch ends the exchange before the proof is sent.
class ScramMechanism : public SaslMechanism
{
public:
    enum class Algorithm
    {
        Sha1,
        Sha256,
        Sha512
    };

    // Servers asking for more iterations are refused (a hostile server could otherwise make us
    // spin for minutes).
    static constexpr int MaxIterations = 100'000;
    static constexpr int MinIterations = 1;

    ScramMechanism(Algorithm algorithm, const QString &username, const QString &password);

    // Tests only: use a fixed client nonce instead of a random one (call before
    // initialResponse()).
    void setClientNonce(const QByteArray &nonce) { m_clientNonce = nonce; }

    QString name() const override;
    QByteArray initialResponse() override;
    std::optional<QByteArray> respond(const QByteArray &challenge) override;
    bool verifySuccess(const QByteArray &additionalData) override;

    // RFC 5802 Hi() = PBKDF2 with HMAC of the algorithm, key length = hash size (exposed for
    // tests). Empty for an iteration count below 1.
    static QByteArray saltedPassword(Algorithm algorithm, const QByteArray &password,
                                     const QByteArray &salt, int iterations);

    // XEP-0474 version 0.5.0 (2025-10-25), §6.1 "Server Sends Downgrade Protection Hash": the
    // hash, with the SCRAM mechanism's own hash function, of
    //   sort(mechanisms) joined by %x1E
    //   [ %x1F sort(channelBindings) joined by %x1E ]   -- only if XEP-0440 was used
    // where sorting is "i;octet" (RFC 4790 §9.3: byte order of the UTF-8 names). Returned raw;
    // the server's attribute "h" carries it in base64.
    static QByteArray downgradeProtectionHash(Algorithm algorithm, const QStringList &mechanisms,
                                              const std::optional<QStringList> &channelBindings);

private:
    enum class Step
    {
        Initial,        // nothing sent yet
        SentFirst,      // client-first sent, waiting for server-first
        SentFinal,      // client-final sent, waiting for server-final
        ServerVerified, // server-final arrived as a challenge and was verified; <success/> next
        Done,           // exchange finished successfully
        Failed          // a step failed; every further call fails
    };

    QCryptographicHash::Algorithm hashAlgorithm() const;
    std::optional<QByteArray> clientFinal(const QByteArray &serverFirst);
    bool checkDowngradeProtection(const QList<QByteArray> &serverFirstParts);
    bool checkServerFinal(const QByteArray &serverFinal);
    void fail(const QString &error);

    Algorithm m_algorithm;
    QString m_username;
    QString m_password;
    QByteArray m_preparedPassword; // SASLprep'd UTF-8, wiped once the proof is computed
    QByteArray m_clientNonce;
    QByteArray m_clientFirstBare;
    QByteArray m_expectedServerSignature;
    Step m_step = Step::Initial;
};

} // namespace natter
