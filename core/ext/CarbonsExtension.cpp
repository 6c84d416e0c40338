// SPDX-License-Identifier: GPL-3.0-or-later
#include "CarbonsExtension.h"

#include "account/Account.h"
#include "ext/DiscoExtension.h"
#include "xml/Namespaces.h"

#include <QLoggingCategory>

namespace natter {

namespace {
Q_LOGGING_CATEGORY(lcCarbons, "natter.carbons")
} // namespace

CarbonsExtension::CarbonsExtension(Account *account, DiscoExtension *disco)
    : Extension(account)
    , m_disco(disco)
{
    if (m_disco)
        connect(m_disco, &DiscoExtension::serverInfoReceived, this,
                &CarbonsExtension::onServerInfo);
}

QStringList CarbonsExtension::discoFeatures() const
{
    return {ns::Carbons};
}

void CarbonsExtension::sessionStarted(bool resumed)
{
    if (resumed) {
        // The server kept its state; only an <enable/> lost with the old connection is repeated.
        if (m_autoEnable && !m_enabled && !m_requestPending && m_disco && m_disco->serverInfo() &&
            m_disco->serverInfo()->hasFeature(ns::Carbons))
            enable();
        return;
    }
    // A new session starts with carbons off; DiscoExtension's serverInfoReceived() follows.
    ++m_generation;
    m_requestPending = false;
    if (m_enabled) {
        m_enabled = false;
        Q_EMIT enabledChanged(false);
    }
}

void CarbonsExtension::sessionEnded()
{
    ++m_generation;
    m_requestPending = false;
    if (m_enabled) {
        m_enabled = false;
        Q_EMIT enabledChanged(false);
    }
}

void CarbonsExtension::onServerInfo()
{
    if (!m_autoEnable || m_enabled || m_requestPending)
        return;
    const auto info = m_disco->serverInfo();
    if (!info || !info->hasFeature(ns::Carbons)) {
        qCInfo(lcCarbons) << "the server does not offer message carbons";
        return;
    }
    enable();
}

void CarbonsExtension::enable()
{
    sendToggle(true);
}

void CarbonsExtension::disable()
{
    sendToggle(false);
}

void CarbonsExtension::sendToggle(bool on)
{
    const quint64 generation = m_generation;
    m_requestPending = true;
    const Iq iq(Iq::Type::Set,
                XmlElement(ns::Carbons, on ? QStringLiteral("enable") : QStringLiteral("disable")));
    account()->request(iq, this, [this, on, generation](const IqResult &result) {
        if (generation != m_generation)
            return;
        m_requestPending = false;
        if (!result.ok()) {
            qCWarning(lcCarbons) << (on ? "enabling" : "disabling")
                                 << "carbons failed:" << result.errorString();
            if (result.status != IqResult::Status::Disconnected)
                Q_EMIT enableFailed(result.errorString());
            return;
        }
        qCInfo(lcCarbons) << "carbons" << (on ? "enabled" : "disabled");
        if (m_enabled != on) {
            m_enabled = on;
            Q_EMIT enabledChanged(on);
        }
    });
}

bool CarbonsExtension::handleMessage(const Message &message)
{
    const XmlElement wrapper = Carbon::findIn(message);
    if (wrapper.isNull())
        return false;
    // XEP-0280 §11: only our own server, speaking for our account, sends carbons.
    const Jid own = account()->jid().bare();
    if (!message.hasFrom() || message.from() != own) {
        qCWarning(lcCarbons) << "dropping a carbon" << wrapper.name() << "from"
                             << (message.hasFrom() ? message.element().attribute(u"from")
                                                   : QStringLiteral("(no from)"))
                             << "- carbons come only from" << own.toString();
        return true;
    }
    const std::optional<Carbon> carbon = Carbon::fromElement(wrapper);
    if (!carbon) {
        qCWarning(lcCarbons) << "dropping a carbon" << wrapper.name()
                             << "without a forwarded message";
        return true;
    }
    qCDebug(lcCarbons) << (carbon->direction == Direction::Sent ? "sent" : "received") << "carbon"
                       << carbon->forwarded.message.id();
    Q_EMIT carbonReceived(carbon->forwarded.message, carbon->direction);
    return true;
}

void CarbonsExtension::markPrivate(Message &message)
{
    XmlElement &element = message.element();
    if (!element.hasChild(ns::Carbons, u"private"))
        element.appendChild(XmlElement(ns::Carbons, QStringLiteral("private")));
    if (!element.hasChild(ns::Hints, u"no-copy"))
        element.appendChild(XmlElement(ns::Hints, QStringLiteral("no-copy")));
}

bool CarbonsExtension::isPrivate(const Message &message)
{
    return message.element().hasChild(ns::Carbons, u"private");
}

} // namespace natter
