// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CliRequest.h"

#include "account/StandardExtensions.h"
#include "stream/ConnectionError.h"

#include <QDateTime>
#include <QObject>
#include <QSet>
#include <QTimer>

#include "stanza/Message.h"

#include <memory>
#include <optional>

#include <cstdio>

namespace natter {
class Account;
class HistorySync;
class MessageStore;
class RosterCache;
struct ChatMessage;
} // namespace natter

namespace natter::cli {

// Runs one natter-cli command: logs in, does the work, closes the stream gracefully and reports
// the exit code through finished().
class CliRunner : public QObject
{
    Q_OBJECT
public:
    explicit CliRunner(const CliRequest &request, QObject *parent = nullptr);
    ~CliRunner() override;

    void start();
    // Ctrl+C / SIGTERM: close gracefully and exit 0.
    void interrupt();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void onConnected(bool resumed);
    void onDisconnected(const ConnectionError &error);
    void startCommand();
    void runSend();
    void runListen();
    void runRoster();
    void runAdd();
    void runRemove();
    void runPresenceCommand();
    void runPresence();
    void runOnline();
    void printOnline();
    bool openStore(bool create);
    void runHistory();
    void printHistory();
    void runSearch();
    void confirmDelivery();
    void sendMessageOnce();
    void printMessage(const Message &message);
    // listen: prints a message unless it was printed before (a copy after a reconnect).
    void onListenMessage(const Message &message);
    // listen: after a new session (the old one could not be resumed), what our archive got
    // meanwhile — the server may have dropped what it queued for the old session.
    void catchUp();
    void finish(int exitCode, const QString &error = {});
    static int exitCodeFor(const ConnectionError &error);
    void printLine(const QString &line);
    void printError(const QString &line);

    CliRequest m_request;
    std::unique_ptr<MessageStore> m_store; // history, search
    // The profile's roster cache, shared with the desktop app: with roster versioning the server
    // sends only what changed since any of them last fetched.
    std::unique_ptr<RosterCache> m_rosterCache;
    HistorySync *m_history = nullptr;
    Account *m_account = nullptr;
    StandardExtensions m_ext;
    QTimer m_timeout;
    QTimer m_settle;
    QString m_sentId;
    std::optional<Message> m_message; // send: the message as first sent (same id on re-sends)
    int m_received = 0;
    QSet<QString> m_printed; // listen: sender and origin-id (or id and body) of each printed
    QString m_lastArchiveId; // listen: our archive's id of the newest message seen
    QDateTime m_listenSince; // listen: when it started (catching up before any archive id)
    bool m_catchingUp = false;
    int m_exitCode = 0;
    bool m_finishing = false;
    bool m_started = false;
};

} // namespace natter::cli
