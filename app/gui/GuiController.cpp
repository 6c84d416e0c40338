// SPDX-License-Identifier: GPL-3.0-or-later
#include "GuiController.h"

#include "FirstPaintProbe.h"
#include "LoginDialog.h"
#include "MainWindow.h"
#include "account/Account.h"
#include "services/DemoLauncher.h"
#include "services/Session.h"

#include <QDialog>
#include <QFileInfo>
#include <QLocale>
#include <QLoggingCategory>
#include <QTimer>

#include <cstdio>
#include <memory>
#include <utility>

Q_LOGGING_CATEGORY(lcGui, "natter.gui")

namespace natter::gui {

namespace {
// How long a graceful disconnect may take before the session is dropped anyway.
constexpr int DisconnectGraceMs = 3000;
} // namespace

GuiController::GuiController(const GuiOptions &options, AccountStore *store, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_store(store)
{
    if (m_options.uri)
        m_pendingUris.append(*m_options.uri);
}

GuiController::~GuiController()
{
    delete m_dialog;
    delete m_window; // before the session it shows
    m_session.reset();
}

MainWindow *GuiController::mainWindow() const
{
    return m_window;
}

LoginDialog *GuiController::loginDialog() const
{
    return m_dialog;
}

void GuiController::createSession()
{
    m_session = std::make_unique<Session>(m_store->dataDirectory());
    if (m_options.debugXml) {
        Account *account = m_session->account();
        account->transport()->setTraceEnabled(true);
        connect(account, &Account::xmlTraffic, this,
                [](StanzaTransport::Direction direction, const QString &xml) {
                    const QByteArray line =
                        (direction == StanzaTransport::Direction::In ? "<< " : ">> ") +
                        xml.toUtf8() + '\n';
                    std::fputs(line.constData(), stderr);
                });
    }
}

void GuiController::retireSession()
{
    Session *old = m_session.release();
    if (!old)
        return;
    Account *account = old->account();
    if (account->state() == Account::State::Offline || account->state() == Account::State::Error) {
        old->deleteLater();
        return;
    }
    // Say goodbye to the server (</stream:stream>: contacts see us go at once), but do not
    // wait for it forever.
    connect(account, &Account::disconnected, old, &QObject::deleteLater);
    QTimer::singleShot(DisconnectGraceMs, old, &QObject::deleteLater);
    account->disconnectFromServer();
}

AccountStore::SavedAccount GuiController::initialAccount() const
{
    const ConnectionSettings &cl = m_options.connection.settings;
    const bool useCommandLine = !m_commandLineUsed;
    AccountStore::SavedAccount a;
    if (useCommandLine && !cl.jid.isNull()) {
        a = m_store->account(cl.jid).value_or(AccountStore::SavedAccount());
        a.jid = cl.jid.bare();
    } else if (const auto last = m_store->lastAccount()) {
        a = *last;
    }
    if (!useCommandLine)
        return a;
    // The command line wins over what was remembered.
    if (!cl.jid.resourcepart().isEmpty())
        a.resource = cl.jid.resourcepart();
    if (!cl.host.isEmpty())
        a.host = cl.host;
    if (cl.port)
        a.port = cl.port;
    if (cl.directTls)
        a.directTls = true;
    if (!m_options.caFile.isEmpty())
        a.caFile = QFileInfo(m_options.caFile).absoluteFilePath();
    if (m_options.pinGiven)
        a.pinnedSha256 = cl.pinnedSha256;
    return a;
}

ConnectionSettings GuiController::settingsTemplate() const
{
    ConnectionSettings t;
    t.connectTimeout = m_options.connection.settings.connectTimeout;
    t.negotiationTimeout = m_options.connection.settings.negotiationTimeout;
    t.language = QLocale().bcp47Name();
    return t;
}

void GuiController::start()
{
    createSession();
    if (m_options.demo) {
        showLoginDialog();
        m_dialog->startDemo();
        return;
    }

    const AccountStore::SavedAccount account = initialAccount();
    const auto settingsWith = [this](const AccountStore::SavedAccount &a, const QString &password,
                                     QString *error) {
        ConnectionSettings s = a.toSettings(error);
        const ConnectionSettings t = settingsTemplate();
        s.connectTimeout = t.connectTimeout;
        s.negotiationTimeout = t.negotiationTimeout;
        s.language = t.language;
        s.password = password;
        return s;
    };

    // Scripted start: the password from NATTER_PASSWORD (or --password-file).
    if (m_options.connection.havePassword && !account.jid.isNull()) {
        QString error;
        const ConnectionSettings s =
            settingsWith(account, m_options.connection.settings.password, &error);
        if (!error.isEmpty()) {
            showLoginDialog(s.password);
            m_dialog->showError(error);
            return;
        }
        qCInfo(lcGui).noquote() << "logging in as" << s.jid.toString() << "without the dialog";
        logInDirectly(s);
        return;
    }

    // "Log in automatically" with the password from the secret service.
    if (m_options.connection.settings.jid.isNull() && !account.jid.isNull() && account.autoLogin &&
        account.rememberPassword) {
        m_store->readPassword(
            account.jid, this,
            [this, account, settingsWith](const std::optional<QString> &password,
                                          const QString &error) {
                if (!password || password->isEmpty()) {
                    showLoginDialog();
                    if (!error.isEmpty())
                        m_dialog->showError(
                            tr("The stored password could not be read: %1").arg(error));
                    return;
                }
                QString caError;
                const ConnectionSettings s = settingsWith(account, *password, &caError);
                if (!caError.isEmpty()) {
                    showLoginDialog(*password);
                    m_dialog->showError(caError);
                    return;
                }
                logInDirectly(s);
            });
        return;
    }

    showLoginDialog(m_options.connection.havePassword ? m_options.connection.settings.password
                                                      : QString());
}

void GuiController::logInDirectly(const ConnectionSettings &settings)
{
    m_commandLineUsed = true;
    Account *account = m_session->account();
    account->setSettings(settings);
    showMainWindow();
    m_directLogin = connect(
        account, &Account::stateChanged, this, [this, account, settings](Account::State state) {
            if (state == Account::State::Online) {
                disconnect(m_directLogin);
                m_store->recordMechanism(settings.jid.bare(), account->session().mechanism);
                qCInfo(lcGui).noquote() << "online as" << account->jid().toString();
            } else if (state == Account::State::Error) {
                // Back to the dialog, which shows why.
                disconnect(m_directLogin);
                const ConnectionError error = account->lastError();
                qCInfo(lcGui).noquote() << "login failed:" << error.message();
                if (m_window) {
                    m_window->hide();
                    m_window->deleteLater();
                    m_window = nullptr;
                }
                showLoginDialog(settings.password);
                m_dialog->showConnectionError(error);
            }
        });
    account->connectToServer();
}

void GuiController::showLoginDialog(const QString &password)
{
    if (!m_session)
        createSession();
    auto *dialog = new LoginDialog(m_session->account(), m_store);
    dialog->setSettingsTemplate(settingsTemplate());
    dialog->setDemoAvailable(DemoLauncher::isAvailable());
    dialog->prefill(initialAccount(), password);
    connect(dialog, &QDialog::finished, this, &GuiController::onDialogFinished);
    connect(dialog, &LoginDialog::demoRequested, this, &GuiController::startDemo);
    connect(dialog, &LoginDialog::demoCancelled, this, [this] {
        if (m_demo)
            m_demo->stop();
    });
    m_dialog = dialog;
    FirstPaintProbe::watch(dialog, QStringLiteral("login-dialog")); // NATTER_FIRST_PAINT only
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
}

void GuiController::onDialogFinished(int result)
{
    LoginDialog *dialog = m_dialog;
    m_dialog = nullptr;
    if (dialog)
        dialog->deleteLater();
    m_commandLineUsed = true;
    if (result == QDialog::Accepted)
        showMainWindow();
    else
        quit();
}

void GuiController::startDemo()
{
    if (!DemoLauncher::isAvailable()) {
        if (m_dialog)
            m_dialog->demoFailed(DemoLauncher::missingRequirement());
        return;
    }
    if (!m_demo) {
        m_demo = new DemoLauncher(this);
        connect(m_demo, &DemoLauncher::progress, this, [this](const QString &step) {
            if (m_dialog)
                m_dialog->setDemoProgress(step);
        });
        connect(m_demo, &DemoLauncher::ready, this, [this](const ConnectionSettings &settings) {
            if (m_dialog)
                m_dialog->logInWithDemo(settings);
        });
        connect(m_demo, &DemoLauncher::failed, this, [this](const QString &reason) {
            if (m_dialog)
                m_dialog->demoFailed(reason);
            else if (m_window)
                m_window->showStatusMessage(tr("The demo stopped: %1").arg(reason));
        });
    }
    m_demo->start();
}

void GuiController::showMainWindow()
{
    auto *window = new MainWindow(m_session.get());
    connect(window, &MainWindow::logOutRequested, this, &GuiController::logOut);
    connect(window, &MainWindow::quitRequested, this, &GuiController::quit);
    m_window = window;
    window->show();
    const QList<XmppUri> pending = std::exchange(m_pendingUris, {});
    for (const XmppUri &uri : pending)
        openUri(uri);
}

void GuiController::handleInstanceMessage(const QString &message)
{
    if (message.isEmpty()) {
        qCInfo(lcGui).noquote() << "another instance asked to show the window";
        if (m_window) {
            m_window->activate();
        } else if (m_dialog) {
            m_dialog->show();
            m_dialog->raise();
            m_dialog->activateWindow();
        }
        return;
    }
    qCInfo(lcGui).noquote() << "another instance passed" << message;
    const XmppUri uri = XmppUri::parse(message);
    if (!uri.isValid()) {
        qCWarning(lcGui).noquote() << "not opened:" << uri.error();
        if (m_window)
            m_window->showStatusMessage(tr("The link could not be opened: %1").arg(uri.error()));
        return;
    }
    openUri(uri);
}

void GuiController::openUri(const XmppUri &uri)
{
    if (!m_window) {
        // After the login.
        m_pendingUris.append(uri);
        if (m_dialog) {
            m_dialog->raise();
            m_dialog->activateWindow();
        }
        return;
    }
    qCInfo(lcGui).noquote() << "opening" << uri.text();
    m_window->openUri(uri);
}

void GuiController::logOut()
{
    qCInfo(lcGui).noquote() << "logging out";
    if (m_window) {
        m_window->hide();
        m_window->deleteLater(); // before the session it shows (deleted later still)
        m_window = nullptr;
    }
    retireSession();
    showLoginDialog();
}

void GuiController::quit()
{
    if (m_quitting)
        return;
    m_quitting = true;
    if (m_dialog) {
        m_dialog->hide();
        m_dialog->deleteLater();
        m_dialog = nullptr;
    }
    if (m_window) {
        m_window->hide();
        m_window->deleteLater();
        m_window = nullptr;
    }
    Session *session = m_session.release();
    if (!session) {
        QMetaObject::invokeMethod(this, &GuiController::finished, Qt::QueuedConnection);
        return;
    }
    Account *account = session->account();
    const auto done = [this, session] {
        session->deleteLater();
        Q_EMIT finished();
    };
    if (account->state() == Account::State::Offline || account->state() == Account::State::Error) {
        QMetaObject::invokeMethod(this, done, Qt::QueuedConnection);
        return;
    }
    // Leave politely, briefly.
    auto fired = std::make_shared<bool>(false);
    const auto once = [fired, done] {
        if (!std::exchange(*fired, true))
            done();
    };
    connect(account, &Account::disconnected, this, once);
    QTimer::singleShot(DisconnectGraceMs, this, once);
    account->disconnectFromServer();
}

} // namespace natter::gui
