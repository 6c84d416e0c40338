// SPDX-License-Identifier: GPL-3.0-or-later
// A chat tab over a long stored conversation (several thousand messages) on the offscreen
// platform: scrolling to the top and back down holds at most ChatService::WindowMessages rows
// and keeps the message at the top of the view where it was while rows come and go at either
// end; live messages while scrolled back wait behind the "newer messages" bar, and "Jump to
// Newest" shows them at once.
#include "ChatInput.h"
#include "ChatTab.h"
#include "ChatWindow.h"
#include "FakeTransport.h"
#include "MessageView.h"
#include "UiTestUtil.h"
#include "account/Account.h"
#include "account/StandardExtensions.h"
#include "ext/PingExtension.h"
#include "ext/RosterExtension.h"
#include "models/ConversationModel.h"
#include "services/ChatService.h"
#include "storage/MessageStore.h"

#include <QApplication>
#include <QPushButton>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace natter;

namespace {

// Lets the view lay out and put back the message it keeps in place (posted events, also those
// posted while handling others).
void settle()
{
    for (int i = 0; i < 3; ++i)
        QApplication::processEvents();
}

const Jid Juliet = Jid::fromString(u"juliet@capulet.lit");

// "n=<i>" first, then text of varying length: rows of one to four lines.
QString bodyOf(int i)
{
    QString text = u"n=%1"_s.arg(i);
    for (int w = 0; w < (i * 7) % 40; ++w)
        text += u" word"_s;
    return text;
}

int numberOf(const QModelIndex &index)
{
    const QString body = index.data(ConversationModel::BodyRole).toString();
    return body.mid(2, body.indexOf(u' ') < 0 ? -1 : body.indexOf(u' ') - 2).toInt();
}

} // namespace

class tst_ChatTab : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void scrollingToTheTopAndBackStaysWithinTheWindowAndKeepsThePosition();
    void liveMessagesWhileScrolledBackWaitBehindTheNewerBar();
    void jumpToNewestButtonShowsTheNewest();
    void upWhileScrolledBackEditsTheLastMessageAmongTheNewest();

private:
    // The message at the top of the view and how far its top is from the view's.
    std::pair<int, int> topOfView() const;
    // Scrolls up from the bottom until the window no longer holds the newest message (false
    // when it never got there).
    bool scrollBackFromTheNewest();

    static constexpr int Total = 3000;
    std::unique_ptr<QTemporaryDir> m_dir;
    FakeTransport *m_transport = nullptr;
    Account *m_account = nullptr;
    MessageStore *m_store = nullptr;
    ChatService *m_chats = nullptr;
    ChatWindow *m_window = nullptr;
    ChatTab *m_tab = nullptr;
    int m_maxRows = 0;
};

void tst_ChatTab::initTestCase()
{
    QApplication::setStyle(u"Fusion"_s);
    QApplication::setPalette(test::lightPalette());
}

void tst_ChatTab::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_store = new MessageStore;
    QVERIFY(m_store->open(m_dir->filePath(u"messages.sqlite"_s)));
    const QDateTime start = QDateTime::currentDateTimeUtc().addDays(-20);
    for (int i = 1; i <= Total; ++i) {
        ChatMessage m;
        const bool ours = i % 4 == 0;
        m.id = u"m%1"_s.arg(i);
        m.peer = Juliet;
        m.direction = ours ? ChatMessage::Direction::Outgoing : ChatMessage::Direction::Incoming;
        m.from =
            ours ? Jid::fromString(u"romeo@montague.lit/orchard") : Juliet.withResource(u"balcony");
        m.state = ours ? ChatMessage::State::Read : ChatMessage::State::Received;
        m.body = bodyOf(i);
        m.timestamp = start.addSecs(i * 97);
        m_store->add(m, {}, {}, true);
    }
    m_store->flush();

    m_transport = new FakeTransport;
    m_account = new Account(m_transport);
    const StandardExtensions ext = StandardExtensions::install(m_account);
    ext.ping->setKeepalive(std::chrono::milliseconds(0), PingExtension::DefaultKeepaliveTimeout);
    ext.roster->setAutoFetch(false);
    m_chats = new ChatService(m_account, ext, m_store);
    ConnectionSettings settings;
    settings.jid = Jid::fromString(u"romeo@montague.lit");
    settings.password = u"secret"_s;
    m_account->setSettings(settings);
    m_account->connectToServer();
    QVERIFY(m_account->isOnline());

    m_window = new ChatWindow(m_chats, nullptr);
    m_window->openChat(Juliet);
    const QFontMetrics fm(m_window->font());
    m_window->resize(fm.averageCharWidth() * 60, fm.lineSpacing() * 24);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    m_tab = m_window->tab(Juliet);
    QVERIFY(m_tab);
    m_maxRows = m_tab->model()->rowCount();
    const auto note = [this] { m_maxRows = std::max(m_maxRows, m_tab->model()->rowCount()); };
    connect(m_tab->model(), &QAbstractItemModel::rowsInserted, this, note);
    connect(m_tab->model(), &QAbstractItemModel::modelReset, this, note);
}

void tst_ChatTab::cleanup()
{
    delete m_window;
    delete m_chats;
    delete m_account;
    delete m_store;
    m_window = nullptr;
    m_dir.reset();
}

bool tst_ChatTab::scrollBackFromTheNewest()
{
    QScrollBar *bar = m_tab->view()->verticalScrollBar();
    if (!QTest::qWaitFor([bar] { return bar->maximum() > 0 && bar->value() == bar->maximum(); }))
        return false;
    for (int i = 0; i < 20 && m_chats->isAtEnd(Juliet); ++i) {
        bar->setValue(bar->minimum());
        settle();
    }
    return !m_chats->isAtEnd(Juliet);
}

std::pair<int, int> tst_ChatTab::topOfView() const
{
    MessageView *view = m_tab->view();
    const QModelIndex top = view->indexAt(QPoint(view->viewport()->width() / 2, 0));
    return {top.isValid() ? numberOf(top) : -1, view->visualRect(top).top()};
}

void tst_ChatTab::scrollingToTheTopAndBackStaysWithinTheWindowAndKeepsThePosition()
{
    MessageView *view = m_tab->view();
    QScrollBar *bar = view->verticalScrollBar();
    QTRY_VERIFY(bar->maximum() > 0 && bar->value() == bar->maximum());
    QCOMPARE(numberOf(m_tab->model()->index(m_tab->model()->rowCount() - 1)), Total);
    QVERIFY(m_tab->newerText().isEmpty());

    // Up to the first message, a page at a time: the message at the top stays there.
    int pages = 0;
    while (!m_chats->isAtStart(Juliet)) {
        QVERIFY2(++pages <= Total / ChatService::OlderMessages + 1, "never reached the start");
        bar->setValue(bar->minimum() + 1);
        settle();
        const auto before = topOfView();
        const int rows = m_tab->model()->rowCount();
        const int first = numberOf(m_tab->model()->index(0));
        bar->setValue(bar->minimum()); // asks for older messages
        settle();                      // the view lays out and puts the anchor back
        QVERIFY(m_tab->model()->rowCount() <= ChatService::WindowMessages);
        QVERIFY(m_tab->model()->rowCount() >= rows || rows == ChatService::WindowMessages);
        // (The last request finds nothing older: then the view simply is at the top.)
        const bool added = numberOf(m_tab->model()->index(0)) < first;
        QVERIFY(added || m_chats->isAtStart(Juliet));
        // The same message at the top, where the last pixel of scrolling put it.
        if (added)
            QCOMPARE(topOfView(), std::make_pair(before.first, before.second + 1));
    }
    QCOMPARE(numberOf(m_tab->model()->index(0)), 1);
    bar->setValue(bar->minimum());
    settle();
    QCOMPARE(topOfView().first, 1);
    QCOMPARE(m_tab->historyText(), ChatTab::tr("Beginning of the conversation"));
    QVERIFY(!m_chats->isAtEnd(Juliet));
    QCOMPARE(m_tab->newerText(), ChatTab::tr("Newer messages below"));
    QVERIFY(!view->isFollowing());
    test::saveScreenshot(m_window, u"chattab-window-beginning"_s);

    // Down to the newest again: newer rows come in below, the oldest go above, and the message
    // at the top stays where it was.
    pages = 0;
    while (!m_chats->isAtEnd(Juliet)) {
        QVERIFY2(++pages <= Total / ChatService::NewerMessages + 1, "never reached the end");
        // (The first time the view grows as the line above it goes, and reaches the bottom.)
        for (int i = 0; i < 3 && bar->value() != bar->maximum() - 1; ++i) {
            bar->setValue(bar->maximum() - 1);
            settle();
        }
        const auto before = topOfView();
        const int last = numberOf(m_tab->model()->index(m_tab->model()->rowCount() - 1));
        bar->setValue(bar->maximum()); // asks for newer messages
        settle();
        QVERIFY(m_tab->model()->rowCount() <= ChatService::WindowMessages);
        const bool added = numberOf(m_tab->model()->index(m_tab->model()->rowCount() - 1)) > last;
        QVERIFY(added || m_chats->isAtEnd(Juliet));
        if (added)
            QCOMPARE(topOfView(), std::make_pair(before.first, before.second - 1));
    }
    QCOMPARE(numberOf(m_tab->model()->index(m_tab->model()->rowCount() - 1)), Total);
    QVERIFY(m_tab->newerText().isEmpty());
    QVERIFY(!m_chats->isAtStart(Juliet));
    QCOMPARE(m_maxRows, ChatService::WindowMessages);
    // At the bottom it follows new messages again.
    bar->setValue(bar->maximum());
    settle();
    QVERIFY(view->isFollowing());
    const int bottomBefore = numberOf(
        view->indexAt(QPoint(view->viewport()->width() / 2, view->viewport()->height() - 1)));
    QCOMPARE(bottomBefore, Total);
    m_transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' id='live'>"
                        u"<body>n=9999 still here</body></message>"_s);
    settle();
    QTRY_COMPARE(bar->value(), bar->maximum());
    QCOMPARE(numberOf(m_tab->model()->index(m_tab->model()->rowCount() - 1)), 9999);
    QCOMPARE(m_tab->model()->rowCount(), ChatService::WindowMessages);
}

void tst_ChatTab::liveMessagesWhileScrolledBackWaitBehindTheNewerBar()
{
    MessageView *view = m_tab->view();
    QScrollBar *bar = view->verticalScrollBar();
    QVERIFY(scrollBackFromTheNewest());
    bar->setValue((bar->minimum() + bar->maximum()) / 2);
    settle();
    const auto before = topOfView();
    const int rows = m_tab->model()->rowCount();

    m_transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' id='live1'>"
                        u"<body>n=5001 Are you there?</body></message>"_s);
    m_transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' id='live2'>"
                        u"<body>n=5002 Romeo?</body></message>"_s);
    settle();
    QCOMPARE(m_tab->model()->rowCount(), rows); // not in the window
    QCOMPARE(topOfView(), before);              // nothing moved
    QCOMPARE(m_tab->newerText(), ChatTab::tr("New messages below: %n", nullptr, 2));
    QVERIFY(m_tab->jumpToNewestButton()->isVisible());
    test::saveScreenshot(m_window, u"chattab-newer-messages"_s);

    // Ctrl+End in the view goes there too (End alone pages on, as at any bottom).
    view->setFocus();
    QTest::keyClick(view, Qt::Key_End, Qt::ControlModifier);
    settle();
    QVERIFY(m_chats->isAtEnd(Juliet));
    QVERIFY(m_tab->newerText().isEmpty());
    QCOMPARE(numberOf(m_tab->model()->index(m_tab->model()->rowCount() - 1)), 5002);
    QCOMPARE(m_tab->model()->rowCount(), ChatService::InitialMessages);
    QTRY_COMPARE(bar->value(), bar->maximum());
    QVERIFY(view->isFollowing());
    QVERIFY(m_maxRows <= ChatService::WindowMessages);
}

void tst_ChatTab::jumpToNewestButtonShowsTheNewest()
{
    QScrollBar *bar = m_tab->view()->verticalScrollBar();
    QVERIFY(scrollBackFromTheNewest());
    QTRY_VERIFY(m_tab->jumpToNewestButton()->isVisible());
    QTest::mouseClick(m_tab->jumpToNewestButton(), Qt::LeftButton);
    settle();
    QVERIFY(m_chats->isAtEnd(Juliet));
    QCOMPARE(numberOf(m_tab->model()->index(m_tab->model()->rowCount() - 1)), Total);
    QTRY_COMPARE(bar->value(), bar->maximum());
}

void tst_ChatTab::upWhileScrolledBackEditsTheLastMessageAmongTheNewest()
{
    QScrollBar *bar = m_tab->view()->verticalScrollBar();
    QVERIFY(scrollBackFromTheNewest());
    QVERIFY(!m_tab->model()->find(u"m3000"_s)); // our last message is not in the window

    m_tab->input()->setFocus();
    QTest::keyClick(m_tab->input(), Qt::Key_Up);
    QVERIFY(m_chats->isAtEnd(Juliet));
    QCOMPARE(m_tab->editingId(), u"m3000"_s);
    QVERIFY(m_tab->isEditBarShown());
    QTRY_COMPARE(bar->value(), bar->maximum());
}

QTEST_MAIN(tst_ChatTab)
#include "tst_chattab.moc"
