// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QSharedDataPointer>
#include <QString>
#include <QStringView>

class QXmlStreamWriter;

namespace natter {

// One attribute of an element. Attributes without a namespace have an empty namespaceUri.
struct XmlAttribute
{
    QString namespaceUri;
    QString name;
    QString value;
    bool operator==(const XmlAttribute &) const = default;
};

// A small, implicitly shared XML element tree: the unit the stream parser produces (one per
// stanza) and the writer serialises. Elements are matched by namespace URI and local name, never
// by prefix. Mixed content is kept in order, so unknown payloads survive a round trip verbatim.
//
// We use this instead of QDomElement because building a QDomDocument per stanza costs several
// times the parse itself, and QDom offers no cheap value semantics; see DESIGN.md.
class XmlElement
{
public:
    XmlElement();
    XmlElement(const QString &namespaceUri, const QString &name);
    XmlElement(const XmlElement &);
    XmlElement(XmlElement &&) noexcept;
    XmlElement &operator=(const XmlElement &);
    XmlElement &operator=(XmlElement &&) noexcept;
    ~XmlElement();

    // A text node (only found among nodes()).
    static XmlElement textNode(const QString &text);

    bool isNull() const;
    bool isText() const;
    const QString &namespaceUri() const;
    const QString &name() const;
    bool is(QStringView namespaceUri, QStringView name) const;

    // Attributes
    const QList<XmlAttribute> &attributes() const;
    bool hasAttribute(QStringView name) const;
    QString attribute(QStringView name) const;
    QString attribute(QStringView namespaceUri, QStringView name) const;
    // Sets (or, for an empty value, keeps an empty) attribute.
    XmlElement &setAttribute(const QString &name, const QString &value);
    XmlElement &setAttribute(const QString &namespaceUri, const QString &name,
                             const QString &value);
    // Sets the attribute only when value is not empty, removes it otherwise.
    XmlElement &setAttributeIfNotEmpty(const QString &name, const QString &value);
    void removeAttribute(QStringView name);

    // Children
    const QList<XmlElement> &nodes() const; // elements and text nodes, in document order
    QList<XmlElement> children() const;     // element children only
    QList<XmlElement> children(QStringView namespaceUri, QStringView name) const;
    XmlElement firstChild() const; // first element child, or null
    XmlElement firstChild(QStringView namespaceUri, QStringView name) const;
    bool hasChild(QStringView namespaceUri, QStringView name) const;
    // Text of the first matching child, or an empty string.
    QString childText(QStringView namespaceUri, QStringView name) const;

    XmlElement &appendChild(const XmlElement &child);
    XmlElement &appendText(const QString &text);
    // Appends <name xmlns=namespaceUri>text</name> and returns *this.
    XmlElement &appendTextChild(const QString &namespaceUri, const QString &name,
                                const QString &text);
    // Removes all element children with this namespace and name.
    void removeChildren(QStringView namespaceUri, QStringView name);
    void clearNodes();

    // Concatenated text of the direct text nodes.
    QString text() const;
    void setText(const QString &text);

    // Serialisation. inheritedNamespace is the default namespace in effect around the element
    // (for a stanza inside <stream:stream>: "jabber:client"); it is not repeated.
    void write(QXmlStreamWriter &writer, const QString &inheritedNamespace = {}) const;
    QByteArray toXml(const QString &inheritedNamespace = {}) const;
    QString toString(const QString &inheritedNamespace = {}) const;

    // Parses one complete element (used for tests and stored data). Returns a null element when
    // the input is not exactly one well-formed element.
    static XmlElement fromXml(QByteArrayView xml);

    // Structural equality: namespace, name, attributes (in any order) and nodes.
    bool operator==(const XmlElement &other) const;

private:
    struct Data;
    QSharedDataPointer<Data> d;
};

// Removes characters that XML 1.0 does not allow (control characters, lone surrogates,
// U+FFFE/U+FFFF) so that user input can never make us emit a not-well-formed stream.
QString xmlSafeText(const QString &text);

} // namespace natter
