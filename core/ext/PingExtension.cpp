// SPDX-License-Identifier: GPL-3.0-or-later
#include "PingExtension.h"

#include "account/Account.h"
#include "xml/Namespaces.h"

#include <QElapsedTimer>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcPing, "natter.ping")

namespace natter {

PingExtension::PingExtension(Account *account)
    : Extension(account)
{
    m_idleTimer.setSingleShot(true);
    connect(&m_idleTimer, &QTimer::timeout, this, &PingExtension::onIdle);
    // Every stanza the server sends proves the connection alive.
    connect(account->transport(), &StanzaTransport::stanzaReceived, this,
            &PingExtension::onActivity);
}

QStringList PingExtension::discoFeatures() const
{
    return {ns::Ping};
}

std::optional<IqReply> PingExtension::handleIq(const Iq &iq)
{
    if (iq.type() == Iq::Type::Get && iq.payload().is(ns::Ping, u"ping"))
        return XmlElement(); // an empty result
    return std::nullopt;
}

void PingExtension::ping(const Jid &to, QObject *context, PingCallback callback)
{
    Iq iq(Iq::Type::Get, XmlElement(ns::Ping, QStringLiteral("ping")));
    iq.setTo(to.isNull() ? account()->jid().domain() : to);
    QElapsedTimer clock;
    clock.start();
    account()->request(iq, context, [callback = std::move(callback), clock](const IqResult &r) {
        switch (r.status) {
        case IqResult::Status::Result:
            callback(true, clock.elapsed(), QString());
            return;
        case IqResult::Status::Error:
            callback(false, clock.elapsed(), r.errorString());
            return;
        case IqResult::Status::Timeout:
        case IqResult::Status::Disconnected:
            callback(false, -1, r.errorString());
            return;
        }
    });
}

void PingExtension::setKeepalive(std::chrono::milliseconds interval,
                                 std::chrono::milliseconds timeout)
{
    m_interval = interval;
    m_timeout = timeout;
    restartIdleTimer();
}

void PingExtension::sessionStarted(bool resumed)
{
    Q_UNUSED(resumed);
    m_probing = false;
    restartIdleTimer();
}

void PingExtension::sessionEnded()
{
    m_idleTimer.stop();
    m_probing = false;
}

void PingExtension::restartIdleTimer()
{
    if (m_interval.count() > 0 && account()->isOnline())
        m_idleTimer.start(m_interval);
    else
        m_idleTimer.stop();
}

void PingExtension::onActivity()
{
    ++m_activity;
    if (m_idleTimer.isActive())
        m_idleTimer.start(m_interval);
}

void PingExtension::onIdle()
{
    if (!account()->isOnline() || m_probing)
        return;
    qCDebug(lcPing) << "nothing received for" << m_interval.count() << "ms; pinging the server";
    probe(m_timeout);
}

void PingExtension::probeNow(std::chrono::milliseconds timeout)
{
    if (!account()->isOnline() || m_probing)
        return;
    qCDebug(lcPing) << "checking the connection with a ping";
    probe(timeout);
}

void PingExtension::probe(std::chrono::milliseconds timeout)
{
    m_probing = true;
    const quint64 activityBefore = m_activity;
    Iq iq(Iq::Type::Get, XmlElement(ns::Ping, QStringLiteral("ping")));
    iq.setTo(account()->jid().domain());
    account()->request(
        iq, this,
        [this, activityBefore, timeout](const IqResult &result) {
            m_probing = false;
            if (result.status == IqResult::Status::Disconnected)
                return;
            if (result.status == IqResult::Status::Timeout && m_activity == activityBefore) {
                qCWarning(lcPing) << "no answer to the ping within" << timeout.count()
                                  << "ms; dropping the connection";
                ConnectionError error(ConnectionError::Kind::ConnectionLost);
                error.text = tr("The server stopped answering.");
                account()->transport()->abort(error);
                return;
            }
            // Any answer, or other traffic meanwhile, shows the server alive.
            restartIdleTimer();
        },
        timeout);
}

} // namespace natter
