// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "account/Account.h"
#include "services/ChatMessage.h"
#include "services/XmppUri.h"

#include <QMainWindow>
#include <QPointer>

class QAction;
class QFileDialog;
class QMessageBox;

namespace natter {

class ChatWindow;
class ConversationExportJob;
class Notifier;
class RosterWindow;
class SearchWindow;
class Session;
class TrayIcon;
class XmlConsoleWindow;

// The main window: the roster (RosterWindow) with the menus Natter (Add contact, Search messages,
// XML console, Log out, Quit), View (Show offline contacts) and Help (About). It owns the chat
// window, the XML console, the tray icon and the desktop notifications, and opens xmpp: links.
// Closing it with a tray icon present hides it.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // useTray: show a tray icon when the desktop has one (tests pass false for a window that
    // behaves the same everywhere).
    explicit MainWindow(Session *session, bool useTray = true, QWidget *parent = nullptr);
    ~MainWindow() override;

    Session *session() const { return m_session; }
    RosterWindow *rosterWindow() const { return m_roster; }
    ChatWindow *chatWindow() const { return m_chats; }
    TrayIcon *trayIcon() const { return m_tray; }
    XmlConsoleWindow *xmlConsole() const;
    SearchWindow *searchWindow() const;

    QAction *addContactAction() const { return m_addContact; }
    QAction *xmlConsoleAction() const { return m_showConsole; }
    QAction *searchAction() const { return m_search; }
    QAction *logOutAction() const { return m_logOut; }
    QAction *quitAction() const { return m_quit; }
    QAction *showOfflineAction() const { return m_showOffline; }
    QAction *aboutAction() const { return m_about; }

public Q_SLOTS:
    // Acts on an xmpp: link: opens the chat (with the body in its input), or offers to add the
    // contact (?roster, ?subscribe). Says why in the roster's message bar when it cannot.
    void openUri(const natter::XmppUri &uri);
    // Shows, un-minimises and raises the window.
    void activate();
    void showXmlConsole();
    // Opens (or raises) the search over all chats.
    void showSearch();
    // Asks where to export the conversation with peer (plain text or JSON, by the chosen filter)
    // and writes it there; returns the dialog (for tests), null without a message store.
    QFileDialog *exportConversation(const natter::Jid &peer);
    // Asks whether to clear the conversation with peer and does so on "Clear"; returns the
    // question (for tests), null without a message store.
    QMessageBox *clearConversation(const natter::Jid &peer);
    // Starts writing the conversation with peer to path on a thread of its own (the window
    // stays responsive); the message bar tells how far it got and how it ended. Returns the job
    // (for tests; deleted once finished), null (and a sentence in the message bar) without a
    // message store.
    ConversationExportJob *writeConversation(const natter::Jid &peer, const QString &path,
                                             bool json);
    // Opens the chat with peer at its stored message in this MessageStore row.
    void showMessage(const natter::Jid &peer, qint64 storeRow);
    void showAbout();
    // A sentence in the roster's message bar.
    void showStatusMessage(const QString &text);

Q_SIGNALS:
    void logOutRequested();
    void quitRequested();

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void changeEvent(QEvent *event) override;
    QSize sizeHint() const override;

private:
    void createActions();
    void createMenus();
    void setUpTray(bool useTray);
    void onMessageReceived(const QString &peerName, const QString &body, const Jid &peer);
    void updateTitle();
    void toggleVisible();

    Session *m_session;
    RosterWindow *m_roster;
    ChatWindow *m_chats;
    QPointer<XmlConsoleWindow> m_console;
    QPointer<SearchWindow> m_searchWindow;
    TrayIcon *m_tray = nullptr;
    Notifier *m_notifier = nullptr;
    QAction *m_addContact = nullptr;
    QAction *m_showConsole = nullptr;
    QAction *m_search = nullptr;
    QAction *m_logOut = nullptr;
    QAction *m_quit = nullptr;
    QAction *m_showOffline = nullptr;
    QAction *m_about = nullptr;
};

} // namespace natter
