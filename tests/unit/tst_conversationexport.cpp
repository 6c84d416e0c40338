// SPDX-License-Identifier: GPL-3.0-or-later
// Exporting a conversation: plain text lines and JSON objects (escaping included), and writing a
// whole stored conversation oldest first, a page at a time.
#include "services/ConversationExport.h"
#include "services/ConversationExportJob.h"
#include "storage/MessageStore.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace natter;
using namespace Qt::StringLiterals;

namespace {

const Jid Own = Jid::fromString(u"juliet@example.com/balcony");
const Jid Romeo = Jid::fromString(u"romeo@example.net");
const QDateTime T0(QDate(2026, 3, 14), QTime(9, 30, 5), Qt::UTC);

ChatMessage message(ChatMessage::Direction direction, const QString &id, const QString &body,
                    const QDateTime &time = T0)
{
    ChatMessage m;
    m.id = id;
    m.peer = Romeo;
    m.direction = direction;
    m.from = direction == ChatMessage::Direction::Incoming ? Romeo.withResource(u"orchard") : Own;
    m.state = direction == ChatMessage::Direction::Incoming ? ChatMessage::State::Received
                                                            : ChatMessage::State::Delivered;
    m.body = body;
    m.timestamp = time;
    return m;
}

ConversationExport::Parties parties()
{
    return {Own, u"Juliet"_s, u"Romeo"_s};
}

QString localStamp(const QDateTime &time)
{
    return time.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s);
}

} // namespace

class tst_ConversationExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void plainLineHasTimeNameAndText()
    {
        QCOMPARE(
            ConversationExport::plainLine(
                message(ChatMessage::Direction::Incoming, u"a"_s, u"Hello there"_s), parties()),
            u"[%1] Romeo: Hello there"_s.arg(localStamp(T0)));
        QCOMPARE(
            ConversationExport::plainLine(
                message(ChatMessage::Direction::Outgoing, u"b"_s, u"Hi \"love\""_s), parties()),
            u"[%1] Juliet: Hi \"love\""_s.arg(localStamp(T0)));
    }

    void plainLineEscapesLineBreaks()
    {
        const QString line =
            ConversationExport::plainLine(message(ChatMessage::Direction::Incoming, u"a"_s,
                                                  u"one\ntwo\r\nthree\tfour \\n literally"_s),
                                          parties());
        QCOMPARE(line,
                 u"[%1] Romeo: one\\ntwo\\r\\nthree\\tfour \\\\n literally"_s.arg(localStamp(T0)));
        QVERIFY(!line.contains(u'\n'));
        // A name from the roster cannot break the line either.
        ConversationExport::Parties p = parties();
        p.peerName = u"Ro\nmeo"_s;
        QVERIFY(!ConversationExport::plainLine(
                     message(ChatMessage::Direction::Incoming, u"a"_s, u"x"_s), p)
                     .contains(u'\n'));
    }

    void jsonObjectHasEveryField()
    {
        const QJsonObject in = ConversationExport::jsonObject(
            message(ChatMessage::Direction::Incoming, u"m1"_s, u"Hi"_s), parties());
        QCOMPARE(in.value(u"time"_s).toString(), u"2026-03-14T09:30:05.000Z"_s);
        QCOMPARE(in.value(u"direction"_s).toString(), u"incoming"_s);
        QCOMPARE(in.value(u"from"_s).toString(), u"romeo@example.net/orchard"_s);
        QCOMPARE(in.value(u"to"_s).toString(), u"juliet@example.com/balcony"_s);
        QCOMPARE(in.value(u"id"_s).toString(), u"m1"_s);
        QCOMPARE(in.value(u"body"_s).toString(), u"Hi"_s);
        QCOMPARE(in.value(u"state"_s).toString(), u"received"_s);

        const QJsonObject out = ConversationExport::jsonObject(
            message(ChatMessage::Direction::Outgoing, u"m2"_s, u"Yes"_s), parties());
        QCOMPARE(out.value(u"direction"_s).toString(), u"outgoing"_s);
        QCOMPARE(out.value(u"from"_s).toString(), u"juliet@example.com/balcony"_s);
        QCOMPARE(out.value(u"to"_s).toString(), u"romeo@example.net"_s);
        QCOMPARE(out.value(u"state"_s).toString(), u"delivered"_s);
    }

    void jsonEscapesQuotesAndNewlines()
    {
        QTemporaryDir dir;
        MessageStore store;
        QVERIFY(store.open(dir.filePath(u"m.sqlite"_s)));
        const QString body = u"She said \"hi\"\nthen \\left</script>"_s;
        store.add(message(ChatMessage::Direction::Incoming, u"q"_s, body));
        store.flush();
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        QVERIFY(ConversationExport::write(store, Romeo, ConversationExport::Format::Json, parties(),
                                          &buffer));
        const QByteArray bytes = buffer.data();
        QVERIFY2(bytes.contains(R"(She said \"hi\"\nthen \\left)"), bytes.constData());
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(doc.array().size(), 1);
        QCOMPARE(doc.array().at(0).toObject().value(u"body"_s).toString(), body);
    }

    void emptyConversationIsAnEmptyArray()
    {
        QTemporaryDir dir;
        MessageStore store;
        QVERIFY(store.open(dir.filePath(u"m.sqlite"_s)));
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        QVERIFY(ConversationExport::write(store, Romeo, ConversationExport::Format::Json, parties(),
                                          &buffer));
        QCOMPARE(QJsonDocument::fromJson(buffer.data()).array().size(), 0);
        QVERIFY(QJsonDocument::fromJson(buffer.data()).isArray());
    }

    void writesEveryMessageOldestFirstInPages_data()
    {
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("pageSize");
        QTest::newRow("less than a page") << 3 << 10;
        QTest::newRow("exactly pages") << 20 << 10;
        QTest::newRow("pages and a rest") << 25 << 10;
        QTest::newRow("page of one") << 4 << 1;
    }

    void writesEveryMessageOldestFirstInPages()
    {
        QFETCH(int, count);
        QFETCH(int, pageSize);
        QTemporaryDir dir;
        MessageStore store;
        QVERIFY(store.open(dir.filePath(u"m.sqlite"_s)));
        for (int i = 0; i < count; ++i) {
            // Two messages share each second: the row orders them.
            store.add(
                message(i % 3 ? ChatMessage::Direction::Incoming : ChatMessage::Direction::Outgoing,
                        u"id%1"_s.arg(i), u"message %1"_s.arg(i), T0.addSecs(i / 2)));
        }
        ChatMessage other = message(ChatMessage::Direction::Incoming, u"x"_s, u"not Romeo"_s);
        other.peer = Jid::fromString(u"tybalt@example.org");
        store.add(other);
        store.flush();

        QBuffer plain;
        plain.open(QIODevice::WriteOnly);
        QVERIFY(ConversationExport::write(store, Romeo, ConversationExport::Format::PlainText,
                                          parties(), &plain, nullptr, pageSize));
        const QList<QByteArray> lines = plain.data().split('\n');
        QCOMPARE(lines.size(), count + 1); // and the last line break
        QVERIFY(lines.last().isEmpty());
        for (int i = 0; i < count; ++i)
            QVERIFY2(lines.at(i).endsWith(u": message %1"_s.arg(i).toUtf8()), lines.at(i));

        QBuffer json;
        json.open(QIODevice::WriteOnly);
        QVERIFY(ConversationExport::write(store, Romeo, ConversationExport::Format::Json, parties(),
                                          &json, nullptr, pageSize));
        const QJsonArray array = QJsonDocument::fromJson(json.data()).array();
        QCOMPARE(array.size(), count);
        for (int i = 0; i < count; ++i)
            QCOMPARE(array.at(i).toObject().value(u"id"_s).toString(), u"id%1"_s.arg(i));
    }

    // The job: its own thread and store connection, the whole conversation in the file, while
    // this thread's store keeps writing (WAL: the reader sees the state it started from or later).
    void jobExportsOnItsOwnThread()
    {
        QTemporaryDir dir;
        MessageStore store;
        QVERIFY(store.open(dir.filePath(u"m.sqlite"_s)));
        const int count = 2'000;
        for (int i = 0; i < count; ++i)
            store.add(message(ChatMessage::Direction::Incoming, u"id%1"_s.arg(i),
                              u"message %1"_s.arg(i), T0.addSecs(i)));
        store.flush();

        ConversationExportJob::Request request;
        request.storePath = store.path();
        request.peer = Romeo;
        request.format = ConversationExport::Format::Json;
        request.parties = parties();
        request.outputPath = dir.filePath(u"romeo.json"_s);
        request.pageSize = 100;
        ConversationExportJob job(request);
        QSignalSpy progress(&job, &ConversationExportJob::progress);
        QSignalSpy finished(&job, &ConversationExportJob::finished);
        job.start();
        QVERIFY(job.isRunning());
        // This thread goes on writing to the same store meanwhile.
        store.add(message(ChatMessage::Direction::Incoming, u"late"_s, u"late"_s, T0.addDays(1)));
        store.flush();
        QVERIFY(finished.wait(60'000));
        QVERIFY(!job.isRunning());
        QCOMPARE(finished.first().at(0).toBool(), true);
        QVERIFY(finished.first().at(1).toString().isEmpty());
        QVERIFY(progress.size() >= count / 100);
        QCOMPARE(progress.last().at(0).toLongLong(), progress.last().at(1).toLongLong());

        QFile file(request.outputPath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonArray array = QJsonDocument::fromJson(file.readAll()).array();
        QVERIFY(array.size() == count || array.size() == count + 1);
        for (int i = 0; i < count; ++i)
            QCOMPARE(array.at(i).toObject().value(u"body"_s).toString(), u"message %1"_s.arg(i));
    }

    // Cancelled or failed: no file (QSaveFile), and the reason.
    void cancelledJobLeavesNoFile()
    {
        QTemporaryDir dir;
        MessageStore store;
        QVERIFY(store.open(dir.filePath(u"m.sqlite"_s)));
        for (int i = 0; i < 50; ++i)
            store.add(
                message(ChatMessage::Direction::Incoming, u"id%1"_s.arg(i), u"x"_s, T0.addSecs(i)));
        store.flush();
        ConversationExportJob::Request request;
        request.storePath = store.path();
        request.peer = Romeo;
        request.parties = parties();
        request.outputPath = dir.filePath(u"romeo.txt"_s);
        request.pageSize = 1;
        ConversationExportJob job(request);
        // Cancel from the first progress report on: the export stops after one page at most.
        connect(&job, &ConversationExportJob::progress, &job, &ConversationExportJob::cancel,
                Qt::DirectConnection);
        QSignalSpy finished(&job, &ConversationExportJob::finished);
        job.start();
        QVERIFY(finished.wait(60'000));
        QCOMPARE(finished.first().at(0).toBool(), false);
        QCOMPARE(finished.first().at(1).toString(), u"cancelled"_s);
        QVERIFY(!QFile::exists(request.outputPath));

        request.outputPath = dir.filePath(u"no-such-folder/romeo.txt"_s);
        ConversationExportJob failing(request);
        QSignalSpy failed(&failing, &ConversationExportJob::finished);
        failing.start();
        QVERIFY(failed.wait(60'000));
        QCOMPARE(failed.first().at(0).toBool(), false);
        QVERIFY(!failed.first().at(1).toString().isEmpty());
    }

    // Deleting a running job stops it and waits for its thread.
    void deletingARunningJobStopsIt()
    {
        QTemporaryDir dir;
        MessageStore store;
        QVERIFY(store.open(dir.filePath(u"m.sqlite"_s)));
        for (int i = 0; i < 5'000; ++i)
            store.add(
                message(ChatMessage::Direction::Incoming, u"id%1"_s.arg(i), u"x"_s, T0.addSecs(i)));
        store.flush();
        ConversationExportJob::Request request;
        request.storePath = store.path();
        request.peer = Romeo;
        request.parties = parties();
        request.outputPath = dir.filePath(u"romeo.txt"_s);
        request.pageSize = 1;
        auto job = std::make_unique<ConversationExportJob>(request);
        QSignalSpy finished(job.get(), &ConversationExportJob::finished);
        job->start();
        job.reset();
        QCoreApplication::processEvents();
        QCOMPARE(finished.size(), 0);
        QVERIFY(!QFile::exists(request.outputPath));
    }
};

QTEST_GUILESS_MAIN(tst_ConversationExport)
#include "tst_conversationexport.moc"
