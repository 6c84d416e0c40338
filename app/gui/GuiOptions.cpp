// SPDX-License-Identifier: GPL-3.0-or-later
#include "GuiOptions.h"

#include "storage/AccountStore.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace natter::gui {

namespace {
// The translation context of the texts below (lupdate reads it from the macro too).
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(natter::GuiOptions)
};
constexpr int UsageError = 2;
} // namespace

std::optional<GuiOptions> GuiOptions::parse(const QStringList &arguments, QString *output,
                                            int *exitCode)
{
    *exitCode = 0;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        Text::tr("Natter, a desktop XMPP messenger.\n\n"
                 "With NATTER_PASSWORD set (and an address from --jid, NATTER_JID or the last "
                 "account), Natter logs in without showing the login dialog."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption profile(
        QStringLiteral("profile"),
        Text::tr("Use a separate configuration and message database named NAME (default: “%1”).")
            .arg(AccountStore::defaultProfile()),
        QStringLiteral("NAME"), AccountStore::defaultProfile());
    const QCommandLineOption demo(
        QStringLiteral("demo"),
        Text::tr("Try Natter with a small server and made-up contacts on this computer."));
    const QCommandLineOption debugXml(
        QStringLiteral("debug-xml"),
        Text::tr("Print the XML exchanged with the server to standard error (passwords masked)."));
    parser.addOption(profile);
    parser.addOption(demo);
    parser.addOption(debugXml);
    const ConnectionOptions connection;
    connection.addTo(parser);
    parser.addPositionalArgument(
        QStringLiteral("uri"),
        Text::tr("An xmpp: link to open, e.g. xmpp:alice@example.org?message;body=Hello"),
        QStringLiteral("[xmpp:URI]"));

    if (!parser.parse(arguments)) {
        *output = parser.errorText() + u'\n' + Text::tr("Try “natter --help”.");
        *exitCode = UsageError;
        return std::nullopt;
    }
    if (parser.isSet(help)) {
        *output = parser.helpText();
        return std::nullopt;
    }
    if (parser.isSet(version)) {
        *output =
            QCoreApplication::applicationName() + u' ' + QCoreApplication::applicationVersion();
        return std::nullopt;
    }

    GuiOptions o;
    o.profile = parser.value(profile);
    const QString profileError = AccountStore::profileNameError(o.profile);
    if (!profileError.isEmpty()) {
        *output = profileError;
        *exitCode = UsageError;
        return std::nullopt;
    }
    o.demo = parser.isSet(demo);
    o.debugXml = parser.isSet(debugXml);

    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        *output = Text::tr("Only one xmpp: link can be opened at a time.");
        *exitCode = UsageError;
        return std::nullopt;
    }
    if (!positional.isEmpty()) {
        const XmppUri uri = XmppUri::parse(positional.first());
        if (!uri.isValid()) {
            *output = uri.error();
            *exitCode = UsageError;
            return std::nullopt;
        }
        o.uri = uri;
    }

    o.connection = connection.read(parser, false);
    if (!o.connection.ok()) {
        *output = o.connection.error;
        *exitCode = UsageError;
        return std::nullopt;
    }
    o.caFile = parser.value(QStringLiteral("ca-file"));
    o.pinGiven = parser.isSet(QStringLiteral("pin-sha256"));
    return o;
}

} // namespace natter::gui
