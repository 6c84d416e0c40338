// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "xml/XmlElement.h"

#include <QString>

#include <optional>

namespace natter {

// <query xmlns='jabber:iq:version'/> (XEP-0092): the name and version of a piece of software and,
// optionally, the operating system it runs on. An empty query is the request.
struct SoftwareVersion
{
    QString name;
    QString version;
    QString os; // empty: not shared

    bool isEmpty() const { return name.isEmpty() && version.isEmpty() && os.isEmpty(); }

    // std::nullopt if the element is not a jabber:iq:version query.
    static std::optional<SoftwareVersion> fromElement(const XmlElement &query);
    // Writes only the fields that are set.
    XmlElement toElement() const;

    bool operator==(const SoftwareVersion &) const = default;
};

} // namespace natter
