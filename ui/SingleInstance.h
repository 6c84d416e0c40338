// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>

class QLocalServer;
class QLocalSocket;

namespace natter {

// One Natter per profile: the first instance listens on a local socket (in the user's runtime
// directory, accessible to the user only, named from the profile's configuration directory);
// a second instance hands its message (an xmpp: URI, or nothing: "show yourself") to the first
// and exits. start() blocks for at most a few seconds and runs before any window exists.
class SingleInstance : public QObject
{
    Q_OBJECT
public:
    enum class Outcome
    {
        Primary,    // we are the first: listening, messageReceived() will report others
        HandedOver, // another instance runs and acknowledged the message
        Failed,     // neither (see error)
    };

    // key: what makes instances the same, e.g. the profile's configuration directory.
    explicit SingleInstance(const QString &key, QObject *parent = nullptr);
    ~SingleInstance() override;

    // The local socket's path for a key.
    static QString serverName(const QString &key);

    Outcome start(const QString &message, QString *error = nullptr);
    bool isPrimary() const { return m_server != nullptr; }

Q_SIGNALS:
    // A later instance was started with this message (empty: just show the window).
    void messageReceived(const QString &message);

private:
    enum class Send
    {
        Delivered,
        NoServer,
        NoAnswer,
    };
    Send sendToRunning(const QString &message, QString *error);
    Outcome listen(const QString &message, QString *error);
    void onNewConnection();
    void onReadyRead(QLocalSocket *socket);

    QString m_name;
    QLocalServer *m_server = nullptr;
};

} // namespace natter
