// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliRunner.h"

#include "ExitCode.h"

#include "account/Account.h"
#include "ext/DiscoExtension.h"
#include "ext/MamExtension.h"
#include "ext/MessageExtension.h"
#include "ext/PingExtension.h"
#include "ext/PresenceExtension.h"
#include "ext/RosterExtension.h"
#include "ext/SubscriptionExtension.h"
#include "platform/WakeDetector.h"
#include "services/ConversationExport.h"
#include "services/HistorySync.h"
#include "services/Session.h"
#include "storage/AccountStore.h"
#include "storage/MessageStore.h"
#include "storage/RosterCache.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

namespace natter::cli {

namespace {

Q_LOGGING_CATEGORY(lcCli, "natter.cli")

using C = CliRequest::Command;

// One message per line: escape what would break the line format.
QString escapeField(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        switch (c.unicode()) {
        case u'\\':
            out += QStringLiteral("\\\\");
            break;
        case u'\n':
            out += QStringLiteral("\\n");
            break;
        case u'\r':
            out += QStringLiteral("\\r");
            break;
        case u'\t':
            out += QStringLiteral("\\t");
            break;
        default:
            out += c;
        }
    }
    return out;
}

QString json(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

constexpr int SettleMs = 500;

// A stored message for history and search. own: our bare JID (the 'to' of incoming messages).
QJsonObject storedMessage(const MessageStore::Entry &entry, const Jid &own)
{
    const ChatMessage &m = entry.message;
    return {{u"time"_s, m.timestamp.toUTC().toString(Qt::ISODateWithMs)},
            {u"direction"_s, m.isOutgoing() ? u"out"_s : u"in"_s},
            {u"from"_s, m.from.toString()},
            {u"to"_s, m.isOutgoing() ? m.peer.toString() : own.toString()},
            {u"id"_s, m.id},
            {u"stanza_id"_s, entry.stanzaId},
            {u"origin_id"_s, entry.originId},
            {u"state"_s, ConversationExport::stateName(m.state)},
            {u"body"_s, m.body}};
}

QString timeField(const ChatMessage &m)
{
    return m.timestamp.toUTC().toString(Qt::ISODate);
}

} // namespace

CliRunner::CliRunner(const CliRequest &request, QObject *parent)
    : QObject(parent)
    , m_request(request)
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        finish(ExitCode::Timeout,
               tr("Timed out after %n second(s).", nullptr, m_request.connection.timeoutSeconds));
    });
    m_settle.setSingleShot(true);
    m_settle.setInterval(SettleMs);
    connect(&m_settle, &QTimer::timeout, this, &CliRunner::printOnline);
}

CliRunner::~CliRunner()
{
    if (m_ext.roster)
        m_ext.roster->setCache(nullptr); // writes what is pending before the cache goes
}

void CliRunner::printLine(const QString &line)
{
    std::fputs(line.toUtf8().constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

void CliRunner::printError(const QString &line)
{
    std::fputs(line.toUtf8().constData(), stderr);
    std::fputc('\n', stderr);
    std::fflush(stderr);
}

void CliRunner::start()
{
    // search reads the store alone; history needs its store before logging in.
    if (m_request.command == C::Search)
        return runSearch();
    if (m_request.command == C::History && !openStore(true))
        return;

    m_account = new Account(this);
    m_account->setSettings(m_request.connection.settings);
    m_ext = StandardExtensions::install(m_account);

    // Only what the command needs: no presence for roster work, and no roster for a one-shot
    // message or for only being online (listen, presence). RFC 6121 §2.2 makes the roster
    // request before initial presence a SHOULD "because receiving the roster is not necessarily
    // desirable for all resources": with 2,000 contacts the server spends ~70 ms writing the
    // roster before it reads the presence behind it, for a list nothing here would show.
    const bool needsRoster = m_request.command == C::Roster || m_request.command == C::Online;
    const bool goesOnline = m_request.command == C::Listen || m_request.command == C::Presence ||
                            m_request.command == C::Online;
    m_ext.roster->setAutoFetch(needsRoster);
    if (needsRoster) {
        const Jid jid = m_request.connection.settings.jid.bare();
        m_rosterCache =
            Session::openRosterCache(AccountStore::dataDirectory(m_request.profile), jid);
        m_ext.roster->setCache(m_rosterCache.get());
    }
    m_ext.presence->setAutoAvailable(goesOnline);
    m_ext.presence->setPresence(m_request.show, m_request.status, m_request.priority);
    m_ext.disco->setAutoDiscover(false);

    if (m_request.debugXml) {
        m_account->transport()->setTraceEnabled(true);
        connect(m_account, &Account::xmlTraffic, this,
                [this](StanzaTransport::Direction direction, const QString &xml) {
                    printError(
                        (direction == StanzaTransport::Direction::In ? u"RECV: "_s : u"SEND: "_s) +
                        xml);
                });
    }
    if (m_request.command == C::History) {
        m_history = new HistorySync(m_account, m_ext.mam, m_ext.carbons, m_store.get(), this);
        m_history->setAutoSync(false); // runHistory() starts it
    }
    connect(m_account, &Account::connected, this, &CliRunner::onConnected);
    connect(m_account, &Account::disconnected, this, &CliRunner::onDisconnected);

    // listen waits for messages as long as asked unless --timeout was given; everything else
    // must be done within the timeout.
    const bool openEnded = (m_request.command == C::Listen || m_request.command == C::Presence) &&
                           !m_request.connection.timeoutGiven;
    if (!openEnded)
        m_timeout.start(std::chrono::seconds(m_request.connection.timeoutSeconds));
    m_account->connectToServer();
}

void CliRunner::interrupt()
{
    finish(ExitCode::Ok);
}

int CliRunner::exitCodeFor(const ConnectionError &error)
{
    using K = ConnectionError::Kind;
    switch (error.kind) {
    case K::None:
    case K::Cancelled:
        return ExitCode::Ok;
    case K::ConnectionTimeout:
        return ExitCode::Timeout;
    case K::AuthenticationFailed:
    case K::NoSuitableMechanism:
    case K::ServerNotAuthenticated:
        return ExitCode::AuthenticationFailed;
    case K::CertificateUntrusted:
        return ExitCode::CertificateUntrusted;
    case K::HostNotFound:
    case K::ConnectionRefused:
    case K::ConnectionLost:
    case K::TlsNotOffered:
    case K::TlsFailed:
        return ExitCode::CannotConnect;
    case K::BindFailed:
    case K::StreamError:
    case K::ProtocolViolation:
        return ExitCode::ServerError;
    }
    return ExitCode::ServerError;
}

void CliRunner::onDisconnected(const ConnectionError &error)
{
    if (m_finishing) {
        Q_EMIT finished(m_exitCode);
        return;
    }
    m_finishing = true;
    m_timeout.stop();
    int code = exitCodeFor(error);
    if (code == ExitCode::Ok && error.kind == ConnectionError::Kind::None)
        code = ExitCode::CannotConnect; // the server closed on us before the work was done
    QString text = error.message();
    if (error.kind == ConnectionError::Kind::CertificateUntrusted) {
        const CertificateInfo &c = error.certificate;
        text += u'\n' + tr("Subject: %1; issuer: %2; valid %3 to %4.")
                            .arg(c.subject, c.issuer, c.notBefore.toString(Qt::ISODate),
                                 c.notAfter.toString(Qt::ISODate));
        for (const QString &problem : c.problems)
            text += u'\n' + tr("Problem: %1").arg(problem);
        text += u'\n' + tr("If you trust this certificate, run again with --pin-sha256 %1")
                            .arg(c.fingerprintHex());
    }
    printError(text);
    Q_EMIT finished(code);
}

void CliRunner::finish(int exitCode, const QString &error)
{
    if (m_finishing)
        return;
    m_finishing = true;
    m_exitCode = exitCode;
    m_timeout.stop();
    m_settle.stop();
    if (!error.isEmpty())
        printError(error);
    if (m_account && m_account->state() != Account::State::Offline &&
        m_account->state() != Account::State::Error) {
        m_account->disconnectFromServer(); // finished() follows from onDisconnected()
        return;
    }
    QMetaObject::invokeMethod(
        this, [this] { Q_EMIT finished(m_exitCode); }, Qt::QueuedConnection);
}

void CliRunner::onConnected(bool resumed)
{
    if (!m_started) {
        m_started = true;
        startCommand();
        return;
    }
    // A new session after a lost connection (the old one could not be resumed): what the
    // server did not confirm is sent again, with the same id and origin-id.
    if (!resumed && m_request.command == C::Send && m_message)
        sendMessageOnce();
    if (!resumed && m_request.command == C::Listen)
        catchUp();
}

void CliRunner::startCommand()
{
    switch (m_request.command) {
    case C::Send:
        return runSend();
    case C::Listen:
        return runListen();
    case C::Roster:
        return runRoster();
    case C::Add:
        return runAdd();
    case C::Remove:
        return runRemove();
    case C::Subscribe:
    case C::Approve:
    case C::Deny:
    case C::Unsubscribe:
        return runPresenceCommand();
    case C::Presence:
        return runPresence();
    case C::Online:
        return runOnline();
    case C::History:
        return runHistory();
    case C::Search:
        return; // without login: see start()
    }
}

// The server holds everything we sent before an IQ it answers: one ping round trip confirms it.
// (With XEP-0198 the acknowledgement itself confirms a message; see runSend().)
void CliRunner::confirmDelivery()
{
    m_ext.ping->ping(Jid(), this, [this](bool ok, qint64, const QString &error) {
        if (ok) {
            finish(ExitCode::Ok);
            return;
        }
        if (!m_account->isOnline())
            return; // the connection went away first: we try again once it is back
        finish(ExitCode::ServerError, tr("The server did not confirm: %1").arg(error));
    });
}

void CliRunner::runSend()
{
    connect(m_ext.messages, &MessageExtension::messageFailed, this,
            [this](const QString &id, const Jid &, const StanzaError &error) {
                if (id == m_sentId)
                    finish(ExitCode::ServerError,
                           tr("The message was not delivered: %1").arg(error.description()));
            });
    connect(m_account, &Account::stanzasAcknowledged, this,
            [this](const QList<XmlElement> &stanzas) {
                for (const XmlElement &stanza : stanzas) {
                    if (stanza.attribute(u"id") == m_sentId) {
                        finish(ExitCode::Ok);
                        return;
                    }
                }
            });
    Message message;
    message.setTo(m_request.contact);
    message.setType(m_request.messageType);
    message.setBody(m_request.body);
    if (!m_request.subject.isEmpty())
        message.setSubject(m_request.subject);
    m_message = message;
    sendMessageOnce();
    if (m_request.json && !m_sentId.isEmpty())
        printLine(json({{u"id"_s, m_message->id()}, {u"origin-id"_s, m_message->originId()}}));
}

void CliRunner::sendMessageOnce()
{
    const auto sent = m_ext.messages->send(*m_message);
    if (!sent) {
        finish(ExitCode::CannotConnect, tr("Not connected."));
        return;
    }
    m_message = *sent; // now with its id and origin-id, reused by any re-send
    m_sentId = sent->id();
    // With XEP-0198 the server's acknowledgement confirms the message (and a lost connection
    // is resumed with it re-sent by the stream); without it, a ping round trip does.
    if (!m_account->isStreamManagementEnabled())
        confirmDelivery();
}

void CliRunner::printMessage(const Message &message)
{
    const QString lang = m_account->preferredLanguage();
    const QString body = message.body(lang);
    const QString subject = message.subject(lang);
    const bool isError = message.type() == Message::Type::Error;
    if (body.isEmpty() && subject.isEmpty() && !isError)
        return; // chat states, receipts and the like: nothing to print
    if (m_request.json) {
        QJsonObject o{{u"from"_s, message.element().attribute(u"from")},
                      {u"to"_s, message.element().attribute(u"to")},
                      {u"type"_s, Message::typeName(message.type())},
                      {u"id"_s, message.id()},
                      {u"body"_s, body}};
        if (!subject.isEmpty())
            o.insert(u"subject"_s, subject);
        if (!message.thread().isEmpty())
            o.insert(u"thread"_s, message.thread());
        if (isError) {
            const StanzaError error = message.error();
            o.insert(u"error"_s, QJsonObject{{u"condition"_s, error.conditionName()},
                                             {u"text"_s, error.text()}});
        }
        printLine(json(o));
    } else {
        QString text = body;
        if (text.isEmpty() && !subject.isEmpty())
            text = subject;
        if (isError)
            text = message.error().conditionName() + (text.isEmpty() ? QString() : u": "_s + text);
        printLine(message.element().attribute(u"from") + u'\t' + Message::typeName(message.type()) +
                  u'\t' + escapeField(text));
    }
    ++m_received;
    if (m_request.count > 0 && m_received >= m_request.count)
        finish(ExitCode::Ok);
}

void CliRunner::onListenMessage(const Message &message)
{
    const QString archiveId = MamExtension::archiveIdOf(message, m_account->jid().bare());
    if (!archiveId.isEmpty() && !m_catchingUp)
        m_lastArchiveId = archiveId; // live messages move it only when nothing is missing
    // Recognised by the sender's origin-id, or without one by its id and text (a sender that
    // sends it again after a reconnect keeps both).
    const QString origin = message.originId();
    const QString key = message.from().bareString() + u'\n' +
                        (origin.isEmpty() ? u"i\n"_s + message.id() + u'\n' +
                                                message.body(m_account->preferredLanguage())
                                          : u"o\n"_s + origin);
    if (!message.id().isEmpty() || !origin.isEmpty()) {
        if (m_printed.contains(key))
            return;
        m_printed.insert(key);
    }
    printMessage(message);
}

void CliRunner::catchUp()
{
    if (m_catchingUp)
        return;
    MamExtension::Filter filter;
    if (!m_lastArchiveId.isEmpty())
        filter.afterId = m_lastArchiveId;
    else
        filter.start = m_listenSince.addSecs(-1); // archive times have whole seconds
    m_catchingUp = true;
    qCInfo(lcCli) << "a new session: asking the archive for what came since"
                  << (filter.afterId.isEmpty() ? m_listenSince.toString(Qt::ISODate)
                                               : filter.afterId);
    const Jid own = m_account->jid().bare();
    m_ext.mam->fetchForward(Jid(), filter, this, [this, own](const MamExtension::Page &page) {
        for (const MamExtension::ArchivedMessage &archived : page.messages) {
            if (!archived.id.isEmpty())
                m_lastArchiveId = archived.id;
            if (!archived.message.from().bareEquals(own)) // not what we sent elsewhere
                onListenMessage(archived.message);
            if (m_finishing)
                return;
        }
        if (!page.ok()) {
            // Cut off too: the next session asks again from where this one got.
            qCWarning(lcCli) << "catching up from the archive failed:" << page.error;
            m_catchingUp = false;
            return;
        }
        if (page.complete)
            m_catchingUp = false;
    });
}

void CliRunner::runListen()
{
    m_listenSince = QDateTime::currentDateTimeUtc();
    connect(m_ext.messages, &MessageExtension::messageReceived, this, &CliRunner::onListenMessage);
    // Listening for hours: after the machine slept, find out at once whether we are still there.
    auto *wake = new WakeDetector(this);
    connect(wake, &WakeDetector::woke, this,
            [this] { Session::checkConnection(m_account, m_ext); });
    const auto ready = [this] {
        printError(tr("Listening as %1").arg(m_account->jid().toString()));
    };
    // Said again after every new session (a login after a lost connection). The first one's
    // initial presence is out already: it follows the session's start, before the command.
    connect(m_ext.presence, &PresenceExtension::initialPresenceSent, this, ready);
    if (m_ext.presence->isAvailable())
        ready();
}

void CliRunner::runRoster()
{
    const auto print = [this] {
        for (const RosterItem &item : m_ext.roster->items()) {
            if (m_request.json) {
                printLine(
                    json({{u"jid"_s, item.jid.toString()},
                          {u"name"_s, item.name},
                          {u"subscription"_s, RosterItem::subscriptionName(item.subscription)},
                          {u"ask"_s, item.askSubscribe},
                          {u"approved"_s, item.approved},
                          {u"groups"_s, QJsonArray::fromStringList(item.groups)}}));
            } else {
                printLine(item.jid.toString() + u'\t' + escapeField(item.name) + u'\t' +
                          RosterItem::subscriptionName(item.subscription) + u'\t' +
                          escapeField(item.groups.join(u',')));
            }
        }
        finish(ExitCode::Ok);
    };
    if (m_ext.roster->isLoaded()) {
        print();
        return;
    }
    connect(m_ext.roster, &RosterExtension::loaded, this, print);
    connect(m_ext.roster, &RosterExtension::fetchFailed, this, [this](const QString &reason) {
        finish(ExitCode::ServerError, tr("The server did not send the roster: %1").arg(reason));
    });
}

void CliRunner::runAdd()
{
    RosterItem item;
    item.jid = m_request.contact;
    item.name = m_request.name;
    item.groups = m_request.groups;
    m_ext.roster->addOrUpdate(item, this, [this](const IqResult &result) {
        if (!result.ok()) {
            finish(ExitCode::ServerError,
                   tr("The server refused to add the contact: %1").arg(result.errorString()));
            return;
        }
        if (m_request.subscribe) {
            m_ext.subscriptions->subscribe(m_request.contact);
            confirmDelivery();
            return;
        }
        finish(ExitCode::Ok);
    });
}

void CliRunner::runRemove()
{
    m_ext.roster->remove(m_request.contact, this, [this](const IqResult &result) {
        if (!result.ok()) {
            finish(ExitCode::ServerError,
                   tr("The server refused to remove the contact: %1").arg(result.errorString()));
            return;
        }
        finish(ExitCode::Ok);
    });
}

void CliRunner::runPresenceCommand()
{
    switch (m_request.command) {
    case C::Subscribe:
        m_ext.subscriptions->subscribe(m_request.contact);
        break;
    case C::Approve:
        m_ext.subscriptions->approve(m_request.contact);
        break;
    case C::Deny:
        m_ext.subscriptions->deny(m_request.contact);
        break;
    case C::Unsubscribe:
        m_ext.subscriptions->unsubscribe(m_request.contact);
        break;
    default:
        return;
    }
    confirmDelivery();
}

void CliRunner::runPresence()
{
    const auto online = [this] {
        printError(tr("Online as %1").arg(m_account->jid().toString()));
        if (m_request.staySeconds >= 0) {
            QTimer::singleShot(std::chrono::seconds(m_request.staySeconds), this,
                               [this] { finish(ExitCode::Ok); });
        }
    };
    // Again after every new session, like listen.
    connect(m_ext.presence, &PresenceExtension::initialPresenceSent, this, online);
    if (m_ext.presence->isAvailable())
        online();
}

void CliRunner::runOnline()
{
    // Presences of contacts arrive after our initial presence. The server answers a ping only
    // after it has handled what we sent before it, so once the ping is back we wait for the
    // stream to be quiet for a moment and print.
    const auto available = [this] {
        connect(m_ext.presence, &PresenceExtension::contactPresenceChanged, this,
                [this] { m_settle.start(); });
        m_ext.ping->ping(Jid(), this, [this](bool, qint64, const QString &) { m_settle.start(); });
    };
    connect(m_ext.presence, &PresenceExtension::initialPresenceSent, this, available);
    if (m_ext.presence->isAvailable())
        available();
}

void CliRunner::printOnline()
{
    const Jid self = m_account->jid();
    for (const ResourcePresence &p : m_ext.presence->allAvailable()) {
        if (p.jid == self)
            continue;
        const QString show = p.show == Presence::Show::None ? QStringLiteral("available")
                                                            : Presence::showName(p.show);
        if (m_request.json) {
            printLine(json({{u"jid"_s, p.jid.toString()},
                            {u"show"_s, show},
                            {u"status"_s, p.status},
                            {u"priority"_s, p.priority}}));
        } else {
            printLine(p.jid.toString() + u'\t' + show + u'\t' + escapeField(p.status));
        }
    }
    finish(ExitCode::Ok);
}

// The store the desktop app uses for this account in the profile. create: open (and create) it;
// else only when it exists. false (and finished) when it cannot be opened.
bool CliRunner::openStore(bool create)
{
    const Jid jid = m_request.connection.settings.jid.bare();
    const QString path =
        Session::messageStorePath(AccountStore::dataDirectory(m_request.profile), jid);
    if (!create && !QFileInfo::exists(path))
        return false;
    m_store = std::make_unique<MessageStore>();
    QString error;
    if (!m_store->open(path, &error)) {
        m_store.reset();
        finish(ExitCode::StoreError, error);
        return false;
    }
    return true;
}

void CliRunner::runHistory()
{
    connect(m_history, &HistorySync::synced, this, [this] {
        printHistory();
        finish(ExitCode::Ok);
    });
    connect(m_history, &HistorySync::failed, this, [this](const QString &reason) {
        // What the store holds is still printed; the exit code says it may be incomplete.
        printHistory();
        finish(ExitCode::ServerError, tr("Could not fetch the history: %1").arg(reason));
    });
    m_history->sync();
}

void CliRunner::printHistory()
{
    m_store->flush();
    const Jid own = m_request.connection.settings.jid.bare();
    for (const MessageStore::Entry &e : m_store->latest(m_request.contact, m_request.limit)) {
        const ChatMessage &m = e.message;
        if (m_request.json) {
            printLine(json(storedMessage(e, own)));
            continue;
        }
        const QString id = !m.id.isEmpty() ? m.id : !e.originId.isEmpty() ? e.originId : e.stanzaId;
        printLine(timeField(m) + u'\t' + (m.isOutgoing() ? u"out"_s : u"in"_s) + u'\t' +
                  escapeField(id) + u'\t' + ConversationExport::stateName(m.state) + u'\t' +
                  escapeField(m.body));
    }
}

void CliRunner::runSearch()
{
    if (!openStore(false)) {
        if (!m_finishing) {
            // Nothing stored yet for this account: no hits.
            printError(tr("No messages are stored for %1 in the profile “%2” (natter-cli history "
                          "fetches them).")
                           .arg(m_request.connection.settings.jid.bareString(), m_request.profile));
            finish(ExitCode::Ok);
        }
        return;
    }
    const Jid own = m_request.connection.settings.jid.bare();
    for (const MessageStore::SearchHit &hit : m_store->search(m_request.text, m_request.limit)) {
        const ChatMessage &m = hit.entry.message;
        if (m_request.json) {
            QJsonObject o = storedMessage(hit.entry, own);
            o.insert(u"peer"_s, m.peer.toString());
            printLine(json(o));
            continue;
        }
        printLine(timeField(m) + u'\t' + m.peer.toString() + u'\t' +
                  (m.isOutgoing() ? u"out"_s : u"in"_s) + u'\t' + escapeField(m.body));
    }
    finish(ExitCode::Ok);
}

} // namespace natter::cli
