// SPDX-License-Identifier: GPL-3.0-or-later
#include "DemoPeer.h"

#include "DemoContact.h"
#include "RosterPreparer.h"

#include "services/DemoLauncher.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QProcess>

using namespace Qt::StringLiterals;

namespace natter::demo {

Q_LOGGING_CATEGORY(lcDemoPeer, "natter.demo.peer")

DemoPeer::DemoPeer(QObject *parent)
    : QObject(parent)
{
    m_shutdownTimer.setSingleShot(true);
    m_shutdownTimer.setInterval(ShutdownTimeoutMs);
    connect(&m_shutdownTimer, &QTimer::timeout, this, [this] {
        qCWarning(lcDemoPeer) << "the contacts did not sign out in time";
        finish();
    });
}

bool DemoPeer::start(const QString &serverEnv, const QString &user, const QStringList &contacts,
                     QString *error)
{
    m_serverEnv = serverEnv;
    const auto userSettings = DemoLauncher::settingsFromServerEnv(serverEnv, user, error);
    if (!userSettings)
        return false;

    QList<DemoPersona> cast;
    for (const QString &name : contacts)
        cast.append(DemoPersona::forUser(name));
    QString assistantName = u"the demo contact"_s;
    for (const DemoPersona &p : std::as_const(cast)) {
        if (p.manners == DemoPersona::Manners::Assistant)
            assistantName = p.name;
    }

    for (const DemoPersona &persona : std::as_const(cast)) {
        const auto settings = DemoLauncher::settingsFromServerEnv(serverEnv, persona.user, error);
        if (!settings)
            return false;
        auto *contact = new DemoContact(persona, *settings, this);
        QList<DemoPersona> others = cast;
        others.removeIf([&](const DemoPersona &p) { return p.user == persona.user; });
        contact->setCast(others, assistantName);
        connect(contact, &DemoContact::available, this, &DemoPeer::onContactAvailable);
        connect(contact, &DemoContact::failed, this, &DemoPeer::fail);
        connect(contact, &DemoContact::stopped, this, [this] {
            if (!m_shuttingDown)
                return;
            for (DemoContact *c : std::as_const(m_contacts)) {
                if (!c->isOffline())
                    return;
            }
            finish();
        });
        m_contacts.append(contact);
    }

    m_preparer = new RosterPreparer(*userSettings, cast, this);
    connect(m_preparer, &RosterPreparer::finished, this, &DemoPeer::onRosterPrepared);
    connect(m_preparer, &RosterPreparer::failed, this, &DemoPeer::fail);

    qCInfo(lcDemoPeer) << "signing in" << contacts << "and" << user;
    for (DemoContact *contact : std::as_const(m_contacts))
        contact->start();
    m_preparer->start();
    if (m_contacts.isEmpty())
        onContactAvailable();
    return true;
}

void DemoPeer::onContactAvailable()
{
    if (m_shuttingDown || m_contactsAvailable)
        return;
    for (DemoContact *c : std::as_const(m_contacts)) {
        if (!c->isAvailable())
            return;
    }
    // Every contact can answer subscription requests now: prepare the user's roster.
    m_contactsAvailable = true;
    m_preparer->contactsAvailable();
}

void DemoPeer::onRosterPrepared()
{
    if (m_shuttingDown)
        return;
    for (DemoContact *c : std::as_const(m_contacts)) {
        if (!c->persona().staysOnline)
            c->stop();
    }
    m_ready = true;
    qCInfo(lcDemoPeer) << "ready";
    Q_EMIT ready();
}

void DemoPeer::fail(const QString &reason)
{
    if (m_shuttingDown)
        return;
    Q_EMIT error(m_ready ? u"a demo contact went offline: "_s + reason : reason);
    shutdown(1);
}

void DemoPeer::shutdown(int exitCode)
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    m_exitCode = exitCode;
    m_shutdownTimer.start();
    bool allOffline = true;
    for (DemoContact *c : std::as_const(m_contacts)) {
        if (!c->isOffline()) {
            allOffline = false;
            c->stop();
        }
    }
    if (allOffline)
        QMetaObject::invokeMethod(this, &DemoPeer::finish, Qt::QueuedConnection);
}

void DemoPeer::parentGone()
{
    qCInfo(lcDemoPeer) << "the launcher is gone; stopping the demo";
    m_stopServer = !m_fixtureScript.isEmpty();
    shutdown(0);
}

void DemoPeer::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_shutdownTimer.stop();
    if (m_stopServer)
        stopServer();
    Q_EMIT finished(m_exitCode);
}

void DemoPeer::stopServer()
{
    m_stopServer = false;
    const QString dir = QFileInfo(m_serverEnv).absolutePath();
    QProcess fixture;
    fixture.setStandardInputFile(QProcess::nullDevice());
    fixture.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    fixture.start(u"bash"_s, {m_fixtureScript, u"stop"_s, dir});
    if (!fixture.waitForFinished(15'000) || fixture.exitCode() != 0)
        qCWarning(lcDemoPeer) << "stopping the demo server in" << dir << "failed";
    // Only a directory the fixture made (it leaves a marker) is removed.
    if (QFile::exists(dir + u"/.natter-fixture"_s) && QDir(dir).removeRecursively())
        qCInfo(lcDemoPeer) << "removed" << dir;
}

} // namespace natter::demo
