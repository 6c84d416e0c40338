// SPDX-License-Identifier: GPL-3.0-or-later
#include "stanza/Jid.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QTest>
#include <QVariant>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace natter {

// Readable QCOMPARE failures (found by argument-dependent lookup).
char *toString(Jid::Error error)
{
    static const char *const names[] = {
        "None",
        "Empty",
        "EmptyLocalpart",
        "EmptyDomainpart",
        "EmptyResourcepart",
        "LocalpartTooLong",
        "DomainpartTooLong",
        "ResourcepartTooLong",
        "LocalpartForbiddenCharacter",
        "ResourcepartForbiddenCharacter",
        "DomainpartInvalid",
        "InvalidUnicode",
    };
    return qstrdup(names[static_cast<int>(error)]);
}

char *toString(const Jid &jid)
{
    return QTest::toString(jid.isNull() ? u"(null)"_s : jid.toString());
}

} // namespace natter

using natter::Jid;
using Error = Jid::Error;

namespace {

constexpr Error AllErrors[] = {
    Error::Empty,
    Error::EmptyLocalpart,
    Error::EmptyDomainpart,
    Error::EmptyResourcepart,
    Error::LocalpartTooLong,
    Error::DomainpartTooLong,
    Error::ResourcepartTooLong,
    Error::LocalpartForbiddenCharacter,
    Error::ResourcepartForbiddenCharacter,
    Error::DomainpartInvalid,
    Error::InvalidUnicode,
};

void addValid(const char *name, const QString &input, const QString &local, const QString &domain,
              const QString &resource = {})
{
    QTest::newRow(name) << input << Error::None << local << domain << resource << QString();
}

void addInvalid(const char *name, const QString &input, Error error, const QString &detail = {})
{
    QTest::newRow(name) << input << error << QString() << QString() << QString() << detail;
}

// A domain of exactly `octets` ASCII octets, in labels of at most 63.
QString domainOfLength(qsizetype octets)
{
    QString domain;
    while (octets - domain.size() > 63) {
        // Never leave nothing for the last label.
        const qsizetype label = octets - domain.size() == 64 ? 62 : 63;
        domain.append(QString(label, u'd')).append(u'.');
    }
    domain.append(QString(octets - domain.size(), u'd'));
    return domain;
}

// The UTF-8 length of the longest part of an address, split as RFC 7622 §3.1 says.
int longestPartOctets(QStringView address)
{
    QStringView resource;
    if (const qsizetype slash = address.indexOf(u'/'); slash >= 0) {
        resource = address.sliced(slash + 1);
        address = address.first(slash);
    }
    QStringView local;
    if (const qsizetype at = address.indexOf(u'@'); at >= 0) {
        local = address.first(at);
        address = address.sliced(at + 1);
    }
    return int(
        std::max({local.toUtf8().size(), address.toUtf8().size(), resource.toUtf8().size()}));
}

} // namespace

class tst_Jid : public QObject
{
    Q_OBJECT

private slots:
    void parsePreparesEachPart_data();
    void parsePreparesEachPart();
    void partsAreLimitedTo1023Octets_data();
    void partsAreLimitedTo1023Octets();
    void asciiFastPathAgreesWithIcu_data();
    void asciiFastPathAgreesWithIcu();
    void preparedFormsCompareEqual_data();
    void preparedFormsCompareEqual();
    void fromPartsPreparesEachPart_data();
    void fromPartsPreparesEachPart();
    void bareDomainAndResourceAccessors();
    void withResourceReplacesTheResource();
    void nullJidIsEmptyEverywhere();
    void orderingIsDomainThenLocalThenResource();
    void worksAsHashKeyAndVariant();
    void everyErrorHasAMessage();
    void messageQuotesTheOffendingPart_data();
    void messageQuotesTheOffendingPart();
    void fromStringThroughput();
    void icuPathThroughput();
};

void tst_Jid::parsePreparesEachPart_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<Error>("error");
    QTest::addColumn<QString>("local");
    QTest::addColumn<QString>("domain");
    QTest::addColumn<QString>("resource");
    QTest::addColumn<QString>("detail");

    // RFC 7622 §3.5, table 1: valid JIDs.
    addValid("rfc-bare", u"juliet@example.com"_s, u"juliet"_s, u"example.com"_s);
    addValid("rfc-full", u"juliet@example.com/foo"_s, u"juliet"_s, u"example.com"_s, u"foo"_s);
    addValid("rfc-space-in-resource", u"juliet@example.com/foo bar"_s, u"juliet"_s,
             u"example.com"_s, u"foo bar"_s);
    addValid("rfc-at-in-resource", u"juliet@example.com/foo@bar"_s, u"juliet"_s, u"example.com"_s,
             u"foo@bar"_s);
    addValid("rfc-escaped-space", u"foo\\20bar@example.com"_s, u"foo\\20bar"_s, u"example.com"_s);
    addValid("rfc-fussball", u"fussball@example.com"_s, u"fussball"_s, u"example.com"_s);
    // Nodeprep folds ß to "ss"; RFC 7622's PRECIS profile would keep "fußball".
    addValid("rfc-sharp-s-folds", u"fußball@example.com"_s, u"fussball"_s, u"example.com"_s);
    addValid("rfc-pi", u"π@example.com"_s, u"π"_s, u"example.com"_s);
    addValid("rfc-capital-sigma", u"Σ@example.com"_s, u"σ"_s, u"example.com"_s);
    // Nodeprep case folding maps final sigma to σ (PRECIS would keep ς).
    addValid("rfc-final-sigma-folds", u"ς@example.com"_s, u"σ"_s, u"example.com"_s);
    addValid("rfc-king-resource", u"king@example.com/♚"_s, u"king"_s, u"example.com"_s, u"♚"_s);
    addValid("rfc-domain", u"example.com"_s, QString(), u"example.com"_s);
    addValid("rfc-domain-resource", u"example.com/foobar"_s, QString(), u"example.com"_s,
             u"foobar"_s);
    addValid("rfc-domain-resource-with-at", u"a.example.com/b@example.net"_s, QString(),
             u"a.example.com"_s, u"b@example.net"_s);
    // RFC 7622 table 2 lists a leading space in the resourcepart as invalid; erratum 4560
    // withdraws that, and Resourceprep allows it.
    addValid("rfc-erratum-4560-leading-space", u"juliet@example.com/ foo"_s, u"juliet"_s,
             u"example.com"_s, u" foo"_s);
    // RFC 7622 table 2 calls these two invalid under PRECIS; Nodeprep maps Ⅳ (NFKC) to "iv"
    // and allows symbols, as the servers do.
    addValid("rfc-roman-numeral-nodeprep", u"henryⅣ@example.com"_s, u"henryiv"_s, u"example.com"_s);
    addValid("rfc-chess-king-localpart-nodeprep", u"♚@example.com"_s, u"♚"_s, u"example.com"_s);

    // RFC 7622 §3.5, table 2: invalid JIDs.
    addInvalid("rfc-quotation-marks", u"\"juliet\"@example.com"_s,
               Error::LocalpartForbiddenCharacter, u"\""_s);
    addInvalid("rfc-space-in-localpart", u"foo bar@example.com"_s,
               Error::LocalpartForbiddenCharacter, u"U+0020"_s);
    addInvalid("rfc-empty-localpart-and-resource", u"@example.com/"_s, Error::EmptyLocalpart);
    addInvalid("rfc-no-domain", u"juliet@"_s, Error::EmptyDomainpart);
    addInvalid("rfc-resource-without-domain", u"/foobar"_s, Error::EmptyDomainpart);

    // Splitting (RFC 7622 §3.1): resource from the first "/", localpart to the first "@".
    addValid("split-first-slash", u"a@b/c@d/e"_s, u"a"_s, u"b"_s, u"c@d/e"_s);
    addValid("split-at-after-slash", u"b/c@d"_s, QString(), u"b"_s, u"c@d"_s);
    addValid("split-slashes-in-resource", u"server/resource@foo/bar"_s, QString(), u"server"_s,
             u"resource@foo/bar"_s);
    addInvalid("split-second-at-in-domain", u"user@@host"_s, Error::DomainpartInvalid, u"@host"_s);
    addInvalid("empty-domain-before-slash", u"node@/server"_s, Error::EmptyDomainpart);
    addInvalid("only-at", u"@"_s, Error::EmptyLocalpart);
    addInvalid("only-slash", u"/"_s, Error::EmptyDomainpart);
    addInvalid("empty", QString(), Error::Empty);
    addInvalid("empty-resource", u"juliet@example.com/"_s, Error::EmptyResourcepart);
    addInvalid("empty-localpart", u"@example.com"_s, Error::EmptyLocalpart);

    // Case folding: localpart and domain fold, the resource keeps its case.
    addValid("case-folding", u"Juliet@Example.COM/Balcony"_s, u"juliet"_s, u"example.com"_s,
             u"Balcony"_s);
    addValid("fullwidth-letters-nfkc", u"ＪＵＬＩＥＴ@example.com"_s, u"juliet"_s,
             u"example.com"_s);
    addValid("long-s-folds-to-s", u"ſ@example.com"_s, u"s"_s, u"example.com"_s);
    addValid("soft-hyphen-maps-to-nothing", u"jul\u00ADiet@example.com"_s, u"juliet"_s,
             u"example.com"_s);
    addInvalid("only-soft-hyphen", u"\u00AD@example.com"_s, Error::EmptyLocalpart);
    addValid("resource-nfkc", u"a@example.com/\uFB01le"_s, u"a"_s, u"example.com"_s, u"file"_s);
    addValid("resource-ideographic-space-nfkc", u"a@example.com/x\u3000y"_s, u"a"_s,
             u"example.com"_s, u"x y"_s);
    addValid("resource-emoji-allowed", u"room@muc.example.com/Alice 🐱"_s, u"room"_s,
             u"muc.example.com"_s, u"Alice 🐱"_s);
    addValid("hebrew-localpart", u"\u05D0\u05D1@example.com"_s, u"\u05D0\u05D1"_s,
             u"example.com"_s);

    // Forbidden localpart characters (RFC 7622 §3.3.1) and what Nodeprep prohibits.
    addInvalid("forbidden-ampersand", u"a&b@example.com"_s, Error::LocalpartForbiddenCharacter,
               u"&"_s);
    addInvalid("forbidden-apostrophe", u"o'hara@example.com"_s, Error::LocalpartForbiddenCharacter,
               u"'"_s);
    addInvalid("forbidden-colon", u"a:b@example.com"_s, Error::LocalpartForbiddenCharacter, u":"_s);
    addInvalid("forbidden-less-than", u"a<b@example.com"_s, Error::LocalpartForbiddenCharacter,
               u"<"_s);
    addInvalid("forbidden-greater-than", u"a>b@example.com"_s, Error::LocalpartForbiddenCharacter,
               u">"_s);
    addInvalid("forbidden-fullwidth-at", u"a＠b@example.com"_s, Error::LocalpartForbiddenCharacter,
               u"@"_s);
    addInvalid("forbidden-control", u"a\u0007b@example.com"_s, Error::LocalpartForbiddenCharacter,
               u"U+0007"_s);
    addInvalid("forbidden-delete", u"a\u007Fb@example.com"_s, Error::LocalpartForbiddenCharacter,
               u"U+007F"_s);
    addInvalid("forbidden-no-break-space", u"a\u00A0b@example.com"_s,
               Error::LocalpartForbiddenCharacter, u"U+0020"_s);
    addInvalid("forbidden-emoji-localpart", u"😀@example.com"_s, Error::LocalpartForbiddenCharacter,
               u"😀"_s);
    addInvalid("forbidden-resource-tab", u"a@example.com/x\ty"_s,
               Error::ResourcepartForbiddenCharacter, u"U+0009"_s);
    addInvalid("forbidden-resource-line-separator", u"a@example.com/x\u2028y"_s,
               Error::ResourcepartForbiddenCharacter, u"U+2028"_s);
    addInvalid("bidi-mixed-localpart", u"\u05D0b@example.com"_s, Error::InvalidUnicode);
    addInvalid("bidi-mixed-resource", u"a@example.com/\u05D0b"_s, Error::InvalidUnicode);
    addInvalid("unpaired-surrogate", u"a"_s + QChar(0xD800) + u"@example.com"_s,
               Error::InvalidUnicode, u"U+D800"_s);

    // Domains: IDNA2008 via UTS #46, stored as lower-case U-labels.
    addValid("idna-u-label", u"user@Bücher.example"_s, u"user"_s, u"bücher.example"_s);
    addValid("idna-a-label", u"user@xn--bcher-kva.example"_s, u"user"_s, u"bücher.example"_s);
    addValid("idna-a-label-upper-case", u"user@XN--BCHER-KVA.EXAMPLE"_s, u"user"_s,
             u"bücher.example"_s);
    addValid("idna-nontransitional-sharp-s", u"user@faß.de"_s, u"user"_s, u"faß.de"_s);
    addValid("idna-ideographic-full-stop", u"user@example\u3002com"_s, u"user"_s, u"example.com"_s);
    addInvalid("idna-bad-a-label", u"user@xn--abc.example"_s, Error::DomainpartInvalid,
               u"xn--abc.example"_s);
    addInvalid("idna-underscore", u"user@under_score.example"_s, Error::DomainpartInvalid,
               u"under_score.example"_s);
    addInvalid("idna-leading-hyphen", u"user@-a.example"_s, Error::DomainpartInvalid,
               u"-a.example"_s);
    addInvalid("idna-trailing-hyphen", u"user@a-.example"_s, Error::DomainpartInvalid,
               u"a-.example"_s);
    addInvalid("idna-hyphens-3-4", u"user@ab--cd.example"_s, Error::DomainpartInvalid,
               u"ab--cd.example"_s);
    addInvalid("idna-empty-label", u"user@a..example"_s, Error::DomainpartInvalid, u"a..example"_s);
    addInvalid("idna-space", u"user@exa mple.com"_s, Error::DomainpartInvalid, u"exa mple.com"_s);
    addInvalid("idna-bidi-rule", u"user@1\u05D0.example"_s, Error::DomainpartInvalid,
               u"1\u05D0.example"_s);

    // One trailing dot is stripped (RFC 7622 §3.2), a second one is an empty label.
    addValid("trailing-dot", u"juliet@example.com./balcony"_s, u"juliet"_s, u"example.com"_s,
             u"balcony"_s);
    addValid("trailing-ideographic-dot", u"juliet@bücher.example\u3002"_s, u"juliet"_s,
             u"bücher.example"_s);
    addInvalid("two-trailing-dots", u"juliet@example.com.."_s, Error::DomainpartInvalid,
               u"example.com."_s);
    addInvalid("domain-only-a-dot", u"juliet@."_s, Error::EmptyDomainpart);

    // IP literals.
    addValid("ipv4", u"juliet@192.0.2.1/r"_s, u"juliet"_s, u"192.0.2.1"_s, u"r"_s);
    addValid("ipv6", u"[::1]"_s, QString(), u"[::1]"_s);
    addValid("ipv6-lower-cased", u"Juliet@[2001:DB8::A]/R"_s, u"juliet"_s, u"[2001:db8::a]"_s,
             u"R"_s);
    addValid("ipv6-with-ipv4-tail", u"a@[::ffff:192.0.2.1]"_s, u"a"_s, u"[::ffff:192.0.2.1]"_s);
    addInvalid("ipv6-unclosed", u"a@[::1"_s, Error::DomainpartInvalid, u"[::1"_s);
    addInvalid("ipv6-zone-id", u"a@[fe80::1%eth0]"_s, Error::DomainpartInvalid,
               u"[fe80::1%eth0]"_s);
    addInvalid("ipv4-in-brackets", u"a@[192.0.2.1]"_s, Error::DomainpartInvalid, u"[192.0.2.1]"_s);
    addInvalid("ipv6-garbage", u"a@[::g]"_s, Error::DomainpartInvalid, u"[::g]"_s);
}

void tst_Jid::parsePreparesEachPart()
{
    QFETCH(QString, input);
    QFETCH(Error, error);
    QFETCH(QString, local);
    QFETCH(QString, domain);
    QFETCH(QString, resource);
    QFETCH(QString, detail);

    const Jid::ParseResult result = Jid::parse(input);
    QCOMPARE(result.error, error);
    QCOMPARE(result.ok(), error == Error::None);
    QCOMPARE(result.detail, detail);
    QCOMPARE(result.jid.localpart(), local);
    QCOMPARE(result.jid.domainpart(), domain);
    QCOMPARE(result.jid.resourcepart(), resource);
    QCOMPARE(result.jid.isValid(), error == Error::None);
    QCOMPARE(Jid::fromString(input), result.jid);

    // The prepared form is a fixed point: parsing it again gives the same address.
    if (result.ok())
        QCOMPARE(Jid::fromString(result.jid.toString()), result.jid);
}

void tst_Jid::partsAreLimitedTo1023Octets_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<Error>("error");
    // The UTF-8 length of the input's longest part, so that the rows test what they claim to.
    QTest::addColumn<int>("octets");

    const QString a1023(1023, u'a');
    const QString a1024(1024, u'a');
    QTest::newRow("local-1023-ascii") << a1023 + u"@example.com"_s << Error::None << 1023;
    QTest::newRow("local-1024-ascii")
        << a1024 + u"@example.com"_s << Error::LocalpartTooLong << 1024;
    // U+20AC EURO SIGN is three octets of UTF-8.
    QTest::newRow("local-1023-octets-euro")
        << QString(341, QChar(0x20AC)) + u"@example.com"_s << Error::None << 1023;
    QTest::newRow("local-1026-octets-euro")
        << QString(342, QChar(0x20AC)) + u"@example.com"_s << Error::LocalpartTooLong << 1026;
    // Upper case folds to the same length; the limit applies after preparation.
    QTest::newRow("local-1023-upper-case")
        << QString(1023, u'A') + u"@example.com"_s << Error::None << 1023;
    QTest::newRow("resource-1023-ascii") << u"a@example.com/"_s + a1023 << Error::None << 1023;
    QTest::newRow("resource-1024-ascii")
        << u"a@example.com/"_s + a1024 << Error::ResourcepartTooLong << 1024;
    // U+00E9 is two octets: 511 of them plus one ASCII letter make 1023.
    QTest::newRow("resource-1023-octets-two-byte")
        << u"a@example.com/x"_s + QString(511, QChar(0xE9)) << Error::None << 1023;
    QTest::newRow("resource-1024-octets-two-byte")
        << u"a@example.com/"_s + QString(512, QChar(0xE9)) << Error::ResourcepartTooLong << 1024;
    QTest::newRow("domain-1023") << u"a@"_s + domainOfLength(1023) << Error::None << 1023;
    QTest::newRow("domain-1024") << u"a@"_s + domainOfLength(1024) << Error::DomainpartTooLong
                                 << 1024;
    // The stripped trailing dot does not count.
    QTest::newRow("domain-1023-and-trailing-dot")
        << u"a@"_s + domainOfLength(1023) + u"."_s << Error::None << 1024;
    QTest::newRow("label-63") << u"a@"_s + QString(63, u'l') + u".example"_s << Error::None << 71;
    QTest::newRow("label-64") << u"a@"_s + QString(64, u'l') + u".example"_s
                              << Error::DomainpartInvalid << 72;
    // 60 × "ü" is 120 octets of UTF-8, but its A-label is longer than 63 octets.
    QTest::newRow("u-label-a-label-too-long")
        << u"a@"_s + QString(60, QChar(0xFC)) + u".example"_s << Error::DomainpartInvalid << 128;
}

void tst_Jid::partsAreLimitedTo1023Octets()
{
    QFETCH(QString, input);
    QFETCH(Error, error);
    QFETCH(int, octets);

    QCOMPARE(longestPartOctets(input), octets);

    const Jid::ParseResult result = Jid::parse(input);
    QCOMPARE(result.error, error);
    QCOMPARE(result.jid.isValid(), error == Error::None);
    const Jid::ParseResult slow = Jid::parseSlow(input);
    QCOMPARE(slow.error, error);
    QCOMPARE(slow.jid, result.jid);
}

void tst_Jid::asciiFastPathAgreesWithIcu_data()
{
    QTest::addColumn<QString>("input");

    const QString named[] = {
        u"user@example.com/resource"_s,
        u"USER@EXAMPLE.COM/RESOURCE"_s,
        u"MiXeD.CaSe-1@Sub-Domain.Example.ORG/Res Ource"_s,
        u"example.com"_s,
        u"example.com."_s,
        u"example.com.."_s,
        u".example.com"_s,
        u"a..b"_s,
        u"xn--bcher-kva.example"_s,
        u"XN--BCHER-KVA.example"_s,
        u"xn--abc.example"_s,
        u"ab--cd.example"_s,
        u"-lead.example"_s,
        u"trail-.example"_s,
        u"under_score.example"_s,
        u"192.0.2.1"_s,
        u"[::1]"_s,
        u"[2001:DB8::1]"_s,
        u"[::1"_s,
        u"[1.2.3.4]"_s,
        u"a@"_s + QString(63, u'x') + u".example"_s,
        u"a@"_s + QString(64, u'x') + u".example"_s,
        u"a@"_s + domainOfLength(1023),
        u"a@"_s + domainOfLength(1024),
        QString(1023, u'Q') + u"@example.com"_s,
        QString(1024, u'q') + u"@example.com"_s,
        u"a@example.com/"_s + QString(1024, u'r'),
        u"\"juliet\"@example.com"_s,
        u"foo bar@example.com"_s,
        u"foo\\20bar@example.com"_s,
        u"a b&c@example.com"_s,
        u"@example.com"_s,
        u"juliet@"_s,
        u"juliet@example.com/"_s,
        u"/foo"_s,
        u"a@b/c@d/e"_s,
        u"user@@host"_s,
        u"!#$%*+=?^`{|}~@example.com/!#$%*+=?^`{|}~"_s,
        u"a@example.com/ \"&'/:<>@ "_s,
    };
    for (const QString &input : named)
        QTest::addRow("%s", qPrintable(input.left(40))) << input;

    // Every ASCII character in each part.
    for (char16_t c = 0; c < 0x80; ++c) {
        const QString ch(QChar{c});
        QTest::addRow("local-%02x", unsigned(c)) << u"a"_s + ch + u"b@example.com"_s;
        QTest::addRow("domain-%02x", unsigned(c)) << u"user@a"_s + ch + u"b.example"_s;
        QTest::addRow("resource-%02x", unsigned(c)) << u"user@example.com/a"_s + ch + u"b"_s;
    }
}

void tst_Jid::asciiFastPathAgreesWithIcu()
{
    QFETCH(QString, input);

    const Jid::ParseResult fast = Jid::parse(input);
    const Jid::ParseResult slow = Jid::parseSlow(input);
    QCOMPARE(fast.error, slow.error);
    QCOMPARE(fast.detail, slow.detail);
    QCOMPARE(fast.jid, slow.jid);
    QCOMPARE(fast.jid.localpart(), slow.jid.localpart());
    QCOMPARE(fast.jid.domainpart(), slow.jid.domainpart());
    QCOMPARE(fast.jid.resourcepart(), slow.jid.resourcepart());
}

void tst_Jid::preparedFormsCompareEqual_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<bool>("equal");
    QTest::addColumn<bool>("bareEqual");

    QTest::newRow("localpart-and-domain-case")
        << u"Juliet@Example.COM"_s << u"juliet@example.com"_s << true << true;
    QTest::newRow("resource-case-kept")
        << u"juliet@example.com/Balcony"_s << u"juliet@example.com/balcony"_s << false << true;
    QTest::newRow("a-label-equals-u-label")
        << u"user@xn--bcher-kva.example"_s << u"user@Bücher.example"_s << true << true;
    QTest::newRow("long-s-equals-s") << u"ſ@example.com"_s << u"s@example.com"_s << true << true;
    QTest::newRow("sharp-s-equals-ss")
        << u"fußball@example.com"_s << u"FUSSBALL@example.com"_s << true << true;
    QTest::newRow("sigmas") << u"Σ@example.com"_s << u"ς@example.com"_s << true << true;
    QTest::newRow("domain-sharp-s-differs")
        << u"user@faß.de"_s << u"user@fass.de"_s << false << false;
    QTest::newRow("trailing-dot") << u"example.com."_s << u"EXAMPLE.com"_s << true << true;
    QTest::newRow("different-localpart")
        << u"romeo@example.com/a"_s << u"juliet@example.com/a"_s << false << false;
    QTest::newRow("full-and-bare")
        << u"juliet@example.com/a"_s << u"juliet@example.com"_s << false << true;
}

void tst_Jid::preparedFormsCompareEqual()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(bool, equal);
    QFETCH(bool, bareEqual);

    const Jid first = Jid::fromString(a);
    const Jid second = Jid::fromString(b);
    QVERIFY(first.isValid());
    QVERIFY(second.isValid());
    QCOMPARE(first == second, equal);
    QCOMPARE(first != second, !equal);
    QCOMPARE(std::is_eq(first <=> second), equal);
    QCOMPARE(first.bareEquals(second), bareEqual);
    QCOMPARE(first.toString() == second.toString(), equal);
    if (equal)
        QCOMPARE(qHash(first, 7), qHash(second, 7));
}

void tst_Jid::fromPartsPreparesEachPart_data()
{
    QTest::addColumn<QString>("local");
    QTest::addColumn<QString>("domain");
    QTest::addColumn<QString>("resource");
    QTest::addColumn<QString>("expected"); // empty: null Jid

    QTest::newRow("full") << u"Juliet"_s << u"Example.COM"_s << u"Balcony"_s
                          << u"juliet@example.com/Balcony"_s;
    QTest::newRow("domain-only") << QString() << u"example.com"_s << QString() << u"example.com"_s;
    QTest::newRow("no-localpart") << QString() << u"example.com"_s << u"r"_s << u"example.com/r"_s;
    QTest::newRow("slash-in-resource")
        << u"a"_s << u"example.com"_s << u"x/y@z"_s << u"a@example.com/x/y@z"_s;
    QTest::newRow("unicode") << u"Σ"_s << u"Bücher.example"_s << u"♚"_s << u"σ@bücher.example/♚"_s;
    QTest::newRow("at-in-localpart") << u"a@b"_s << u"example.com"_s << QString() << QString();
    QTest::newRow("slash-in-localpart") << u"a/b"_s << u"example.com"_s << QString() << QString();
    QTest::newRow("at-in-domain") << u"a"_s << u"ex@mple.com"_s << QString() << QString();
    QTest::newRow("slash-in-domain") << u"a"_s << u"example.com/x"_s << QString() << QString();
    QTest::newRow("empty-domain") << u"a"_s << QString() << QString() << QString();
    QTest::newRow("control-in-resource") << u"a"_s << u"example.com"_s << u"\u0001"_s << QString();
}

void tst_Jid::fromPartsPreparesEachPart()
{
    QFETCH(QString, local);
    QFETCH(QString, domain);
    QFETCH(QString, resource);
    QFETCH(QString, expected);

    const Jid jid = Jid::fromParts(local, domain, resource);
    QCOMPARE(jid.isNull(), expected.isEmpty());
    QCOMPARE(jid.toString(), expected);
    if (!expected.isEmpty())
        QCOMPARE(jid, Jid::fromString(expected));
}

void tst_Jid::bareDomainAndResourceAccessors()
{
    const Jid full = Jid::fromString(u"Juliet@Example.com/Balcony"_s);
    QVERIFY(full.isValid());
    QVERIFY(full.isFull());
    QVERIFY(!full.isBare());
    QVERIFY(!full.isDomain());
    QCOMPARE(full.toString(), u"juliet@example.com/Balcony"_s);
    QCOMPARE(full.bareString(), u"juliet@example.com"_s);

    const Jid bare = full.bare();
    QVERIFY(bare.isBare());
    QVERIFY(!bare.isFull());
    QCOMPARE(bare.toString(), u"juliet@example.com"_s);
    QCOMPARE(bare.resourcepart(), QString());
    QVERIFY(bare.bareEquals(full));
    QVERIFY(bare != full);

    const Jid domain = full.domain();
    QVERIFY(domain.isDomain());
    QVERIFY(domain.isBare());
    QCOMPARE(domain.toString(), u"example.com"_s);
    QCOMPARE(domain.bareString(), u"example.com"_s);
    QCOMPARE(domain, Jid::fromString(u"example.com"_s));

    const Jid service = Jid::fromString(u"pubsub.example.com/node"_s);
    QVERIFY(service.isFull());
    QVERIFY(!service.isDomain());
    QCOMPARE(service.bareString(), u"pubsub.example.com"_s);
    QCOMPARE(service.bare(), Jid::fromString(u"pubsub.example.com"_s));
}

void tst_Jid::withResourceReplacesTheResource()
{
    const Jid full = Jid::fromString(u"juliet@example.com/balcony"_s);
    const Jid moved = full.withResource(u"Chamber ♚"_s);
    QCOMPARE(moved.toString(), u"juliet@example.com/Chamber ♚"_s);
    QVERIFY(moved.bareEquals(full));

    // Prepared like any resourcepart: NFKC.
    QCOMPARE(full.withResource(u"\uFB01"_s).resourcepart(), u"fi"_s);
    // Empty means "no resource".
    QCOMPARE(full.withResource({}), full.bare());
    // Invalid resources and null Jids give null.
    QVERIFY(full.withResource(u"a\u0000b"_s).isNull());
    QVERIFY(full.withResource(u"\u05D0b"_s).isNull());
    QVERIFY(Jid().withResource(u"r"_s).isNull());
}

void tst_Jid::nullJidIsEmptyEverywhere()
{
    const Jid null;
    QVERIFY(null.isNull());
    QVERIFY(!null.isValid());
    QVERIFY(!null.isBare());
    QVERIFY(!null.isFull());
    QVERIFY(!null.isDomain());
    QCOMPARE(null.toString(), QString());
    QCOMPARE(null.bareString(), QString());
    QVERIFY(null.bare().isNull());
    QVERIFY(null.domain().isNull());
    QCOMPARE(null, Jid::fromString(u"not an address"_s));
    QVERIFY(null != Jid::fromString(u"example.com"_s));
}

void tst_Jid::orderingIsDomainThenLocalThenResource()
{
    QList<Jid> jids;
    for (const QString &text : {u"b@b.example/2"_s, u"a@b.example"_s, u"z@a.example"_s,
                                u"b@b.example/1"_s, u"b.example"_s})
        jids.append(Jid::fromString(text));
    std::sort(jids.begin(), jids.end());
    QStringList sorted;
    for (const Jid &jid : std::as_const(jids))
        sorted.append(jid.toString());
    QCOMPARE(sorted, (QStringList{u"z@a.example"_s, u"b.example"_s, u"a@b.example"_s,
                                  u"b@b.example/1"_s, u"b@b.example/2"_s}));
    QVERIFY(Jid::fromString(u"a@a.example"_s) < Jid::fromString(u"a@b.example"_s));
    QVERIFY(Jid::fromString(u"A@A.example"_s) <= Jid::fromString(u"a@a.example"_s));
}

void tst_Jid::worksAsHashKeyAndVariant()
{
    QSet<Jid> set;
    set.insert(Jid::fromString(u"Juliet@Example.com"_s));
    set.insert(Jid::fromString(u"juliet@example.com"_s));
    set.insert(Jid::fromString(u"juliet@example.com/balcony"_s));
    set.insert(Jid::fromString(u"user@xn--bcher-kva.example"_s));
    set.insert(Jid::fromString(u"user@bücher.example"_s));
    QCOMPARE(set.size(), 3);
    QVERIFY(set.contains(Jid::fromString(u"JULIET@EXAMPLE.COM/balcony"_s)));
    QVERIFY(!set.contains(Jid::fromString(u"juliet@example.com/Balcony"_s)));

    QHash<Jid, int> unread;
    unread[Jid::fromString(u"Romeo@Montague.lit"_s)] = 3;
    QCOMPARE(unread.value(Jid::fromString(u"romeo@montague.lit"_s)), 3);

    const Jid jid = Jid::fromString(u"juliet@example.com/balcony"_s);
    const QVariant variant = QVariant::fromValue(jid);
    QCOMPARE(variant.value<Jid>(), jid);
}

void tst_Jid::everyErrorHasAMessage()
{
    QVERIFY(Jid::errorString(Error::None).isEmpty());
    QSet<QString> messages;
    for (const Error error : AllErrors) {
        const QString message = Jid::errorString(error);
        QVERIFY2(!message.isEmpty(), QByteArray::number(static_cast<int>(error)).constData());
        QVERIFY2(message.endsWith(u'.'), qPrintable(message));
        messages.insert(message);
        const Jid::ParseResult result{Jid(), error, u"x"_s};
        QVERIFY(!result.message().isEmpty());
        QVERIFY(!result.message().contains(u"%1"_s));
    }
    // Each error says something different.
    QCOMPARE(messages.size(), qsizetype(std::size(AllErrors)));
}

void tst_Jid::messageQuotesTheOffendingPart_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("message");

    QTest::newRow("empty") << QString() << u"The address is empty."_s;
    QTest::newRow("empty-localpart") << u"@example.com"_s << u"The part before the @ is empty."_s;
    QTest::newRow("ampersand") << u"a&b@example.com"_s
                               << u"The part before the @ contains the forbidden character “&”."_s;
    QTest::newRow("space") << u"a b@example.com"_s
                           << u"The part before the @ contains the forbidden character "
                              u"“U+0020”."_s;
    QTest::newRow("resource-control")
        << u"a@example.com/\u001B"_s
        << u"The part after the / contains the forbidden character “U+001B”."_s;
    QTest::newRow("domain") << u"a@bad_domain.example"_s
                            << u"The domain “bad_domain.example” is not a valid domain name."_s;
    QTest::newRow("long-domain-elided")
        << u"a@"_s + QString(100, u'x') + u"_"_s
        << u"The domain “"_s + QString(79, u'x') + u"…” is not a valid domain name."_s;
}

void tst_Jid::messageQuotesTheOffendingPart()
{
    QFETCH(QString, input);
    QFETCH(QString, message);

    QCOMPARE(Jid::parse(input).message(), message);
}

void tst_Jid::fromStringThroughput()
{
    const QString text = u"user@example.com/resource"_s;
    Jid jid;
    QBENCHMARK
    {
        jid = Jid::fromString(text);
    }
    QCOMPARE(jid.toString(), text);
}

void tst_Jid::icuPathThroughput()
{
    const QString text = u"user@example.com/resource"_s;
    Jid jid;
    QBENCHMARK
    {
        jid = Jid::parseSlow(text).jid;
    }
    QCOMPARE(jid.toString(), text);
}

QTEST_GUILESS_MAIN(tst_Jid)
#include "tst_jid.moc"
