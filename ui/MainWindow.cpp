// SPDX-License-Identifier: GPL-3.0-or-later
#include "MainWindow.h"

#include "AddContactDialog.h"
#include "ChatTab.h"
#include "ChatWindow.h"
#include "Icons.h"
#include "MessageView.h"
#include "Notifier.h"
#include "RosterWindow.h"
#include "SearchWindow.h"
#include "TrayIcon.h"
#include "XmlConsoleWindow.h"
#include "models/ConversationModel.h"
#include "services/ChatMessage.h"
#include "services/ChatService.h"
#include "services/ConversationExport.h"
#include "services/ConversationExportJob.h"
#include "services/PresenceService.h"
#include "services/RosterService.h"
#include "services/Session.h"
#include "storage/MessageStore.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QStandardPaths>

namespace natter {

MainWindow::MainWindow(Session *session, bool useTray, QWidget *parent)
    : QMainWindow(parent)
    , m_session(session)
{
    setWindowIcon(Icons::app());
    setAccessibleName(tr("Natter"));

    Account *account = session->account();
    m_roster = new RosterWindow(session->rosterModel(), session->roster(), session->presence(),
                                account->jid().bareString(), this);
    setCentralWidget(m_roster);
    m_chats = new ChatWindow(session->chats(), session->roster(), this);

    connect(m_roster, &RosterWindow::chatRequested, m_chats,
            [this](const Jid &peer) { m_chats->openChat(peer, true); });
    connect(m_roster, &RosterWindow::exportConversationRequested, this,
            &MainWindow::exportConversation);
    connect(m_roster, &RosterWindow::clearConversationRequested, this,
            &MainWindow::clearConversation);
    connect(m_chats, &ChatWindow::addContactRequested, m_roster,
            &RosterWindow::showAddContactDialog);
    connect(m_chats, &ChatWindow::xmppLinkActivated, this,
            [this](const QUrl &url) { openUri(XmppUri::parse(url.toString(QUrl::FullyEncoded))); });

    // The roster shows the connection state itself (RosterWindow's connection line).
    connect(account, &Account::stateChanged, this, &MainWindow::updateTitle);

    createActions();
    createMenus();
    setUpTray(useTray);
    updateTitle();
}

MainWindow::~MainWindow()
{
    delete m_console;
    delete m_searchWindow;
    // Notifications and the tray go before the window that they refer to.
    delete m_notifier;
    delete m_tray;
}

XmlConsoleWindow *MainWindow::xmlConsole() const
{
    return m_console;
}

SearchWindow *MainWindow::searchWindow() const
{
    return m_searchWindow;
}

void MainWindow::createActions()
{
    // The roster's own actions, so that menu, toolbar button and context menu agree.
    m_addContact = m_roster->addContactAction();
    m_addContact->setObjectName(QStringLiteral("addContact"));
    if (m_addContact->shortcut().isEmpty())
        m_addContact->setShortcut(QKeySequence(tr("Ctrl+N", "Add contact")));

    m_showConsole = new QAction(Icons::action(QStringLiteral("console")), tr("&XML Console"), this);
    m_showConsole->setObjectName(QStringLiteral("xmlConsole"));
    m_showConsole->setShortcut(QKeySequence(tr("Ctrl+Shift+X", "XML console")));
    connect(m_showConsole, &QAction::triggered, this, &MainWindow::showXmlConsole);

    m_search = new QAction(Icons::action(QStringLiteral("search")), tr("&Search Messages…"), this);
    m_search->setObjectName(QStringLiteral("searchMessages"));
    m_search->setShortcut(QKeySequence(tr("Ctrl+Shift+F", "Search messages")));
    connect(m_search, &QAction::triggered, this, &MainWindow::showSearch);

    m_logOut = new QAction(tr("&Log Out"), this);
    m_logOut->setObjectName(QStringLiteral("logOut"));
    connect(m_logOut, &QAction::triggered, this, &MainWindow::logOutRequested);

    m_quit = new QAction(tr("&Quit"), this);
    m_quit->setObjectName(QStringLiteral("quit"));
    // Not every platform theme binds QKeySequence::Quit; Ctrl+Q is what people expect.
    m_quit->setShortcut(QKeySequence(QKeySequence::Quit).isEmpty()
                            ? QKeySequence(tr("Ctrl+Q", "Quit"))
                            : QKeySequence(QKeySequence::Quit));
    m_quit->setMenuRole(QAction::QuitRole);
    connect(m_quit, &QAction::triggered, this, &MainWindow::quitRequested);

    m_showOffline = m_roster->showOfflineAction();
    m_showOffline->setObjectName(QStringLiteral("showOffline"));
    if (m_showOffline->shortcut().isEmpty())
        m_showOffline->setShortcut(QKeySequence(tr("Ctrl+H", "Show offline contacts")));

    m_about = new QAction(Icons::action(QStringLiteral("info")), tr("&About Natter"), this);
    m_about->setObjectName(QStringLiteral("about"));
    m_about->setMenuRole(QAction::AboutRole);
    connect(m_about, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::createMenus()
{
    QMenu *natter = menuBar()->addMenu(tr("&Natter"));
    natter->setObjectName(QStringLiteral("natterMenu"));
    natter->addAction(m_addContact);
    natter->addAction(m_search);
    natter->addAction(m_showConsole);
    natter->addSeparator();
    natter->addAction(m_logOut);
    natter->addAction(m_quit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    view->addAction(m_showOffline);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("helpMenu"));
    help->addAction(m_about);
}

void MainWindow::setUpTray(bool useTray)
{
    PresenceService *presence = m_session->presence();
    ChatService *chats = m_session->chats();
    if (useTray && TrayIcon::isSystemTrayAvailable()) {
        m_tray = new TrayIcon(this);
        m_tray->setStatus(presence->status());
        m_tray->setUnreadCount(chats->totalUnread());
        m_tray->setInvisibleSupported(presence->isInvisibleSupported());
        connect(presence, &PresenceService::statusChanged, m_tray,
                [this](PresenceService::Status status) { m_tray->setStatus(status); });
        connect(presence, &PresenceService::invisibleSupportChanged, m_tray,
                &TrayIcon::setInvisibleSupported);
        connect(chats, &ChatService::totalUnreadChanged, m_tray, &TrayIcon::setUnreadCount);
        connect(m_tray, &TrayIcon::activated, this, &MainWindow::toggleVisible);
        connect(m_tray, &TrayIcon::showRequested, this, &MainWindow::activate);
        connect(m_tray, &TrayIcon::hideRequested, this, &QWidget::hide);
        connect(m_tray, &TrayIcon::quitRequested, this, &MainWindow::quitRequested);
        connect(m_tray, &TrayIcon::statusRequested, presence,
                [presence](PresenceService::Status status) {
                    presence->setStatus(status, presence->statusMessage());
                });
        m_tray->show();
    }

    m_notifier = new Notifier(m_tray, this);
    connect(m_notifier, &Notifier::activated, m_chats,
            [this](const Jid &peer) { m_chats->openChat(peer, true); });
    connect(chats, &ChatService::messageReceived, this, [this](const ChatMessage &message) {
        if (message.isOutgoing() || message.body.isEmpty())
            return;
        onMessageReceived(m_session->roster()->displayName(message.peer), message.body,
                          message.peer);
    });
    // A conversation read is no longer news.
    connect(chats, &ChatService::unreadChanged, m_notifier, [this](const Jid &peer, int count) {
        if (count == 0)
            m_notifier->withdraw(peer);
    });
}

void MainWindow::onMessageReceived(const QString &peerName, const QString &body, const Jid &peer)
{
    // Not when the user is looking at that conversation.
    const ChatTab *tab = m_chats->currentTab();
    if (m_chats->isActiveWindow() && tab && tab->peer().bareEquals(peer))
        return;
    m_notifier->notify(peerName, body, peer);
}

void MainWindow::updateTitle()
{
    const QString jid = m_session->account()->jid().bareString();
    setWindowTitle(jid.isEmpty() ? tr("Natter") : tr("%1 — Natter").arg(jid));
}

void MainWindow::openUri(const XmppUri &uri)
{
    if (!uri.isValid()) {
        showStatusMessage(tr("The link could not be opened: %1").arg(uri.error()));
        return;
    }
    const Jid own = m_session->account()->jid();
    if (!uri.account().isNull() && !uri.account().bareEquals(own)) {
        showStatusMessage(tr("The link is meant for the account %1, not for %2.")
                              .arg(uri.account().bareString(), own.bareString()));
        return;
    }
    const Jid peer = uri.target().bare();
    switch (uri.action()) {
    case XmppUri::Action::Message:
        if (uri.body().isEmpty())
            m_chats->openChat(peer, true);
        else
            m_chats->setDraft(peer, uri.body());
        break;
    case XmppUri::Action::Roster:
    case XmppUri::Action::Subscribe:
        if (m_session->roster()->contains(peer)) {
            m_chats->openChat(peer, true);
        } else {
            activate();
            m_roster->showAddContactDialog(peer);
            // XEP-0147: ?roster;name=…;group=… suggest how to file the contact.
            if (AddContactDialog *dialog = m_roster->addContactDialog()) {
                if (!uri.name().isEmpty())
                    dialog->setName(uri.name());
                if (!uri.group().isEmpty())
                    dialog->setGroup(uri.group());
            }
        }
        break;
    case XmppUri::Action::Open:
    case XmppUri::Action::Other:
        m_chats->openChat(peer, true);
        break;
    }
}

void MainWindow::activate()
{
    if (isMinimized())
        showNormal();
    else
        show();
    raise();
    activateWindow();
}

void MainWindow::toggleVisible()
{
    if (isVisible() && !isMinimized())
        hide();
    else
        activate();
}

void MainWindow::showXmlConsole()
{
    if (!m_console)
        m_console = new XmlConsoleWindow(m_session->account(), this);
    m_console->show();
    m_console->raise();
    m_console->activateWindow();
}

void MainWindow::showSearch()
{
    if (!m_searchWindow) {
        m_searchWindow = new SearchWindow(m_session->roster(), this);
        connect(m_searchWindow, &SearchWindow::messageRequested, this, &MainWindow::showMessage);
    }
    // The store is chosen when the account connects: take the current one every time.
    m_searchWindow->setStore(m_session->messageStore());
    m_searchWindow->show();
    m_searchWindow->raise();
    m_searchWindow->activateWindow();
    m_searchWindow->searchField()->setFocus(Qt::ShortcutFocusReason);
    m_searchWindow->searchField()->selectAll();
}

void MainWindow::showMessage(const Jid &peer, qint64 storeRow)
{
    m_chats->showMessage(peer, storeRow);
}

QFileDialog *MainWindow::exportConversation(const Jid &peer)
{
    if (!m_session->messageStore()) {
        showStatusMessage(tr("Conversations can be exported once you are logged in."));
        return nullptr;
    }
    const QString name = m_session->roster()->displayName(peer);
    const QString plainFilter = tr("Plain text (*.txt)");
    const QString jsonFilter = tr("JSON (*.json)");
    auto *dialog = new QFileDialog(this, tr("Export Conversation with %1 — Natter").arg(name));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setFileMode(QFileDialog::AnyFile);
    dialog->setNameFilters({plainFilter, jsonFilter});
    dialog->setDefaultSuffix(QStringLiteral("txt"));
    dialog->setDirectory(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation));
    dialog->selectFile(peer.bareString() + QStringLiteral(".txt"));
    connect(dialog, &QFileDialog::filterSelected, dialog, [dialog, jsonFilter](const QString &f) {
        dialog->setDefaultSuffix(f == jsonFilter ? QStringLiteral("json") : QStringLiteral("txt"));
    });
    connect(dialog, &QFileDialog::fileSelected, this,
            [this, dialog, peer, jsonFilter](const QString &path) {
                writeConversation(peer, path, dialog->selectedNameFilter() == jsonFilter);
            });
    dialog->open();
    return dialog;
}

ConversationExportJob *MainWindow::writeConversation(const Jid &peer, const QString &path,
                                                     bool json)
{
    MessageStore *store = m_session->messageStore();
    if (!store) {
        showStatusMessage(tr("Conversations can be exported once you are logged in."));
        return nullptr;
    }
    store->flush(); // what the chat shows is on disk for the export's own connection
    ConversationExportJob::Request request;
    request.storePath = store->path();
    request.peer = peer.bare();
    request.format =
        json ? ConversationExport::Format::Json : ConversationExport::Format::PlainText;
    request.parties.own = m_session->account()->jid();
    request.parties.ownName = tr("Me");
    request.parties.peerName = m_session->roster()->displayName(peer);
    request.outputPath = path;
    auto *job = new ConversationExportJob(request, this);
    const QString name = request.parties.peerName;
    const QString shownPath = QDir::toNativeSeparators(path);
    showStatusMessage(tr("Exporting the conversation with %1…").arg(name));
    connect(job, &ConversationExportJob::progress, this,
            [this, name](qint64 written, qint64 total) {
                if (written < total)
                    showStatusMessage(
                        tr("Exporting the conversation with %1… %2 of %3 messages")
                            .arg(name, QLocale().toString(written), QLocale().toString(total)));
            });
    connect(job, &ConversationExportJob::finished, this,
            [this, job, name, shownPath](bool ok, const QString &error) {
                if (ok)
                    showStatusMessage(
                        tr("Conversation with %1 exported to %2.").arg(name, shownPath));
                else
                    showStatusMessage(
                        tr("Could not export the conversation to %1: %2").arg(shownPath, error));
                job->deleteLater();
            });
    job->start();
    return job;
}

QMessageBox *MainWindow::clearConversation(const Jid &peer)
{
    if (!m_session->messageStore()) {
        showStatusMessage(tr("Conversations can be cleared once you are logged in."));
        return nullptr;
    }
    const QString name = m_session->roster()->displayName(peer);
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Clear Conversation — Natter"),
                                tr("Delete every message of your conversation with %1 from "
                                   "this computer?")
                                    .arg(name),
                                QMessageBox::Cancel, this);
    box->setTextFormat(Qt::PlainText);
    box->setInformativeText(tr("This cannot be undone here. Your server's archive, %1 and your "
                               "other devices keep their copies.")
                                .arg(name));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *clear = box->addButton(tr("&Clear"), QMessageBox::DestructiveRole);
    clear->setObjectName(QStringLiteral("clear"));
    box->setDefaultButton(QMessageBox::Cancel);
    connect(clear, &QPushButton::clicked, this, [this, peer] {
        m_session->chats()->clearConversation(peer);
        showStatusMessage(tr("The conversation with %1 was cleared.")
                              .arg(m_session->roster()->displayName(peer)));
    });
    box->open();
    return box;
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About Natter"),
        tr("<h3>Natter %1</h3><p>A desktop messenger for XMPP, the open standard for instant "
           "messaging.</p><p>Licensed under the GNU General Public License, version 3 or "
           "later.</p>")
            .arg(QStringLiteral(NATTER_VERSION).toHtmlEscaped()));
}

void MainWindow::showStatusMessage(const QString &text)
{
    m_roster->showMessage(text);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_tray && m_tray->isVisible()) {
        // The tray keeps Natter reachable; closing the window only hides it.
        hide();
        event->ignore();
        return;
    }
    event->accept();
    Q_EMIT quitRequested();
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (m_tray)
        m_tray->setWindowVisible(true);
}

void MainWindow::hideEvent(QHideEvent *event)
{
    QMainWindow::hideEvent(event);
    if (m_tray)
        m_tray->setWindowVisible(false);
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        updateTitle();
}

QSize MainWindow::sizeHint() const
{
    // A roster is narrow and tall; from the font, not in pixels.
    const QFontMetrics fm = fontMetrics();
    return QSize(fm.averageCharWidth() * 44, fm.height() * 32).expandedTo(QMainWindow::sizeHint());
}

} // namespace natter
