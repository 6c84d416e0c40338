// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "GuiOptions.h"
#include "storage/AccountStore.h"
#include "stream/ConnectionError.h"

#include <QList>
#include <QObject>
#include <QPointer>

#include <memory>

namespace natter {
class DemoLauncher;
class LoginDialog;
class MainWindow;
class Session;
} // namespace natter

namespace natter::gui {

// The desktop app's composition: which way to log in (without the dialog when the password is
// known: NATTER_PASSWORD, or a remembered password with "log in automatically"; else the login
// dialog; --demo), one Session per login, the main window, log out and quit, and xmpp: links
// from the command line or from later instances (SingleInstance).
class GuiController : public QObject
{
    Q_OBJECT
public:
    GuiController(const GuiOptions &options, AccountStore *store, QObject *parent = nullptr);
    ~GuiController() override;

    void start();
    // Closes the windows, leaves the server politely (briefly) and emits finished().
    void quit();
    // A message from another instance: an xmpp: URI, or empty to show the window.
    void handleInstanceMessage(const QString &message);

    MainWindow *mainWindow() const;
    LoginDialog *loginDialog() const;

Q_SIGNALS:
    // Everything is shut down; the application may exit.
    void finished();

private:
    void createSession();
    void retireSession();
    // The account to pre-fill: the command line over the remembered account.
    AccountStore::SavedAccount initialAccount() const;
    ConnectionSettings settingsTemplate() const;
    void logInDirectly(const ConnectionSettings &settings);
    void showLoginDialog(const QString &password = {});
    void onDialogFinished(int result);
    void startDemo();
    void showMainWindow();
    void openUri(const XmppUri &uri);
    void logOut();

    GuiOptions m_options;
    AccountStore *m_store;
    std::unique_ptr<Session> m_session;
    QPointer<MainWindow> m_window;
    QPointer<LoginDialog> m_dialog;
    DemoLauncher *m_demo = nullptr;
    QList<XmppUri> m_pendingUris;
    QMetaObject::Connection m_directLogin;
    bool m_quitting = false;
    bool m_commandLineUsed = false; // the command line's account is used for the first login only
};

} // namespace natter::gui
