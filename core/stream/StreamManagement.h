// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "xml/XmlElement.h"

#include <QList>
#include <QString>

#include <optional>

namespace natter {

// XEP-0198 stream management state of one session, kept across connections so that a dropped
// session can be resumed. Pure bookkeeping: ClientStream decides when to send what.
//
// Counters are 32-bit and wrap (XEP-0198 §4: "h" is modulo 2^32). An acknowledgement for more
// stanzas than we sent is a protocol violation, never a silent queue change.
class StreamManagement
{
public:
    // A stanza we sent and the server has not yet acknowledged.
    struct Outbound
    {
        quint32 sequence = 0; // 1 for the first stanza after <enable/>
        XmlElement stanza;
    };

    // Forgets everything (new login, explicit logout).
    void reset();

    // <enable/> was sent: from now on we count what we send.
    void enableRequested();
    // <enabled/> arrived.
    void enabled(const QString &resumeId, bool resumable, int maxSeconds, const QString &location);
    // <failed/> to <enable/>.
    void enableFailed();

    bool isEnabled() const { return m_enabled; }
    bool canResume() const { return m_enabled && m_resumable && !m_resumeId.isEmpty(); }
    const QString &resumeId() const { return m_resumeId; }
    // Where the server wants resumption to happen (host[:port]); may be empty.
    const QString &location() const { return m_location; }
    int maxResumeSeconds() const { return m_maxSeconds; }

    // Is this element one of the stanzas that XEP-0198 counts (message, presence, iq)?
    static bool isCountedStanza(const XmlElement &element);

    // Outbound side.
    void stanzaSent(const XmlElement &stanza);
    quint32 sentCount() const { return m_sent; }
    quint32 ackedCount() const { return m_acked; }
    qsizetype unackedCount() const { return m_unacked.size(); }
    const QList<Outbound> &unacked() const { return m_unacked; }
    // Applies <a h='h'/> or the h of <resumed/>: returns the stanzas it confirms, or std::nullopt
    // when h acknowledges more than we sent (the caller must end the stream).
    std::optional<QList<XmlElement>> acknowledge(quint32 h);
    // For re-sending after <resumed/>: takes the stanzas the server did not get. The caller sends
    // them again through stanzaSent(), which numbers them anew.
    QList<XmlElement> takeUnacked();

    // Inbound side: a received stanza has been fully handled.
    void stanzaHandled() { ++m_handled; }
    quint32 handledCount() const { return m_handled; }
    // <enabled/> or <resumed/> (re)starts the inbound count.
    void setHandledCount(quint32 h) { m_handled = h; }

    // Resumption failed: the session is gone. Returns what the server never acknowledged so the
    // application can decide what to send again; the state is reset.
    QList<XmlElement> sessionLost();

    // Tests only: continue counting as if n stanzas had been sent and acknowledged.
    void setAcknowledgedCountForTests(quint32 n) { m_sent = m_acked = n; }

    // Elements.
    static XmlElement enableElement();
    XmlElement resumeElement() const;
    XmlElement ackElement() const;
    static XmlElement requestElement();

private:
    QList<Outbound> m_unacked;
    QString m_resumeId;
    QString m_location;
    int m_maxSeconds = 0;
    quint32 m_sent = 0;
    quint32 m_acked = 0;
    quint32 m_handled = 0;
    bool m_counting = false;
    bool m_enabled = false;
    bool m_resumable = false;
};

} // namespace natter
