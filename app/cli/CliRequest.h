// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "account/ConnectionOptions.h"
#include "stanza/Jid.h"
#include "stanza/Message.h"
#include "stanza/Presence.h"

#include <QStringList>

#include <optional>

namespace natter::cli {

// One parsed natter-cli invocation.
struct CliRequest
{
    enum class Command
    {
        Send,
        Listen,
        Roster,
        Add,
        Remove,
        Subscribe,
        Approve,
        Deny,
        Unsubscribe,
        Presence,
        Online,
        History,
        Search,
    };

    Command command = Command::Roster;
    ConnectionOptions::Result connection;
    bool json = false;
    bool debugXml = false;

    Jid contact;  // send, add, remove, subscribe...
    QString body; // send
    Message::Type messageType = Message::Type::Chat;
    QString subject;
    int count = -1;         // listen: -1 = until interrupted
    QString name;           // add
    QStringList groups;     // add
    bool subscribe = false; // add
    Presence::Show show = Presence::Show::None;
    QString status;
    int priority = 0;
    int staySeconds = -1; // presence: -1 = until interrupted
    QString profile;      // history, search: whose message store (AccountStore profiles)
    int limit = 50;       // history, search: at most this many messages
    QString text;         // search
};

struct CliParseOutcome
{
    std::optional<CliRequest> request;
    // When there is no request: print this (help text to stdout, or an error to stderr) and
    // exit with exitCode.
    QString output;
    int exitCode = 0;
};

// Parses natter-cli's arguments (the first one is the program name).
CliParseOutcome parseCommandLine(const QStringList &arguments);

} // namespace natter::cli
