// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "stanza/Jid.h"

#include <QUrl>
#include <QWidget>

class QLabel;
class QMessageBox;
class QPushButton;
class QFrame;

namespace natter {

class ChatInput;
class ChatService;
class ConversationModel;
class MessageView;
class RosterService;

// One conversation in the chat window: a "not in your contacts" bar with an Add button for
// strangers, the messages, "… is typing" while the peer writes (XEP-0085), an offline bar while
// messages can only be queued, an "editing" bar while our last message is corrected (Up in the
// empty input starts it, Escape or the bar's button cancels; XEP-0308), and the input. Our own
// sent messages can be deleted for everyone after a confirmation (XEP-0424). Scrolling to the
// top loads older messages (ChatService::loadOlder) with "Loading older messages…" above the
// messages meanwhile, and "Beginning of the conversation" there once nothing older exists. The
// model is a window over a long conversation: while it does not reach the newest message,
// scrolling to the bottom loads newer ones (ChatService::loadNewer) and a bar under the
// messages says so — with the number of messages that arrived meanwhile — and offers "Jump to
// Newest", which shows the newest messages at once. showMessage() opens the window around a
// stored message (a search result) and highlights it.
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
    bool isTypingShown() const;
    QString typingText() const;
    // The line above the messages about older ones (loading, beginning), or empty when hidden.
    QString historyText() const;
    // The bar under the messages while newer ones are not shown, or empty when hidden.
    QString newerText() const;
    QPushButton *jumpToNewestButton() const { return m_newestButton; }

    // Shows the stored message in this MessageStore row (ChatService::showAround), centred and
    // highlighted; false when it is not a stored message of this chat.
    bool showMessage(qint64 storeRow);
    // Shows the newest messages and follows new ones again.
    void jumpToNewest();
    bool isEditBarShown() const;
    // The id of our message being corrected, or empty.
    QString editingId() const { return m_editingId; }

    // Puts our message id into the input for correcting it (false when it cannot be corrected).
    bool startEditing(const QString &id);
    void cancelEditing();
    // Asks whether to delete our message id for everyone; deletes it on "Delete". The question
    // is modal to this window and answered later (returned for tests).
    QMessageBox *confirmRetract(const QString &id);

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
    void updateTyping();
    void updateHistoryLine();
    void updateNewerBar();
    QFrame *makeBar(const QString &icon, QLabel *label);

    ChatService *m_chats;
    RosterService *m_roster;
    Jid m_peer;
    ConversationModel *m_model;
    QString m_name;
    QFrame *m_contactBar;
    QLabel *m_contactLabel;
    QPushButton *m_addButton;
    QLabel *m_historyLabel;
    MessageView *m_view;
    QFrame *m_newerBar;
    QLabel *m_newerLabel;
    QPushButton *m_newestButton;
    QFrame *m_offlineBar;
    QLabel *m_offlineLabel;
    QLabel *m_typingLabel;
    QFrame *m_editBar;
    QLabel *m_editLabel;
    QPushButton *m_cancelEditButton;
    QString m_editingId;
    bool m_settingText = false; // the input's text is being set by us, not typed
    ChatInput *m_input;
    QPushButton *m_sendButton;
};

} // namespace natter
