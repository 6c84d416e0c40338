// SPDX-License-Identifier: GPL-3.0-or-later
// The login dialog, driving a real Account over a fake server.
#include "CertificatePanel.h"
#include "FakeTransport.h"
#include "LoginDialog.h"
#include "UiTestUtil.h"
#include "account/Account.h"
#include "storage/AccountStore.h"

#include <QApplication>
#include <QCheckBox>
#include <QDirIterator>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStyle>
#include <QStyleFactory>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace natter;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(natter::ConnectionError::Kind)

namespace {

QString certificatePath()
{
    return QStringLiteral(NATTER_TEST_DATA_DIR) + u"/certificates/chat.example.org.pem"_s;
}

CertificateInfo testCertificate()
{
    QFile file(certificatePath());
    if (!file.open(QIODevice::ReadOnly))
        return {};
    CertificateInfo info =
        CertificateInfo::fromCertificate(QSslCertificate::fromData(file.readAll()).value(0));
    info.problems = {u"The certificate is self-signed and untrusted"_s};
    return info;
}

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2b, 0x2b), base(0x1e, 0x1e, 0x1e), text(0xe8, 0xe8, 0xe8);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x3a, 0x3a, 0x3a));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x7a, 0xd6));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(0x90, 0x90, 0x90));
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Link, QColor(0x6a, 0xa8, 0xff));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
    return p;
}

} // namespace

class tst_LoginDialog : public QObject
{
    Q_OBJECT

private:
    QString m_profile;
    std::unique_ptr<AccountStore> m_store;
    std::unique_ptr<Account> m_account;
    FakeTransport *m_transport = nullptr;
    std::unique_ptr<LoginDialog> m_dialog;

    template<typename T>
    T *child(const char *name) const
    {
        T *w = m_dialog->findChild<T *>(QLatin1String(name));
        if (!w)
            qWarning("no child %s", name);
        return w;
    }
    QLineEdit *edit(const char *name) const { return child<QLineEdit>(name); }
    QPushButton *button(const char *name) const { return child<QPushButton>(name); }
    QString progressText() const { return child<QLabel>("progressText")->text(); }
    bool progressVisible() const { return child<QProgressBar>("progress")->isVisible(); }
    bool onCertificatePanel() const
    {
        return child<CertificatePanel>("certificatePanel")->isVisible();
    }

    void typeCredentials(const QString &jid = u"alice@example.org"_s,
                         const QString &password = u"secret"_s)
    {
        edit("jid")->clear();
        QTest::keyClicks(edit("jid"), jid);
        edit("password")->clear();
        QTest::keyClicks(edit("password"), password);
    }

    void showAdvanced()
    {
        auto *toggle = child<QToolButton>("advancedToggle");
        if (!toggle->isChecked())
            QTest::mouseClick(toggle, Qt::LeftButton);
    }

    // Types the credentials and clicks "Log in"; the fake server waits.
    void startLogin()
    {
        typeCredentials();
        QTest::mouseClick(button("loginButton"), Qt::LeftButton);
    }

    void screenshot(const QString &name)
    {
        m_dialog->adjustSize();
        QTest::qWait(50); // let the layout settle
        natter::test::saveScreenshot(m_dialog.get(), name);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"Natter"_s);
        QCoreApplication::setApplicationName(u"Natter"_s);
        // No secret service: storing a password must fail visibly.
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
        qunsetenv("DISPLAY");
        qunsetenv("WAYLAND_DISPLAY");
        qputenv("XDG_RUNTIME_DIR", QDir::tempPath().toLocal8Bit() + "/natter-tst-no-bus");
        QApplication::setStyle(QStyleFactory::create(u"Fusion"_s));
        m_profile = u"tst-login-"_s + QString::number(QCoreApplication::applicationPid());
    }

    void init()
    {
        m_store = std::make_unique<AccountStore>(m_profile);
        m_transport = new FakeTransport;
        m_transport->setAutoEstablish(false);
        SessionInfo session;
        session.mechanism = u"SCRAM-SHA-256"_s;
        m_transport->setSession(session);
        m_account = std::make_unique<Account>(m_transport);
        m_dialog = std::make_unique<LoginDialog>(m_account.get(), m_store.get());
        m_dialog->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_dialog.get()));
    }

    void cleanup()
    {
        m_dialog.reset();
        m_account.reset();
        m_store.reset();
        QDir(AccountStore::configDirectory(m_profile)).removeRecursively();
        QApplication::setPalette(QApplication::style()->standardPalette());
    }

    void initialState()
    {
        QVERIFY(edit("jid")->text().isEmpty());
        QVERIFY(edit("password")->text().isEmpty());
        QCOMPARE(edit("password")->echoMode(), QLineEdit::Password);
        QVERIFY(button("loginButton")->isEnabled());
        QVERIFY(button("loginButton")->isDefault());
        QVERIFY(!m_dialog->isAdvancedVisible());
        QVERIFY(!button("demoButton")->isVisible());
        QVERIFY(!progressVisible());
        QCOMPARE(m_dialog->message(), QString());
        QVERIFY(!m_dialog->isBusy());
        QVERIFY(!child<QCheckBox>("autoLogin")->isEnabled());
        screenshot(u"login-empty"_s);
    }

    void everyInteractiveWidgetHasAName()
    {
        showAdvanced();
        const auto widgets = m_dialog->findChildren<QWidget *>();
        for (QWidget *w : widgets) {
            if (!(w->focusPolicy() & Qt::TabFocus) || !w->isVisibleTo(m_dialog.get()))
                continue;
            if (qobject_cast<QLabel *>(w))
                continue;
            QVERIFY2(!w->accessibleName().isEmpty(),
                     qPrintable(u"no accessible name: "_s +
                                QString::fromLatin1(w->metaObject()->className()) + u' ' +
                                w->objectName()));
        }
    }

    void keyboard()
    {
        QApplication::setActiveWindow(m_dialog.get());
        QVERIFY(QTest::qWaitForWindowActive(m_dialog.get()));
        edit("jid")->setFocus();
        QTest::keyClick(m_dialog.get(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), edit("password"));
        QTest::keyClick(m_dialog.get(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), child<QCheckBox>("rememberPassword"));
        // Mnemonics: Alt+A for the address, Alt+P for the password.
        QTest::keyClick(m_dialog.get(), Qt::Key_A, Qt::AltModifier);
        QCOMPARE(QApplication::focusWidget(), edit("jid"));
        QTest::keyClick(m_dialog.get(), Qt::Key_P, Qt::AltModifier);
        QCOMPARE(QApplication::focusWidget(), edit("password"));
        // Enter logs in.
        typeCredentials();
        QTest::keyClick(edit("password"), Qt::Key_Return);
        QVERIFY(m_dialog->isBusy());
        QCOMPARE(m_transport->lastSettings().jid.toString(), u"alice@example.org"_s);
    }

    void validation_data()
    {
        QTest::addColumn<QString>("jid");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("advancedField");
        QTest::addColumn<QString>("advancedValue");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("focus");
        QTest::newRow("no address") << QString() << u"pw"_s << QString() << QString()
                                    << u"Enter your address"_s << u"jid"_s;
        QTest::newRow("two ats") << u"a@b@example.org"_s << u"pw"_s << QString() << QString()
                                 << u"is not valid"_s << u"jid"_s;
        QTest::newRow("no user name") << u"example.org"_s << u"pw"_s << QString() << QString()
                                      << u"has no user name"_s << u"jid"_s;
        QTest::newRow("no password") << u"alice@example.org"_s << QString() << QString()
                                     << QString() << u"Enter your password"_s << u"password"_s;
        QTest::newRow("port zero") << u"alice@example.org"_s << u"pw"_s << u"port"_s << u"0"_s
                                   << u"between 1 and 65535"_s << u"port"_s;
        QTest::newRow("host with space") << u"alice@example.org"_s << u"pw"_s << u"host"_s
                                         << u"my server"_s << u"not a host name"_s << u"host"_s;
        QTest::newRow("missing ca file")
            << u"alice@example.org"_s << u"pw"_s << u"caFile"_s << u"/nonexistent/ca.pem"_s
            << u"Cannot read the certificate file /nonexistent/ca.pem"_s << u"caFile"_s;
        QTest::newRow("not a pem")
            << u"alice@example.org"_s << u"pw"_s << u"caFile"_s
            << QStringLiteral(NATTER_TEST_DATA_DIR) + u"/streams/prosody-session.xml"_s
            << u"contains no PEM certificate"_s << u"caFile"_s;
    }
    void validation()
    {
        QFETCH(QString, jid);
        QFETCH(QString, password);
        QFETCH(QString, advancedField);
        QFETCH(QString, advancedValue);
        QFETCH(QString, expected);
        QFETCH(QString, focus);
        QApplication::setActiveWindow(m_dialog.get());
        QVERIFY(QTest::qWaitForWindowActive(m_dialog.get()));
        QTest::keyClicks(edit("jid"), jid);
        QTest::keyClicks(edit("password"), password);
        if (!advancedField.isEmpty()) {
            showAdvanced();
            QTest::keyClicks(edit(advancedField.toLatin1().constData()), advancedValue);
            child<QToolButton>("advancedToggle")->click(); // hide again: an error reopens it
            QVERIFY(!m_dialog->isAdvancedVisible());
        }
        QTest::mouseClick(button("loginButton"), Qt::LeftButton);
        QVERIFY2(m_dialog->message().contains(expected), qPrintable(m_dialog->message()));
        QCOMPARE(QApplication::focusWidget()->objectName(), focus);
        QVERIFY(!m_dialog->isBusy());
        QCOMPARE(m_account->state(), Account::State::Offline);
        QVERIFY(m_transport->lastSettings().jid.isNull()); // nothing was opened
        if (!advancedField.isEmpty())
            QVERIFY(m_dialog->isAdvancedVisible());
    }

    void advancedSectionToggles()
    {
        auto *toggle = child<QToolButton>("advancedToggle");
        QCOMPARE(toggle->arrowType(), Qt::RightArrow);
        QTest::mouseClick(toggle, Qt::LeftButton);
        QVERIFY(m_dialog->isAdvancedVisible());
        QVERIFY(edit("host")->isVisible());
        QVERIFY(edit("port")->isVisible());
        QVERIFY(child<QCheckBox>("directTls")->isVisible());
        QVERIFY(edit("resource")->isVisible());
        QVERIFY(edit("caFile")->isVisible());
        QCOMPARE(toggle->arrowType(), Qt::DownArrow);
        screenshot(u"login-advanced"_s);
        QTest::mouseClick(toggle, Qt::LeftButton);
        QVERIFY(!m_dialog->isAdvancedVisible());
    }

    void connectsWithTheSettingsTyped()
    {
        typeCredentials(u"Alice@Example.org"_s, u"s3cret"_s);
        showAdvanced();
        QTest::keyClicks(edit("host"), u"xmpp.example.org"_s);
        QTest::keyClicks(edit("port"), u"5223"_s);
        QTest::mouseClick(child<QCheckBox>("directTls"), Qt::LeftButton);
        QTest::keyClicks(edit("resource"), u"laptop"_s);
        QTest::keyClicks(edit("caFile"), certificatePath());
        QTest::mouseClick(button("loginButton"), Qt::LeftButton);

        const ConnectionSettings &s = m_transport->lastSettings();
        QCOMPARE(s.jid.toString(), u"alice@example.org/laptop"_s);
        QCOMPARE(s.password, u"s3cret"_s);
        QCOMPARE(s.host, u"xmpp.example.org"_s);
        QCOMPARE(s.port, 5223);
        QVERIFY(s.directTls);
        QCOMPARE(s.extraCaCertificates.size(), 1);
        QVERIFY(s.pinnedSha256.isEmpty());

        QVERIFY(m_dialog->isBusy());
        QVERIFY(progressVisible());
        QCOMPARE(progressText(), u"Connecting to xmpp.example.org:5223…"_s);
        QVERIFY(!edit("jid")->isEnabled());
        QVERIFY(!button("loginButton")->isEnabled());
        QVERIFY(button("cancelButton")->isEnabled());
        screenshot(u"login-connecting"_s);

        Q_EMIT m_transport->phaseChanged(StanzaTransport::Phase::Authenticating);
        QCOMPARE(m_account->state(), Account::State::Authenticating);
        QCOMPARE(progressText(), u"Logging in as alice@example.org…"_s);
    }

    void portOrDirectTlsWithoutHostUseTheDomain()
    {
        typeCredentials();
        showAdvanced();
        QTest::keyClicks(edit("port"), u"5333"_s);
        QTest::mouseClick(button("loginButton"), Qt::LeftButton);
        QCOMPARE(m_transport->lastSettings().host, u"example.org"_s);
        QCOMPARE(m_transport->lastSettings().port, 5333);
        QCOMPARE(progressText(), u"Connecting to example.org:5333…"_s);
    }

    void cancelWorksAtAnyTime()
    {
        startLogin();
        QVERIFY(m_dialog->isBusy());
        QTest::mouseClick(button("cancelButton"), Qt::LeftButton);
        QVERIFY(!m_dialog->isBusy());
        QVERIFY(m_dialog->isVisible());
        QVERIFY(m_account->state() == Account::State::Offline ||
                m_account->state() == Account::State::Error);
        QVERIFY2(m_dialog->message().contains(u"cancelled"_s), qPrintable(m_dialog->message()));
        QVERIFY(edit("jid")->isEnabled());
        QVERIFY(!progressVisible());

        // While logging in (SASL) too, and then again with Escape.
        QTest::mouseClick(button("loginButton"), Qt::LeftButton);
        Q_EMIT m_transport->phaseChanged(StanzaTransport::Phase::Authenticating);
        QVERIFY(m_dialog->isBusy());
        QTest::keyClick(m_dialog.get(), Qt::Key_Escape);
        QVERIFY(!m_dialog->isBusy());
        QVERIFY(m_dialog->isVisible()); // the first Escape only cancels
        QTest::keyClick(m_dialog.get(), Qt::Key_Escape);
        QVERIFY(!m_dialog->isVisible());
        QCOMPARE(m_dialog->result(), int(QDialog::Rejected));
    }

    void lateEventsOfACancelledAttemptAreIgnored()
    {
        startLogin();
        QTest::mouseClick(button("cancelButton"), Qt::LeftButton);
        // The fake server establishes anyway: the dialog is not fooled into accepting.
        m_transport->establish();
        QVERIFY(m_dialog->isVisible());
        QVERIFY(!m_dialog->isBusy());
    }

    void errorsInWords_data()
    {
        QTest::addColumn<ConnectionError::Kind>("kind");
        QTest::addColumn<QString>("condition");
        QTest::addColumn<QString>("endpoint");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("focus");
        using K = ConnectionError::Kind;
        QTest::newRow("wrong password")
            << K::AuthenticationFailed << u"not-authorized"_s << QString()
            << u"The password is wrong, or the account does not exist."_s << u"password"_s;
        QTest::newRow("host not found")
            << K::HostNotFound << QString() << u"example.org"_s
            << u"The server example.org could not be found."_s << u"jid"_s;
        QTest::newRow("host not found, no endpoint")
            << K::HostNotFound << QString() << QString()
            << u"The server example.org could not be found."_s << u"jid"_s;
        QTest::newRow("refused") << K::ConnectionRefused << QString() << u"xmpp.example.org:5222"_s
                                 << u"The server xmpp.example.org:5222 refused the connection."_s
                                 << QString();
        QTest::newRow("timeout") << K::ConnectionTimeout << QString() << u"203.0.113.7:5222"_s
                                 << u"The server 203.0.113.7:5222 did not answer in time."_s
                                 << QString();
        QTest::newRow("no tls") << K::TlsNotOffered << QString() << QString()
                                << u"does not offer an encrypted connection"_s << QString();
        QTest::newRow("tls failed") << K::TlsFailed << QString() << QString()
                                    << u"encrypted connection could not be set up"_s << QString();
        QTest::newRow("no mechanism") << K::NoSuitableMechanism << QString() << QString()
                                      << u"no login method"_s << QString();
        QTest::newRow("impostor") << K::ServerNotAuthenticated << QString() << QString()
                                  << u"impostor"_s << QString();
        QTest::newRow("host-unknown") << K::StreamError << u"host-unknown"_s << QString()
                                      << u"does not serve this domain"_s << QString();
        QTest::newRow("disabled") << K::AuthenticationFailed << u"account-disabled"_s << QString()
                                  << u"account has been disabled"_s << u"password"_s;
    }
    void errorsInWords()
    {
        QFETCH(ConnectionError::Kind, kind);
        QFETCH(QString, condition);
        QFETCH(QString, endpoint);
        QFETCH(QString, expected);
        QFETCH(QString, focus);
        QApplication::setActiveWindow(m_dialog.get());
        QVERIFY(QTest::qWaitForWindowActive(m_dialog.get()));
        startLogin();
        ConnectionError error(kind, endpoint);
        error.condition = condition;
        m_transport->drop(error);
        QCOMPARE(m_account->state(), Account::State::Error);
        QVERIFY(!m_dialog->isBusy());
        QVERIFY(m_dialog->isVisible());
        QVERIFY2(m_dialog->message().contains(expected), qPrintable(m_dialog->message()));
        QVERIFY(child<QLabel>("message")->isVisible());
        QCOMPARE(child<QLabel>("message")->textFormat(), Qt::PlainText);
        if (!focus.isEmpty())
            QCOMPARE(QApplication::focusWidget()->objectName(), focus);
        // The user can correct and try again.
        QVERIFY(edit("password")->isEnabled());
        QVERIFY(button("loginButton")->isEnabled());
        if (QByteArray(QTest::currentDataTag()) == "wrong password") {
            QVERIFY(edit("password")->hasSelectedText());
            screenshot(u"login-wrong-password"_s);
        }
        QTest::mouseClick(button("loginButton"), Qt::LeftButton);
        QVERIFY(m_dialog->isBusy());
        QCOMPARE(m_dialog->message(), QString());
    }

    void serverTextIsShownAsPlainText()
    {
        startLogin();
        ConnectionError error(ConnectionError::Kind::StreamError);
        error.condition = u"policy-violation"_s;
        error.text = u"<b>bold</b> & <a href='http://evil.example'>click</a>"_s;
        m_transport->drop(error);
        QVERIFY(m_dialog->message().contains(error.text));
        QCOMPARE(child<QLabel>("message")->textFormat(), Qt::PlainText);
        QVERIFY(!child<QLabel>("message")->openExternalLinks());
    }

    void certificatePanelShowsTheCertificateAndTrustPinsIt()
    {
        const CertificateInfo info = testCertificate();
        QVERIFY(!info.isNull());
        startLogin();
        ConnectionError error(ConnectionError::Kind::CertificateUntrusted, u"example.org:5222"_s);
        error.certificate = info;
        m_transport->drop(error);
        QVERIFY(onCertificatePanel());
        QVERIFY(!button("loginButton")->isVisible());
        auto *panel = child<CertificatePanel>("certificatePanel");
        const auto labels = panel->findChildren<QLabel *>();
        QString all;
        for (QLabel *l : labels)
            all += l->text() + u'\n';
        QVERIFY2(all.contains(u"06:5B:10:ED:8E:42:12:21"_s), qPrintable(all));
        QVERIFY(all.contains(u"D6:FE:62:CB"_s));
        QVERIFY(all.contains(u"chat.example.org"_s));                                   // subject
        QVERIFY(all.contains(u"Natter test"_s) || all.contains(u"chat.example.org"_s)); // issuer
        QVERIFY(all.contains(u"self-signed"_s));                                        // why
        QVERIFY(all.contains(u"example.org:5222"_s));                                   // where
        QVERIFY(all.contains(u"2126"_s) || all.contains(u"26"_s));                      // validity
        for (QLabel *l : labels)
            QCOMPARE(l->textFormat() == Qt::RichText, false);
        screenshot(u"login-certificate"_s);

        QPushButton *trust = nullptr;
        for (QPushButton *b : panel->findChildren<QPushButton *>()) {
            if (b->text().contains(u"Trust"_s))
                trust = b;
        }
        QVERIFY(trust);
        QVERIFY(!trust->isDefault()); // Enter must not trust
        QTest::mouseClick(trust, Qt::LeftButton);

        // Pinned for this account, and the login retried with the pin.
        const auto stored = m_store->account(Jid::fromString(u"alice@example.org"_s));
        QVERIFY(stored);
        QCOMPARE(stored->pinnedSha256, info.sha256);
        QCOMPARE(m_transport->lastSettings().pinnedSha256, info.sha256);
        QCOMPARE(m_transport->lastSettings().password, u"secret"_s);
        QVERIFY(m_dialog->isBusy());
        QVERIFY(!onCertificatePanel());

        m_transport->establish();
        QCOMPARE(m_dialog->result(), int(QDialog::Accepted));
        QCOMPARE(m_store->lastAccount()->pinnedSha256, info.sha256);
    }

    void certificatePanelCancel()
    {
        startLogin();
        ConnectionError error(ConnectionError::Kind::CertificateUntrusted, u"example.org:5222"_s);
        error.certificate = testCertificate();
        m_transport->drop(error);
        QVERIFY(onCertificatePanel());
        auto *panel = child<CertificatePanel>("certificatePanel");
        QPushButton *cancel = nullptr;
        for (QPushButton *b : panel->findChildren<QPushButton *>()) {
            if (b->text().contains(u"Cancel"_s))
                cancel = b;
        }
        QVERIFY(cancel);
        QVERIFY(cancel->isDefault());
        QTest::mouseClick(cancel, Qt::LeftButton);
        QVERIFY(!onCertificatePanel());
        QVERIFY(m_dialog->isVisible());
        QVERIFY2(m_dialog->message().contains(u"not trusted"_s), qPrintable(m_dialog->message()));
        QVERIFY(!m_store->account(Jid::fromString(u"alice@example.org"_s)));
    }

    void successStoresTheAccount()
    {
        typeCredentials(u"alice@example.org"_s, u"pw1"_s);
        showAdvanced();
        QTest::keyClicks(edit("host"), u"xmpp.example.org"_s);
        QTest::mouseClick(button("loginButton"), Qt::LeftButton);
        QSignalSpy accepted(m_dialog.get(), &QDialog::accepted);
        m_transport->establish();
        QCOMPARE(accepted.size(), 1);
        QCOMPARE(m_account->state(), Account::State::Online);
        const LoginDialog::Result r = m_dialog->loginResult();
        QCOMPARE(r.settings.password, u"pw1"_s);
        QVERIFY(!r.demo);
        QCOMPARE(r.passwordStoreError, QString());
        const auto stored = m_store->lastAccount();
        QVERIFY(stored);
        QCOMPARE(stored->jid.toString(), u"alice@example.org"_s);
        QCOMPARE(stored->host, u"xmpp.example.org"_s);
        QVERIFY(!stored->rememberPassword);
        QCOMPARE(stored->minimumMechanism, u"SCRAM-SHA-256"_s); // downgrade protection
        QCOMPARE(r.account.minimumMechanism, u"SCRAM-SHA-256"_s);

        // The next attempt for this account must not accept less.
        LoginDialog again(m_account.get(), m_store.get());
        again.prefill(*stored, u"pw1"_s);
        m_account->disconnectFromServer();
        again.logIn();
        QCOMPARE(m_transport->lastSettings().minimumMechanism, u"SCRAM-SHA-256"_s);
    }

    void rememberPasswordWithoutSecretService()
    {
        typeCredentials(u"alice@example.org"_s, u"Unique-Password-4711"_s);
        QVERIFY(!child<QCheckBox>("autoLogin")->isEnabled());
        QTest::mouseClick(child<QCheckBox>("rememberPassword"), Qt::LeftButton);
        QVERIFY(child<QCheckBox>("autoLogin")->isEnabled());
        QTest::mouseClick(child<QCheckBox>("autoLogin"), Qt::LeftButton);
        QTest::mouseClick(button("loginButton"), Qt::LeftButton);
        m_transport->establish();
        // Storing fails (no D-Bus): the dialog says so and waits for "Continue".
        QTRY_VERIFY_WITH_TIMEOUT(m_dialog->message().contains(u"could not be stored"_s), 30000);
        QVERIFY(m_dialog->isVisible());
        QCOMPARE(button("loginButton")->text().remove(u'&'), u"Continue"_s);
        QVERIFY(button("loginButton")->isEnabled());
        screenshot(u"login-password-not-stored"_s);
        QTest::mouseClick(button("loginButton"), Qt::LeftButton);
        QCOMPARE(m_dialog->result(), int(QDialog::Accepted));
        QVERIFY(!m_dialog->loginResult().passwordStoreError.isEmpty());
        const auto stored = m_store->lastAccount();
        QVERIFY(stored->rememberPassword);
        QVERIFY(stored->autoLogin);
        // Never in a file.
        m_store->sync();
        QDirIterator it(AccountStore::configDirectory(m_profile), QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!f.readAll().contains("Unique-Password-4711"), qPrintable(f.fileName()));
        }
    }

    void autoLoginFollowsRememberPassword()
    {
        auto *remember = child<QCheckBox>("rememberPassword");
        auto *autoLogin = child<QCheckBox>("autoLogin");
        QVERIFY(!autoLogin->isEnabled());
        remember->click();
        QVERIFY(autoLogin->isEnabled());
        autoLogin->click();
        QVERIFY(autoLogin->isChecked());
        remember->click();
        QVERIFY(!autoLogin->isChecked());
        QVERIFY(!autoLogin->isEnabled());
    }

    void prefillAndPin()
    {
        AccountStore::SavedAccount a;
        a.jid = Jid::fromString(u"carol@example.com"_s);
        a.host = u"chat.example.com"_s;
        a.port = 5223;
        a.directTls = true;
        a.resource = u"desk"_s;
        a.pinnedSha256 = testCertificate().sha256;
        a.rememberPassword = true;
        a.autoLogin = true;
        m_store->saveAccount(a);
        m_dialog->prefill(a, u"pw"_s);
        QCOMPARE(edit("jid")->text(), u"carol@example.com"_s);
        QCOMPARE(edit("password")->text(), u"pw"_s);
        QCOMPARE(edit("host")->text(), u"chat.example.com"_s);
        QCOMPARE(edit("port")->text(), u"5223"_s);
        QVERIFY(child<QCheckBox>("directTls")->isChecked());
        QCOMPARE(edit("resource")->text(), u"desk"_s);
        QVERIFY(child<QCheckBox>("rememberPassword")->isChecked());
        QVERIFY(child<QCheckBox>("autoLogin")->isChecked());
        QVERIFY(m_dialog->isAdvancedVisible()); // advanced values are visible
        QVERIFY(child<QLabel>("pinnedCertificate")->text().contains(u"06:5B:10:ED"_s));
        QVERIFY(button("forgetPin")->isEnabled());
        screenshot(u"login-prefilled"_s);

        // The pin follows the address typed.
        edit("jid")->setText(u"dave@example.com"_s);
        QVERIFY(!child<QLabel>("pinnedCertificate")->text().contains(u"06:5B"_s));
        QVERIFY(!button("forgetPin")->isEnabled());
        edit("jid")->setText(u"carol@example.com"_s);
        QVERIFY(child<QLabel>("pinnedCertificate")->text().contains(u"06:5B"_s));

        // The pin is used, and "Forget" removes it.
        m_dialog->logIn();
        QCOMPARE(m_transport->lastSettings().pinnedSha256, a.pinnedSha256);
        QTest::mouseClick(button("cancelButton"), Qt::LeftButton);
        QTest::mouseClick(button("forgetPin"), Qt::LeftButton);
        QVERIFY(m_store->account(a.jid)->pinnedSha256.isEmpty());
        m_dialog->logIn();
        QVERIFY(m_transport->lastSettings().pinnedSha256.isEmpty());
    }

    void showConnectionErrorFromElsewhere()
    {
        AccountStore::SavedAccount a;
        a.jid = Jid::fromString(u"alice@example.org"_s);
        m_dialog->prefill(a, u"pw"_s);
        ConnectionError error(ConnectionError::Kind::AuthenticationFailed);
        error.condition = u"not-authorized"_s;
        m_dialog->showConnectionError(error);
        QCOMPARE(m_dialog->message(), u"The password is wrong, or the account does not exist."_s);

        // A certificate problem of an automatic login: trusting retries with the fields.
        ConnectionError cert(ConnectionError::Kind::CertificateUntrusted);
        cert.certificate = testCertificate();
        m_dialog->showConnectionError(cert);
        QVERIFY(onCertificatePanel());
        auto *panel = child<CertificatePanel>("certificatePanel");
        Q_EMIT panel->trustRequested(cert.certificate.sha256);
        QVERIFY(m_dialog->isBusy());
        QCOMPARE(m_transport->lastSettings().pinnedSha256, cert.certificate.sha256);
        QCOMPARE(m_transport->lastSettings().password, u"pw"_s);
    }

    void demo()
    {
        QSignalSpy requested(m_dialog.get(), &LoginDialog::demoRequested);
        QSignalSpy cancelled(m_dialog.get(), &LoginDialog::demoCancelled);
        m_dialog->setDemoAvailable(true);
        QVERIFY(button("demoButton")->isVisible());
        QTest::mouseClick(button("demoButton"), Qt::LeftButton);
        QCOMPARE(requested.size(), 1);
        QVERIFY(m_dialog->isBusy());
        QCOMPARE(progressText(), u"Starting the demo…"_s);
        m_dialog->setDemoProgress(u"Starting the server…"_s);
        QCOMPARE(progressText(), u"Starting the server…"_s);
        screenshot(u"login-demo-starting"_s);

        // Cancel while it starts.
        QTest::mouseClick(button("cancelButton"), Qt::LeftButton);
        QCOMPARE(cancelled.size(), 1);
        QVERIFY(!m_dialog->isBusy());

        // It fails.
        QTest::mouseClick(button("demoButton"), Qt::LeftButton);
        m_dialog->demoFailed(u"prosody is not installed"_s);
        QVERIFY(m_dialog->message().contains(u"prosody is not installed"_s));
        QVERIFY(!m_dialog->isBusy());

        // It works: nothing is stored.
        QTest::mouseClick(button("demoButton"), Qt::LeftButton);
        ConnectionSettings settings;
        settings.jid = Jid::fromString(u"natter@localhost"_s);
        settings.password = u"demo"_s;
        settings.host = u"127.0.0.1"_s;
        m_dialog->logInWithDemo(settings);
        QCOMPARE(m_transport->lastSettings().jid, settings.jid);
        QVERIFY(m_dialog->isBusy());
        m_transport->establish();
        QCOMPARE(m_dialog->result(), int(QDialog::Accepted));
        QVERIFY(m_dialog->loginResult().demo);
        QVERIFY(!m_store->lastAccount());
    }

    void darkAndLongStrings()
    {
        QApplication::setPalette(darkPalette());
        QCoreApplication::processEvents();
        screenshot(u"login-empty-dark"_s);
        startLogin();
        screenshot(u"login-connecting-dark"_s);
        ConnectionError wrong(ConnectionError::Kind::AuthenticationFailed);
        wrong.condition = u"not-authorized"_s;
        m_transport->drop(wrong);
        screenshot(u"login-wrong-password-dark"_s);
        startLogin();
        ConnectionError cert(ConnectionError::Kind::CertificateUntrusted,
                             u"a-very-long-server-name.subdomain.example.org:5222"_s);
        cert.certificate = testCertificate();
        cert.certificate.problems.append(
            u"The host name did not match any of the valid hosts for this certificate"_s);
        m_transport->drop(cert);
        screenshot(u"login-certificate-dark"_s);
        QApplication::setPalette(QApplication::style()->standardPalette());

        // Long: a long address and a long server message must wrap, not widen the dialog
        // beyond the screen.
        m_dialog->showError(QString());
        edit("jid")->setText(u"a.very.long.user.name.with.many.parts@"
                             "an-extremely-long-domain-name.subdomain.example.org"_s);
        ConnectionError longError(ConnectionError::Kind::StreamError);
        longError.condition = u"policy-violation"_s;
        longError.text = QString(u"Die Verbindung wurde wegen einer Richtlinienverletzung "
                                 "geschlossen; bitte wenden Sie sich an die Administration. "_s)
                             .repeated(3);
        m_dialog->showConnectionError(longError);
        screenshot(u"login-long"_s);
        QVERIFY(m_dialog->width() < 1200);
    }
};

QTEST_MAIN(tst_LoginDialog)
#include "tst_logindialog.moc"
