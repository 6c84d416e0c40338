// SPDX-License-Identifier: GPL-3.0-or-later
#include "MamQuery.h"

#include "payloads/Delay.h"
#include "xml/Namespaces.h"

namespace natter {

namespace {

XmlElement field(const QString &var, const QString &value, const QString &type = {})
{
    XmlElement f(ns::DataForms, QStringLiteral("field"));
    f.setAttribute(QStringLiteral("var"), var);
    f.setAttributeIfNotEmpty(QStringLiteral("type"), type);
    f.appendTextChild(ns::DataForms, QStringLiteral("value"), value);
    return f;
}

} // namespace

std::optional<MamQuery> MamQuery::fromElement(const XmlElement &query)
{
    if (!query.is(ns::Mam, u"query"))
        return std::nullopt;
    MamQuery result;
    result.queryId = query.attribute(u"queryid");
    result.node = query.attribute(u"node");
    const XmlElement form = query.firstChild(ns::DataForms, u"x");
    for (const XmlElement &f : form.children(ns::DataForms, u"field")) {
        const QString var = f.attribute(u"var");
        const QString value = f.childText(ns::DataForms, u"value");
        if (var == u"FORM_TYPE") {
            if (value != ns::Mam)
                return std::nullopt;
        } else if (var == u"with") {
            result.with = Jid::fromString(value);
            if (result.with.isNull())
                return std::nullopt;
        } else if (var == u"start" || var == u"end") {
            const QDateTime time = Delay::parseDateTime(value);
            if (!time.isValid())
                return std::nullopt;
            (var == u"start" ? result.start : result.end) = time;
        }
    }
    const XmlElement set = query.firstChild(ns::Rsm, u"set");
    if (!set.isNull())
        result.resultSet = ResultSet::fromElement(set);
    return result;
}

XmlElement MamQuery::toElement() const
{
    XmlElement query(ns::Mam, QStringLiteral("query"));
    query.setAttributeIfNotEmpty(QStringLiteral("queryid"), queryId);
    query.setAttributeIfNotEmpty(QStringLiteral("node"), node);
    if (!with.isNull() || start.isValid() || end.isValid()) {
        XmlElement form(ns::DataForms, QStringLiteral("x"));
        form.setAttribute(QStringLiteral("type"), QStringLiteral("submit"));
        form.appendChild(field(QStringLiteral("FORM_TYPE"), ns::Mam, QStringLiteral("hidden")));
        if (!with.isNull())
            form.appendChild(field(QStringLiteral("with"), with.toString()));
        if (start.isValid())
            form.appendChild(field(QStringLiteral("start"), Delay::formatDateTime(start)));
        if (end.isValid())
            form.appendChild(field(QStringLiteral("end"), Delay::formatDateTime(end)));
        query.appendChild(form);
    }
    if (resultSet)
        query.appendChild(resultSet->toElement());
    return query;
}

} // namespace natter
