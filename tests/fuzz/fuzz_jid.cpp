// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: Jid::parse() on arbitrary UTF-8 (and, from the first byte, UTF-16) text.
//
// Invariants:
//   - parse() yields a valid Jid exactly when it reports no error;
//   - a valid Jid is prepared: parse(toString()) gives the same Jid (preparation is idempotent),
//     and bare(), domain(), withResource() and fromParts() agree with it;
//   - the ASCII fast path and ICU (parseSlow()) accept the same addresses and prepare them alike;
//   - every error has a message.
#include "FuzzSupport.h"

#include "stanza/Jid.h"

using natter::Jid;
using natter::fuzz::quoted;

namespace {

QByteArray show(const Jid &jid)
{
    return quoted(jid.localpart()) + " @ " + quoted(jid.domainpart()) + " / " +
           quoted(jid.resourcepart());
}

void check(const QString &text)
{
    const Jid::ParseResult result = Jid::parse(text);
    FUZZ_CHECK(result.ok() == result.jid.isValid(),
               "ok() disagrees with isValid(): " + quoted(text));
    const Jid::ParseResult slow = Jid::parseSlow(text);
    FUZZ_CHECK(slow.ok() == result.ok() && slow.jid == result.jid,
               "the fast path and ICU disagree on " + quoted(text) + ":\n  fast: " +
                   show(result.jid) + " error " + QByteArray::number(int(result.error)) +
                   "\n  slow: " + show(slow.jid) + " error " + QByteArray::number(int(slow.error)));
    if (!result.ok()) {
        FUZZ_CHECK(!result.message().isEmpty(), "an error without a message: " + quoted(text));
        return;
    }
    const Jid &jid = result.jid;
    const QString string = jid.toString();
    const Jid::ParseResult again = Jid::parse(string);
    FUZZ_CHECK(again.ok() && again.jid == jid, "parse(toString()) differs for " + quoted(text) +
                                                   ":\n  first:  " + show(jid) +
                                                   "\n  second: " + show(again.jid) + " error " +
                                                   QByteArray::number(int(again.error)));
    FUZZ_CHECK(Jid::fromString(string) == jid, "fromString(toString()) differs: " + quoted(text));
    FUZZ_CHECK(jid.bare().toString() == jid.bareString(), "bare() disagrees with bareString()");
    FUZZ_CHECK(Jid::parse(jid.bareString()).jid == jid.bare(), "bare string does not re-parse");
    FUZZ_CHECK(jid.domain().toString() == jid.domainpart(), "domain() differs");
    FUZZ_CHECK(jid.bare().withResource(jid.resourcepart()) == jid,
               "withResource() differs: " + quoted(text));
    FUZZ_CHECK(Jid::fromParts(jid.localpart(), jid.domainpart(), jid.resourcepart()) == jid,
               "fromParts() differs: " + quoted(text));
    FUZZ_CHECK(jid.bareEquals(jid.bare()), "bareEquals() differs");
    (void)natter::qHash(jid);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    natter::fuzz::quietQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    const QByteArrayView input(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    // As text arrives from the network (UTF-8, invalid sequences replaced)...
    check(QString::fromUtf8(input));
    // ...and as raw UTF-16, which reaches unpaired surrogates.
    if (size >= 2) {
        QString utf16(static_cast<qsizetype>(size / 2), Qt::Uninitialized);
        for (qsizetype i = 0; i < utf16.size(); ++i)
            utf16[i] = QChar(char16_t(data[2 * i] | (data[2 * i + 1] << 8)));
        check(utf16);
    }
    return 0;
}
