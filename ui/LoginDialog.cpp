// SPDX-License-Identifier: GPL-3.0-or-later
#include "LoginDialog.h"

#include "CertificatePanel.h"
#include "Icons.h"

#include <QCheckBox>
#include <QCloseEvent>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QIntValidator>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSslCertificate>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace natter {

LoginDialog::LoginDialog(Account *account, AccountStore *store, QWidget *parent)
    : QDialog(parent)
    , m_account(account)
    , m_store(store)
{
    setWindowTitle(tr("Log in — Natter"));
    setWindowIcon(Icons::app());
    m_template.language = QLocale().bcp47Name();

    // Two pages, one shown at a time (not a QStackedWidget: that is as tall as its tallest page).
    m_formPage = buildForm();
    m_certificatePanel = new CertificatePanel(this);
    m_certificatePanel->setObjectName(QStringLiteral("certificatePanel"));
    m_certificatePanel->hide();
    connect(m_certificatePanel, &CertificatePanel::trustRequested, this,
            &LoginDialog::trustCertificate);
    connect(m_certificatePanel, &CertificatePanel::cancelled, this,
            &LoginDialog::leaveCertificatePanel);

    // Message area: an icon and a sentence; the sentence may quote the server, so plain text.
    m_messageBox = new QWidget(this);
    m_messageIcon = new QLabel(m_messageBox);
    m_message = new QLabel(m_messageBox);
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setTextFormat(Qt::PlainText);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *messageLayout = new QHBoxLayout(m_messageBox);
    messageLayout->setContentsMargins(0, 0, 0, 0);
    messageLayout->addWidget(m_messageIcon, 0, Qt::AlignTop);
    messageLayout->addWidget(m_message, 1);
    m_messageBox->hide();

    m_progressBox = new QWidget(this);
    m_progress = new QProgressBar(m_progressBox);
    m_progress->setObjectName(QStringLiteral("progress"));
    m_progress->setRange(0, 0); // busy
    m_progress->setTextVisible(false);
    m_progress->setAccessibleName(tr("Login progress"));
    m_progressText = new QLabel(m_progressBox);
    m_progressText->setObjectName(QStringLiteral("progressText"));
    m_progressText->setTextFormat(Qt::PlainText);
    m_progressText->setWordWrap(true);
    auto *progressLayout = new QVBoxLayout(m_progressBox);
    progressLayout->setContentsMargins(0, 0, 0, 0);
    progressLayout->addWidget(m_progressText);
    progressLayout->addWidget(m_progress);
    m_progressBox->hide();

    m_buttons = new QDialogButtonBox(this);
    m_loginButton = m_buttons->addButton(tr("&Log in"), QDialogButtonBox::AcceptRole);
    m_loginButton->setObjectName(QStringLiteral("loginButton"));
    m_loginButton->setAccessibleName(tr("Log in"));
    m_loginButton->setDefault(true);
    m_cancelButton = m_buttons->addButton(QDialogButtonBox::Cancel);
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));
    m_cancelButton->setAccessibleName(tr("Cancel"));
    m_demoButton = m_buttons->addButton(tr("Try a &demo…"), QDialogButtonBox::ActionRole);
    m_demoButton->setObjectName(QStringLiteral("demoButton"));
    m_demoButton->setAccessibleName(tr("Try a demo without an account"));
    m_demoButton->setToolTip(tr("Log in to a small server on this computer with made-up "
                                "contacts, to see how Natter works."));
    m_demoButton->setAutoDefault(false);
    m_demoButton->hide();
    connect(m_loginButton, &QPushButton::clicked, this, [this] {
        if (m_phase == Phase::PasswordWarning)
            finish(m_result.passwordStoreError);
        else
            logIn();
    });
    connect(m_cancelButton, &QPushButton::clicked, this, &LoginDialog::cancel);
    connect(m_demoButton, &QPushButton::clicked, this, &LoginDialog::startDemo);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_formPage, 1);
    layout->addWidget(m_certificatePanel, 1);
    layout->addWidget(m_messageBox);
    layout->addWidget(m_progressBox);
    layout->addWidget(m_buttons);

    // Room for a long address and for longer translations, from the font, not in pixels.
    setMinimumWidth(fontMetrics().averageCharWidth() * 60);

    if (m_account)
        connect(m_account, &Account::stateChanged, this, &LoginDialog::onStateChanged);
    updateMessageIcon();
    setPhase(Phase::Idle);
}

LoginDialog::~LoginDialog() = default;

QWidget *LoginDialog::buildForm()
{
    auto *page = new QWidget(this);

    m_headerIcon = new QLabel(page);
    const int iconSize = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    m_headerIcon->setPixmap(Icons::app().pixmap(QSize(iconSize, iconSize), devicePixelRatioF()));
    auto *title = new QLabel(tr("Log in to your XMPP account"), page);
    QFont titleFont = title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    title->setFont(titleFont);
    title->setWordWrap(true);
    auto *header = new QHBoxLayout;
    header->addWidget(m_headerIcon);
    header->addWidget(title, 1);

    m_jid = new QLineEdit(page);
    m_jid->setObjectName(QStringLiteral("jid"));
    m_jid->setPlaceholderText(tr("alice@example.org"));
    m_jid->setAccessibleName(tr("Address"));
    m_jid->setInputMethodHints(Qt::ImhEmailCharactersOnly | Qt::ImhNoAutoUppercase);
    m_password = new QLineEdit(page);
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setAccessibleName(tr("Password"));
    m_password->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhSensitiveData |
                                    Qt::ImhNoPredictiveText);
    m_remember = new QCheckBox(tr("&Remember password"), page);
    m_remember->setObjectName(QStringLiteral("rememberPassword"));
    m_remember->setAccessibleName(tr("Remember password"));
    m_remember->setToolTip(
        tr("Keep the password in your desktop's password store (secret service)."));
    m_autoLogin = new QCheckBox(tr("Log in &automatically"), page);
    m_autoLogin->setObjectName(QStringLiteral("autoLogin"));
    m_autoLogin->setAccessibleName(tr("Log in automatically"));
    m_autoLogin->setEnabled(false);
    connect(m_remember, &QCheckBox::toggled, this, [this](bool on) {
        m_autoLogin->setEnabled(on && m_phase == Phase::Idle);
        if (!on)
            m_autoLogin->setChecked(false);
    });
    connect(m_jid, &QLineEdit::textChanged, this, &LoginDialog::onJidEdited);

    auto *form = new QFormLayout;
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    auto *jidLabel = new QLabel(tr("&Address:"), page);
    jidLabel->setBuddy(m_jid);
    auto *passwordLabel = new QLabel(tr("&Password:"), page);
    passwordLabel->setBuddy(m_password);
    form->addRow(jidLabel, m_jid);
    form->addRow(passwordLabel, m_password);
    form->addRow(QString(), m_remember);
    form->addRow(QString(), m_autoLogin);

    m_advancedToggle = new QToolButton(page);
    m_advancedToggle->setObjectName(QStringLiteral("advancedToggle"));
    m_advancedToggle->setText(tr("Ad&vanced"));
    m_advancedToggle->setAccessibleName(tr("Advanced connection settings"));
    m_advancedToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_advancedToggle->setCheckable(true);
    m_advancedToggle->setAutoRaise(true);
    m_advancedToggle->setArrowType(Qt::RightArrow);
    connect(m_advancedToggle, &QToolButton::toggled, this, &LoginDialog::setAdvancedVisible);

    m_host = new QLineEdit(page);
    m_host->setObjectName(QStringLiteral("host"));
    m_host->setPlaceholderText(tr("found automatically"));
    m_host->setAccessibleName(tr("Server"));
    m_port = new QLineEdit(page);
    m_port->setObjectName(QStringLiteral("port"));
    m_port->setPlaceholderText(tr("default"));
    m_port->setAccessibleName(tr("Port"));
    m_port->setValidator(new QIntValidator(1, 65535, m_port));
    m_port->setMaxLength(5);
    m_directTls = new QCheckBox(tr("&Direct TLS (encrypted from the first byte)"), page);
    m_directTls->setObjectName(QStringLiteral("directTls"));
    m_directTls->setAccessibleName(tr("Direct TLS"));
    m_directTls->setToolTip(tr("XEP-0368: connect with TLS at once instead of STARTTLS. Needs "
                               "a server and port that offer it (usually 5223)."));
    m_resource = new QLineEdit(page);
    m_resource->setObjectName(QStringLiteral("resource"));
    m_resource->setPlaceholderText(tr("chosen by the server"));
    m_resource->setAccessibleName(tr("Resource"));
    m_caFile = new QLineEdit(page);
    m_caFile->setObjectName(QStringLiteral("caFile"));
    m_caFile->setPlaceholderText(tr("optional: a PEM file"));
    m_caFile->setAccessibleName(tr("Extra trusted certificate file"));
    m_caBrowse = new QPushButton(tr("&Browse…"), page);
    m_caBrowse->setObjectName(QStringLiteral("caBrowse"));
    m_caBrowse->setAccessibleName(tr("Choose a certificate file"));
    m_caBrowse->setAutoDefault(false);
    connect(m_caBrowse, &QPushButton::clicked, this, [this] {
        const QString file =
            QFileDialog::getOpenFileName(this, tr("Trust a Certificate"), m_caFile->text(),
                                         tr("PEM certificates (*.pem *.crt *.cer);;All files (*)"));
        if (!file.isEmpty())
            m_caFile->setText(file);
    });
    auto *caRow = new QHBoxLayout;
    caRow->setContentsMargins(0, 0, 0, 0);
    caRow->addWidget(m_caFile, 1);
    caRow->addWidget(m_caBrowse);

    m_pinCaption = new QLabel(page);
    m_pinCaption->setWordWrap(true);
    m_pinLabel = new QLabel(page);
    m_pinLabel->setObjectName(QStringLiteral("pinnedCertificate"));
    m_pinLabel->setTextFormat(Qt::PlainText);
    m_pinLabel->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_pinLabel->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_pinLabel->setAccessibleName(tr("Pinned certificate"));
    m_forgetPin = new QPushButton(tr("&Forget"), page);
    m_forgetPin->setObjectName(QStringLiteral("forgetPin"));
    m_forgetPin->setAccessibleName(tr("Forget the pinned certificate"));
    m_forgetPin->setAutoDefault(false);
    connect(m_forgetPin, &QPushButton::clicked, this, [this] {
        m_pin.clear();
        const Jid jid = typedJid();
        if (!jid.isNull() && m_store && m_store->account(jid))
            m_store->setPinnedCertificate(jid, {});
        updatePinRow();
    });
    auto *pinText = new QVBoxLayout;
    pinText->setContentsMargins(0, 0, 0, 0);
    pinText->addWidget(m_pinCaption);
    pinText->addWidget(m_pinLabel);
    auto *pinRow = new QHBoxLayout;
    pinRow->setContentsMargins(0, 0, 0, 0);
    pinRow->addLayout(pinText, 1);
    pinRow->addWidget(m_forgetPin, 0, Qt::AlignTop);

    // The advanced rows belong to the same form, so that all fields line up; they are shown
    // and hidden row by row.
    form->addRow(m_advancedToggle);
    m_firstAdvancedRow = form->rowCount();
    auto addRow = [&](const QString &text, QWidget *buddy, QWidget *field) {
        auto *label = new QLabel(text, page);
        label->setBuddy(buddy);
        form->addRow(label, field);
    };
    addRow(tr("&Server:"), m_host, m_host);
    addRow(tr("P&ort:"), m_port, m_port);
    form->addRow(QString(), m_directTls);
    addRow(tr("R&esource:"), m_resource, m_resource);
    auto *caWidget = new QWidget(page);
    caWidget->setLayout(caRow);
    addRow(tr("&Trusted certificate:"), m_caFile, caWidget);
    auto *pinWidget = new QWidget(page);
    pinWidget->setLayout(pinRow);
    pinWidget->setObjectName(QStringLiteral("pinRow"));
    form->addRow(pinWidget); // spans both columns: the fingerprint is wide
    m_form = form;
    for (int row = m_firstAdvancedRow; row < form->rowCount(); ++row)
        form->setRowVisible(row, false);

    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(header);
    layout->addLayout(form);
    layout->addStretch(1);

    setTabOrder(m_jid, m_password);
    setTabOrder(m_password, m_remember);
    setTabOrder(m_remember, m_autoLogin);
    setTabOrder(m_autoLogin, m_advancedToggle);
    setTabOrder(m_advancedToggle, m_host);
    setTabOrder(m_host, m_port);
    setTabOrder(m_port, m_directTls);
    setTabOrder(m_directTls, m_resource);
    setTabOrder(m_resource, m_caFile);
    setTabOrder(m_caFile, m_caBrowse);
    setTabOrder(m_caBrowse, m_forgetPin);
    updatePinRow();
    return page;
}

void LoginDialog::prefill(const AccountStore::SavedAccount &account, const QString &password)
{
    m_prefilled = account;
    {
        const QSignalBlocker blocker(m_jid);
        m_jid->setText(account.jid.bareString());
    }
    m_password->setText(password);
    m_remember->setChecked(account.rememberPassword);
    m_autoLogin->setChecked(account.rememberPassword && account.autoLogin);
    m_host->setText(account.host);
    m_port->setText(account.port ? QString::number(account.port) : QString());
    m_directTls->setChecked(account.directTls);
    m_resource->setText(account.resource);
    m_caFile->setText(account.caFile);
    m_pin = account.pinnedSha256;
    m_minimumMechanism = account.minimumMechanism;
    updatePinRow();
    const bool advanced = !account.host.isEmpty() || account.port || account.directTls ||
                          !account.resource.isEmpty() || !account.caFile.isEmpty() ||
                          !account.pinnedSha256.isEmpty();
    m_advancedToggle->setChecked(advanced);
    (account.jid.isNull() ? m_jid : m_password)->setFocus();
}

void LoginDialog::setSettingsTemplate(const ConnectionSettings &settings)
{
    m_template = settings;
    if (m_template.language.isEmpty())
        m_template.language = QLocale().bcp47Name();
}

void LoginDialog::setDemoAvailable(bool available)
{
    m_demoButton->setVisible(available);
}

Jid LoginDialog::typedJid() const
{
    return Jid::fromString(m_jid->text().trimmed()).bare();
}

void LoginDialog::onJidEdited()
{
    // Per-account data follows the address typed: the pin and the downgrade protection.
    const Jid jid = typedJid();
    const auto stored = m_store && !jid.isNull() ? m_store->account(jid) : std::nullopt;
    if (stored) {
        m_pin = stored->pinnedSha256;
        m_minimumMechanism = stored->minimumMechanism;
    } else if (!jid.isNull() && jid.bareEquals(m_prefilled.jid)) {
        m_pin = m_prefilled.pinnedSha256;
        m_minimumMechanism = m_prefilled.minimumMechanism;
    } else {
        m_pin.clear();
        m_minimumMechanism.clear();
    }
    updatePinRow();
}

void LoginDialog::updatePinRow()
{
    if (m_pin.isEmpty()) {
        m_pinCaption->setText(tr("No certificate is pinned for this account."));
        m_pinLabel->clear();
        m_pinLabel->hide();
        m_forgetPin->setEnabled(false);
    } else {
        m_pinCaption->setText(tr("Pinned certificate — only this one is accepted:"));
        m_pinLabel->setText(CertificatePanel::formatFingerprint(m_pin));
        m_pinLabel->show();
        m_forgetPin->setEnabled(m_phase == Phase::Idle);
    }
}

void LoginDialog::setAdvancedVisible(bool visible)
{
    const bool changed = m_advancedVisible != visible;
    m_advancedVisible = visible;
    for (int row = m_firstAdvancedRow; row < m_form->rowCount(); ++row)
        m_form->setRowVisible(row, visible);
    if (changed)
        fitToContents();
    m_advancedToggle->setArrowType(visible ? Qt::DownArrow : Qt::RightArrow);
    if (m_advancedToggle->isChecked() != visible)
        m_advancedToggle->setChecked(visible);
}

void LoginDialog::fail(QWidget *field, const QString &text, bool advanced)
{
    setMessage(MessageKind::Error, text);
    if (advanced)
        setAdvancedVisible(true);
    if (field) {
        field->setFocus();
        if (auto *edit = qobject_cast<QLineEdit *>(field))
            edit->selectAll();
    }
}

std::optional<ConnectionSettings> LoginDialog::settingsFromFields()
{
    ConnectionSettings s = m_template;
    const QString jidText = m_jid->text().trimmed();
    if (jidText.isEmpty()) {
        fail(m_jid, tr("Enter your address, for example alice@example.org."));
        return std::nullopt;
    }
    const Jid::ParseResult parsed = Jid::parse(jidText);
    if (!parsed.ok()) {
        fail(m_jid, tr("The address “%1” is not valid: %2").arg(jidText, parsed.message()));
        return std::nullopt;
    }
    if (parsed.jid.localpart().isEmpty()) {
        fail(m_jid, tr("The address “%1” has no user name; it should look like "
                       "alice@example.org.")
                        .arg(jidText));
        return std::nullopt;
    }
    if (m_password->text().isEmpty()) {
        fail(m_password, tr("Enter your password."));
        return std::nullopt;
    }
    // A resource typed with the address is used unless the resource field says otherwise.
    QString resource = m_resource->text().trimmed();
    if (resource.isEmpty())
        resource = parsed.jid.resourcepart();
    s.jid = parsed.jid.bare();
    if (!resource.isEmpty()) {
        s.jid = s.jid.withResource(resource);
        if (s.jid.isNull()) {
            fail(m_resource, tr("The resource “%1” is not valid.").arg(resource), true);
            return std::nullopt;
        }
    }
    s.password = m_password->text();

    s.host = m_host->text().trimmed();
    if (s.host.contains(u' ') || s.host.contains(u'/')) {
        fail(m_host, tr("The server “%1” is not a host name or address.").arg(s.host), true);
        return std::nullopt;
    }
    s.port = 0;
    if (!m_port->text().isEmpty()) {
        bool ok = false;
        const uint port = m_port->text().toUInt(&ok);
        if (!ok || port == 0 || port > 65535) {
            fail(m_port, tr("The port must be a number between 1 and 65535."), true);
            return std::nullopt;
        }
        s.port = static_cast<quint16>(port);
    }
    s.directTls = m_directTls->isChecked();
    // As on the command line: a port or direct TLS without a server means the domain's host.
    if (s.host.isEmpty() && (s.port || s.directTls))
        s.host = s.jid.domainpart();

    s.extraCaCertificates.clear();
    const QString caFile = m_caFile->text().trimmed();
    if (!caFile.isEmpty()) {
        QFile file(caFile);
        if (!file.open(QIODevice::ReadOnly)) {
            fail(m_caFile,
                 tr("Cannot read the certificate file %1: %2.").arg(caFile, file.errorString()),
                 true);
            return std::nullopt;
        }
        s.extraCaCertificates = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
        if (s.extraCaCertificates.isEmpty()) {
            fail(m_caFile, tr("The file %1 contains no PEM certificate.").arg(caFile), true);
            return std::nullopt;
        }
    }
    s.pinnedSha256 = m_pin;
    s.minimumMechanism = m_minimumMechanism;
    return s;
}

void LoginDialog::logIn()
{
    if (m_phase != Phase::Idle || !m_account)
        return;
    m_demo = false;
    const auto settings = settingsFromFields();
    if (!settings)
        return;
    connectWith(*settings);
}

void LoginDialog::startDemo()
{
    if (m_phase != Phase::Idle)
        return;
    m_demo = true;
    setMessage(MessageKind::None, {});
    m_progressText->setText(tr("Starting the demo…"));
    setPhase(Phase::DemoStarting);
    Q_EMIT demoRequested();
}

void LoginDialog::logInWithDemo(const ConnectionSettings &settings)
{
    if (m_phase != Phase::DemoStarting || !m_account)
        return;
    m_demo = true;
    connectWith(settings);
}

void LoginDialog::setDemoProgress(const QString &step)
{
    if (m_phase == Phase::DemoStarting)
        m_progressText->setText(step);
}

void LoginDialog::demoFailed(const QString &reason)
{
    if (m_phase != Phase::DemoStarting && !(m_demo && m_phase == Phase::Connecting))
        return;
    if (m_phase == Phase::Connecting) {
        ++m_generation;
        m_account->disconnectFromServer();
    }
    m_demo = false;
    setPhase(Phase::Idle);
    setMessage(MessageKind::Error, tr("The demo could not be started: %1").arg(reason));
}

void LoginDialog::connectWith(const ConnectionSettings &settings)
{
    ++m_generation;
    m_attempt = settings;
    setMessage(MessageKind::None, {});
    setPhase(Phase::Connecting);
    updateProgressText(Account::State::Connecting);
    m_account->setSettings(settings);
    m_account->connectToServer();
}

QString LoginDialog::serverDescription(const ConnectionSettings &settings) const
{
    if (settings.host.isEmpty())
        return settings.jid.domainpart();
    if (settings.port)
        return settings.host + u':' + QString::number(settings.port);
    return settings.host;
}

void LoginDialog::updateProgressText(Account::State state)
{
    if (state == Account::State::Authenticating)
        m_progressText->setText(tr("Logging in as %1…").arg(m_attempt.jid.bareString()));
    else
        m_progressText->setText(tr("Connecting to %1…").arg(serverDescription(m_attempt)));
}

void LoginDialog::onStateChanged(Account::State state)
{
    if (m_phase != Phase::Connecting)
        return;
    switch (state) {
    case Account::State::Connecting:
    case Account::State::Authenticating:
        updateProgressText(state);
        break;
    case Account::State::Online:
        onLoggedIn();
        break;
    case Account::State::Error:
        onFailed(m_account->lastError());
        break;
    case Account::State::Offline:
        onFailed(ConnectionError(ConnectionError::Kind::Cancelled));
        break;
    case Account::State::Disconnecting:
    case Account::State::Reconnecting: // only after a session was established
        break;
    }
}

QString LoginDialog::errorText(const ConnectionError &error, const ConnectionSettings &settings)
{
    ConnectionError e = error;
    if (e.endpoint.isEmpty()) {
        switch (e.kind) {
        case ConnectionError::Kind::HostNotFound:
        case ConnectionError::Kind::ConnectionRefused:
        case ConnectionError::Kind::ConnectionTimeout:
            e.endpoint = settings.host.isEmpty() ? settings.jid.domainpart() : settings.host;
            if (!settings.host.isEmpty() && settings.port)
                e.endpoint += u':' + QString::number(settings.port);
            break;
        default:
            break;
        }
    }
    QString text = e.message();
    if (e.kind == ConnectionError::Kind::HostNotFound && settings.host.isEmpty())
        text += u' ' + tr("Check the address, or enter the server under Advanced.");
    return text;
}

void LoginDialog::onFailed(const ConnectionError &error)
{
    if (error.kind == ConnectionError::Kind::Cancelled) {
        setPhase(Phase::Idle);
        setMessage(MessageKind::Info, tr("Logging in was cancelled."));
        return;
    }
    showConnectionError(error);
}

void LoginDialog::showConnectionError(const ConnectionError &error)
{
    if (m_attempt.jid.isNull()) {
        // An attempt made elsewhere: describe it from the fields.
        const Jid jid = typedJid();
        m_attempt.jid = jid;
        m_attempt.host = m_host->text().trimmed();
        m_attempt.port = m_port->text().toUShort();
    }
    m_demo = m_demo && m_phase == Phase::Connecting;
    if (error.kind == ConnectionError::Kind::CertificateUntrusted && !error.certificate.isNull()) {
        m_certificatePanel->setCertificate(error.certificate, error.endpoint.isEmpty()
                                                                  ? serverDescription(m_attempt)
                                                                  : error.endpoint);
        setMessage(MessageKind::None, {});
        setPhase(Phase::Certificate);
        return;
    }
    setPhase(Phase::Idle);
    setMessage(MessageKind::Error, errorText(error, m_attempt));
    switch (error.kind) {
    case ConnectionError::Kind::AuthenticationFailed:
        m_password->setFocus();
        m_password->selectAll();
        break;
    case ConnectionError::Kind::HostNotFound:
    case ConnectionError::Kind::ConnectionRefused:
    case ConnectionError::Kind::ConnectionTimeout:
        if (!m_host->text().isEmpty() || !m_port->text().isEmpty()) {
            setAdvancedVisible(true);
            m_host->setFocus();
        } else {
            m_jid->setFocus();
        }
        break;
    default:
        break;
    }
}

void LoginDialog::showError(const QString &message)
{
    if (m_phase != Phase::Idle)
        setPhase(Phase::Idle);
    setMessage(MessageKind::Error, message);
}

void LoginDialog::trustCertificate(const QByteArray &sha256)
{
    if (m_phase != Phase::Certificate || sha256.size() != 32)
        return;
    m_pin = sha256;
    if (!m_demo && m_store && !m_attempt.jid.isNull())
        m_store->setPinnedCertificate(m_attempt.jid.bare(), sha256);
    setPhase(Phase::Idle);
    updatePinRow();
    if (m_demo) {
        ConnectionSettings settings = m_attempt;
        settings.pinnedSha256 = sha256;
        connectWith(settings);
    } else {
        logIn(); // the fields, now with the pin
    }
}

void LoginDialog::leaveCertificatePanel()
{
    if (m_phase != Phase::Certificate)
        return;
    const CertificateInfo info = m_certificatePanel->certificate();
    setPhase(Phase::Idle);
    ConnectionError error(ConnectionError::Kind::CertificateUntrusted);
    error.certificate = info;
    setMessage(MessageKind::Error, error.message());
}

void LoginDialog::onLoggedIn()
{
    m_result = Result();
    m_result.settings = m_attempt;
    m_result.demo = m_demo;
    if (m_demo || !m_store) {
        finish({});
        return;
    }
    AccountStore::SavedAccount saved;
    saved.jid = m_attempt.jid.bare();
    saved.resource = m_resource->text().trimmed();
    if (saved.resource.isEmpty())
        saved.resource = m_attempt.jid.resourcepart();
    saved.host = m_host->text().trimmed();
    saved.port = m_attempt.port;
    saved.directTls = m_attempt.directTls;
    saved.caFile = m_caFile->text().trimmed();
    saved.pinnedSha256 = m_attempt.pinnedSha256;
    saved.rememberPassword = m_remember->isChecked();
    saved.autoLogin = m_autoLogin->isChecked();
    saved.minimumMechanism = m_attempt.minimumMechanism;
    m_store->saveAccount(saved);
    m_store->recordMechanism(saved.jid, m_account->session().mechanism);
    m_result.account = *m_store->account(saved.jid);

    const quint64 generation = m_generation;
    if (!saved.rememberPassword) {
        // Forget a password stored earlier; a failure here changes nothing for this login.
        m_store->deletePassword(saved.jid, nullptr, {});
        finish({});
        return;
    }
    setPhase(Phase::SavingPassword);
    m_progressText->setText(tr("Saving the password…"));
    m_store->writePassword(
        saved.jid, m_attempt.password, this, [this, generation](const QString &error) {
            if (generation != m_generation || m_phase != Phase::SavingPassword)
                return;
            if (error.isEmpty()) {
                finish({});
                return;
            }
            m_result.passwordStoreError = error;
            setPhase(Phase::PasswordWarning);
            setMessage(MessageKind::Warning, tr("You are logged in, but the password could not be "
                                                "stored: %1. Natter will ask for it next time.")
                                                 .arg(error));
        });
}

void LoginDialog::finish(const QString &passwordStoreError)
{
    m_result.passwordStoreError = passwordStoreError;
    ++m_generation;
    m_phase = Phase::Idle; // the account is the main window's from now on
    accept();
}

void LoginDialog::cancel()
{
    switch (m_phase) {
    case Phase::Idle:
        QDialog::reject();
        break;
    case Phase::DemoStarting:
        m_demo = false;
        setPhase(Phase::Idle);
        setMessage(MessageKind::Info, tr("The demo was cancelled."));
        Q_EMIT demoCancelled();
        break;
    case Phase::Connecting:
    case Phase::SavingPassword:
        ++m_generation;
        setPhase(Phase::Idle);
        if (m_demo)
            Q_EMIT demoCancelled();
        m_demo = false;
        if (m_account)
            m_account->disconnectFromServer();
        setMessage(MessageKind::Info, tr("Logging in was cancelled."));
        break;
    case Phase::PasswordWarning:
        // Logged in already; the warning has been read.
        finish(m_result.passwordStoreError);
        break;
    case Phase::Certificate:
        leaveCertificatePanel();
        break;
    }
}

void LoginDialog::reject()
{
    // Escape cancels the running step first; pressed again it closes the dialog.
    cancel();
}

void LoginDialog::closeEvent(QCloseEvent *event)
{
    // The window's close button: stop whatever runs and close (logged in with a warning:
    // continue).
    if (m_phase == Phase::PasswordWarning) {
        finish(m_result.passwordStoreError);
        event->accept();
        return;
    }
    if (m_phase != Phase::Idle)
        cancel();
    QDialog::reject();
    event->accept();
}

void LoginDialog::fitToContents()
{
    if (!isVisible())
        return;
    layout()->activate();
    adjustSize();
}

bool LoginDialog::isBusy() const
{
    return m_phase == Phase::Connecting || m_phase == Phase::SavingPassword ||
           m_phase == Phase::DemoStarting;
}

QString LoginDialog::message() const
{
    return m_messageBox->isVisible() || m_messageKind != MessageKind::None ? m_message->text()
                                                                           : QString();
}

void LoginDialog::setPhase(Phase phase)
{
    m_phase = phase;
    const bool busy = isBusy();
    const bool certificate = phase == Phase::Certificate;
    if (m_certificatePanel->isVisibleTo(this) != certificate) {
        m_formPage->setVisible(!certificate);
        m_certificatePanel->setVisible(certificate);
        fitToContents();
    }
    m_formPage->setEnabled(phase == Phase::Idle);
    m_autoLogin->setEnabled(m_remember->isChecked() && phase == Phase::Idle);
    const bool progressChanged = m_progressBox->isVisibleTo(this) != busy;
    m_progressBox->setVisible(busy);
    m_buttons->setVisible(!certificate);
    m_loginButton->setEnabled(phase == Phase::Idle || phase == Phase::PasswordWarning);
    m_loginButton->setText(phase == Phase::PasswordWarning ? tr("&Continue") : tr("&Log in"));
    m_loginButton->setAccessibleName(phase == Phase::PasswordWarning ? tr("Continue")
                                                                     : tr("Log in"));
    m_demoButton->setEnabled(phase == Phase::Idle);
    // Logged in with a warning: "Continue" is the way on.
    m_cancelButton->setVisible(phase != Phase::PasswordWarning);
    m_cancelButton->setText(busy ? tr("&Cancel") : tr("&Close"));
    m_cancelButton->setAccessibleName(busy ? tr("Cancel logging in") : tr("Close"));
    m_forgetPin->setEnabled(!m_pin.isEmpty() && phase == Phase::Idle);
    if (progressChanged)
        fitToContents();
    if (certificate) {
        m_certificatePanel->takeFocus();
    } else {
        m_loginButton->setDefault(true);
        if (busy)
            m_cancelButton->setFocus();
    }
}

void LoginDialog::setMessage(MessageKind kind, const QString &text)
{
    m_messageKind = kind;
    m_message->setText(text);
    const bool visible = kind != MessageKind::None && !text.isEmpty();
    const bool changed = m_messageBox->isVisibleTo(this) != visible;
    m_messageBox->setVisible(visible);
    if (changed)
        fitToContents();
    m_message->setAccessibleName(kind == MessageKind::Error     ? tr("Error")
                                 : kind == MessageKind::Warning ? tr("Warning")
                                                                : tr("Message"));
    updateMessageIcon();
}

void LoginDialog::updateMessageIcon()
{
    const QString name = m_messageKind == MessageKind::Error     ? QStringLiteral("error")
                         : m_messageKind == MessageKind::Warning ? QStringLiteral("warning")
                                                                 : QStringLiteral("info");
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_messageIcon->setPixmap(Icons::action(name).pixmap(QSize(size, size), devicePixelRatioF()));
}

void LoginDialog::changeEvent(QEvent *event)
{
    QDialog::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        updateMessageIcon();
}

} // namespace natter
