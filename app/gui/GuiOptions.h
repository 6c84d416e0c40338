// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "account/ConnectionOptions.h"
#include "services/XmppUri.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace natter::gui {

// natter's command line: the connection options of natter-cli (same meaning, same validation;
// they pre-fill the login dialog, and with NATTER_PASSWORD log in without it), --profile,
// --demo, --debug-xml and an optional xmpp: URI to open.
struct GuiOptions
{
    QString profile;
    bool demo = false;
    bool debugXml = false;
    std::optional<XmppUri> uri;
    ConnectionOptions::Result connection;
    QString caFile; // the --ca-file path (its certificates are in connection.settings)
    bool pinGiven = false;

    // The options to run with; or nullopt with *output (the --help / --version text, or the
    // error) and *exitCode (0, or 2 for a usage error, as natter-cli).
    static std::optional<GuiOptions> parse(const QStringList &arguments, QString *output,
                                           int *exitCode);
};

} // namespace natter::gui
