// SPDX-License-Identifier: GPL-3.0-or-later
#include "VersionExtension.h"

#include "account/Account.h"
#include "xml/Namespaces.h"

#include <QLoggingCategory>
#include <QSysInfo>

Q_LOGGING_CATEGORY(lcVersion, "natter.version")

namespace natter {

VersionExtension::VersionExtension(Account *account)
    : Extension(account)
{}

QStringList VersionExtension::discoFeatures() const
{
    return {ns::Version};
}

SoftwareVersion VersionExtension::ownVersion() const
{
    SoftwareVersion v;
    v.name = QStringLiteral("Natter");
    v.version = QStringLiteral(NATTER_VERSION);
    if (m_shareOs)
        v.os = QSysInfo::prettyProductName();
    return v;
}

std::optional<IqReply> VersionExtension::handleIq(const Iq &iq)
{
    if (iq.type() != Iq::Type::Get || !iq.payload().is(ns::Version, u"query"))
        return std::nullopt;
    qCDebug(lcVersion) << "version asked by" << iq.from().toString();
    return ownVersion().toElement();
}

void VersionExtension::requestVersion(const Jid &to, QObject *context, VersionCallback callback)
{
    Iq iq(Iq::Type::Get, XmlElement(ns::Version, QStringLiteral("query")));
    iq.setTo(to.isNull() ? account()->jid().domain() : to);
    account()->request(iq, context, [callback = std::move(callback), to](const IqResult &result) {
        if (!result.ok()) {
            callback(std::nullopt, result.errorString());
            return;
        }
        std::optional<SoftwareVersion> version = SoftwareVersion::fromElement(result.payload());
        if (!version) {
            qCWarning(lcVersion) << "version answer from" << to.toString() << "without a query";
            callback(std::nullopt, tr("The answer was not understood."));
            return;
        }
        callback(std::move(version), QString());
    });
}

} // namespace natter
