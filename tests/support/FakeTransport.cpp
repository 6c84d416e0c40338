// SPDX-License-Identifier: GPL-3.0-or-later
#include "FakeTransport.h"

#include "xml/StreamParser.h"

#include <QTest>

namespace natter {

FakeTransport::FakeTransport(QObject *parent)
    : StanzaTransport(parent)
{}

void FakeTransport::open(const ConnectionSettings &settings)
{
    m_settings = settings;
    m_phase = Phase::Connecting;
    Q_EMIT phaseChanged(m_phase);
    if (m_autoEstablish)
        establish();
}

void FakeTransport::establish()
{
    if (m_session.jid.isNull())
        m_session.jid = m_settings.jid.bare().withResource(u"test");
    m_phase = Phase::Established;
    Q_EMIT phaseChanged(m_phase);
    Q_EMIT established(m_session);
}

void FakeTransport::close()
{
    m_phase = Phase::Disconnected;
    Q_EMIT phaseChanged(m_phase);
    Q_EMIT closed(ConnectionError());
}

void FakeTransport::abort(const ConnectionError &reason)
{
    drop(reason);
}

void FakeTransport::drop(const ConnectionError &error)
{
    m_phase = Phase::Disconnected;
    Q_EMIT phaseChanged(m_phase);
    Q_EMIT closed(error);
}

void FakeTransport::send(const XmlElement &stanza)
{
    m_sent.append(stanza);
}

XmlElement FakeTransport::takeFirstSent()
{
    return m_sent.isEmpty() ? XmlElement() : m_sent.takeFirst();
}

XmlElement FakeTransport::parse(const QString &xml)
{
    StreamParser parser;
    parser.feed(QByteArrayLiteral("<stream:stream xmlns='jabber:client' "
                                  "xmlns:stream='http://etherx.jabber.org/streams'>"));
    parser.feed(xml.toUtf8());
    if (parser.next().type != StreamParser::EventType::StreamOpened)
        return {};
    const StreamParser::Event event = parser.next();
    if (event.type != StreamParser::EventType::Stanza || parser.unparsedSize() > 0)
        return {};
    return event.element;
}

XmlElement FakeTransport::withoutIndentation(const XmlElement &element)
{
    if (element.isNull() || element.isText())
        return element;
    XmlElement out(element.namespaceUri(), element.name());
    for (const XmlAttribute &a : element.attributes())
        out.setAttribute(a.namespaceUri, a.name, a.value);
    for (const XmlElement &node : element.nodes()) {
        if (!node.isText())
            out.appendChild(withoutIndentation(node));
        else if (!node.text().trimmed().isEmpty())
            out.appendText(node.text());
    }
    return out;
}

XmlElement FakeTransport::recorded(const QString &xml)
{
    const XmlElement element = parse(xml);
    if (element.isNull())
        qFatal("test XML is not one well-formed element: %s", qPrintable(xml));
    return withoutIndentation(element);
}

void FakeTransport::inject(const QString &xml)
{
    const XmlElement element = parse(xml);
    if (element.isNull()) {
        QTest::qFail(qPrintable(QStringLiteral("FakeTransport::inject: not one element: ") + xml),
                     __FILE__, __LINE__);
        return;
    }
    inject(element);
}

void FakeTransport::inject(const XmlElement &element)
{
    Q_EMIT stanzaReceived(element);
}

} // namespace natter
