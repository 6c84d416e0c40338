// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "stream/StanzaTransport.h"

#include <QList>

namespace natter {

// A transport for Account and extension tests (STYLE.md §12b): inject() delivers XML as if the
// server sent it (parsed by the real StreamParser), sent() shows what the account wrote.
class FakeTransport : public StanzaTransport
{
    Q_OBJECT
public:
    explicit FakeTransport(QObject *parent = nullptr);

    // StanzaTransport
    void open(const ConnectionSettings &settings) override;
    void close() override;
    void abort(const ConnectionError &reason) override;
    void send(const XmlElement &stanza) override;
    Phase phase() const override { return m_phase; }
    SessionInfo session() const override { return m_session; }
    bool canResumeSession() const override { return m_resumable; }
    void resetSession() override { m_resumable = false; }

    // Whether a dropped session may be resumed (as if XEP-0198 resumption were enabled); the
    // next open() then establishes with the session set by setSession() (set resumed = true).
    void setResumable(bool on) { m_resumable = on; }

    // When set (default), open() establishes at once with the configured session.
    void setAutoEstablish(bool on) { m_autoEstablish = on; }
    // The session open() establishes: bound JID (default settings.jid + "/test") and features.
    void setSession(const SessionInfo &session) { m_session = session; }
    void establish();
    // Simulates a lost connection.
    void drop(const ConnectionError &error);

    const ConnectionSettings &lastSettings() const { return m_settings; }

    // Delivers one stanza written in the jabber:client namespace (no xmlns needed), e.g.
    // "<iq type='get' id='1' from='a@b/c'><ping xmlns='urn:xmpp:ping'/></iq>". Fails the
    // current test if the XML is not one well-formed element.
    void inject(const QString &xml);
    void inject(const XmlElement &element);

    const QList<XmlElement> &sent() const { return m_sent; }
    XmlElement lastSent() const { return m_sent.isEmpty() ? XmlElement() : m_sent.last(); }
    XmlElement takeFirstSent();
    void clearSent() { m_sent.clear(); }
    // Parses like inject() without delivering.
    static XmlElement parse(const QString &xml);
    // Recorded test XML as the server would send it: parsed like parse(), with the whitespace
    // between elements (the indentation of the recording) removed. A malformed recording ends
    // the test program.
    static XmlElement recorded(const QString &xml);
    // The element without whitespace-only text between its child elements.
    static XmlElement withoutIndentation(const XmlElement &element);

private:
    ConnectionSettings m_settings;
    SessionInfo m_session;
    QList<XmlElement> m_sent;
    Phase m_phase = Phase::Disconnected;
    bool m_autoEstablish = true;
    bool m_resumable = false;
};

} // namespace natter
