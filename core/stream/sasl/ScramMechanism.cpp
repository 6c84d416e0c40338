// SPDX-License-Identifier: GPL-3.0-or-later
#include "stream/sasl/ScramMechanism.h"

#include <QByteArrayList>
#include <QCoreApplication>
#include <QMessageAuthenticationCode>
#include <QPasswordDigestor>
#include <QRandomGenerator>

#include <algorithm>
#include <array>

namespace natter {

namespace {

// No channel binding: we never select the -PLUS mechanisms (Qt exposes neither tls-exporter
// nor tls-unique), and "n" tells the server we do not support it either.
constexpr char Gs2Header[] = "n,,";
constexpr int ClientNonceBytes = 24;
// Longest iteration count we bother to parse as a number; longer ones are over the cap anyway.
constexpr int MaxIterationDigits = 10;

QCryptographicHash::Algorithm toQtAlgorithm(ScramMechanism::Algorithm algorithm)
{
    switch (algorithm) {
    case ScramMechanism::Algorithm::Sha1:
        return QCryptographicHash::Sha1;
    case ScramMechanism::Algorithm::Sha256:
        return QCryptographicHash::Sha256;
    case ScramMechanism::Algorithm::Sha512:
        return QCryptographicHash::Sha512;
    }
    Q_UNREACHABLE();
}

// RFC 5802 §7: printable = %x21-2B / %x2D-7E (no comma).
bool isPrintable(const QByteArray &value)
{
    for (const char c : value) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x21 || byte > 0x7e || byte == ',')
            return false;
    }
    return true;
}

// "a=value" with a single ALPHA attribute name.
bool isAttribute(const QByteArray &part)
{
    if (part.size() < 2 || part.at(1) != '=')
        return false;
    const char name = part.at(0);
    return (name >= 'a' && name <= 'z') || (name >= 'A' && name <= 'Z');
}

bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    return difference == 0;
}

void wipe(QByteArray &secret)
{
    secret.fill('\0');
    secret.clear();
}

// RFC 5802 §5.1: "=" and "," in the user name are sent as "=3D" and "=2C".
QByteArray escapeUsername(const QByteArray &username)
{
    QByteArray escaped = username;
    escaped.replace("=", "=3D");
    escaped.replace(",", "=2C");
    return escaped;
}

} // namespace

ScramMechanism::ScramMechanism(Algorithm algorithm, const QString &username,
                               const QString &password)
    : m_algorithm(algorithm)
    , m_username(username)
    , m_password(password)
{}

QString ScramMechanism::name() const
{
    switch (m_algorithm) {
    case Algorithm::Sha1:
        return QStringLiteral("SCRAM-SHA-1");
    case Algorithm::Sha256:
        return QStringLiteral("SCRAM-SHA-256");
    case Algorithm::Sha512:
        return QStringLiteral("SCRAM-SHA-512");
    }
    Q_UNREACHABLE();
}

QCryptographicHash::Algorithm ScramMechanism::hashAlgorithm() const
{
    return toQtAlgorithm(m_algorithm);
}

QByteArray ScramMechanism::saltedPassword(Algorithm algorithm, const QByteArray &password,
                                          const QByteArray &salt, int iterations)
{
    if (iterations < 1)
        return {};
    const QCryptographicHash::Algorithm qtAlgorithm = toQtAlgorithm(algorithm);
    return QPasswordDigestor::deriveKeyPbkdf2(
        qtAlgorithm, password, salt, iterations,
        static_cast<quint64>(QCryptographicHash::hashLength(qtAlgorithm)));
}

QByteArray
ScramMechanism::downgradeProtectionHash(Algorithm algorithm, const QStringList &mechanisms,
                                        const std::optional<QStringList> &channelBindings)
{
    // "i;octet" collation: QByteArray compares its bytes as unsigned octets.
    const auto sortedOctets = [](const QStringList &names) {
        QByteArrayList octets;
        octets.reserve(names.size());
        for (const QString &name : names)
            octets.append(name.toUtf8());
        std::sort(octets.begin(), octets.end());
        return octets;
    };
    QByteArray input = sortedOctets(mechanisms).join('\x1e');
    if (channelBindings) {
        input += '\x1f';
        input += sortedOctets(*channelBindings).join('\x1e');
    }
    return QCryptographicHash::hash(input, toQtAlgorithm(algorithm));
}

void ScramMechanism::fail(const QString &error)
{
    m_error = error;
    m_step = Step::Failed;
    wipe(m_preparedPassword);
    wipe(m_expectedServerSignature);
}

QByteArray ScramMechanism::initialResponse()
{
    if (m_step != Step::Initial) {
        fail(QCoreApplication::translate("natter", "The SCRAM exchange was already started."));
        return {};
    }

    const std::optional<QString> username = saslPrep(m_username);
    if (!username) {
        fail(QCoreApplication::translate(
            "natter", "The user name contains a character that is not allowed for login."));
        return {};
    }
    if (username->isEmpty()) {
        fail(QCoreApplication::translate("natter", "The user name is empty."));
        return {};
    }
    const std::optional<QString> password = saslPrep(m_password);
    if (!password) {
        fail(QCoreApplication::translate(
            "natter", "The password contains a character that is not allowed for login."));
        return {};
    }
    m_preparedPassword = password->toUtf8();
    // The prepared copy is all we need from now on.
    m_password.fill(QChar(u'\0'));
    m_password.clear();

    if (m_clientNonce.isEmpty()) {
        std::array<quint32, ClientNonceBytes / sizeof(quint32)> random{};
        QRandomGenerator::system()->fillRange(random.data(), random.size());
        m_clientNonce =
            QByteArray(reinterpret_cast<const char *>(random.data()), ClientNonceBytes).toBase64();
    } else if (!isPrintable(m_clientNonce)) {
        fail(QCoreApplication::translate("natter", "The SCRAM client nonce is not printable."));
        return {};
    }

    m_clientFirstBare = "n=" + escapeUsername(username->toUtf8()) + ",r=" + m_clientNonce;
    m_step = Step::SentFirst;
    return Gs2Header + m_clientFirstBare;
}

std::optional<QByteArray> ScramMechanism::respond(const QByteArray &challenge)
{
    switch (m_step) {
    case Step::SentFirst: {
        std::optional<QByteArray> response = clientFinal(challenge);
        if (response)
            m_step = Step::SentFinal;
        return response;
    }
    case Step::SentFinal:
        // Older servers send the server-final message as a last challenge and then an empty
        // <success/>; the answer to that challenge is empty.
        if (!checkServerFinal(challenge))
            return std::nullopt;
        m_step = Step::ServerVerified;
        return QByteArray();
    case Step::Failed:
        return std::nullopt;
    case Step::Initial:
    case Step::ServerVerified:
    case Step::Done:
        break;
    }
    fail(QCoreApplication::translate("natter", "The server sent an unexpected SCRAM challenge."));
    return std::nullopt;
}

bool ScramMechanism::verifySuccess(const QByteArray &additionalData)
{
    switch (m_step) {
    case Step::SentFinal:
        // A server that skips the final message has not proven that it knows the password.
        if (additionalData.isEmpty()) {
            fail(QCoreApplication::translate("natter",
                                             "The server reported success without proving that "
                                             "it knows your password."));
            return false;
        }
        if (!checkServerFinal(additionalData))
            return false;
        m_step = Step::Done;
        wipe(m_expectedServerSignature);
        return true;
    case Step::ServerVerified:
        // Already verified from the final challenge; data repeated in <success/> must match too.
        if (!additionalData.isEmpty() && !checkServerFinal(additionalData))
            return false;
        m_step = Step::Done;
        wipe(m_expectedServerSignature);
        return true;
    case Step::Failed:
        return false;
    case Step::Initial:
    case Step::SentFirst:
    case Step::Done:
        break;
    }
    fail(QCoreApplication::translate(
        "natter", "The server reported success before the SCRAM exchange was complete."));
    return false;
}

std::optional<QByteArray> ScramMechanism::clientFinal(const QByteArray &serverFirst)
{
    // server-first-message = [reserved-mext ","] nonce "," salt "," iteration-count
    //                        ["," extensions]
    const QList<QByteArray> parts = serverFirst.split(',');
    for (const QByteArray &part : parts) {
        if (!isAttribute(part)) {
            fail(QCoreApplication::translate("natter",
                                             "The server sent an invalid SCRAM challenge."));
            return std::nullopt;
        }
        // A mandatory extension we cannot know: RFC 5802 §5.1 says we must fail.
        if (part.at(0) == 'm') {
            fail(QCoreApplication::translate(
                "natter",
                "The server sent an invalid SCRAM challenge (unsupported mandatory extension)."));
            return std::nullopt;
        }
    }
    if (parts.size() < 3 || !parts.at(0).startsWith("r=") || !parts.at(1).startsWith("s=") ||
        !parts.at(2).startsWith("i=")) {
        fail(QCoreApplication::translate("natter", "The server sent an invalid SCRAM challenge."));
        return std::nullopt;
    }

    const QByteArray nonce = parts.at(0).mid(2);
    if (!isPrintable(nonce) || !nonce.startsWith(m_clientNonce) ||
        nonce.size() <= m_clientNonce.size()) {
        fail(QCoreApplication::translate(
            "natter", "The server sent an invalid SCRAM challenge (nonce does not extend ours)."));
        return std::nullopt;
    }

    const QByteArray::FromBase64Result salt =
        QByteArray::fromBase64Encoding(parts.at(1).mid(2), QByteArray::AbortOnBase64DecodingErrors);
    if (!salt || salt.decoded.isEmpty()) {
        fail(QCoreApplication::translate(
            "natter", "The server sent an invalid SCRAM challenge (missing or invalid salt)."));
        return std::nullopt;
    }

    // posit-number = %x31-39 *DIGIT
    const QByteArray iterationText = parts.at(2).mid(2);
    bool digitsOnly = !iterationText.isEmpty() && iterationText.at(0) != '0';
    for (const char c : iterationText)
        digitsOnly = digitsOnly && c >= '0' && c <= '9';
    if (!digitsOnly) {
        fail(QCoreApplication::translate(
            "natter", "The server sent an invalid SCRAM challenge (invalid iteration count)."));
        return std::nullopt;
    }
    const qint64 iterations = iterationText.size() > MaxIterationDigits
                                  ? qint64(MaxIterations) + 1
                                  : iterationText.toLongLong();
    if (iterations < MinIterations) {
        fail(QCoreApplication::translate(
            "natter", "The server sent an invalid SCRAM challenge (invalid iteration count)."));
        return std::nullopt;
    }
    if (iterations > MaxIterations) {
        fail(QCoreApplication::translate("natter",
                                         "The server sent an invalid SCRAM challenge (iteration "
                                         "count above the limit of %1).")
                 .arg(MaxIterations));
        return std::nullopt;
    }

    // Before any work with the password: was the offer we chose from changed on the way?
    if (!checkDowngradeProtection(parts))
        return std::nullopt;

    const QCryptographicHash::Algorithm algorithm = hashAlgorithm();
    const QByteArray clientFinalWithoutProof =
        "c=" + QByteArray(Gs2Header).toBase64() + ",r=" + nonce;
    const QByteArray authMessage =
        m_clientFirstBare + ',' + serverFirst + ',' + clientFinalWithoutProof;

    QByteArray salted =
        saltedPassword(m_algorithm, m_preparedPassword, salt.decoded, static_cast<int>(iterations));
    wipe(m_preparedPassword);
    if (salted.isEmpty()) {
        fail(QCoreApplication::translate("natter", "The SCRAM key derivation failed."));
        return std::nullopt;
    }
    QByteArray clientKey = QMessageAuthenticationCode::hash("Client Key", salted, algorithm);
    const QByteArray storedKey = QCryptographicHash::hash(clientKey, algorithm);
    const QByteArray clientSignature =
        QMessageAuthenticationCode::hash(authMessage, storedKey, algorithm);
    QByteArray proof = clientKey;
    for (qsizetype i = 0; i < proof.size(); ++i)
        proof[i] = static_cast<char>(proof.at(i) ^ clientSignature.at(i));
    const QByteArray serverKey = QMessageAuthenticationCode::hash("Server Key", salted, algorithm);
    m_expectedServerSignature = QMessageAuthenticationCode::hash(authMessage, serverKey, algorithm);
    wipe(salted);
    wipe(clientKey);

    return clientFinalWithoutProof + ",p=" + proof.toBase64();
}

// XEP-0474 version 0.5.0, §6.2 "Client Verifies The Downgrade Protection Hash": the server puts its
// hash of what it advertised into the optional attribute "h" of the server-first message; the
// client recomputes it from what reached it and fails the authentication if the two differ. The
// server-first message is part of the AuthMessage, so a man in the middle who also rewrites "h"
// makes our proof (and the server's signature) fail instead. Without "h" (a server that does not
// implement the XEP) nothing changes.
bool ScramMechanism::checkDowngradeProtection(const QList<QByteArray> &serverFirstParts)
{
    std::optional<QByteArray> received;
    // r=, s= and i= come first (checked by the caller); "h" is one of the extensions after them.
    for (qsizetype i = 3; i < serverFirstParts.size(); ++i) {
        const QByteArray &part = serverFirstParts.at(i);
        if (part.at(0) != 'h')
            continue;
        if (received) {
            fail(QCoreApplication::translate("natter",
                                             "The server sent an invalid SCRAM challenge (two "
                                             "downgrade protection hashes)."));
            return false;
        }
        received = part.mid(2);
    }
    if (!received || !m_advertised)
        return true;

    const QByteArray::FromBase64Result hash =
        QByteArray::fromBase64Encoding(*received, QByteArray::AbortOnBase64DecodingErrors);
    if (!hash || hash.decoded.isEmpty()) {
        fail(QCoreApplication::translate(
            "natter",
            "The server sent an invalid SCRAM challenge (invalid downgrade protection hash)."));
        return false;
    }
    const QByteArray expected = downgradeProtectionHash(m_algorithm, m_advertised->mechanisms,
                                                        m_advertised->channelBindings);
    if (!constantTimeEquals(hash.decoded, expected)) {
        fail(QCoreApplication::translate(
            "natter", "The login methods the server offered were changed on the way to Natter "
                      "(XEP-0474 downgrade protection); someone may be intercepting the "
                      "connection. Natter stopped the login before proving your password."));
        m_downgradeDetected = true;
        return false;
    }
    return true;
}

bool ScramMechanism::checkServerFinal(const QByteArray &serverFinal)
{
    // server-final-message = (server-error / verifier) ["," extensions]
    const qsizetype comma = serverFinal.indexOf(',');
    const QByteArray first = comma < 0 ? serverFinal : serverFinal.left(comma);

    if (first.startsWith("e=")) {
        // Show the server's error name, but only as bounded, printable text.
        QString serverError = QString::fromUtf8(first.mid(2).left(64));
        serverError.removeIf([](QChar c) { return !c.isPrint(); });
        fail(QCoreApplication::translate("natter", "The server reported a SCRAM error: %1")
                 .arg(serverError));
        return false;
    }

    const QByteArray::FromBase64Result signature =
        QByteArray::fromBase64Encoding(first.mid(2), QByteArray::AbortOnBase64DecodingErrors);
    if (!first.startsWith("v=") || !signature || m_expectedServerSignature.isEmpty() ||
        !constantTimeEquals(signature.decoded, m_expectedServerSignature)) {
        fail(QCoreApplication::translate("natter",
                                         "The server could not prove that it knows your password "
                                         "(wrong SCRAM server signature)."));
        return false;
    }
    return true;
}

} // namespace natter
