// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliRequest.h"
#include "CliRunner.h"
#include "ExitCode.h"
#include "PasswordPrompt.h"
#include "platform/TerminationSignals.h"
#include "platform/Translations.h"

#include <QCoreApplication>
#include <QLoggingCategory>

#include <cstdio>

using namespace natter::cli;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("natter-cli"));
    QCoreApplication::setOrganizationName(QStringLiteral("Natter"));
    QCoreApplication::setApplicationVersion(QStringLiteral(NATTER_VERSION));
    natter::installTranslations(app);
    // Diagnostics only when asked for (QT_LOGGING_RULES); stdout is for results.
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("natter.*=false\nnatter.*.warning=true"));

    CliParseOutcome parsed = parseCommandLine(QCoreApplication::arguments());
    if (!parsed.request) {
        std::FILE *out = parsed.exitCode == ExitCode::Ok ? stdout : stderr;
        std::fputs(parsed.output.toUtf8().constData(), out);
        std::fputc('\n', out);
        return parsed.exitCode;
    }
    CliRequest &request = *parsed.request;
    // search reads the local store only: no login, no password.
    if (!request.connection.havePassword && request.command != CliRequest::Command::Search) {
        const auto password =
            askPassword(QCoreApplication::translate("natter::cli", "Password for %1: ")
                            .arg(request.connection.settings.jid.bareString()));
        if (!password) {
            std::fputs(
                QCoreApplication::translate(
                    "natter::cli", "No password: set NATTER_PASSWORD or use --password-file.\n")
                    .toUtf8()
                    .constData(),
                stderr);
            return ExitCode::Usage;
        }
        request.connection.settings.password = *password;
    }

    natter::TerminationSignals watcher;
    CliRunner runner(request);
    QObject::connect(&watcher, &natter::TerminationSignals::received, &runner,
                     &CliRunner::interrupt);
    QObject::connect(&runner, &CliRunner::finished, &app,
                     [](int code) { QCoreApplication::exit(code); });
    runner.start();
    return QCoreApplication::exec();
}
