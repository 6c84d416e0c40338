// SPDX-License-Identifier: GPL-3.0-or-later
#include "ChatTab.h"

#include "ChatInput.h"
#include "Icons.h"
#include "MessageView.h"
#include "models/ConversationModel.h"
#include "services/ChatService.h"
#include "services/RosterService.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QScrollBar>
#include <QStyle>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace natter {

ChatTab::ChatTab(ChatService *chats, RosterService *roster, const Jid &peer, QWidget *parent)
    : QWidget(parent)
    , m_chats(chats)
    , m_roster(roster)
    , m_peer(peer.bare())
    , m_model(chats->conversation(peer))
{
    m_contactLabel = new QLabel(this);
    m_contactLabel->setWordWrap(true);
    m_contactLabel->setTextFormat(Qt::PlainText);
    m_addButton = new QPushButton(Icons::action(u"add-contact"_s), tr("&Add to Contacts…"), this);
    m_addButton->setAccessibleName(tr("Add to contacts"));
    m_contactBar = makeBar(u"info"_s, m_contactLabel);
    m_contactBar->setObjectName(u"contactBar"_s);
    m_contactBar->layout()->addWidget(m_addButton);
    connect(m_addButton, &QPushButton::clicked, this,
            [this] { Q_EMIT addContactRequested(m_peer); });

    m_historyLabel = new QLabel(this);
    m_historyLabel->setObjectName(u"historyLabel"_s);
    m_historyLabel->setTextFormat(Qt::PlainText);
    m_historyLabel->setAlignment(Qt::AlignCenter);
    m_historyLabel->setForegroundRole(QPalette::PlaceholderText);
    QFont historyFont = m_historyLabel->font();
    historyFont.setItalic(true);
    m_historyLabel->setFont(historyFont);
    m_historyLabel->hide();

    m_view = new MessageView(this);
    m_view->setModel(m_model);
    connect(m_view, &MessageView::olderRequested, this, [this] { m_chats->loadOlder(m_peer); });
    connect(m_view, &MessageView::newerRequested, this, [this] { m_chats->loadNewer(m_peer); });
    connect(m_view, &MessageView::newestRequested, this, &ChatTab::jumpToNewest);
    connect(m_chats, &ChatService::newerStateChanged, this, [this](const Jid &peer) {
        if (peer == m_peer)
            updateNewerBar();
    });
    connect(m_chats, &ChatService::olderStateChanged, this, [this](const Jid &peer) {
        if (peer == m_peer)
            updateHistoryLine();
    });
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this,
            &ChatTab::updateHistoryLine);
    connect(m_view->verticalScrollBar(), &QScrollBar::rangeChanged, this,
            &ChatTab::updateHistoryLine);
    connect(m_view, &MessageView::xmppLinkActivated, this, &ChatTab::xmppLinkActivated);
    connect(m_view, &MessageView::retryRequested, this,
            [this](const QString &id) { m_chats->retry(m_peer, id); });
    connect(m_view, &MessageView::retractRequested, this, &ChatTab::confirmRetract);
    m_view->setRetractable([this](const QString &id) {
        return m_chats->isOnline() && m_chats->canRetract(m_peer, id);
    });

    m_typingLabel = new QLabel(this);
    m_typingLabel->setObjectName(u"typingLabel"_s);
    m_typingLabel->setTextFormat(Qt::PlainText);
    m_typingLabel->setWordWrap(true); // a long name must not widen the window
    QFont italic = m_typingLabel->font();
    italic.setItalic(true);
    m_typingLabel->setFont(italic);
    const int pad = qMax(1, fontMetrics().lineSpacing() / 6);
    m_typingLabel->setContentsMargins(style()->pixelMetric(QStyle::PM_LayoutLeftMargin), pad, 0,
                                      pad);
    m_typingLabel->hide();
    connect(m_chats, &ChatService::typingChanged, this, [this](const Jid &peer) {
        if (peer == m_peer)
            updateTyping();
    });

    m_newerLabel = new QLabel(this);
    m_newerLabel->setWordWrap(true);
    m_newestButton = new QPushButton(tr("&Jump to Newest"), this);
    m_newestButton->setObjectName(u"jumpToNewest"_s);
    m_newestButton->setAccessibleName(tr("Jump to the newest messages"));
    m_newerBar = makeBar(u"info"_s, m_newerLabel);
    m_newerBar->setObjectName(u"newerBar"_s);
    m_newerBar->layout()->addWidget(m_newestButton);
    m_newerBar->hide();
    connect(m_newestButton, &QPushButton::clicked, this, &ChatTab::jumpToNewest);

    m_offlineLabel = new QLabel(tr("Offline — messages will be sent when you are online"), this);
    m_offlineLabel->setWordWrap(true);
    m_offlineBar = makeBar(u"warning"_s, m_offlineLabel);
    m_offlineBar->setObjectName(u"offlineBar"_s);

    m_editLabel = new QLabel(tr("Editing your last message — Escape cancels"), this);
    m_editLabel->setWordWrap(true);
    m_cancelEditButton = new QPushButton(Icons::action(u"close"_s), tr("&Cancel Editing"), this);
    m_cancelEditButton->setAccessibleName(tr("Cancel editing"));
    m_editBar = makeBar(u"info"_s, m_editLabel);
    m_editBar->setObjectName(u"editBar"_s);
    m_editBar->layout()->addWidget(m_cancelEditButton);
    m_editBar->hide();
    connect(m_cancelEditButton, &QPushButton::clicked, this, &ChatTab::cancelEditing);

    m_input = new ChatInput(this);
    m_input->setAccessibleName(tr("Message to %1").arg(m_peer.toString()));
    connect(m_input, &ChatInput::sendRequested, this, &ChatTab::send);
    connect(m_input, &ChatInput::textChanged, this, &ChatTab::updateSendButton);
    connect(m_input, &ChatInput::textChanged, this, [this] {
        // Only what the user writes is "composing"; a draft from a link or our own text put
        // back for editing is not.
        if (!m_settingText)
            m_chats->inputChanged(m_peer, m_input->toPlainText());
    });
    connect(m_input, &ChatInput::editLastRequested, this, [this] {
        // The last message is among the newest: go there first.
        if (!m_chats->isAtEnd(m_peer))
            jumpToNewest();
        startEditing(m_chats->lastCorrectable(m_peer));
    });
    connect(m_input, &ChatInput::cancelEditRequested, this, &ChatTab::cancelEditing);
    m_sendButton = new QPushButton(Icons::action(u"send"_s), tr("&Send"), this);
    m_sendButton->setAccessibleName(tr("Send message"));
    m_sendButton->setToolTip(tr("Send (Enter)"));
    connect(m_sendButton, &QPushButton::clicked, this, &ChatTab::send);

    auto *inputRow = new QHBoxLayout;
    inputRow->addWidget(m_input, 1);
    inputRow->addWidget(m_sendButton, 0, Qt::AlignBottom);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_contactBar);
    layout->addWidget(m_historyLabel);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_newerBar);
    layout->addWidget(m_typingLabel);
    layout->addWidget(m_offlineBar);
    layout->addWidget(m_editBar);
    auto *bottom = new QVBoxLayout;
    const QStyle *s = style();
    bottom->setContentsMargins(s->pixelMetric(QStyle::PM_LayoutLeftMargin),
                               s->pixelMetric(QStyle::PM_LayoutTopMargin) / 2,
                               s->pixelMetric(QStyle::PM_LayoutRightMargin),
                               s->pixelMetric(QStyle::PM_LayoutBottomMargin) / 2);
    bottom->addLayout(inputRow);
    layout->addLayout(bottom);

    setFocusProxy(m_input);
    setTabOrder(m_input, m_sendButton);
    setTabOrder(m_sendButton, m_view);
    setTabOrder(m_view, m_addButton);

    if (m_roster)
        connect(m_roster, &RosterService::contactsChanged, this, &ChatTab::updateContact);
    connect(m_chats, &ChatService::onlineChanged, this, &ChatTab::updateOnline);
    updateContact();
    updateOnline();
    updateSendButton();
    updateHistoryLine();
    updateNewerBar();
}

QFrame *ChatTab::makeBar(const QString &icon, QLabel *label)
{
    auto *bar = new QFrame(this);
    bar->setFrameShape(QFrame::StyledPanel);
    bar->setAutoFillBackground(true);
    bar->setBackgroundRole(QPalette::AlternateBase);
    auto *iconLabel = new QLabel(bar);
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    iconLabel->setPixmap(Icons::action(icon).pixmap(QSize(size, size), devicePixelRatioF()));
    iconLabel->setAlignment(Qt::AlignTop);
    label->setParent(bar);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QHBoxLayout(bar);
    layout->addWidget(iconLabel, 0, Qt::AlignVCenter);
    layout->addWidget(label, 1);
    return bar;
}

QString ChatTab::displayName() const
{
    return m_name;
}

bool ChatTab::isContactBarShown() const
{
    return !m_contactBar->isHidden();
}

bool ChatTab::isOfflineBarShown() const
{
    return !m_offlineBar->isHidden();
}

bool ChatTab::isTypingShown() const
{
    return !m_typingLabel->isHidden();
}

QString ChatTab::typingText() const
{
    return isTypingShown() ? m_typingLabel->text() : QString();
}

bool ChatTab::isEditBarShown() const
{
    return !m_editBar->isHidden();
}

QString ChatTab::historyText() const
{
    return m_historyLabel->isHidden() ? QString() : m_historyLabel->text();
}

void ChatTab::updateHistoryLine()
{
    // The beginning only while the top is in view; loading whenever it runs.
    const QScrollBar *bar = m_view->verticalScrollBar();
    QString text;
    if (m_chats->isLoadingOlder(m_peer))
        text = tr("Loading older messages…");
    else if (m_chats->isAtStart(m_peer) && m_model->rowCount() > 0 &&
             bar->value() == bar->minimum())
        text = tr("Beginning of the conversation");
    m_historyLabel->setText(text);
    m_historyLabel->setHidden(text.isEmpty());
}

QString ChatTab::newerText() const
{
    return m_newerBar->isHidden() ? QString() : m_newerLabel->text();
}

void ChatTab::updateNewerBar()
{
    const bool atEnd = m_chats->isAtEnd(m_peer);
    m_view->setHasNewer(!atEnd);
    const int count = m_chats->newerCount(m_peer);
    m_newerLabel->setText(count > 0 ? tr("New messages below: %n", nullptr, count)
                                    : tr("Newer messages below"));
    m_newerBar->setHidden(atEnd);
}

void ChatTab::jumpToNewest()
{
    m_chats->showLatest(m_peer);
    m_view->followNewest();
}

bool ChatTab::showMessage(qint64 storeRow)
{
    const int row = m_chats->showAround(m_peer, storeRow);
    if (row < 0)
        return false;
    m_view->scrollToMessage(m_model->index(row));
    return true;
}

void ChatTab::updateTyping()
{
    const bool typing = m_chats->isTyping(m_peer);
    m_typingLabel->setText(typing ? tr("%1 is typing…").arg(m_name) : QString());
    m_typingLabel->setHidden(!typing);
}

bool ChatTab::startEditing(const QString &id)
{
    const ChatMessage *message = id.isEmpty() ? nullptr : m_model->find(id);
    if (!message || !m_chats->isOnline() || id != m_chats->lastCorrectable(m_peer))
        return false;
    m_editingId = id;
    m_editLabel->setText(tr("Editing your last message — Escape cancels"));
    m_editBar->show();
    m_input->setEditing(true);
    const QScopedValueRollback guard(m_settingText, true);
    m_input->setPlainText(message->body);
    m_input->moveCursor(QTextCursor::End);
    m_input->setFocus();
    return true;
}

void ChatTab::cancelEditing()
{
    if (m_editingId.isEmpty())
        return;
    m_editingId.clear();
    m_editBar->hide();
    m_input->setEditing(false);
    m_input->clear();
    m_input->setFocus();
}

QMessageBox *ChatTab::confirmRetract(const QString &id)
{
    if (!m_chats->canRetract(m_peer, id))
        return nullptr;
    auto *box =
        new QMessageBox(QMessageBox::Question, tr("Delete for Everyone"),
                        tr("Delete this message for everyone?"), QMessageBox::NoButton, this);
    box->setObjectName(u"retractQuestion"_s);
    box->setInformativeText(
        tr("It disappears here and in %1's chat, if their app supports deleting messages. "
           "Others may have read it already.")
            .arg(m_name));
    QPushButton *remove = box->addButton(tr("&Delete"), QMessageBox::DestructiveRole);
    remove->setObjectName(u"retractButton"_s);
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    connect(box, &QMessageBox::finished, this, [this, box, remove, id] {
        if (box->clickedButton() == remove)
            m_chats->retractMessage(m_peer, id);
    });
    box->open();
    return box;
}

void ChatTab::updateContact()
{
    const QString name = m_roster ? m_roster->displayName(m_peer) : m_peer.toString();
    const QString shown = name.isEmpty() ? m_peer.toString() : name;
    // A server or service (no localpart) is nobody to add.
    const bool stranger = m_roster && !m_peer.isDomain() && !m_roster->contains(m_peer);
    m_contactBar->setHidden(!stranger);
    m_contactLabel->setText(tr("%1 is not in your contacts.").arg(m_peer.toString()));
    if (shown != m_name) {
        m_name = shown;
        m_model->setPeerName(shown);
        updateTyping();
        Q_EMIT displayNameChanged();
    }
}

void ChatTab::updateOnline()
{
    m_offlineBar->setHidden(m_chats->isOnline());
    if (!m_chats->isOnline() && !m_editingId.isEmpty())
        m_editLabel->setText(tr("Offline — the correction can be sent when you are online"));
    else if (m_chats->isOnline() && !m_editingId.isEmpty())
        m_editLabel->setText(tr("Editing your last message — Escape cancels"));
}

void ChatTab::updateSendButton()
{
    m_sendButton->setEnabled(!m_input->toPlainText().trimmed().isEmpty());
}

void ChatTab::setDraft(const QString &text)
{
    const QScopedValueRollback guard(m_settingText, true);
    m_input->setPlainText(text);
    m_input->moveCursor(QTextCursor::End);
}

void ChatTab::send()
{
    QString text = m_input->toPlainText();
    // Trailing blank lines and spaces go; leading spaces (indented text) stay.
    qsizetype end = text.size();
    while (end > 0 && text.at(end - 1).isSpace())
        --end;
    text.truncate(end);
    if (text.trimmed().isEmpty())
        return;
    if (!m_editingId.isEmpty()) {
        if (!m_chats->correctMessage(m_peer, m_editingId, text))
            return; // offline: the text stays
        m_editingId.clear();
        m_editBar->hide();
        m_input->setEditing(false);
        m_input->clear();
        return;
    }
    if (m_chats->sendMessage(m_peer, text).isEmpty())
        return;
    m_input->clear();
    m_view->followNewest(); // sending shows the newest messages (ChatService::sendMessage)
}

} // namespace natter
