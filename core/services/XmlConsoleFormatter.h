// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace natter {

// Pretty-prints the XML of one stanza for the XML console: one element per line, indented. Text
// content stays as it was (and in mixed content, on the line of its element). Input that is not
// one complete element — the stream header, "</stream:stream>", a fragment — comes back
// unchanged. Lives in core because widgets never parse XML.
class XmlConsoleFormatter
{
public:
    static QString format(const QString &xml, int indent = 2);
};

} // namespace natter
