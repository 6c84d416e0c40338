// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "stream/ConnectionSettings.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <memory>
#include <optional>

class QProcess;
class QTemporaryDir;

namespace natter {

// The demo mode, for someone without an XMPP account: a throw-away Prosody on loopback (the test
// fixture, prosody-fixture.sh, in a temporary directory) with demo contacts played by
// natter-demo-peer, and the settings to log in there as natter@localhost.
//
// start() runs asynchronously — nothing blocks the calling thread — and ends in ready(settings)
// or failed(reason), with progress() on the way. failed() may also come after ready() when the
// demo contacts or the server go away. stop() — also run by the destructor and when the
// application quits — ends the demo peer and the server and removes the directory; it waits for
// them (usually a fraction of a second). Should the application crash, natter-demo-peer notices
// that its parent is gone (its standard input closes) and stops the server itself.
//
// Programs and files are found (first match wins):
//   fixture script:   $NATTER_DEMO_FIXTURE, <bindir>/../share/natter/prosody-fixture.sh,
//                     the source tree's tests/fixture/ (when built with NATTER_SOURCE_DIR)
//   natter-demo-peer: $NATTER_DEMO_PEER, next to the running program, then PATH
//   prosody, openssl, python3, bash: PATH
class DemoLauncher : public QObject
{
    Q_OBJECT
public:
    // The demo's accounts: the user, and the contacts that natter-demo-peer plays.
    static QString userName();
    static QStringList contactNames();
    // Whole start-up, server and contacts, must finish within this time.
    static constexpr int StartTimeoutMs = 60'000;

    explicit DemoLauncher(QObject *parent = nullptr);
    ~DemoLauncher() override;

    // Whether everything the demo needs is installed.
    static bool isAvailable();
    // Empty when isAvailable(); else a sentence telling the user what to install.
    static QString missingRequirement();
    // The paths found (see above), empty when missing.
    static QString fixtureScriptPath();
    static QString peerPath();

    // Reads the server.env file written by prosody-fixture.sh and returns the settings to log in
    // as user@<its first domain>: STARTTLS on 127.0.0.1, trusting the fixture's self-signed
    // certificate as a CA. nullopt (and *error) when the file is missing or incomplete.
    static std::optional<ConnectionSettings>
    settingsFromServerEnv(const QString &path, const QString &user, QString *error = nullptr);

    // Starts the demo (a running one is stopped first).
    void start();
    // Stops the demo peer and the server and removes the directory. Safe to call at any time.
    void stop();

    bool isRunning() const { return m_phase != Phase::Idle; }
    bool isReady() const { return m_phase == Phase::Ready; }
    // The server's directory while running (config, logs, server.env); empty otherwise.
    QString serverDirectory() const;

Q_SIGNALS:
    void progress(const QString &step);
    void ready(const natter::ConnectionSettings &settings);
    void failed(const QString &reason);

private:
    enum class Phase
    {
        Idle,
        StartingServer,
        StartingPeer,
        Ready,
    };

    void startServer(quint64 run);
    void onServerStarted(int exitCode, bool crashed);
    void startPeer();
    void onPeerOutput();
    void onPeerFinished(int exitCode, bool crashed);
    void fail(const QString &reason);
    void stopServer();
    static QString lastMeaningfulLine(const QByteArray &output, const QString &prefix = {});

    Phase m_phase = Phase::Idle;
    quint64 m_run = 0; // bumped by stop(): late events of an earlier run are ignored
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_script;
    QProcess *m_fixture = nullptr; // `prosody-fixture.sh start` while it runs
    QProcess *m_peer = nullptr;
    QByteArray m_fixtureErrors;
    QByteArray m_peerOutput;
    QByteArray m_peerErrors;
    ConnectionSettings m_settings;
    QTimer m_timeout;
    QElapsedTimer m_clock;
};

} // namespace natter
