// SPDX-License-Identifier: GPL-3.0-or-later
#include "stream/sasl/SaslMechanism.h"

#include "stream/sasl/PlainMechanism.h"
#include "stream/sasl/ScramMechanism.h"

#include <unicode/usprep.h>

#include <algorithm>
#include <limits>

namespace natter {

QStringList SaslMechanism::supportedMechanisms()
{
    return {QStringLiteral("SCRAM-SHA-512"), QStringLiteral("SCRAM-SHA-256"),
            QStringLiteral("SCRAM-SHA-1"), QStringLiteral("PLAIN")};
}

QString SaslMechanism::choose(const QStringList &offered, bool encrypted)
{
    // Any SCRAM offer (including -PLUS forms we do not implement) means the server can do better
    // than PLAIN; falling back to PLAIN then would be a downgrade an attacker could provoke.
    const bool scramOffered =
        std::any_of(offered.cbegin(), offered.cend(), [](const QString &mechanism) {
            return mechanism.startsWith(QLatin1String("SCRAM-"), Qt::CaseSensitive);
        });

    const QStringList supported = supportedMechanisms();
    for (const QString &mechanism : supported) {
        // RFC 4422 §3.1: mechanism names are compared case-sensitively.
        if (!offered.contains(mechanism, Qt::CaseSensitive))
            continue;
        if (mechanism == QLatin1String("PLAIN") && (!encrypted || scramOffered))
            continue;
        return mechanism;
    }
    return {};
}

void SaslMechanism::setAdvertised(const QStringList &mechanisms,
                                  const std::optional<QStringList> &channelBindings)
{
    m_advertised = Advertised{mechanisms, channelBindings};
}

std::unique_ptr<SaslMechanism> SaslMechanism::create(const QString &name, const QString &username,
                                                     const QString &password)
{
    if (name == QLatin1String("SCRAM-SHA-512"))
        return std::make_unique<ScramMechanism>(ScramMechanism::Algorithm::Sha512, username,
                                                password);
    if (name == QLatin1String("SCRAM-SHA-256"))
        return std::make_unique<ScramMechanism>(ScramMechanism::Algorithm::Sha256, username,
                                                password);
    if (name == QLatin1String("SCRAM-SHA-1"))
        return std::make_unique<ScramMechanism>(ScramMechanism::Algorithm::Sha1, username,
                                                password);
    if (name == QLatin1String("PLAIN"))
        return std::make_unique<PlainMechanism>(username, password);
    return nullptr;
}

// RFC 5802 asks for the password to be prepared as a "stored string" (unassigned code points
// prohibited). ICU's SASLprep tables are those of Unicode 3.2, so that would refuse every
// character assigned since 2002 (emoji, newer scripts). A password made only of assigned code
// points prepares identically either way; for one with newer characters, allowing them is the
// only choice that can match a server that accepted it (libidn-based and current Prosody
// prepare with unassigned code points allowed). Prohibited characters and bidi violations are
// still refused.
std::optional<QString> SaslMechanism::saslPrep(const QString &input)
{
    if (input.isEmpty())
        return QString();
    // ICU works with int32_t lengths; NFKC may expand a string, so keep far away from the limit.
    if (input.size() > std::numeric_limits<int32_t>::max() / 32)
        return std::nullopt;

    UErrorCode status = U_ZERO_ERROR;
    UStringPrepProfile *profile = usprep_openByType(USPREP_RFC4013_SASLPREP, &status);
    if (U_FAILURE(status) || !profile)
        return std::nullopt;
    const std::unique_ptr<UStringPrepProfile, decltype(&usprep_close)> guard(profile,
                                                                             &usprep_close);

    const auto *source = reinterpret_cast<const UChar *>(input.constData());
    const auto sourceLength = static_cast<int32_t>(input.size());
    QString output(input.size() + 16, Qt::Uninitialized);
    int32_t length = usprep_prepare(
        profile, source, sourceLength, reinterpret_cast<UChar *>(output.data()),
        static_cast<int32_t>(output.size()), USPREP_ALLOW_UNASSIGNED, nullptr, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
        // The mapping step expanded the string beyond our guess; retry with the exact size.
        output.resize(length);
        status = U_ZERO_ERROR;
        length = usprep_prepare(
            profile, source, sourceLength, reinterpret_cast<UChar *>(output.data()),
            static_cast<int32_t>(output.size()), USPREP_ALLOW_UNASSIGNED, nullptr, &status);
    }
    // U_STRING_NOT_TERMINATED_WARNING is expected when the result fills the buffer exactly.
    if (U_FAILURE(status) || length < 0 || length > output.size())
        return std::nullopt;
    output.truncate(length);
    return output;
}

} // namespace natter
