// SPDX-License-Identifier: GPL-3.0-or-later
// The main window over a Session on a fake server: menus, roster and chat wiring, xmpp: links.
#include "AddContactDialog.h"
#include "ChatInput.h"
#include "ChatTab.h"
#include "ChatWindow.h"
#include "FakeTransport.h"
#include "MainWindow.h"
#include "RosterWindow.h"
#include "UiTestUtil.h"
#include "XmlConsoleWindow.h"
#include "account/Account.h"
#include "models/ConversationModel.h"
#include "models/RosterFilterModel.h"
#include "services/ChatService.h"
#include "services/RosterService.h"
#include "services/Session.h"
#include "storage/MessageStore.h"
#include "xml/Namespaces.h"

#include <QAction>
#include <QApplication>
#include <QFileDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyle>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace natter;
using namespace Qt::StringLiterals;

namespace {

const Jid Juliet = Jid::fromString(u"juliet@example.com");
const Jid Romeo = Jid::fromString(u"romeo@example.net");
const Jid Nurse = Jid::fromString(u"nurse@example.com");

const QString Roster = uR"(<query xmlns='jabber:iq:roster' ver='ver7'>
  <item jid='romeo@example.net' name='Romeo' subscription='both'><group>Friends</group></item>
  <item jid='mercutio@example.com' name='Mercutio' subscription='both'><group>Friends</group></item>
  <item jid='benvolio@example.net' name='Benvolio' subscription='to'/>
  <item jid='tybalt@example.org' name='Tybalt, Prince of Cats and a very long name indeed'
        subscription='both'><group>Capulets</group></item>
</query>)"_s;

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2b, 0x2b), base(0x1e, 0x1e, 0x1e), text(0xe8, 0xe8, 0xe8);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x3a, 0x3a, 0x3a));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x7a, 0xd6));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(0x90, 0x90, 0x90));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x80));
    return p;
}

QAction *findAction(QMenu *menu, const QString &objectName)
{
    const auto actions = menu->actions();
    for (QAction *a : actions) {
        if (a->objectName() == objectName)
            return a;
    }
    return nullptr;
}

} // namespace

class tst_MainWindow : public QObject
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

    QMenu *menu(const char *name) const
    {
        return m_window->menuBar()->findChild<QMenu *>(QLatin1String(name));
    }

    void screenshot(QWidget *w, const QString &name)
    {
        QTest::qWait(50);
        natter::test::saveScreenshot(w, name);
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
        m_dir = std::make_unique<QTemporaryDir>();
        m_transport = new FakeTransport;
        SessionInfo info;
        info.jid = Juliet.withResource(u"balcony");
        m_transport->setSession(info);
        m_session = std::make_unique<Session>(m_dir->path(), m_transport);
        ConnectionSettings settings;
        settings.jid = Juliet;
        settings.password = u"pw"_s;
        m_session->account()->setSettings(settings);
        m_session->account()->connectToServer();
        answerRosterFetch();
        m_transport->inject(u"<presence from='romeo@example.net/orchard'/>"_s);
        m_transport->inject(
            u"<presence from='tybalt@example.org/street'><show>dnd</show></presence>"_s);
        m_window = std::make_unique<MainWindow>(m_session.get(), false);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup()
    {
        m_window.reset();
        m_session.reset();
        m_dir.reset();
        QApplication::setPalette(QApplication::style()->standardPalette());
    }

    void structure()
    {
        QCOMPARE(m_window->centralWidget(), m_window->rosterWindow());
        QVERIFY(m_window->chatWindow());
        QVERIFY(m_window->chatWindow()->isWindow());
        QVERIFY(!m_window->chatWindow()->isVisible()); // until a chat opens
        QVERIFY(m_window->windowTitle().contains(u"juliet@example.com"_s));
        QVERIFY(!m_window->trayIcon()); // not asked for
        screenshot(m_window.get(), u"main-window"_s);
    }

    void menus()
    {
        QMenu *natter = menu("natterMenu");
        QMenu *view = menu("viewMenu");
        QMenu *help = menu("helpMenu");
        QVERIFY(natter && view && help);
        QCOMPARE(findAction(natter, u"addContact"_s), m_window->addContactAction());
        QCOMPARE(findAction(natter, u"xmlConsole"_s), m_window->xmlConsoleAction());
        QCOMPARE(findAction(natter, u"logOut"_s), m_window->logOutAction());
        QCOMPARE(findAction(natter, u"quit"_s), m_window->quitAction());
        QCOMPARE(findAction(view, u"showOffline"_s), m_window->showOfflineAction());
        QCOMPARE(findAction(help, u"about"_s), m_window->aboutAction());
        QVERIFY(m_window->showOfflineAction()->isCheckable());
        // Every menu entry has a mnemonic; the frequent ones a shortcut.
        for (QMenu *m : {natter, view, help}) {
            QVERIFY(m->title().contains(u'&'));
            const auto actions = m->actions();
            for (QAction *a : actions) {
                if (!a->isSeparator())
                    QVERIFY2(a->text().contains(u'&'), qPrintable(a->text()));
            }
        }
        QVERIFY(!m_window->quitAction()->shortcut().isEmpty());
        QVERIFY(!m_window->addContactAction()->shortcut().isEmpty());
        QVERIFY(!m_window->xmlConsoleAction()->shortcut().isEmpty());
        natter->popup(m_window->mapToGlobal(QPoint(0, 0)));
        screenshot(natter, u"main-window-menu"_s);
        natter->hide();
    }

    void logOutAndQuitAreRequested()
    {
        QSignalSpy logOut(m_window.get(), &MainWindow::logOutRequested);
        QSignalSpy quit(m_window.get(), &MainWindow::quitRequested);
        m_window->logOutAction()->trigger();
        QCOMPARE(logOut.size(), 1);
        m_window->quitAction()->trigger();
        QCOMPARE(quit.size(), 1);
        // Without a tray, closing the window quits.
        m_window->close();
        QCOMPARE(quit.size(), 2);
    }

    void rosterOpensChats()
    {
        Q_EMIT m_window->rosterWindow()->chatRequested(Romeo);
        ChatWindow *chats = m_window->chatWindow();
        QVERIFY(chats->isVisible());
        QVERIFY(chats->tab(Romeo));
        QCOMPARE(chats->currentTab()->peer(), Romeo);
    }

    void chatAsksRosterToAddAStranger()
    {
        Q_EMIT m_window->chatWindow()->addContactRequested(Nurse);
        AddContactDialog *dialog = m_window->rosterWindow()->addContactDialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->jidEdit()->text(), Nurse.bareString());
        dialog->reject();
    }

    void addContactActionOpensTheDialog()
    {
        m_window->addContactAction()->trigger();
        QVERIFY(m_window->rosterWindow()->addContactDialog());
        QVERIFY(m_window->rosterWindow()->addContactDialog()->jidEdit()->text().isEmpty());
    }

    void showOfflineContacts()
    {
        RosterFilterModel *filter = m_window->rosterWindow()->filterModel();
        m_window->showOfflineAction()->setChecked(false);
        const int onlineOnly = filter->rowCount();
        m_window->showOfflineAction()->setChecked(true);
        QVERIFY(filter->showOffline());
        int contacts = 0;
        for (int g = 0; g < filter->rowCount(); ++g)
            contacts += filter->rowCount(filter->index(g, 0));
        QCOMPARE(contacts, 4);
        m_window->showOfflineAction()->setChecked(false);
        QCOMPARE(filter->rowCount(), onlineOnly);
        QVERIFY(!filter->showOffline());
    }

    void xmlConsole()
    {
        QVERIFY(!m_window->xmlConsole());
        m_window->xmlConsoleAction()->trigger();
        QVERIFY(m_window->xmlConsole());
        QVERIFY(m_window->xmlConsole()->isVisible());
        QVERIFY(m_window->xmlConsole()->isWindow());
        XmlConsoleWindow *first = m_window->xmlConsole();
        m_window->xmlConsoleAction()->trigger();
        QCOMPARE(m_window->xmlConsole(), first); // one console
    }

    void messageLinkOpensTheChatWithADraft()
    {
        m_window->openUri(XmppUri::parse(u"xmpp:romeo@example.net?message;body=Hi%20there"_s));
        ChatTab *tab = m_window->chatWindow()->tab(Romeo);
        QVERIFY(tab);
        QVERIFY(m_window->chatWindow()->isVisible());
        QCOMPARE(tab->input()->toPlainText(), u"Hi there"_s);
        // Nothing was sent by opening a link.
        for (const XmlElement &e : m_transport->sent())
            QVERIFY(e.name() != u"message");
        screenshot(m_window->chatWindow(), u"main-window-chat-from-link"_s);
    }

    void plainLinkOpensTheChat()
    {
        m_window->openUri(XmppUri::parse(u"xmpp:nurse@example.com"_s));
        QVERIFY(m_window->chatWindow()->tab(Nurse));
        QVERIFY(!m_window->rosterWindow()->addContactDialog());
        m_window->openUri(XmppUri::parse(u"xmpp:nurse@example.com/kitchen?join"_s)); // other
        QCOMPARE(m_window->chatWindow()->tabCount(), 1);
    }

    void rosterLinkOffersToAdd()
    {
        m_window->openUri(
            XmppUri::parse(u"xmpp:nurse@example.com?roster;name=The%20Nurse;group=Capulets"_s));
        AddContactDialog *dialog = m_window->rosterWindow()->addContactDialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->jidEdit()->text(), Nurse.bareString());
        QCOMPARE(dialog->nameEdit()->text(), u"The Nurse"_s);
        screenshot(dialog, u"main-window-add-from-link"_s);
        dialog->reject();
        QTRY_VERIFY(!m_window->rosterWindow()->addContactDialog()); // closed and deleted

        // A contact already: its chat instead.
        m_window->openUri(XmppUri::parse(u"xmpp:romeo@example.net?subscribe"_s));
        QVERIFY(!m_window->rosterWindow()->addContactDialog());
        QVERIFY(m_window->chatWindow()->tab(Romeo));
    }

    void linksThatCannotBeOpenedSayWhy()
    {
        m_window->openUri(XmppUri::parse(u"xmpp://other@example.org/romeo@example.net?message"_s));
        QVERIFY2(m_window->rosterWindow()->message().contains(u"other@example.org"_s),
                 qPrintable(m_window->rosterWindow()->message()));
        QVERIFY(!m_window->chatWindow()->tab(Romeo));

        m_window->openUri(XmppUri::parse(u"xmpp:a@b@c"_s));
        QVERIFY(m_window->rosterWindow()->message().contains(u"could not be opened"_s));

        // Our own account in the authority is fine.
        m_window->openUri(XmppUri::parse(u"xmpp://juliet@example.com/romeo@example.net?message"_s));
        QVERIFY(m_window->chatWindow()->tab(Romeo));
    }

    void linksInMessagesAreFollowed()
    {
        Q_EMIT m_window->chatWindow()->xmppLinkActivated(
            QUrl(u"xmpp:nurse@example.com?message;body=ok"_s));
        QVERIFY(m_window->chatWindow()->tab(Nurse));
        QCOMPARE(m_window->chatWindow()->tab(Nurse)->input()->toPlainText(), u"ok"_s);
    }

    void incomingMessageShowsInRosterAndChat()
    {
        m_transport->inject(u"<message from='romeo@example.net/orchard' type='chat' id='m1'>"
                            "<body>Wherefore art thou?</body></message>"_s);
        QVERIFY(m_window->chatWindow()->tab(Romeo));
        QCOMPARE(m_session->chats()->unreadCount(Romeo), 1);
    }

    void contactMenuExportsAndClears()
    {
        std::unique_ptr<QMenu> menu(m_window->rosterWindow()->createContextMenu(Romeo));
        QAction *exportAction = findAction(menu.get(), u"exportConversation"_s);
        QAction *clearAction = findAction(menu.get(), u"clearConversation"_s);
        QVERIFY(exportAction && exportAction->isEnabled());
        QVERIFY(clearAction && clearAction->isEnabled());
        QSignalSpy exports(m_window->rosterWindow(), &RosterWindow::exportConversationRequested);
        QSignalSpy clears(m_window->rosterWindow(), &RosterWindow::clearConversationRequested);
        exportAction->trigger();
        clearAction->trigger();
        QCOMPARE(exports.size(), 1);
        QCOMPARE(clears.size(), 1);
        QCOMPARE(clears.first().first().value<Jid>(), Romeo);
        // The main window answered both: a file dialog and a question are open.
        auto *dialog = m_window->findChild<QFileDialog *>();
        QVERIFY(dialog);
        dialog->reject();
        auto *box = m_window->findChild<QMessageBox *>();
        QVERIFY(box);
        box->reject();
    }

    void exportWritesPlainTextOrJsonByFilter()
    {
        m_transport->inject(u"<message from='romeo@example.net/orchard' type='chat' id='m1'>"
                            "<body>Wherefore art thou?\nSecond \"line\"</body></message>"_s);
        m_session->chats()->sendMessage(Romeo, u"On the balcony"_s);
        m_session->messageStore()->flush();
        QTemporaryDir out;

        QFileDialog *dialog = m_window->exportConversation(Romeo);
        QVERIFY(dialog);
        QVERIFY(dialog->nameFilters().size() == 2);
        dialog->selectNameFilter(dialog->nameFilters().at(1));
        const QString jsonPath = out.filePath(u"romeo.json"_s);
        dialog->selectFile(jsonPath);
        screenshot(dialog, u"main-window-export-dialog"_s);
        static_cast<QDialog *>(dialog)->accept(); // QFileDialog::accept() is protected
        // It writes on a thread of its own; the message bar says when it is done.
        QTRY_VERIFY(m_window->rosterWindow()->message().contains(u"exported"_s));
        QFile json(jsonPath);
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonArray array = QJsonDocument::fromJson(json.readAll()).array();
        QCOMPARE(array.size(), 2);
        QCOMPARE(array.at(0).toObject().value(u"body"_s).toString(),
                 u"Wherefore art thou?\nSecond \"line\""_s);
        QCOMPARE(array.at(1).toObject().value(u"direction"_s).toString(), u"outgoing"_s);

        dialog = m_window->exportConversation(Romeo);
        QVERIFY(dialog);
        dialog->selectNameFilter(dialog->nameFilters().at(0));
        const QString textPath = out.filePath(u"romeo.txt"_s);
        dialog->selectFile(textPath);
        static_cast<QDialog *>(dialog)->accept(); // QFileDialog::accept() is protected
        QTRY_VERIFY(QFile::exists(textPath));
        QFile text(textPath);
        QVERIFY(text.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = text.readAll().split('\n');
        QCOMPARE(lines.size(), 3);
        QVERIFY2(lines.at(0).endsWith("] Romeo: Wherefore art thou?\\nSecond \"line\""),
                 lines.at(0));
        QTRY_VERIFY(m_window->rosterWindow()->message().contains(u"exported"_s));
    }

    void clearAsksFirstThenEmptiesTheChat()
    {
        m_transport->inject(u"<message from='romeo@example.net/orchard' type='chat' id='m1'>"
                            "<body>Wherefore art thou?</body></message>"_s);
        m_session->messageStore()->flush();
        QVERIFY(m_window->chatWindow()->tab(Romeo));
        ConversationModel *model = m_window->chatWindow()->tab(Romeo)->model();
        QCOMPARE(model->rowCount(), 1);

        QMessageBox *box = m_window->clearConversation(Romeo);
        QVERIFY(box);
        QVERIFY(box->text().contains(u"Romeo"_s));
        screenshot(box, u"main-window-clear-question"_s);
        box->reject(); // Cancel: nothing happens
        QCOMPARE(model->rowCount(), 1);
        QCOMPARE(m_session->messageStore()->count(Romeo), 1);

        box = m_window->clearConversation(Romeo);
        QVERIFY(box);
        auto *clear = box->findChild<QPushButton *>(u"clear"_s);
        QVERIFY(clear);
        clear->click();
        QCOMPARE(model->rowCount(), 0);
        QCOMPARE(m_session->messageStore()->count(Romeo), 0);
    }

    void dark()
    {
        QApplication::setPalette(darkPalette());
        screenshot(m_window.get(), u"main-window-dark"_s);
        m_window->openUri(XmppUri::parse(u"xmpp:romeo@example.net?message;body=Hi"_s));
        screenshot(m_window->chatWindow(), u"main-window-chat-dark"_s);
    }
};

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
