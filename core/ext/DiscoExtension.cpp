// SPDX-License-Identifier: GPL-3.0-or-later
#include "DiscoExtension.h"

#include "account/Account.h"
#include "xml/Namespaces.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcDisco, "natter.disco")

namespace natter {

DiscoExtension::DiscoExtension(Account *account)
    : Extension(account)
{}

QStringList DiscoExtension::discoFeatures() const
{
    return {ns::DiscoInfo, ns::DiscoItems};
}

DiscoInfo DiscoExtension::ownInfo(const QString &node) const
{
    DiscoInfo info;
    info.node = node;
    info.identities.append(DiscoIdentity{
        QStringLiteral("client"), QStringLiteral("pc"), QStringLiteral("Natter"), {}});
    info.features = account()->discoFeatures();
    return info;
}

void DiscoExtension::addInfoNode(const QString &node)
{
    m_infoNodes.insert(node);
}

void DiscoExtension::removeInfoNode(const QString &node)
{
    m_infoNodes.remove(node);
}

std::optional<IqReply> DiscoExtension::handleIq(const Iq &iq)
{
    if (iq.type() != Iq::Type::Get)
        return std::nullopt;
    const XmlElement query = iq.payload();
    const QString node = query.attribute(u"node");
    if (query.is(ns::DiscoInfo, u"query")) {
        if (!node.isEmpty() && !m_infoNodes.contains(node))
            return StanzaError(StanzaError::Type::Cancel, StanzaError::Condition::ItemNotFound);
        return ownInfo(node).toElement();
    }
    if (query.is(ns::DiscoItems, u"query")) {
        // We host no items; only the root node exists.
        if (!node.isEmpty())
            return StanzaError(StanzaError::Type::Cancel, StanzaError::Condition::ItemNotFound);
        return XmlElement(ns::DiscoItems, QStringLiteral("query"));
    }
    return std::nullopt;
}

void DiscoExtension::requestInfo(const Jid &jid, QObject *context, InfoCallback callback,
                                 const QString &node)
{
    XmlElement query(ns::DiscoInfo, QStringLiteral("query"));
    query.setAttributeIfNotEmpty(QStringLiteral("node"), node);
    Iq iq(Iq::Type::Get, query);
    iq.setTo(jid.isNull() ? account()->jid().domain() : jid);
    account()->request(iq, context, [callback = std::move(callback), jid](const IqResult &result) {
        if (!result.ok()) {
            qCDebug(lcDisco) << "disco#info to" << jid.toString()
                             << "failed:" << result.errorString();
            callback(std::nullopt, result.errorString());
            return;
        }
        std::optional<DiscoInfo> info = DiscoInfo::fromElement(result.payload());
        if (!info) {
            qCWarning(lcDisco) << "disco#info answer from" << jid.toString()
                               << "without a disco#info query";
            callback(std::nullopt, tr("The answer was not understood."));
            return;
        }
        callback(std::move(info), QString());
    });
}

void DiscoExtension::sessionStarted(bool resumed)
{
    // A resumed session is the same session: what we learnt still holds, unless it never
    // completed.
    if (resumed && m_discoveryDone)
        return;
    ++m_generation;
    m_serverInfo.reset();
    m_accountInfo.reset();
    m_discoveryDone = false;
    m_discoveryPending = 0;
    if (m_autoDiscover)
        discover();
}

void DiscoExtension::sessionEnded()
{
    // Outstanding answers belong to the session that ended.
    ++m_generation;
    m_discoveryPending = 0;
}

void DiscoExtension::discover()
{
    const Jid own = account()->jid();
    m_discoveryPending = 2;
    fetch(own.domain(), &DiscoExtension::m_serverInfo);
    fetch(own.bare(), &DiscoExtension::m_accountInfo);
}

void DiscoExtension::fetch(const Jid &jid, std::optional<DiscoInfo> DiscoExtension::*target)
{
    const quint64 generation = m_generation;
    Iq iq(Iq::Type::Get, XmlElement(ns::DiscoInfo, QStringLiteral("query")));
    iq.setTo(jid);
    account()->request(iq, this, [this, generation, target, jid](const IqResult &result) {
        // A disconnect ends the session: the next one asks again.
        if (generation != m_generation || result.status == IqResult::Status::Disconnected)
            return;
        if (result.ok())
            this->*target = DiscoInfo::fromElement(result.payload());
        if (!(this->*target)) {
            qCInfo(lcDisco) << "no disco#info from" << jid.toString() << result.errorString();
        }
        discovered();
    });
}

void DiscoExtension::discovered()
{
    if (--m_discoveryPending > 0)
        return;
    m_discoveryDone = true;
    qCDebug(lcDisco) << "server features:"
                     << (m_serverInfo ? m_serverInfo->features : QStringList())
                     << "account features:"
                     << (m_accountInfo ? m_accountInfo->features : QStringList());
    Q_EMIT serverInfoReceived();
}

} // namespace natter
