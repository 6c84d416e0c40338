// SPDX-License-Identifier: GPL-3.0-or-later
// Never lose a message, never show one twice — also when the client is killed (issue 4, "Proof":
// the kill -9 variant). Two users, each a natter-eo-peer process (the desktop app's Session over a
// message store in a directory of its own), write numbered messages to each other while a seeded
// schedule kills one of them with SIGKILL at random moments — while writing to the outbox, while
// logging in, while catching up from the archive — and starts it again after a random pause.
//
// Afterwards, from each store on disk: every number of the other side is there exactly once,
// every number of our own side exactly once and Sent, the outbox is empty; and over all the runs
// of a process, no number was shown (ChatService::messageReceived) twice.
//
// The schedule comes from NATTER_FAULT_SEED (default below); the seed is printed at the start and
// in every failure message.
#include "TestServer.h"

#include "services/Session.h"
#include "storage/MessageStore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace natter;
using namespace Qt::StringLiterals;

namespace {

constexpr quint32 DefaultSeed = 0x5eed0924;
constexpr int Messages = 400;      // each way
constexpr int MinimumKills = 24;   // over both processes
constexpr int SendIntervalMs = 40; // per side
constexpr int MaxKillPauseMs = 1000;

quint32 faultSeed()
{
    bool ok = false;
    const quint32 seed = qEnvironmentVariable("NATTER_FAULT_SEED").toUInt(&ok, 0);
    return ok ? seed : DefaultSeed;
}

int numberOf(const QString &body)
{
    static const QRegularExpression numbered(u"^n=(\\d+)$"_s);
    const QRegularExpressionMatch match = numbered.match(body);
    return match.hasMatch() ? match.captured(1).toInt() : 0;
}

// What a peer's store holds, read by this process while the peer may still be writing (WAL).
struct StoreView
{
    QHash<int, int> incoming; // number → rows
    QHash<int, int> outgoing;
    int outgoingNotSent = 0;
    int outbox = 0;
    QString error;

    bool complete() const
    {
        return error.isEmpty() && incoming.size() == Messages && outgoing.size() == Messages &&
               outgoingNotSent == 0 && outbox == 0;
    }
};

StoreView viewOf(const QString &path, const Jid &peer)
{
    StoreView view;
    MessageStore store;
    if (!store.open(path, &view.error))
        return view;
    for (const MessageStore::Entry &e : store.latest(peer, 4 * Messages)) {
        const int n = numberOf(e.message.body);
        if (e.message.direction == ChatMessage::Direction::Incoming) {
            ++view.incoming[n];
        } else {
            ++view.outgoing[n];
            if (e.message.state != ChatMessage::State::Sent)
                ++view.outgoingNotSent;
        }
    }
    view.outbox = int(store.outbox().size());
    return view;
}

// One user: a natter-eo-peer process, started again after each kill, and what all its runs
// printed.
struct Peer
{
    QString name;
    QString user;
    QStringList arguments;
    QStringList environment;
    QTemporaryDir dir;
    std::unique_ptr<QProcess> process;
    QHash<int, int> shown; // number → times shown, over all runs
    QStringList problems;
    QByteArray partialLine;
    int starts = 0;
    int kills = 0;
    qint64 startedAt = 0;

    QString storePath(const TestServer &server) const
    {
        return Session::messageStorePath(dir.path(), Jid::fromString(server.jid(user)));
    }

    bool isRunning() const { return process && process->state() != QProcess::NotRunning; }

    void start(qint64 now)
    {
        process = std::make_unique<QProcess>();
        process->setProgram(QCoreApplication::applicationDirPath() + u"/natter-eo-peer"_s);
        process->setArguments(arguments);
        process->setEnvironment(environment);
        process->setProcessChannelMode(QProcess::SeparateChannels);
        process->setStandardErrorFile(dir.filePath(u"stderr-%1.log"_s.arg(starts)));
        QObject::connect(process.get(), &QProcess::readyReadStandardOutput, process.get(),
                         [this] { read(); });
        process->start();
        ++starts;
        startedAt = now;
        if (!process->waitForStarted(10000))
            problems.append(name + u": natter-eo-peer does not start: "_s + process->errorString());
    }

    void read()
    {
        partialLine += process->readAllStandardOutput();
        qsizetype end;
        while ((end = partialLine.indexOf('\n')) >= 0) {
            const QString line = QString::fromUtf8(partialLine.left(end));
            partialLine.remove(0, end + 1);
            if (line.startsWith(u"shown "_s)) {
                const int n = numberOf(line.mid(6));
                if (n < 1 || n > Messages)
                    problems.append(name + u" showed something unexpected: "_s + line);
                else if (++shown[n] == 2)
                    problems.append(
                        u"%1 showed n=%2 twice (run %3)"_s.arg(name).arg(n).arg(starts));
            } else if (line.startsWith(u"could not"_s)) {
                problems.append(name + u": "_s + line);
            }
        }
    }

    void kill()
    {
        if (!isRunning())
            return;
        process->kill(); // SIGKILL
        process->waitForFinished(5000);
        read();
        partialLine.clear(); // a line cut off by the kill was not printed
        ++kills;
    }

    void terminate()
    {
        if (!isRunning())
            return;
        process->terminate();
        if (!process->waitForFinished(10000))
            process->kill();
        read();
    }
};

} // namespace

class tst_KilledClient : public QObject
{
    Q_OBJECT

private:
    TestServer m_server;
    quint32 m_seed = faultSeed();

    QString seedText() const
    {
        return u"NATTER_FAULT_SEED=0x%1"_s.arg(m_seed, 8, 16, QLatin1Char('0'));
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!m_server.isValid())
            QFAIL(qPrintable(m_server.why()));
        QVERIFY2(QFile::exists(QCoreApplication::applicationDirPath() + u"/natter-eo-peer"_s),
                 "natter-eo-peer is not built next to the test");
        qInfo().noquote() << "kill schedule:" << seedText();
    }

    void killedAndRestartedClientsStillDeliverEveryMessageExactlyOnce()
    {
        QRandomGenerator rng(m_seed);
        QElapsedTimer clock;
        clock.start();

        Peer alice, bob;
        alice.name = u"alice"_s;
        bob.name = u"bob"_s;
        alice.user = m_server.registerFreshUser(u"kalice"_s);
        bob.user = m_server.registerFreshUser(u"kbob"_s);
        QVERIFY2(!alice.user.isEmpty() && !bob.user.isEmpty(), "cannot register the users");
        Peer *peers[] = {&alice, &bob};
        for (Peer *p : peers) {
            const Peer *other = p == &alice ? &bob : &alice;
            p->arguments = QStringList{u"--data"_s,     p->dir.path(),
                                       u"--peer"_s,     m_server.jid(other->user),
                                       u"--count"_s,    QString::number(Messages),
                                       u"--interval"_s, QString::number(SendIntervalMs)} +
                           m_server.cliArguments(p->user);
            p->environment = m_server.cliEnvironment(p->user);
        }
        const Jid aliceJid = Jid::fromString(m_server.jid(alice.user));
        const Jid bobJid = Jid::fromString(m_server.jid(bob.user));
        const auto view = [&](const Peer &p) {
            return viewOf(p.storePath(m_server), &p == &alice ? bobJid : aliceJid);
        };

        for (Peer *p : peers)
            p->start(clock.elapsed());

        // The kill schedule: a running process that has run for a random while is killed, and
        // started again after a random pause.
        bool killing = true;
        QTimer schedule;
        schedule.setSingleShot(true);
        connect(&schedule, &QTimer::timeout, this, [&] {
            if (!killing)
                return;
            Peer *p = peers[rng.bounded(2)];
            if (!p->isRunning())
                p = p == &alice ? &bob : &alice;
            if (p->isRunning()) {
                p->kill();
                const int pause = int(rng.bounded(50, MaxKillPauseMs));
                QTimer::singleShot(pause, this, [&, p] {
                    if (!p->isRunning())
                        p->start(clock.elapsed());
                });
            }
            const bool allWritten =
                view(alice).outgoing.size() == Messages && view(bob).outgoing.size() == Messages;
            if (alice.kills + bob.kills >= MinimumKills && allWritten) {
                killing = false;
                return;
            }
            // Short lives (killed while logging in) and longer ones (killed while chatting).
            schedule.start(int(rng.bounded(300, 2500)));
        });
        schedule.start(1000);

        const auto failed = [&] { return !alice.problems.isEmpty() || !bob.problems.isEmpty(); };
        qint64 lastLook = 0;
        const auto done = [&] {
            if (killing || clock.elapsed() - lastLook < 500)
                return false;
            lastLook = clock.elapsed();
            return view(alice).complete() && view(bob).complete();
        };
        (void)QTest::qWaitFor([&] { return failed() || done(); }, 240000);
        killing = false;
        schedule.stop();
        for (Peer *p : peers)
            p->terminate();

        const auto report = [&] {
            QStringList lines{seedText(), u"after %1 ms"_s.arg(clock.elapsed())};
            for (Peer *p : peers) {
                const StoreView v = view(*p);
                QStringList missing;
                for (int n = 1; n <= Messages && missing.size() < 20; ++n) {
                    if (!v.incoming.contains(n))
                        missing.append(QString::number(n));
                }
                lines.append(u"%1: %2 runs, %3 kills; store: %4 incoming distinct, %5 outgoing "
                             u"distinct (%6 not Sent), outbox %7%8; missing [%9]; stderr in %10"_s
                                 .arg(p->name)
                                 .arg(p->starts)
                                 .arg(p->kills)
                                 .arg(v.incoming.size())
                                 .arg(v.outgoing.size())
                                 .arg(v.outgoingNotSent)
                                 .arg(v.outbox)
                                 .arg(v.error.isEmpty() ? QString() : u" ("_s + v.error + u')')
                                 .arg(missing.join(u','), p->dir.path()));
                lines += p->problems.mid(0, 10);
            }
            return lines.join(u"\n  "_s);
        };
        qInfo().noquote() << report();
        for (Peer *p : peers)
            p->dir.setAutoRemove(false); // kept for a look unless everything below passes
        QVERIFY2(!failed(), qPrintable(report()));
        QVERIFY2(alice.kills + bob.kills >= MinimumKills, qPrintable(report()));
        for (Peer *p : peers) {
            const StoreView v = view(*p);
            QVERIFY2(v.complete(), qPrintable(report()));
            for (int n = 1; n <= Messages; ++n) {
                QVERIFY2(v.incoming.value(n) == 1,
                         qPrintable(u"%1 stores n=%2 %3 times; "_s.arg(p->name).arg(n).arg(
                                        v.incoming.value(n)) +
                                    report()));
                QVERIFY2(v.outgoing.value(n) == 1,
                         qPrintable(u"%1 stores its own n=%2 %3 times; "_s.arg(p->name).arg(n).arg(
                                        v.outgoing.value(n)) +
                                    report()));
            }
        }
        for (Peer *p : peers)
            p->dir.setAutoRemove(true);
    }
};

QTEST_GUILESS_MAIN(tst_KilledClient)
#include "itst_killed_client.moc"
