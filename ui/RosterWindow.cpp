// SPDX-License-Identifier: GPL-3.0-or-later
#include "RosterWindow.h"

#include "AddContactDialog.h"
#include "ContactInfoDialog.h"
#include "EditGroupsDialog.h"
#include "Icons.h"
#include "RosterDelegate.h"
#include "RosterView.h"
#include "StatusSelector.h"
#include "SubscriptionNotice.h"
#include "models/RosterFilterModel.h"
#include "models/RosterModel.h"
#include "services/PresenceService.h"

#include <QAction>
#include <QCheckBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QShortcut>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace natter {

using Status = PresenceService::Status;

RosterWindow::RosterWindow(RosterModel *model, RosterService *roster, PresenceService *presence,
                           const QString &ownJid, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_roster(roster)
    , m_presence(presence)
    , m_ownJid(Jid::fromString(ownJid).bare())
    , m_ownJidText(m_ownJid.isNull() ? ownJid : m_ownJid.bareString())
{
    setAccessibleName(tr("Contact list"));

    m_addContactAction =
        new QAction(Icons::action(QStringLiteral("add-contact")), tr("&Add Contact…"), this);
    m_addContactAction->setToolTip(tr("Add a contact"));
    connect(m_addContactAction, &QAction::triggered, this, [this] { showAddContactDialog(); });
    m_showOfflineAction = new QAction(tr("Show &Offline Contacts"), this);
    m_showOfflineAction->setCheckable(true);
    connect(m_showOfflineAction, &QAction::toggled, this, &RosterWindow::updateShowOffline);

    auto *layout = new QVBoxLayout(this);
    buildHeader(layout);

    // Notices: requests to see our presence, and sentences about what went wrong.
    m_noticeLayout = new QVBoxLayout;
    m_noticeLayout->setSpacing(fontMetrics().height() / 4);
    layout->addLayout(m_noticeLayout);

    m_messageBar = new QFrame(this);
    m_messageBar->setFrameShape(QFrame::StyledPanel);
    m_messageBar->setAccessibleName(tr("Message"));
    auto *messageIcon = new QLabel(m_messageBar);
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    messageIcon->setPixmap(Icons::action(QStringLiteral("warning"))
                               .pixmap(QSize(iconSize, iconSize), devicePixelRatioF()));
    m_messageLabel = new QLabel(m_messageBar);
    m_messageLabel->setTextFormat(Qt::PlainText);
    m_messageLabel->setWordWrap(true);
    m_messageLabel->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    auto *closeMessage = new QToolButton(m_messageBar);
    closeMessage->setIcon(Icons::action(QStringLiteral("close")));
    closeMessage->setAutoRaise(true);
    closeMessage->setToolTip(tr("Close"));
    closeMessage->setAccessibleName(tr("Close the message"));
    connect(closeMessage, &QToolButton::clicked, this, [this] {
        m_messageLabel->clear();
        m_messageBar->hide();
    });
    auto *messageLayout = new QHBoxLayout(m_messageBar);
    messageLayout->addWidget(messageIcon, 0, Qt::AlignTop);
    messageLayout->addWidget(m_messageLabel, 1);
    messageLayout->addWidget(closeMessage, 0, Qt::AlignTop);
    m_messageBar->hide();
    layout->addWidget(m_messageBar);

    // Filter and add.
    m_filterEdit = new QLineEdit(this);
    m_filterEdit->setPlaceholderText(tr("Filter contacts"));
    m_filterEdit->setAccessibleName(tr("Filter contacts"));
    m_filterEdit->setToolTip(tr("Shows the contacts whose name or address contains the text "
                                "(Ctrl+F). Enter opens a chat with the first one."));
    m_filterEdit->setClearButtonEnabled(true);
    m_filterEdit->addAction(Icons::action(QStringLiteral("search")), QLineEdit::LeadingPosition);
    m_filterEdit->installEventFilter(this);
    connect(m_filterEdit, &QLineEdit::textChanged, this, &RosterWindow::onFilterTextChanged);
    connect(m_filterEdit, &QLineEdit::returnPressed, this, &RosterWindow::openFirstMatch);
    m_addButton = new QToolButton(this);
    m_addButton->setDefaultAction(m_addContactAction);
    m_addButton->setAccessibleName(tr("Add a contact"));
    m_addButton->setAutoRaise(true);
    auto *filterRow = new QHBoxLayout;
    filterRow->addWidget(m_filterEdit, 1);
    filterRow->addWidget(m_addButton);
    layout->addLayout(filterRow);

    auto *find = new QShortcut(QKeySequence::Find, this);
    connect(find, &QShortcut::activated, this, [this] {
        m_filterEdit->setFocus(Qt::ShortcutFocusReason);
        m_filterEdit->selectAll();
    });

    // The tree.
    m_filter = new RosterFilterModel(this);
    m_filter->setSourceModel(m_model);
    m_view = new RosterView(this);
    m_view->setModel(m_filter);
    connect(m_view, &RosterView::contactActivated, this,
            [this](const QString &jid) { Q_EMIT chatRequested(Jid::fromString(jid)); });
    connect(m_view, &QWidget::customContextMenuRequested, this,
            &RosterWindow::onContextMenuRequested);
    layout->addWidget(m_view, 1);

    m_showOfflineBox = new QCheckBox(tr("Show &offline contacts"), this);
    m_showOfflineBox->setAccessibleName(tr("Show offline contacts"));
    connect(m_showOfflineBox, &QCheckBox::toggled, m_showOfflineAction, &QAction::setChecked);
    connect(m_showOfflineAction, &QAction::toggled, m_showOfflineBox, &QCheckBox::setChecked);
    layout->addWidget(m_showOfflineBox);

    setTabOrder(m_statusSelector, m_statusMessage);
    setTabOrder(m_statusMessage, m_filterEdit);
    setTabOrder(m_filterEdit, m_addButton);
    setTabOrder(m_addButton, m_view);
    setTabOrder(m_view, m_showOfflineBox);

    // Our status.
    connect(m_statusSelector, &StatusSelector::statusChosen, this, [this](Status status) {
        m_presence->setStatus(status, m_statusMessage->text().trimmed());
    });
    connect(m_statusMessage, &QLineEdit::returnPressed, this, [this] {
        const bool offline = m_presence->status() == Status::Offline && !m_presence->isConnecting();
        // Offline: kept for the next status chosen.
        if (!offline)
            m_presence->setStatus(m_presence->requestedStatus(), m_statusMessage->text().trimmed());
        m_view->setFocus(Qt::OtherFocusReason);
    });
    connect(m_presence, &PresenceService::statusChanged, this, &RosterWindow::updateStatus);
    connect(m_presence, &PresenceService::connectionStateChanged, this,
            &RosterWindow::updateStatus);
    connect(m_presence, &PresenceService::invisibleSupportChanged, m_statusSelector,
            &StatusSelector::setInvisibleAvailable);
    connect(m_presence, &PresenceService::statusFailed, this, &RosterWindow::showMessage);
    m_statusSelector->setInvisibleAvailable(m_presence->isInvisibleSupported());
    m_statusMessage->setText(m_presence->statusMessage());
    m_statusMessage->setCursorPosition(0);
    updateStatus();

    // Requests to see our presence.
    connect(m_roster, &RosterService::pendingRequestsChanged, this, &RosterWindow::rebuildNotices);
    connect(m_roster, &RosterService::contactsChanged, this, &RosterWindow::rebuildNotices);
    rebuildNotices();
}

RosterWindow::~RosterWindow() = default;

AddContactDialog *RosterWindow::addContactDialog() const
{
    return m_addDialog.data();
}

void RosterWindow::buildHeader(QVBoxLayout *layout)
{
    m_ownNameLabel = new QLabel(this);
    m_ownNameLabel->setTextFormat(Qt::PlainText);
    m_ownNameLabel->setWordWrap(true);
    QFont bold = m_ownNameLabel->font();
    bold.setBold(true);
    m_ownNameLabel->setFont(bold);
    m_ownNameLabel->hide();
    m_ownJidLabel = new QLabel(this);
    m_ownJidLabel->setTextFormat(Qt::PlainText);
    m_ownJidLabel->setFont(bold);
    m_ownJidLabel->setAccessibleName(tr("Your address"));
    m_ownJidLabel->setToolTip(m_ownJidText);
    m_ownJidLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Elided to the window's width (resizeEvent): an address does not wrap.
    m_ownJidLabel->setMinimumWidth(fontMetrics().averageCharWidth() * 8);
    m_ownJidLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    updateOwnJidLabel();

    m_statusSelector = new StatusSelector(this);
    m_statusMessage = new QLineEdit(this);
    m_statusMessage->setPlaceholderText(tr("Status message"));
    m_statusMessage->setAccessibleName(tr("Status message"));
    m_statusMessage->setToolTip(tr("What your contacts see next to your status; Enter sets it"));
    m_statusMessage->setClearButtonEnabled(true);

    m_connectionLabel = new QLabel(this);
    m_connectionLabel->setTextFormat(Qt::PlainText);
    m_connectionLabel->setWordWrap(true);
    m_connectionLabel->setAccessibleName(tr("Connection"));
    m_connectionLabel->hide();

    // One below the other: a roster window is narrow, and a status message wants room.
    layout->addWidget(m_ownNameLabel);
    layout->addWidget(m_ownJidLabel);
    layout->addWidget(m_statusSelector);
    layout->addWidget(m_statusMessage);
    layout->addWidget(m_connectionLabel);
}

void RosterWindow::setOwnName(const QString &name)
{
    m_ownNameLabel->setText(name.trimmed());
    m_ownNameLabel->setVisible(!name.trimmed().isEmpty());
    QFont font = m_ownJidLabel->font();
    font.setBold(name.trimmed().isEmpty());
    m_ownJidLabel->setFont(font);
    m_ownJidLabel->setForegroundRole(name.trimmed().isEmpty() ? QPalette::WindowText
                                                              : QPalette::PlaceholderText);
    updateOwnJidLabel();
}

void RosterWindow::updateOwnJidLabel()
{
    const int width = std::max(m_ownJidLabel->width(), fontMetrics().averageCharWidth() * 8);
    m_ownJidLabel->setText(
        m_ownJidLabel->fontMetrics().elidedText(m_ownJidText, Qt::ElideMiddle, width));
}

void RosterWindow::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    updateOwnJidLabel();
}

void RosterWindow::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        updateOwnJidLabel();
}

void RosterWindow::updateStatus()
{
    const bool connecting = m_presence->isConnecting();
    m_statusSelector->setStatus(connecting ? m_presence->requestedStatus() : m_presence->status());
    if (!m_statusMessage->hasFocus() && m_statusMessage->text() != m_presence->statusMessage() &&
        m_presence->status() != Status::Offline) {
        m_statusMessage->setText(m_presence->statusMessage());
        m_statusMessage->setCursorPosition(0);
    }
    QString text;
    if (connecting)
        text = tr("Connecting…");
    else if (!m_presence->lastError().isEmpty())
        text = m_presence->lastError();
    else if (m_presence->status() == Status::Offline)
        text = tr("You are offline. Choose a status to connect.");
    m_connectionLabel->setText(text);
    m_connectionLabel->setVisible(!text.isEmpty());
    m_connectionLabel->setForegroundRole(m_presence->lastError().isEmpty() || connecting
                                             ? QPalette::PlaceholderText
                                             : QPalette::WindowText);

    const bool greyed = m_presence->status() == Status::Offline;
    if (m_view->rosterDelegate()->isGreyedOut() != greyed) {
        m_view->rosterDelegate()->setGreyedOut(greyed);
        m_view->viewport()->update();
    }
    updateShowOffline();
}

void RosterWindow::updateShowOffline()
{
    // While we are offline everybody is: keep the contacts listed rather than show nothing.
    m_filter->setShowOffline(m_showOfflineAction->isChecked() ||
                             m_presence->status() == Status::Offline);
}

QList<SubscriptionNotice *> RosterWindow::notices() const
{
    QList<SubscriptionNotice *> result;
    for (int i = 0; i < m_noticeLayout->count(); ++i) {
        if (auto *notice = qobject_cast<SubscriptionNotice *>(m_noticeLayout->itemAt(i)->widget()))
            result.append(notice);
    }
    return result;
}

void RosterWindow::rebuildNotices()
{
    const QList<RosterService::IncomingRequest> requests = m_roster->pendingRequests();
    QSet<Jid> wanted;
    for (const RosterService::IncomingRequest &request : requests)
        wanted.insert(request.from);
    for (auto it = m_notices.begin(); it != m_notices.end();) {
        if (!wanted.contains(it.key())) {
            it.value()->deleteLater();
            m_noticeLayout->removeWidget(it.value());
            it = m_notices.erase(it);
        } else {
            ++it;
        }
    }
    for (const RosterService::IncomingRequest &request : requests) {
        if (m_notices.contains(request.from))
            continue;
        const std::optional<RosterService::Contact> contact = m_roster->contact(request.from);
        auto *notice = new SubscriptionNotice(request.from, contact ? contact->name : QString(),
                                              contact.has_value(), request.message, this);
        connect(notice, &SubscriptionNotice::accepted, this,
                [this](const Jid &from) { m_roster->acceptRequest(from); });
        connect(notice, &SubscriptionNotice::denied, this,
                [this](const Jid &from) { m_roster->denySubscription(from); });
        m_noticeLayout->addWidget(notice);
        m_notices.insert(request.from, notice);
    }
}

QString RosterWindow::message() const
{
    return m_messageBar->isHidden() ? QString() : m_messageLabel->text();
}

void RosterWindow::showMessage(const QString &text)
{
    m_messageLabel->setText(text);
    m_messageBar->setVisible(!text.isEmpty());
}

RosterService::Done RosterWindow::reportTo(std::function<QString(const QString &)> sentence)
{
    return [this, sentence = std::move(sentence)](const QString &error) {
        if (!error.isEmpty())
            showMessage(sentence(error));
    };
}

void RosterWindow::onFilterTextChanged(const QString &text)
{
    m_filter->setFilterText(text);
    m_view->setFiltering(!text.trimmed().isEmpty());
}

void RosterWindow::openFirstMatch()
{
    QModelIndex target = m_view->currentIndex();
    if (!target.isValid() ||
        target.data(RosterModel::KindRole).toInt() != int(RosterModel::RowKind::Contact)) {
        target = {};
        for (int row = 0; row < m_filter->rowCount() && !target.isValid(); ++row) {
            const QModelIndex group = m_filter->index(row, 0);
            if (m_filter->rowCount(group) > 0)
                target = m_filter->index(0, 0, group);
        }
    }
    if (target.isValid())
        Q_EMIT chatRequested(Jid::fromString(target.data(RosterModel::JidRole).toString()));
}

bool RosterWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_filterEdit && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Escape) {
            if (!m_filterEdit->text().isEmpty())
                m_filterEdit->clear();
            else
                m_view->setFocus(Qt::OtherFocusReason);
            return true;
        }
        if (key->key() == Qt::Key_Down) {
            m_view->setFocus(Qt::TabFocusReason);
            if (!m_view->currentIndex().isValid() && m_filter->rowCount() > 0) {
                const QModelIndex group = m_filter->index(0, 0);
                m_view->setCurrentIndex(m_filter->rowCount(group) > 0 ? m_filter->index(0, 0, group)
                                                                      : group);
            }
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void RosterWindow::onContextMenuRequested(const QPoint &position)
{
    const QModelIndex index = m_view->indexAt(position);
    QMenu *menu = nullptr;
    if (index.isValid() &&
        index.data(RosterModel::KindRole).toInt() == int(RosterModel::RowKind::Contact)) {
        menu = createContextMenu(Jid::fromString(index.data(RosterModel::JidRole).toString()));
    } else {
        menu = new QMenu(this);
        menu->addAction(m_addContactAction);
        menu->addAction(m_showOfflineAction);
    }
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(m_view->viewport()->mapToGlobal(position));
}

QMenu *RosterWindow::createContextMenu(const Jid &jid)
{
    auto *menu = new QMenu(this);
    menu->setAccessibleName(tr("Actions for %1").arg(m_roster->displayName(jid)));
    const std::optional<RosterService::Contact> contact = m_roster->contact(jid);

    const auto add = [menu](const QString &name, const QString &text, auto slot) {
        QAction *action = menu->addAction(text);
        action->setObjectName(name);
        QObject::connect(action, &QAction::triggered, menu, slot);
        return action;
    };

    QAction *chat = add(QStringLiteral("openChat"), tr("Open &Chat"),
                        [this, jid] { Q_EMIT chatRequested(jid); });
    chat->setIcon(Icons::action(QStringLiteral("chat")));
    menu->setDefaultAction(chat);
    menu->addSeparator();
    add(QStringLiteral("rename"), tr("&Rename…"), [this, jid] { renameContact(jid); });
    add(QStringLiteral("editGroups"), tr("Edit &Groups…"), [this, jid] {
        editGroups(jid);
    })->setIcon(Icons::action(QStringLiteral("group")));
    add(QStringLiteral("remove"), tr("Re&move…"), [this, jid] { removeContact(jid); });
    menu->addSeparator();

    const bool weSeeThem = contact && contact->weSeeThem;
    const bool pending = contact && contact->requestPending;
    const bool theySeeUs = contact && contact->theySeeUs;
    QAction *request =
        add(QStringLiteral("requestSubscription"),
            pending ? tr("Ask &Again to See Their Presence") : tr("Ask to &See Their Presence"),
            [this, jid] { m_roster->requestSubscription(jid); });
    request->setEnabled(!weSeeThem);
    QAction *approve = add(QStringLiteral("approveSubscription"), tr("&Let Them See Your Presence"),
                           [this, jid] { m_roster->approveSubscription(jid); });
    approve->setEnabled(!theySeeUs);
    QAction *revoke =
        add(QStringLiteral("revokeSubscription"), tr("S&top Them Seeing Your Presence"),
            [this, jid] { m_roster->denySubscription(jid); });
    revoke->setEnabled(theySeeUs);
    menu->addSeparator();
    add(QStringLiteral("exportConversation"), tr("E&xport Conversation…"),
        [this, jid] { Q_EMIT exportConversationRequested(jid); });
    add(QStringLiteral("clearConversation"), tr("C&lear Conversation…"),
        [this, jid] { Q_EMIT clearConversationRequested(jid); });
    menu->addSeparator();
    add(QStringLiteral("contactInfo"), tr("Contact &Info…"), [this, jid] {
        showContactInfo(jid);
    })->setIcon(Icons::action(QStringLiteral("info")));

    for (QAction *action : menu->actions()) {
        if (!action->isSeparator() && action != chat)
            action->setEnabled(action->isEnabled() && contact.has_value());
    }
    return menu;
}

void RosterWindow::showAddContactDialog(const Jid &prefill)
{
    if (m_addDialog) {
        if (!prefill.isNull())
            m_addDialog->setJid(prefill.bareString());
        m_addDialog->raise();
        m_addDialog->activateWindow();
        return;
    }
    auto *dialog = new AddContactDialog(m_roster->groups(), m_ownJid, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setContactCheck([roster = QPointer<RosterService>(m_roster)](const Jid &jid) {
        return roster && roster->contains(jid);
    });
    if (!prefill.isNull()) {
        dialog->setJid(prefill.bareString());
        dialog->nameEdit()->setFocus();
    }
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const AddContactDialog::Result result = dialog->result();
        m_roster->addContact(result.jid, result.name, result.groups, result.requestPresence, this,
                             reportTo([this, jid = result.jid](const QString &error) {
                                 return tr("Could not add %1: %2").arg(jid.bareString(), error);
                             }));
    });
    m_addDialog = dialog;
    dialog->open();
}

void RosterWindow::showContactInfo(const Jid &jid)
{
    auto *dialog = new ContactInfoDialog(jid, m_roster, m_presence, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void RosterWindow::renameContact(const Jid &jid)
{
    const std::optional<RosterService::Contact> contact = m_roster->contact(jid);
    if (!contact)
        return;
    auto *dialog = new QInputDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Rename Contact — Natter"));
    dialog->setLabelText(tr("Name for %1 (empty: show the address):").arg(jid.bareString()));
    dialog->setTextValue(contact->name);
    dialog->setOkButtonText(tr("&Rename"));
    dialog->setAccessibleName(tr("Rename contact"));
    connect(dialog, &QInputDialog::textValueSelected, this, [this, jid](const QString &name) {
        m_roster->renameContact(
            jid, name, this, reportTo([this, jid](const QString &error) {
                return tr("Could not rename %1: %2").arg(jid.bareString(), error);
            }));
    });
    dialog->open();
}

void RosterWindow::editGroups(const Jid &jid)
{
    const std::optional<RosterService::Contact> contact = m_roster->contact(jid);
    if (!contact)
        return;
    auto *dialog =
        new EditGroupsDialog(m_roster->displayName(jid), m_roster->groups(), contact->groups, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, jid, dialog] {
        m_roster->setGroups(
            jid, dialog->groups(), this, reportTo([this, jid](const QString &error) {
                return tr("Could not change the groups of %1: %2").arg(jid.bareString(), error);
            }));
    });
    dialog->open();
}

void RosterWindow::removeContact(const Jid &jid)
{
    if (!m_roster->contains(jid))
        return;
    const QString name = m_roster->displayName(jid);
    auto *box =
        new QMessageBox(QMessageBox::Question, tr("Remove Contact — Natter"),
                        tr("Remove %1 from your contacts?").arg(name), QMessageBox::NoButton, this);
    box->setTextFormat(Qt::PlainText);
    box->setInformativeText(tr("You will no longer see each other’s presence."));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QAbstractButton *remove = box->addButton(tr("&Remove"), QMessageBox::DestructiveRole);
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel);
    connect(box, &QMessageBox::buttonClicked, this, [this, jid, remove](QAbstractButton *button) {
        if (button != remove)
            return;
        m_roster->removeContact(
            jid, this, reportTo([this, jid](const QString &error) {
                return tr("Could not remove %1: %2").arg(jid.bareString(), error);
            }));
    });
    box->open();
}

} // namespace natter
