// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: XmlElement::fromXml() and the serialisation round trip.
//
// Invariants, for every input fromXml() accepts:
//   - fromXml(toXml(e)) == e: what we write, we read back unchanged;
//   - toXml() of that re-parsed element is byte-identical (the writer is deterministic);
//   - with the element's own namespace given as inherited, toXml() leaves out the declaration
//     but writes the same tree (checked by parsing it inside a wrapper declaring that namespace);
//   - the accessors agree with each other (children() vs nodes(), text() vs the text nodes).
#include "FuzzSupport.h"

#include "xml/XmlElement.h"

using natter::XmlElement;
using natter::fuzz::quoted;

namespace {

void exerciseAccessors(const XmlElement &element, int depth)
{
    if (depth > 300)
        return;
    qsizetype elements = 0;
    QString text;
    for (const XmlElement &node : element.nodes()) {
        FUZZ_CHECK(!node.isNull(), "a null node in nodes()");
        if (node.isText()) {
            text += node.text();
            FUZZ_CHECK(node.name().isEmpty(), "a text node with a name");
            continue;
        }
        ++elements;
        FUZZ_CHECK(element.hasChild(node.namespaceUri(), node.name()), "hasChild() missed a child");
        FUZZ_CHECK(!element.firstChild(node.namespaceUri(), node.name()).isNull(),
                   "firstChild() missed a child");
        exerciseAccessors(node, depth + 1);
    }
    FUZZ_CHECK(element.children().size() == elements, "children() disagrees with nodes()");
    FUZZ_CHECK(element.text() == text, "text() disagrees with the text nodes");
    for (const natter::XmlAttribute &a : element.attributes()) {
        FUZZ_CHECK(element.attribute(a.namespaceUri, a.name) == a.value,
                   "attribute() disagrees with attributes()");
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    natter::fuzz::quietQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const XmlElement element = XmlElement::fromXml(input);
    if (element.isNull())
        return 0;
    FUZZ_CHECK(!element.isText(), "fromXml() returned a text node");
    exerciseAccessors(element, 0);

    const QByteArray xml = element.toXml();
    const XmlElement again = XmlElement::fromXml(xml);
    FUZZ_CHECK(!again.isNull(),
               "our own output does not parse: " + quoted(xml) + "\n  input: " + quoted(input));
    FUZZ_CHECK(again == element, "the round trip changed the element: " + quoted(xml) +
                                     "\n  re-serialised: " + quoted(again.toXml()) +
                                     "\n  input: " + quoted(input));
    FUZZ_CHECK(again.toXml() == xml, "the writer is not deterministic: " + quoted(xml) +
                                         "\n  then: " + quoted(again.toXml()));

    // Written inside a parent that already declares the namespace (as stanzas are written inside
    // <stream:stream xmlns='jabber:client'>).
    const QString inherited = element.namespaceUri();
    const QByteArray inner = element.toXml(inherited);
    QByteArray wrapped = "<w xmlns='";
    wrapped +=
        inherited.toUtf8().replace('&', "&amp;").replace('\'', "&apos;").replace('<', "&lt;");
    wrapped += "'>" + inner + "</w>";
    const XmlElement wrapper = XmlElement::fromXml(wrapped);
    FUZZ_CHECK(!wrapper.isNull(), "inherited-namespace output does not parse: " + quoted(wrapped));
    FUZZ_CHECK(wrapper.nodes().size() == 1 && wrapper.nodes().first() == element,
               "the inherited-namespace round trip changed the element: " + quoted(wrapped) +
                   "\n  input: " + quoted(input));
    return 0;
}
