// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/RosterService.h"
#include "stanza/Jid.h"

#include <QHash>

#include <QPointer>
#include <QWidget>
#include <functional>

class QAction;
class QCheckBox;
class QFrame;
class QLabel;
class QLineEdit;
class QMenu;
class QToolButton;
class QVBoxLayout;

namespace natter {

class AddContactDialog;
class PresenceService;
class RosterFilterModel;
class RosterModel;
class RosterView;
class StatusSelector;
class SubscriptionNotice;

// The roster: the heart of the main window (the composition root puts it in a QMainWindow with
// menus and the tray). At the top our name and address, our status (StatusSelector) and status
// message (Enter applies); below, requests to see our presence as notices (Accept, Deny), a
// filter box (Ctrl+F focuses it, Escape clears it, Enter opens the first match) and the tree of
// groups and contacts (RosterView) with "Show offline contacts". A contact's context menu opens
// a chat, renames, edits groups, removes, asks for or answers presence subscriptions, exports
// or clears the conversation (asking the main window, which has the message store) and shows
// the contact's resources and clients. While we are offline the contacts stay listed, greyed.
//
// Talks to RosterService and PresenceService only; errors come back as sentences in a message
// bar, never as blocking dialogs.
class RosterWindow : public QWidget
{
    Q_OBJECT
public:
    RosterWindow(RosterModel *model, RosterService *roster, PresenceService *presence,
                 const QString &ownJid, QWidget *parent = nullptr);
    ~RosterWindow() override;

    // Our own name, if known (shown above the address).
    void setOwnName(const QString &name);

    // For the main window's menus.
    QAction *addContactAction() const { return m_addContactAction; }
    QAction *showOfflineAction() const { return m_showOfflineAction; }

    RosterView *view() const { return m_view; }
    RosterFilterModel *filterModel() const { return m_filter; }
    StatusSelector *statusSelector() const { return m_statusSelector; }
    QLineEdit *statusMessageEdit() const { return m_statusMessage; }
    QLineEdit *filterEdit() const { return m_filterEdit; }
    QList<SubscriptionNotice *> notices() const;
    // The sentence in the message bar (empty when hidden).
    QString message() const;
    // The open add-contact dialog, if any.
    AddContactDialog *addContactDialog() const;

    // The menu of a contact's row (the caller owns it). Its actions are named "openChat",
    // "rename", "editGroups", "remove", "requestSubscription", "approveSubscription",
    // "revokeSubscription", "exportConversation", "clearConversation" and "contactInfo".
    QMenu *createContextMenu(const Jid &jid);

public Q_SLOTS:
    // Opens (or raises) the add-contact dialog, with an address filled in.
    void showAddContactDialog(const natter::Jid &prefill = {});
    void showContactInfo(const natter::Jid &jid);
    void renameContact(const natter::Jid &jid);
    void editGroups(const natter::Jid &jid);
    void removeContact(const natter::Jid &jid);
    // Shows a sentence in the message bar.
    void showMessage(const QString &text);

Q_SIGNALS:
    void chatRequested(const natter::Jid &jid);
    // "Export Conversation…" / "Clear Conversation…" was chosen (nothing asked or done yet).
    void exportConversationRequested(const natter::Jid &jid);
    void clearConversationRequested(const natter::Jid &jid);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void buildHeader(QVBoxLayout *layout);
    void updateStatus();
    void updateOwnJidLabel();
    void updateShowOffline();
    void rebuildNotices();
    void onFilterTextChanged(const QString &text);
    void openFirstMatch();
    void onContextMenuRequested(const QPoint &position);
    // A Done that shows a failure as the sentence made from the error.
    RosterService::Done reportTo(std::function<QString(const QString &error)> sentence);

    RosterModel *m_model;
    RosterService *m_roster;
    PresenceService *m_presence;
    Jid m_ownJid;
    QString m_ownJidText;

    QLabel *m_ownNameLabel;
    QLabel *m_ownJidLabel;
    StatusSelector *m_statusSelector;
    QLineEdit *m_statusMessage;
    QLabel *m_connectionLabel;
    QVBoxLayout *m_noticeLayout;
    QHash<Jid, SubscriptionNotice *> m_notices;
    QFrame *m_messageBar;
    QLabel *m_messageLabel;
    QLineEdit *m_filterEdit;
    QToolButton *m_addButton;
    RosterView *m_view;
    QCheckBox *m_showOfflineBox;
    RosterFilterModel *m_filter;
    QAction *m_addContactAction;
    QAction *m_showOfflineAction;
    QPointer<AddContactDialog> m_addDialog;
};

} // namespace natter
