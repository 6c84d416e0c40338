// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/ConversationExport.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

class QThread;

namespace natter {

// Exports one conversation to a file on a thread of its own, so that writing out a chat of
// 100,000 messages never blocks the window. The thread opens its own connection to the
// account's message store (SQLite in WAL mode: it reads while the session goes on writing) and
// writes through QSaveFile: the file appears complete or not at all (a failed or cancelled
// export leaves what was there before).
//
// Whoever starts it should flush() the session's store first, so that what it shows is on disk.
// Deleting a running job cancels it and waits for its thread (at most one page of writing).
class ConversationExportJob : public QObject
{
    Q_OBJECT
public:
    struct Request
    {
        QString storePath; // MessageStore::path() of the account's store
        Jid peer;          // bare JID of the conversation
        ConversationExport::Format format = ConversationExport::Format::PlainText;
        ConversationExport::Parties parties;
        QString outputPath;
        int pageSize = ConversationExport::PageSize;
    };

    explicit ConversationExportJob(Request request, QObject *parent = nullptr);
    ~ConversationExportJob() override;

    const Request &request() const { return m_request; }

    // Starts the export (once).
    void start();
    // Stops it after the page being written; finished(false, "cancelled") follows.
    void cancel();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    // How many messages are written, of how many (after each page).
    void progress(qint64 written, qint64 total);
    // The export ended: the file is complete (ok), or error says why it is not.
    void finished(bool ok, const QString &error);

private:
    // On the job's thread: the whole export. *error set when it fails.
    bool run(QString *error);
    void done(bool ok, const QString &error);

    Request m_request;
    QThread *m_thread = nullptr;
    std::atomic<bool> m_cancelled{false};
    bool m_running = false;
};

} // namespace natter
