// SPDX-License-Identifier: GPL-3.0-or-later
#include "XmlElement.h"

#include "xml/Namespaces.h"

#include <QStringList>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>

#include <algorithm>

namespace natter {

struct XmlElement::Data : QSharedData
{
    QString namespaceUri;
    QString name;
    QList<XmlAttribute> attributes;
    QList<XmlElement> nodes;
    bool isText = false;
    bool isNull = true;
};

namespace {
const QString &emptyString()
{
    static const QString empty;
    return empty;
}
const QList<XmlAttribute> &emptyAttributes()
{
    static const QList<XmlAttribute> empty;
    return empty;
}
const QList<XmlElement> &emptyNodes()
{
    static const QList<XmlElement> empty;
    return empty;
}

bool isXmlChar(char32_t c)
{
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}
} // namespace

QString xmlSafeText(const QString &text)
{
    // Fast path: almost every string is clean.
    const auto clean = [](const QString &s) {
        for (qsizetype i = 0; i < s.size(); ++i) {
            const char16_t c = s.at(i).unicode();
            if (c >= 0x20 && c < 0xD800)
                continue;
            if (c == 0x9 || c == 0xA || c == 0xD)
                continue;
            if (c >= 0xE000 && c <= 0xFFFD)
                continue;
            if (QChar::isHighSurrogate(c) && i + 1 < s.size() &&
                QChar::isLowSurrogate(s.at(i + 1).unicode())) {
                ++i;
                continue;
            }
            return false;
        }
        return true;
    };
    if (clean(text))
        return text;
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < text.size() &&
            QChar::isLowSurrogate(text.at(i + 1).unicode())) {
            out.append(text.at(i));
            out.append(text.at(i + 1));
            ++i;
            continue;
        }
        if (QChar::isSurrogate(c))
            continue;
        if (isXmlChar(c))
            out.append(QChar(c));
    }
    return out;
}

XmlElement::XmlElement()
    : d(nullptr)
{}

XmlElement::XmlElement(const QString &namespaceUri, const QString &name)
    : d(new Data)
{
    d->namespaceUri = namespaceUri;
    d->name = name;
    d->isNull = false;
}

XmlElement::XmlElement(const XmlElement &) = default;
XmlElement::XmlElement(XmlElement &&) noexcept = default;
XmlElement &XmlElement::operator=(const XmlElement &) = default;
XmlElement &XmlElement::operator=(XmlElement &&) noexcept = default;
XmlElement::~XmlElement() = default;

XmlElement XmlElement::textNode(const QString &text)
{
    XmlElement e;
    e.d = new Data;
    e.d->isNull = false;
    e.d->isText = true;
    e.d->name = text; // a text node keeps its text in the name slot
    return e;
}

bool XmlElement::isNull() const
{
    return !d || d->isNull;
}

bool XmlElement::isText() const
{
    return d && d->isText;
}

const QString &XmlElement::namespaceUri() const
{
    return d ? d->namespaceUri : emptyString();
}

const QString &XmlElement::name() const
{
    return d && !d->isText ? d->name : emptyString();
}

bool XmlElement::is(QStringView namespaceUri, QStringView name) const
{
    return d && !d->isText && d->name == name && d->namespaceUri == namespaceUri;
}

const QList<XmlAttribute> &XmlElement::attributes() const
{
    return d ? d->attributes : emptyAttributes();
}

bool XmlElement::hasAttribute(QStringView name) const
{
    if (!d)
        return false;
    return std::any_of(d->attributes.cbegin(), d->attributes.cend(), [&](const XmlAttribute &a) {
        return a.namespaceUri.isEmpty() && a.name == name;
    });
}

QString XmlElement::attribute(QStringView name) const
{
    if (!d)
        return {};
    for (const XmlAttribute &a : d->attributes) {
        if (a.namespaceUri.isEmpty() && a.name == name)
            return a.value;
    }
    return {};
}

QString XmlElement::attribute(QStringView namespaceUri, QStringView name) const
{
    if (!d)
        return {};
    for (const XmlAttribute &a : d->attributes) {
        if (a.namespaceUri == namespaceUri && a.name == name)
            return a.value;
    }
    return {};
}

XmlElement &XmlElement::setAttribute(const QString &name, const QString &value)
{
    return setAttribute(QString(), name, value);
}

XmlElement &XmlElement::setAttribute(const QString &namespaceUri, const QString &name,
                                     const QString &value)
{
    if (!d) {
        d = new Data;
        d->isNull = false;
    }
    for (XmlAttribute &a : d->attributes) {
        if (a.namespaceUri == namespaceUri && a.name == name) {
            a.value = value;
            return *this;
        }
    }
    d->attributes.append(XmlAttribute{namespaceUri, name, value});
    return *this;
}

XmlElement &XmlElement::setAttributeIfNotEmpty(const QString &name, const QString &value)
{
    if (value.isEmpty())
        removeAttribute(name);
    else
        setAttribute(name, value);
    return *this;
}

void XmlElement::removeAttribute(QStringView name)
{
    if (!d)
        return;
    d->attributes.removeIf(
        [&](const XmlAttribute &a) { return a.namespaceUri.isEmpty() && a.name == name; });
}

const QList<XmlElement> &XmlElement::nodes() const
{
    return d ? d->nodes : emptyNodes();
}

QList<XmlElement> XmlElement::children() const
{
    QList<XmlElement> out;
    if (!d)
        return out;
    for (const XmlElement &n : d->nodes) {
        if (!n.isText())
            out.append(n);
    }
    return out;
}

QList<XmlElement> XmlElement::children(QStringView namespaceUri, QStringView name) const
{
    QList<XmlElement> out;
    if (!d)
        return out;
    for (const XmlElement &n : d->nodes) {
        if (n.is(namespaceUri, name))
            out.append(n);
    }
    return out;
}

XmlElement XmlElement::firstChild() const
{
    if (d) {
        for (const XmlElement &n : d->nodes) {
            if (!n.isText())
                return n;
        }
    }
    return {};
}

XmlElement XmlElement::firstChild(QStringView namespaceUri, QStringView name) const
{
    if (d) {
        for (const XmlElement &n : d->nodes) {
            if (n.is(namespaceUri, name))
                return n;
        }
    }
    return {};
}

bool XmlElement::hasChild(QStringView namespaceUri, QStringView name) const
{
    if (!d)
        return false;
    return std::any_of(d->nodes.cbegin(), d->nodes.cend(),
                       [&](const XmlElement &n) { return n.is(namespaceUri, name); });
}

QString XmlElement::childText(QStringView namespaceUri, QStringView name) const
{
    return firstChild(namespaceUri, name).text();
}

XmlElement &XmlElement::appendChild(const XmlElement &child)
{
    if (!d) {
        d = new Data;
        d->isNull = false;
    }
    if (!child.isNull())
        d->nodes.append(child);
    return *this;
}

XmlElement &XmlElement::appendText(const QString &text)
{
    if (text.isEmpty())
        return *this;
    if (!d) {
        d = new Data;
        d->isNull = false;
    }
    if (!d->nodes.isEmpty() && d->nodes.last().isText()) {
        d->nodes.last().d->name.append(text);
        return *this;
    }
    d->nodes.append(textNode(text));
    return *this;
}

XmlElement &XmlElement::appendTextChild(const QString &namespaceUri, const QString &name,
                                        const QString &text)
{
    XmlElement child(namespaceUri, name);
    child.appendText(text);
    return appendChild(child);
}

void XmlElement::removeChildren(QStringView namespaceUri, QStringView name)
{
    if (!d)
        return;
    d->nodes.removeIf([&](const XmlElement &n) { return n.is(namespaceUri, name); });
}

void XmlElement::clearNodes()
{
    if (d)
        d->nodes.clear();
}

QString XmlElement::text() const
{
    if (!d)
        return {};
    if (d->isText)
        return d->name;
    // Common case: a single text node; return it without copying.
    if (d->nodes.size() == 1 && d->nodes.first().isText())
        return d->nodes.first().d->name;
    QString out;
    for (const XmlElement &n : d->nodes) {
        if (n.isText())
            out += n.d->name;
    }
    return out;
}

void XmlElement::setText(const QString &text)
{
    if (!d) {
        d = new Data;
        d->isNull = false;
    }
    d->nodes.removeIf([](const XmlElement &n) { return n.isText(); });
    if (!text.isEmpty())
        d->nodes.prepend(textNode(text));
}

void XmlElement::write(QXmlStreamWriter &writer, const QString &inheritedNamespace) const
{
    if (isNull())
        return;
    if (d->isText) {
        // The writer passes a carriage return through as it is, and every parser turns it into a
        // line feed (XML 1.0 §2.11); as a character reference it survives the round trip.
        const QString text = xmlSafeText(d->name);
        qsizetype from = 0;
        for (qsizetype cr = text.indexOf(u'\r'); cr >= 0; cr = text.indexOf(u'\r', from)) {
            writer.writeCharacters(text.sliced(from, cr - from));
            writer.writeEntityReference(QStringLiteral("#13"));
            from = cr + 1;
        }
        writer.writeCharacters(from == 0 ? text : text.sliced(from));
        return;
    }
    writer.writeStartElement(d->name);
    // QXmlStreamWriter writes the URI of a namespace declaration as it is, unescaped (Qt 6.4):
    // a URI with '"', '&' or '<' in it, which a server may send as "&quot;", "&amp;" or "&lt;",
    // would come out malformed. So the declarations are written here as plain attributes, whose
    // values the writer escapes; attribute namespaces get the prefixes n1, n2, ... per element.
    if (d->namespaceUri != inheritedNamespace)
        writer.writeAttribute(QStringLiteral("xmlns"), xmlSafeText(d->namespaceUri));
    QStringList prefixed;
    for (const XmlAttribute &a : d->attributes) {
        if (a.namespaceUri.isEmpty()) {
            writer.writeAttribute(a.name, xmlSafeText(a.value));
            continue;
        }
        if (a.namespaceUri == ns::Xml) {
            writer.writeAttribute(QStringLiteral("xml:") + a.name, xmlSafeText(a.value));
            continue;
        }
        qsizetype index = prefixed.indexOf(a.namespaceUri);
        if (index < 0) {
            index = prefixed.size();
            prefixed.append(a.namespaceUri);
            writer.writeAttribute(QStringLiteral("xmlns:n%1").arg(index + 1),
                                  xmlSafeText(a.namespaceUri));
        }
        writer.writeAttribute(QStringLiteral("n%1:").arg(index + 1) + a.name, xmlSafeText(a.value));
    }
    for (const XmlElement &n : d->nodes)
        n.write(writer, d->namespaceUri);
    writer.writeEndElement();
}

QByteArray XmlElement::toXml(const QString &inheritedNamespace) const
{
    QByteArray out;
    QXmlStreamWriter writer(&out);
    write(writer, inheritedNamespace);
    return out;
}

QString XmlElement::toString(const QString &inheritedNamespace) const
{
    return QString::fromUtf8(toXml(inheritedNamespace));
}

XmlElement XmlElement::fromXml(QByteArrayView xml)
{
    QXmlStreamReader reader(xml.toByteArray());
    QList<XmlElement> stack;
    XmlElement root;
    while (!reader.atEnd()) {
        switch (reader.readNext()) {
        case QXmlStreamReader::StartElement: {
            if (stack.size() > 256)
                return {};
            XmlElement e(reader.namespaceUri().toString(), reader.name().toString());
            for (const QXmlStreamAttribute &a : reader.attributes()) {
                e.setAttribute(a.namespaceUri().toString(), a.name().toString(),
                               a.value().toString());
            }
            if (stack.isEmpty()) {
                if (!root.isNull())
                    return {};
                root = e;
            }
            stack.append(e);
            break;
        }
        case QXmlStreamReader::EndElement: {
            const XmlElement done = stack.takeLast();
            if (!stack.isEmpty())
                stack.last().appendChild(done);
            else
                root = done;
            break;
        }
        case QXmlStreamReader::Characters:
            if (!stack.isEmpty())
                stack.last().appendText(reader.text().toString());
            else if (!reader.isWhitespace())
                return {};
            break;
        case QXmlStreamReader::StartDocument:
        case QXmlStreamReader::EndDocument:
            break;
        case QXmlStreamReader::Invalid:
            return {};
        default:
            // Comments, DTDs, processing instructions: not part of XMPP.
            return {};
        }
    }
    if (reader.hasError() || !stack.isEmpty())
        return {};
    return root;
}

bool XmlElement::operator==(const XmlElement &other) const
{
    if (d == other.d)
        return true;
    if (isNull() || other.isNull())
        return isNull() == other.isNull();
    if (d->isText != other.d->isText || d->name != other.d->name ||
        d->namespaceUri != other.d->namespaceUri || d->nodes != other.d->nodes ||
        d->attributes.size() != other.d->attributes.size())
        return false;
    for (const XmlAttribute &a : d->attributes) {
        if (!other.d->attributes.contains(a))
            return false;
    }
    return true;
}

} // namespace natter
