// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "xml/XmlElement.h"

#include <QByteArrayView>
#include <QList>
#include <QString>

#include <memory>

class QXmlStreamReader;

namespace natter {

// Turns the bytes of one XMPP stream (RFC 6120 §4) into stream-open, stanza and stream-close
// events. Bytes may arrive in any chunking: feed() hands them to one QXmlStreamReader in
// incremental mode, which resumes where it stopped, so the cost is linear in the input.
//
// Pull-style: call feed() with what the socket delivered, then next() until it returns
// NeedMoreData. The caller can stop pulling at any event (for example after <proceed/>, to
// start TLS) and check unparsedSize() for bytes that arrived behind it.
//
// The stream is restricted XML (RFC 6120 §11.1): a DOCTYPE, entity declaration, processing
// instruction or comment ends it with restricted-xml. A stanza above Limits::maxStanzaSize, an
// element nested deeper than maxDepth or carrying more than maxAttributes attributes ends it with
// policy-violation. Malformed XML and invalid UTF-8 end it with not-well-formed; an XML
// declaration naming another encoding than UTF-8 with unsupported-encoding. The tree is built
// iteratively, so no input can overflow the stack.
//
// feed() checks the bytes itself before the reader sees them: it validates UTF-8 (the reader
// stalls without an error when an invalid sequence is split across two chunks) and counts the
// attributes of each start tag (the reader checks them for duplicates in quadratic time, before
// we could look at them). Whatever the chunking, the events up to the offending byte are the same,
// then the error.
class StreamParser
{
public:
    struct Limits
    {
        // Characters (UTF-16 code units) one stanza, or the unparsed input between stanzas, may
        // take. For ASCII input this is a byte count.
        qsizetype maxStanzaSize = 4 * 1024 * 1024;
        // Depth of nested elements inside one stanza (the stanza itself is depth 1).
        int maxDepth = 96;
        // Attributes of one element, namespace declarations included.
        int maxAttributes = 128;
    };

    enum class EventType
    {
        NeedMoreData, // everything fed so far was consumed
        StreamOpened, // element: the <stream:stream> header with its attributes, no children
        Stanza,       // element: one complete top-level child of the stream
        StreamClosed, // </stream:stream>
        Error,        // errorCondition / errorText; the parser stays failed until reset()
    };

    struct Event
    {
        EventType type = EventType::NeedMoreData;
        XmlElement element;
        // A stream error condition from RFC 6120 §4.9.3, e.g. "restricted-xml".
        QString errorCondition;
        // What went wrong, for logs and the user.
        QString errorText;
    };

    StreamParser();
    explicit StreamParser(const Limits &limits);
    ~StreamParser();
    StreamParser(const StreamParser &) = delete;
    StreamParser &operator=(const StreamParser &) = delete;

    void setLimits(const Limits &limits) { m_limits = limits; }
    const Limits &limits() const { return m_limits; }

    void feed(QByteArrayView bytes);
    Event next();
    // Starts a new document (stream restart after STARTTLS or SASL). Unparsed input is dropped.
    void reset();

    // Characters fed but not yet consumed by next().
    qsizetype unparsedSize() const;
    bool isStreamOpen() const { return m_streamOpen; }
    bool hasFailed() const { return m_failed; }
    // Total bytes fed since construction (not reset by reset()).
    qint64 totalBytes() const { return m_totalBytes; }

private:
    struct ByteScanner;

    Event fail(const QString &condition, const QString &text);
    XmlElement startElement();
    void closeElement();

    Limits m_limits;
    std::unique_ptr<QXmlStreamReader> m_reader;
    std::unique_ptr<ByteScanner> m_scanner; // state of the byte checks across feed() calls
    QList<XmlElement> m_stack;              // open elements of the current stanza
    qint64 m_charsFed = 0;                  // UTF-16 units fed into the current reader
    qint64 m_mark = 0; // character offset where the current stanza (or gap) started
    qint64 m_totalBytes = 0;
    bool m_streamOpen = false;
    bool m_streamClosed = false;
    bool m_failed = false;
    Event m_failure;
    // A problem feed() found in bytes it withheld from the reader; reported by next() once the
    // reader has consumed everything before them.
    Event m_pendingFailure;
};

} // namespace natter
