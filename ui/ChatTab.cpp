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
#include <QPushButton>
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

    m_view = new MessageView(this);
    m_view->setModel(m_model);
    connect(m_view, &MessageView::xmppLinkActivated, this, &ChatTab::xmppLinkActivated);
    connect(m_view, &MessageView::retryRequested, this,
            [this](const QString &id) { m_chats->retry(m_peer, id); });

    m_offlineLabel = new QLabel(tr("Offline — messages will be sent when you are online"), this);
    m_offlineLabel->setWordWrap(true);
    m_offlineBar = makeBar(u"warning"_s, m_offlineLabel);
    m_offlineBar->setObjectName(u"offlineBar"_s);

    m_input = new ChatInput(this);
    m_input->setAccessibleName(tr("Message to %1").arg(m_peer.toString()));
    connect(m_input, &ChatInput::sendRequested, this, &ChatTab::send);
    connect(m_input, &ChatInput::textChanged, this, &ChatTab::updateSendButton);
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
    layout->addWidget(m_view, 1);
    layout->addWidget(m_offlineBar);
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
        Q_EMIT displayNameChanged();
    }
}

void ChatTab::updateOnline()
{
    m_offlineBar->setHidden(m_chats->isOnline());
}

void ChatTab::updateSendButton()
{
    m_sendButton->setEnabled(!m_input->toPlainText().trimmed().isEmpty());
}

void ChatTab::setDraft(const QString &text)
{
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
    if (m_chats->sendMessage(m_peer, text).isEmpty())
        return;
    m_input->clear();
    m_view->scrollToBottom();
}

} // namespace natter
