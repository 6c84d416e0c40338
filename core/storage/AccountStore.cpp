// SPDX-License-Identifier: GPL-3.0-or-later
#include "AccountStore.h"

#include "stream/sasl/SaslMechanism.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QPointer>
#include <QRegularExpression>
#include <QSettings>
#include <QSslCertificate>
#include <QStandardPaths>
#include <QUrl>

#include <qt6keychain/keychain.h>

Q_LOGGING_CATEGORY(lcAccountStore, "natter.accountstore")

namespace natter {

namespace {

// The translation context of the texts below (lupdate reads it from the macro too).
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(natter::AccountStore)
};

const QString LastAccountKey = QStringLiteral("lastAccount");
const QString AccountsGroup = QStringLiteral("accounts");

// A sentence for a failed keychain job.
QString keychainErrorText(const QKeychain::Job *job)
{
    const QString details = job->errorString();
    QString sentence;
    switch (job->error()) {
    case QKeychain::NoBackendAvailable:
        sentence = Text::tr("no password store (secret service) is available");
        break;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        sentence = Text::tr("access to the password store was denied");
        break;
    case QKeychain::CouldNotDeleteEntry:
        sentence = Text::tr("the old password could not be removed from the password store");
        break;
    case QKeychain::NotImplemented:
        sentence = Text::tr("the password store does not support this");
        break;
    case QKeychain::NoError:
    case QKeychain::EntryNotFound:
    case QKeychain::OtherError:
        sentence = Text::tr("the desktop's password store (secret service) could not be used");
        break;
    }
    if (!details.isEmpty())
        sentence += QStringLiteral(" (") + details + u')';
    return sentence;
}

} // namespace

ConnectionSettings AccountStore::SavedAccount::toSettings(QString *error) const
{
    ConnectionSettings s;
    s.jid = resource.isEmpty() ? jid : jid.withResource(resource);
    if (s.jid.isNull())
        s.jid = jid;
    s.host = host;
    s.port = port;
    s.directTls = directTls;
    s.pinnedSha256 = pinnedSha256;
    s.minimumMechanism = minimumMechanism;
    if (!caFile.isEmpty()) {
        QFile file(caFile);
        if (!file.open(QIODevice::ReadOnly)) {
            if (error)
                *error = Text::tr("Cannot read the certificate file %1: %2.")
                             .arg(caFile, file.errorString());
        } else {
            s.extraCaCertificates = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
            if (s.extraCaCertificates.isEmpty() && error)
                *error = Text::tr("The file %1 contains no PEM certificate.").arg(caFile);
        }
    }
    return s;
}

AccountStore::AccountStore(const QString &profile, QObject *parent)
    : QObject(parent)
    , m_profile(profile)
{
    Q_ASSERT(profileNameError(profile).isEmpty());
    const QString dir = configDirectory(profile);
    QDir().mkpath(dir);
    m_settings = new QSettings(dir + QStringLiteral("/natter.conf"), QSettings::IniFormat, this);
}

AccountStore::~AccountStore()
{
    m_settings->sync();
}

QString AccountStore::profileNameError(const QString &name)
{
    if (name.isEmpty())
        return Text::tr("The profile name is empty.");
    if (name.size() > 64)
        return Text::tr("The profile name is longer than 64 characters.");
    static const QRegularExpression allowed(QStringLiteral("^[A-Za-z0-9_][A-Za-z0-9_.-]*$"));
    if (!allowed.match(name).hasMatch())
        return Text::tr(
                   "The profile name “%1” may contain only letters (A–Z), digits, “.”, “_” and "
                   "“-”, and must not start with “.” or “-”.")
            .arg(name);
    return {};
}

QString AccountStore::configDirectory(const QString &profile)
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) +
           QStringLiteral("/profiles/") + profile;
}

QString AccountStore::dataDirectory(const QString &profile)
{
    // The desktop app's folder (what AppDataLocation is for organisation and application
    // "Natter"), whichever program asks: natter-cli reads and writes the same message stores.
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
           QStringLiteral("/Natter/Natter/profiles/") + profile;
}

QString AccountStore::settingsFilePath() const
{
    return m_settings->fileName();
}

QString AccountStore::groupFor(const Jid &jid) const
{
    // QSettings keys treat '/' and '\' specially; encode the address to be safe with any JID.
    return AccountsGroup + u'/' +
           QString::fromLatin1(QUrl::toPercentEncoding(jid.bareString(), "@"));
}

std::optional<AccountStore::SavedAccount> AccountStore::readGroup(const QString &group) const
{
    m_settings->beginGroup(group);
    SavedAccount a;
    a.jid = Jid::fromString(m_settings->value(QStringLiteral("jid")).toString()).bare();
    a.resource = m_settings->value(QStringLiteral("resource")).toString();
    a.host = m_settings->value(QStringLiteral("host")).toString();
    const uint port = m_settings->value(QStringLiteral("port"), 0).toUInt();
    a.port = port <= 65535 ? static_cast<quint16>(port) : 0;
    a.directTls = m_settings->value(QStringLiteral("directTls"), false).toBool();
    a.caFile = m_settings->value(QStringLiteral("caFile")).toString();
    const QByteArray pin = QByteArray::fromHex(
        m_settings->value(QStringLiteral("pinnedSha256")).toString().toLatin1());
    a.pinnedSha256 = pin.size() == 32 ? pin : QByteArray();
    a.rememberPassword = m_settings->value(QStringLiteral("rememberPassword"), false).toBool();
    a.autoLogin = m_settings->value(QStringLiteral("autoLogin"), false).toBool();
    a.minimumMechanism = m_settings->value(QStringLiteral("minimumMechanism")).toString();
    m_settings->endGroup();
    if (a.jid.isNull())
        return std::nullopt;
    return a;
}

std::optional<AccountStore::SavedAccount> AccountStore::lastAccount() const
{
    const Jid jid = Jid::fromString(m_settings->value(LastAccountKey).toString());
    if (jid.isNull())
        return std::nullopt;
    return account(jid);
}

std::optional<AccountStore::SavedAccount> AccountStore::account(const Jid &jid) const
{
    if (jid.isNull())
        return std::nullopt;
    auto a = readGroup(groupFor(jid));
    if (a && !a->jid.bareEquals(jid))
        return std::nullopt;
    return a;
}

void AccountStore::saveAccount(const SavedAccount &account)
{
    if (account.jid.isNull())
        return;
    m_settings->beginGroup(groupFor(account.jid));
    m_settings->setValue(QStringLiteral("jid"), account.jid.bareString());
    m_settings->setValue(QStringLiteral("resource"), account.resource);
    m_settings->setValue(QStringLiteral("host"), account.host);
    m_settings->setValue(QStringLiteral("port"), account.port);
    m_settings->setValue(QStringLiteral("directTls"), account.directTls);
    m_settings->setValue(QStringLiteral("caFile"), account.caFile);
    m_settings->setValue(QStringLiteral("pinnedSha256"),
                         QString::fromLatin1(account.pinnedSha256.toHex()));
    m_settings->setValue(QStringLiteral("rememberPassword"), account.rememberPassword);
    m_settings->setValue(QStringLiteral("autoLogin"), account.autoLogin);
    m_settings->setValue(QStringLiteral("minimumMechanism"), account.minimumMechanism);
    m_settings->endGroup();
    m_settings->setValue(LastAccountKey, account.jid.bareString());
    m_settings->sync();
}

void AccountStore::removeAccount(const Jid &jid)
{
    m_settings->remove(groupFor(jid));
    if (Jid::fromString(m_settings->value(LastAccountKey).toString()).bareEquals(jid))
        m_settings->remove(LastAccountKey);
    m_settings->sync();
}

void AccountStore::setPinnedCertificate(const Jid &jid, const QByteArray &sha256)
{
    if (jid.isNull())
        return;
    m_settings->beginGroup(groupFor(jid));
    m_settings->setValue(QStringLiteral("jid"), jid.bareString());
    m_settings->setValue(QStringLiteral("pinnedSha256"), QString::fromLatin1(sha256.toHex()));
    m_settings->endGroup();
    m_settings->sync();
}

bool AccountStore::isStrongerMechanism(const QString &a, const QString &b)
{
    const QStringList order = SaslMechanism::supportedMechanisms(); // strongest first
    const auto rank = [&](const QString &name) {
        const qsizetype i = order.indexOf(name);
        return i < 0 ? order.size() : i;
    };
    return rank(a) < rank(b);
}

bool AccountStore::recordMechanism(const Jid &jid, const QString &mechanism)
{
    if (jid.isNull() || mechanism.isEmpty() ||
        !SaslMechanism::supportedMechanisms().contains(mechanism))
        return false;
    m_settings->beginGroup(groupFor(jid));
    const QString stored = m_settings->value(QStringLiteral("minimumMechanism")).toString();
    const bool stronger = stored.isEmpty() || isStrongerMechanism(mechanism, stored);
    if (stronger) {
        m_settings->setValue(QStringLiteral("jid"), jid.bareString());
        m_settings->setValue(QStringLiteral("minimumMechanism"), mechanism);
    }
    m_settings->endGroup();
    if (stronger)
        m_settings->sync();
    return stronger;
}

QString AccountStore::keychainKey(const Jid &jid) const
{
    return m_profile + u'/' + jid.bareString();
}

void AccountStore::readPassword(const Jid &jid, QObject *context, ReadCallback callback)
{
    auto *job = new QKeychain::ReadPasswordJob(QString::fromLatin1(KeychainService), this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a file
    job->setKey(keychainKey(jid));
    const QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    connect(job, &QKeychain::Job::finished, this,
            [guard, hasContext, callback = std::move(callback)](QKeychain::Job *finished) {
                if ((hasContext && !guard) || !callback)
                    return;
                auto *read = static_cast<QKeychain::ReadPasswordJob *>(finished);
                if (finished->error() == QKeychain::NoError)
                    callback(read->textData(), QString());
                else if (finished->error() == QKeychain::EntryNotFound)
                    callback(std::nullopt, QString());
                else {
                    qCInfo(lcAccountStore) << "reading the password failed:" << finished->error()
                                           << finished->errorString();
                    callback(std::nullopt, keychainErrorText(finished));
                }
            });
    job->start();
}

void AccountStore::writePassword(const Jid &jid, const QString &password, QObject *context,
                                 WriteCallback callback)
{
    auto *job = new QKeychain::WritePasswordJob(QString::fromLatin1(KeychainService), this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a file
    job->setKey(keychainKey(jid));
    job->setTextData(password);
    const QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    connect(job, &QKeychain::Job::finished, this,
            [guard, hasContext, callback = std::move(callback)](QKeychain::Job *finished) {
                if (finished->error() != QKeychain::NoError)
                    qCInfo(lcAccountStore) << "storing the password failed:" << finished->error()
                                           << finished->errorString();
                if ((hasContext && !guard) || !callback)
                    return;
                callback(finished->error() == QKeychain::NoError ? QString()
                                                                 : keychainErrorText(finished));
            });
    job->start();
}

void AccountStore::deletePassword(const Jid &jid, QObject *context, WriteCallback callback)
{
    auto *job = new QKeychain::DeletePasswordJob(QString::fromLatin1(KeychainService), this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(keychainKey(jid));
    const QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    connect(job, &QKeychain::Job::finished, this,
            [guard, hasContext, callback = std::move(callback)](QKeychain::Job *finished) {
                if ((hasContext && !guard) || !callback)
                    return;
                const bool ok = finished->error() == QKeychain::NoError ||
                                finished->error() == QKeychain::EntryNotFound;
                callback(ok ? QString() : keychainErrorText(finished));
            });
    job->start();
}

void AccountStore::sync()
{
    m_settings->sync();
}

} // namespace natter
