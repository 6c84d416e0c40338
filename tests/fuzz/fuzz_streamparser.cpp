// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: StreamParser on arbitrary bytes in arbitrary chunks.
//
// Input: one byte of mode, then (small-limits build only) three bytes of limits, then up to eight
// chunk sizes, then the stream bytes. The stream is fed in chunks of those sizes, cycling; events
// are drained after every chunk or, when the mode says so, only every few chunks.
//
// Invariants (StreamParser.h: "whatever the chunking, the events up to the offending byte are the
// same, then the error"):
//   - the chunked run yields the same events as feeding everything at once, and both end in an
//     error or neither does; the error conditions agree unless a size limit is involved (a
//     chunked parser may hit the buffering limit before the reader reaches a later error);
//   - unparsedSize() is never negative;
//   - after reset() the parser reads a fresh stream as if new.
#include "FuzzSupport.h"

#include "xml/Namespaces.h"
#include "xml/StreamParser.h"
#include "xml/XmlElement.h"

#include <QList>

#include <algorithm>
#include <array>

using natter::StreamParser;
using natter::XmlElement;
using natter::fuzz::quoted;
using EventType = StreamParser::EventType;

namespace {

struct Outcome
{
    QList<StreamParser::Event> events; // everything but NeedMoreData and the final error
    QString errorCondition;            // empty: the input ended without an error
};

QByteArray describe(const StreamParser::Event &event)
{
    switch (event.type) {
    case EventType::NeedMoreData:
        return "need-more-data";
    case EventType::StreamOpened:
        return "open " + event.element.toXml();
    case EventType::Stanza:
        return "stanza " + event.element.toXml(natter::ns::Client);
    case EventType::StreamClosed:
        return "closed";
    case EventType::Error:
        return "error " + event.errorCondition.toUtf8();
    }
    return {};
}

QByteArray describe(const Outcome &outcome)
{
    QByteArray out;
    for (const StreamParser::Event &event : outcome.events)
        out += "\n    " + describe(event).left(300);
    out += "\n    end: " + (outcome.errorCondition.isEmpty() ? QByteArray("(no error)")
                                                             : outcome.errorCondition.toUtf8());
    return out;
}

// Pulls events until the parser wants more input; false once it has failed.
bool drain(StreamParser &parser, Outcome &outcome)
{
    while (true) {
        StreamParser::Event event = parser.next();
        FUZZ_CHECK(parser.unparsedSize() >= 0,
                   "unparsedSize() = " + QByteArray::number(parser.unparsedSize()));
        switch (event.type) {
        case EventType::NeedMoreData:
            return true;
        case EventType::Error:
            FUZZ_CHECK(!event.errorCondition.isEmpty(), "an error without a condition");
            FUZZ_CHECK(parser.hasFailed(), "an error, but hasFailed() is false");
            outcome.errorCondition = event.errorCondition;
            // The parser stays failed.
            FUZZ_CHECK(parser.next().type == EventType::Error, "an error that did not stick");
            return false;
        case EventType::StreamOpened:
            FUZZ_CHECK(parser.isStreamOpen(), "StreamOpened, but isStreamOpen() is false");
            [[fallthrough]];
        case EventType::Stanza:
            FUZZ_CHECK(!event.element.isNull() && !event.element.isText(),
                       "an event without an element");
            // The writer must take whatever the parser produced.
            (void)event.element.toXml(natter::ns::Client);
            [[fallthrough]];
        case EventType::StreamClosed:
            outcome.events.append(std::move(event));
            break;
        }
    }
}

bool sameEvents(const QList<StreamParser::Event> &a, const QList<StreamParser::Event> &b,
                qsizetype count)
{
    for (qsizetype i = 0; i < count; ++i) {
        if (a[i].type != b[i].type || !(a[i].element == b[i].element))
            return false;
    }
    return true;
}

bool isLimit(const QString &condition)
{
    return condition == u"policy-violation";
}

StreamParser::Limits limitsFrom(natter::fuzz::InputReader &input)
{
    StreamParser::Limits limits;
#ifdef NATTER_FUZZ_SMALL_LIMITS
    limits.maxStanzaSize = 16 + input.byte() * 8; // 16..2056 characters
    limits.maxDepth = 1 + input.byte() % 12;
    limits.maxAttributes = input.byte() % 10;
#else
    (void)input;
#endif
    return limits;
}

// A stream the parser must read after reset(), whatever came before.
const QByteArray freshStream = QByteArrayLiteral(
    "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
    "xmlns:stream='http://etherx.jabber.org/streams' version='1.0'><message><body>hi</body>"
    "</message>");

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    natter::fuzz::quietQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    natter::fuzz::InputReader input(data, size);
    const uint8_t mode = input.byte();
    const StreamParser::Limits limits = limitsFrom(input);
    std::array<qsizetype, 8> chunkSizes{};
    const int chunkCount = 1 + (mode & 0x07);
    for (int i = 0; i < chunkCount; ++i)
        chunkSizes[i] = 1 + input.byte();
    // Drain after every chunk, or only after every second/third/fourth one.
    const int drainEvery = 1 + ((mode >> 3) & 0x03);
    const QByteArrayView stream = input.rest();

    // Chunked.
    StreamParser chunked(limits);
    Outcome chunkedOutcome;
    bool alive = true;
    qsizetype fed = 0;
    for (int chunk = 0; alive && fed < stream.size(); ++chunk) {
        const qsizetype length = std::min(chunkSizes[chunk % chunkCount], stream.size() - fed);
        chunked.feed(stream.sliced(fed, length));
        fed += length;
        if ((chunk + 1) % drainEvery == 0 || fed == stream.size())
            alive = drain(chunked, chunkedOutcome);
    }

    // All at once.
    StreamParser whole(limits);
    Outcome wholeOutcome;
    whole.feed(stream);
    drain(whole, wholeOutcome);

    const QByteArray report = quoted(stream) + "\n  chunked:" + describe(chunkedOutcome) +
                              "\n  whole:" + describe(wholeOutcome);
    const bool limitInvolved =
        isLimit(chunkedOutcome.errorCondition) || isLimit(wholeOutcome.errorCondition);
    if (limitInvolved) {
        // Only the events before the earlier failure must agree.
        const qsizetype common = std::min(chunkedOutcome.events.size(), wholeOutcome.events.size());
        FUZZ_CHECK(sameEvents(chunkedOutcome.events, wholeOutcome.events, common), report);
    } else {
        FUZZ_CHECK(chunkedOutcome.events.size() == wholeOutcome.events.size(), report);
        FUZZ_CHECK(
            sameEvents(chunkedOutcome.events, wholeOutcome.events, chunkedOutcome.events.size()),
            report);
        FUZZ_CHECK(chunkedOutcome.errorCondition == wholeOutcome.errorCondition, report);
    }

    // reset() forgets everything, including a failure.
    chunked.reset();
    FUZZ_CHECK(!chunked.hasFailed() && !chunked.isStreamOpen(), "reset() kept state");
    chunked.setLimits(StreamParser::Limits{});
    chunked.feed(freshStream);
    Outcome fresh;
    FUZZ_CHECK(drain(chunked, fresh), "a fresh stream after reset() failed:" + describe(fresh));
    FUZZ_CHECK(fresh.events.size() == 2 && fresh.events[0].type == EventType::StreamOpened &&
                   fresh.events[1].type == EventType::Stanza,
               "a fresh stream after reset():" + describe(fresh));
    return 0;
}
