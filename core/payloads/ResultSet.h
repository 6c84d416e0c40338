// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "xml/XmlElement.h"

#include <QString>

#include <optional>

namespace natter {

// <set xmlns='http://jabber.org/protocol/rsm'> (XEP-0059 Result Set Management), in both
// directions: a request names the page (max, after or before, index), an answer describes the
// page it returned (first with its index, last, count).
struct ResultSet
{
    // Request
    std::optional<int> max;
    std::optional<QString> after;
    std::optional<QString> before; // an empty <before/>: the last page
    std::optional<int> index;
    // Answer
    QString first;
    std::optional<int> firstIndex;
    QString last;
    std::optional<int> count;

    // std::nullopt unless the element is an RSM <set/>. Negative or unreadable numbers are
    // treated as absent.
    static std::optional<ResultSet> fromElement(const XmlElement &set);
    XmlElement toElement() const;

    bool operator==(const ResultSet &) const = default;
};

} // namespace natter
