// SPDX-License-Identifier: GPL-3.0-or-later
#include "RosterService.h"

#include "account/Account.h"
#include "ext/RosterExtension.h"
#include "ext/SubscriptionExtension.h"
#include "xml/Namespaces.h"

#include <QLoggingCategory>
#include <QPointer>

namespace natter {

namespace {
Q_LOGGING_CATEGORY(lcRosterService, "natter.roster.service")

// Runs done with the outcome of a roster set while context (if any) lives.
IqCallback finish(QObject *context, RosterService::Done done)
{
    QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    return [guard, hasContext, done = std::move(done)](const IqResult &result) {
        if (done && (!hasContext || guard))
            done(result.ok() ? QString() : result.errorString());
    };
}
} // namespace

RosterService::RosterService(RosterExtension *roster, SubscriptionExtension *subscriptions,
                             QObject *parent)
    : QObject(parent)
    , m_roster(roster)
    , m_subscriptions(subscriptions)
{
    connect(m_roster, &RosterExtension::loaded, this, &RosterService::contactsChanged);
    connect(m_roster, &RosterExtension::itemAdded, this, &RosterService::contactsChanged);
    connect(m_roster, &RosterExtension::itemChanged, this, &RosterService::contactsChanged);
    connect(m_roster, &RosterExtension::itemRemoved, this, [this](const Jid &jid) {
        m_approveOnRequest.remove(jid);
        Q_EMIT contactsChanged();
    });
    connect(m_subscriptions, &SubscriptionExtension::pendingRequestsChanged, this,
            &RosterService::pendingRequestsChanged);
    connect(m_subscriptions, &SubscriptionExtension::subscriptionRequested, this,
            &RosterService::onSubscriptionRequested);
}

RosterService::Contact RosterService::toContact(const RosterItem &item)
{
    Contact contact;
    contact.jid = item.jid;
    contact.name = item.name;
    contact.groups = item.groups;
    contact.theySeeUs = item.isSubscribedFrom();
    contact.weSeeThem = item.isSubscribedTo();
    contact.requestPending = item.askSubscribe;
    return contact;
}

bool RosterService::contains(const Jid &jid) const
{
    return !jid.isNull() && m_roster->contains(jid.bare());
}

std::optional<RosterService::Contact> RosterService::contact(const Jid &jid) const
{
    if (jid.isNull())
        return std::nullopt;
    const std::optional<RosterItem> item = m_roster->item(jid.bare());
    if (!item)
        return std::nullopt;
    return toContact(*item);
}

QString RosterService::displayName(const Jid &jid) const
{
    if (jid.isNull())
        return {};
    const std::optional<RosterItem> item = m_roster->item(jid.bare());
    if (item && !item->name.trimmed().isEmpty())
        return item->name;
    return jid.bareString();
}

QStringList RosterService::groups() const
{
    return m_roster->groups();
}

bool RosterService::serverOffersPreApproval() const
{
    // Extensions are children of the account that owns them.
    const auto *account = qobject_cast<const Account *>(m_subscriptions->parent());
    return account && account->session().hasFeature(ns::PreApproval, QStringLiteral("sub"));
}

void RosterService::addContact(const Jid &jid, const QString &name, const QStringList &groups,
                               bool requestPresence, QObject *context, Done done)
{
    RosterItem item;
    item.jid = jid.bare();
    item.name = name.trimmed();
    item.groups = RosterItem::normalizedGroups(groups);
    QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    // The subscription steps follow the server's answer even if the asking window is gone.
    m_roster->addOrUpdate(
        item, this,
        [this, bare = item.jid, requestPresence, guard, hasContext,
         done = std::move(done)](const IqResult &result) {
            if (result.ok() && requestPresence) {
                const std::optional<RosterItem> existing = m_roster->item(bare);
                const bool weSeeThem = existing && existing->isSubscribedTo();
                const bool theySeeUs = existing && existing->isSubscribedFrom();
                if (!weSeeThem)
                    m_subscriptions->subscribe(bare);
                if (!theySeeUs) {
                    if (m_subscriptions->hasPendingRequest(bare) || serverOffersPreApproval())
                        m_subscriptions->approve(bare); // answer, or pre-approve (§3.4)
                    m_approveOnRequest.insert(bare);
                }
            }
            if (!result.ok())
                qCInfo(lcRosterService)
                    << "adding" << bare.toString() << "failed:" << result.errorString();
            if (done && (!hasContext || guard))
                done(result.ok() ? QString() : result.errorString());
        });
}

void RosterService::renameContact(const Jid &jid, const QString &name, QObject *context, Done done)
{
    m_roster->rename(jid.bare(), name.trimmed(), this, finish(context, std::move(done)));
}

void RosterService::setGroups(const Jid &jid, const QStringList &groups, QObject *context,
                              Done done)
{
    m_roster->setGroups(jid.bare(), groups, this, finish(context, std::move(done)));
}

void RosterService::removeContact(const Jid &jid, QObject *context, Done done)
{
    m_roster->remove(jid.bare(), this, finish(context, std::move(done)));
}

void RosterService::requestSubscription(const Jid &jid)
{
    m_subscriptions->subscribe(jid.bare());
}

void RosterService::approveSubscription(const Jid &jid)
{
    m_subscriptions->approve(jid.bare());
}

void RosterService::denySubscription(const Jid &jid)
{
    m_approveOnRequest.remove(jid.bare());
    m_subscriptions->deny(jid.bare());
}

void RosterService::cancelSubscription(const Jid &jid)
{
    m_subscriptions->unsubscribe(jid.bare());
}

void RosterService::acceptRequest(const Jid &jid)
{
    const Jid bare = jid.bare();
    m_subscriptions->approve(bare);
    // Not a contact yet: asking for theirs makes the server add them (RFC 6121 §3.1.2).
    if (!m_roster->contains(bare))
        m_subscriptions->subscribe(bare);
}

QList<RosterService::IncomingRequest> RosterService::pendingRequests() const
{
    QList<IncomingRequest> result;
    const QList<SubscriptionRequest> pending = m_subscriptions->pendingRequests();
    result.reserve(pending.size());
    for (const SubscriptionRequest &request : pending)
        result.append({request.from, request.message, request.received});
    return result;
}

void RosterService::onSubscriptionRequested(const Jid &from, const QString &message)
{
    if (m_approveOnRequest.contains(from.bare())) {
        // The user added them asking for mutual presence: their request is already agreed to.
        qCInfo(lcRosterService) << "approving the expected request from" << from.toString();
        m_approveOnRequest.remove(from.bare());
        m_subscriptions->approve(from.bare());
        return;
    }
    Q_EMIT subscriptionRequested(from, message);
}

} // namespace natter
