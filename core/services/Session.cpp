// SPDX-License-Identifier: GPL-3.0-or-later
#include "Session.h"

#include "account/Account.h"
#include "ext/InvisibleExtension.h"
#include "ext/PingExtension.h"
#include "ext/RosterExtension.h"
#include "models/RosterModel.h"
#include "platform/WakeDetector.h"
#include "services/ChatService.h"
#include "services/HistorySync.h"
#include "services/PresenceService.h"
#include "services/RosterService.h"
#include "storage/MessageStore.h"
#include "storage/RosterCache.h"

#include <QFile>
#include <QLoggingCategory>
#include <QUrl>

Q_LOGGING_CATEGORY(lcSession, "natter.session")

namespace natter {

Session::Session(const QString &dataDirectory, StanzaTransport *transport, QObject *parent)
    : QObject(parent)
    , m_dataDirectory(dataDirectory)
{
    m_account = transport ? new Account(transport, this) : new Account(this);
    m_extensions = StandardExtensions::install(m_account);
    m_invisible = new InvisibleExtension(m_account, m_extensions.disco);

    m_roster = new RosterService(m_extensions.roster, m_extensions.subscriptions, this);
    m_presence = new PresenceService(m_account, m_extensions.presence, m_extensions.disco,
                                     m_extensions.version, m_invisible, this);
    m_chats = new ChatService(m_account, m_extensions, nullptr, this);
    m_history = new HistorySync(m_account, m_extensions.mam, m_extensions.carbons, nullptr, this);
    m_history->setPresence(m_extensions.presence);
    m_chats->setHistory(m_history);
    m_rosterModel = new RosterModel(m_extensions.roster, m_extensions.presence, this);

    connect(m_chats, &ChatService::unreadChanged, m_rosterModel, &RosterModel::setUnreadCount);
    // After a sleep the connection is most likely dead without anyone having said so.
    auto *wake = new WakeDetector(this);
    connect(wake, &WakeDetector::woke, this, [this] { checkConnection(m_account, m_extensions); });
    // The roster cache belongs to the address being logged in.
    connect(m_account, &Account::stateChanged, this, [this](Account::State state) {
        if (state == Account::State::Connecting) {
            useCacheFor(m_account->settings().jid);
            useStoreFor(m_account->settings().jid);
        }
    });
}

Session::~Session()
{
    // Widgets and models first, the account (and its extensions) last; the roster extension
    // writes what is pending to the cache before the cache goes.
    delete m_rosterModel;
    delete m_chats;
    delete m_history;
    delete m_presence;
    delete m_roster;
    m_extensions.roster->setCache(nullptr);
    delete m_account;
}

void Session::checkConnection(Account *account, const StandardExtensions &extensions)
{
    switch (account->state()) {
    case Account::State::Reconnecting:
        account->reconnectNow(); // not the rest of the backoff
        break;
    case Account::State::Online:
        extensions.ping->probeNow(WakeProbeTimeout);
        break;
    default:
        break;
    }
}

QString Session::accountDirectory(const QString &dataDirectory, const Jid &jid)
{
    return dataDirectory + QStringLiteral("/accounts/") +
           QString::fromLatin1(QUrl::toPercentEncoding(jid.bareString(), "@"));
}

QString Session::rosterCachePath(const QString &dataDirectory, const Jid &jid)
{
    return accountDirectory(dataDirectory, jid) + QStringLiteral("/roster.cbor");
}

std::unique_ptr<RosterCache> Session::openRosterCache(const QString &dataDirectory, const Jid &jid)
{
    // Before format 2 the cache was JSON, in roster.json: a full fetch replaces it.
    const QString legacy = accountDirectory(dataDirectory, jid) + QStringLiteral("/roster.json");
    if (QFile::exists(legacy) && !QFile::remove(legacy))
        qCWarning(lcSession) << "cannot remove the old roster cache" << legacy;
    return std::make_unique<RosterCache>(rosterCachePath(dataDirectory, jid));
}

QString Session::messageStorePath(const QString &dataDirectory, const Jid &jid)
{
    return accountDirectory(dataDirectory, jid) + QStringLiteral("/messages.sqlite");
}

void Session::useStoreFor(const Jid &jid)
{
    if (jid.isNull())
        return;
    const QString path = messageStorePath(m_dataDirectory, jid);
    if (m_messageStore && m_messageStore->path() == path)
        return;
    auto store = std::make_unique<MessageStore>();
    QString error;
    if (!store->open(path, &error)) {
        qCWarning(lcSession) << "no message store; the outbox is kept in memory only:" << error;
        store.reset();
    }
    m_chats->setStore(store.get());
    m_history->setStore(store.get());
    m_messageStore = std::move(store);
}

void Session::useCacheFor(const Jid &jid)
{
    if (jid.isNull())
        return;
    if (m_rosterCache && m_rosterCache->filePath() == rosterCachePath(m_dataDirectory, jid))
        return;
    std::unique_ptr<RosterCache> cache = openRosterCache(m_dataDirectory, jid);
    m_extensions.roster->setCache(cache.get()); // flushes into the old one first
    m_rosterCache = std::move(cache);
}

} // namespace natter
