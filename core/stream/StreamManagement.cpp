// SPDX-License-Identifier: GPL-3.0-or-later
#include "StreamManagement.h"

#include "xml/Namespaces.h"

namespace natter {

void StreamManagement::reset()
{
    *this = StreamManagement();
}

void StreamManagement::enableRequested()
{
    m_unacked.clear();
    m_sent = 0;
    m_acked = 0;
    m_counting = true;
}

void StreamManagement::enabled(const QString &resumeId, bool resumable, int maxSeconds,
                               const QString &location)
{
    m_enabled = true;
    m_resumeId = resumeId;
    m_resumable = resumable;
    m_maxSeconds = maxSeconds;
    m_location = location;
    m_handled = 0;
}

void StreamManagement::enableFailed()
{
    m_enabled = false;
    m_counting = false;
    m_unacked.clear();
}

bool StreamManagement::isCountedStanza(const XmlElement &element)
{
    if (element.namespaceUri() != ns::Client)
        return false;
    const QString &name = element.name();
    return name == u"message" || name == u"presence" || name == u"iq";
}

void StreamManagement::stanzaSent(const XmlElement &stanza)
{
    if (!m_counting)
        return;
    ++m_sent;
    m_unacked.append({m_sent, stanza});
}

std::optional<QList<XmlElement>> StreamManagement::acknowledge(quint32 h)
{
    // Unsigned arithmetic wraps at 2^32 exactly as XEP-0198 §4 requires.
    const quint32 newlyAcked = h - m_acked;
    const quint32 outstanding = m_sent - m_acked;
    if (newlyAcked > outstanding)
        return std::nullopt;
    QList<XmlElement> done;
    done.reserve(newlyAcked);
    for (quint32 i = 0; i < newlyAcked && !m_unacked.isEmpty(); ++i)
        done.append(m_unacked.takeFirst().stanza);
    m_acked = h;
    return done;
}

QList<XmlElement> StreamManagement::takeUnacked()
{
    QList<XmlElement> out;
    out.reserve(m_unacked.size());
    for (const Outbound &o : std::as_const(m_unacked))
        out.append(o.stanza);
    m_unacked.clear();
    // The server handled m_acked of ours; the re-sent ones are numbered from there.
    m_sent = m_acked;
    return out;
}

QList<XmlElement> StreamManagement::sessionLost()
{
    QList<XmlElement> out;
    for (const Outbound &o : std::as_const(m_unacked))
        out.append(o.stanza);
    reset();
    return out;
}

XmlElement StreamManagement::enableElement()
{
    XmlElement enable(ns::StreamManagement, QStringLiteral("enable"));
    enable.setAttribute(QStringLiteral("resume"), QStringLiteral("true"));
    return enable;
}

XmlElement StreamManagement::resumeElement() const
{
    XmlElement resume(ns::StreamManagement, QStringLiteral("resume"));
    resume.setAttribute(QStringLiteral("h"), QString::number(m_handled));
    resume.setAttribute(QStringLiteral("previd"), m_resumeId);
    return resume;
}

XmlElement StreamManagement::ackElement() const
{
    XmlElement a(ns::StreamManagement, QStringLiteral("a"));
    a.setAttribute(QStringLiteral("h"), QString::number(m_handled));
    return a;
}

XmlElement StreamManagement::requestElement()
{
    return XmlElement(ns::StreamManagement, QStringLiteral("r"));
}

} // namespace natter
