// SPDX-License-Identifier: GPL-3.0-or-later
#include "Account.h"

#include "stream/ClientStream.h"
#include "xml/Namespaces.h"

#include <QCoreApplication>
#include <QLocale>
#include <QLoggingCategory>
#include <QNetworkInformation>

#include <algorithm>

Q_LOGGING_CATEGORY(lcAccount, "natter.account")

namespace natter {

QString IqResult::errorString() const
{
    switch (status) {
    case Status::Result:
        return {};
    case Status::Error:
        return error.description();
    case Status::Timeout:
        return QCoreApplication::translate("natter::IqResult", "There was no answer in time.");
    case Status::Disconnected:
        return QCoreApplication::translate("natter::IqResult",
                                           "The connection was lost before an answer came.");
    }
    return {};
}

Account::Account(QObject *parent)
    : Account(new ClientStream, parent)
{}

Account::Account(StanzaTransport *transport, QObject *parent)
    : QObject(parent)
    , m_transport(transport)
{
    m_transport->setParent(this);
    const QStringList languages = QLocale::system().uiLanguages();
    m_language = languages.isEmpty() ? QStringLiteral("en") : languages.first();
    m_iqTimer.setSingleShot(true);
    connect(&m_iqTimer, &QTimer::timeout, this, &Account::expireIqs);
    connect(m_transport, &StanzaTransport::phaseChanged, this, &Account::onPhaseChanged);
    connect(m_transport, &StanzaTransport::established, this, &Account::onEstablished);
    connect(m_transport, &StanzaTransport::stanzaReceived, this, &Account::onStanza);
    connect(m_transport, &StanzaTransport::closed, this, &Account::onClosed);
    connect(m_transport, &StanzaTransport::xmlTraffic, this, &Account::xmlTraffic);
    connect(m_transport, &StanzaTransport::acknowledging, this, &Account::acknowledging);
    connect(m_transport, &StanzaTransport::stanzasAcknowledged, this,
            [this](const QList<XmlElement> &stanzas) {
                m_policy.progressMade();
                Q_EMIT stanzasAcknowledged(stanzas);
            });
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, [this] {
        if (m_state == State::Reconnecting)
            m_transport->open(m_settings);
    });
}

void Account::setupNetworkMonitor()
{
    // Retry at once when the network comes back, instead of waiting out the backoff. Loaded only
    // once a connection was lost: the backend (NetworkManager over D-Bus) costs start-up time.
    if (m_networkMonitored)
        return;
    m_networkMonitored = true;
    if (!QNetworkInformation::instance() &&
        !QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability)) {
        qCDebug(lcAccount) << "no network information backend; relying on the backoff timer";
        return;
    }
    connect(QNetworkInformation::instance(), &QNetworkInformation::reachabilityChanged, this,
            [this](QNetworkInformation::Reachability reachability) {
                if (reachability == QNetworkInformation::Reachability::Online)
                    reconnectNow();
            });
}

bool Account::isStreamManagementEnabled() const
{
    return m_state == State::Online && m_transport->isStreamManagementEnabled();
}

void Account::reconnectNow()
{
    if (m_state != State::Reconnecting)
        return;
    qCInfo(lcAccount) << "reconnecting now";
    m_reconnectTimer.stop();
    m_transport->open(m_settings);
}

Account::~Account()
{
    // Callbacks must not run into a half-destroyed account.
    m_pending.clear();
    m_transport->disconnect(this);
}

Jid Account::jid() const
{
    return m_session.jid.isNull() ? m_settings.jid : m_session.jid;
}

QString Account::stateName(State state)
{
    switch (state) {
    case State::Offline:
        return QCoreApplication::translate("natter::Account", "Offline");
    case State::Connecting:
        return QCoreApplication::translate("natter::Account", "Connecting");
    case State::Authenticating:
        return QCoreApplication::translate("natter::Account", "Logging in");
    case State::Online:
        return QCoreApplication::translate("natter::Account", "Online");
    case State::Disconnecting:
        return QCoreApplication::translate("natter::Account", "Disconnecting");
    case State::Reconnecting:
        return QCoreApplication::translate("natter::Account", "Reconnecting");
    case State::Error:
        return QCoreApplication::translate("natter::Account", "Error");
    }
    return {};
}

void Account::setState(State state)
{
    if (m_state == state)
        return;
    qCDebug(lcAccount) << "state" << stateName(m_state) << "->" << stateName(state);
    m_state = state;
    Q_EMIT stateChanged(state);
}

void Account::connectToServer()
{
    m_lastError = ConnectionError();
    m_wantOnline = true;
    m_wasOnline = false;
    m_policy.reset();
    m_policy.progressMade(); // the user asked: forget earlier rejections too
    m_reconnectTimer.stop();
    if (m_sessionActive)
        endSession();
    m_transport->resetSession(); // a new login is a new session
    setState(State::Connecting);
    m_transport->open(m_settings);
}

void Account::disconnectFromServer()
{
    m_wantOnline = false;
    if (m_state == State::Reconnecting) {
        m_reconnectTimer.stop();
        if (m_transport->phase() != StanzaTransport::Phase::Disconnected) {
            // An attempt is under way: it must not bring the account back online by itself.
            m_abortingAttempt = true;
            m_transport->abort(ConnectionError(ConnectionError::Kind::Cancelled));
            m_abortingAttempt = false;
        }
        m_transport->resetSession();
        endSession();
        setState(State::Offline);
        Q_EMIT disconnected(ConnectionError());
        return;
    }
    if (m_state == State::Offline || m_state == State::Error)
        return;
    setState(State::Disconnecting);
    m_transport->close();
}

void Account::endSession()
{
    failAllIqs(IqResult::Status::Disconnected);
    if (!m_sessionActive)
        return;
    m_sessionActive = false;
    for (Extension *e : std::as_const(m_extensions))
        e->sessionEnded();
}

void Account::onPhaseChanged(StanzaTransport::Phase phase)
{
    switch (phase) {
    case StanzaTransport::Phase::Connecting:
    case StanzaTransport::Phase::Encrypting:
        if (m_state != State::Disconnecting && m_state != State::Reconnecting)
            setState(State::Connecting);
        break;
    case StanzaTransport::Phase::Authenticating:
    case StanzaTransport::Phase::Binding:
        if (m_state != State::Disconnecting && m_state != State::Reconnecting)
            setState(State::Authenticating);
        break;
    case StanzaTransport::Phase::Closing:
        setState(State::Disconnecting);
        break;
    case StanzaTransport::Phase::Established:
    case StanzaTransport::Phase::Disconnected:
        break; // handled by onEstablished / onClosed
    }
}

void Account::onEstablished(const SessionInfo &session)
{
    const bool resumed = session.resumed && m_sessionActive;
    if (!resumed && m_sessionActive)
        endSession(); // the old session could not be resumed
    m_session = session;
    m_session.resumed = resumed;
    if (resumed) {
        // Requests of the resumed session: a fresh timeout each, from now.
        for (PendingIq &p : m_pending)
            p.deadline = QDeadlineTimer(p.timeout);
        scheduleIqTimer();
    }
    m_wasOnline = true;
    m_sessionActive = true;
    m_lastError = ConnectionError();
    m_policy.reset();
    setState(State::Online);
    qCInfo(lcAccount) << (resumed ? "session resumed" : "session started")
                      << session.jid.toString();
    for (Extension *e : std::as_const(m_extensions))
        e->sessionStarted(resumed);
    Q_EMIT connected(resumed);
}

void Account::onClosed(const ConnectionError &error)
{
    if (m_abortingAttempt)
        return; // disconnectFromServer() ends it
    m_lastError = error;
    if (error.isError() && m_wantOnline && m_autoReconnect && m_wasOnline &&
        m_policy.shouldRetry(error)) {
        // Keep the session while it may still be resumed; otherwise it is over now.
        if (!m_transport->canResumeSession())
            endSession();
        const auto delay = m_policy.nextDelay();
        qCInfo(lcAccount) << "connection lost:" << error.message() << "- retrying in"
                          << delay.count() << "ms";
        setState(State::Reconnecting);
        setupNetworkMonitor();
        m_reconnectTimer.start(delay);
        Q_EMIT reconnecting(int(delay.count()), error);
        return;
    }
    m_wantOnline = false;
    m_transport->resetSession();
    endSession();
    setState(error.isError() ? State::Error : State::Offline);
    Q_EMIT disconnected(error);
}

bool Account::send(const XmlElement &element)
{
    if (m_state != State::Online) {
        qCWarning(lcAccount) << "not online; not sending" << element.name();
        return false;
    }
    m_transport->send(element);
    return true;
}

bool Account::send(const Stanza &stanza)
{
    return send(stanza.element());
}

QString Account::request(Iq iq, QObject *context, IqCallback callback,
                         std::chrono::milliseconds timeout)
{
    QString id = Stanza::generateId();
    while (m_pending.contains(id))
        id = Stanza::generateId();
    iq.setId(id);
    PendingIq pending;
    pending.to = iq.to();
    pending.context = context;
    pending.hasContext = context != nullptr;
    pending.callback = std::move(callback);
    pending.timeout = timeout;
    pending.deadline = QDeadlineTimer(timeout);
    if (!send(iq)) {
        IqResult result;
        result.status = IqResult::Status::Disconnected;
        // Resolve asynchronously so that callers see one behaviour whatever the state.
        QMetaObject::invokeMethod(
            this, [this, pending, result] { finishIq(pending, result); }, Qt::QueuedConnection);
        return id;
    }
    m_pending.insert(id, std::move(pending));
    scheduleIqTimer();
    return id;
}

void Account::finishIq(PendingIq pending, const IqResult &result)
{
    if (pending.hasContext && !pending.context)
        return; // the receiver is gone
    if (pending.callback)
        pending.callback(result);
}

void Account::scheduleIqTimer()
{
    if (m_pending.isEmpty()) {
        m_iqTimer.stop();
        return;
    }
    qint64 earliest = std::numeric_limits<qint64>::max();
    for (const PendingIq &p : std::as_const(m_pending))
        earliest = std::min(earliest, p.deadline.remainingTime());
    m_iqTimer.start(std::max<qint64>(0, earliest));
}

void Account::expireIqs()
{
    // While the session may still be resumed the answers may still come (a resumed stream
    // delivers them); the clocks start again once it is back (onEstablished).
    if (m_state == State::Reconnecting)
        return;
    QList<PendingIq> expired;
    for (auto it = m_pending.begin(); it != m_pending.end();) {
        if (it->deadline.hasExpired()) {
            qCInfo(lcAccount) << "IQ" << it.key() << "to" << it->to.toString() << "timed out";
            expired.append(std::move(it.value()));
            it = m_pending.erase(it);
        } else {
            ++it;
        }
    }
    scheduleIqTimer();
    IqResult result;
    result.status = IqResult::Status::Timeout;
    for (PendingIq &p : expired)
        finishIq(std::move(p), result);
}

void Account::failAllIqs(IqResult::Status status)
{
    const auto pending = std::exchange(m_pending, {});
    m_iqTimer.stop();
    IqResult result;
    result.status = status;
    for (const PendingIq &p : pending)
        finishIq(p, result);
}

void Account::addExtension(Extension *extension)
{
    Q_ASSERT(extension->parent() == this);
    m_extensions.append(extension);
}

QStringList Account::discoFeatures() const
{
    QStringList features;
    for (const Extension *e : m_extensions)
        features += e->discoFeatures();
    features.removeDuplicates();
    std::sort(features.begin(), features.end());
    return features;
}

void Account::onStanza(const XmlElement &element)
{
    if (m_state != State::Online)
        return;
    // A 'from' that is not a valid address can only come from a broken or hostile peer.
    if (element.hasAttribute(u"from") && Stanza(element).from().isNull()) {
        qCWarning(lcAccount) << "dropping" << element.name() << "with invalid from"
                             << element.attribute(u"from");
        return;
    }
    switch (Stanza::kindOf(element)) {
    case Stanza::Kind::Message: {
        const Message message(element);
        for (Extension *e : std::as_const(m_extensions)) {
            if (e->handleMessage(message))
                return;
        }
        Q_EMIT messageReceived(message);
        return;
    }
    case Stanza::Kind::Presence: {
        const Presence presence(element);
        for (Extension *e : std::as_const(m_extensions)) {
            if (e->handlePresence(presence))
                return;
        }
        Q_EMIT presenceReceived(presence);
        return;
    }
    case Stanza::Kind::Iq: {
        const Iq iq(element);
        if (iq.isRequest())
            handleIq(iq);
        else if (iq.type() == Iq::Type::Result || iq.type() == Iq::Type::Error)
            handleIqResponse(iq);
        else
            qCWarning(lcAccount) << "dropping iq with invalid type" << iq.typeAttribute();
        return;
    }
    case Stanza::Kind::Other:
        qCDebug(lcAccount) << "ignoring top-level element" << element.namespaceUri()
                           << element.name();
        return;
    }
}

void Account::handleIq(const Iq &iq)
{
    const XmlElement payload = iq.payload();
    std::optional<IqReply> reply;
    if (!payload.isNull()) {
        for (Extension *e : std::as_const(m_extensions)) {
            reply = e->handleIq(iq);
            if (reply)
                break;
        }
    } else {
        reply = StanzaError(StanzaError::Type::Modify, StanzaError::Condition::BadRequest);
    }
    if (!reply) {
        // RFC 6120 §8.4: an entity that does not understand a get/set must answer with
        // service-unavailable.
        reply = StanzaError(StanzaError::Type::Cancel, StanzaError::Condition::ServiceUnavailable);
    }
    if (const auto *error = std::get_if<StanzaError>(&*reply))
        send(Iq::errorFor(iq, *error));
    else
        send(Iq::resultFor(iq, std::get<XmlElement>(*reply)));
}

bool Account::isFromExpected(const Iq &response, const PendingIq &pending) const
{
    const bool hasFrom = response.hasFrom();
    const Jid from = response.from();
    const Jid own = m_session.jid;
    if (pending.to.isNull()) {
        return !hasFrom || from == own.bare() || from == own || from == own.domain();
    }
    if (pending.to == own.bare())
        return !hasFrom || from == own.bare() || from == own;
    return from == pending.to;
}

void Account::handleIqResponse(const Iq &iq)
{
    const auto it = m_pending.find(iq.id());
    if (it == m_pending.end()) {
        qCDebug(lcAccount) << "unsolicited iq" << iq.typeAttribute() << "id" << iq.id();
        return;
    }
    if (!isFromExpected(iq, *it)) {
        // Someone else answering our request: a spoofing attempt. Keep waiting for the real one.
        qCWarning(lcAccount) << "dropping iq response from" << iq.element().attribute(u"from")
                             << "to a request sent to" << it->to.toString();
        return;
    }
    PendingIq pending = std::move(it.value());
    m_pending.erase(it);
    scheduleIqTimer();
    IqResult result;
    result.response = iq;
    if (iq.type() == Iq::Type::Result) {
        result.status = IqResult::Status::Result;
    } else {
        result.status = IqResult::Status::Error;
        result.error = iq.error();
    }
    finishIq(std::move(pending), result);
}

} // namespace natter
