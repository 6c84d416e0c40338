// SPDX-License-Identifier: GPL-3.0-or-later
#include "TestServer.h"

#include "stanza/Jid.h"

#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QSslCertificate>

namespace natter {

TestServer::TestServer()
    : m_cliHome(std::make_shared<QTemporaryDir>())
{
    const QString path = qEnvironmentVariable("NATTER_TEST_SERVER_ENV");
    if (path.isEmpty()) {
        m_error = QStringLiteral("NATTER_TEST_SERVER_ENV is not set (run through ctest)");
        return;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_error = QStringLiteral("cannot read ") + path;
        return;
    }
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        const qsizetype eq = line.indexOf(u'=');
        if (line.startsWith(u'#') || eq <= 0)
            continue;
        QString value = line.mid(eq + 1);
        if (value.size() >= 2 && (value.startsWith(u'"') || value.startsWith(u'\'')) &&
            value.endsWith(value.front()))
            value = value.mid(1, value.size() - 2);
        m_values.insert(line.left(eq), value);
    }
    if (domain().isEmpty() || port() == 0)
        m_error = QStringLiteral("incomplete server description in ") + path;
}

QString TestServer::password(const QString &user) const
{
    return user + value(QStringLiteral("NATTER_TEST_PASSWORD_SUFFIX"));
}

ConnectionSettings TestServer::settings(const QString &user, const QString &resource) const
{
    ConnectionSettings s;
    s.jid = Jid::fromString(jid(user));
    if (!resource.isEmpty())
        s.jid = s.jid.withResource(resource);
    s.password = password(user);
    s.host = host();
    s.port = port();
    s.extraCaCertificates = QSslCertificate::fromPath(caFile());
    s.connectTimeout = std::chrono::seconds(10);
    s.negotiationTimeout = std::chrono::seconds(20);
    return s;
}

QStringList TestServer::cliArguments(const QString &user) const
{
    return {QStringLiteral("--jid"),     jid(user),
            QStringLiteral("--host"),    host(),
            QStringLiteral("--port"),    QString::number(port()),
            QStringLiteral("--ca-file"), caFile()};
}

QStringList TestServer::cliEnvironment(const QString &user) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("NATTER_PASSWORD"), password(user));
    env.remove(QStringLiteral("NATTER_JID"));
    if (m_cliHome->isValid()) {
        const QString home = m_cliHome->path();
        env.insert(QStringLiteral("HOME"), home);
        env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/data"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), home + QStringLiteral("/cache"));
    }
    return env.toStringList();
}

QString TestServer::registerFreshUser(const QString &prefix) const
{
    const QString user = prefix + QString::number(QRandomGenerator::global()->generate(), 16);
    if (prosodyctl({QStringLiteral("register"), user, domain(), password(user)}) != 0)
        return {};
    return user;
}

bool TestServer::restart(QString *error) const
{
    const QString script = qEnvironmentVariable("NATTER_FIXTURE_SCRIPT");
    const QString dir = value(QStringLiteral("NATTER_TEST_DIR"));
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("bash"), {script, QStringLiteral("restart"), dir});
    const bool ok = !script.isEmpty() && !dir.isEmpty() && p.waitForFinished(90000) &&
                    p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    if (!ok && error)
        *error = QStringLiteral("prosody-fixture.sh restart failed (NATTER_FIXTURE_SCRIPT=%1): %2")
                     .arg(script, QString::fromLocal8Bit(p.readAll()).trimmed());
    return ok;
}

int TestServer::prosodyctl(const QStringList &args) const
{
    QProcess p;
    p.start(QStringLiteral("prosodyctl"),
            QStringList{QStringLiteral("--config"), value(QStringLiteral("NATTER_TEST_CONFIG"))} +
                args);
    if (!p.waitForFinished(30000))
        return -1;
    return p.exitCode();
}

} // namespace natter
