// SPDX-License-Identifier: GPL-3.0-or-later
#include "InvisibleExtension.h"

#include "account/Account.h"
#include "ext/DiscoExtension.h"

#include <QLoggingCategory>

namespace natter {

namespace {
Q_LOGGING_CATEGORY(lcInvisible, "natter.invisible")
} // namespace

const QString InvisibleExtension::Namespace = QStringLiteral("urn:xmpp:invisible:0");

InvisibleExtension::InvisibleExtension(Account *account, DiscoExtension *disco)
    : Extension(account)
    , m_disco(disco)
{
    if (m_disco) {
        connect(m_disco, &DiscoExtension::serverInfoReceived, this,
                &InvisibleExtension::onServerInfo);
    }
}

void InvisibleExtension::setInvisible(bool invisible, QObject *context, IqCallback callback)
{
    // XEP-0186 §3: an IQ-set without 'to', handled by our own server.
    const XmlElement payload(Namespace,
                             invisible ? QStringLiteral("invisible") : QStringLiteral("visible"));
    const quint64 generation = m_generation;
    QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    account()->request(Iq(Iq::Type::Set, payload), this,
                       [this, invisible, generation, guard, hasContext,
                        callback = std::move(callback)](const IqResult &result) {
                           if (result.ok() && generation == m_generation)
                               setInvisibleState(invisible);
                           if (!result.ok()) {
                               qCInfo(lcInvisible)
                                   << (invisible ? "becoming invisible" : "becoming visible")
                                   << "failed:" << result.errorString();
                           }
                           if (callback && (!hasContext || guard))
                               callback(result);
                       });
}

void InvisibleExtension::sessionStarted(bool resumed)
{
    if (resumed)
        return; // XEP-0198: the same session goes on, invisible or not
    ++m_generation;
    m_supportKnown = false;
    setInvisibleState(false);
}

void InvisibleExtension::sessionEnded()
{
    ++m_generation;
    setInvisibleState(false);
}

void InvisibleExtension::onServerInfo()
{
    const std::optional<DiscoInfo> info = m_disco->serverInfo();
    // A failed disco#info leaves what an earlier session learnt: the server did not say no.
    if (info)
        setSupported(info->hasFeature(Namespace));
    m_supportKnown = true;
    qCDebug(lcInvisible) << "server supports invisibility:" << m_supported;
    Q_EMIT supportKnown(m_supported);
}

void InvisibleExtension::setSupported(bool supported)
{
    if (m_supported == supported)
        return;
    m_supported = supported;
    Q_EMIT supportChanged(supported);
}

void InvisibleExtension::setInvisibleState(bool invisible)
{
    if (m_invisible == invisible)
        return;
    m_invisible = invisible;
    Q_EMIT invisibleChanged(invisible);
}

} // namespace natter
