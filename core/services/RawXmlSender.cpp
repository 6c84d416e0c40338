// SPDX-License-Identifier: GPL-3.0-or-later
#include "RawXmlSender.h"

#include "account/Account.h"
#include "xml/StreamParser.h"

using namespace Qt::StringLiterals;

namespace natter {

namespace {

struct Parsed
{
    XmlElement element;
    QString error;
};

Parsed parse(const QString &xml)
{
    const QString trimmed = xml.trimmed();
    if (trimmed.isEmpty())
        return {{}, RawXmlSender::tr("Nothing to send.")};

    // The stream parser skips text between top-level elements (whitespace keepalives); text
    // before or after the element is refused here.
    if (!trimmed.startsWith(u'<') || !trimmed.endsWith(u'>'))
        return {{},
                RawXmlSender::tr("Enter one XML element, starting with \"<\" and ending "
                                 "with \">\".")};

    StreamParser parser;
    parser.feed(QByteArrayLiteral("<stream:stream xmlns='jabber:client' "
                                  "xmlns:stream='http://etherx.jabber.org/streams'>"));
    if (parser.next().type != StreamParser::EventType::StreamOpened)
        return {{}, RawXmlSender::tr("Internal error: the check could not start.")};
    parser.feed(trimmed.toUtf8());

    const StreamParser::Event event = parser.next();
    switch (event.type) {
    case StreamParser::EventType::Stanza:
        break;
    case StreamParser::EventType::NeedMoreData:
        return {{}, RawXmlSender::tr("The XML is incomplete: an element is not closed.")};
    case StreamParser::EventType::StreamClosed:
        return {{}, RawXmlSender::tr("Closing the stream is not allowed here.")};
    case StreamParser::EventType::Error:
        return {{}, RawXmlSender::tr("The XML is not well-formed: %1").arg(event.errorText)};
    case StreamParser::EventType::StreamOpened:
        return {{}, RawXmlSender::tr("Opening a stream is not allowed here.")};
    }

    // Anything after the element (text or a second element) is refused as a whole.
    const StreamParser::Event after = parser.next();
    if (after.type != StreamParser::EventType::NeedMoreData || parser.unparsedSize() > 0)
        return {{},
                RawXmlSender::tr("Enter exactly one element; there is more after the "
                                 "first one.")};
    return {event.element, {}};
}

} // namespace

QString RawXmlSender::check(const QString &xml)
{
    return parse(xml).error;
}

QString RawXmlSender::send(const QString &xml)
{
    const Parsed parsed = parse(xml);
    if (!parsed.error.isEmpty())
        return parsed.error;
    if (!m_account || !m_account->isOnline())
        return tr("Not connected: the XML was not sent.");
    if (!m_account->send(parsed.element))
        return tr("The XML could not be sent.");
    return {};
}

} // namespace natter
