// SPDX-License-Identifier: GPL-3.0-or-later
#include "RosterPreparer.h"

#include "account/Account.h"
#include "ext/PresenceExtension.h"
#include "ext/RosterExtension.h"
#include "ext/SubscriptionExtension.h"

#include <QLoggingCategory>

using namespace Qt::StringLiterals;

namespace natter::demo {

Q_LOGGING_CATEGORY(lcRosterPreparer, "natter.demo.roster")

RosterPreparer::RosterPreparer(const ConnectionSettings &user, const QList<DemoPersona> &contacts,
                               QObject *parent)
    : QObject(parent)
    , m_contacts(contacts)
    , m_account(new Account(this))
{
    ConnectionSettings s = user;
    s.jid = user.jid.bare().withResource(u"demo-setup"_s);
    m_account->setSettings(s);
    m_account->setAutoReconnect(false);
    m_ext = StandardExtensions::install(m_account);
    // Initial presence goes out right behind the roster get (the default): subscription requests
    // reach only available resources (RFC 6121 §3.1.3), and ours must be answered.

    connect(m_ext.roster, &RosterExtension::loaded, this, &RosterPreparer::onRosterLoaded);
    connect(m_ext.roster, &RosterExtension::fetchFailed, this, [this](const QString &reason) {
        fail(u"the roster of %1 cannot be loaded: %2"_s.arg(m_account->jid().bareString(), reason));
    });
    connect(m_ext.roster, &RosterExtension::itemAdded, this, &RosterPreparer::checkDone);
    connect(m_ext.roster, &RosterExtension::itemChanged, this, &RosterPreparer::checkDone);
    connect(m_ext.subscriptions, &SubscriptionExtension::subscriptionRequested, this,
            [this](const Jid &from) {
                for (const DemoPersona &p : std::as_const(m_contacts)) {
                    if (jidOf(p) == from.bare()) {
                        m_ext.subscriptions->approve(from.bare());
                        return;
                    }
                }
            });
    connect(m_account, &Account::disconnected, this, [this](const ConnectionError &error) {
        if (m_done)
            Q_EMIT finished();
        else if (error.isError())
            fail(u"%1 cannot sign in: %2"_s.arg(m_account->settings().jid.bareString(),
                                                error.message()));
    });

    m_timeout.setSingleShot(true);
    m_timeout.setInterval(TimeoutMs);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        QStringList missing;
        for (const DemoPersona &p : std::as_const(m_contacts)) {
            if (isPrepared(p))
                continue;
            const auto item = m_ext.roster->item(jidOf(p));
            missing.append(u"%1 (%2)"_s.arg(jidOf(p).toString(),
                                            item ? RosterItem::subscriptionName(item->subscription)
                                                 : u"not in the roster"_s));
        }
        fail(u"the subscriptions did not complete within %1 s: %2"_s.arg(TimeoutMs / 1000)
                 .arg(missing.join(u", "_s)));
    });
}

Jid RosterPreparer::jidOf(const DemoPersona &persona) const
{
    return Jid::fromParts(persona.user, m_account->settings().jid.domainpart());
}

void RosterPreparer::start()
{
    m_timeout.start();
    m_account->connectToServer();
}

void RosterPreparer::contactsAvailable()
{
    m_contactsAvailable = true;
    sendRequests();
}

void RosterPreparer::onRosterLoaded()
{
    m_rosterLoaded = true;
    sendRequests();
    checkDone();
}

void RosterPreparer::sendRequests()
{
    if (m_requested || !m_rosterLoaded || !m_contactsAvailable || m_done)
        return;
    m_requested = true;
    for (const DemoPersona &p : std::as_const(m_contacts)) {
        const Jid jid = jidOf(p);
        const auto item = m_ext.roster->item(jid);
        const QStringList groups{p.group};
        if (!item || item->name != p.name || item->groups != groups) {
            RosterItem wanted;
            wanted.jid = jid;
            wanted.name = p.name;
            wanted.groups = groups;
            m_ext.roster->addOrUpdate(wanted, this, [this, jid](const IqResult &result) {
                if (!result.ok()) {
                    fail(u"%1 cannot be added to the roster: %2"_s.arg(jid.toString(),
                                                                       result.errorString()));
                }
            });
        }
        // Ask to see their presence; each contact approves and asks back, and we approve that.
        if (!item || (!item->isSubscribedTo() && !item->askSubscribe))
            m_ext.subscriptions->subscribe(jid);
    }
    qCInfo(lcRosterPreparer) << "asked" << m_contacts.size() << "contacts for their presence";
}

bool RosterPreparer::isPrepared(const DemoPersona &persona) const
{
    const auto item = m_ext.roster->item(jidOf(persona));
    return item && item->subscription == RosterItem::Subscription::Both &&
           item->name == persona.name && item->groups == QStringList{persona.group};
}

void RosterPreparer::checkDone()
{
    if (m_done || !m_requested)
        return;
    for (const DemoPersona &p : std::as_const(m_contacts)) {
        if (!isPrepared(p))
            return;
    }
    m_done = true;
    m_timeout.stop();
    qCInfo(lcRosterPreparer) << "roster prepared; signing out";
    if (m_ext.presence->isAvailable())
        m_ext.presence->goUnavailable();
    m_account->disconnectFromServer();
}

void RosterPreparer::fail(const QString &reason)
{
    if (m_done)
        return;
    m_done = true; // no second report
    m_timeout.stop();
    disconnect(m_account, nullptr, this, nullptr);
    m_account->disconnectFromServer();
    Q_EMIT failed(reason);
}

} // namespace natter::demo
