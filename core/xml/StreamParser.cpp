// SPDX-License-Identifier: GPL-3.0-or-later
#include "StreamParser.h"

#include "xml/Namespaces.h"

#include <QCoreApplication>
#include <QXmlStreamReader>

#include <algorithm>

namespace natter {

namespace {

// The translation context of the texts below (lupdate reads it from the macro too).
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(natter::StreamParser)
};

} // namespace

// Checks the bytes of one document before QXmlStreamReader sees them, resuming across feed()
// calls: UTF-8 validity (RFC 3629; NUL is refused too, as XML never allows it and it would let
// the reader guess UTF-16), the number of attributes per start tag, and the UTF-16 length of what
// it accepted. It tracks just enough markup for the attribute count: text, start tags with their
// quoted values, end tags, CDATA sections and the XML declaration; in text it also refuses "]]>",
// which the reader misses when it arrives split. Comments and DOCTYPEs end the stream anyway, so
// it stops looking at markup after "<!" that does not open a CDATA section.
struct StreamParser::ByteScanner
{
    enum class Markup : quint8
    {
        Text,
        Lt,
        StartTag,
        SingleQuoted,
        DoubleQuoted,
        EndTag,
        Bang,
        Cdata,
        Pi,
        Opaque
    };

    struct Result
    {
        qsizetype accepted = 0; // bytes that may go to the reader
        qint64 utf16Units = 0;  // what those bytes decode to (a started character in full)
        QString condition;      // set when the scan stopped before the end
        QString text;
    };

    Result scan(QByteArrayView bytes, int maxAttributes);

    static constexpr int MaxNameLength = 1024;

    // UTF-8
    int pending = 0;            // continuation bytes still expected
    unsigned char lower = 0x80; // range of the next continuation byte
    unsigned char upper = 0xBF;
    char32_t codePoint = 0;
    qsizetype sequenceStart = 0; // index in the current chunk of the lead byte (may be < 0)
    // Markup
    Markup markup = Markup::Text;
    int attributes = 0; // '=' seen in the current start tag
    int nameLength = 0; // bytes of the element or attribute name being read in a tag
    int matched = 0;    // characters of "[CDATA[" after "<!", or of "]]" / "?" before '>'
    qint64 offset = 0;  // bytes of the document scanned so far
};

StreamParser::ByteScanner::Result StreamParser::ByteScanner::scan(QByteArrayView bytes,
                                                                  int maxAttributes)
{
    static constexpr char cdataOpen[] = "[CDATA[";
    Result result;
    const auto stop = [&](qsizetype at, const QString &condition, const QString &text) {
        result.accepted = at;
        result.condition = condition;
        result.text = text;
        return result;
    };
    const auto badUtf8 = [&](qsizetype at) {
        return stop(std::max<qsizetype>(at, 0), QStringLiteral("not-well-formed"),
                    Text::tr("The stream is not valid UTF-8 (byte %1).").arg(offset + at));
    };
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const auto b = static_cast<unsigned char>(bytes[i]);
        if (pending > 0) {
            if (b < lower || b > upper)
                return badUtf8(sequenceStart);
            codePoint = (codePoint << 6) | (b & 0x3F);
            lower = 0x80;
            upper = 0xBF;
            if (--pending == 0 && codePoint == 0xFEFF && offset + sequenceStart == 0)
                --result.utf16Units; // the reader drops a byte order mark without counting it
            continue;
        }
        sequenceStart = i;
        if (b >= 0x80) {
            if (b >= 0xC2 && b <= 0xDF) {
                pending = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                pending = 2;
                lower = b == 0xE0 ? 0xA0 : 0x80; // no overlong forms
                upper = b == 0xED ? 0x9F : 0xBF; // no surrogates
            } else if (b >= 0xF0 && b <= 0xF4) {
                pending = 3;
                lower = b == 0xF0 ? 0x90 : 0x80;
                upper = b == 0xF4 ? 0x8F : 0xBF; // nothing above U+10FFFF
                ++result.utf16Units;             // a surrogate pair
            } else {
                return badUtf8(i);
            }
            codePoint = b & (0x3F >> pending);
            ++result.utf16Units;
            continue;
        }
        if (b == 0)
            return badUtf8(i);
        ++result.utf16Units;
        // Markup, on ASCII bytes only: no byte of a multi-byte sequence is below 0x80.
        switch (markup) {
        case Markup::Text:
            if (b == '<') {
                markup = Markup::Lt;
            } else if (b == '>' && matched >= 2) {
                // XML 1.0 §2.4. The reader only notices when "]]>" arrives in one piece.
                return stop(i, QStringLiteral("not-well-formed"),
                            Text::tr("The stream contains \"]]>\" outside of a CDATA section."));
            }
            matched = b == ']' ? matched + 1 : 0;
            break;
        case Markup::Lt:
            if (b == '/') {
                markup = Markup::EndTag;
            } else if (b == '!') {
                markup = Markup::Bang;
                matched = 0;
            } else if (b == '?') {
                markup = Markup::Pi;
                matched = 0;
            } else {
                markup = Markup::StartTag;
                attributes = 0;
            }
            nameLength = 0;
            break;
        case Markup::StartTag:
        case Markup::EndTag:
            // Names are short in XMPP; a huge one is an attack (and QXmlStreamReader reads one
            // that spans many chunks wrongly), so it ends the stream like any oversize input.
            if (b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == '=' || b == '/' ||
                b == '>' || b == '\'' || b == '"') {
                nameLength = 0;
            } else if (++nameLength > MaxNameLength) {
                return stop(i, QStringLiteral("policy-violation"),
                            Text::tr("An element or attribute name is longer than %1 bytes.")
                                .arg(MaxNameLength));
            }
            if (markup == Markup::EndTag) {
                if (b == '>') {
                    markup = Markup::Text;
                    matched = 0;
                }
                break;
            }
            if (b == '\'') {
                markup = Markup::SingleQuoted;
            } else if (b == '"') {
                markup = Markup::DoubleQuoted;
            } else if (b == '>') {
                markup = Markup::Text;
                matched = 0;
            } else if (b == '=' && ++attributes > maxAttributes) {
                return stop(
                    i, QStringLiteral("policy-violation"),
                    Text::tr("An element carries more than %1 attributes.").arg(maxAttributes));
            }
            break;
        case Markup::SingleQuoted:
            if (b == '\'')
                markup = Markup::StartTag;
            break;
        case Markup::DoubleQuoted:
            if (b == '"')
                markup = Markup::StartTag;
            break;
        case Markup::Bang:
            if (b != static_cast<unsigned char>(cdataOpen[matched])) {
                markup = Markup::Opaque;
            } else if (++matched == int(sizeof(cdataOpen)) - 1) {
                markup = Markup::Cdata;
                matched = 0;
            }
            break;
        case Markup::Cdata:
            if (b == '>' && matched >= 2)
                markup = Markup::Text;
            matched = b == ']' ? matched + 1 : 0;
            break;
        case Markup::Pi:
            if (b == '>' && matched == 1)
                markup = Markup::Text;
            matched = b == '?' ? 1 : 0;
            break;
        case Markup::Opaque:
            break;
        }
    }
    // A sequence still open continues in the next chunk, before its index 0.
    if (pending > 0)
        sequenceStart -= bytes.size();
    offset += bytes.size();
    result.accepted = bytes.size();
    return result;
}

StreamParser::StreamParser()
    : StreamParser(Limits{})
{}

StreamParser::StreamParser(const Limits &limits)
    : m_limits(limits)
{
    reset();
}

StreamParser::~StreamParser() = default;

void StreamParser::reset()
{
    m_reader = std::make_unique<QXmlStreamReader>();
    m_reader->setNamespaceProcessing(true);
    m_scanner = std::make_unique<ByteScanner>();
    m_stack.clear();
    m_charsFed = 0;
    m_mark = 0;
    m_streamOpen = false;
    m_streamClosed = false;
    m_failed = false;
    m_failure = {};
    m_pendingFailure = {};
}

void StreamParser::feed(QByteArrayView bytes)
{
    if (bytes.isEmpty() || m_failed || m_pendingFailure.type == EventType::Error)
        return;
    m_totalBytes += bytes.size();
    const ByteScanner::Result scanned = m_scanner->scan(bytes, m_limits.maxAttributes);
    m_charsFed += scanned.utf16Units;
    if (scanned.accepted > 0)
        m_reader->addData(bytes.first(scanned.accepted).toByteArray());
    if (!scanned.condition.isEmpty())
        m_pendingFailure = Event{EventType::Error, {}, scanned.condition, scanned.text};
}

qsizetype StreamParser::unparsedSize() const
{
    return static_cast<qsizetype>(m_charsFed - m_reader->characterOffset());
}

StreamParser::Event StreamParser::fail(const QString &condition, const QString &text)
{
    m_failed = true;
    m_stack.clear();
    m_failure = Event{EventType::Error, {}, condition, text};
    return m_failure;
}

XmlElement StreamParser::startElement()
{
    const QXmlStreamReader &r = *m_reader;
    XmlElement element(r.namespaceUri().toString(), r.name().toString());
    const QXmlStreamAttributes attributes = r.attributes();
    for (const QXmlStreamAttribute &a : attributes) {
        element.setAttribute(a.namespaceUri().toString(), a.name().toString(),
                             a.value().toString());
    }
    return element;
}

void StreamParser::closeElement()
{
    XmlElement done = std::move(m_stack.last());
    m_stack.removeLast();
    m_stack.last().appendChild(done);
}

StreamParser::Event StreamParser::next()
{
    if (m_failed)
        return m_failure;
    QXmlStreamReader &r = *m_reader;
    while (true) {
        const QXmlStreamReader::TokenType token = r.readNext();
        const qint64 offset = r.characterOffset();
        switch (token) {
        case QXmlStreamReader::NoToken:
        case QXmlStreamReader::Invalid:
            if (r.error() == QXmlStreamReader::PrematureEndOfDocumentError) {
                // The reader consumed everything feed() let through.
                if (m_pendingFailure.type == EventType::Error)
                    return fail(m_pendingFailure.errorCondition, m_pendingFailure.errorText);
                // Waiting for more input. Refuse to buffer more than one stanza's worth.
                if (m_charsFed - m_mark > m_limits.maxStanzaSize) {
                    return fail(QStringLiteral("policy-violation"),
                                Text::tr("A stanza exceeded the size limit of %1 characters.")
                                    .arg(m_limits.maxStanzaSize));
                }
                return {};
            }
            if (r.error() == QXmlStreamReader::NoError)
                return {};
            return fail(QStringLiteral("not-well-formed"),
                        Text::tr("The stream is not well-formed XML: %1 (line %2, column %3).")
                            .arg(r.errorString())
                            .arg(r.lineNumber())
                            .arg(r.columnNumber()));
        case QXmlStreamReader::StartDocument:
            // RFC 6120 §11.6: UTF-8 only. The reader would switch to a declared encoding.
            if (!r.documentEncoding().isEmpty() &&
                r.documentEncoding().compare(u"UTF-8", Qt::CaseInsensitive) != 0) {
                return fail(QStringLiteral("unsupported-encoding"),
                            Text::tr("The stream declares the encoding %1; XMPP requires UTF-8.")
                                .arg(r.documentEncoding()));
            }
            // Without a declaration the document starts at 0 (the reader has peeked ahead).
            m_mark = r.documentVersion().isEmpty() ? 0 : offset;
            continue;
        case QXmlStreamReader::EndDocument:
            if (m_pendingFailure.type == EventType::Error)
                return fail(m_pendingFailure.errorCondition, m_pendingFailure.errorText);
            return {};
        case QXmlStreamReader::DTD:
        case QXmlStreamReader::EntityReference:
            return fail(QStringLiteral("restricted-xml"),
                        Text::tr("The stream contains a document type or entity declaration, which "
                                 "XMPP forbids."));
        case QXmlStreamReader::ProcessingInstruction:
            return fail(
                QStringLiteral("restricted-xml"),
                Text::tr("The stream contains a processing instruction, which XMPP forbids."));
        case QXmlStreamReader::Comment:
            return fail(QStringLiteral("restricted-xml"),
                        Text::tr("The stream contains an XML comment, which XMPP forbids."));
        case QXmlStreamReader::StartElement: {
            if (!m_streamOpen) {
                if (r.namespaceUri() != ns::Stream || r.name() != u"stream") {
                    return fail(QStringLiteral("invalid-namespace"),
                                Text::tr("The stream does not start with <stream:stream>."));
                }
                m_streamOpen = true;
                m_mark = offset;
                XmlElement header = startElement();
                // Keep the default namespace of the stream (jabber:client) on the header.
                const auto declarations = r.namespaceDeclarations();
                for (const QXmlStreamNamespaceDeclaration &d : declarations) {
                    if (d.prefix().isEmpty())
                        header.setAttribute(QStringLiteral("xmlns"), d.namespaceUri().toString());
                }
                return Event{EventType::StreamOpened, header, {}, {}};
            }
            if (m_stack.size() >= m_limits.maxDepth) {
                return fail(
                    QStringLiteral("policy-violation"),
                    Text::tr("A stanza is nested deeper than %1 elements.").arg(m_limits.maxDepth));
            }
            if (offset - m_mark > m_limits.maxStanzaSize) {
                return fail(QStringLiteral("policy-violation"),
                            Text::tr("A stanza exceeded the size limit of %1 characters.")
                                .arg(m_limits.maxStanzaSize));
            }
            m_stack.append(startElement());
            continue;
        }
        case QXmlStreamReader::EndElement: {
            if (m_stack.isEmpty()) {
                // The only element that can close here is <stream:stream> itself.
                m_streamClosed = true;
                m_mark = offset;
                return Event{EventType::StreamClosed, {}, {}, {}};
            }
            if (offset - m_mark > m_limits.maxStanzaSize) {
                return fail(QStringLiteral("policy-violation"),
                            Text::tr("A stanza exceeded the size limit of %1 characters.")
                                .arg(m_limits.maxStanzaSize));
            }
            if (m_stack.size() == 1) {
                m_mark = offset;
                XmlElement stanza = std::move(m_stack.first());
                m_stack.clear();
                return Event{EventType::Stanza, std::move(stanza), {}, {}};
            }
            closeElement();
            continue;
        }
        case QXmlStreamReader::Characters:
            if (m_stack.isEmpty()) {
                if (!r.isWhitespace()) {
                    return fail(QStringLiteral("bad-format"),
                                Text::tr("The stream contains text outside of any stanza."));
                }
                // A whitespace keepalive. The reader has read the '<' that ended it, which
                // belongs to what follows.
                m_mark = offset - 1;
                continue;
            }
            if (offset - m_mark > m_limits.maxStanzaSize) {
                return fail(QStringLiteral("policy-violation"),
                            Text::tr("A stanza exceeded the size limit of %1 characters.")
                                .arg(m_limits.maxStanzaSize));
            }
            m_stack.last().appendText(r.text().toString());
            continue;
        }
    }
}

} // namespace natter
