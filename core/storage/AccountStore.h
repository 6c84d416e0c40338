// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "stanza/Jid.h"
#include "stream/ConnectionSettings.h"

#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

class QSettings;

namespace natter {

// What Natter remembers about the accounts of one profile (--profile NAME):
//  - settings in an INI file, QStandardPaths::AppConfigLocation/profiles/<name>/natter.conf,
//    one group per account (by bare JID) plus the last account used;
//  - passwords in the desktop's secret service through QtKeychain (service "natter", key
//    "<profile>/<bare JID>"), never in a file. When the secret service is unavailable, the
//    callbacks say why and nothing is stored anywhere.
// Profiles keep separate settings and data (dataDirectory()), so that several instances (and
// tests) can run side by side.
class AccountStore : public QObject
{
    Q_OBJECT
public:
    static constexpr const char *KeychainService = "natter";

    // One account's remembered settings.
    struct SavedAccount
    {
        Jid jid; // bare
        QString resource;
        QString host;
        quint16 port = 0;
        bool directTls = false;
        QString caFile;          // a PEM file of extra trusted certificates
        QByteArray pinnedSha256; // the certificate the user chose to trust (32 bytes) or empty
        bool rememberPassword = false;
        bool autoLogin = false;
        // The strongest SASL mechanism this account has used (downgrade protection).
        QString minimumMechanism;

        bool isNull() const { return jid.isNull(); }
        // The settings for logging in (without the password). Reads caFile; on failure returns
        // the settings without it and sets *error to a sentence for the user.
        ConnectionSettings toSettings(QString *error = nullptr) const;
    };

    // Called once with the password (nullopt when none is stored) or an error sentence.
    using ReadCallback =
        std::function<void(const std::optional<QString> &password, const QString &error)>;
    // Called once with an empty string on success, else an error sentence.
    using WriteCallback = std::function<void(const QString &error)>;

    // profile: a valid profile name (see profileNameError()).
    explicit AccountStore(const QString &profile, QObject *parent = nullptr);
    ~AccountStore() override;

    static QString defaultProfile() { return QStringLiteral("default"); }
    // Empty when name can be used as a profile name (letters, digits, '.', '_' and '-'; not
    // starting with '.'; at most 64 characters), else a sentence saying why not.
    static QString profileNameError(const QString &name);
    static QString configDirectory(const QString &profile);
    // <GenericDataLocation>/Natter/Natter/profiles/<profile>: the desktop app's data folder, the
    // same for natter-cli (which shares the message stores).
    static QString dataDirectory(const QString &profile);

    QString profile() const { return m_profile; }
    QString settingsFilePath() const;
    QString dataDirectory() const { return dataDirectory(m_profile); }

    // The account used last (the login dialog shows it), if any.
    std::optional<SavedAccount> lastAccount() const;
    std::optional<SavedAccount> account(const Jid &jid) const;
    // Saves (and makes it the last account). Pinned certificate and minimum mechanism are kept
    // as given; use the setters below to change just those.
    void saveAccount(const SavedAccount &account);
    void removeAccount(const Jid &jid);

    // Pins a certificate for an account (an empty value removes the pin).
    void setPinnedCertificate(const Jid &jid, const QByteArray &sha256);
    // Records the mechanism of a successful login if it is stronger than the one stored.
    // Returns whether it was stored.
    bool recordMechanism(const Jid &jid, const QString &mechanism);
    // Whether a is a stronger SASL mechanism than b (unknown mechanisms are the weakest).
    static bool isStrongerMechanism(const QString &a, const QString &b);

    // The keychain entry's name for an account.
    QString keychainKey(const Jid &jid) const;
    // Asynchronous; the callback runs only while context lives.
    void readPassword(const Jid &jid, QObject *context, ReadCallback callback);
    void writePassword(const Jid &jid, const QString &password, QObject *context,
                       WriteCallback callback);
    void deletePassword(const Jid &jid, QObject *context, WriteCallback callback);

    // Writes pending settings to disk.
    void sync();

private:
    QString groupFor(const Jid &jid) const;
    std::optional<SavedAccount> readGroup(const QString &group) const;

    QString m_profile;
    QSettings *m_settings; // child of this
};

} // namespace natter
