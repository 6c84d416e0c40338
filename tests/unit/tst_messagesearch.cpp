// SPDX-License-Identifier: GPL-3.0-or-later
// Full-text search at size: one message found among 100,000 stored ones (issue 5).
#include "storage/MessageStore.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace natter;
using namespace Qt::StringLiterals;

class tst_MessageSearch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void findsOneMessageAmongAHundredThousand()
    {
        QTemporaryDir dir;
        MessageStore store;
        QVERIFY(store.open(dir.filePath(u"messages.sqlite"_s)));

        const QList<Jid> peers = {Jid::fromString(u"romeo@example.net"),
                                  Jid::fromString(u"nurse@example.com"),
                                  Jid::fromString(u"tybalt@example.org")};
        const QStringList words = {u"orchard"_s, u"balcony"_s, u"tonight"_s, u"moon"_s,
                                   u"letter"_s,  u"friar"_s,   u"dagger"_s,  u"window"_s};
        const QDateTime t0(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
        constexpr int Total = 100'000;
        constexpr int Needle = 73'137;

        QElapsedTimer fill;
        fill.start();
        // Every add() joins one batch (one transaction) until flush().
        for (int i = 0; i < Total; ++i) {
            ChatMessage m;
            m.id = u"m%1"_s.arg(i);
            m.peer = peers.at(i % peers.size());
            m.from = m.peer.withResource(u"phone");
            m.direction =
                i % 2 ? ChatMessage::Direction::Incoming : ChatMessage::Direction::Outgoing;
            m.state = m.direction == ChatMessage::Direction::Incoming ? ChatMessage::State::Received
                                                                      : ChatMessage::State::Sent;
            m.timestamp = t0.addSecs(i);
            m.body = i == Needle ? u"Meet me by the pomegranate tree at dawn"_s
                                 : u"the %1 and the %2, message %3"_s
                                       .arg(words.at(i % words.size()),
                                            words.at((i / words.size()) % words.size()))
                                       .arg(i);
            QVERIFY(store.add(m).rowId > 0);
        }
        store.flush();
        qInfo("stored %d messages in %lld ms", Total, fill.elapsed());

        QElapsedTimer timer;
        timer.start();
        const QList<MessageStore::SearchHit> hits = store.search(u"pomegranate"_s);
        const qint64 ms = timer.elapsed();
        qInfo("search took %lld ms", ms);
        QCOMPARE(hits.size(), 1);
        QCOMPARE(hits.first().entry.message.id, u"m%1"_s.arg(Needle));
        QVERIFY(hits.first().entry.message.peer.bareEquals(peers.at(Needle % peers.size())));
        QVERIFY(hits.first().snippet.contains(u"\x02pomegranate\x03"_s));

        // Two words, both needed: still that one message.
        QCOMPARE(store.search(u"dawn pomegranate"_s).size(), 1);
        // A common word finds many, newest first, up to the limit.
        const QList<MessageStore::SearchHit> many = store.search(u"orchard"_s, 20);
        QCOMPARE(many.size(), 20);
        QVERIFY(many.first().entry.message.timestamp > many.last().entry.message.timestamp);
    }
};

QTEST_GUILESS_MAIN(tst_MessageSearch)
#include "tst_messagesearch.moc"
