// SPDX-License-Identifier: GPL-3.0-or-later
#include "stanza/Jid.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QLoggingCategory>

#include <unicode/uidna.h>
#include <unicode/usprep.h>
#include <unicode/utf16.h>

#include <limits>
#include <utility>

namespace natter {

namespace {

Q_LOGGING_CATEGORY(lcJid, "natter.jid")

// RFC 7622 §3.1: each part is 1..1023 octets of UTF-8 once prepared.
constexpr qsizetype MaxPartOctets = 1023;
// RFC 1035 §2.3.4, checked on the A-label (ASCII) form.
constexpr qsizetype MaxLabelOctets = 63;
// Longest domain quoted back in an error message.
constexpr qsizetype MaxQuotedDomain = 80;

using Error = Jid::Error;

struct Prepared
{
    QString value;
    Error error = Error::None;
    QString detail;
};

Prepared failure(Error error, QString detail = {})
{
    return Prepared{QString(), error, std::move(detail)};
}

bool isAscii(QStringView text)
{
    for (const QChar c : text) {
        if (c.unicode() >= 0x80)
            return false;
    }
    return true;
}

// The UTF-8 length of valid UTF-16 text, without converting it.
qsizetype utf8Length(QStringView text)
{
    qsizetype length = 0;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u < 0x80)
            length += 1;
        else if (u < 0x800)
            length += 2;
        else if (QChar::isSurrogate(u))
            length += 2; // each half of a pair: 4 octets per pair
        else
            length += 3;
    }
    return length;
}

// A character as shown in an error message: itself if visible, else its code point ("U+0020").
QString describeCharacter(char32_t c)
{
    if (QChar::isPrint(c) && !QChar::isSpace(c))
        return QString::fromUcs4(&c, 1);
    return QStringLiteral("U+%1").arg(uint(c), 4, 16, QLatin1Char('0')).toUpper();
}

// The first unpaired surrogate in text, described; empty if the text is valid UTF-16.
QString firstUnpairedSurrogate(QStringView text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t u = text[i].unicode();
        if (QChar::isHighSurrogate(u) && i + 1 < text.size() &&
            QChar::isLowSurrogate(text[i + 1].unicode())) {
            ++i;
        } else if (QChar::isSurrogate(u)) {
            return describeCharacter(u);
        }
    }
    return {};
}

// Characters RFC 7622 §3.3.1 forbids in a localpart, besides what Nodeprep prohibits anyway.
bool isForbiddenLocalpartSymbol(char16_t c)
{
    switch (c) {
    case u'"':
    case u'&':
    case u'\'':
    case u'/':
    case u':':
    case u'<':
    case u'>':
    case u'@':
        return true;
    default:
        return false;
    }
}

bool isAsciiControl(char16_t c)
{
    return c < 0x20 || c == 0x7f;
}

// The ASCII characters Nodeprep prohibits: the symbols above, space (table C.1.1) and controls
// (C.2.1). Both paths look for these first, so they report the same character.
bool isForbiddenAsciiInLocalpart(char16_t c)
{
    return isAsciiControl(c) || c == u' ' || isForbiddenLocalpartSymbol(c);
}

// Label separators of IDNA (RFC 3490 §3.1): full stop, ideographic full stop, fullwidth full
// stop, halfwidth ideographic full stop.
bool isLabelSeparator(QChar c)
{
    const char16_t u = c.unicode();
    return u == u'.' || u == 0x3002 || u == 0xff0e || u == 0xff61;
}

UChar *toUChar(QChar *data)
{
    return reinterpret_cast<UChar *>(data);
}

// The ICU objects, opened once. usprep_prepare() and the uidna_* functions are thread-safe on
// a shared profile/UIDNA object.
class IcuPreparation
{
public:
    IcuPreparation()
    {
        UErrorCode status = U_ZERO_ERROR;
        m_nodeprep = usprep_openByType(USPREP_RFC3920_NODEPREP, &status);
        if (U_FAILURE(status)) {
            qCCritical(lcJid, "Cannot open ICU's Nodeprep profile: %s", u_errorName(status));
            m_nodeprep = nullptr;
        }
        status = U_ZERO_ERROR;
        m_resourceprep = usprep_openByType(USPREP_RFC3920_RESOURCEPREP, &status);
        if (U_FAILURE(status)) {
            qCCritical(lcJid, "Cannot open ICU's Resourceprep profile: %s", u_errorName(status));
            m_resourceprep = nullptr;
        }
        // RFC 7622 §3.2 asks for IDNA2008: nontransitional processing both ways, so "ß" and "ς"
        // stay themselves instead of becoming "ss" and "σ"; the bidi rule (RFC 5893) and the
        // CONTEXTJ rules are part of IDNA2008's lookup protocol (RFC 5891 §5.4). STD3 rules:
        // §3.2 allows only "NR-LDH labels or U-labels", so ASCII labels are letters, digits and
        // hyphens ("under_score.example" is no domainpart).
        status = U_ZERO_ERROR;
        m_idna =
            uidna_openUTS46(UIDNA_USE_STD3_RULES | UIDNA_CHECK_BIDI | UIDNA_CHECK_CONTEXTJ |
                                UIDNA_NONTRANSITIONAL_TO_ASCII | UIDNA_NONTRANSITIONAL_TO_UNICODE,
                            &status);
        if (U_FAILURE(status)) {
            qCCritical(lcJid, "Cannot open ICU's UTS #46 processor: %s", u_errorName(status));
            m_idna = nullptr;
        }
    }
    ~IcuPreparation()
    {
        usprep_close(m_nodeprep);
        usprep_close(m_resourceprep);
        uidna_close(m_idna);
    }
    IcuPreparation(const IcuPreparation &) = delete;
    IcuPreparation &operator=(const IcuPreparation &) = delete;

    const UStringPrepProfile *nodeprep() const { return m_nodeprep; }
    const UStringPrepProfile *resourceprep() const { return m_resourceprep; }
    const UIDNA *idna() const { return m_idna; }

private:
    UStringPrepProfile *m_nodeprep = nullptr;
    UStringPrepProfile *m_resourceprep = nullptr;
    UIDNA *m_idna = nullptr;
};

const IcuPreparation &icu()
{
    static const IcuPreparation instance;
    return instance;
}

struct StringprepOutcome
{
    enum Status
    {
        Ok,
        Prohibited,
        Unassigned,
        Bidi,
        Failed
    };
    Status status = Failed;
    QString value;
    QString offending; // the character ICU stopped at, described
};

StringprepOutcome stringprep(const UStringPrepProfile *profile, QStringView input, int32_t options)
{
    StringprepOutcome outcome;
    if (!profile || input.size() > std::numeric_limits<int32_t>::max() / 4)
        return outcome;
    const auto inputLength = static_cast<int32_t>(input.size());
    const auto *source = reinterpret_cast<const UChar *>(input.utf16());
    // Case folding triples a character at most, NFKC rarely more; retry if ICU asks for more.
    int32_t capacity = inputLength * 3 + 16;
    for (int attempt = 0; attempt < 2; ++attempt) {
        outcome.value.resize(capacity);
        UParseError parseError{};
        UErrorCode status = U_ZERO_ERROR;
        const int32_t length =
            usprep_prepare(profile, source, inputLength, toUChar(outcome.value.data()), capacity,
                           options, &parseError, &status);
        if (status == U_BUFFER_OVERFLOW_ERROR) {
            capacity = length;
            continue;
        }
        if (U_FAILURE(status)) {
            outcome.value.clear();
            // ICU's postContext starts at the character it rejected.
            const UChar *context = parseError.postContext;
            if (context[0] != 0) {
                char32_t c = 0;
                int32_t i = 0;
                U16_NEXT(context, i, U_PARSE_CONTEXT_LEN, c);
                outcome.offending = describeCharacter(c);
            }
            switch (status) {
            case U_STRINGPREP_PROHIBITED_ERROR:
                outcome.status = StringprepOutcome::Prohibited;
                break;
            case U_STRINGPREP_UNASSIGNED_ERROR:
                outcome.status = StringprepOutcome::Unassigned;
                break;
            case U_STRINGPREP_CHECK_BIDI_ERROR:
                outcome.status = StringprepOutcome::Bidi;
                break;
            default:
                qCWarning(lcJid, "StringPrep failed: %s", u_errorName(status));
                outcome.status = StringprepOutcome::Failed;
                break;
            }
            return outcome;
        }
        outcome.value.truncate(length);
        outcome.status = StringprepOutcome::Ok;
        return outcome;
    }
    outcome.value.clear();
    return outcome;
}

// ---- localpart ----------------------------------------------------------------------------

Prepared prepareLocalpartAscii(QStringView input)
{
    QString value(input.size(), Qt::Uninitialized);
    QChar *out = value.data();
    for (qsizetype i = 0; i < input.size(); ++i) {
        const char16_t c = input[i].unicode();
        if (isForbiddenAsciiInLocalpart(c))
            return failure(Error::LocalpartForbiddenCharacter, describeCharacter(c));
        out[i] = QChar(c >= u'A' && c <= u'Z' ? char16_t(c + (u'a' - u'A')) : c);
    }
    if (value.size() > MaxPartOctets)
        return failure(Error::LocalpartTooLong);
    return Prepared{std::move(value), Error::None, {}};
}

Prepared prepareLocalpartIcu(QStringView input)
{
    for (const QChar c : input) {
        if (isForbiddenAsciiInLocalpart(c.unicode()))
            return failure(Error::LocalpartForbiddenCharacter, describeCharacter(c.unicode()));
    }
    // No USPREP_ALLOW_UNASSIGNED: a localpart names an account or room and is compared as
    // stored, so RFC 3454 §7 rules out code points unknown to Unicode 3.2. (Emoji, which this
    // turns away, are not allowed in RFC 7622 localparts either.) The profile also prohibits
    // the RFC 7622 symbols, so fullwidth "＠" (NFKC: "@") is caught too.
    StringprepOutcome prepared = stringprep(icu().nodeprep(), input, USPREP_DEFAULT);
    switch (prepared.status) {
    case StringprepOutcome::Ok:
        break;
    case StringprepOutcome::Prohibited:
    case StringprepOutcome::Unassigned:
        return failure(Error::LocalpartForbiddenCharacter, prepared.offending);
    case StringprepOutcome::Bidi: // no single character is to blame
    case StringprepOutcome::Failed:
        return failure(Error::InvalidUnicode);
    }
    // Characters that map to nothing (soft hyphen, zero-width joiner...) can leave nothing.
    if (prepared.value.isEmpty())
        return failure(Error::EmptyLocalpart);
    if (utf8Length(prepared.value) > MaxPartOctets)
        return failure(Error::LocalpartTooLong);
    return Prepared{std::move(prepared.value), Error::None, {}};
}

Prepared prepareLocalpart(QStringView input, bool allowFastPath)
{
    if (input.isEmpty())
        return failure(Error::EmptyLocalpart);
    if (QString bad = firstUnpairedSurrogate(input); !bad.isEmpty())
        return failure(Error::InvalidUnicode, bad);
    if (allowFastPath && isAscii(input))
        return prepareLocalpartAscii(input);
    return prepareLocalpartIcu(input);
}

// ---- resourcepart -------------------------------------------------------------------------

Prepared prepareResourcepartAscii(QStringView input)
{
    // Resourceprep maps and folds no ASCII character and prohibits only the controls.
    for (const QChar c : input) {
        if (isAsciiControl(c.unicode()))
            return failure(Error::ResourcepartForbiddenCharacter, describeCharacter(c.unicode()));
    }
    if (input.size() > MaxPartOctets)
        return failure(Error::ResourcepartTooLong);
    return Prepared{input.toString(), Error::None, {}};
}

Prepared prepareResourcepartIcu(QStringView input)
{
    for (const QChar c : input) {
        if (isAsciiControl(c.unicode()))
            return failure(Error::ResourcepartForbiddenCharacter, describeCharacter(c.unicode()));
    }
    // USPREP_ALLOW_UNASSIGNED: the resourcepart is where MUC nicknames live, and nicknames with
    // emoji (unassigned in Unicode 3.2) are common; servers pass them through, so must we.
    StringprepOutcome prepared = stringprep(icu().resourceprep(), input, USPREP_ALLOW_UNASSIGNED);
    switch (prepared.status) {
    case StringprepOutcome::Ok:
        break;
    case StringprepOutcome::Prohibited:
    case StringprepOutcome::Unassigned:
        return failure(Error::ResourcepartForbiddenCharacter, prepared.offending);
    case StringprepOutcome::Bidi: // no single character is to blame
    case StringprepOutcome::Failed:
        return failure(Error::InvalidUnicode);
    }
    if (prepared.value.isEmpty())
        return failure(Error::EmptyResourcepart);
    if (utf8Length(prepared.value) > MaxPartOctets)
        return failure(Error::ResourcepartTooLong);
    return Prepared{std::move(prepared.value), Error::None, {}};
}

Prepared prepareResourcepart(QStringView input, bool allowFastPath)
{
    if (input.isEmpty())
        return failure(Error::EmptyResourcepart);
    if (QString bad = firstUnpairedSurrogate(input); !bad.isEmpty())
        return failure(Error::InvalidUnicode, bad);
    if (allowFastPath && isAscii(input))
        return prepareResourcepartAscii(input);
    return prepareResourcepartIcu(input);
}

// ---- domainpart ---------------------------------------------------------------------------

QString quoteDomain(QStringView domain)
{
    if (domain.size() <= MaxQuotedDomain)
        return domain.toString();
    return domain.first(MaxQuotedDomain - 1).toString() + QChar(0x2026);
}

Prepared invalidDomain(QStringView domain)
{
    return failure(Error::DomainpartInvalid, quoteDomain(domain));
}

// RFC 7622 §3.2 allows an IP-literal as in RFC 3986: "[" IPv6address "]" (no zone identifier;
// IPvFuture has never been used). Kept as given, hex digits lower-cased.
Prepared prepareIpLiteral(QStringView input)
{
    if (input.size() < 3 || input.back() != u']')
        return invalidDomain(input);
    const QStringView address = input.sliced(1, input.size() - 2);
    for (const QChar c : address) {
        const char16_t u = c.unicode();
        const bool allowed = (u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f') ||
                             (u >= u'A' && u <= u'F') || u == u':' || u == u'.';
        if (!allowed)
            return invalidDomain(input);
    }
    QHostAddress parsed;
    if (!parsed.setAddress(address.toString()) ||
        parsed.protocol() != QAbstractSocket::IPv6Protocol) {
        return invalidDomain(input);
    }
    return Prepared{input.toString().toLower(), Error::None, {}};
}

// The common case: lower-case LDH labels. Returns nothing where ICU has to decide: other
// characters, A-labels ("xn--"), hyphens in the wrong places, labels that are empty or too long.
std::optional<Prepared> prepareDomainpartAscii(QStringView input)
{
    if (input.size() > MaxPartOctets)
        return std::nullopt;
    QString value(input.size(), Qt::Uninitialized);
    QChar *out = value.data();
    const auto labelIsPlain = [&out](qsizetype begin, qsizetype end) {
        const qsizetype length = end - begin;
        if (length < 1 || length > MaxLabelOctets)
            return false;
        if (out[begin] == u'-' || out[end - 1] == u'-')
            return false;
        // "xn--" and every other "??--" label: A-labels and reserved LDH labels.
        return !(length >= 4 && out[begin + 2] == u'-' && out[begin + 3] == u'-');
    };
    qsizetype labelStart = 0;
    for (qsizetype i = 0; i < input.size(); ++i) {
        char16_t c = input[i].unicode();
        if (c == u'.') {
            if (!labelIsPlain(labelStart, i))
                return std::nullopt;
            labelStart = i + 1;
        } else if (c >= u'A' && c <= u'Z') {
            c = char16_t(c + (u'a' - u'A'));
        } else if (!((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'-')) {
            return std::nullopt;
        }
        out[i] = QChar(c);
    }
    if (!labelIsPlain(labelStart, input.size()))
        return std::nullopt;
    return Prepared{std::move(value), Error::None, {}};
}

enum class IdnaDirection
{
    ToUnicode,
    ToAscii
};

// Runs UTS #46 processing; returns nothing if ICU reports an error that matters to us.
std::optional<QString> idna(QStringView input, IdnaDirection direction)
{
    const UIDNA *processor = icu().idna();
    if (!processor || input.size() > std::numeric_limits<int32_t>::max() / 4)
        return std::nullopt;
    const auto inputLength = static_cast<int32_t>(input.size());
    const auto *source = reinterpret_cast<const UChar *>(input.utf16());
    // UTS #46 may expand a little (mappings, Punycode); retry if ICU asks for more.
    int32_t capacity = inputLength * 2 + 64;
    QString output;
    for (int attempt = 0; attempt < 2; ++attempt) {
        output.resize(capacity);
        UIDNAInfo info = UIDNA_INFO_INITIALIZER;
        UErrorCode status = U_ZERO_ERROR;
        const int32_t length =
            direction == IdnaDirection::ToUnicode
                ? uidna_nameToUnicode(processor, source, inputLength, toUChar(output.data()),
                                      capacity, &info, &status)
                : uidna_nameToASCII(processor, source, inputLength, toUChar(output.data()),
                                    capacity, &info, &status);
        if (status == U_BUFFER_OVERFLOW_ERROR) {
            capacity = length;
            continue;
        }
        if (U_FAILURE(status))
            return std::nullopt;
        // The 253-octet limit on DNS names is not XMPP's: RFC 7622 §3.2 allows 1023 octets,
        // which we check on the result.
        if ((info.errors & ~uint32_t(UIDNA_ERROR_DOMAIN_NAME_TOO_LONG)) != 0)
            return std::nullopt;
        output.truncate(length);
        return output;
    }
    return std::nullopt;
}

Prepared prepareDomainpartIcu(QStringView input)
{
    // Stored as U-labels (RFC 7622 §3.2.1 converts A-labels to U-labels), which UTS #46 has
    // mapped to lower case.
    std::optional<QString> unicode = idna(input, IdnaDirection::ToUnicode);
    if (!unicode)
        return invalidDomain(input);
    // ICU accepts one trailing dot as the root label; the caller has stripped that one already,
    // so a dot here ends an empty label ("example.com..").
    if (unicode->isEmpty() || unicode->endsWith(u'.'))
        return invalidDomain(input);
    // The A-label form must exist too, with labels of at most 63 octets; only nameToASCII checks
    // label lengths.
    if (!idna(input, IdnaDirection::ToAscii))
        return invalidDomain(input);
    if (utf8Length(*unicode) > MaxPartOctets)
        return failure(Error::DomainpartTooLong);
    return Prepared{std::move(*unicode), Error::None, {}};
}

Prepared prepareDomainpart(QStringView input, bool allowFastPath)
{
    // RFC 7622 §3.2: strip one trailing label separator ("example.com." is "example.com").
    if (!input.isEmpty() && isLabelSeparator(input.back()))
        input.chop(1);
    if (input.isEmpty())
        return failure(Error::EmptyDomainpart);
    if (QString bad = firstUnpairedSurrogate(input); !bad.isEmpty())
        return failure(Error::InvalidUnicode, bad);
    if (input.front() == u'[')
        return prepareIpLiteral(input);
    if (allowFastPath && isAscii(input)) {
        // The JIDs a client sees share a few domains (a roster of 100,000 contacts may have
        // one): the last domain prepared here is kept, and a repeat shares its string - one
        // allocation and check less per JID, and one copy of the domain in memory.
        thread_local QString lastInput;
        thread_local QString lastValue;
        if (!lastInput.isEmpty() && input == lastInput)
            return Prepared{lastValue, Error::None, {}};
        if (std::optional<Prepared> fast = prepareDomainpartAscii(input)) {
            lastInput = input.toString();
            lastValue = fast->value;
            return std::move(*fast);
        }
    }
    return prepareDomainpartIcu(input);
}

bool errorTakesDetail(Error error)
{
    return error == Error::LocalpartForbiddenCharacter ||
           error == Error::ResourcepartForbiddenCharacter || error == Error::DomainpartInvalid;
}

} // namespace

Jid Jid::fromString(QStringView text)
{
    return parseImpl(text, true).jid;
}

Jid::ParseResult Jid::parse(QStringView text)
{
    return parseImpl(text, true);
}

Jid::ParseResult Jid::parseSlow(QStringView text)
{
    return parseImpl(text, false);
}

Jid::ParseResult Jid::parseImpl(QStringView text, bool allowFastPath)
{
    if (text.isEmpty())
        return ParseResult{Jid(), Error::Empty, {}};
    // RFC 7622 §3.1: the resourcepart starts at the first "/", and the localpart ends at the
    // first "@" before it. So "a@b/c@d/e" is a, b, "c@d/e", and "b/c@d" has no localpart.
    std::optional<QStringView> resourcepart;
    QStringView bare = text;
    if (const qsizetype slash = text.indexOf(u'/'); slash >= 0) {
        resourcepart = text.sliced(slash + 1);
        bare = text.first(slash);
    }
    std::optional<QStringView> localpart;
    QStringView domainpart = bare;
    if (const qsizetype at = bare.indexOf(u'@'); at >= 0) {
        localpart = bare.first(at);
        domainpart = bare.sliced(at + 1);
    }
    return build(localpart, domainpart, resourcepart, allowFastPath);
}

Jid::ParseResult Jid::build(std::optional<QStringView> localpart, QStringView domainpart,
                            std::optional<QStringView> resourcepart, bool allowFastPath)
{
    // Parts are checked left to right; the first problem is reported.
    Jid jid;
    if (localpart) {
        Prepared local = prepareLocalpart(*localpart, allowFastPath);
        if (local.error != Error::None)
            return ParseResult{Jid(), local.error, std::move(local.detail)};
        jid.m_local = std::move(local.value);
    }
    Prepared domain = prepareDomainpart(domainpart, allowFastPath);
    if (domain.error != Error::None)
        return ParseResult{Jid(), domain.error, std::move(domain.detail)};
    jid.m_domain = std::move(domain.value);
    if (resourcepart) {
        Prepared resource = prepareResourcepart(*resourcepart, allowFastPath);
        if (resource.error != Error::None)
            return ParseResult{Jid(), resource.error, std::move(resource.detail)};
        jid.m_resource = std::move(resource.value);
    }
    return ParseResult{std::move(jid), Error::None, {}};
}

Jid Jid::fromParts(QStringView localpart, QStringView domainpart, QStringView resourcepart)
{
    std::optional<QStringView> local;
    if (!localpart.isEmpty())
        local = localpart;
    std::optional<QStringView> resource;
    if (!resourcepart.isEmpty())
        resource = resourcepart;
    return build(local, domainpart, resource, true).jid;
}

QString Jid::errorString(Error error)
{
    switch (error) {
    case Error::None:
        return {};
    case Error::Empty:
        return QCoreApplication::translate("natter::Jid", "The address is empty.");
    case Error::EmptyLocalpart:
        return QCoreApplication::translate("natter::Jid", "The part before the @ is empty.");
    case Error::EmptyDomainpart:
        return QCoreApplication::translate("natter::Jid", "The address has no domain.");
    case Error::EmptyResourcepart:
        return QCoreApplication::translate("natter::Jid", "The part after the / is empty.");
    case Error::LocalpartTooLong:
        return QCoreApplication::translate("natter::Jid",
                                           "The part before the @ is longer than 1023 bytes.");
    case Error::DomainpartTooLong:
        return QCoreApplication::translate("natter::Jid", "The domain is longer than 1023 bytes.");
    case Error::ResourcepartTooLong:
        return QCoreApplication::translate("natter::Jid",
                                           "The part after the / is longer than 1023 bytes.");
    case Error::LocalpartForbiddenCharacter:
        return QCoreApplication::translate(
            "natter::Jid", "The part before the @ contains the forbidden character “%1”.");
    case Error::ResourcepartForbiddenCharacter:
        return QCoreApplication::translate(
            "natter::Jid", "The part after the / contains the forbidden character “%1”.");
    case Error::DomainpartInvalid:
        return QCoreApplication::translate("natter::Jid",
                                           "The domain “%1” is not a valid domain name.");
    case Error::InvalidUnicode:
        return QCoreApplication::translate(
            "natter::Jid", "The address contains broken Unicode text, or mixes right-to-left "
                           "and left-to-right characters in a way that is not allowed.");
    }
    return {};
}

QString Jid::ParseResult::message() const
{
    const QString text = errorString(error);
    return errorTakesDetail(error) ? text.arg(detail) : text;
}

Jid Jid::bare() const
{
    Jid jid;
    jid.m_local = m_local;
    jid.m_domain = m_domain;
    return jid;
}

Jid Jid::domain() const
{
    Jid jid;
    jid.m_domain = m_domain;
    return jid;
}

Jid Jid::withResource(QStringView resource) const
{
    if (isNull())
        return {};
    Jid jid = bare();
    if (resource.isEmpty())
        return jid;
    Prepared prepared = prepareResourcepart(resource, true);
    if (prepared.error != Error::None)
        return {};
    jid.m_resource = std::move(prepared.value);
    return jid;
}

QString Jid::toString() const
{
    if (isNull())
        return {};
    QString text;
    text.reserve(m_local.size() + m_domain.size() + m_resource.size() + 2);
    if (!m_local.isEmpty())
        text.append(m_local).append(u'@');
    text.append(m_domain);
    if (!m_resource.isEmpty())
        text.append(u'/').append(m_resource);
    return text;
}

QString Jid::bareString() const
{
    if (m_local.isEmpty())
        return m_domain;
    QString text;
    text.reserve(m_local.size() + m_domain.size() + 1);
    text.append(m_local).append(u'@').append(m_domain);
    return text;
}

} // namespace natter
