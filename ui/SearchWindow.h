// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/ChatMessage.h"
#include "stanza/Jid.h"
#include "storage/MessageStore.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QListView;
class QStackedWidget;
class QStandardItemModel;
class QTimer;

namespace natter {

class RosterService;

// Search over all chats: a search field (searching as one types, after a short pause) over the
// message store's full-text index (MessageStore::search), the newest matches first. Each result
// shows the contact (roster name, else the bare JID), the time, whether we sent or received it
// and a snippet with the matched words in bold — painted as plain text, never as HTML from the
// message. Enter or a double-click asks to open the chat at that message (messageRequested), also
// when it is far back in a long conversation (the chat shows the stored messages around it).
// Without a store (not logged in yet) it says so.
class SearchWindow : public QWidget
{
    Q_OBJECT
public:
    // Roles of the result rows.
    enum Role
    {
        PeerRole = Qt::UserRole + 1, // QString: bare JID of the conversation
        NameRole,                    // QString: roster name or bare JID
        TimeRole,                    // QDateTime, UTC
        DirectionRole,               // ChatMessage::Direction as int
        SnippetRole,                 // QString: the matching text, match between \x02 and \x03
        MessageIdRole,               // QString: the stanza id of the message
        StoreRowRole,                // qint64: the message's MessageStore row
    };

    // How long the field waits after a keystroke before it searches.
    static constexpr int DebounceMs = 200;
    // How many results are shown at most.
    static constexpr int MaxResults = 100;

    explicit SearchWindow(RosterService *roster, QWidget *parent = nullptr);

    // The store to search (the session's; null: not logged in yet). Not owned.
    void setStore(MessageStore *store);
    MessageStore *store() const { return m_store; }

    QLineEdit *searchField() const { return m_field; }
    QListView *resultView() const { return m_view; }
    QStandardItemModel *resultModel() const { return m_model; }
    // The sentence shown instead of results (empty while results are shown).
    QString stateText() const;

public Q_SLOTS:
    // Searches for what the field holds now (without waiting).
    void search();
    // Asks to open the chat at the result in this row.
    void openResult(int row);

Q_SIGNALS:
    // The user wants to see this message (in this MessageStore row) in its chat.
    void messageRequested(const natter::Jid &peer, qint64 storeRow);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void showState(const QString &text);
    void updateTexts();

    RosterService *m_roster;
    QPointer<MessageStore> m_store;
    QLineEdit *m_field;
    QTimer *m_debounce;
    QStackedWidget *m_stack;
    QLabel *m_stateLabel;
    QListView *m_view;
    QStandardItemModel *m_model;
};

} // namespace natter
