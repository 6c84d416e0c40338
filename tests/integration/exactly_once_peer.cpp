// SPDX-License-Identifier: GPL-3.0-or-later
// natter-eo-peer: one user of itst_killed_client, in a process of its own so that the test can
// kill it with SIGKILL at any moment and start it again. It runs what the desktop app runs — a
// Session (account, extensions, ChatService with the durable outbox, HistorySync) over the
// message store in --data — and sends "n=1" … "n=COUNT" to --peer, one every --interval ms.
//
// Where it goes on after a restart comes from the store alone: the next number is one more than
// the highest it finds written there (a message is in the outbox, committed, before it goes on
// the wire). Every incoming message shown (ChatService::messageReceived) is printed at once as
// "shown n=K"; the test checks that no number is shown twice over all the runs of a peer.
//
//   natter-eo-peer --data DIR --jid JID --host H --port P --ca-file F --peer JID
//                  [--count N] [--interval MS]           (password in NATTER_PASSWORD)
#include "account/Account.h"
#include "models/ConversationModel.h"
#include "platform/TerminationSignals.h"
#include "services/ChatService.h"
#include "services/Session.h"
#include "storage/MessageStore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QTimer>

#include <cstdio>

using namespace natter;
using namespace Qt::StringLiterals;

namespace {

void print(const QString &line)
{
    std::fputs(qPrintable(line + u'\n'), stdout);
    std::fflush(stdout);
}

int numberOf(const QString &body)
{
    static const QRegularExpression numbered(u"^n=(\\d+)$"_s);
    const QRegularExpressionMatch match = numbered.match(body);
    return match.hasMatch() ? match.captured(1).toInt() : 0;
}

// The highest number of ours the store holds for the peer.
int highestSent(const MessageStore &store, const Jid &peer, int count)
{
    int highest = 0;
    for (const MessageStore::Entry &e : store.latest(peer, count + 100)) {
        if (e.message.direction == ChatMessage::Direction::Outgoing)
            highest = std::max(highest, numberOf(e.message.body));
    }
    return highest;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption data(u"data"_s, u"Data directory."_s, u"dir"_s);
    const QCommandLineOption jid(u"jid"_s, u"Our JID."_s, u"jid"_s);
    const QCommandLineOption host(u"host"_s, u"Server host."_s, u"host"_s);
    const QCommandLineOption port(u"port"_s, u"Server port."_s, u"port"_s);
    const QCommandLineOption caFile(u"ca-file"_s, u"CA certificate to trust."_s, u"file"_s);
    const QCommandLineOption peer(u"peer"_s, u"Who we write to."_s, u"jid"_s);
    const QCommandLineOption count(u"count"_s, u"How many to send."_s, u"n"_s, u"300"_s);
    const QCommandLineOption interval(u"interval"_s, u"ms between two."_s, u"ms"_s, u"20"_s);
    parser.addOptions({data, jid, host, port, caFile, peer, count, interval});
    parser.process(app);

    const int total = parser.value(count).toInt();
    const Jid peerJid = Jid::fromString(parser.value(peer));
    ConnectionSettings settings;
    settings.jid = Jid::fromString(parser.value(jid));
    settings.password = qEnvironmentVariable("NATTER_PASSWORD");
    settings.host = parser.value(host);
    settings.port = parser.value(port).toUShort();
    settings.extraCaCertificates = QSslCertificate::fromPath(parser.value(caFile));
    settings.connectTimeout = std::chrono::seconds(10);
    settings.negotiationTimeout = std::chrono::seconds(20);

    Session session(parser.value(data));
    Account *account = session.account();
    account->setSettings(settings);
    ChatService *chats = session.chats();
    QObject::connect(chats, &ChatService::messageReceived, &app,
                     [](const ChatMessage &m) { print(u"shown %1"_s.arg(m.body)); });
    QObject::connect(account, &Account::connected, &app, [account](bool resumed) {
        print(u"online %1 %2"_s.arg(resumed ? u"resumed"_s : u"new"_s, account->jid().toString()));
    });

    int next = 0; // known once the store is open (when connecting starts)
    QTimer sender;
    sender.setInterval(parser.value(interval).toInt());
    QObject::connect(&sender, &QTimer::timeout, &app, [&] {
        if (next == 0) {
            const MessageStore *store = session.messageStore();
            if (!store)
                return;
            next = highestSent(*store, peerJid, total) + 1;
            print(u"continuing at n=%1"_s.arg(next));
        }
        if (next > total) {
            sender.stop();
            return;
        }
        if (chats->sendMessage(peerJid, u"n=%1"_s.arg(next)).isEmpty())
            print(u"could not send n=%1"_s.arg(next));
        ++next;
    });
    sender.start();

    TerminationSignals termination;
    QObject::connect(&termination, &TerminationSignals::received, &app, [&] {
        sender.stop();
        QObject::connect(account, &Account::disconnected, &app, [] { QCoreApplication::quit(); });
        if (account->state() == Account::State::Offline ||
            account->state() == Account::State::Error)
            QCoreApplication::quit();
        else
            account->disconnectFromServer();
        QTimer::singleShot(5000, &app, [] { QCoreApplication::quit(); });
    });

    account->connectToServer();
    return app.exec();
}
