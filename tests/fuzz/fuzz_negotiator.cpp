// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: StreamNegotiator driven by a hostile server, the way ClientStream drives it.
//
// Input: one byte of mode, then the server's bytes, split at NUL bytes into documents: after
// StartTls or RestartStream the parser is reset and the next document is read (the rest of the
// current one is dropped, as the socket would be re-read after a restart). A document that ends
// without a restart continues into the next one.
// Mode bit 0: direct TLS (encrypted from the start); bit 1: with XEP-0198 state; bit 2: that
// state holds a resumable session ("prev-1") with two unacknowledged stanzas; bit 3: the account
// has used SCRAM-SHA-256 before (downgrade protection); bit 4: the account JID has a resource;
// bit 5: the RFC 7677 client nonce instead of the RFC 5802 one; bits 6-7: chunk size.
// SCRAM runs as "user"/"pencil" with the RFC's fixed nonces, so the RFC examples authenticate.
// Iq ids are "id1", "id2", ...
//
// Invariants: the session is established only over TLS and after authentication, with a full
// JID of the account (or a resumed session); no credentials go out before TLS; every Send has an
// element and every Fail an error kind; only messages and presences are delivered during the
// negotiation, and only after TLS and authentication; nothing happens after Established or Fail.
#include "FuzzSupport.h"

#include "stream/ConnectionError.h"
#include "stream/ConnectionSettings.h"
#include "stream/StreamManagement.h"
#include "stream/StreamNegotiator.h"
#include "stream/sasl/SaslMechanism.h"
#include "stream/sasl/ScramMechanism.h"
#include "xml/Namespaces.h"
#include "xml/StreamParser.h"

#include <algorithm>

using namespace natter;
using natter::fuzz::quoted;
using Action = StreamNegotiator::Action;

namespace {

enum class State
{
    Running,
    Restart,
    Finished
};

struct Run
{
    StreamNegotiator *negotiator = nullptr;
    const ConnectionSettings *settings = nullptr;
    bool encrypted = false;
    bool finished = false;
    QByteArray log; // the actions so far, for invariant messages

    State apply(const StreamNegotiator::Actions &actions)
    {
        State state = State::Running;
        for (const Action &action : actions) {
            FUZZ_CHECK(!finished, "an action after the negotiation ended:" + log);
            switch (action.type) {
            case Action::Type::Send: {
                FUZZ_CHECK(!action.element.isNull(), "Send without an element");
                const QByteArray xml = action.element.toXml(ns::Client);
                log += "\n  send " + xml.left(200);
                if (action.element.namespaceUri() == ns::Sasl)
                    FUZZ_CHECK(encrypted, "SASL before TLS:" + log);
                break;
            }
            case Action::Type::StartTls:
                log += "\n  starttls";
                FUZZ_CHECK(!encrypted, "STARTTLS twice:" + log);
                encrypted = true;
                state = State::Restart;
                break;
            case Action::Type::RestartStream:
                log += "\n  restart";
                FUZZ_CHECK(negotiator->isAuthenticated(), "a restart before authentication");
                state = State::Restart;
                break;
            case Action::Type::Established:
            case Action::Type::Resumed: {
                log += "\n  established";
                const SessionInfo &session = negotiator->session();
                FUZZ_CHECK(encrypted && negotiator->isAuthenticated(),
                           "established without TLS or authentication:" + log);
                FUZZ_CHECK(negotiator->phase() == StanzaTransport::Phase::Established,
                           "established, but phase() is not");
                if (action.type == Action::Type::Established) {
                    FUZZ_CHECK(session.jid.isFull() && session.jid.bareEquals(settings->jid),
                               "established with the JID " + quoted(session.jid.toString()) + log);
                } else {
                    FUZZ_CHECK(session.resumed, "Resumed, but session().resumed is false");
                }
                finished = true;
                state = State::Finished;
                break;
            }
            case Action::Type::Deliver:
                log += "\n  deliver " + action.element.toXml(ns::Client).left(200);
                FUZZ_CHECK(encrypted && negotiator->isAuthenticated(),
                           "a stanza delivered before TLS and authentication:" + log);
                FUZZ_CHECK(action.element.is(ns::Client, u"message") ||
                               action.element.is(ns::Client, u"presence"),
                           "delivered something that is not a message or presence:" + log);
                break;
            case Action::Type::Fail:
                log += "\n  fail " + ConnectionError::kindName(action.error.kind).toUtf8();
                FUZZ_CHECK(action.error.isError(), "Fail without an error:" + log);
                finished = true;
                state = State::Finished;
                break;
            }
        }
        return state;
    }
};

// Reads events until the parser wants more input.
State drain(StreamParser &parser, Run &run)
{
    while (true) {
        const StreamParser::Event event = parser.next();
        State state = State::Running;
        switch (event.type) {
        case StreamParser::EventType::NeedMoreData:
            return State::Running;
        case StreamParser::EventType::StreamClosed:
        case StreamParser::EventType::Error:
            return State::Finished;
        case StreamParser::EventType::StreamOpened:
            state = run.apply(run.negotiator->handleStreamOpened(event.element));
            break;
        case StreamParser::EventType::Stanza:
            state = run.apply(run.negotiator->handleElement(event.element));
            break;
        }
        if (state != State::Running)
            return state;
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    natter::fuzz::quietQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024)
        return 0;
    natter::fuzz::InputReader input(data, size);
    const uint8_t mode = input.byte();
    const QList<QByteArray> documents = input.rest().toByteArray().split('\0');

    ConnectionSettings settings;
    settings.jid =
        Jid::fromString((mode & 0x10) ? u"juliet@capulet.lit/balcony" : u"juliet@capulet.lit");
    settings.password = QStringLiteral("pencil");
    if (mode & 0x08)
        settings.minimumMechanism = QStringLiteral("SCRAM-SHA-256");

    StreamManagement sm;
    if (mode & 0x04) {
        sm.enableRequested();
        sm.enabled(QStringLiteral("prev-1"), true, 300, QString());
        sm.stanzaSent(XmlElement(ns::Client, QStringLiteral("message")));
        sm.stanzaSent(XmlElement(ns::Client, QStringLiteral("presence")));
    }
    StreamNegotiator negotiator(settings, (mode & 0x02) ? &sm : nullptr);
    const QByteArray nonce = (mode & 0x20) ? QByteArrayLiteral("rOprNGfwEbeRWgbNEkqO")
                                           : QByteArrayLiteral("fyko+d2lbbFgONRv9qkxdawL");
    negotiator.setMechanismFactory([&nonce](const QString &name) {
        std::unique_ptr<SaslMechanism> mechanism =
            SaslMechanism::create(name, QStringLiteral("user"), QStringLiteral("pencil"));
        if (auto *scram = dynamic_cast<ScramMechanism *>(mechanism.get()))
            scram->setClientNonce(nonce);
        return mechanism;
    });
    int ids = 0;
    negotiator.setIdGenerator([&ids] { return QStringLiteral("id%1").arg(++ids); });

    Run run;
    run.negotiator = &negotiator;
    run.settings = &settings;
    run.encrypted = mode & 0x01;
    (void)negotiator.openStream(run.encrypted);

    static constexpr qsizetype chunkSizes[] = {1 << 30, 1, 7, 64};
    const qsizetype chunk = chunkSizes[mode >> 6];
    StreamParser parser(settings.parserLimits);
    State state = State::Running;
    for (const QByteArray &document : documents) {
        for (qsizetype at = 0; at < document.size() && state == State::Running; at += chunk) {
            parser.feed(QByteArrayView(document).sliced(at, std::min(chunk, document.size() - at)));
            state = drain(parser, run);
        }
        if (state == State::Finished)
            break;
        if (state == State::Restart) {
            parser.reset();
            (void)negotiator.openStream(run.encrypted);
            state = State::Running;
        }
    }
    (void)negotiator.resumeFailed();
    return 0;
}
