// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliRequest.h"

#include "ExitCode.h"

#include "storage/AccountStore.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <map>

namespace natter::cli {

namespace {

// The translation context of the texts below (lupdate reads it from the macro too).
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(natter::cli)
};

QString description()
{
    return Text::tr(
        "Natter's command-line XMPP client.\n"
        "\n"
        "Commands:\n"
        "  send TO BODY [--type chat|normal|headline] [--subject S]\n"
        "        Send a message; exit 0 once the server holds it.\n"
        "  listen [--count N]\n"
        "        Go online and print each incoming message as one line:\n"
        "        FROM<TAB>TYPE<TAB>BODY (line breaks in BODY as \\n, tabs as \\t, backslashes\n"
        "        as \\\\), or with --json one object per line with the keys from, to, type,\n"
        "        id, body, subject, thread, error. Exit 0 after N messages.\n"
        "  roster            One line per contact: JID<TAB>NAME<TAB>SUBSCRIPTION<TAB>GROUPS\n"
        "  add CONTACT [--name N] [--group G]... [--subscribe]\n"
        "  remove CONTACT\n"
        "  subscribe CONTACT     Ask to see the contact's presence.\n"
        "  approve CONTACT       Let the contact see your presence.\n"
        "  deny CONTACT          Refuse (or revoke) the contact's subscription.\n"
        "  unsubscribe CONTACT   Stop seeing the contact's presence.\n"
        "  presence [--show away|chat|dnd|xa] [--status TEXT] [--priority N] [--stay SECONDS]\n"
        "        Go online with this presence; stay SECONDS (default: until interrupted).\n"
        "  online            Contacts' available resources: FULLJID<TAB>SHOW<TAB>STATUS\n"
        "  history CONTACT [--limit N] [--profile NAME]\n"
        "        Fetch what the server archived (XEP-0313) into the profile's message store,\n"
        "        then print the last N messages with CONTACT (default 50), oldest first:\n"
        "        TIME<TAB>DIRECTION<TAB>ID<TAB>STATE<TAB>BODY (TIME in UTC, ISO 8601;\n"
        "        DIRECTION in or out; STATE queued, pending, sent, failed or received; BODY\n"
        "        escaped as for listen), or with --json one object per line with the keys\n"
        "        time, direction, from, to, id, stanza_id, origin_id, state, body.\n"
        "  search TEXT [--limit N] [--profile NAME]\n"
        "        Search the profile's message store of the account (no login, no password;\n"
        "        every word must match) and print up to N hits (default 50), newest first:\n"
        "        TIME<TAB>PEER<TAB>DIRECTION<TAB>BODY, or with --json objects with the keys\n"
        "        of history and peer. Without a store yet: no hits, a note on stderr, exit 0.\n"
        "\n"
        "history and search use the message store of the desktop app's profile (--profile,\n"
        "default \"default\"), one per account.\n"
        "\n"
        "The password comes from NATTER_PASSWORD, else --password-file, else it is asked\n"
        "for on the terminal. The address may also come from NATTER_JID.\n"
        "\n"
        "Exit status: 0 ok, 2 usage, 3 timeout, 4 authentication failed, 5 certificate not\n"
        "trusted (the fingerprint is printed), 6 cannot connect, 7 the server or peer\n"
        "answered with an error, 8 the message store cannot be opened.");
}

const std::map<QString, CliRequest::Command> &commands()
{
    using C = CliRequest::Command;
    static const std::map<QString, C> map{
        {QStringLiteral("send"), C::Send},
        {QStringLiteral("listen"), C::Listen},
        {QStringLiteral("roster"), C::Roster},
        {QStringLiteral("add"), C::Add},
        {QStringLiteral("remove"), C::Remove},
        {QStringLiteral("subscribe"), C::Subscribe},
        {QStringLiteral("approve"), C::Approve},
        {QStringLiteral("deny"), C::Deny},
        {QStringLiteral("unsubscribe"), C::Unsubscribe},
        {QStringLiteral("presence"), C::Presence},
        {QStringLiteral("online"), C::Online},
        {QStringLiteral("history"), C::History},
        {QStringLiteral("search"), C::Search},
    };
    return map;
}

CliParseOutcome usage(const QString &message)
{
    return {std::nullopt, message + u'\n' + Text::tr("Try 'natter-cli --help'."), ExitCode::Usage};
}

} // namespace

CliParseOutcome parseCommandLine(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(description());
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                  Text::tr("Show this help."));
    const QCommandLineOption version(QStringLiteral("version"), Text::tr("Show the version."));
    parser.addOption(help);
    parser.addOption(version);
    const ConnectionOptions connection;
    connection.addTo(parser);
    const QCommandLineOption json(QStringLiteral("json"),
                                  Text::tr("Print JSON, one object per line."));
    const QCommandLineOption debugXml(QStringLiteral("debug-xml"),
                                      Text::tr("Log the XML stream to stderr (secrets masked)."));
    const QCommandLineOption type(QStringLiteral("type"), Text::tr("send: message type."),
                                  QStringLiteral("TYPE"));
    const QCommandLineOption subject(QStringLiteral("subject"), Text::tr("send: subject."),
                                     QStringLiteral("S"));
    const QCommandLineOption count(QStringLiteral("count"),
                                   Text::tr("listen: exit after N messages."), QStringLiteral("N"));
    const QCommandLineOption name(QStringLiteral("name"), Text::tr("add: the contact's name."),
                                  QStringLiteral("N"));
    const QCommandLineOption group(QStringLiteral("group"), Text::tr("add: a group (repeatable)."),
                                   QStringLiteral("G"));
    const QCommandLineOption subscribe(QStringLiteral("subscribe"),
                                       Text::tr("add: also ask to see the contact's presence."));
    const QCommandLineOption show(QStringLiteral("show"),
                                  Text::tr("presence: away, chat, dnd or xa."),
                                  QStringLiteral("SHOW"));
    const QCommandLineOption status(QStringLiteral("status"), Text::tr("presence: status message."),
                                    QStringLiteral("TEXT"));
    const QCommandLineOption priority(QStringLiteral("priority"),
                                      Text::tr("presence: priority, -128 to 127."),
                                      QStringLiteral("N"));
    const QCommandLineOption stay(QStringLiteral("stay"),
                                  Text::tr("presence: stay online SECONDS, then exit."),
                                  QStringLiteral("SECONDS"));
    const QCommandLineOption profile(
        QStringLiteral("profile"),
        Text::tr("history, search: the profile whose message store is used (default: %1).")
            .arg(AccountStore::defaultProfile()),
        QStringLiteral("NAME"), AccountStore::defaultProfile());
    const QCommandLineOption limit(QStringLiteral("limit"),
                                   Text::tr("history, search: at most N messages (default 50)."),
                                   QStringLiteral("N"));
    parser.addOptions({json, debugXml, type, subject, count, name, group, subscribe, show, status,
                       priority, stay, profile, limit});
    parser.addPositionalArgument(QStringLiteral("command"), Text::tr("What to do (see above)."),
                                 QStringLiteral("COMMAND [ARGS]"));

    if (!parser.parse(arguments))
        return usage(parser.errorText());
    if (parser.isSet(help))
        return {std::nullopt, parser.helpText(), ExitCode::Ok};
    if (parser.isSet(version)) {
        return {std::nullopt, QStringLiteral("natter-cli ") + QStringLiteral(NATTER_VERSION),
                ExitCode::Ok};
    }

    QStringList args = parser.positionalArguments();
    if (args.isEmpty())
        return usage(Text::tr("No command given."));
    const auto it = commands().find(args.takeFirst());
    if (it == commands().end())
        return usage(Text::tr("Unknown command “%1”.").arg(parser.positionalArguments().first()));

    CliRequest r;
    using C = CliRequest::Command;
    r.command = it->second;
    r.json = parser.isSet(json);
    r.debugXml = parser.isSet(debugXml);

    // Options that only make sense for one command.
    const std::pair<const QCommandLineOption *, QList<C>> owners[] = {
        {&type, {C::Send}},
        {&subject, {C::Send}},
        {&count, {C::Listen}},
        {&name, {C::Add}},
        {&group, {C::Add}},
        {&subscribe, {C::Add}},
        {&show, {C::Presence}},
        {&status, {C::Presence}},
        {&priority, {C::Presence}},
        {&stay, {C::Presence}},
        {&profile, {C::History, C::Search}},
        {&limit, {C::History, C::Search}},
    };
    for (const auto &[option, allowed] : owners) {
        if (parser.isSet(*option) && !allowed.contains(r.command)) {
            return usage(Text::tr("The option --%1 does not apply to “%2”.")
                             .arg(option->names().first(), parser.positionalArguments().first()));
        }
    }

    const qsizetype expectedArgs = [&]() -> qsizetype {
        switch (r.command) {
        case C::Send:
            return 2;
        case C::Listen:
        case C::Roster:
        case C::Presence:
        case C::Online:
            return 0;
        default:
            return 1;
        }
    }();
    if (args.size() != expectedArgs) {
        return usage(Text::tr("“%1” takes %n argument(s).", nullptr, int(expectedArgs))
                         .arg(parser.positionalArguments().first()));
    }
    if (r.command == C::Search) {
        r.text = args.first();
        if (r.text.trimmed().isEmpty())
            return usage(Text::tr("Nothing to search for."));
    } else if (expectedArgs >= 1) {
        const Jid::ParseResult contact = Jid::parse(args.first());
        if (!contact.ok())
            return usage(
                Text::tr("“%1” is not a valid address: %2").arg(args.first(), contact.message()));
        r.contact = contact.jid;
        // Contacts and subscriptions are about bare JIDs (RFC 6121 §2.1, §3).
        if (r.command != C::Send)
            r.contact = r.contact.bare();
    }
    if (r.command == C::Send) {
        r.body = args.at(1);
        if (parser.isSet(type)) {
            const auto t = Message::typeFromName(parser.value(type));
            if (!t || *t == Message::Type::Error || *t == Message::Type::Groupchat)
                return usage(Text::tr("--type must be chat, normal or headline."));
            r.messageType = *t;
        }
        r.subject = parser.value(subject);
    }
    if (parser.isSet(count)) {
        bool ok = false;
        r.count = parser.value(count).toInt(&ok);
        if (!ok || r.count <= 0)
            return usage(Text::tr("--count must be a positive number."));
    }
    r.name = parser.value(name);
    for (const QString &g : parser.values(group)) {
        if (!g.trimmed().isEmpty())
            r.groups.append(g.trimmed());
    }
    r.subscribe = parser.isSet(subscribe);
    if (parser.isSet(show)) {
        const auto s = Presence::showFromName(parser.value(show));
        if (!s)
            return usage(Text::tr("--show must be away, chat, dnd or xa."));
        r.show = *s;
    }
    r.status = parser.value(status);
    if (parser.isSet(priority)) {
        bool ok = false;
        r.priority = parser.value(priority).toInt(&ok);
        if (!ok || r.priority < -128 || r.priority > 127)
            return usage(Text::tr("--priority must be a number from -128 to 127."));
    }
    if (parser.isSet(stay)) {
        bool ok = false;
        r.staySeconds = parser.value(stay).toInt(&ok);
        if (!ok || r.staySeconds < 0)
            return usage(Text::tr("--stay must be a number of seconds."));
    }

    r.profile = parser.value(profile);
    if (const QString error = AccountStore::profileNameError(r.profile); !error.isEmpty())
        return usage(error);
    if (parser.isSet(limit)) {
        bool ok = false;
        r.limit = parser.value(limit).toInt(&ok);
        if (!ok || r.limit <= 0)
            return usage(Text::tr("--limit must be a positive number."));
    }

    r.connection = connection.read(parser, true);
    if (!r.connection.ok())
        return usage(r.connection.error);
    return {r, {}, ExitCode::Ok};
}

} // namespace natter::cli
