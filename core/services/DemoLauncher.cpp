// SPDX-License-Identifier: GPL-3.0-or-later
#include "DemoLauncher.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QProcess>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>

#include <csignal>
#include <sys/types.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace natter {

Q_LOGGING_CATEGORY(lcDemo, "natter.demo")

namespace {

const QString FixtureName = u"prosody-fixture.sh"_s;
const QString PeerName = u"natter-demo-peer"_s;
// prosody-fixture.sh accepts only directories made of these characters.
const QRegularExpression FixtureSafePath(u"^/[A-Za-z0-9._/+@:-]*$"_s);
constexpr qsizetype MaxKeptOutput = 16 * 1024;
constexpr int ProcessStopMs = 5000;

void appendBounded(QByteArray &buffer, const QByteArray &data)
{
    buffer.append(data);
    if (buffer.size() > MaxKeptOutput)
        buffer.remove(0, buffer.size() - MaxKeptOutput);
}

void logLines(const QByteArray &data, const char *source)
{
    for (const QByteArray &line : data.split('\n')) {
        if (!line.trimmed().isEmpty())
            qCDebug(lcDemo, "%s: %s", source, line.constData());
    }
}

// PIDs of the live processes whose command line names something inside directory path (Linux
// /proc), ours excepted.
QList<pid_t> processesMentioning(const QString &path)
{
    QList<pid_t> pids;
    const QByteArray needle = QFile::encodeName(path + u'/');
    const pid_t self = ::getpid();
    const QStringList entries = QDir(u"/proc"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool isPid = false;
        const pid_t pid = static_cast<pid_t>(entry.toLongLong(&isPid));
        if (!isPid || pid == self)
            continue;
        QFile cmdline(u"/proc/"_s + entry + u"/cmdline"_s);
        if (!cmdline.open(QIODevice::ReadOnly))
            continue;
        const QByteArray args = cmdline.readAll(); // empty for a zombie: already gone
        if (args.contains(needle))
            pids.append(pid);
    }
    return pids;
}

// SIGTERM, then SIGKILL for what is still there after a while.
void terminateProcesses(const QList<pid_t> &pids, const QString &path)
{
    if (pids.isEmpty())
        return;
    for (pid_t pid : pids)
        ::kill(pid, SIGTERM);
    QElapsedTimer clock;
    clock.start();
    while (!processesMentioning(path).isEmpty() && clock.elapsed() < ProcessStopMs)
        QThread::msleep(20);
    for (pid_t pid : processesMentioning(path)) {
        qCWarning(lcDemo) << "process" << pid << "of the demo ignored SIGTERM, killing it";
        ::kill(pid, SIGKILL);
    }
}

QString firstExisting(const QStringList &candidates)
{
    for (const QString &path : candidates) {
        if (!path.isEmpty() && QFileInfo(path).isFile())
            return QFileInfo(path).absoluteFilePath();
    }
    return {};
}

} // namespace

QString DemoLauncher::userName()
{
    return u"natter"_s;
}

QStringList DemoLauncher::contactNames()
{
    // natter-demo-peer knows each of them (name, group, presence, manners).
    return {u"demo"_s, u"alice"_s, u"bob"_s, u"carol"_s, u"dave"_s};
}

DemoLauncher::DemoLauncher(QObject *parent)
    : QObject(parent)
{
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(StartTimeoutMs);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        fail(tr("The demo did not start within %n second(s).", nullptr, StartTimeoutMs / 1000));
    });
    // The server must not outlive the application, even when nobody calls stop().
    if (auto *app = QCoreApplication::instance())
        connect(app, &QCoreApplication::aboutToQuit, this, &DemoLauncher::stop);
}

DemoLauncher::~DemoLauncher()
{
    stop();
}

QString DemoLauncher::fixtureScriptPath()
{
    QStringList candidates{qEnvironmentVariable("NATTER_DEMO_FIXTURE")};
    if (QCoreApplication::instance()) {
        candidates.append(QCoreApplication::applicationDirPath() + u"/../share/natter/"_s +
                          FixtureName);
    }
#ifdef NATTER_SOURCE_DIR
    candidates.append(QStringLiteral(NATTER_SOURCE_DIR) + u"/tests/fixture/"_s + FixtureName);
#endif
    return firstExisting(candidates);
}

QString DemoLauncher::peerPath()
{
    QStringList candidates{qEnvironmentVariable("NATTER_DEMO_PEER")};
    if (QCoreApplication::instance())
        candidates.append(QCoreApplication::applicationDirPath() + u'/' + PeerName);
    const QString found = firstExisting(candidates);
    return found.isEmpty() ? QStandardPaths::findExecutable(PeerName) : found;
}

QString DemoLauncher::missingRequirement()
{
    // Debian package names: Natter's supported platform is Debian 12 / Ubuntu 24.04.
    if (QStandardPaths::findExecutable(u"prosody"_s).isEmpty())
        return tr("The demo needs the Prosody server: sudo apt install prosody lua-dbi-sqlite3");
    if (QStandardPaths::findExecutable(u"openssl"_s).isEmpty())
        return tr("The demo needs OpenSSL to make its certificate: sudo apt install openssl");
    if (QStandardPaths::findExecutable(u"python3"_s).isEmpty())
        return tr("The demo needs Python 3: sudo apt install python3");
    if (QStandardPaths::findExecutable(u"bash"_s).isEmpty())
        return tr("The demo needs the Bash shell: sudo apt install bash");
    if (fixtureScriptPath().isEmpty())
        return tr("The demo server's start script (%1) is not installed with Natter.")
            .arg(FixtureName);
    if (peerPath().isEmpty())
        return tr("The demo contacts' program (%1) is not installed with Natter.").arg(PeerName);
    return {};
}

bool DemoLauncher::isAvailable()
{
    return missingRequirement().isEmpty();
}

std::optional<ConnectionSettings>
DemoLauncher::settingsFromServerEnv(const QString &path, const QString &user, QString *error)
{
    const auto failWith = [error](const QString &why) -> std::optional<ConnectionSettings> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return failWith(tr("%1 cannot be read: %2").arg(path, file.errorString()));
    QHash<QString, QString> values;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        const qsizetype eq = line.indexOf(u'=');
        if (line.startsWith(u'#') || eq <= 0)
            continue;
        values.insert(line.left(eq), line.mid(eq + 1));
    }
    const QString domain = values.value(u"NATTER_TEST_DOMAIN"_s);
    const QString host = values.value(u"NATTER_TEST_HOST"_s);
    bool portOk = false;
    const uint port = values.value(u"NATTER_TEST_PORT"_s).toUInt(&portOk);
    const QString caFile = values.value(u"NATTER_TEST_CA"_s);
    if (domain.isEmpty() || host.isEmpty() || !portOk || port == 0 || port > 65535 ||
        caFile.isEmpty())
        return failWith(tr("%1 does not describe a server.").arg(path));

    ConnectionSettings settings;
    settings.jid = Jid::fromParts(user, domain);
    if (!settings.jid.isValid())
        return failWith(tr("“%1@%2” is not a valid address.").arg(user, domain));
    settings.password = user + values.value(u"NATTER_TEST_PASSWORD_SUFFIX"_s);
    settings.host = host;
    settings.port = static_cast<quint16>(port);
    // The fixture made this self-signed certificate a moment ago, in a directory only we can
    // write to, for a server that listens on loopback only: trusting it as a CA for this one
    // connection is safe, and no certificate prompt stands between the user and the demo.
    settings.extraCaCertificates = QSslCertificate::fromPath(caFile);
    if (settings.extraCaCertificates.isEmpty())
        return failWith(tr("The demo server's certificate %1 cannot be read.").arg(caFile));
    settings.connectTimeout = std::chrono::seconds(10);
    settings.negotiationTimeout = std::chrono::seconds(20);
    return settings;
}

QString DemoLauncher::serverDirectory() const
{
    return m_dir ? m_dir->path() : QString();
}

void DemoLauncher::start()
{
    if (m_phase != Phase::Idle)
        stop();
    m_clock.start();
    m_phase = Phase::StartingServer;
    m_timeout.start();
    // Every signal comes after start() returned, failures included.
    const quint64 run = m_run;
    QMetaObject::invokeMethod(
        this, [this, run] { startServer(run); }, Qt::QueuedConnection);
}

void DemoLauncher::startServer(quint64 run)
{
    if (run != m_run || m_phase != Phase::StartingServer)
        return;
    if (const QString missing = missingRequirement(); !missing.isEmpty()) {
        fail(missing);
        return;
    }
    m_script = fixtureScriptPath();

    QString base = QDir::tempPath();
    if (!FixtureSafePath.match(QFileInfo(base).canonicalFilePath()).hasMatch())
        base = u"/tmp"_s;
    m_dir = std::make_unique<QTemporaryDir>(base + u"/natter-demo-XXXXXX"_s);
    if (!m_dir->isValid()) {
        fail(tr("No temporary directory for the demo server: %1").arg(m_dir->errorString()));
        return;
    }
    qCInfo(lcDemo) << "starting the demo server in" << m_dir->path();

    m_fixtureErrors.clear();
    m_fixture = new QProcess(this);
    m_fixture->setProgram(u"bash"_s);
    const QStringList users = QStringList{userName()} + contactNames();
    m_fixture->setArguments({m_script, u"start"_s, m_dir->path(), u"--hash"_s, u"SHA-256"_s,
                             u"--users"_s, users.join(u' ')});
    m_fixture->setStandardInputFile(QProcess::nullDevice());
    connect(m_fixture, &QProcess::readyReadStandardError, this, [this, process = m_fixture] {
        const QByteArray data = process->readAllStandardError();
        logLines(data, "prosody-fixture");
        appendBounded(m_fixtureErrors, data);
    });
    connect(m_fixture, &QProcess::readyReadStandardOutput, this, [process = m_fixture] {
        logLines(process->readAllStandardOutput(), "prosody-fixture");
    });
    connect(m_fixture, &QProcess::finished, this,
            [this](int exitCode, QProcess::ExitStatus status) {
                onServerStarted(exitCode, status == QProcess::CrashExit);
            });
    connect(m_fixture, &QProcess::errorOccurred, this,
            [this, process = m_fixture](QProcess::ProcessError error) {
                if (error == QProcess::FailedToStart)
                    fail(tr("The demo server did not start: %1").arg(process->errorString()));
            });
    m_fixture->start();
    // Last: a slot may call stop(), and nothing of this run may go on after that.
    Q_EMIT progress(tr("Starting a private XMPP server on this computer…"));
}

void DemoLauncher::onServerStarted(int exitCode, bool crashed)
{
    if (m_phase != Phase::StartingServer)
        return;
    m_fixture->deleteLater();
    const QByteArray errors = m_fixtureErrors;
    m_fixture = nullptr;
    if (crashed || exitCode != 0) {
        QString why = lastMeaningfulLine(errors, u"prosody-fixture: "_s);
        if (why.isEmpty())
            why = tr("its start script ended with status %1").arg(exitCode);
        qCWarning(lcDemo).noquote() << "the demo server did not start:\n"
                                    << QString::fromUtf8(errors);
        fail(tr("The demo server did not start: %1").arg(why));
        return;
    }
    qCInfo(lcDemo) << "demo server up after" << m_clock.elapsed() << "ms";

    QString error;
    const QString env = m_dir->filePath(u"server.env"_s);
    const auto settings = settingsFromServerEnv(env, userName(), &error);
    if (!settings) {
        fail(tr("The demo server started, but: %1").arg(error));
        return;
    }
    m_settings = *settings;
    startPeer();
}

void DemoLauncher::startPeer()
{
    m_phase = Phase::StartingPeer;
    m_peerOutput.clear();
    m_peerErrors.clear();
    m_peer = new QProcess(this);
    m_peer->setProgram(peerPath());
    // --parent-watch: the peer's standard input is a pipe from us; when it closes because this
    // program ended without stop() (a crash), the peer stops the server with --fixture.
    m_peer->setArguments({u"--server-env"_s, m_dir->filePath(u"server.env"_s), u"--user"_s,
                          userName(), u"--contacts"_s, contactNames().join(u','), u"--fixture"_s,
                          m_script, u"--parent-watch"_s});
    connect(m_peer, &QProcess::readyReadStandardOutput, this, &DemoLauncher::onPeerOutput);
    connect(m_peer, &QProcess::readyReadStandardError, this, [this, process = m_peer] {
        const QByteArray data = process->readAllStandardError();
        logLines(data, "natter-demo-peer");
        appendBounded(m_peerErrors, data);
    });
    connect(m_peer, &QProcess::finished, this, [this](int exitCode, QProcess::ExitStatus status) {
        onPeerFinished(exitCode, status == QProcess::CrashExit);
    });
    connect(m_peer, &QProcess::errorOccurred, this,
            [this, process = m_peer](QProcess::ProcessError error) {
                if (error == QProcess::FailedToStart) {
                    fail(tr("The demo contacts could not be started: %1 (%2)")
                             .arg(process->errorString(), process->program()));
                }
            });
    m_peer->start();
    // Last, as in startServer().
    Q_EMIT progress(tr("Bringing the demo contacts online…"));
}

void DemoLauncher::onPeerOutput()
{
    appendBounded(m_peerOutput, m_peer->readAllStandardOutput());
    qsizetype newline;
    while ((newline = m_peerOutput.indexOf('\n')) >= 0) {
        const QByteArray line = m_peerOutput.left(newline).trimmed();
        m_peerOutput.remove(0, newline + 1);
        if (line == "ready" && m_phase == Phase::StartingPeer) {
            m_phase = Phase::Ready;
            m_timeout.stop();
            qCInfo(lcDemo) << "demo ready after" << m_clock.elapsed() << "ms";
            const quint64 run = m_run;
            Q_EMIT progress(tr("The demo is ready."));
            if (run != m_run)
                return; // stopped from a slot
            Q_EMIT ready(m_settings);
            return;
        }
    }
}

void DemoLauncher::onPeerFinished(int exitCode, bool crashed)
{
    if (m_phase != Phase::StartingPeer && m_phase != Phase::Ready)
        return;
    QString why = lastMeaningfulLine(m_peerErrors, u"natter-demo-peer: "_s);
    if (why.isEmpty()) {
        why = crashed ? tr("the program crashed")
                      : tr("the program ended with status %1").arg(exitCode);
    }
    qCWarning(lcDemo).noquote() << "natter-demo-peer ended:\n" << QString::fromUtf8(m_peerErrors);
    if (m_phase == Phase::Ready)
        fail(tr("The demo contacts went offline: %1").arg(why));
    else
        fail(tr("The demo contacts could not sign in: %1").arg(why));
}

void DemoLauncher::fail(const QString &reason)
{
    if (m_phase == Phase::Idle)
        return;
    qCWarning(lcDemo).noquote() << "demo failed:" << reason;
    stop();
    Q_EMIT failed(reason);
}

void DemoLauncher::stop()
{
    ++m_run;
    m_timeout.stop();
    const bool wasRunning = m_phase != Phase::Idle;
    m_phase = Phase::Idle;
    if (m_fixture) {
        m_fixture->disconnect(this);
        if (m_fixture->state() != QProcess::NotRunning) {
            m_fixture->terminate();
            if (!m_fixture->waitForFinished(ProcessStopMs)) {
                m_fixture->kill();
                m_fixture->waitForFinished(ProcessStopMs);
            }
        }
        m_fixture->deleteLater();
        m_fixture = nullptr;
    }
    if (m_peer) {
        m_peer->disconnect(this);
        if (m_peer->state() != QProcess::NotRunning) {
            // SIGTERM: the contacts sign out politely before the server goes.
            m_peer->terminate();
            if (!m_peer->waitForFinished(ProcessStopMs)) {
                qCWarning(lcDemo) << "natter-demo-peer ignored SIGTERM, killing it";
                m_peer->kill();
                m_peer->waitForFinished(ProcessStopMs);
            }
        }
        m_peer->deleteLater();
        m_peer = nullptr;
    }
    stopServer();
    if (wasRunning)
        qCInfo(lcDemo) << "demo stopped";
}

void DemoLauncher::stopServer()
{
    if (!m_dir)
        return;
    const QString dir = m_dir->path();
    if (!m_script.isEmpty() && QFile::exists(dir + u"/prosody.pid"_s)) {
        QProcess fixture;
        fixture.setStandardInputFile(QProcess::nullDevice());
        fixture.start(u"bash"_s, {m_script, u"stop"_s, dir});
        if (!fixture.waitForFinished(3 * ProcessStopMs) || fixture.exitCode() != 0) {
            qCWarning(lcDemo).noquote()
                << "stopping the demo server failed:" << fixture.readAllStandardError();
        }
    }
    // Whatever still runs from the directory — a server whose start was cut short before its pid
    // was written, say — goes too: nothing of the demo may outlive it.
    terminateProcesses(processesMentioning(dir), dir);
    m_dir.reset(); // removes the directory and everything in it
    m_settings = {};
}

QString DemoLauncher::lastMeaningfulLine(const QByteArray &output, const QString &prefix)
{
    const QStringList lines = QString::fromUtf8(output).split(u'\n', Qt::SkipEmptyParts);
    const QString errorPrefix = prefix + u"error: "_s;
    QString lastPrefixed;
    QString last;
    for (auto it = lines.crbegin(); it != lines.crend(); ++it) {
        const QString line = it->trimmed();
        if (line.isEmpty())
            continue;
        if (!prefix.isEmpty() && line.startsWith(errorPrefix))
            return line.mid(errorPrefix.size());
        if (!prefix.isEmpty() && lastPrefixed.isEmpty() && line.startsWith(prefix))
            lastPrefixed = line.mid(prefix.size());
        if (last.isEmpty())
            last = line;
    }
    return lastPrefixed.isEmpty() ? last : lastPrefixed;
}

} // namespace natter
