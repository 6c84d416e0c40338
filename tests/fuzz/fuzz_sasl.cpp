// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the SCRAM client (RFC 5802, RFC 7677) against a hostile server, plus PLAIN,
// SASLprep and mechanism selection.
//
// Input: one byte of mode, then up to three parts separated by '\n': the server-first message,
// the server-final message, and text used as a user name / offered mechanism list.
// Mode bits 0-1 pick SHA-1, SHA-256 or SHA-512; bit 2 sends the server-final message as a last
// challenge instead of in <success/>; bit 3 repeats it in <success/> after such a challenge;
// bit 4 uses the third part as the user name; bit 5 picks the RFC 7677 client nonce instead of
// the RFC 5802 one; bit 6 calls the mechanism again after the exchange ended.
//
// Invariants: a failed step leaves errorString() set and every later step failing; the
// client-final message echoes the server nonce and carries a proof; PLAIN never answers a
// challenge; SASLprep is idempotent; choose() only picks an offered, supported mechanism and
// never PLAIN on a clear-text channel.
#include "FuzzSupport.h"

#include "stream/sasl/PlainMechanism.h"
#include "stream/sasl/SaslMechanism.h"
#include "stream/sasl/ScramMechanism.h"

using natter::PlainMechanism;
using natter::SaslMechanism;
using natter::ScramMechanism;
using natter::fuzz::quoted;

namespace {

// The iteration count of a server-first message, roughly as the client reads it; -1 if none.
qint64 iterationCount(const QByteArray &serverFirst)
{
    const QList<QByteArray> parts = serverFirst.split(',');
    if (parts.size() < 3 || !parts.at(2).startsWith("i="))
        return -1;
    bool ok = false;
    const qint64 count = parts.at(2).mid(2).left(12).toLongLong(&ok);
    return ok ? count : -1;
}

void checkFailed(SaslMechanism &mechanism, const char *step)
{
    FUZZ_CHECK(!mechanism.errorString().isEmpty(), QByteArray(step) + ": failed without a reason");
    FUZZ_CHECK(!mechanism.respond("r=x,s=c2FsdA==,i=1"),
               QByteArray(step) + ": revived by respond()");
    FUZZ_CHECK(!mechanism.verifySuccess("v=AAAA"),
               QByteArray(step) + ": revived by verifySuccess()");
}

void scram(uint8_t mode, const QByteArray &serverFirst, const QByteArray &serverFinal,
           const QString &username)
{
    static const ScramMechanism::Algorithm algorithms[] = {
        ScramMechanism::Algorithm::Sha1, ScramMechanism::Algorithm::Sha256,
        ScramMechanism::Algorithm::Sha512, ScramMechanism::Algorithm::Sha256};
    ScramMechanism mechanism(algorithms[mode & 0x03], username, QStringLiteral("pencil"));
    const QByteArray nonce = (mode & 0x20) ? QByteArrayLiteral("rOprNGfwEbeRWgbNEkqO")
                                           : QByteArrayLiteral("fyko+d2lbbFgONRv9qkxdawL");
    mechanism.setClientNonce(nonce);
    const QByteArray first = mechanism.initialResponse();
    if (first.isEmpty()) {
        checkFailed(mechanism, "initialResponse");
        return;
    }
    FUZZ_CHECK(first.startsWith("n,,n=") && first.endsWith(",r=" + nonce),
               "client-first: " + quoted(first));

    // PBKDF2 with a six-digit iteration count takes long enough to stall the fuzzer; the cap
    // itself (over 100000) is still exercised, as it fails before deriving anything.
    const qint64 iterations = iterationCount(serverFirst);
    if (iterations > 4096 && iterations <= ScramMechanism::MaxIterations)
        return;

    const std::optional<QByteArray> final = mechanism.respond(serverFirst);
    if (!final) {
        checkFailed(mechanism, "server-first");
        return;
    }
    const QByteArray serverNonce = serverFirst.split(',').at(0).mid(2);
    FUZZ_CHECK(final->startsWith("c=biws,r=" + serverNonce + ",p="),
               "client-final: " + quoted(*final) + "\n  server-first: " + quoted(serverFirst));
    FUZZ_CHECK(serverNonce.startsWith(nonce) && serverNonce.size() > nonce.size(),
               "accepted a nonce that does not extend ours: " + quoted(serverFirst));

    bool verified = false;
    if (mode & 0x04) {
        const std::optional<QByteArray> last = mechanism.respond(serverFinal);
        if (!last) {
            checkFailed(mechanism, "server-final challenge");
            return;
        }
        FUZZ_CHECK(last->isEmpty(), "answered the server-final challenge: " + quoted(*last));
        verified = mechanism.verifySuccess((mode & 0x08) ? serverFinal : QByteArray());
    } else {
        verified = mechanism.verifySuccess(serverFinal);
    }
    if (!verified) {
        checkFailed(mechanism, "success");
        return;
    }
    FUZZ_CHECK(serverFinal.startsWith("v="), "verified without a verifier: " + quoted(serverFinal));
    if (mode & 0x40) {
        FUZZ_CHECK(!mechanism.respond(serverFinal), "a challenge after success was answered");
        checkFailed(mechanism, "after success");
    }
}

void plain(const QString &username, const QByteArray &challenge)
{
    PlainMechanism mechanism(username, QStringLiteral("pencil"));
    FUZZ_CHECK(!mechanism.verifySuccess(challenge), "PLAIN succeeded before sending anything");
    const QByteArray message = mechanism.initialResponse();
    if (message.isEmpty()) {
        FUZZ_CHECK(!mechanism.errorString().isEmpty(), "PLAIN failed without a reason");
        return;
    }
    FUZZ_CHECK(message.startsWith('\0') && message.count('\0') >= 2, "PLAIN: " + quoted(message));
    FUZZ_CHECK(!mechanism.respond(challenge), "PLAIN answered a challenge");
    FUZZ_CHECK(mechanism.verifySuccess(challenge), "PLAIN refused success");
}

void prepAndChoose(const QString &text, bool encrypted)
{
    if (const std::optional<QString> prepared = SaslMechanism::saslPrep(text)) {
        const std::optional<QString> twice = SaslMechanism::saslPrep(*prepared);
        FUZZ_CHECK(twice && *twice == *prepared,
                   "SASLprep is not idempotent: " + quoted(text) + " -> " + quoted(*prepared) +
                       " -> " + (twice ? quoted(*twice) : QByteArray("(refused)")));
    }
    const QStringList offered = text.split(u' ');
    const QString chosen = SaslMechanism::choose(offered, encrypted);
    if (chosen.isEmpty())
        return;
    FUZZ_CHECK(offered.contains(chosen) && SaslMechanism::supportedMechanisms().contains(chosen),
               "choose() picked " + quoted(chosen) + " from " + quoted(text));
    FUZZ_CHECK(encrypted || chosen != u"PLAIN", "choose() picked PLAIN in clear text");
    FUZZ_CHECK(SaslMechanism::create(chosen, QStringLiteral("user"), QStringLiteral("pencil")),
               "create() cannot make what choose() picked");
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    natter::fuzz::quietQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 8192)
        return 0;
    natter::fuzz::InputReader input(data, size);
    const uint8_t mode = input.byte();
    const QList<QByteArray> parts = input.rest().toByteArray().split('\n');
    const QByteArray serverFirst = parts.value(0);
    const QByteArray serverFinal = parts.value(1);
    const QString text = QString::fromUtf8(parts.value(2));
    const QString username = (mode & 0x10) ? text : QStringLiteral("user");

    scram(mode, serverFirst, serverFinal, username);
    plain(username, serverFirst);
    prepAndChoose(text, mode & 0x80);
    return 0;
}
