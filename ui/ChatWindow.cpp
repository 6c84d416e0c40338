// SPDX-License-Identifier: GPL-3.0-or-later
#include "ChatWindow.h"

#include "ChatInput.h"
#include "ChatTab.h"
#include "services/ChatService.h"

#include <QApplication>
#include <QEvent>
#include <QShortcut>
#include <QTabBar>
#include <QTabWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace natter {

ChatWindow::ChatWindow(ChatService *chats, RosterService *roster, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_chats(chats)
    , m_roster(roster)
    , m_tabs(new QTabWidget(this))
{
    setWindowTitle(tr("Chats"));
    setAccessibleName(tr("Chats"));
    m_tabs->setDocumentMode(true);
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->setUsesScrollButtons(true);
    m_tabs->setElideMode(Qt::ElideRight);
    m_tabs->setAccessibleName(tr("Conversations"));
    m_tabs->tabBar()->setAccessibleName(tr("Conversations"));
    m_tabs->tabBar()->setExpanding(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);

    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &ChatWindow::closeTab);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        updateWindowTitle();
        markCurrentRead();
        if (ChatTab *tab = currentTab(); tab && isActiveWindow())
            tab->input()->setFocus();
    });

    const auto shortcut = [this](const QList<QKeySequence> &keys, void (ChatWindow::*slot)()) {
        auto *s = new QShortcut(this);
        s->setKeys(keys);
        s->setContext(Qt::WindowShortcut);
        connect(s, &QShortcut::activated, this, slot);
    };
    shortcut({QKeySequence(Qt::CTRL | Qt::Key_Tab), QKeySequence(Qt::CTRL | Qt::Key_PageDown)},
             &ChatWindow::nextTab);
    shortcut({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Backtab),
              QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Tab),
              QKeySequence(Qt::CTRL | Qt::Key_PageUp)},
             &ChatWindow::previousTab);
    shortcut({QKeySequence(Qt::CTRL | Qt::Key_W), QKeySequence(Qt::CTRL | Qt::Key_F4)},
             &ChatWindow::closeCurrentTab);

    connect(m_chats, &ChatService::conversationAdded, this,
            [this](const Jid &peer) { ensureTab(peer); });
    connect(m_chats, &ChatService::messageReceived, this,
            [this](const ChatMessage &message) { onIncoming(message.peer); });
    connect(m_chats, &ChatService::unreadChanged, this, [this](const Jid &peer) {
        updateTitle(peer);
        if (ChatTab *tab = currentTab(); tab && tab->peer() == peer) {
            updateWindowTitle();
            markCurrentRead();
        }
    });
}

QSize ChatWindow::sizeHint() const
{
    const QFontMetrics fm(font());
    return {fm.averageCharWidth() * 72, fm.lineSpacing() * 32};
}

ChatTab *ChatWindow::tab(const Jid &peer) const
{
    const Jid bare = peer.bare();
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto *t = qobject_cast<ChatTab *>(m_tabs->widget(i));
        if (t && t->peer() == bare)
            return t;
    }
    return nullptr;
}

ChatTab *ChatWindow::currentTab() const
{
    return qobject_cast<ChatTab *>(m_tabs->currentWidget());
}

int ChatWindow::tabCount() const
{
    return m_tabs->count();
}

QString ChatWindow::tabTitle(const Jid &peer) const
{
    const ChatTab *t = tab(peer);
    if (!t)
        return {};
    const int unread = m_chats->unreadCount(peer);
    return unread > 0 ? tr("%1 (%2)").arg(t->displayName()).arg(unread) : t->displayName();
}

ChatTab *ChatWindow::ensureTab(const Jid &peer)
{
    const Jid bare = peer.bare();
    if (ChatTab *existing = tab(bare))
        return existing;
    // Creating the conversation announces it (conversationAdded), which lands here again: look
    // once more afterwards.
    m_chats->conversation(bare);
    if (ChatTab *existing = tab(bare))
        return existing;
    auto *t = new ChatTab(m_chats, m_roster, bare, m_tabs);
    connect(t, &ChatTab::addContactRequested, this, &ChatWindow::addContactRequested);
    connect(t, &ChatTab::xmppLinkActivated, this, &ChatWindow::xmppLinkActivated);
    connect(t, &ChatTab::displayNameChanged, this, [this, bare] { updateTitle(bare); });
    m_tabs->addTab(t, QString());
    updateTitle(bare);
    return t;
}

void ChatWindow::openChat(const Jid &peer, bool activate)
{
    if (peer.isNull())
        return;
    ChatTab *t = ensureTab(peer);
    if (!activate)
        return;
    m_tabs->setCurrentWidget(t);
    if (isMinimized())
        setWindowState(windowState() & ~Qt::WindowMinimized);
    show();
    raise();
    activateWindow();
    t->input()->setFocus();
    markCurrentRead();
}

bool ChatWindow::showMessage(const Jid &peer, qint64 storeRow)
{
    openChat(peer, true);
    ChatTab *t = tab(peer);
    return t && t->showMessage(storeRow);
}

void ChatWindow::setDraft(const Jid &peer, const QString &text)
{
    openChat(peer, true);
    if (ChatTab *t = tab(peer))
        t->setDraft(text);
}

void ChatWindow::onIncoming(const Jid &peer)
{
    ensureTab(peer);
    if (isHidden()) {
        // Show it, but do not take the focus from what the user is typing elsewhere.
        setAttribute(Qt::WA_ShowWithoutActivating, true);
        show();
        setAttribute(Qt::WA_ShowWithoutActivating, false);
    }
    if (!isActiveWindow())
        QApplication::alert(this);
}

void ChatWindow::closeTab(int index)
{
    QWidget *widget = m_tabs->widget(index);
    if (!widget)
        return;
    m_tabs->removeTab(index);
    if (const auto *closed = qobject_cast<ChatTab *>(widget)) {
        if (closed->peer() == m_activePeer)
            m_activePeer = Jid();
        m_chats->chatClosed(closed->peer());
    }
    widget->deleteLater();
    if (m_tabs->count() == 0)
        hide();
    updateWindowTitle();
}

void ChatWindow::closeCurrentTab()
{
    closeTab(m_tabs->currentIndex());
}

void ChatWindow::nextTab()
{
    if (m_tabs->count() > 1)
        m_tabs->setCurrentIndex((m_tabs->currentIndex() + 1) % m_tabs->count());
}

void ChatWindow::previousTab()
{
    if (m_tabs->count() > 1)
        m_tabs->setCurrentIndex((m_tabs->currentIndex() + m_tabs->count() - 1) % m_tabs->count());
}

void ChatWindow::updateTitle(const Jid &peer)
{
    ChatTab *t = tab(peer);
    if (!t)
        return;
    const int index = m_tabs->indexOf(t);
    // A tab text takes "&" for a mnemonic; a name is text.
    m_tabs->setTabText(index, QString(tabTitle(peer)).replace(u'&', u"&&"_s));
    // Tooltips take markup; a name is text.
    QString tip = t->displayName().toHtmlEscaped();
    if (t->displayName() != t->peer().toString())
        tip += u"<br/>"_s + t->peer().toString().toHtmlEscaped();
    m_tabs->setTabToolTip(index, u"<qt>"_s + tip + u"</qt>"_s);
    if (t == currentTab())
        updateWindowTitle();
}

void ChatWindow::updateWindowTitle()
{
    const ChatTab *t = currentTab();
    setWindowTitle(t ? tr("%1 — Natter").arg(tabTitle(t->peer())) : tr("Chats — Natter"));
}

void ChatWindow::markCurrentRead()
{
    updateActiveChat();
    ChatTab *t = currentTab();
    if (t && isVisible() && isActiveWindow() && !isMinimized())
        m_chats->markRead(t->peer());
}

void ChatWindow::updateActiveChat()
{
    const ChatTab *t = currentTab();
    const Jid active = t && isVisible() && isActiveWindow() && !isMinimized() ? t->peer() : Jid();
    if (active == m_activePeer)
        return;
    if (!m_activePeer.isNull() && tab(m_activePeer))
        m_chats->setChatActive(m_activePeer, false);
    m_activePeer = active;
    if (!active.isNull())
        m_chats->setChatActive(active, true);
}

void ChatWindow::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    updateActiveChat();
}

void ChatWindow::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::ActivationChange || event->type() == QEvent::WindowStateChange)
        markCurrentRead();
}

void ChatWindow::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    markCurrentRead();
}

} // namespace natter
