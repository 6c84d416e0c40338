// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "account/Account.h"
#include "storage/AccountStore.h"
#include "stream/ConnectionError.h"
#include "stream/ConnectionSettings.h"

#include <QDialog>
#include <QPointer>

class QCheckBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QToolButton;

namespace natter {

class CertificatePanel;

// Logging in: address, password, "Remember password" (kept in the desktop's secret service),
// "Log in automatically", and advanced connection settings (server, port, direct TLS, resource,
// an extra trusted certificate, a pinned certificate). The dialog drives the Account it is
// given: it shows the progress (connecting, logging in) with Cancel working at any time, shows
// errors in words, offers to trust an untrusted certificate (CertificatePanel: pinned for this
// account), and is accepted once the account is online and its settings (and the password, if
// it is to be remembered) are stored. After a failure the user can correct and try again.
class LoginDialog : public QDialog
{
    Q_OBJECT
public:
    // What the dialog leaves behind when accepted (the account is then online).
    struct Result
    {
        ConnectionSettings settings;        // as used for the login (with the password)
        AccountStore::SavedAccount account; // as stored (not stored for the demo)
        bool demo = false;
        // Why the password could not be kept in the secret service (empty if it was, or if it
        // was not to be remembered).
        QString passwordStoreError;
    };

    LoginDialog(Account *account, AccountStore *store, QWidget *parent = nullptr);
    ~LoginDialog() override;

    // Fills the fields, e.g. from the last account or the command line (password may be empty).
    void prefill(const AccountStore::SavedAccount &account, const QString &password = {});
    // Timeouts, limits and language are taken from this; everything the dialog shows from the
    // fields.
    void setSettingsTemplate(const ConnectionSettings &settings);
    // Shows "Try a demo…" (see demoRequested()).
    void setDemoAvailable(bool available);

    // Shows an error of a login attempt made elsewhere (an automatic login) as if it had been
    // the dialog's own: a sentence, or the certificate panel.
    void showConnectionError(const ConnectionError &error);
    // Shows a sentence in the message area (error style).
    void showError(const QString &message);

    // The demo: while DemoLauncher starts, progress; then log in with its settings (nothing is
    // stored); or show why it failed.
    void setDemoProgress(const QString &step);
    void logInWithDemo(const ConnectionSettings &settings);
    void demoFailed(const QString &reason);

    Result loginResult() const { return m_result; }
    // Connecting, storing the password or starting the demo.
    bool isBusy() const;
    bool isAdvancedVisible() const { return m_advancedVisible; }
    // The sentence in the message area (empty if none).
    QString message() const;

    // The sentence for a connection error (ConnectionError::message(), with the endpoint tried
    // filled in when the error does not carry one).
    static QString errorText(const ConnectionError &error, const ConnectionSettings &settings);

public Q_SLOTS:
    // Validates the fields and connects.
    void logIn();
    // "Try a demo…": shows the progress and emits demoRequested().
    void startDemo();
    // Aborts the running attempt (the dialog stays open); without one, closes the dialog.
    void cancel();
    void reject() override;

Q_SIGNALS:
    // "Try a demo…": the owner starts DemoLauncher and calls setDemoProgress / logInWithDemo /
    // demoFailed.
    void demoRequested();
    // The user cancelled while the demo was starting.
    void demoCancelled();

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    enum class Phase
    {
        Idle,
        DemoStarting,
        Connecting,
        SavingPassword,
        PasswordWarning, // logged in; the password could not be stored; "Continue"
        Certificate,
    };
    enum class MessageKind
    {
        None,
        Info,
        Warning,
        Error,
    };

    QWidget *buildForm();
    void setPhase(Phase phase);
    void setMessage(MessageKind kind, const QString &text);
    void setAdvancedVisible(bool visible);
    // Shrinks or grows the dialog to what it shows.
    void fitToContents();
    // Validates the fields; on failure shows why, focuses the field and returns nullopt.
    std::optional<ConnectionSettings> settingsFromFields();
    void fail(QWidget *field, const QString &text, bool advanced = false);
    void connectWith(const ConnectionSettings &settings);
    void onStateChanged(Account::State state);
    void onLoggedIn();
    void onFailed(const ConnectionError &error);
    void finish(const QString &passwordStoreError);
    void onJidEdited();
    void updatePinRow();
    void updateProgressText(Account::State state);
    void updateMessageIcon();
    void trustCertificate(const QByteArray &sha256);
    void leaveCertificatePanel();
    QString serverDescription(const ConnectionSettings &settings) const;
    Jid typedJid() const;

    QPointer<Account> m_account;
    AccountStore *m_store;
    ConnectionSettings m_template;
    ConnectionSettings m_attempt; // the settings of the running or last attempt
    Result m_result;
    Phase m_phase = Phase::Idle;
    quint64 m_generation = 0; // callbacks of older attempts are ignored
    bool m_demo = false;
    MessageKind m_messageKind = MessageKind::None;
    // Per account: the pinned certificate and the minimum SASL mechanism.
    QByteArray m_pin;
    QString m_minimumMechanism;
    AccountStore::SavedAccount m_prefilled;

    QWidget *m_formPage;
    CertificatePanel *m_certificatePanel;
    QLabel *m_headerIcon;
    QLineEdit *m_jid;
    QLineEdit *m_password;
    QCheckBox *m_remember;
    QCheckBox *m_autoLogin;
    QToolButton *m_advancedToggle;
    QFormLayout *m_form = nullptr;
    int m_firstAdvancedRow = 0;
    bool m_advancedVisible = false;
    QLineEdit *m_host;
    QLineEdit *m_port;
    QCheckBox *m_directTls;
    QLineEdit *m_resource;
    QLineEdit *m_caFile;
    QPushButton *m_caBrowse;
    QLabel *m_pinCaption;
    QLabel *m_pinLabel;
    QPushButton *m_forgetPin;
    QWidget *m_messageBox;
    QLabel *m_messageIcon;
    QLabel *m_message;
    QWidget *m_progressBox;
    QProgressBar *m_progress;
    QLabel *m_progressText;
    QDialogButtonBox *m_buttons;
    QPushButton *m_loginButton;
    QPushButton *m_cancelButton;
    QPushButton *m_demoButton;
};

} // namespace natter
