// SPDX-License-Identifier: GPL-3.0-or-later
#include "ConversationExportJob.h"

#include "storage/MessageStore.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QThread>

namespace natter {

Q_LOGGING_CATEGORY(lcExport, "natter.export")

ConversationExportJob::ConversationExportJob(Request request, QObject *parent)
    : QObject(parent)
    , m_request(std::move(request))
{}

ConversationExportJob::~ConversationExportJob()
{
    if (!m_thread)
        return;
    m_cancelled = true;
    m_thread->wait();
    delete m_thread;
}

void ConversationExportJob::start()
{
    if (m_thread)
        return;
    m_running = true;
    m_thread = QThread::create([this] {
        QString error;
        const bool ok = run(&error);
        // Back on the job's own thread; dropped if the job is deleted first.
        QMetaObject::invokeMethod(
            this, [this, ok, error] { done(ok, error); }, Qt::QueuedConnection);
    });
    m_thread->setObjectName(QStringLiteral("natter-export"));
    m_thread->start(QThread::LowPriority);
}

void ConversationExportJob::cancel()
{
    m_cancelled = true;
}

bool ConversationExportJob::run(QString *error)
{
    // A connection of this thread's own: QtSql connections may not cross threads.
    MessageStore store;
    if (!store.open(m_request.storePath, error))
        return false;
    QSaveFile file(m_request.outputPath);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = file.errorString();
        return false;
    }
    const bool written =
        ConversationExport::write(store, m_request.peer, m_request.format, m_request.parties, &file,
                                  error, m_request.pageSize, [this](qint64 done, qint64 total) {
                                      Q_EMIT progress(done, total);
                                      return !m_cancelled.load();
                                  });
    if (!written) {
        file.cancelWriting();
        return false;
    }
    if (!file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

void ConversationExportJob::done(bool ok, const QString &error)
{
    m_running = false;
    if (ok)
        qCInfo(lcExport) << "exported" << m_request.peer.bareString() << "to"
                         << m_request.outputPath;
    else
        qCWarning(lcExport) << "export of" << m_request.peer.bareString() << "to"
                            << m_request.outputPath << "failed:" << error;
    Q_EMIT finished(ok, error);
}

} // namespace natter
