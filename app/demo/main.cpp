// SPDX-License-Identifier: GPL-3.0-or-later
// natter-demo-peer: the demo contacts of Natter's demo mode (see core/services/DemoLauncher.h).
// Prints "ready" on standard output once the demo user's roster is prepared; everything else goes
// to standard error, where errors start with "natter-demo-peer: error: ".
#include "DemoPeer.h"
#include "ParentWatcher.h"
#include "platform/TerminationSignals.h"

#include "services/DemoLauncher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace natter::demo;

namespace {

void printError(const QString &message)
{
    std::fprintf(stderr, "natter-demo-peer: error: %s\n", message.toUtf8().constData());
    std::fflush(stderr);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"natter-demo-peer"_s);
    QCoreApplication::setOrganizationName(u"Natter"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(NATTER_VERSION));
    // The demo's own steps and every warning; QT_LOGGING_RULES shows more.
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES")) {
        QLoggingCategory::setFilterRules(u"natter.*=false\nnatter.*.warning=true\n"
                                         u"natter.demo.*.info=true\nnatter.demo.*.warning=true"_s);
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Plays the demo contacts of Natter's demo mode on a prosody-fixture.sh server: prepares "
        u"the demo user's roster (mutual subscriptions, groups), prints \"ready\", then keeps the "
        u"contacts online and answering until SIGTERM."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption serverEnv(
        u"server-env"_s, u"The server.env file that prosody-fixture.sh wrote."_s, u"file"_s);
    const QCommandLineOption user(u"user"_s, u"The demo user's name (default: natter)."_s,
                                  u"name"_s, natter::DemoLauncher::userName());
    const QCommandLineOption contacts(u"contacts"_s,
                                      u"The demo contacts, comma separated (default: %1)."_s.arg(
                                          natter::DemoLauncher::contactNames().join(u',')),
                                      u"names"_s, natter::DemoLauncher::contactNames().join(u','));
    const QCommandLineOption fixture(
        u"fixture"_s,
        u"prosody-fixture.sh: with --parent-watch, stop the server with it when the parent is "
        u"gone."_s,
        u"script"_s);
    const QCommandLineOption parentWatch(
        u"parent-watch"_s,
        u"Standard input is a pipe from the launcher: when it closes, shut down."_s);
    parser.addOptions({serverEnv, user, contacts, fixture, parentWatch});
    parser.process(app);

    if (!parser.isSet(serverEnv)) {
        printError(u"--server-env is required (see --help)"_s);
        return 2;
    }
    const QStringList contactNames = parser.value(contacts).split(u',', Qt::SkipEmptyParts);

    DemoPeer peer;
    peer.setFixtureScript(parser.value(fixture));
    natter::TerminationSignals signalWatcher;
    QObject::connect(&signalWatcher, &natter::TerminationSignals::received, &peer,
                     [&peer] { peer.shutdown(0); });
    if (parser.isSet(parentWatch)) {
        auto *watcher = new ParentWatcher(&peer);
        QObject::connect(watcher, &ParentWatcher::parentGone, &peer, &DemoPeer::parentGone);
    }
    QObject::connect(&peer, &DemoPeer::ready, &app, [] {
        std::fputs("ready\n", stdout);
        std::fflush(stdout);
    });
    QObject::connect(&peer, &DemoPeer::error, &app, printError);
    QObject::connect(&peer, &DemoPeer::finished, &app,
                     [](int code) { QCoreApplication::exit(code); });

    QString error;
    if (!peer.start(parser.value(serverEnv), parser.value(user), contactNames, &error)) {
        printError(error);
        return 1;
    }
    return QCoreApplication::exec();
}
