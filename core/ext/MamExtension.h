// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "account/Extension.h"
#include "account/IqResult.h"
#include "stanza/Jid.h"
#include "stanza/Message.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QPointer>

#include <functional>
#include <optional>

namespace natter {

// Message Archive Management (XEP-0313, urn:xmpp:mam:2) paged with Result Set Management
// (XEP-0059): asks our account's archive (or a room's) for the messages stored in it.
//
// A query sends an IQ set with a fresh queryid; the archive answers with one <message/> per
// archived message (claimed here) and ends with an IQ result carrying <fin/>. Results are
// accepted only with the queryid of a running query and only from the archive that was asked:
// for our own archive no 'from' or our bare JID, for a room archive the room's bare JID
// (XEP-0313 §4.2, §9). Anything else is dropped and logged — a forged result would put words in
// someone's mouth.
class MamExtension : public Extension
{
    Q_OBJECT
public:
    static constexpr int DefaultPageSize = 50;
    // fetchSince() stops after this many pages (a server that never says complete).
    static constexpr int MaxPages = 1000;

    struct Filter
    {
        Jid with;                        // only the conversation with this address
        QDateTime start;                 // only messages at or after this time
        QDateTime end;                   // only messages at or before this time
        QString afterId;                 // the page after this archive id (RSM <after/>)
        std::optional<QString> beforeId; // the page before this id; "": the last page
    };

    // One archived message.
    struct ArchivedMessage
    {
        QString id;          // the archive's id for it (its XEP-0359 stanza-id there)
        QDateTime timestamp; // when it was sent (XEP-0203 delay of the result); may be invalid
        Message message;     // as archived: 'from' and 'to' say who sent it to whom
    };

    // The answer to one query.
    struct Page
    {
        IqResult::Status status = IqResult::Status::Result;
        QString error;                   // for the user, when !ok()
        QList<ArchivedMessage> messages; // in archive order (oldest first)
        QString first;                   // archive ids of the first and last message of the page
        QString last;
        bool complete = false; // no further page in the direction of the query
        std::optional<int> count;

        bool ok() const { return status == IqResult::Status::Result; }
    };
    using PageCallback = std::function<void(const Page &page)>;

    explicit MamExtension(Account *account);

    bool handleMessage(const Message &message) override;
    void sessionEnded() override;

    // Queries an archive (a null archive: our account's). The callback runs once with the page,
    // or with an error, a timeout or a disconnect; never after context is gone. Returns the
    // queryid.
    QString query(const Jid &archive, const Filter &filter, int max, QObject *context,
                  PageCallback callback);

    // Everything our archive holds after lastArchivedId (everything when it is empty), oldest
    // first, page by page forward until the archive says complete. The callback runs once per
    // page; the last call has complete == true or !ok().
    void fetchSince(const QString &lastArchivedId, QObject *context, PageCallback callback,
                    int pageSize = DefaultPageSize);
    // Like fetchSince() with any filter (its afterId is where paging starts).
    void fetchForward(const Jid &archive, const Filter &filter, QObject *context,
                      PageCallback callback, int pageSize = DefaultPageSize);
    // Scrolling back: the max messages of the conversation with `with` just before beforeId (an
    // empty beforeId: the newest ones), oldest first. complete: the start of the archive.
    void fetchBefore(const Jid &with, const QString &beforeId, int max, QObject *context,
                     PageCallback callback);

    // The id our archive (archive = our bare JID) or a room's gave a live message, from its
    // XEP-0359 <stanza-id by='archive'/>; empty when it has none from that archive. Only the
    // archive's own stanza-id counts: anyone can add others.
    static QString archiveIdOf(const Message &message, const Jid &archive);

    // Queries that are waiting for their <fin/>.
    qsizetype runningQueries() const { return m_queries.size(); }

Q_SIGNALS:
    // Each accepted result as it arrives (before its query's callback runs).
    void resultReceived(const QString &queryId, const natter::MamExtension::ArchivedMessage &m);

private:
    struct Running
    {
        Jid archive; // null: our own account
        QList<ArchivedMessage> messages;
    };

    bool isFromArchive(const Message &message, const Jid &archive) const;
    void nextPage(const Jid &archive, Filter filter, int pageSize, int pagesLeft,
                  QPointer<QObject> context, bool hasContext, PageCallback callback);

    QHash<QString, Running> m_queries; // by queryid
};

} // namespace natter
