// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "stanza/Jid.h"
#include "xml/XmlElement.h"

#include <QDateTime>
#include <QString>

#include <optional>

namespace natter {

// <delay xmlns='urn:xmpp:delay' stamp='…' from='…'>reason</delay> (XEP-0203): when a stanza was
// really sent, on stanzas delivered late (offline storage, forwarded copies, archives).
struct Delay
{
    QDateTime stamp; // UTC
    Jid from;        // who added the delay (optional)
    QString reason;  // free text (optional)

    // Reads a delay element. The stamp is an XEP-0082 DateTime ("2002-09-10T23:08:25Z", with or
    // without fractions of a second, 'Z' or an offset; no zone at all is read as UTC).
    // std::nullopt if the element is not a delay or its stamp is missing or not a date-time.
    static std::optional<Delay> fromElement(const XmlElement &delay);
    // The first <delay/> child of a stanza (or of <forwarded/>), if any and valid.
    static std::optional<Delay> find(const XmlElement &parent);
    XmlElement toElement() const;

    // XEP-0082 date-time parsing and formatting (UTC, 'Z'; milliseconds only when not zero).
    static QDateTime parseDateTime(const QString &text);
    static QString formatDateTime(const QDateTime &dateTime);

    bool operator==(const Delay &) const = default;
};

} // namespace natter
