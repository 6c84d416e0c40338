// SPDX-License-Identifier: GPL-3.0-or-later
//
// bench_chatscroll: memory while scrolling a 100,000-message chat in the UI.
//
//   "Memory while scrolling a 100,000-message chat stays flat."
//
// A message store holds one conversation of N messages (default 100,000; bodies of one to a
// few lines). The real chat window (ChatWindow → ChatTab → MessageView with MessageDelegate over
// ChatService's ConversationModel) is shown on the offscreen platform, opens the chat at its
// newest messages, and is scrolled to the first message the way a user does: the scroll bar to
// the top, the view asks for older messages, the window of the model moves back a page; then
// back down to the newest. After each page it reads the resident set size from
// /proc/self/statm and the model's row count.
//
//   bench_chatscroll [--messages N] [--dir DIR] [--smoke] [--json FILE]
//
// It fails (exit 1) when the scrolling misbehaves: the model holds more than
// ChatService::WindowMessages rows, or the start or the end is not reached.
#include "BenchSupport.h"
#include "ChatTab.h"
#include "ChatWindow.h"
#include "FakeTransport.h"
#include "MessageView.h"
#include "account/Account.h"
#include "account/StandardExtensions.h"
#include "ext/PingExtension.h"
#include "ext/RosterExtension.h"
#include "models/ConversationModel.h"
#include "services/ChatService.h"
#include "storage/MessageStore.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLoggingCategory>
#include <QScrollBar>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <unistd.h>

using namespace natter;
using namespace natter::bench;
using namespace Qt::StringLiterals;

namespace {

const Jid Peer = Jid::fromString(u"juliet@capulet.lit");

// Resident set size in MiB from /proc/self/statm (second field, in pages).
double rssMiB()
{
    QFile statm(u"/proc/self/statm"_s);
    if (!statm.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    if (fields.size() < 2)
        return -1;
    return double(fields.at(1).toLongLong()) * double(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

QString body(int i)
{
    QString text = u"Message %1:"_s.arg(i);
    for (int w = 0; w < 3 + (i * 7919) % 37; ++w)
        text += u" lorem"_s;
    if (i % 11 == 0)
        text += u"\nand a second line with a link https://example.org/%1"_s.arg(i);
    return text;
}

void fill(MessageStore &store, int count)
{
    const QDateTime start = QDateTime::currentDateTimeUtc().addSecs(-qint64(count) * 60);
    for (int i = 1; i <= count; ++i) {
        ChatMessage m;
        const bool ours = i % 3 == 0;
        m.id = u"m%1"_s.arg(i);
        m.peer = Peer;
        m.direction = ours ? ChatMessage::Direction::Outgoing : ChatMessage::Direction::Incoming;
        m.from = ours ? Jid::fromString(u"romeo@montague.lit/orchard") : Peer.withResource(u"b");
        m.state = ours ? ChatMessage::State::Read : ChatMessage::State::Received;
        m.body = body(i);
        m.timestamp = start.addSecs(qint64(i) * 60);
        store.add(m, {}, {}, true);
        if (i % 5000 == 0)
            store.flush();
    }
    store.flush();
}

// Pages after which the model holds a full window (the first 250 rows come in five pages) and
// the caches (SQLite's page cache, the delegate's text layouts) have filled.
constexpr int WarmPages = 20;

struct Pass
{
    double startMiB = 0;
    double maxMiB = 0;
    double endMiB = 0;
    double warmMiB = -1;    // after WarmPages pages: the window is full, the caches are warm
    double warmMaxMiB = -1; // the most after that
    int pages = 0;
    int maxRows = 0;
    std::vector<double> pageMs;
    bool reached = false;
};

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"natter.*.debug=false\nnatter.*.info=false"_s);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Memory while scrolling a long chat in the UI."_s);
    parser.addHelpOption();
    const QCommandLineOption messagesOption(
        u"messages"_s, u"Messages in the chat (default 100000; 3000 with --smoke)."_s, u"n"_s);
    const QCommandLineOption dirOption(u"dir"_s, u"Where the temporary store goes."_s, u"dir"_s);
    parser.addOption(messagesOption);
    parser.addOption(dirOption);
    addCommonOptions(parser);
    parser.process(app);
    const CommonOptions common = commonOptions(parser);
    const int messages = parser.isSet(messagesOption) ? parser.value(messagesOption).toInt()
                                                      : (common.smoke ? 3000 : 100'000);
    if (messages < 2 * ChatService::WindowMessages) {
        std::fprintf(stderr, "--messages: at least %d\n", 2 * ChatService::WindowMessages);
        return 2;
    }

    Report report(u"bench_chatscroll"_s, common);
    report.setParameter(u"messages"_s, messages);
    report.setParameter(u"window"_s, ChatService::WindowMessages);
    report.setParameter(u"platform"_s, QApplication::platformName());
    report.printHeader(u"one chat of %1 stored messages in ChatWindow/ChatTab/MessageView on %2, "
                       "scrolled from the newest to the first message and back, a page (%3) at "
                       "a time; RSS from /proc/self/statm after each page"_s.arg(messages)
                           .arg(QApplication::platformName())
                           .arg(ChatService::OlderMessages));

    const QString base = parser.isSet(dirOption) ? parser.value(dirOption) : QDir::tempPath();
    QTemporaryDir dir(base + u"/bench_chatscroll-XXXXXX"_s);
    if (!dir.isValid()) {
        std::fprintf(stderr, "cannot create a temporary directory in %s\n", qPrintable(base));
        return 2;
    }
    MessageStore store;
    if (!store.open(dir.filePath(u"messages.sqlite"_s))) {
        std::fprintf(stderr, "cannot open the store\n");
        return 2;
    }
    QElapsedTimer fillTimer;
    fillTimer.start();
    fill(store, messages);
    std::printf("stored %d messages in %.1f s\n", messages, msSince(fillTimer) / 1000.0);
    std::fflush(stdout);

    auto *transport = new FakeTransport;
    Account account(transport);
    const StandardExtensions ext = StandardExtensions::install(&account);
    ext.ping->setKeepalive(std::chrono::milliseconds(0), PingExtension::DefaultKeepaliveTimeout);
    ext.roster->setAutoFetch(false);
    ChatService chats(&account, ext, &store);
    ConnectionSettings settings;
    settings.jid = Jid::fromString(u"romeo@montague.lit");
    settings.password = u"secret"_s;
    account.setSettings(settings);
    account.connectToServer();

    ChatWindow window(&chats, nullptr);
    window.resize(640, 720);
    window.openChat(Peer);
    window.show();
    ChatTab *tab = window.tab(Peer);
    MessageView *view = tab->view();
    QScrollBar *bar = view->verticalScrollBar();
    ConversationModel *model = tab->model();
    for (int i = 0; i < 10; ++i)
        QApplication::processEvents();

    // One pass: the scroll bar to one end, again and again, until the window reaches it.
    const auto scroll = [&](bool up) {
        Pass pass;
        pass.startMiB = pass.maxMiB = rssMiB();
        const int limit = messages / ChatService::OlderMessages + 10;
        while (up ? !chats.isAtStart(Peer) : !chats.isAtEnd(Peer)) {
            if (++pass.pages > limit)
                return pass;
            QElapsedTimer timer;
            timer.start();
            // Just short of the end first, as a wheel turn gets there.
            bar->setValue(up ? bar->minimum() + 1 : bar->maximum() - 1);
            bar->setValue(up ? bar->minimum() : bar->maximum());
            QApplication::processEvents(); // lays out, keeps the top message, paints
            view->viewport()->repaint();
            pass.pageMs.push_back(msSince(timer));
            pass.maxRows = std::max(pass.maxRows, model->rowCount());
            const double rss = rssMiB();
            pass.maxMiB = std::max(pass.maxMiB, rss);
            if (pass.pages == WarmPages)
                pass.warmMiB = pass.warmMaxMiB = rss;
            else if (pass.pages > WarmPages)
                pass.warmMaxMiB = std::max(pass.warmMaxMiB, rss);
        }
        pass.endMiB = rssMiB();
        pass.reached = true;
        return pass;
    };

    const Pass upPass = scroll(true);
    const Pass downPass = scroll(false);

    const auto mib = [](double v) { return u"%1 MiB"_s.arg(v, 0, 'f', 1); };
    const auto pass = [&](const QString &key, const QString &what, const Pass &p) {
        report.add({key + u".rss_start"_s,
                    what + u": RSS at the start"_s,
                    u"MiB"_s,
                    {},
                    {},
                    mib(p.startMiB)});
        report.add({key + u".rss_max"_s,
                    what + u": RSS at most"_s,
                    u"MiB"_s,
                    u"flat"_s,
                    {},
                    mib(p.maxMiB) + u" (+%1)"_s.arg(p.maxMiB - p.startMiB, 0, 'f', 1)});
        report.add(
            {key + u".rss_end"_s, what + u": RSS at the end"_s, u"MiB"_s, {}, {}, mib(p.endMiB)});
        if (p.warmMiB >= 0) {
            report.add({key + u".rss_warm"_s,
                        what + u": RSS after %1 pages, and at most after them"_s.arg(WarmPages),
                        u"MiB"_s,
                        u"flat"_s,
                        {},
                        mib(p.warmMiB) + u", "_s + mib(p.warmMaxMiB) +
                            u" (+%1)"_s.arg(p.warmMaxMiB - p.warmMiB, 0, 'f', 1)});
        }
        report.add(
            {key + u".pages"_s, what + u": pages loaded"_s, {}, {}, {}, QString::number(p.pages)});
        report.add({key + u".page"_s,
                    what + u": a page (load, layout, paint)"_s,
                    u"ms"_s,
                    {},
                    statsOf(p.pageMs),
                    {}});
        report.add({key + u".rows"_s,
                    what + u": most rows in the model"_s,
                    {},
                    u"≤ %1"_s.arg(ChatService::WindowMessages),
                    {},
                    QString::number(p.maxRows),
                    p.maxRows <= ChatService::WindowMessages ? Figure::Verdict::Meets
                                                             : Figure::Verdict::Misses});
    };
    pass(u"chatscroll.up"_s, u"newest → first"_s, upPass);
    pass(u"chatscroll.down"_s, u"first → newest"_s, downPass);
    const bool ok = upPass.reached && downPass.reached &&
                    upPass.maxRows <= ChatService::WindowMessages &&
                    downPass.maxRows <= ChatService::WindowMessages;
    if (!report.print())
        return 2;
    if (!ok) {
        std::fprintf(stderr, "scrolling misbehaved: start reached %d, end reached %d, rows %d/%d\n",
                     upPass.reached, downPass.reached, upPass.maxRows, downPass.maxRows);
        return 1;
    }
    return 0;
}
