// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHashFunctions>
#include <QMetaType>
#include <QString>
#include <QStringView>

#include <compare>
#include <optional>
#include <tuple>

namespace natter {

// An XMPP address, localpart@domainpart/resourcepart (RFC 7622).
//
// A Jid is always either null or valid and prepared: localpart and domainpart are case-folded and
// normalised, so two Jids compare equal exactly when they address the same entity. Preparation
// uses ICU: StringPrep's RFC 3920 Nodeprep/Resourceprep profiles for the localpart and
// resourcepart, UTS #46 (IDNA2008) for the domainpart, plus the RFC 7622 rules on length and
// forbidden characters. Pure-ASCII parts take a fast path that gives the same results without ICU.
//
// Where Nodeprep and RFC 7622's PRECIS profile differ, we follow Nodeprep, as the servers we talk
// to (Prosody, ejabberd) do: "fußball" folds to "fussball", "ς" to "σ", "henryⅣ" to "henryiv", and
// symbols such as "♚" are accepted in the localpart.
class Jid
{
public:
    enum class Error
    {
        None,
        Empty,             // the whole address is empty
        EmptyLocalpart,    // "@example.com"
        EmptyDomainpart,   // "user@" or "/res"
        EmptyResourcepart, // "user@example.com/"
        LocalpartTooLong,  // more than 1023 bytes once prepared
        DomainpartTooLong,
        ResourcepartTooLong,
        // " & ' / : < > @, a space or control character, another character Nodeprep prohibits, or
        // a character unassigned in Unicode 3.2 (which Nodeprep is defined on)
        LocalpartForbiddenCharacter,
        ResourcepartForbiddenCharacter, // a control character or one Resourceprep prohibits
        DomainpartInvalid,              // not a valid IDNA domain name or IP literal
        InvalidUnicode,                 // unpaired surrogate, or a violation of the bidi rule
    };

    struct ParseResult;

    Jid() = default;

    // Parses and prepares. Invalid input yields a null Jid (use parse() to learn why).
    static Jid fromString(QStringView text);
    static ParseResult parse(QStringView text);
    // Like parse(), but always prepares through ICU, never the ASCII fast path. For tests that
    // check both paths agree; everything else uses parse().
    static ParseResult parseSlow(QStringView text);
    // Builds from parts (each unprepared); an empty localpart or resourcepart means "none".
    // Invalid parts yield a null Jid.
    static Jid fromParts(QStringView localpart, QStringView domainpart,
                         QStringView resourcepart = {});
    // A human-readable, translated sentence for an error, e.g.
    // "The part before the @ contains the forbidden character “%1”."; %1 stands for
    // ParseResult::detail, which ParseResult::message() fills in. Empty for Error::None.
    static QString errorString(Error error);

    bool isNull() const { return m_domain.isEmpty(); }
    bool isValid() const { return !isNull(); }
    bool isBare() const { return !isNull() && m_resource.isEmpty(); }
    bool isFull() const { return !isNull() && !m_resource.isEmpty(); }
    bool isDomain() const { return !isNull() && m_local.isEmpty() && m_resource.isEmpty(); }

    const QString &localpart() const { return m_local; }
    const QString &domainpart() const { return m_domain; }
    const QString &resourcepart() const { return m_resource; }

    Jid bare() const;
    Jid domain() const;
    // The same bare address with another resource (prepared); the bare address if the resource
    // is empty; null if this Jid is null or the resource is invalid.
    Jid withResource(QStringView resource) const;

    QString toString() const;   // full form; empty for a null Jid
    QString bareString() const; // localpart@domainpart

    // Compares bare addresses only.
    bool bareEquals(const Jid &other) const
    {
        return m_local == other.m_local && m_domain == other.m_domain;
    }

    friend bool operator==(const Jid &, const Jid &) = default;
    friend auto operator<=>(const Jid &a, const Jid &b)
    {
        return std::tie(a.m_domain, a.m_local, a.m_resource) <=>
               std::tie(b.m_domain, b.m_local, b.m_resource);
    }

private:
    // Splits text per RFC 7622 §3.1 and prepares the parts.
    static ParseResult parseImpl(QStringView text, bool allowFastPath);
    // Prepares the parts; a disengaged optional means the part (and its separator) is absent.
    static ParseResult build(std::optional<QStringView> localpart, QStringView domainpart,
                             std::optional<QStringView> resourcepart, bool allowFastPath);

    QString m_local;
    QString m_domain;
    QString m_resource;
};

struct Jid::ParseResult
{
    Jid jid;
    Error error = Error::None;
    // The offending character (control and space characters written as "U+0020") or the invalid
    // domain, for the error message (may be empty).
    QString detail;
    bool ok() const { return error == Error::None; }
    // errorString(error) with the detail filled in.
    QString message() const;
};

inline size_t qHash(const Jid &jid, size_t seed = 0)
{
    return qHashMulti(seed, jid.localpart(), jid.domainpart(), jid.resourcepart());
}

} // namespace natter

Q_DECLARE_METATYPE(natter::Jid)
