// SPDX-License-Identifier: GPL-3.0-or-later
// Search over all chats through the main window over a Session on a fake server: the action,
// searching as one types, names and bold matches, message text shown as text, Enter opening the
// chat at the message, the empty and "no results" states — and pictures in light and dark.
#include "ChatTab.h"
#include "ChatWindow.h"
#include "FakeTransport.h"
#include "MainWindow.h"
#include "MessageView.h"
#include "SearchResultDelegate.h"
#include "SearchWindow.h"
#include "UiTestUtil.h"
#include "account/Account.h"
#include "models/ConversationModel.h"
#include "services/ChatService.h"
#include "services/Session.h"
#include "storage/MessageStore.h"
#include "xml/Namespaces.h"

#include <QAction>
#include <QApplication>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QStyleFactory>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTimeZone>

#include <memory>

using namespace natter;
using namespace Qt::StringLiterals;

namespace {

const Jid Juliet = Jid::fromString(u"juliet@example.com");
const Jid Romeo = Jid::fromString(u"romeo@example.net");
const Jid Stranger = Jid::fromString(u"paris@example.org");

const QString Roster = uR"(<query xmlns='jabber:iq:roster' ver='ver7'>
  <item jid='romeo@example.net' name='Romeo Montague' subscription='both'/>
</query>)"_s;

ChatMessage message(const Jid &peer, ChatMessage::Direction direction, const QString &id,
                    const QString &body, const QDateTime &time)
{
    ChatMessage m;
    m.id = id;
    m.peer = peer;
    m.direction = direction;
    m.from = direction == ChatMessage::Direction::Incoming ? peer.withResource(u"phone")
                                                           : Juliet.withResource(u"balcony");
    m.state = direction == ChatMessage::Direction::Incoming ? ChatMessage::State::Received
                                                            : ChatMessage::State::Sent;
    m.body = body;
    m.timestamp = time;
    return m;
}

} // namespace

class tst_SearchWindow : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    FakeTransport *m_transport = nullptr;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<MainWindow> m_window;

    void answerRosterFetch()
    {
        for (const XmlElement &e : m_transport->sent()) {
            if (e.name() == u"iq" && e.firstChild().is(ns::Roster, u"query")) {
                m_transport->inject(
                    u"<iq type='result' id='%1'>%2</iq>"_s.arg(e.attribute(u"id"), Roster));
                return;
            }
        }
        QFAIL("no roster get was sent");
    }

    void fillStore()
    {
        MessageStore *store = m_session->messageStore();
        QVERIFY(store);
        const QDateTime t0(QDate(2026, 3, 14), QTime(9, 30), Qt::UTC);
        store->add(message(Romeo, ChatMessage::Direction::Incoming, u"r1"_s,
                           u"Shall we meet at the orchard wall tonight?"_s, t0));
        store->add(message(Romeo, ChatMessage::Direction::Outgoing, u"j1"_s,
                           u"Yes, the orchard — but come quietly, the Nurse is awake."_s,
                           t0.addSecs(60)));
        store->add(message(Stranger, ChatMessage::Direction::Incoming, u"p1"_s,
                           u"<b>x</b> Your father has promised you to me, about the orchard."_s,
                           t0.addSecs(3600)));
        store->add(message(Romeo, ChatMessage::Direction::Incoming, u"r2"_s,
                           u"Nothing to find here"_s, t0.addSecs(7200)));
        store->flush();
    }

    SearchWindow *openSearch()
    {
        QAction *action = m_window->searchAction();
        if (!action)
            return nullptr;
        action->trigger();
        return m_window->searchWindow();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
        QApplication::setStyle(QStyleFactory::create(u"Fusion"_s));
    }

    void init()
    {
        QApplication::setPalette(test::lightPalette());
        m_dir = std::make_unique<QTemporaryDir>();
        m_transport = new FakeTransport;
        SessionInfo info;
        info.jid = Juliet.withResource(u"balcony");
        m_transport->setSession(info);
        m_session = std::make_unique<Session>(m_dir->path(), m_transport);
        m_window = std::make_unique<MainWindow>(m_session.get(), false);
    }

    void cleanup()
    {
        m_window.reset();
        m_session.reset();
        m_dir.reset();
        QApplication::setPalette(test::lightPalette());
    }

    void actionInTheMenuWithShortcut()
    {
        QAction *action = m_window->searchAction();
        QVERIFY(action);
        QCOMPARE(action->shortcut(), QKeySequence(u"Ctrl+Shift+F"_s));
        auto *menu = m_window->menuBar()->findChild<QMenu *>(u"natterMenu"_s);
        QVERIFY(menu);
        QVERIFY(menu->actions().contains(action));
    }

    void withoutStoreSaysSo()
    {
        // Not logged in yet: the session has no store.
        QVERIFY(!m_session->messageStore());
        SearchWindow *search = openSearch();
        QVERIFY(search);
        QVERIFY(search->isVisible());
        QVERIFY(search->stateText().contains(u"logged in"_s));
        QTest::keyClicks(search->searchField(), u"orchard"_s);
        QTest::qWait(SearchWindow::DebounceMs + 100);
        QVERIFY(search->stateText().contains(u"logged in"_s));
        test::saveScreenshot(search, u"searchwindow-no-store"_s);
    }

    void typingFindsResults()
    {
        login();
        SearchWindow *search = openSearch();
        QVERIFY(search);
        QVERIFY(search->stateText().contains(u"Type"_s)); // empty state
        QTest::keyClicks(search->searchField(), u"orchard"_s);
        // Debounced: not at once, but soon.
        QCOMPARE(search->resultModel()->rowCount(), 0);
        QTRY_COMPARE(search->resultModel()->rowCount(), 3);
        QVERIFY(search->stateText().isEmpty());

        // Newest first: the stranger (bare JID), then ours to Romeo, then Romeo's (roster name).
        const QStandardItemModel *model = search->resultModel();
        QCOMPARE(model->index(0, 0).data(SearchWindow::NameRole).toString(), Stranger.bareString());
        QCOMPARE(model->index(1, 0).data(SearchWindow::NameRole).toString(), u"Romeo Montague"_s);
        QCOMPARE(model->index(1, 0).data(SearchWindow::DirectionRole).toInt(),
                 int(ChatMessage::Direction::Outgoing));
        QCOMPARE(model->index(2, 0).data(SearchWindow::MessageIdRole).toString(), u"r1"_s);
        const QString header = SearchResultDelegate::headerText(model->index(1, 0));
        QVERIFY(header.contains(u"Romeo Montague"_s));
        QVERIFY(header.contains(u"sent"_s));
        QVERIFY(model->index(2, 0).data().toString().contains(u"received"_s));

        QTest::keyClicks(search->searchField(), u" quietly"_s);
        QTRY_COMPARE(search->resultModel()->rowCount(), 1);

        search->searchField()->setText(u"pomegranate"_s);
        QTRY_VERIFY(search->stateText().contains(u"No messages"_s));
        QVERIFY(search->stateText().contains(u"pomegranate"_s));
        test::saveScreenshot(search, u"searchwindow-no-results"_s);

        search->searchField()->clear();
        QTRY_VERIFY(search->stateText().contains(u"Type"_s));
    }

    void matchIsBold()
    {
        const SearchResultDelegate::Snippet s = SearchResultDelegate::parseSnippet(
            u"meet at the \x02orchard\x03 wall\n\x02tonight\x03"_s);
        QCOMPARE(s.text, u"meet at the orchard wall tonight"_s);
        QCOMPARE(s.matches.size(), 2);
        QCOMPARE(s.text.mid(s.matches[0].first, s.matches[0].second), u"orchard"_s);
        QCOMPARE(s.text.mid(s.matches[1].first, s.matches[1].second), u"tonight"_s);

        QTextDocument doc;
        SearchResultDelegate::fillDocument(&doc, s, QApplication::font());
        QCOMPARE(doc.toPlainText(), s.text);
        QString bold;
        for (QTextBlock::iterator it = doc.begin().begin(); !it.atEnd(); ++it) {
            if (it.fragment().charFormat().fontWeight() == QFont::Bold)
                bold += it.fragment().text() + u'|';
        }
        QCOMPARE(bold, u"orchard|tonight|"_s);
    }

    void htmlInBodyIsShownAsText()
    {
        login();
        SearchWindow *search = openSearch();
        QVERIFY(search);
        search->searchField()->setText(u"promised"_s);
        QTRY_COMPARE(search->resultModel()->rowCount(), 1);
        const QString snippet =
            search->resultModel()->index(0, 0).data(SearchWindow::SnippetRole).toString();
        const SearchResultDelegate::Snippet s = SearchResultDelegate::parseSnippet(snippet);
        QVERIFY2(s.text.contains(u"<b>x</b>"_s), qPrintable(s.text));
        QTextDocument doc;
        SearchResultDelegate::fillDocument(&doc, s, QApplication::font());
        QVERIFY(doc.toPlainText().contains(u"<b>x</b>"_s));
        for (QTextBlock::iterator it = doc.begin().begin(); !it.atEnd(); ++it) {
            if (it.fragment().charFormat().fontWeight() == QFont::Bold)
                QCOMPARE(it.fragment().text(), u"promised"_s);
        }
        search->resize(search->sizeHint().expandedTo(QSize(500, 300)));
        test::saveScreenshot(search, u"searchwindow-html-as-text"_s);
    }

    void enterOpensTheChatAtTheMessage()
    {
        login();
        SearchWindow *search = openSearch();
        QVERIFY(search);
        QTest::keyClicks(search->searchField(), u"orchard"_s);
        QTRY_COMPARE(search->resultModel()->rowCount(), 3);
        // Down moves from the first to the second result; Enter opens it.
        QTest::keyClick(search->searchField(), Qt::Key_Down);
        QCOMPARE(search->resultView()->currentIndex().row(), 1);
        QTest::keyClick(search->searchField(), Qt::Key_Return);
        ChatTab *tab = m_window->chatWindow()->currentTab();
        QVERIFY(tab);
        QVERIFY(tab->peer().bareEquals(Romeo));
        QVERIFY(m_window->chatWindow()->isVisible());
        const QModelIndex current = tab->view()->currentIndex();
        QVERIFY(current.isValid());
        QCOMPARE(current.data(ConversationModel::IdRole).toString(), u"j1"_s);

        // A double-click on a stranger's result opens theirs.
        QListView *view = search->resultView();
        const QRect rect = view->visualRect(search->resultModel()->index(0, 0));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rect.center());
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, rect.center());
        QVERIFY(m_window->chatWindow()->currentTab()->peer().bareEquals(Stranger));
    }

    void enterJumpsToAMessageFarBackInALongChat()
    {
        login();
        // Three thousand messages with Romeo; the one searched for is far outside the window
        // the chat opens with (its latest messages).
        MessageStore *store = m_session->messageStore();
        const QDateTime start(QDate(2025, 6, 1), QTime(8, 0), Qt::UTC);
        constexpr int Total = 3000, Target = 500;
        for (int i = 1; i <= Total; ++i) {
            const auto direction =
                i % 3 == 0 ? ChatMessage::Direction::Outgoing : ChatMessage::Direction::Incoming;
            const QString body = i == Target ? u"Under the sycamore grove, at dawn — come alone."_s
                                             : u"Message %1 about nothing in particular"_s.arg(i);
            store->add(message(Romeo, direction, u"long%1"_s.arg(i), body, start.addSecs(i * 60)),
                       {}, {}, true);
        }
        store->flush();
        m_window->chatWindow()->openChat(Romeo, false);
        ChatTab *tab = m_window->chatWindow()->tab(Romeo);
        QVERIFY(tab);
        QCOMPARE(tab->model()->rowCount(), ChatService::InitialMessages);
        m_window->chatWindow()->resize(QSize(560, 480));

        SearchWindow *search = openSearch();
        QVERIFY(search);
        QTest::keyClicks(search->searchField(), u"sycamore"_s);
        QTRY_COMPARE(search->resultModel()->rowCount(), 1);
        QTest::keyClick(search->searchField(), Qt::Key_Return);

        ChatWindow *chats = m_window->chatWindow();
        QCOMPARE(chats->currentTab(), tab);
        QVERIFY(QTest::qWaitForWindowExposed(chats));
        QApplication::processEvents();
        MessageView *view = tab->view();
        const QModelIndex current = view->currentIndex();
        QVERIFY(current.isValid());
        QCOMPARE(current.data(ConversationModel::IdRole).toString(), u"long%1"_s.arg(Target));
        QCOMPARE(view->highlightedIndex(), current);
        QVERIFY(tab->model()->rowCount() <= ChatService::WindowMessages);
        // In view, about in the middle.
        const QRect rect = view->visualRect(current);
        QVERIFY(view->viewport()->rect().contains(rect.center()));
        QVERIFY(!m_session->chats()->isAtEnd(Romeo));
        QVERIFY(!tab->newerText().isEmpty());
        const QString path = test::saveScreenshot(chats, u"searchwindow-jump-far-back"_s);
        if (!path.isEmpty())
            qInfo() << "screenshot:" << path;

        // Jumping back to the newest messages, and to a hit among them: no move.
        QTest::mouseClick(tab->jumpToNewestButton(), Qt::LeftButton);
        QVERIFY(m_session->chats()->isAtEnd(Romeo));
        QCOMPARE(tab->model()->rowCount(), ChatService::InitialMessages);
    }

    void screenshots_data()
    {
        QTest::addColumn<bool>("dark");
        QTest::newRow("light") << false;
        QTest::newRow("dark") << true;
    }

    void screenshots()
    {
        QFETCH(bool, dark);
        QApplication::setPalette(dark ? test::darkPalette() : test::lightPalette());
        login();
        SearchWindow *search = openSearch();
        QVERIFY(search);
        search->searchField()->setText(u"orchard"_s);
        QTRY_COMPARE(search->resultModel()->rowCount(), 3);
        search->resize(QSize(520, 360));
        QTest::qWait(50);
        test::saveScreenshot(search, dark ? u"searchwindow-dark"_s : u"searchwindow-light"_s);
        // Narrow: snippets wrap, the header elides; nothing overlaps.
        search->resize(QSize(260, 360));
        QTest::qWait(50);
        test::saveScreenshot(search,
                             dark ? u"searchwindow-narrow-dark"_s : u"searchwindow-narrow-light"_s);
    }

private:
    void login()
    {
        ConnectionSettings settings;
        settings.jid = Juliet;
        settings.password = u"pw"_s;
        m_session->account()->setSettings(settings);
        m_session->account()->connectToServer();
        answerRosterFetch();
        QVERIFY(m_session->messageStore());
        fillStore();
    }
};

QTEST_MAIN(tst_SearchWindow)
#include "tst_searchwindow.moc"
