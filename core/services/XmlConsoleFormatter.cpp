// SPDX-License-Identifier: GPL-3.0-or-later
#include "XmlConsoleFormatter.h"

#include <QXmlStreamReader>
#include <QXmlStreamWriter>

namespace natter {

QString XmlConsoleFormatter::format(const QString &xml, int indent)
{
    QXmlStreamReader reader(xml);
    // Prefixes are kept as written: stanzas inside a stream may use prefixes declared on the
    // stream header, which is not part of the text.
    reader.setNamespaceProcessing(false);

    QString out;
    QXmlStreamWriter writer(&out);
    writer.setAutoFormatting(true);
    writer.setAutoFormattingIndent(indent);

    int depth = 0;
    bool sawElement = false;
    while (!reader.atEnd()) {
        switch (reader.readNext()) {
        case QXmlStreamReader::StartElement:
            if (depth == 0 && sawElement)
                return xml; // more than one top-level element
            sawElement = true;
            ++depth;
            writer.writeStartElement(reader.qualifiedName().toString());
            for (const QXmlStreamNamespaceDeclaration &ns : reader.namespaceDeclarations()) {
                writer.writeAttribute(ns.prefix().isEmpty()
                                          ? QStringLiteral("xmlns")
                                          : QStringLiteral("xmlns:") + ns.prefix().toString(),
                                      ns.namespaceUri().toString());
            }
            for (const QXmlStreamAttribute &attribute : reader.attributes())
                writer.writeAttribute(attribute.qualifiedName().toString(),
                                      attribute.value().toString());
            break;
        case QXmlStreamReader::EndElement:
            --depth;
            writer.writeEndElement();
            break;
        case QXmlStreamReader::Characters:
            if (depth == 0)
                return xml; // text outside the element
            // Whitespace with a line break is formatting between elements; other text is content.
            if (!reader.isWhitespace() || !reader.text().contains(u'\n'))
                writer.writeCharacters(reader.text().toString());
            break;
        case QXmlStreamReader::StartDocument:
        case QXmlStreamReader::EndDocument:
            break;
        default:
            return xml; // comments, DTDs, processing instructions: show what came
        }
    }
    if (reader.hasError() || !sawElement || depth != 0)
        return xml;
    return out.trimmed();
}

} // namespace natter
