// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

// Every XML namespace Natter speaks, in one place. Match elements by these URIs, never by prefix.
namespace natter::ns {

// RFC 6120 / RFC 6121
inline const QString Client = QStringLiteral("jabber:client");
inline const QString Stream = QStringLiteral("http://etherx.jabber.org/streams");
inline const QString StreamErrors = QStringLiteral("urn:ietf:params:xml:ns:xmpp-streams");
inline const QString StanzaErrors = QStringLiteral("urn:ietf:params:xml:ns:xmpp-stanzas");
inline const QString Tls = QStringLiteral("urn:ietf:params:xml:ns:xmpp-tls");
inline const QString Sasl = QStringLiteral("urn:ietf:params:xml:ns:xmpp-sasl");
inline const QString Bind = QStringLiteral("urn:ietf:params:xml:ns:xmpp-bind");
inline const QString Session = QStringLiteral("urn:ietf:params:xml:ns:xmpp-session");
inline const QString Roster = QStringLiteral("jabber:iq:roster");
inline const QString RosterVersioning = QStringLiteral("urn:xmpp:features:rosterver");
inline const QString PreApproval = QStringLiteral("urn:xmpp:features:pre-approval");
inline const QString Xml = QStringLiteral("http://www.w3.org/XML/1998/namespace");

// XEPs
inline const QString DiscoInfo = QStringLiteral("http://jabber.org/protocol/disco#info"); // 0030
inline const QString DiscoItems = QStringLiteral("http://jabber.org/protocol/disco#items");
inline const QString Ping = QStringLiteral("urn:xmpp:ping");                         // 0199
inline const QString Version = QStringLiteral("jabber:iq:version");                  // 0092
inline const QString StanzaId = QStringLiteral("urn:xmpp:sid:0");                    // 0359
inline const QString Delay = QStringLiteral("urn:xmpp:delay");                       // 0203
inline const QString StreamManagement = QStringLiteral("urn:xmpp:sm:3");             // 0198
inline const QString Caps = QStringLiteral("http://jabber.org/protocol/caps");       // 0115
inline const QString Csi = QStringLiteral("urn:xmpp:csi:0");                         // 0352
inline const QString Sasl2 = QStringLiteral("urn:xmpp:sasl:2");                      // 0388
inline const QString DataForms = QStringLiteral("jabber:x:data");                    // 0004
inline const QString ChatStates = QStringLiteral("http://jabber.org/protocol/chatstates"); // 0085
inline const QString Receipts = QStringLiteral("urn:xmpp:receipts");                 // 0184
inline const QString MessageCorrect = QStringLiteral("urn:xmpp:message-correct:0");  // 0308
inline const QString ChatMarkers = QStringLiteral("urn:xmpp:chat-markers:0");        // 0333
inline const QString MessageRetract = QStringLiteral("urn:xmpp:message-retract:1");  // 0424
inline const QString Fallback = QStringLiteral("urn:xmpp:fallback:0");               // 0428
inline const QString Forward = QStringLiteral("urn:xmpp:forward:0");                  // 0297
inline const QString Carbons = QStringLiteral("urn:xmpp:carbons:2");                  // 0280
inline const QString Hints = QStringLiteral("urn:xmpp:hints");                        // 0334
inline const QString Mam = QStringLiteral("urn:xmpp:mam:2");                          // 0313
inline const QString Rsm = QStringLiteral("http://jabber.org/protocol/rsm");          // 0059

} // namespace natter::ns
