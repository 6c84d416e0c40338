// SPDX-License-Identifier: GPL-3.0-or-later
// natter: the desktop app. Parses the command line, keeps one instance per profile, and hands
// over to GuiController.
#include "GuiController.h"
#include "GuiOptions.h"
#include "Icons.h"
#include "SingleInstance.h"
#include "platform/LoopProbe.h"
#include "platform/TerminationSignals.h"
#include "platform/Translations.h"
#include "storage/AccountStore.h"

#include <QApplication>
#include <QLoggingCategory>

#include <cstdio>
#include <utility>

using namespace natter;

namespace {

void print(std::FILE *stream, const QString &text)
{
    std::fputs(text.toLocal8Bit().constData(), stream);
    if (!text.endsWith(u'\n'))
        std::fputc('\n', stream);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    LoopProbe loopProbe; // NATTER_LOOP_PROBE=FILE: records event-loop stalls; unset: does nothing
    QCoreApplication::setOrganizationName(QStringLiteral("Natter"));
    QCoreApplication::setApplicationName(QStringLiteral("Natter"));
    QCoreApplication::setApplicationVersion(QStringLiteral(NATTER_VERSION));
    QGuiApplication::setApplicationDisplayName(QStringLiteral("Natter"));
    QGuiApplication::setDesktopFileName(QStringLiteral("org.natter.Natter"));
    QGuiApplication::setWindowIcon(Icons::app());
    // The main window's closing is handled (hide to the tray, or quit) by the controller.
    QGuiApplication::setQuitOnLastWindowClosed(false);
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("natter.*.debug=false"));
    installTranslations(app);

    QString output;
    int exitCode = 0;
    const auto parsed = gui::GuiOptions::parse(QCoreApplication::arguments(), &output, &exitCode);
    if (!parsed) {
        print(exitCode == 0 ? stdout : stderr, output);
        return exitCode;
    }
    const gui::GuiOptions &options = *parsed;

    // One instance per profile: a second one hands its link over and exits.
    SingleInstance instance(AccountStore::configDirectory(options.profile));
    QString instanceError;
    switch (instance.start(options.uri ? options.uri->text() : QString(), &instanceError)) {
    case SingleInstance::Outcome::HandedOver:
        return 0;
    case SingleInstance::Outcome::Failed:
        print(stderr, instanceError);
        return 1;
    case SingleInstance::Outcome::Primary:
        break;
    }

    AccountStore store(options.profile);
    gui::GuiController controller(options, &store);
    QObject::connect(&instance, &SingleInstance::messageReceived, &controller,
                     &gui::GuiController::handleInstanceMessage);
    QObject::connect(&controller, &gui::GuiController::finished, &app, &QCoreApplication::quit,
                     Qt::QueuedConnection);
    // Ending the desktop session (SIGTERM) or Ctrl+C: leave politely; a second one: at once.
    TerminationSignals termination;
    QObject::connect(&termination, &TerminationSignals::received, &controller, [&controller](int) {
        static bool again = false;
        if (std::exchange(again, true))
            QCoreApplication::exit(1);
        else
            controller.quit();
    });
    controller.start();
    return QApplication::exec();
}
