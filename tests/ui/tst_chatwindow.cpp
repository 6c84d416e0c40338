// SPDX-License-Identifier: GPL-3.0-or-later
// The chat window over a fake server: typing and sending, tabs and their unread counts,
// keyboard shortcuts, strangers, offline queueing, links, copying, retry, delivery ticks,
// "typing", editing the last message, deleting for everyone — and pictures of a realistic
// conversation in light and dark palettes.
#include "ChatInput.h"
#include "ChatTab.h"
#include "ChatWindow.h"
#include "FakeTransport.h"
#include "MessageDelegate.h"
#include "MessageView.h"
#include "UiTestUtil.h"
#include "account/Account.h"
#include "account/StandardExtensions.h"
#include "ext/PingExtension.h"
#include "models/ConversationModel.h"
#include "services/ChatService.h"
#include "services/RosterService.h"
#include "storage/MessageStore.h"
#include "xml/Namespaces.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDialog>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSet>
#include <QSignalSpy>
#include <QStyle>
#include <QStyleFactory>

#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace Qt::StringLiterals;
using namespace natter;

namespace {

const Jid Juliet = Jid::fromString(u"juliet@capulet.lit");
const Jid Nurse = Jid::fromString(u"nurse@capulet.lit");
const Jid Mercutio = Jid::fromString(u"mercutio@verona.lit");
const Jid Tybalt = Jid::fromString(u"tybalt@capulet.lit");

QString stamp(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODate);
}

} // namespace

class tst_ChatWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void enterSendsShiftEnterStartsNewLine();
    void inputGrowsFromOneToSixLines();
    void sendButtonFollowsInput();
    void tabTitlesShowUnreadCounts();
    void unreadIsClearedWhenTheWindowIsActivated();
    void shortcutsSwitchAndCloseTabs();
    void closeButtonClosesTab();
    void incomingMessageOpensTabInBackground();
    void strangerGetsContactBarWithAddButton();
    void offlineBarAndQueuedMessages();
    void draftFillsTheInput();
    void linksAreClickable();
    void copyingMessages();
    void selectTextDialog();
    void failedMessageOffersRetry();
    void stateTooltipsInWords();
    void ticksShowDeliveredAndRead();
    void displayedMarkerOnlyWhileTheChatIsInView();
    void typingIsShownUnderTheConversation();
    void theInputSendsComposing();
    void upEditsTheLastMessage();
    void escapeCancelsEditing();
    void deleteForEveryoneAsksFirst();
    void scrollingUpLoadsOlderMessages();
    void screenshots_data();
    void screenshots();
    void screenshotWithLongNames();

private:
    void answerRosterGets();
    void answerPings();
    // Messages with a body that went out (not chat states, receipts or markers).
    QList<XmlElement> sentMessages() const;
    // Every message that went out.
    QList<XmlElement> allSentMessages() const;
    void inject(const QString &from, const QString &body, const QDateTime &when = {},
                const QString &type = u"chat"_s, const QString &subject = {});
    void buildConversation();
    QPoint findLink(MessageView *view, const QModelIndex &index, const QUrl &url) const;

    FakeTransport *m_transport = nullptr;
    Account *m_account = nullptr;
    StandardExtensions m_ext;
    ChatService *m_chats = nullptr;
    RosterService *m_roster = nullptr;
    ChatWindow *m_window = nullptr;
    QSet<QString> m_answered;
};

void tst_ChatWindow::initTestCase()
{
    QApplication::setStyle(u"Fusion"_s);
    QApplication::setPalette(test::lightPalette());
}

void tst_ChatWindow::init()
{
    QApplication::setPalette(test::lightPalette());
    m_answered.clear();
    m_transport = new FakeTransport;
    m_account = new Account(m_transport);
    m_ext = StandardExtensions::install(m_account);
    m_ext.ping->setKeepalive(std::chrono::milliseconds(0), PingExtension::DefaultKeepaliveTimeout);
    m_chats = new ChatService(m_account, m_ext);
    m_roster = new RosterService(m_ext.roster, m_ext.subscriptions);
    ConnectionSettings settings;
    settings.jid = Jid::fromString(u"romeo@montague.lit");
    settings.password = u"secret"_s;
    m_account->setSettings(settings);
    m_account->connectToServer();
    QVERIFY(m_account->isOnline());
    answerRosterGets();
    QVERIFY(m_roster->contains(Juliet));
    m_window = new ChatWindow(m_chats, m_roster);
}

void tst_ChatWindow::cleanup()
{
    delete m_window;
    delete m_roster;
    delete m_chats;
    delete m_account;
    m_window = nullptr;
    QApplication::setPalette(test::lightPalette());
}

void tst_ChatWindow::answerRosterGets()
{
    for (const XmlElement &e : m_transport->sent()) {
        if (e.name() != u"iq" || e.attribute(u"type") != u"get" ||
            !e.hasChild(u"jabber:iq:roster", u"query") || m_answered.contains(e.attribute(u"id")))
            continue;
        m_answered.insert(e.attribute(u"id"));
        m_transport->inject(
            u"<iq type='result' id='%1'><query xmlns='jabber:iq:roster'>"
            u"<item jid='juliet@capulet.lit' name='Juliet Capulet' subscription='both'/>"
            u"<item jid='nurse@capulet.lit' name='Nurse' subscription='both'/>"
            u"<item jid='mercutio@verona.lit' subscription='both'/>"
            u"</query></iq>"_s.arg(e.attribute(u"id")));
    }
}

void tst_ChatWindow::answerPings()
{
    for (const XmlElement &e : m_transport->sent()) {
        if (e.name() != u"iq" || !e.hasChild(ns::Ping, u"ping") ||
            m_answered.contains(e.attribute(u"id")))
            continue;
        m_answered.insert(e.attribute(u"id"));
        m_transport->inject(
            u"<iq type='result' id='%1' from='montague.lit' to='romeo@montague.lit/test'/>"_s.arg(
                e.attribute(u"id")));
    }
}

QList<XmlElement> tst_ChatWindow::sentMessages() const
{
    QList<XmlElement> out;
    for (const XmlElement &e : allSentMessages()) {
        if (e.hasChild(ns::Client, u"body"))
            out.append(e);
    }
    return out;
}

QList<XmlElement> tst_ChatWindow::allSentMessages() const
{
    QList<XmlElement> out;
    for (const XmlElement &e : m_transport->sent()) {
        if (e.name() == u"message")
            out.append(e);
    }
    return out;
}

void tst_ChatWindow::inject(const QString &from, const QString &body, const QDateTime &when,
                            const QString &type, const QString &subject)
{
    XmlElement message(ns::Client, u"message"_s);
    message.setAttribute(u"from"_s, from);
    message.setAttribute(u"to"_s, u"romeo@montague.lit/test"_s);
    message.setAttribute(u"type"_s, type);
    message.setAttribute(u"id"_s, Stanza::generateId());
    if (!subject.isEmpty())
        message.appendTextChild(ns::Client, u"subject"_s, subject);
    if (!body.isEmpty())
        message.appendTextChild(ns::Client, u"body"_s, body);
    if (when.isValid()) {
        XmlElement delay(ns::Delay, u"delay"_s);
        delay.setAttribute(u"stamp"_s, stamp(when));
        message.appendChild(delay);
    }
    m_transport->inject(message);
}

QPoint tst_ChatWindow::findLink(MessageView *view, const QModelIndex &index, const QUrl &url) const
{
    const QRect rect = view->visualRect(index);
    for (int y = rect.top(); y <= rect.bottom(); y += 2) {
        for (int x = rect.left(); x <= rect.right(); x += 2) {
            if (view->linkAt(QPoint(x, y)) == url)
                return {x, y};
        }
    }
    return {-1, -1};
}

void tst_ChatWindow::enterSendsShiftEnterStartsNewLine()
{
    m_window->openChat(Juliet);
    ChatTab *tab = m_window->tab(Juliet);
    QVERIFY(tab);
    ChatInput *input = tab->input();
    m_transport->clearSent();

    QTest::keyClicks(input, u"Hello"_s);
    QTest::keyClick(input, Qt::Key_Return, Qt::ShiftModifier);
    QTest::keyClicks(input, u"second line"_s);
    QCOMPARE(input->toPlainText(), u"Hello\nsecond line"_s);
    QVERIFY(sentMessages().isEmpty());

    QTest::keyClick(input, Qt::Key_Return);

    QCOMPARE(sentMessages().size(), 1);
    QCOMPARE(sentMessages().first().childText(ns::Client, u"body"), u"Hello\nsecond line"_s);
    QCOMPARE(sentMessages().first().attribute(u"to"), u"juliet@capulet.lit"_s);
    QVERIFY(input->toPlainText().isEmpty());
    QCOMPARE(tab->model()->rowCount(), 1);

    // Nothing to send: nothing goes out. Keypad Enter sends like Enter.
    QTest::keyClick(input, Qt::Key_Return);
    QTest::keyClicks(input, u"   "_s);
    QTest::keyClick(input, Qt::Key_Enter, Qt::KeypadModifier);
    QCOMPARE(sentMessages().size(), 1);
    QCOMPARE(input->toPlainText(), u"   "_s); // kept, not sent
    input->clear();
    QTest::keyClicks(input, u"via keypad  "_s);
    QTest::keyClick(input, Qt::Key_Enter, Qt::KeypadModifier);
    QCOMPARE(sentMessages().size(), 2);
    QCOMPARE(sentMessages().last().childText(ns::Client, u"body"), u"via keypad"_s);
}

void tst_ChatWindow::inputGrowsFromOneToSixLines()
{
    m_window->openChat(Juliet);
    ChatInput *input = m_window->tab(Juliet)->input();
    QApplication::processEvents();
    QCOMPARE(input->visibleLines(), 1);
    const int oneLine = input->sizeHint().height();
    QVERIFY(input->placeholderText().contains(u"Write a message"_s));

    QTest::keyClicks(input, u"one"_s);
    for (const QString &line : {u"two"_s, u"three"_s}) {
        QTest::keyClick(input, Qt::Key_Return, Qt::ShiftModifier);
        QTest::keyClicks(input, line);
    }
    QCOMPARE(input->visibleLines(), 3);
    const int threeLines = input->sizeHint().height();
    QVERIFY(threeLines - oneLine >= 2 * input->fontMetrics().height());
    QVERIFY(threeLines - oneLine <= 2 * input->fontMetrics().lineSpacing() + 2);
    QTRY_COMPARE(input->height(), threeLines);

    for (int i = 0; i < 8; ++i) {
        QTest::keyClick(input, Qt::Key_Return, Qt::ShiftModifier);
        QTest::keyClicks(input, u"more"_s);
    }
    QCOMPARE(input->visibleLines(), ChatInput::MaxLines);
    const int sixLines = input->sizeHint().height();
    QVERIFY(sixLines - oneLine >= 5 * input->fontMetrics().height());
    QVERIFY(sixLines - oneLine <= 5 * input->fontMetrics().lineSpacing() + 2);
    QTRY_COMPARE(input->height(), sixLines);
    // Everything up to six lines fits without scrolling.
    input->setPlainText(u"1\n2\n3\n4\n5\n6"_s);
    QApplication::processEvents();
    QCOMPARE(input->verticalScrollBar()->maximum(), 0);

    // A long line wraps and counts as several.
    input->clear();
    QCOMPARE(input->visibleLines(), 1);
    input->setPlainText(QString(u"word "_s).repeated(60));
    QVERIFY(input->visibleLines() > 1);
}

void tst_ChatWindow::sendButtonFollowsInput()
{
    m_window->openChat(Juliet);
    ChatTab *tab = m_window->tab(Juliet);
    QPushButton *send = nullptr;
    for (QPushButton *b : tab->findChildren<QPushButton *>()) {
        if (b->accessibleName() == u"Send message")
            send = b;
    }
    QVERIFY(send);
    QVERIFY(!send->isEnabled());
    QTest::keyClicks(tab->input(), u"Hi"_s);
    QVERIFY(send->isEnabled());
    m_transport->clearSent();
    QTest::mouseClick(send, Qt::LeftButton);
    QCOMPARE(sentMessages().size(), 1);
    QVERIFY(!send->isEnabled());
}

void tst_ChatWindow::tabTitlesShowUnreadCounts()
{
    m_window->openChat(Juliet);
    QVERIFY(QTest::qWaitForWindowActive(m_window));
    QCOMPARE(m_window->windowTitle(), u"Juliet Capulet — Natter"_s);

    inject(u"nurse@capulet.lit/kitchen"_s, u"Madam!"_s);
    inject(u"nurse@capulet.lit/kitchen"_s, u"Your mother calls."_s);

    ChatTab *nurse = m_window->tab(Nurse);
    QVERIFY(nurse);
    QTabWidget *tabs = m_window->tabWidget();
    QCOMPARE(tabs->tabText(tabs->indexOf(nurse)), u"Nurse (2)"_s);
    QCOMPARE(m_chats->unreadCount(Nurse), 2);
    QCOMPARE(m_window->currentTab()->peer(), Juliet); // opened in the background

    // The tab in view of the active window: read at once.
    inject(u"juliet@capulet.lit/balcony"_s, u"Anon, good nurse!"_s);
    QCOMPARE(m_chats->unreadCount(Juliet), 0);
    QCOMPARE(tabs->tabText(tabs->indexOf(m_window->tab(Juliet))), u"Juliet Capulet"_s);

    QTest::keyClick(m_window->tab(Juliet)->input(), Qt::Key_Tab, Qt::ControlModifier);
    QCOMPARE(m_window->currentTab(), nurse);
    QCOMPARE(m_chats->unreadCount(Nurse), 0);
    QCOMPARE(tabs->tabText(tabs->indexOf(nurse)), u"Nurse"_s);
    QCOMPARE(m_window->windowTitle(), u"Nurse — Natter"_s);
    QCOMPARE(tabs->tabToolTip(tabs->indexOf(nurse)), u"<qt>Nurse<br/>nurse@capulet.lit</qt>"_s);

    // Names are text: no mnemonic, no markup.
    m_transport->inject(u"<iq type='set' id='push3'><query xmlns='jabber:iq:roster'>"
                        u"<item jid='nurse@capulet.lit' name='Nurse &amp; &lt;b&gt;Co&lt;/b&gt;' "
                        u"subscription='both'/></query></iq>"_s);
    QCOMPARE(tabs->tabText(tabs->indexOf(nurse)), u"Nurse && <b>Co</b>"_s);
    QCOMPARE(tabs->tabToolTip(tabs->indexOf(nurse)),
             u"<qt>Nurse &amp; &lt;b&gt;Co&lt;/b&gt;<br/>nurse@capulet.lit</qt>"_s);
    QCOMPARE(m_window->windowTitle(), u"Nurse & <b>Co</b> — Natter"_s);

    // A contact without a name is shown by address.
    m_window->openChat(Mercutio);
    QCOMPARE(tabs->tabText(tabs->indexOf(m_window->tab(Mercutio))), u"mercutio@verona.lit"_s);
}

void tst_ChatWindow::unreadIsClearedWhenTheWindowIsActivated()
{
    m_window->openChat(Juliet);
    QVERIFY(QTest::qWaitForWindowActive(m_window));
    QWidget elsewhere;
    elsewhere.setWindowTitle(u"Another application"_s);
    elsewhere.show();
    elsewhere.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&elsewhere));
    QVERIFY(!m_window->isActiveWindow());

    inject(u"juliet@capulet.lit/balcony"_s, u"Romeo?"_s);
    QCOMPARE(m_chats->unreadCount(Juliet), 1);
    QCOMPARE(m_window->windowTitle(), u"Juliet Capulet (1) — Natter"_s);

    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window));
    QTRY_COMPARE(m_chats->unreadCount(Juliet), 0);
    QCOMPARE(m_window->windowTitle(), u"Juliet Capulet — Natter"_s);
}

void tst_ChatWindow::shortcutsSwitchAndCloseTabs()
{
    m_window->openChat(Juliet);
    m_window->openChat(Nurse, false);
    m_window->openChat(Mercutio, false);
    QVERIFY(QTest::qWaitForWindowActive(m_window));
    QCOMPARE(m_window->tabCount(), 3);
    QCOMPARE(m_window->currentTab()->peer(), Juliet);
    QCOMPARE(QApplication::focusWidget(), m_window->tab(Juliet)->input());

    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab, Qt::ControlModifier);
    QCOMPARE(m_window->currentTab()->peer(), Nurse);
    QCOMPARE(QApplication::focusWidget(), m_window->tab(Nurse)->input());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_PageDown, Qt::ControlModifier);
    QCOMPARE(m_window->currentTab()->peer(), Mercutio);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab, Qt::ControlModifier);
    QCOMPARE(m_window->currentTab()->peer(), Juliet); // wraps around
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Backtab,
                    Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(m_window->currentTab()->peer(), Mercutio);

    QTest::keyClick(QApplication::focusWidget(), Qt::Key_W, Qt::ControlModifier);
    QCOMPARE(m_window->tabCount(), 2);
    QVERIFY(!m_window->tab(Mercutio));
    QVERIFY(m_window->isVisible());
    QVERIFY(m_chats->hasConversation(Mercutio)); // the conversation stays; only the tab goes

    QTest::keyClick(m_window->currentTab()->input(), Qt::Key_W, Qt::ControlModifier);
    QTest::keyClick(m_window->currentTab()->input(), Qt::Key_W, Qt::ControlModifier);
    QCOMPARE(m_window->tabCount(), 0);
    QVERIFY(!m_window->isVisible()); // closing the last tab hides the window

    // Reopening shows the same conversation again.
    m_window->openChat(Mercutio);
    QVERIFY(m_window->isVisible());
    QCOMPARE(m_window->tab(Mercutio)->model(), m_chats->conversation(Mercutio));
}

void tst_ChatWindow::closeButtonClosesTab()
{
    m_window->openChat(Juliet);
    m_window->openChat(Nurse);
    QTabBar *bar = m_window->tabWidget()->tabBar();
    const int index = m_window->tabWidget()->indexOf(m_window->tab(Juliet));
    QWidget *close = bar->tabButton(index, QTabBar::RightSide);
    if (!close)
        close = bar->tabButton(index, QTabBar::LeftSide);
    QVERIFY(close);
    QTest::mouseClick(close, Qt::LeftButton);
    QCOMPARE(m_window->tabCount(), 1);
    QVERIFY(!m_window->tab(Juliet));
}

void tst_ChatWindow::incomingMessageOpensTabInBackground()
{
    QVERIFY(!m_window->isVisible());
    inject(u"mercutio@verona.lit/queen-mab"_s, u"O, then I see Queen Mab hath been with you."_s);
    QVERIFY(m_window->tab(Mercutio));
    QVERIFY(m_window->isVisible());
    QCOMPARE(m_chats->unreadCount(Mercutio), 1);

    // A closed tab comes back with the next message.
    m_window->closeTab(0);
    QVERIFY(!m_window->tab(Mercutio));
    inject(u"mercutio@verona.lit/queen-mab"_s, u"She is the fairies' midwife."_s);
    QVERIFY(m_window->tab(Mercutio));
    QCOMPARE(m_window->tab(Mercutio)->model()->rowCount(), 2);
}

void tst_ChatWindow::strangerGetsContactBarWithAddButton()
{
    QSignalSpy add(m_window, &ChatWindow::addContactRequested);
    inject(u"tybalt@capulet.lit/sword"_s, u"Thou, wretched boy."_s);
    ChatTab *tab = m_window->tab(Tybalt);
    QVERIFY(tab);
    QVERIFY(tab->isContactBarShown());
    auto *label = tab->findChild<QFrame *>(u"contactBar"_s)->findChildren<QLabel *>().last();
    QCOMPARE(label->text(), u"tybalt@capulet.lit is not in your contacts."_s);

    m_window->openChat(Juliet);
    QVERIFY(!m_window->tab(Juliet)->isContactBarShown());
    m_window->openChat(Tybalt);
    QVERIFY(QTest::qWaitForWindowActive(m_window));
    test::saveScreenshot(m_window, u"chatwindow-stranger"_s);

    QPushButton *button = nullptr;
    for (QPushButton *b : tab->findChildren<QPushButton *>()) {
        if (b->accessibleName() == u"Add to contacts")
            button = b;
    }
    QVERIFY(button);
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(add.size(), 1);
    QCOMPARE(add.first().first().value<Jid>(), Tybalt);

    // Once the server adds them, the bar goes and the name shows.
    m_transport->inject(u"<iq type='set' id='push1'><query xmlns='jabber:iq:roster'>"
                        u"<item jid='tybalt@capulet.lit' name='Tybalt' subscription='none'/>"
                        u"</query></iq>"_s);
    QVERIFY(!tab->isContactBarShown());
    QCOMPARE(m_window->tabWidget()->tabText(m_window->tabWidget()->indexOf(tab)), u"Tybalt"_s);
    QCOMPARE(tab->model()->index(0).data(ConversationModel::SenderRole).toString(), u"Tybalt"_s);

    // A server or service is nobody to add.
    inject(u"capulet.lit"_s, u"Server maintenance at midnight."_s, {}, u"headline"_s);
    QVERIFY(!m_window->tab(Jid::fromString(u"capulet.lit"))->isContactBarShown());
}

void tst_ChatWindow::offlineBarAndQueuedMessages()
{
    m_window->openChat(Juliet);
    ChatTab *tab = m_window->tab(Juliet);
    QVERIFY(!tab->isOfflineBarShown());

    m_transport->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
    QVERIFY(tab->isOfflineBarShown());
    m_transport->clearSent();
    QTest::keyClicks(tab->input(), u"Are you there?"_s);
    QTest::keyClick(tab->input(), Qt::Key_Return);
    QVERIFY(sentMessages().isEmpty());
    QCOMPARE(tab->model()->rowCount(), 1);
    const QString id = tab->model()->index(0).data(ConversationModel::IdRole).toString();
    QCOMPARE(tab->model()->find(id)->state, ChatMessage::State::Queued);

    m_account->reconnectNow();
    QVERIFY(m_account->isOnline());
    QVERIFY(!tab->isOfflineBarShown());
    QCOMPARE(sentMessages().size(), 1);
    QCOMPARE(sentMessages().first().attribute(u"id"), id);
    answerPings();
    QCOMPARE(tab->model()->find(id)->state, ChatMessage::State::Sent);
}

void tst_ChatWindow::draftFillsTheInput()
{
    m_window->setDraft(Nurse, u"Good morrow, nurse"_s);
    QVERIFY(m_window->isVisible());
    QCOMPARE(m_window->currentTab()->peer(), Nurse);
    QCOMPARE(m_window->tab(Nurse)->input()->toPlainText(), u"Good morrow, nurse"_s);
    QVERIFY(sentMessages().isEmpty());
}

void tst_ChatWindow::linksAreClickable()
{
    m_window->openChat(Juliet);
    m_window->resize(m_window->sizeHint());
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    inject(u"juliet@capulet.lit/balcony"_s,
           u"Join xmpp:garden@chat.capulet.lit?join or read https://example.org/verona."_s);
    MessageView *view = m_window->tab(Juliet)->view();
    view->setOpenExternalLinks(false);
    QSignalSpy links(view, &MessageView::linkActivated);
    QSignalSpy xmpp(m_window, &ChatWindow::xmppLinkActivated);
    QApplication::processEvents();
    const QModelIndex index = view->model()->index(0, 0);

    const QUrl room(u"xmpp:garden@chat.capulet.lit?join"_s);
    const QPoint roomAt = findLink(view, index, room);
    QVERIFY(roomAt.x() >= 0);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, roomAt);
    QCOMPARE(xmpp.size(), 1);
    QCOMPARE(xmpp.first().first().toUrl(), room);

    const QUrl web(u"https://example.org/verona"_s); // without the full stop
    const QPoint webAt = findLink(view, index, web);
    QVERIFY(webAt.x() >= 0);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, webAt);
    QCOMPARE(links.size(), 2);
    QCOMPARE(links.last().first().toUrl(), web);
    QCOMPARE(xmpp.size(), 1); // http(s) links are not xmpp links

    // Plain text is no link.
    const QRect rect = view->visualRect(index);
    QVERIFY(view->linkAt(QPoint(rect.right() - 2, rect.bottom() - 2)).isEmpty());
}

void tst_ChatWindow::copyingMessages()
{
    m_window->openChat(Juliet);
    inject(u"juliet@capulet.lit/balcony"_s, u"first"_s);
    inject(u"juliet@capulet.lit/balcony"_s, u"second"_s);
    inject(u"juliet@capulet.lit/balcony"_s, u"third <b>not bold</b>"_s);
    MessageView *view = m_window->tab(Juliet)->view();
    QItemSelectionModel *selection = view->selectionModel();

    selection->select(view->model()->index(2, 0), QItemSelectionModel::ClearAndSelect);
    QTest::keyClick(view, Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QApplication::clipboard()->text(), u"third <b>not bold</b>"_s);

    selection->select(view->model()->index(0, 0), QItemSelectionModel::Select);
    QTest::keyClick(view, Qt::Key_C, Qt::ControlModifier);
    const QString both = QApplication::clipboard()->text();
    QVERIFY(both.contains(u"first"_s));
    QVERIFY(both.contains(u"third <b>not bold</b>"_s));
    QVERIFY(!both.contains(u"second"_s));
    QVERIFY(both.indexOf(u"first"_s) < both.indexOf(u"third"_s));
    QVERIFY(both.contains(u"Juliet Capulet"_s));

    // The context menu copies too.
    QMenu *menu = view->createContextMenu(view->visualRect(view->model()->index(1, 0)).center());
    QAction *copy = nullptr;
    for (QAction *a : menu->actions()) {
        if (a->text() == u"&Copy Text")
            copy = a;
    }
    QVERIFY(copy);
    copy->trigger();
    QCOMPARE(QApplication::clipboard()->text(), u"second"_s);
    delete menu;
}

void tst_ChatWindow::selectTextDialog()
{
    m_window->openChat(Juliet);
    inject(
        u"juliet@capulet.lit/balcony"_s,
        u"What's in a name? That which we call a rose\nBy any other word would smell as sweet"_s);
    MessageView *view = m_window->tab(Juliet)->view();
    QApplication::processEvents();
    const QModelIndex index = view->model()->index(0, 0);
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {},
                       view->visualRect(index).bottomLeft() + QPoint(20, -4));
    auto *dialog = view->findChild<QDialog *>(u"messageTextDialog"_s);
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    auto *text = dialog->findChild<QPlainTextEdit *>();
    QVERIFY(text->isReadOnly());
    QCOMPARE(text->toPlainText(), index.data(ConversationModel::BodyRole).toString());
    QVERIFY(!text->accessibleName().isEmpty());
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QApplication::processEvents();
    test::saveScreenshot(dialog, u"chatwindow-select-text"_s);
    dialog->close();
}

void tst_ChatWindow::failedMessageOffersRetry()
{
    m_window->openChat(Juliet);
    ChatTab *tab = m_window->tab(Juliet);
    QTest::keyClicks(tab->input(), u"Hello?"_s);
    QTest::keyClick(tab->input(), Qt::Key_Return);
    const QString id = sentMessages().last().attribute(u"id");
    m_transport->inject(
        u"<message type='error' from='juliet@capulet.lit' id='%1'>"
        u"<error type='cancel'><service-unavailable "
        u"xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>"_s.arg(id));
    QCOMPARE(tab->model()->find(id)->state, ChatMessage::State::Failed);

    MessageView *view = tab->view();
    QApplication::processEvents();
    QMenu *menu = view->createContextMenu(view->visualRect(view->model()->index(0, 0)).center());
    QAction *retry = nullptr;
    for (QAction *a : menu->actions()) {
        if (a->text() == u"&Retry Sending")
            retry = a;
    }
    QVERIFY(retry);
    m_transport->clearSent();
    retry->trigger();
    delete menu;
    QCOMPARE(sentMessages().size(), 1);
    QCOMPARE(sentMessages().first().attribute(u"id"), id);
    QCOMPARE(tab->model()->find(id)->state, ChatMessage::State::Pending);

    // No retry for a message that did not fail.
    menu = view->createContextMenu(view->visualRect(view->model()->index(0, 0)).center());
    for (QAction *a : menu->actions())
        QVERIFY(a->text() != u"&Retry Sending");
    delete menu;
}

void tst_ChatWindow::stateTooltipsInWords()
{
    m_window->openChat(Juliet);
    m_window->resize(m_window->sizeHint());
    ChatTab *tab = m_window->tab(Juliet);
    tab->setDraft(u"one"_s);
    tab->send();
    MessageView *view = tab->view();
    QApplication::processEvents();
    const QModelIndex index = view->model()->index(0, 0);
    QStyleOptionViewItem option;
    option.initFrom(view);
    option.widget = view;
    option.font = view->font();
    option.rect = view->visualRect(index);
    MessageDelegate *delegate = view->messageDelegate();
    const QRect glyph = delegate->stateRect(option, index);
    QVERIFY(!glyph.isNull());
    QVERIFY(option.rect.contains(glyph));
    QVERIFY(delegate->toolTipAt(option, index, glyph.center()).startsWith(u"Sending"_s));
    answerPings();
    QVERIFY(delegate->toolTipAt(option, index, glyph.center()).startsWith(u"Sent"_s));
    // Elsewhere on the row: the full time.
    const QString time = delegate->toolTipAt(option, index, option.rect.topLeft() + QPoint(2, 2));
    QVERIFY(time.contains(QString::number(QDate::currentDate().year())));
}

void tst_ChatWindow::ticksShowDeliveredAndRead()
{
    m_window->openChat(Juliet);
    m_window->resize(m_window->sizeHint());
    ChatTab *tab = m_window->tab(Juliet);
    tab->setDraft(u"one"_s);
    tab->send();
    answerPings();
    const QString id = tab->model()->messages().first().id;
    MessageView *view = tab->view();
    QApplication::processEvents();
    const QModelIndex index = view->model()->index(0, 0);
    QStyleOptionViewItem option;
    option.initFrom(view);
    option.widget = view;
    option.font = view->font();
    option.rect = view->visualRect(index);
    MessageDelegate *delegate = view->messageDelegate();
    const QRect glyph = delegate->stateRect(option, index);
    QVERIFY(delegate->toolTipAt(option, index, glyph.center()).startsWith(u"Sent"_s));

    m_transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' id='r1'>"
                        u"<received xmlns='urn:xmpp:receipts' id='%1'/></message>"_s.arg(id));
    QCOMPARE(tab->model()->find(id)->state, ChatMessage::State::Delivered);
    QVERIFY(delegate->toolTipAt(option, index, glyph.center()).startsWith(u"Delivered"_s));
    m_transport->inject(
        u"<message type='chat' from='juliet@capulet.lit/balcony' id='d1'>"
        u"<displayed xmlns='urn:xmpp:chat-markers:0' id='%1'/></message>"_s.arg(id));
    QCOMPARE(tab->model()->find(id)->state, ChatMessage::State::Read);
    QVERIFY(delegate->toolTipAt(option, index, glyph.center()).startsWith(u"Read"_s));
}

void tst_ChatWindow::displayedMarkerOnlyWhileTheChatIsInView()
{
    const auto markers = [this] {
        QStringList ids;
        for (const XmlElement &m : allSentMessages()) {
            const XmlElement displayed = m.firstChild(ns::ChatMarkers, u"displayed");
            if (!displayed.isNull())
                ids.append(m.attribute(u"to") + u' ' + displayed.attribute(u"id"));
        }
        return ids;
    };
    const auto markable = [this](const QString &from, const QString &id) {
        m_transport->inject(
            u"<message type='chat' from='%1' id='%2'><body>%2</body>"
            u"<markable xmlns='urn:xmpp:chat-markers:0'/></message>"_s.arg(from, id));
    };
    m_window->openChat(Juliet);
    QVERIFY(QTest::qWaitForWindowActive(m_window));
    m_transport->clearSent();
    // In view: marked in the same turn of the event loop, once for all that came in it, and
    // never counted unread.
    QSignalSpy unread(m_chats, &ChatService::unreadChanged);
    markable(u"juliet@capulet.lit/balcony"_s, u"j0"_s);
    markable(u"juliet@capulet.lit/balcony"_s, u"j1"_s);
    QVERIFY(markers().isEmpty());
    QTRY_COMPARE(markers(), QStringList{u"juliet@capulet.lit/balcony j1"_s});
    QVERIFY(unread.isEmpty());
    QCOMPARE(m_chats->unreadCount(Juliet), 0);
    // In a background tab: only when the user looks at it.
    markable(u"nurse@capulet.lit/kitchen"_s, u"n1"_s);
    QCOMPARE(markers().size(), 1);
    m_window->openChat(Nurse);
    QCOMPARE(markers().last(), u"nurse@capulet.lit/kitchen n1"_s);
    // Window not active: none.
    m_window->hide();
    markable(u"nurse@capulet.lit/kitchen"_s, u"n2"_s);
    QCoreApplication::processEvents();
    QCOMPARE(markers().size(), 2);
    QCOMPARE(m_chats->unreadCount(Nurse), 1);
}

void tst_ChatWindow::typingIsShownUnderTheConversation()
{
    m_window->openChat(Juliet);
    ChatTab *tab = m_window->tab(Juliet);
    QVERIFY(!tab->isTypingShown());
    const auto state = [this](const QString &name) {
        m_transport->inject(
            u"<message type='chat' from='juliet@capulet.lit/balcony'><%1 "
            u"xmlns='http://jabber.org/protocol/chatstates'/></message>"_s.arg(name));
    };
    state(u"composing"_s);
    QVERIFY(tab->isTypingShown());
    QCOMPARE(tab->typingText(), u"Juliet Capulet is typing…"_s);
    state(u"paused"_s);
    QVERIFY(!tab->isTypingShown());
    state(u"composing"_s);
    inject(u"juliet@capulet.lit/balcony"_s, u"Done writing"_s);
    QVERIFY(!tab->isTypingShown());
}

void tst_ChatWindow::theInputSendsComposing()
{
    m_window->openChat(Juliet);
    QVERIFY(QTest::qWaitForWindowActive(m_window));
    m_transport->clearSent();
    QTest::keyClicks(m_window->tab(Juliet)->input(), u"Hel"_s);
    const QList<XmlElement> all = allSentMessages();
    QCOMPARE(all.size(), 1); // composing, once
    QVERIFY(all.first().hasChild(ns::ChatStates, u"composing"));
    QCOMPARE(all.first().attribute(u"to"), u"juliet@capulet.lit"_s);
    QVERIFY(sentMessages().isEmpty());
}

void tst_ChatWindow::upEditsTheLastMessage()
{
    m_window->openChat(Juliet);
    ChatTab *tab = m_window->tab(Juliet);
    ChatInput *input = tab->input();
    QTest::keyClicks(input, u"Helo wrld"_s);
    QTest::keyClick(input, Qt::Key_Return);
    answerPings();
    const QString id = tab->model()->messages().first().id;
    QVERIFY(!tab->isEditBarShown());

    QTest::keyClick(input, Qt::Key_Up);

    QVERIFY(tab->isEditBarShown());
    QCOMPARE(tab->editingId(), id);
    QCOMPARE(input->toPlainText(), u"Helo wrld"_s);
    input->clear();
    QTest::keyClicks(input, u"Hello world"_s);
    m_transport->clearSent();
    QTest::keyClick(input, Qt::Key_Return);

    QCOMPARE(sentMessages().size(), 1);
    const XmlElement wire = sentMessages().first();
    QCOMPARE(wire.childText(ns::Client, u"body"), u"Hello world"_s);
    QCOMPARE(wire.firstChild(ns::MessageCorrect, u"replace").attribute(u"id"), id);
    QVERIFY(!tab->isEditBarShown());
    QVERIFY(input->toPlainText().isEmpty());
    QCOMPARE(tab->model()->rowCount(), 1);
    QCOMPARE(tab->model()->messages().first().body, u"Hello world"_s);
    QVERIFY(tab->model()->messages().first().isEdited());

    // Up in a box with text moves the cursor, as always.
    QTest::keyClicks(input, u"draft"_s);
    QTest::keyClick(input, Qt::Key_Up);
    QVERIFY(!tab->isEditBarShown());
}

void tst_ChatWindow::escapeCancelsEditing()
{
    m_window->openChat(Juliet);
    ChatTab *tab = m_window->tab(Juliet);
    ChatInput *input = tab->input();
    // Nothing of ours yet: Up does nothing.
    QTest::keyClick(input, Qt::Key_Up);
    QVERIFY(!tab->isEditBarShown());
    QTest::keyClicks(input, u"First"_s);
    QTest::keyClick(input, Qt::Key_Return);
    answerPings();
    QTest::keyClick(input, Qt::Key_Up);
    QVERIFY(tab->isEditBarShown());
    QTest::keyClicks(input, u" changed"_s);
    m_transport->clearSent();

    QTest::keyClick(input, Qt::Key_Escape);

    QVERIFY(!tab->isEditBarShown());
    QVERIFY(tab->editingId().isEmpty());
    QVERIFY(input->toPlainText().isEmpty());
    QVERIFY(sentMessages().isEmpty());
    QCOMPARE(tab->model()->messages().first().body, u"First"_s);
    // The next message is a new one again.
    QTest::keyClicks(input, u"Second"_s);
    QTest::keyClick(input, Qt::Key_Return);
    QCOMPARE(tab->model()->rowCount(), 2);
    QVERIFY(!sentMessages().first().hasChild(ns::MessageCorrect, u"replace"));
}

void tst_ChatWindow::deleteForEveryoneAsksFirst()
{
    m_window->openChat(Juliet);
    m_window->resize(m_window->sizeHint());
    ChatTab *tab = m_window->tab(Juliet);
    tab->setDraft(u"Something I regret"_s);
    tab->send();
    answerPings();
    const QString id = tab->model()->messages().first().id;
    MessageView *view = tab->view();
    QApplication::processEvents();
    const QPoint row = view->visualRect(view->model()->index(0, 0)).center();

    std::unique_ptr<QMenu> menu(view->createContextMenu(row));
    auto *retract = menu->findChild<QAction *>(u"retractAction"_s);
    QVERIFY(retract);
    QVERIFY(retract->isEnabled());
    m_transport->clearSent();
    retract->trigger();
    auto *question = tab->findChild<QMessageBox *>(u"retractQuestion"_s);
    QVERIFY(question);
    QVERIFY(question->isVisible());
    QVERIFY(sentMessages().isEmpty()); // not before the user said so
    // Cancel: nothing happens.
    question->button(QMessageBox::Cancel)->click();
    QVERIFY(!tab->model()->find(id)->retracted);
    QVERIFY(sentMessages().isEmpty());
    QApplication::processEvents();

    tab->confirmRetract(id);
    question = tab->findChild<QMessageBox *>(u"retractQuestion"_s);
    QVERIFY(question);
    question->findChild<QPushButton *>(u"retractButton"_s)->click();
    QVERIFY(tab->model()->find(id)->retracted);
    // (The question took the focus from the chat: chat states may have gone out too.)
    QCOMPARE(sentMessages().size(), 1); // the retraction, with its fallback body
    QCOMPARE(sentMessages().first().firstChild(ns::MessageRetract, u"retract").attribute(u"id"),
             id);
    QApplication::processEvents();
    // What is left says so, and offers no second deletion.
    view->selectionModel()->select(view->model()->index(0, 0), QItemSelectionModel::ClearAndSelect);
    QCOMPARE(view->selectedText(), u"This message was deleted"_s);
    menu.reset(view->createContextMenu(row));
    QVERIFY(!menu->findChild<QAction *>(u"retractAction"_s));
    // Their messages cannot be deleted by us.
    inject(u"juliet@capulet.lit/balcony"_s, u"Mine"_s);
    QApplication::processEvents();
    menu.reset(view->createContextMenu(view->visualRect(view->model()->index(1, 0)).center()));
    QVERIFY(!menu->findChild<QAction *>(u"retractAction"_s));
}

void tst_ChatWindow::scrollingUpLoadsOlderMessages()
{
    QTemporaryDir dir;
    MessageStore store;
    QVERIFY(store.open(dir.filePath(u"messages.sqlite"_s)));
    constexpr int Total = 200;
    const QDateTime start = QDateTime::currentDateTimeUtc().addDays(-2);
    for (int i = 1; i <= Total; ++i) {
        ChatMessage m;
        const bool ours = i % 4 == 0;
        m.id = u"m%1"_s.arg(i);
        m.peer = Juliet;
        m.direction = ours ? ChatMessage::Direction::Outgoing : ChatMessage::Direction::Incoming;
        m.from =
            ours ? Jid::fromString(u"romeo@montague.lit/orchard") : Juliet.withResource(u"balcony");
        m.state = ours ? ChatMessage::State::Read : ChatMessage::State::Received;
        m.body = u"Message %1"_s.arg(i);
        m.timestamp = start.addSecs(i * 60);
        store.add(m, {}, {}, true);
    }
    store.flush();
    m_chats->setStore(&store);

    m_window->openChat(Juliet);
    const QFontMetrics fm(m_window->font());
    m_window->resize(fm.averageCharWidth() * 60, fm.lineSpacing() * 24);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    ChatTab *tab = m_window->tab(Juliet);
    MessageView *view = tab->view();
    QScrollBar *bar = view->verticalScrollBar();
    QCOMPARE(tab->model()->rowCount(), ChatService::InitialMessages);
    QTRY_VERIFY(bar->maximum() > 0 && bar->value() == bar->maximum());
    QVERIFY(tab->historyText().isEmpty());
    const auto topBody = [view] {
        return view->indexAt(QPoint(view->viewport()->width() / 2, 0))
            .data(ConversationModel::BodyRole)
            .toString();
    };

    // At the top: 50 more above, and the message that was at the top stays there.
    bar->setValue(bar->minimum());
    QCOMPARE(tab->model()->rowCount(), 2 * ChatService::InitialMessages);
    QApplication::processEvents();
    QCOMPARE(topBody(), u"Message 151"_s);
    QVERIFY(bar->value() > bar->minimum());
    QVERIFY(tab->historyText().isEmpty());

    // Scrolling on to the beginning.
    for (int i = 0; i < 5 && !m_chats->isAtStart(Juliet); ++i) {
        // At the top the first row is at the top of the view; it stays there.
        const QString before = tab->model()->index(0).data(ConversationModel::BodyRole).toString();
        bar->setValue(bar->minimum());
        QApplication::processEvents();
        if (!m_chats->isAtStart(Juliet))
            QCOMPARE(topBody(), before);
    }
    QVERIFY(m_chats->isAtStart(Juliet));
    QCOMPARE(tab->model()->rowCount(), Total);
    const QList<ChatMessage> &rows = tab->model()->messages();
    for (int i = 0; i < Total; ++i)
        QCOMPARE(rows.at(i).body, u"Message %1"_s.arg(i + 1));
    bar->setValue(bar->minimum());
    QApplication::processEvents();
    QCOMPARE(topBody(), u"Message 1"_s);
    QCOMPARE(tab->historyText(), ChatTab::tr("Beginning of the conversation"));
    test::saveScreenshot(m_window, u"chatwindow-beginning"_s);

    // Away from the top the line goes.
    bar->setValue(bar->maximum());
    QVERIFY(tab->historyText().isEmpty());

    delete m_window;
    m_window = nullptr;
    m_chats->setStore(nullptr);
}

void tst_ChatWindow::buildConversation()
{
    const QDateTime now = QDateTime::currentDateTime();
    const QDateTime yesterday = QDateTime(now.date().addDays(-1), QTime(21, 2));
    const QString balcony = u"juliet@capulet.lit/balcony"_s;

    // Yesterday evening: a run of three, then our answer.
    inject(balcony, u"Are you still awake?"_s, yesterday);
    inject(balcony, u"I canot sleep."_s, yesterday.addSecs(60));
    // Corrected (XEP-0308): "(edited)", the earlier text in the tooltip.
    m_transport->inject(u"<message type='chat' from='%1' id='fix-1'><body>I cannot sleep.</body>"
                        u"<replace xmlns='urn:xmpp:message-correct:0' id='%2'/></message>"_s.arg(
                            balcony, m_chats->conversation(Juliet)->messages().last().id));
    inject(balcony, u"The nurse sends her regards 🌹"_s, yesterday.addSecs(150));
    ChatMessage ours;
    ours.id = u"yesterday-1"_s;
    ours.peer = Juliet;
    ours.from = Jid::fromString(u"romeo@montague.lit/test");
    ours.direction = ChatMessage::Direction::Outgoing;
    ours.state = ChatMessage::State::Read;
    ours.body = u"Go to sleep, my love. Tomorrow!"_s;
    ours.timestamp = yesterday.addSecs(600).toUTC();
    m_chats->conversation(Juliet)->append(ours);

    // Today.
    const QDateTime morning = now.addSecs(-40 * 60);
    inject(balcony, u"Meet me at the orchard wall when the bell strikes nine."_s, morning,
           u"chat"_s, u"Tonight"_s);
    inject(u"juliet@capulet.lit/feed"_s, u"The feast starts at nine. Masks are required."_s,
           morning.addSecs(120), u"headline"_s, u"Capulet household news"_s);
    inject(balcony,
           u"O Romeo, Romeo, wherefore art thou Romeo? Deny thy father and refuse thy name; or "
           u"if thou wilt not, be but sworn my love, and I'll no longer be a Capulet. 'Tis but thy "
           u"name that is my enemy; thou art thyself, though not a Montague."_s,
           morning.addSecs(600));
    inject(balcony,
           u"The map: https://maps.example.org/verona?q=orchard and our room: "
           u"xmpp:garden@chat.capulet.lit?join"_s,
           morning.addSecs(660));
    m_transport->inject(
        u"<message type='error' from='juliet@capulet.lit/balcony' id='old-1'>"
        u"<body>(your photo)</body><error type='cancel'><not-acceptable "
        u"xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"
        u"<delay xmlns='urn:xmpp:delay' stamp='%1'/></message>"_s.arg(stamp(morning.addSecs(900))));

    // Deleted by Juliet (XEP-0424).
    m_transport->inject(u"<message type='chat' from='%1' id='oops'><body>Never mind the wall, "
                        u"come through the gate</body><origin-id xmlns='urn:xmpp:sid:0' "
                        u"id='o-oops'/></message>"_s.arg(balcony));
    m_transport->inject(u"<message type='chat' from='%1' id='oops-retract'><retract "
                        u"xmlns='urn:xmpp:message-retract:1' id='o-oops'/><body>retracted</body>"
                        u"</message>"_s.arg(balcony));

    // Ours, now: delivered, failed, pending.
    const QString there = m_chats->sendMessage(Juliet, u"I'll be there."_s);
    answerPings();
    m_transport->inject(u"<message type='chat' from='%1' id='r-1'><received "
                        u"xmlns='urn:xmpp:receipts' id='%2'/></message>"_s.arg(balcony, there));
    const QString failed = m_chats->sendMessage(Juliet, u"Did my letter arrive?"_s);
    m_transport->inject(
        u"<message type='error' from='juliet@capulet.lit' id='%1'>"
        u"<error type='wait'><recipient-unavailable "
        u"xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>"_s.arg(failed));
    answerPings();
    m_chats->sendMessage(Juliet, u"On my way 🏃"_s);
}

void tst_ChatWindow::screenshots_data()
{
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << false;
    QTest::newRow("dark") << true;
}

void tst_ChatWindow::screenshots()
{
    QFETCH(bool, dark);
    const QString theme = dark ? u"dark"_s : u"light"_s;
    QApplication::setPalette(dark ? test::darkPalette() : test::lightPalette());

    buildConversation();
    inject(u"nurse@capulet.lit/kitchen"_s, u"Madam!"_s);
    inject(u"nurse@capulet.lit/kitchen"_s, u"Your lady mother is coming."_s);
    m_window->openChat(Juliet);
    m_window->tab(Juliet)->setDraft(u"Good night, good night! Parting is such sweet sorrow"_s);
    QVERIFY(QTest::qWaitForWindowActive(m_window));
    const QFontMetrics fm(m_window->font());
    m_window->resize(fm.averageCharWidth() * 72, fm.lineSpacing() * 46);
    QApplication::processEvents();
    MessageView *view = m_window->tab(Juliet)->view();
    QTRY_VERIFY(!view->visualRect(view->model()->index(0, 0)).isNull());
    // No hover highlight in the pictures (the offscreen platform sends no leave events).
    QEvent leave(QEvent::Leave);
    QApplication::sendEvent(view->viewport(), &leave);

    // Every row of the conversation is tall enough for what it shows.
    const ConversationModel *model = m_window->tab(Juliet)->model();
    QCOMPARE(model->rowCount(), 13);
    const int lineSpacing = view->fontMetrics().lineSpacing();
    for (int row = 0; row < model->rowCount(); ++row)
        QVERIFY(view->visualRect(model->index(row)).height() >= lineSpacing);
    // The long message wraps, the day separators and headers make rows taller than a line.
    QVERIFY(view->visualRect(model->index(6)).height() > 2 * lineSpacing);
    QVERIFY(view->visualRect(model->index(1)).height() <
            view->visualRect(model->index(0)).height());

    view->scrollToTop();
    test::saveScreenshot(m_window, u"chatwindow-conversation-top-"_s + theme);
    m_transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony'><composing "
                        u"xmlns='http://jabber.org/protocol/chatstates'/></message>"_s);
    QApplication::processEvents();
    view->scrollToBottom();
    test::saveScreenshot(m_window, u"chatwindow-conversation-"_s + theme);

    // Editing our last message.
    ChatTab *tab = m_window->tab(Juliet);
    const QString draft = tab->input()->toPlainText();
    tab->input()->clear();
    QVERIFY(tab->startEditing(m_chats->lastCorrectable(Juliet)));
    QApplication::processEvents();
    view->scrollToBottom();
    test::saveScreenshot(m_window, u"chatwindow-editing-"_s + theme);
    tab->cancelEditing();
    tab->setDraft(draft);

    // Several messages selected.
    view->selectionModel()->select(model->index(9), QItemSelectionModel::ClearAndSelect);
    view->selectionModel()->select(model->index(10), QItemSelectionModel::Select);
    test::saveScreenshot(m_window, u"chatwindow-selection-"_s + theme);
    view->clearSelection();

    // A stranger's message: the contact bar.
    inject(u"tybalt@capulet.lit/sword"_s, u"Thou, wretched boy, that didst consort him here."_s);
    m_window->openChat(Tybalt);
    QApplication::processEvents();
    test::saveScreenshot(m_window, u"chatwindow-stranger-"_s + theme);
    m_window->openChat(Juliet);

    // The text of a message for selecting a part of it.
    QDialog *dialog = view->showTextOf(model->index(6));
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QApplication::processEvents();
    test::saveScreenshot(dialog, u"chatwindow-select-text-"_s + theme);
    dialog->close();

    // Offline with a queued message.
    m_transport->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
    m_window->tab(Juliet)->send();
    QApplication::processEvents();
    view->scrollToBottom();
    test::saveScreenshot(m_window, u"chatwindow-offline-"_s + theme);

    // A narrow window.
    m_window->resize(fm.averageCharWidth() * 40, fm.lineSpacing() * 30);
    QApplication::processEvents();
    view->scrollToBottom();
    test::saveScreenshot(m_window, u"chatwindow-narrow-"_s + theme);
}

void tst_ChatWindow::screenshotWithLongNames()
{
    m_transport->inject(
        u"<iq type='set' id='push2'><query xmlns='jabber:iq:roster'>"
        u"<item jid='juliet@capulet.lit' name='Juliet Capulet of the House of Capulet in fair "
        u"Verona, where we lay our scene' subscription='both'/></query></iq>"_s);
    inject(u"juliet@capulet.lit/balcony"_s,
           u"Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenauszahlungsstelle"
           u"ohneLeerzeichenundohneEndeSoDassDerTextUmbrechenMuss"_s);
    inject(u"a-very-long-address-of-someone-we-do-not-know@a-server-with-a-long-name.example"
           u"/resource"_s,
           u"Hallo! Darf ich Ihnen eine Frage zu Ihrer Bestellung stellen?"_s);
    m_window->openChat(Juliet);
    m_window->openChat(Nurse, false);
    m_window->openChat(Jid::fromString(
        u"a-very-long-address-of-someone-we-do-not-know@a-server-with-a-long-name.example"));
    const QFontMetrics fm(m_window->font());
    m_window->resize(fm.averageCharWidth() * 60, fm.lineSpacing() * 24);
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    QEvent leave(QEvent::Leave);
    QApplication::sendEvent(m_window->currentTab()->view()->viewport(), &leave);
    QApplication::processEvents();
    test::saveScreenshot(m_window, u"chatwindow-long-names"_s);
    m_window->openChat(Juliet);
    // A long name typing, a long text corrected, a long text of ours read.
    m_transport->inject(
        u"<message type='chat' from='juliet@capulet.lit/balcony' id='l1'>"
        u"<body>%1</body></message>"_s.arg(u"Parting is such sweet sorrow, "_s.repeated(6)));
    m_transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' id='l2'>"
                        u"<body>%1</body><replace xmlns='urn:xmpp:message-correct:0' id='l1'/>"
                        u"</message>"_s.arg(u"Parting is such sweet sorrow that I shall say good "
                                            u"night till it be morrow. "_s.repeated(3)));
    const QString ours = m_chats->sendMessage(Juliet, u"Sleep dwell upon thine eyes, peace in "
                                                      u"thy breast! Would I were sleep and "
                                                      u"peace, so sweet to rest!"_s);
    m_transport->inject(
        u"<message type='chat' from='juliet@capulet.lit/balcony' id='l3'>"
        u"<displayed xmlns='urn:xmpp:chat-markers:0' id='%1'/></message>"_s.arg(ours));
    m_transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony'><composing "
                        u"xmlns='http://jabber.org/protocol/chatstates'/></message>"_s);
    QApplication::processEvents();
    QVERIFY(m_window->tab(Juliet)->isTypingShown());
    // Still as narrow as before: the name wraps instead of widening the window.
    QVERIFY(m_window->minimumSizeHint().width() <= fm.averageCharWidth() * 60);
    m_window->tab(Juliet)->view()->scrollToBottom();
    QApplication::processEvents();
    test::saveScreenshot(m_window, u"chatwindow-long-names-juliet"_s);
}

QTEST_MAIN(tst_ChatWindow)
#include "tst_chatwindow.moc"
