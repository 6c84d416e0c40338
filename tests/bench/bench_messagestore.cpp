// SPDX-License-Identifier: GPL-3.0-or-later
//
// bench_messagestore: the figures the performance issue asks of the message store.
//
//   "With 1,000,000 messages in the store: open a chat and show its last 50 messages in under
//    10 ms; a full-text search in under 50 ms; store size per message; memory while scrolling a
//    100,000-message chat stays flat."
//
// Fills a temporary MessageStore through its public add() with deterministic pseudo-chat (a seeded
// QRandomGenerator, Zipf-distributed words, bursts of messages per conversation, ids, origin-ids
// and stanza-ids) - most of it as a bulk load with a page cache that holds the whole store, the
// last 20,000 messages at the app's pace, timed on their own - then times latest(), search() and
// before() and samples the process RSS while scrolling back. It prints figures; it never fails on
// a time (only when the store misbehaves, e.g. cannot open or a scroll misses messages).
//
//   bench_messagestore [--messages N] [--conversations N] [--seed N] [--dir DIR] [--keep]
//                      [--store FILE] [--smoke] [--json FILE]
//
// One conversation holds a tenth of the messages (100,000 of 1,000,000), the others share the rest
// with a skewed distribution. About 2 minutes and 600 MB of disk with the default million.
#include "BenchSupport.h"
#include "storage/MessageStore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUuid>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <vector>

#ifdef __GLIBC__
#include <malloc.h>
#endif

using namespace natter;
using namespace Qt::StringLiterals;

namespace {

// ---------------------------------------------------------------------------------------------
// Measuring

using bench::Figure;
using bench::msSince;
using bench::rssKiB;
using bench::Stats;
using bench::statsOf;

qint64 fileSize(const QString &path)
{
    const QFileInfo info(path);
    return info.exists() ? info.size() : 0;
}

QString thousands(qint64 n)
{
    QString digits = QString::number(n);
    for (int i = int(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(i, u',');
    return digits;
}

void heading(const char *title)
{
    std::printf("\n%s\n", title);
    std::fflush(stdout);
}

void statsRow(const QString &what, const Stats &s, const QString &extra = {})
{
    std::printf("  %-46s %9.3f %9.3f %9.3f %6d  %s\n", qUtf8Printable(what), s.median, s.p95, s.max,
                s.runs, qUtf8Printable(extra));
    std::fflush(stdout);
}

void statsHeader(const char *first, const char *extra = "")
{
    std::printf("  %-46s %9s %9s %9s %6s  %s\n", first, "median ms", "p95 ms", "max ms", "runs",
                extra);
}

// Runs f until `runs` runs or `budgetMs` are used (at least 3 runs), returning the times in ms.
std::vector<double> repeat(const std::function<void()> &f, int runs, double budgetMs)
{
    std::vector<double> times;
    QElapsedTimer total;
    total.start();
    for (int i = 0; i < runs && (i < 3 || msSince(total) < budgetMs); ++i) {
        QElapsedTimer t;
        t.start();
        f();
        times.push_back(msSince(t));
    }
    return times;
}

// ---------------------------------------------------------------------------------------------
// Deterministic pseudo-chat

// Frequent chat words, roughly by frequency; the Zipf ranks continue with made-up words.
constexpr auto CommonWords =
    "i you the to a and it is that me in my of for so ok have be not just on what was do but are "
    "we no yes this it's can with at all like lol get know if u oh about how will good there up "
    "what's think see go too out one now when going time yeah well did then your here want really "
    "would thanks need don't sure back right home work day got they he she them her his some more "
    "today could from been make by come also much maybe yes! hey let call said new still only "
    "tomorrow night tonight sorry love an or am as there's because take something see you nice "
    "where why who which never always though hope great last first next week morning later soon "
    "haha yep nope fine cool people thing things any over after before very thank happy bad little "
    "meeting dinner lunch coffee train bus car office phone message send sent read book movie "
    "weekend monday tuesday wednesday thursday friday saturday sunday month year birthday party "
    "kids school mom dad brother sister friend friends family house room kitchen door water food "
    "beer wine pizza tea shop store buy bought money pay price ticket tickets flight hotel trip "
    "holiday beach rain weather cold hot sun snow late early wait waiting ready done finished "
    "start started stop meet meeting? see? free busy tired sleep bed wake hour hours minute "
    "minutes check checked picture photo photos video link email emails file files update bug "
    "server laptop computer screen code release build test tests fixed broken problem issue idea "
    "plan plans question answer talk talked tell told ask asked remember forgot forget leave left "
    "arrive arrived station airport street city town park garden dog cat game match team win lost";

struct Vocabulary
{
    QStringList words;
    std::vector<double> cumulative; // Zipf-Mandelbrot weights, summed
};

Vocabulary makeVocabulary(QRandomGenerator &rng, int size)
{
    Vocabulary v;
    QSet<QString> seen;
    for (const QString &w : QString::fromLatin1(CommonWords).split(u' ', Qt::SkipEmptyParts)) {
        if (!seen.contains(w)) {
            seen.insert(w);
            v.words.append(w);
        }
    }
    static const char *const onsets[] = {"b",  "c",  "d",  "f",  "g",   "h",  "j",  "k",
                                         "l",  "m",  "n",  "p",  "r",   "s",  "t",  "v",
                                         "w",  "z",  "br", "ch", "cr",  "dr", "fl", "gr",
                                         "pl", "pr", "sh", "st", "str", "th", "tr", ""};
    static const char *const vowels[] = {"a", "e", "i", "o", "u", "ai", "ea", "ou", "io", "y"};
    static const char *const codas[] = {"", "", "", "n", "r", "s", "l", "t", "nd", "rk", "m", "x"};
    while (v.words.size() < size) {
        QString w;
        const int syllables = 2 + int(rng.bounded(3));
        for (int s = 0; s < syllables; ++s) {
            w += QLatin1String(onsets[rng.bounded(int(std::size(onsets)))]);
            w += QLatin1String(vowels[rng.bounded(int(std::size(vowels)))]);
        }
        w += QLatin1String(codas[rng.bounded(int(std::size(codas)))]);
        if (!seen.contains(w)) {
            seen.insert(w);
            v.words.append(w);
        }
    }
    double sum = 0;
    v.cumulative.reserve(size_t(v.words.size()));
    for (int rank = 0; rank < v.words.size(); ++rank) {
        sum += 1.0 / std::pow(rank + 2.7, 1.05);
        v.cumulative.push_back(sum);
    }
    return v;
}

const QString &pickWord(const Vocabulary &v, QRandomGenerator &rng)
{
    const double x = rng.generateDouble() * v.cumulative.back();
    const auto it = std::upper_bound(v.cumulative.begin(), v.cumulative.end(), x);
    const size_t i = std::min(size_t(it - v.cumulative.begin()), v.cumulative.size() - 1);
    return v.words.at(qsizetype(i));
}

// Mostly short lines, some sentences, a few long paragraphs; now and then a link or an emoji.
QString makeBody(const Vocabulary &v, QRandomGenerator &rng)
{
    const int kind = int(rng.bounded(100));
    int words = 0;
    if (kind < 40)
        words = 1 + int(rng.bounded(4));
    else if (kind < 80)
        words = 5 + int(rng.bounded(8));
    else if (kind < 95)
        words = 13 + int(rng.bounded(18));
    else
        words = 31 + int(rng.bounded(90));
    QString body;
    body.reserve(words * 6 + 8);
    for (int i = 0; i < words; ++i) {
        if (i)
            body += rng.bounded(12) == 0 ? u", "_s : u" "_s;
        QString w = pickWord(v, rng);
        if (i == 0 && rng.bounded(3))
            w[0] = w[0].toUpper();
        body += w;
    }
    switch (rng.bounded(10)) {
    case 0:
    case 1:
        body += u'.';
        break;
    case 2:
        body += u'?';
        break;
    case 3:
        body += u'!';
        break;
    default:
        break;
    }
    if (rng.bounded(50) == 0)
        body += u" https://example.org/%1"_s.arg(rng.generate(), 0, 36);
    if (rng.bounded(100) == 0)
        body += u" 🙂"_s;
    return body;
}

QString makeUuid(QRandomGenerator &rng)
{
    QByteArray bytes(16, Qt::Uninitialized);
    rng.fillRange(reinterpret_cast<quint32 *>(bytes.data()), 4);
    bytes[6] = char((bytes[6] & 0x0f) | 0x40); // version 4
    bytes[8] = char((bytes[8] & 0x3f) | 0x80); // RFC 4122 variant
    return QUuid::fromRfc4122(bytes).toString(QUuid::WithoutBraces);
}

QString makeShortId(QRandomGenerator &rng, int length)
{
    static const char alphabet[] =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
    QString id(length, Qt::Uninitialized);
    for (int i = 0; i < length; ++i)
        id[i] = QLatin1Char(alphabet[rng.bounded(64)]);
    return id;
}

struct Conversation
{
    Jid peer;
    QStringList resources;
    qint64 messages = 0;
};

// Conversation 0 holds a tenth of all messages; the others share the rest, skewed (1/(i+3)^1.2).
QList<Conversation> makeConversations(qint64 total, int count)
{
    static const char *const names[] = {"alice",   "bob",   "carol",  "dave",   "erin",
                                        "frank",   "grace", "heidi",  "ivan",   "judy",
                                        "mallory", "niaj",  "olivia", "peggy",  "rupert",
                                        "sybil",   "trent", "victor", "walter", "yasmin"};
    static const char *const domains[] = {"example.org", "jabber.example", "chat.example.net",
                                          "xmpp.example.com"};
    QList<Conversation> out;
    const qint64 big = std::max<qint64>(1, total / 10);
    qint64 rest = total - big;
    std::vector<double> weights;
    double sum = 0;
    for (int i = 1; i < count; ++i) {
        weights.push_back(1.0 / std::pow(i + 2, 1.2));
        sum += weights.back();
    }
    for (int i = 0; i < count; ++i) {
        Conversation c;
        c.peer = Jid::fromString(u"%1.%2@%3"_s.arg(QLatin1String(names[i % std::size(names)]))
                                     .arg(i)
                                     .arg(QLatin1String(domains[i % std::size(domains)])));
        c.resources = {u"phone"_s, u"laptop-%1"_s.arg(i), u"gajim.X%1"_s.arg(i * 7919, 0, 16)};
        c.messages =
            i == 0
                ? big
                : std::max<qint64>(1, qint64(double(total - big) * weights[size_t(i - 1)] / sum));
        if (i)
            rest -= c.messages;
        out.append(c);
    }
    if (count > 1)
        out[1].messages += rest; // rounding (may be negative by a few for tiny totals)
    for (Conversation &c : out)
        c.messages = std::max<qint64>(c.messages, 1);
    return out;
}

// ---------------------------------------------------------------------------------------------

struct Options
{
    qint64 messages = 1'000'000;
    int conversations = 200;
    quint32 seed = 42;
    QString dir;
    QString store; // reuse this store (kept from a run with the same options) instead of filling
    bool keep = false;
    bench::CommonOptions common;
};

constexpr int PageSize = 50;
// Filling: most messages are loaded in big transactions with a page cache that holds the whole
// store (a bulk load; the app never runs like this), the last ones at the app's pace: one commit
// per page of 100 from the archive (HistorySync::DefaultPageSize), SQLite's default cache.
constexpr int LoadCommitEvery = 100'000;
constexpr int IngestCommitEvery = 100;
const Jid Me = Jid::fromString(u"me@example.org/natter-bench");

bool reopen(MessageStore &store, const QString &path, double *ms = nullptr)
{
    store.close();
    QElapsedTimer t;
    t.start();
    QString error;
    if (!store.open(path, &error)) {
        std::fprintf(stderr, "cannot open the store: %s\n", qUtf8Printable(error));
        return false;
    }
    if (ms)
        *ms = msSince(t);
    return true;
}

// Widens the page cache of the store's own connection (found by its file) until it is reopened:
// with SQLite's 2 MiB, every commit writes, and every insert reads back, pages of the indexes on
// random ids (origin-id, stanza-id, message id), and a million messages take six minutes.
bool widenPageCache(const QString &path)
{
    for (const QString &name : QSqlDatabase::connectionNames()) {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isOpen() && db.databaseName() == path) {
            QSqlQuery q(db);
            return q.exec(u"PRAGMA cache_size = -2097152"_s); // 2 GiB, more than the store
        }
    }
    return false;
}

struct FillResult
{
    bool ok = false;
    qint64 loaded = 0;
    double loadSeconds = 0;
    qint64 ingested = 0;
    double ingestSeconds = 0;
};

// Stores `total` messages through MessageStore::add(): the first total - ingest as a bulk load,
// the rest at the app's pace (timed on their own).
FillResult fill(MessageStore &store, const QString &path, const QList<Conversation> &conversations,
                const Vocabulary &vocab, QRandomGenerator &rng, qint64 total, qint64 ingest)
{
    FillResult result;
    std::vector<qint64> left;
    qint64 leftTotal = 0;
    for (const Conversation &c : conversations) {
        left.push_back(c.messages);
        leftTotal += c.messages;
    }
    const qint64 load = total - ingest;
    if (!widenPageCache(path))
        std::printf("  (cannot widen the page cache: loading at the app's pace)\n");
    // 2021-01-01, then bursts: a few seconds to minutes within one, minutes between them.
    qint64 ts = 1'609'459'200'000;
    qint64 added = 0;
    QElapsedTimer timer;
    timer.start();
    QElapsedTimer tenth;
    tenth.start();
    qint64 nextReport = load / 10;
    std::printf("  %-12s %12s %14s\n", "loaded", "messages/s", "(this tenth)");
    while (leftTotal > 0) {
        // A conversation, by how many messages it has left; then a burst of 1 to 24 messages.
        qint64 pick = qint64(rng.bounded(quint64(leftTotal)));
        size_t c = 0;
        while (pick >= left[c]) {
            pick -= left[c];
            ++c;
        }
        const Conversation &conv = conversations.at(qsizetype(c));
        const qint64 burst = std::min<qint64>(left[c], 1 + rng.bounded(24));
        ts += 60'000 + rng.bounded(19 * 60'000);
        for (qint64 i = 0; i < burst; ++i) {
            ts += 1'000 + rng.bounded(90'000);
            ChatMessage m;
            m.peer = conv.peer;
            m.kind = ChatMessage::Kind::Chat;
            m.timestamp = QDateTime::fromMSecsSinceEpoch(ts, Qt::UTC);
            m.body = makeBody(vocab, rng);
            // A topic of the first weeks, never mentioned since (drawn without the generator, so
            // the rest of the text stays what it was).
            if (added < total / 20 && added % 5 == 0)
                m.body += u" zanzibar"_s;
            QString originId;
            if (rng.bounded(2)) {
                m.direction = ChatMessage::Direction::Outgoing;
                m.state = ChatMessage::State::Sent;
                m.from = Me;
                m.id = makeUuid(rng); // ours: the id is the origin-id
                originId = m.id;
            } else {
                m.direction = ChatMessage::Direction::Incoming;
                m.state = ChatMessage::State::Received;
                m.from = conv.peer.withResource(conv.resources.at(rng.bounded(3)));
                m.id = makeShortId(rng, 12);
                if (rng.bounded(5)) // most clients send an origin-id
                    originId = makeUuid(rng);
            }
            // Most messages reached us through the archive (or live with its stanza-id).
            const QString stanzaId = rng.bounded(10) ? makeUuid(rng) : QString();
            const bool read = added < total - 2'000;
            const auto stored = store.add(m, originId, stanzaId, read);
            if (!stored.rowId || stored.duplicate) {
                std::fprintf(stderr, "add failed at message %lld\n", added);
                return result;
            }
            ++added;
            if (added <= load) {
                if (added % LoadCommitEvery == 0 || added == load)
                    store.flush();
                if (added == nextReport) {
                    const double rate = double(load / 10) / (double(tenth.nsecsElapsed()) / 1e9);
                    std::printf("  %-12s %12.0f %14.0f\n", qUtf8Printable(thousands(added)),
                                double(added) / (double(timer.nsecsElapsed()) / 1e9), rate);
                    std::fflush(stdout);
                    tenth.restart();
                    nextReport += load / 10;
                }
                if (added == load) {
                    result.loaded = load;
                    result.loadSeconds = double(timer.nsecsElapsed()) / 1e9;
                    if (!reopen(store, path)) // SQLite's own cache from here on
                        return result;
                    timer.restart();
                }
            } else if ((added - load) % IngestCommitEvery == 0) {
                store.flush();
            }
        }
        left[c] -= burst;
        leftTotal -= burst;
    }
    store.flush();
    result.ingested = added - load;
    result.ingestSeconds = double(timer.nsecsElapsed()) / 1e9;
    result.ok = added == total;
    return result;
}

// A second connection for what the store's API does not tell: how big each table and index is.
void printSpaceByObject(const QString &path)
{
    const QString name = u"bench-inspect"_s;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(u"SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"_s)) {
                std::printf("  %-32s %10s\n", "table or index (dbstat)", "MiB");
                while (q.next()) {
                    const double mib = q.value(1).toDouble() / 1048576.0;
                    if (mib >= 0.05)
                        std::printf("  %-32s %10.1f\n", qUtf8Printable(q.value(0).toString()), mib);
                }
            } else {
                std::printf("  (no dbstat in this SQLite: no breakdown)\n");
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

// How many messages match a search (all of them, not only the page search() returns).
qint64 countMatches(const QString &path, const QString &text)
{
    const QString name = u"bench-count"_s;
    qint64 n = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        if (db.open()) {
            QStringList terms;
            for (const QString &w : text.split(u' ', Qt::SkipEmptyParts))
                terms.append(u'"' + w + u'"');
            QSqlQuery q(db);
            q.prepare(u"SELECT COUNT(*) FROM messages_fts WHERE messages_fts MATCH ?"_s);
            q.addBindValue(terms.join(u' '));
            if (q.exec() && q.next())
                n = q.value(0).toLongLong();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return n;
}

int run(const Options &options)
{
    QTemporaryDir tempDir(options.dir.isEmpty() ? QDir::tempPath() + u"/bench_messagestore-XXXXXX"_s
                                                : options.dir + u"/bench_messagestore-XXXXXX"_s);
    if (!tempDir.isValid()) {
        std::fprintf(stderr, "cannot create a temporary directory\n");
        return 2;
    }
    tempDir.setAutoRemove(!options.keep);
    const bool reuse = !options.store.isEmpty();
    const QString path = reuse ? options.store : tempDir.filePath(u"messages.db"_s);
    bench::Report report(u"bench_messagestore"_s, options.common);
    report.setParameter(u"messages"_s, options.messages);
    report.setParameter(u"conversations"_s, options.conversations);
    report.setParameter(u"seed"_s, qint64(options.seed));

    QRandomGenerator rng(options.seed);
    const Vocabulary vocab = makeVocabulary(rng, 30'000);
    const QList<Conversation> conversations =
        makeConversations(options.messages, options.conversations);
    const Conversation &big = conversations.first();
    // The "small" chat: a typical one, the median of the others by size.
    QList<Conversation> others = conversations.mid(1);
    std::sort(others.begin(), others.end(),
              [](const Conversation &a, const Conversation &b) { return a.messages < b.messages; });
    const Conversation small = others.isEmpty() ? big : others.at(others.size() / 2);

    report.printHeader(u"%1 messages in %2 conversations (largest %3, a typical one %4), seed %5"_s
                           .arg(thousands(options.messages))
                           .arg(options.conversations)
                           .arg(thousands(big.messages), thousands(small.messages))
                           .arg(options.seed));
    std::printf("store: %s%s\n", qUtf8Printable(path),
                reuse          ? " (reused, not filled)"
                : options.keep ? " (kept)"
                               : "");

    MessageStore store;
    QString error;
    if (!store.open(path, &error)) {
        std::fprintf(stderr, "cannot open the store: %s\n", qUtf8Printable(error));
        return 2;
    }

    // 1. Fill ------------------------------------------------------------------------------------
    heading("1. Fill: MessageStore::add()");
    const qint64 ingest = std::min<qint64>(20'000, options.messages / 10);
    if (reuse) {
        if (store.count(big.peer) != big.messages) {
            std::fprintf(stderr, "%s was not filled with these options\n", qUtf8Printable(path));
            return 2;
        }
        std::printf("  (skipped: reusing the store)\n");
    } else {
        const FillResult filled =
            fill(store, path, conversations, vocab, rng, options.messages, ingest);
        if (!filled.ok)
            return 1;
        const double loadRate = double(filled.loaded) / filled.loadSeconds;
        const double ingestRate = double(filled.ingested) / filled.ingestSeconds;
        std::printf("  bulk load: %s messages in %.1f s, %.0f messages/s (a commit every %s, "
                    "page cache widened to hold the store)\n",
                    qUtf8Printable(thousands(filled.loaded)), filled.loadSeconds, loadRate,
                    qUtf8Printable(thousands(LoadCommitEvery)));
        std::printf("  the app's pace: the last %s messages in %.1f s, %.0f messages/s (a commit "
                    "every %d, SQLite's default cache)\n",
                    qUtf8Printable(thousands(filled.ingested)), filled.ingestSeconds, ingestRate,
                    IngestCommitEvery);
        report.add({u"messagestore.ingest_rate"_s,
                    u"add() into the full store, a commit per 100"_s,
                    u"msg/s"_s,
                    {},
                    {},
                    QString::number(ingestRate, 'f', 0)});
        report.add({u"messagestore.bulk_rate"_s,
                    u"bulk load (add(), big cache and transactions)"_s,
                    u"msg/s"_s,
                    {},
                    {},
                    QString::number(loadRate, 'f', 0)});
    }

#ifdef __GLIBC__
    malloc_trim(0); // the bulk load's page cache, freed when the store was reopened, back to the OS
#endif
    const qint64 walBefore = fileSize(path + u"-wal"_s);
    const qint64 dbBefore = fileSize(path);
    store.close(); // the last connection checkpoints the WAL into the database file
    const qint64 dbAfter = fileSize(path);
    const qint64 walAfter = fileSize(path + u"-wal"_s);
    const double perMessage = double(dbAfter + walAfter) / double(options.messages);
    std::printf("  before checkpoint: database %.1f MiB + WAL %.1f MiB\n", dbBefore / 1048576.0,
                walBefore / 1048576.0);
    std::printf("  after checkpoint:  database %.1f MiB + WAL %.1f MiB = %.0f bytes per message\n",
                dbAfter / 1048576.0, walAfter / 1048576.0, perMessage);
    printSpaceByObject(path);
    report.add({u"messagestore.bytes_per_message"_s,
                u"store size per message (db + WAL, checkpointed)"_s,
                u"bytes"_s,
                {},
                {},
                u"%1 (%2 MiB in all)"_s.arg(perMessage, 0, 'f', 0)
                    .arg((dbAfter + walAfter) / 1048576.0, 0, 'f', 0)});

    // 2. Open a chat -----------------------------------------------------------------------------
    heading("2. Open a chat: MessageStore::latest(peer, 50)");
    statsHeader("");
    std::vector<double> openTimes;
    std::vector<double> coldBig;
    std::vector<double> coldSmall;
    for (int i = 0; i < 50; ++i) {
        for (const Conversation *c : {&big, &small}) {
            double openMs = 0;
            if (!reopen(store, path, &openMs))
                return 2;
            openTimes.push_back(openMs);
            QElapsedTimer t;
            t.start();
            const auto page = store.latest(c->peer, PageSize);
            (c == &big ? coldBig : coldSmall).push_back(msSince(t));
            if (page.size() != std::min<qint64>(PageSize, c->messages)) {
                std::fprintf(stderr, "latest() returned %lld messages\n", qint64(page.size()));
                return 1;
            }
        }
    }
    statsRow(u"open() the store (schema check, pragmas)"_s, statsOf(openTimes));
    const Stats coldBigStats = statsOf(coldBig);
    statsRow(u"largest chat (%1), first after open()"_s.arg(thousands(big.messages)), coldBigStats);
    const Stats coldSmallStats = statsOf(coldSmall);
    statsRow(u"typical chat (%1), first after open()"_s.arg(thousands(small.messages)),
             coldSmallStats);
    const Stats warmBig = statsOf(repeat([&] { store.latest(big.peer, PageSize); }, 200, 5'000));
    statsRow(u"largest chat, again (warm)"_s, warmBig);
    const Stats warmSmall =
        statsOf(repeat([&] { store.latest(small.peer, PageSize); }, 200, 5'000));
    statsRow(u"typical chat, again (warm)"_s, warmSmall);
    int next = 0;
    const Stats everyChat = statsOf(repeat(
        [&] {
            store.latest(conversations.at(next).peer, PageSize);
            next = (next + 1) % int(conversations.size());
        },
        int(conversations.size()), 5'000));
    statsRow(u"each chat in turn (%1 chats)"_s.arg(conversations.size()), everyChat);
    const double openWorst =
        std::max({coldBigStats.p95, coldSmallStats.p95, warmBig.p95, warmSmall.p95, everyChat.p95});
    report.add({u"messagestore.latest_warm_largest"_s,
                u"open a chat: latest(peer, 50), largest chat warm"_s,
                u"ms"_s,
                u"< 10 ms"_s,
                warmBig,
                {},
                bench::verdictAtMost(warmBig, 10)});
    report.add({u"messagestore.latest_p95_worst"_s,
                u"open a chat: p95 of all cases"_s,
                u"ms"_s,
                u"< 10 ms"_s,
                {},
                QString::number(openWorst, 'f', 2),
                openWorst < 10 ? Figure::Verdict::Meets : Figure::Verdict::Misses});

    // 3. Full-text search ------------------------------------------------------------------------
    heading("3. Full-text search: MessageStore::search(text, 50)");
    struct Search
    {
        QString label;
        QString text;
    };
    // From the long tail (a name, say) to a word in a fifth of all messages, and a word only the
    // oldest messages hold (it must not make search() read the whole store).
    const QList<Search> searches{
        {u"rare word"_s, vocab.words.at(qMin<qsizetype>(vocab.words.size() - 1, 20'000))},
        {u"medium word"_s, u"lost"_s},
        {u"common word"_s, u"tomorrow"_s},
        {u"two words"_s, u"dinner tomorrow"_s},
        {u"very common word"_s, u"the"_s},
        {u"old topic"_s, u"zanzibar"_s},
        {u"no match"_s, u"xylophone"_s},
    };
    statsHeader("query", "matches  first after open() ms");
    double searchWorst = 0;
    QString searchWorstLabel;
    for (const Search &s : searches) {
        if (!reopen(store, path))
            return 2;
        QElapsedTimer t;
        t.start();
        const auto hits = store.search(s.text, PageSize);
        const double first = msSince(t);
        const Stats st = statsOf(repeat([&] { store.search(s.text, PageSize); }, 30, 4'000));
        statsRow(u"%1 \"%2\""_s.arg(s.label, s.text), st,
                 u"%1  %2"_s.arg(countMatches(path, s.text), 7).arg(first, 9, 'f', 2));
        if (hits.size() != std::min<qint64>(PageSize, countMatches(path, s.text))) {
            std::fprintf(stderr, "search() returned %lld hits\n", qint64(hits.size()));
            return 1;
        }
        if (st.p95 > searchWorst) {
            searchWorst = st.p95;
            searchWorstLabel = s.label;
        }
    }
    std::printf("  prefix queries: not offered; search() matches whole words (\"tom*\" finds the "
                "word \"tom\")\n");
    report.add({u"messagestore.search_p95_worst"_s,
                u"full-text search, p95 of the worst query (%1)"_s.arg(searchWorstLabel),
                u"ms"_s,
                u"< 50 ms"_s,
                {},
                QString::number(searchWorst, 'f', 2),
                searchWorst < 50 ? Figure::Verdict::Meets : Figure::Verdict::Misses});

    // 4. Scroll back -----------------------------------------------------------------------------
    heading("4. Scroll the largest chat back to its first message: before(peer, key, 50)");
    if (!reopen(store, path))
        return 2;
    std::vector<double> pageTimes;
    QList<qint64> rss;
    auto page = store.latest(big.peer, PageSize);
    qint64 seen = page.size();
    rss.append(rssKiB());
    QElapsedTimer scroll;
    scroll.start();
    while (!page.isEmpty()) {
        const MessageStore::Key key = MessageStore::keyOf(page.first());
        QElapsedTimer t;
        t.start();
        page = store.before(big.peer, key, PageSize);
        pageTimes.push_back(msSince(t));
        seen += page.size();
        if (pageTimes.size() % 100 == 0) {
            rss.append(rssKiB());
        }
    }
    const double scrollSeconds = double(scroll.nsecsElapsed()) / 1e9;
    rss.append(rssKiB());
    if (seen != big.messages) {
        std::fprintf(stderr, "scrolling saw %lld of %lld messages\n", seen, big.messages);
        return 1;
    }
    statsHeader("");
    const Stats pages = statsOf(pageTimes);
    statsRow(
        u"every page (%1 pages, %2 s in all)"_s.arg(pageTimes.size()).arg(scrollSeconds, 0, 'f', 1),
        pages);
    const size_t tenth = std::max<size_t>(1, pageTimes.size() / 10);
    statsRow(u"first tenth of the pages (newest)"_s,
             statsOf({pageTimes.begin(), pageTimes.begin() + qsizetype(tenth)}));
    statsRow(u"last tenth of the pages (oldest)"_s,
             statsOf({pageTimes.end() - qsizetype(tenth), pageTimes.end()}));
    std::printf("  RSS (MiB) every 100 pages:");
    for (int i = 0; i < rss.size(); ++i)
        std::printf("%s%.1f", i % 12 ? " " : "\n    ", rss.at(i) / 1024.0);
    const auto [lo, hi] = std::minmax_element(rss.begin(), rss.end());
    const auto [lo2, hi2] =
        std::minmax_element(rss.begin() + std::min<qsizetype>(1, rss.size() - 1), rss.end());
    std::printf("\n  spread max - min: %.2f MiB (from page 100 on: %.2f MiB)\n",
                (*hi - *lo) / 1024.0, (*hi2 - *lo2) / 1024.0);
    report.add({u"messagestore.before_page"_s,
                u"scroll: before(peer, key, 50) per page"_s,
                u"ms"_s,
                {},
                pages,
                u"p95 %1 ms"_s.arg(pages.p95, 0, 'f', 2)});
    report.add({u"messagestore.scroll_rss_spread"_s,
                u"scroll: RSS spread over %1 pages"_s.arg(pageTimes.size()),
                u"MiB"_s,
                u"flat"_s,
                {},
                u"%1 (%2 → %3)"_s.arg((*hi - *lo) / 1024.0, 0, 'f', 2)
                    .arg(rss.first() / 1024.0, 0, 'f', 1)
                    .arg(rss.last() / 1024.0, 0, 'f', 1),
                (*hi - *lo) < 4 * 1024 ? Figure::Verdict::Meets : Figure::Verdict::Misses});
    store.close();

    // Summary ------------------------------------------------------------------------------------
    heading("Summary");
    return report.print() ? 0 : 2;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"natter.store.info=false"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Fills a temporary message store and prints the figures of the performance issue."_s);
    parser.addHelpOption();
    const QCommandLineOption messages(
        u"messages"_s, u"Messages to store (default 1000000; 5000 with --smoke)."_s, u"n"_s);
    const QCommandLineOption conversations(
        u"conversations"_s, u"Conversations (default 200; 20 with --smoke)."_s, u"n"_s);
    const QCommandLineOption seed(u"seed"_s, u"Seed of the generated text (default 42)."_s, u"n"_s,
                                  u"42"_s);
    const QCommandLineOption dir(u"dir"_s,
                                 u"Where the temporary store goes (default: the "
                                 "system's temporary folder)."_s,
                                 u"dir"_s);
    const QCommandLineOption keep(u"keep"_s, u"Keep the store afterwards."_s);
    const QCommandLineOption store(u"store"_s,
                                   u"Measure this store, kept (--keep) from a run with the same "
                                   "--messages, --conversations and --seed, instead of filling "
                                   "a new one."_s,
                                   u"file"_s);
    parser.addOptions({messages, conversations, seed, dir, keep, store});
    bench::addCommonOptions(parser);
    parser.process(app);

    Options options;
    options.common = bench::commonOptions(parser);
    const bool smoke = options.common.smoke;
    bool ok = true;
    options.messages = parser.isSet(messages) ? parser.value(messages).toLongLong(&ok)
                                              : (smoke ? 5'000 : 1'000'000);
    if (!ok || options.messages < 1000) {
        std::fprintf(stderr, "--messages: a number of at least 1000\n");
        return 2;
    }
    options.conversations =
        parser.isSet(conversations) ? parser.value(conversations).toInt(&ok) : (smoke ? 20 : 200);
    if (!ok || options.conversations < 2 || options.conversations > options.messages / 10) {
        std::fprintf(stderr, "--conversations: at least 2, at most a tenth of the messages\n");
        return 2;
    }
    options.seed = parser.value(seed).toUInt(&ok);
    if (!ok) {
        std::fprintf(stderr, "--seed: a number\n");
        return 2;
    }
    options.dir = parser.value(dir);
    options.keep = parser.isSet(keep);
    options.store = parser.value(store);
    return run(options);
}
