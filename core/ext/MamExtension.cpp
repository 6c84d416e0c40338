// SPDX-License-Identifier: GPL-3.0-or-later
#include "MamExtension.h"

#include "account/Account.h"
#include "payloads/MamFin.h"
#include "payloads/MamQuery.h"
#include "payloads/MamResult.h"
#include "xml/Namespaces.h"

#include <QLoggingCategory>

namespace natter {

namespace {
Q_LOGGING_CATEGORY(lcMam, "natter.mam")
} // namespace

MamExtension::MamExtension(Account *account)
    : Extension(account)
{}

QString MamExtension::archiveIdOf(const Message &message, const Jid &archive)
{
    for (const XmlElement &sid : message.element().children(ns::StanzaId, u"stanza-id")) {
        if (Jid::fromString(sid.attribute(u"by")) == archive)
            return sid.attribute(u"id");
    }
    return {};
}

QString MamExtension::query(const Jid &archive, const Filter &filter, int max, QObject *context,
                            PageCallback callback)
{
    const Jid own = account()->jid().bare();
    const Jid target = archive.isNull() || archive.bare() == own ? Jid() : archive.bare();
    QString queryId = Stanza::generateId();
    while (m_queries.contains(queryId))
        queryId = Stanza::generateId();

    MamQuery q;
    q.queryId = queryId;
    q.with = filter.with;
    q.start = filter.start;
    q.end = filter.end;
    ResultSet set;
    if (max > 0)
        set.max = max;
    if (!filter.afterId.isEmpty())
        set.after = filter.afterId;
    set.before = filter.beforeId;
    q.resultSet = set;

    Iq iq(Iq::Type::Set, q.toElement());
    iq.setTo(target);
    m_queries.insert(queryId, Running{target, {}});
    qCDebug(lcMam) << "query" << queryId << "to" << (target.isNull() ? own : target).toString()
                   << "with" << filter.with.toString() << "after" << filter.afterId << "before"
                   << filter.beforeId.value_or(QStringLiteral("(none)")) << "max" << max;

    QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    account()->request(
        iq, this,
        [this, queryId, guard, hasContext, callback = std::move(callback)](const IqResult &result) {
            Page page;
            page.messages = m_queries.take(queryId).messages;
            if (!result.ok()) {
                page.status = result.status;
                page.error = result.errorString();
                qCWarning(lcMam) << "query" << queryId << "failed:" << page.error;
            } else if (auto fin = MamFin::fromElement(result.payload())) {
                page.first = fin->resultSet.first;
                page.last = fin->resultSet.last;
                page.complete = fin->complete;
                page.count = fin->resultSet.count;
                qCDebug(lcMam) << "query" << queryId << "done:" << page.messages.size()
                               << "messages, complete" << page.complete;
            } else {
                page.status = IqResult::Status::Error;
                page.error = tr("The archive sent an answer that was not "
                                "understood.");
                qCWarning(lcMam) << "query" << queryId << "ended without <fin/>";
            }
            if (hasContext && !guard)
                return;
            if (callback)
                callback(page);
        });
    return queryId;
}

bool MamExtension::isFromArchive(const Message &message, const Jid &archive) const
{
    if (archive.isNull()) // our own archive: the server speaks for our account
        return !message.hasFrom() || message.from() == account()->jid().bare();
    return message.hasFrom() && message.from() == archive;
}

bool MamExtension::handleMessage(const Message &message)
{
    const XmlElement element = message.element().firstChild(ns::Mam, u"result");
    if (element.isNull())
        return false;
    const QString queryId = element.attribute(u"queryid");
    const auto it = m_queries.find(queryId);
    if (it == m_queries.end()) {
        qCWarning(lcMam) << "dropping an archive result for unknown query" << queryId << "from"
                         << message.element().attribute(u"from");
        return true;
    }
    if (!isFromArchive(message, it->archive)) {
        qCWarning(lcMam)
            << "dropping an archive result from" << message.element().attribute(u"from")
            << "for query" << queryId << "sent to"
            << (it->archive.isNull() ? account()->jid().bare() : it->archive).toString();
        return true;
    }
    const std::optional<MamResult> result = MamResult::fromElement(element);
    if (!result) {
        qCWarning(lcMam) << "dropping an invalid archive result for query" << queryId;
        return true;
    }
    ArchivedMessage archived;
    archived.id = result->id;
    archived.message = result->forwarded.message;
    if (result->forwarded.delay)
        archived.timestamp = result->forwarded.delay->stamp;
    else
        qCDebug(lcMam) << "archive result" << result->id << "without a delay stamp";
    it->messages.append(archived);
    Q_EMIT resultReceived(queryId, archived);
    return true;
}

void MamExtension::sessionEnded()
{
    // Account fails the queries' IQs (Disconnected) before this; stray results are dropped.
    m_queries.clear();
}

void MamExtension::fetchSince(const QString &lastArchivedId, QObject *context,
                              PageCallback callback, int pageSize)
{
    Filter filter;
    filter.afterId = lastArchivedId;
    fetchForward(Jid(), filter, context, std::move(callback), pageSize);
}

void MamExtension::fetchForward(const Jid &archive, const Filter &filter, QObject *context,
                                PageCallback callback, int pageSize)
{
    Filter forward = filter;
    forward.beforeId.reset();
    nextPage(archive, forward, pageSize, MaxPages, QPointer<QObject>(context), context != nullptr,
             std::move(callback));
}

void MamExtension::nextPage(const Jid &archive, Filter filter, int pageSize, int pagesLeft,
                            QPointer<QObject> context, bool hasContext, PageCallback callback)
{
    query(archive, filter, pageSize, this,
          [this, archive, filter, pageSize, pagesLeft, context, hasContext,
           callback = std::move(callback)](const Page &page) mutable {
              if (hasContext && !context)
                  return;
              Page out = page;
              if (out.ok() && !out.complete) {
                  if (out.messages.isEmpty() || out.last.isEmpty() || out.last == filter.afterId) {
                      // Without progress the next page would be this one again.
                      qCWarning(lcMam) << "the archive did not advance after" << filter.afterId;
                      out.status = IqResult::Status::Error;
                      out.error = tr("The archive did not send further messages.");
                  } else if (pagesLeft <= 1) {
                      qCWarning(lcMam) << "stopping after" << MaxPages << "pages";
                      out.status = IqResult::Status::Error;
                      out.error = tr("The archive holds more messages than fetched at once.");
                  }
              }
              const bool more = out.ok() && !out.complete;
              const QString last = out.last;
              callback(out);
              if (!more || (hasContext && !context))
                  return;
              filter.afterId = last;
              nextPage(archive, filter, pageSize, pagesLeft - 1, context, hasContext,
                       std::move(callback));
          });
}

void MamExtension::fetchBefore(const Jid &with, const QString &beforeId, int max, QObject *context,
                               PageCallback callback)
{
    Filter filter;
    filter.with = with;
    filter.beforeId = beforeId; // empty: the last page
    query(Jid(), filter, max, context, std::move(callback));
}

} // namespace natter
