// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "stanza/Jid.h"

#include <QUrl>
#include <QWidget>

class QTabWidget;

namespace natter {

class ChatService;
class ChatTab;
class RosterService;

// The chat window (as in Spark): one tab per conversation, titled with the contact's name and
// the number of unread messages. Ctrl+Tab / Ctrl+Shift+Tab (or Ctrl+PgDown / Ctrl+PgUp) switch
// tabs, Ctrl+W closes one; closing the last hides the window. A message from anyone opens its
// tab (in the background, showing the window without taking focus when it was hidden).
// Messages of the tab in view count as read while the window is active (and get their displayed
// marker); that chat is "active" for our chat states (XEP-0085), the one that loses it
// "inactive", a closed one "gone".
class ChatWindow : public QWidget
{
    Q_OBJECT
public:
    ChatWindow(ChatService *chats, RosterService *roster, QWidget *parent = nullptr);

    ChatTab *tab(const Jid &peer) const;
    ChatTab *currentTab() const;
    int tabCount() const;
    QTabWidget *tabWidget() const { return m_tabs; }
    // "Name" or "Name (3)" with unread messages.
    QString tabTitle(const Jid &peer) const;

    QSize sizeHint() const override;

public Q_SLOTS:
    // Opens (or finds) the tab of the conversation; with activate, shows and raises the window
    // and puts the focus into the input.
    void openChat(const natter::Jid &peer, bool activate = true);
    // Opens the chat at its stored message in this MessageStore row (a search result): the
    // chat shows the messages around it, centred and highlighted. false (the chat open at its
    // end) when it is not a stored message of that chat.
    bool showMessage(const natter::Jid &peer, qint64 storeRow);
    // Opens the chat and puts text into its input (xmpp:…?message;body=…).
    void setDraft(const natter::Jid &peer, const QString &text);
    void closeTab(int index);
    void closeCurrentTab();
    void nextTab();
    void previousTab();

Q_SIGNALS:
    void addContactRequested(const natter::Jid &peer);
    void xmppLinkActivated(const QUrl &url);

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    ChatTab *ensureTab(const Jid &peer);
    void onIncoming(const Jid &peer);
    void updateTitle(const Jid &peer);
    void updateWindowTitle();
    void markCurrentRead();
    // Tells the chat service which chat is in view with the focus (chat states).
    void updateActiveChat();

    ChatService *m_chats;
    Jid m_activePeer;
    RosterService *m_roster;
    QTabWidget *m_tabs;
};

} // namespace natter
