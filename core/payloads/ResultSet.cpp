// SPDX-License-Identifier: GPL-3.0-or-later
#include "ResultSet.h"

#include "xml/Namespaces.h"

namespace natter {

namespace {

std::optional<int> number(const XmlElement &element)
{
    if (element.isNull())
        return std::nullopt;
    bool ok = false;
    const int value = element.text().trimmed().toInt(&ok);
    if (!ok || value < 0)
        return std::nullopt;
    return value;
}

std::optional<int> numberAttribute(const XmlElement &element, QStringView name)
{
    if (!element.hasAttribute(name))
        return std::nullopt;
    bool ok = false;
    const int value = element.attribute(name).trimmed().toInt(&ok);
    if (!ok || value < 0)
        return std::nullopt;
    return value;
}

std::optional<QString> text(const XmlElement &element)
{
    if (element.isNull())
        return std::nullopt;
    return element.text();
}

} // namespace

std::optional<ResultSet> ResultSet::fromElement(const XmlElement &set)
{
    if (!set.is(ns::Rsm, u"set"))
        return std::nullopt;
    ResultSet r;
    r.max = number(set.firstChild(ns::Rsm, u"max"));
    r.after = text(set.firstChild(ns::Rsm, u"after"));
    r.before = text(set.firstChild(ns::Rsm, u"before"));
    r.index = number(set.firstChild(ns::Rsm, u"index"));
    const XmlElement first = set.firstChild(ns::Rsm, u"first");
    r.first = first.text();
    r.firstIndex = numberAttribute(first, u"index");
    r.last = set.childText(ns::Rsm, u"last");
    r.count = number(set.firstChild(ns::Rsm, u"count"));
    return r;
}

XmlElement ResultSet::toElement() const
{
    XmlElement set(ns::Rsm, QStringLiteral("set"));
    if (max)
        set.appendTextChild(ns::Rsm, QStringLiteral("max"), QString::number(*max));
    if (after)
        set.appendTextChild(ns::Rsm, QStringLiteral("after"), *after);
    if (before) {
        if (before->isEmpty())
            set.appendChild(XmlElement(ns::Rsm, QStringLiteral("before")));
        else
            set.appendTextChild(ns::Rsm, QStringLiteral("before"), *before);
    }
    if (index)
        set.appendTextChild(ns::Rsm, QStringLiteral("index"), QString::number(*index));
    if (!first.isEmpty()) {
        XmlElement f(ns::Rsm, QStringLiteral("first"));
        if (firstIndex)
            f.setAttribute(QStringLiteral("index"), QString::number(*firstIndex));
        f.setText(first);
        set.appendChild(f);
    }
    if (!last.isEmpty())
        set.appendTextChild(ns::Rsm, QStringLiteral("last"), last);
    if (count)
        set.appendTextChild(ns::Rsm, QStringLiteral("count"), QString::number(*count));
    return set;
}

} // namespace natter
