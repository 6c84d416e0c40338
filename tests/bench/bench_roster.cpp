// SPDX-License-Identifier: GPL-3.0-or-later
//
// bench_roster: figure 6 of the performance issue.
//
//   "100,000 contacts loaded from a roster result into the model and the grouped, sorted view
//    ≤ 300 ms; a filter keystroke on them ≤ 20 ms; one presence change touches one row."
//
// Each run builds what the roster window has: an Account over a fake transport (FakeTransport:
// the real StreamParser, no network) with RosterExtension and PresenceExtension, a RosterModel,
// a RosterFilterModel showing offline contacts too (the worst case: every contact visible) and
// the real RosterView on the offscreen platform, shown. Then it times
//   load      the roster result stanza delivered to the Account -> RosterExtension parses it ->
//             RosterModel loads (and sorts) -> the proxy filters every group -> the view lays out
//             and paints (QWidget::grab()); the parse of the stanza's bytes is timed apart
//   keystroke typing "alice" letter by letter into the filter, then clearing it: the proxy
//             re-filters, the view unfolds every group (RosterView::setFiltering) and paints
//   presence  one contact comes online: the dataChanged rows of the model and the proxy are
//             counted (must be the contact's rows, one per group), and the view paints
// Times are processor times of this process (the machine is shared; wall clock alongside).
//
//   bench_roster [--contacts N] [--runs N] [--smoke] [--json FILE]
//
// Fails (exit 1) only when something misbehaves: a wrong contact count, rows missing from the
// view, or a presence change that touches other rows than the contact's.
#include "BenchSupport.h"
#include "FakeTransport.h"
#include "RosterView.h"
#include "account/Account.h"
#include "ext/PresenceExtension.h"
#include "ext/RosterExtension.h"
#include "models/RosterFilterModel.h"
#include "models/RosterModel.h"
#include "payloads/RosterQuery.h"
#include "xml/Namespaces.h"
#include "xml/StreamParser.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLoggingCategory>
#include <QSignalSpy>

#include <cstdio>
#include <memory>

using namespace natter;
using namespace natter::bench;
using namespace Qt::StringLiterals;

namespace {

const Jid OwnJid = Jid::fromString(u"juliet@example.com/balcony");

const QStringList GroupNames = {
    u"Family"_s,  u"Friends"_s,    u"Work"_s,       u"Football club"_s, u"Neighbours"_s,
    u"School"_s,  u"University"_s, u"Choir"_s,      u"Book club"_s,     u"Climbing"_s,
    u"Clients"_s, u"Suppliers"_s,  u"Conference"_s, u"Open source"_s,   u"Gaming"_s,
    u"Travel"_s,  u"Café"_s,       u"Über uns"_s,   u"Ørsted"_s,        u"家族"_s};
const QStringList FirstNames = {u"Alice"_s,  u"Bob"_s,     u"Chloé"_s,  u"Dmitri"_s, u"Eve"_s,
                                u"Fatima"_s, u"Günther"_s, u"Hiro"_s,   u"Ingrid"_s, u"José"_s,
                                u"Kwame"_s,  u"Lena"_s,    u"Miguel"_s, u"Nadia"_s,  u"Olaf"_s,
                                u"Priya"_s,  u"Quentin"_s, u"Rosa"_s,   u"Sven"_s,   u"Tomasz"_s};

// The bytes of a roster result (RFC 6121 §2.1.4) with `contacts` items: one in ten without a
// group, one in seven in two groups.
QByteArray rosterResult(int contacts, const QString &id)
{
    RosterQuery query;
    query.items.reserve(contacts);
    for (int i = 0; i < contacts; ++i) {
        RosterItem item;
        item.jid = Jid::fromParts(u"contact%1"_s.arg(i), u"example.org"_s);
        item.name = u"%1 %2"_s.arg(FirstNames.at(i % FirstNames.size())).arg(i);
        item.subscription = RosterItem::Subscription::Both;
        if (i % 10 != 0)
            item.groups << GroupNames.at(i % GroupNames.size());
        if (i % 7 == 0)
            item.groups << GroupNames.at((i / 7) % GroupNames.size());
        item.groups = RosterItem::normalizedGroups(item.groups);
        query.items.append(item);
    }
    XmlElement result(ns::Client, u"iq"_s);
    result.setAttribute(u"type"_s, u"result"_s);
    result.setAttribute(u"id"_s, id);
    result.appendChild(query.toElement());
    return result.toXml(ns::Client);
}

// The stanza of those bytes, as the connection's parser delivers it.
XmlElement parseStanza(const QByteArray &bytes)
{
    StreamParser parser;
    parser.setLimits({64 * 1024 * 1024, 96, 128});
    parser.feed("<stream:stream xmlns='jabber:client' "
                "xmlns:stream='http://etherx.jabber.org/streams'>");
    for (qsizetype at = 0; at < bytes.size(); at += 1500)
        parser.feed(QByteArrayView(bytes).sliced(at, std::min<qsizetype>(1500, bytes.size() - at)));
    while (true) {
        StreamParser::Event event = parser.next();
        if (event.type == StreamParser::EventType::Stanza)
            return event.element;
        if (event.type == StreamParser::EventType::NeedMoreData ||
            event.type == StreamParser::EventType::Error) {
            std::fprintf(stderr, "the roster result does not parse: %s\n",
                         qUtf8Printable(event.errorText));
            return {};
        }
    }
}

// What the roster window holds.
struct Window
{
    Window()
    {
        transport = new FakeTransport;
        SessionInfo session;
        session.jid = OwnJid;
        transport->setSession(session);
        account = std::make_unique<Account>(transport);
        roster = new RosterExtension(account.get());
        presence = new PresenceExtension(account.get(), roster);
        ConnectionSettings settings;
        settings.jid = OwnJid.bare();
        account->setSettings(settings);
        account->connectToServer();
        model = std::make_unique<RosterModel>(roster, presence);
        proxy = std::make_unique<RosterFilterModel>();
        proxy->setSourceModel(model.get());
        proxy->setShowOffline(true);
        view = std::make_unique<RosterView>();
        view->setModel(proxy.get());
        view->resize(320, 800);
        view->show();
        view->grab(); // the empty roster painted once, as in the window before the result
    }

    QString rosterGetId() const
    {
        for (const XmlElement &sent : transport->sent()) {
            if (sent.name() == u"iq" && sent.firstChild().is(ns::Roster, u"query"))
                return sent.attribute(u"id");
        }
        return {};
    }

    // Every group's rows through the proxy: what an unfolded view shows.
    int visibleContactRows() const
    {
        int rows = 0;
        for (int row = 0; row < proxy->rowCount(); ++row)
            rows += proxy->rowCount(proxy->index(row, 0));
        return rows;
    }

    // What RosterWindow does on a keystroke in its search field. Returns the processor time of
    // the proxy's share: filtering every group's rows (which the view would ask for while
    // laying out).
    double typeFilter(const QString &text)
    {
        const double start = cpuMs();
        proxy->setFilterText(text);
        visibleContactRows();
        const double filtered = cpuMs();
        view->setFiltering(!text.trimmed().isEmpty());
        view->grab();
        return filtered - start;
    }

    std::unique_ptr<Account> account;
    FakeTransport *transport = nullptr;
    RosterExtension *roster = nullptr;
    PresenceExtension *presence = nullptr;
    std::unique_ptr<RosterModel> model;
    std::unique_ptr<RosterFilterModel> proxy;
    std::unique_ptr<RosterView> view;
};

// Processor and wall-clock time of one step.
struct Lap
{
    Lap()
        : cpu(cpuMs())
    {
        wall.start();
    }
    double cpuElapsed() const { return cpuMs() - cpu; }
    double wallElapsed() const { return msSince(wall); }
    double cpu;
    QElapsedTimer wall;
};

int contactRows(const QSignalSpy &spy)
{
    int rows = 0;
    for (const QList<QVariant> &args : spy) {
        const QModelIndex first = args.at(0).toModelIndex();
        const QModelIndex last = args.at(1).toModelIndex();
        if (first.parent().isValid())
            rows += last.row() - first.row() + 1;
    }
    return rows;
}

} // namespace

int main(int argc, char *argv[])
{
    // The offscreen platform unless told otherwise: no display needed, and the same everywhere.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"*.info=false"_s);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Roster model and view with many contacts (figure 6)."_s);
    parser.addHelpOption();
    const QCommandLineOption contactsOption(
        u"contacts"_s, u"Contacts in the roster (default 100000; 2000 with --smoke)."_s, u"n"_s);
    parser.addOption(contactsOption);
    addCommonOptions(parser);
    parser.process(app);
    const CommonOptions common = commonOptions(parser);
    const int contacts = parser.isSet(contactsOption) ? parser.value(contactsOption).toInt()
                                                      : (common.smoke ? 2000 : 100'000);
    if (contacts < 100) {
        std::fprintf(stderr, "--contacts: at least 100\n");
        return 2;
    }
    const int runs = common.runsOr(5, 2);
    const QStringList keystrokes = {u"a"_s,     u"al"_s,      u"ali"_s,   u"alic"_s,
                                    u"alice"_s, u"alice 4"_s, u"alice"_s, QString()};

    Report report(u"bench_roster"_s, common);
    report.setParameter(u"contacts"_s, contacts);
    report.setParameter(u"groups"_s, GroupNames.size() + 1);
    report.setParameter(u"platform"_s, QApplication::platformName());
    report.printHeader(u"%1 contacts in %2 groups and \"Contacts\", all shown (offline too), "
                       "RosterView on %3; %4 runs; processor times"_s.arg(contacts)
                           .arg(GroupNames.size())
                           .arg(QApplication::platformName())
                           .arg(runs));

    std::vector<double> parseMs, loadMs, loadWallMs, modelMs, proxyMs, viewMs, keyMs, keyWallMs,
        firstKeyMs, keyProxyMs, presenceMs;
    double firstRunRssMiB = 0;
    int modelRows = 0;
    int proxyRows = 0;
    int expectedRows = 0;
    for (int run = 0; run < runs; ++run) {
        Window window;
        const QByteArray bytes = rosterResult(contacts, window.rosterGetId());
        report.setParameter(u"rosterResultBytes"_s, bytes.size());
        Lap parse;
        const XmlElement stanza = parseStanza(bytes);
        parseMs.push_back(parse.cpuElapsed());
        if (stanza.isNull())
            return 1;

        const qint64 rssBefore = rssKiB();
        Lap load;
        window.transport->inject(stanza);
        const double model = load.cpuElapsed();
        const int visible = window.visibleContactRows();
        const double proxy = load.cpuElapsed();
        window.view->grab();
        loadMs.push_back(load.cpuElapsed());
        if (run == 0) // later runs reuse the memory the first one freed
            firstRunRssMiB = double(rssKiB() - rssBefore) / 1024;
        loadWallMs.push_back(load.wallElapsed());
        modelMs.push_back(model);
        proxyMs.push_back(proxy - model);
        viewMs.push_back(loadMs.back() - proxy);
        if (window.model->contactCount() != contacts || visible < contacts) {
            std::fprintf(stderr, "loaded %d contacts, %d rows visible, of %d\n",
                         window.model->contactCount(), visible, contacts);
            return 1;
        }
        if (window.view->indexAt(QPoint(10, 10)) != window.proxy->index(0, 0)) {
            std::fprintf(stderr, "the view does not show the first group at its top\n");
            return 1;
        }

        QStringList keys;
        for (qsizetype i = 0; i < keystrokes.size(); ++i) {
            Lap key;
            keyProxyMs.push_back(window.typeFilter(keystrokes.at(i)));
            keyMs.push_back(key.cpuElapsed());
            keyWallMs.push_back(key.wallElapsed());
            if (i == 0)
                firstKeyMs.push_back(keyMs.back());
            keys << u"'%1' %2 (proxy %3)"_s.arg(keystrokes.at(i))
                        .arg(keyMs.back(), 0, 'f', 1)
                        .arg(keyProxyMs.back(), 0, 'f', 1);
        }
        if (window.visibleContactRows() != visible) {
            std::fprintf(stderr, "clearing the filter shows %d rows, not %d\n",
                         window.visibleContactRows(), visible);
            return 1;
        }

        // A contact in one group (i % 7 != 0, i % 10 != 0) comes online.
        int pick = contacts / 2;
        while (pick % 7 == 0 || pick % 10 == 0)
            ++pick;
        const QString bare = u"contact%1@example.org"_s.arg(pick);
        expectedRows = int(window.model->indexesFor(Jid::fromString(bare)).size());
        QSignalSpy modelChanged(window.model.get(), &QAbstractItemModel::dataChanged);
        QSignalSpy proxyChanged(window.proxy.get(), &QAbstractItemModel::dataChanged);
        const XmlElement available = FakeTransport::parse(u"<presence from='%1/x'/>"_s.arg(bare));
        Lap presence;
        window.transport->inject(available);
        window.view->grab();
        presenceMs.push_back(presence.cpuElapsed());
        modelRows = contactRows(modelChanged);
        proxyRows = contactRows(proxyChanged);
        if (modelRows != expectedRows || proxyRows != expectedRows) {
            std::fprintf(stderr,
                         "one presence change touched %d model and %d proxy contact rows, "
                         "not %d\n",
                         modelRows, proxyRows, expectedRows);
            return 1;
        }
        std::printf("  run %d: parse %.0f; load %.0f (model %.0f, proxy %.0f, view %.0f; wall "
                    "%.0f); keystrokes %s; presence %.2f ms\n",
                    run + 1, parseMs.back(), loadMs.back(), model, proxy - model, viewMs.back(),
                    loadWallMs.back(), qUtf8Printable(keys.join(u", "_s)), presenceMs.back());
        std::fflush(stdout);
    }

    const Stats load = statsOf(loadMs);
    const Stats keys = statsOf(keyMs);
    const Stats firstKey = statsOf(firstKeyMs);
    report.add({u"roster.parse"_s,
                u"parse the roster result's bytes (StreamParser)"_s,
                u"ms"_s,
                {},
                statsOf(parseMs),
                u"not in the load"_s});
    report.add({u"roster.load"_s,
                u"load: result -> model -> sorted view, painted"_s,
                u"ms"_s,
                u"≤ 300 ms"_s,
                load,
                {},
                verdictAtMost(load, 300)});
    report.add({u"roster.load_first"_s,
                u"load, the first run in this process"_s,
                u"ms"_s,
                u"≤ 300 ms"_s,
                {},
                QString::number(loadMs.front(), 'f', 0),
                loadMs.front() <= 300 ? Figure::Verdict::Meets : Figure::Verdict::Misses});
    report.add({u"roster.load_rss"_s,
                u"resident memory the first load adds"_s,
                u"MiB"_s,
                {},
                {},
                QString::number(firstRunRssMiB, 'f', 1)});
    report.add({u"roster.load_wall"_s,
                u"load, wall clock"_s,
                u"ms"_s,
                {},
                statsOf(loadWallMs),
                u"load average %1"_s.arg(loadAverage())});
    report.add({u"roster.load_model"_s,
                u"  of which Account + RosterExtension + RosterModel"_s,
                u"ms"_s,
                {},
                statsOf(modelMs),
                {}});
    report.add({u"roster.load_proxy"_s,
                u"  of which RosterFilterModel (filter)"_s,
                u"ms"_s,
                {},
                statsOf(proxyMs),
                {}});
    report.add({u"roster.load_view"_s,
                u"  of which RosterView (layout, paint)"_s,
                u"ms"_s,
                {},
                statsOf(viewMs),
                {}});
    // Every keystroke must be fast: the verdict is on the slowest.
    Stats worstKey = keys;
    worstKey.median = keys.max;
    report.add({u"roster.keystroke"_s, u"filter keystroke (%1 per run)"_s.arg(keystrokes.size()),
                u"ms"_s, u"≤ 20 ms"_s, keys, u"verdict on the max"_s, verdictAtMost(worstKey, 20)});
    report.add({u"roster.keystroke_first"_s,
                u"  the first ('a': most matches)"_s,
                u"ms"_s,
                u"≤ 20 ms"_s,
                firstKey,
                {},
                verdictAtMost(firstKey, 20)});
    report.add({u"roster.keystroke_proxy"_s,
                u"  of which RosterFilterModel (filter)"_s,
                u"ms"_s,
                {},
                statsOf(keyProxyMs),
                u"the rest: RosterView layout and paint"_s});
    report.add({u"roster.keystroke_wall"_s,
                u"filter keystroke, wall clock"_s,
                u"ms"_s,
                {},
                statsOf(keyWallMs),
                {}});
    report.add({u"roster.presence"_s,
                u"one presence change, painted"_s,
                u"ms"_s,
                {},
                statsOf(presenceMs),
                {}});
    report.add(
        {u"roster.presence_rows"_s,
         u"rows one presence change touches"_s,
         u"rows"_s,
         u"one row"_s,
         {},
         u"model %1, proxy %2 (the contact's groups: %3)"_s.arg(modelRows).arg(proxyRows).arg(
             expectedRows),
         modelRows == 1 && proxyRows == 1 ? Figure::Verdict::Meets : Figure::Verdict::Misses});
    return report.print() ? 0 : 2;
}
