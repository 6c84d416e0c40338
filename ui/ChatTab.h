// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "stanza/Jid.h"

#include <QUrl>
#include <QWidget>

class QLabel;
class QPushButton;
class QFrame;

namespace natter {

class ChatInput;
class ChatService;
class ConversationModel;
class MessageView;
class RosterService;

// One conversation in the chat window: a "not in your contacts" bar with an Add button for
// strangers, the messages, an offline bar while messages can only be queued, and the input.
class ChatTab : public QWidget
{
    Q_OBJECT
public:
    ChatTab(ChatService *chats, RosterService *roster, const Jid &peer, QWidget *parent = nullptr);

    const Jid &peer() const { return m_peer; }
    // Roster name or bare JID.
    QString displayName() const;
    ConversationModel *model() const { return m_model; }
    MessageView *view() const { return m_view; }
    ChatInput *input() const { return m_input; }
    bool isContactBarShown() const;
    bool isOfflineBarShown() const;

    // Replaces what is written (an xmpp: link with ?message;body=…).
    void setDraft(const QString &text);
    // Sends what is written (nothing if it is blank) and clears the input.
    void send();

Q_SIGNALS:
    void addContactRequested(const natter::Jid &peer);
    void xmppLinkActivated(const QUrl &url);
    // The roster name changed.
    void displayNameChanged();

private:
    void updateContact();
    void updateOnline();
    void updateSendButton();
    QFrame *makeBar(const QString &icon, QLabel *label);

    ChatService *m_chats;
    RosterService *m_roster;
    Jid m_peer;
    ConversationModel *m_model;
    QString m_name;
    QFrame *m_contactBar;
    QLabel *m_contactLabel;
    QPushButton *m_addButton;
    MessageView *m_view;
    QFrame *m_offlineBar;
    QLabel *m_offlineLabel;
    ChatInput *m_input;
    QPushButton *m_sendButton;
};

} // namespace natter
