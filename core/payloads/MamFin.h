// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "payloads/ResultSet.h"
#include "xml/XmlElement.h"

#include <optional>

namespace natter {

// <fin xmlns='urn:xmpp:mam:2' complete='true' stable='false'> (XEP-0313 §4.3): the end of a
// query, in its IQ result, with the RSM description of the page that was sent.
struct MamFin
{
    bool complete = false; // the page reaches the end of the archive in the query's direction
    bool stable = true;    // false: the ids may change (a temporary archive)
    ResultSet resultSet;

    // std::nullopt unless the element is a mam:2 <fin/>.
    static std::optional<MamFin> fromElement(const XmlElement &fin);
    XmlElement toElement() const;

    bool operator==(const MamFin &) const = default;
};

} // namespace natter
