// SPDX-License-Identifier: GPL-3.0-or-later
#include "DiscoInfo.h"

#include "xml/Namespaces.h"

namespace natter {

bool DiscoInfo::hasFeature(const QString &feature) const
{
    return features.contains(feature);
}

bool DiscoInfo::hasIdentity(const QString &category, const QString &type) const
{
    for (const DiscoIdentity &identity : identities) {
        if (identity.category == category && identity.type == type)
            return true;
    }
    return false;
}

XmlElement DiscoInfo::extension(const QString &formType) const
{
    for (const XmlElement &form : extensions) {
        for (const XmlElement &field : form.children(ns::DataForms, u"field")) {
            if (field.attribute(u"var") == u"FORM_TYPE" &&
                field.childText(ns::DataForms, u"value") == formType)
                return form;
        }
    }
    return {};
}

std::optional<DiscoInfo> DiscoInfo::fromElement(const XmlElement &query)
{
    if (!query.is(ns::DiscoInfo, u"query"))
        return std::nullopt;
    DiscoInfo info;
    info.node = query.attribute(u"node");
    for (const XmlElement &child : query.children()) {
        if (child.is(ns::DiscoInfo, u"identity")) {
            DiscoIdentity identity{child.attribute(u"category"), child.attribute(u"type"),
                                   child.attribute(u"name"), child.attribute(ns::Xml, u"lang")};
            if (!identity.category.isEmpty() && !identity.type.isEmpty() &&
                !info.identities.contains(identity))
                info.identities.append(identity);
        } else if (child.is(ns::DiscoInfo, u"feature")) {
            const QString var = child.attribute(u"var");
            if (!var.isEmpty() && !info.features.contains(var))
                info.features.append(var);
        } else if (child.is(ns::DataForms, u"x")) {
            info.extensions.append(child);
        }
    }
    return info;
}

XmlElement DiscoInfo::toElement() const
{
    XmlElement query(ns::DiscoInfo, QStringLiteral("query"));
    query.setAttributeIfNotEmpty(QStringLiteral("node"), node);
    for (const DiscoIdentity &identity : identities) {
        XmlElement e(ns::DiscoInfo, QStringLiteral("identity"));
        e.setAttribute(QStringLiteral("category"), identity.category);
        e.setAttribute(QStringLiteral("type"), identity.type);
        e.setAttributeIfNotEmpty(QStringLiteral("name"), identity.name);
        if (!identity.lang.isEmpty())
            e.setAttribute(ns::Xml, QStringLiteral("lang"), identity.lang);
        query.appendChild(e);
    }
    for (const QString &feature : features) {
        XmlElement e(ns::DiscoInfo, QStringLiteral("feature"));
        e.setAttribute(QStringLiteral("var"), feature);
        query.appendChild(e);
    }
    for (const XmlElement &form : extensions)
        query.appendChild(form);
    return query;
}

} // namespace natter
