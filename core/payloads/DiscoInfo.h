// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "xml/XmlElement.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace natter {

// One <identity/> of a disco#info answer (XEP-0030 §3.1). category and type are required; name
// and lang (xml:lang) are optional.
struct DiscoIdentity
{
    QString category;
    QString type;
    QString name;
    QString lang;
    bool operator==(const DiscoIdentity &) const = default;
};

// <query xmlns='http://jabber.org/protocol/disco#info'/> (XEP-0030): what an entity is and what
// it supports, with XEP-0128 extended information (data forms) kept verbatim.
struct DiscoInfo
{
    QString node;
    QList<DiscoIdentity> identities;
    QStringList features;
    QList<XmlElement> extensions; // XEP-0128 data forms (jabber:x:data <x/>) kept verbatim

    bool hasFeature(const QString &feature) const;
    bool hasIdentity(const QString &category, const QString &type) const;
    // The <x/> form whose hidden FORM_TYPE field has this value (XEP-0128), or a null element.
    XmlElement extension(const QString &formType) const;

    // Reads a disco#info <query/>. Identities without category or type and features without var
    // are skipped (XEP-0030 requires them), duplicate features are dropped. std::nullopt if the
    // element is not a disco#info query.
    static std::optional<DiscoInfo> fromElement(const XmlElement &query);
    XmlElement toElement() const;

    bool operator==(const DiscoInfo &) const = default;
};

} // namespace natter
