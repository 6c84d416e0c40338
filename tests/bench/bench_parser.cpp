// SPDX-License-Identifier: GPL-3.0-or-later
//
// bench_parser: figure 1 of the performance issue.
//
//   "StreamParser + stanza parsing over a recorded 50 MB stream of mixed stanzas, fed in
//    1,500-byte chunks, reaches at least 50 % of the throughput of a bare QXmlStreamReader pass
//    over the same bytes; one 10 MB stanza fed in 1 KB chunks costs no more than 1.2x the same
//    stanza fed whole."
//
// The stream is generated deterministically (a seeded generator): chat messages with bodies,
// threads, receipts, chat states, origin- and stanza-ids, delays, carbons and MAM results;
// presences with caps, show, status, priority, delay and avatar hashes; roster pushes and roster
// results, disco#info results, vCards with photos (the big ones), prefixed namespaces, entity
// and character references, CDATA and non-ASCII text.
//
// Natter's pass is what a connection does with the bytes: StreamParser fed in 1,500-byte chunks
// (one TCP segment), then for every stanza what Account::onStanza and the extensions read first
// (kind, from as a JID, type, id; a message's body, a presence's show / status / priority, an
// iq's payload). The floor is a bare QXmlStreamReader reading every token of the same bytes in
// one piece. Each run times both, interleaved, and gives one ratio.
//
//   bench_parser [--megabytes N] [--stanza-megabytes N] [--runs N] [--smoke] [--json FILE]
//
// It fails (exit 1) only when a pass misbehaves: a parse error, or a stanza count other than the
// generator's.
#include "BenchSupport.h"
#include "stanza/Iq.h"
#include "stanza/Message.h"
#include "stanza/Presence.h"
#include "xml/StreamParser.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QXmlStreamReader>

#include <cstdio>
#include <random>

using namespace natter;
using namespace natter::bench;
using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype StreamChunk = 1500;
constexpr qsizetype StanzaChunk = 1024;

const QByteArray StreamHeader =
    "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
    "xmlns:stream='http://etherx.jabber.org/streams' from='example.org' id='b3Jk9' "
    "to='juliet@example.org' version='1.0' xml:lang='en'>";
const QByteArray StreamFooter = "</stream:stream>";

// A deterministic source of choices and text.
class Generator
{
public:
    explicit Generator(quint32 seed)
        : m_rng(seed)
    {}

    int below(int n) { return int(m_rng() % quint32(n)); }
    bool chance(int percent) { return below(100) < percent; }

    QByteArray contact() { return "contact" + QByteArray::number(below(5000)) + "@example.net"; }
    QByteArray resource()
    {
        static const char *const names[] = {"phone", "laptop", "Gajim.x7Q", "conversations.aB3d",
                                            "home"};
        return names[below(5)];
    }
    QByteArray id() { return "id-" + QByteArray::number(m_rng(), 36); }
    QByteArray uuid()
    {
        QByteArray hex =
            QByteArray::number(quint64(m_rng()) << 32 | m_rng(), 16).rightJustified(16, '0');
        hex += QByteArray::number(quint64(m_rng()) << 32 | m_rng(), 16).rightJustified(16, '0');
        return hex.left(8) + '-' + hex.mid(8, 4) + '-' + hex.mid(12, 4) + '-' + hex.mid(16, 4) +
               '-' + hex.mid(20, 12);
    }

    // Chat text: words, escapes, sometimes non-ASCII (é, ü, emoji, CJK) and character references.
    QByteArray text(int words)
    {
        static const char *const vocabulary[] = {"hello",
                                                 "ok",
                                                 "see",
                                                 "you",
                                                 "tomorrow",
                                                 "the",
                                                 "meeting",
                                                 "is",
                                                 "at",
                                                 "3pm",
                                                 "thanks",
                                                 "&amp;",
                                                 "&lt;3",
                                                 "&quot;yes&quot;",
                                                 "it&apos;s",
                                                 "café",
                                                 "über",
                                                 "naïve",
                                                 "😀",
                                                 "日本語",
                                                 "&#x1F389;",
                                                 "&#233;t&#233;",
                                                 "a&gt;b",
                                                 "link:",
                                                 "https://example.org/path?a=1&amp;b=2"};
        constexpr int count = int(sizeof(vocabulary) / sizeof(*vocabulary));
        QByteArray out;
        for (int i = 0; i < words; ++i) {
            if (i)
                out += ' ';
            // Mostly the plain words at the front.
            out += vocabulary[chance(80) ? below(11) : below(count)];
        }
        return out;
    }

    QByteArray base64(int bytes)
    {
        QByteArray raw(bytes, Qt::Uninitialized);
        for (char &c : raw)
            c = char(m_rng());
        QByteArray encoded = raw.toBase64();
        // Lines of 76 characters, as vCards carry them.
        QByteArray wrapped;
        wrapped.reserve(encoded.size() + encoded.size() / 76 + 1);
        for (qsizetype i = 0; i < encoded.size(); i += 76)
            wrapped += encoded.mid(i, 76) + '\n';
        return wrapped;
    }

private:
    std::mt19937 m_rng;
};

QByteArray delay(Generator &g)
{
    return "<delay xmlns='urn:xmpp:delay' from='example.org' stamp='2026-11-" +
           QByteArray::number(10 + g.below(18)) + "T1" + QByteArray::number(g.below(10)) + ":0" +
           QByteArray::number(g.below(10)) + ":17.123Z'/>";
}

QByteArray chatMessage(Generator &g, const QByteArray &from, const QByteArray &to)
{
    QByteArray m = "<message from='" + from + "' to='" + to + "' type='chat' id='" + g.id() +
                   "' xml:lang='en'>";
    if (g.chance(10))
        m += "<body><![CDATA[<code> & stuff]]> " + g.text(3) + "</body>";
    else
        m += "<body>" + g.text(2 + g.below(30)) + "</body>";
    if (g.chance(30))
        m += "<thread>" + g.uuid() + "</thread>";
    m += "<active xmlns='http://jabber.org/protocol/chatstates'/>";
    m += "<request xmlns='urn:xmpp:receipts'/><markable xmlns='urn:xmpp:chat-markers:0'/>";
    m += "<origin-id xmlns='urn:xmpp:sid:0' id='" + g.uuid() + "'/>";
    m += "<stanza-id xmlns='urn:xmpp:sid:0' by='juliet@example.org' id='" + g.uuid() + "'/>";
    if (g.chance(20))
        m += delay(g);
    if (g.chance(5)) {
        m += "<x:reference xmlns:x='urn:xmpp:reference:0' type='mention' begin='0' end='5' "
             "uri='xmpp:juliet@example.org'/>";
    }
    return m + "</message>";
}

QByteArray presence(Generator &g)
{
    QByteArray p =
        "<presence from='" + g.contact() + '/' + g.resource() + "' to='juliet@example.org/balcony'";
    if (g.chance(10))
        return p + " type='unavailable'/>";
    p += '>';
    static const char *const shows[] = {"away", "xa", "dnd", "chat"};
    if (g.chance(40))
        p += "<show>" + QByteArray(shows[g.below(4)]) + "</show>";
    if (g.chance(50))
        p += "<status>" + g.text(1 + g.below(8)) + "</status>";
    p += "<priority>" + QByteArray::number(g.below(50)) + "</priority>";
    p += "<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' "
         "node='http://conversations.im' ver='" +
         g.base64(20).trimmed() + "'/>";
    if (g.chance(50)) {
        p += "<x xmlns='vcard-temp:x:update'><photo>" +
             QByteArray::number(quint64(g.below(1 << 30)) * 7919, 16).rightJustified(40, 'a') +
             "</photo></x>";
    }
    if (g.chance(30))
        p += delay(g);
    if (g.chance(10))
        p += "<idle xmlns='urn:xmpp:idle:1' since='2026-11-25T21:11:00Z'/>";
    return p + "</presence>";
}

QByteArray rosterItem(Generator &g)
{
    static const char *const groups[] = {"Friends", "Work", "Family &amp; co", "Café", "Gaming"};
    QByteArray item =
        "<item jid='" + g.contact() + "' name='" + g.text(2) + "' subscription='both'>";
    for (int i = g.below(3); i > 0; --i)
        item += "<group>" + QByteArray(groups[g.below(5)]) + "</group>";
    return item + "</item>";
}

QByteArray stanza(Generator &g)
{
    const int kind = g.below(1000);
    if (kind < 450)
        return chatMessage(g, g.contact() + '/' + g.resource(), "juliet@example.org/balcony");
    if (kind < 800)
        return presence(g);
    if (kind < 850) { // a carbon
        return "<message from='juliet@example.org' to='juliet@example.org/balcony' "
               "type='chat'><received xmlns='urn:xmpp:carbons:2'><forwarded "
               "xmlns='urn:xmpp:forward:0'>" +
               chatMessage(g, g.contact() + '/' + g.resource(), "juliet@example.org/phone")
                   .replace("<message ", "<message xmlns='jabber:client' ") +
               "</forwarded></received></message>";
    }
    if (kind < 900) { // a MAM result
        return "<message to='juliet@example.org/balcony' id='" + g.id() +
               "'><result xmlns='urn:xmpp:mam:2' queryid='q1' id='" + g.uuid() +
               "'><forwarded xmlns='urn:xmpp:forward:0'>" + delay(g) +
               chatMessage(g, g.contact() + '/' + g.resource(), "juliet@example.org")
                   .replace("<message ", "<message xmlns='jabber:client' ") +
               "</forwarded></result></message>";
    }
    if (kind < 930) // a roster push
        return "<iq type='set' id='" + g.id() + "'><query xmlns='jabber:iq:roster' ver='v" +
               g.id() + "'>" + rosterItem(g) + "</query></iq>";
    if (kind < 970) { // an iq result with disco#info
        QByteArray iq = "<iq type='result' from='" + g.contact() + '/' + g.resource() +
                        "' to='juliet@example.org/balcony' id='" + g.id() +
                        "'><query xmlns='http://jabber.org/protocol/disco#info' "
                        "node='http://conversations.im#abc'><identity category='client' "
                        "type='phone' name='Conversations'/>";
        static const char *const features[] = {"http://jabber.org/protocol/caps",
                                               "http://jabber.org/protocol/chatstates",
                                               "http://jabber.org/protocol/disco#info",
                                               "urn:xmpp:receipts",
                                               "urn:xmpp:ping",
                                               "urn:xmpp:chat-markers:0",
                                               "urn:xmpp:message-correct:0",
                                               "urn:xmpp:avatar:metadata+notify"};
        for (const char *feature : features)
            iq += "<feature var='" + QByteArray(feature) + "'/>";
        return iq + "</query></iq>";
    }
    if (kind < 990) // an empty iq result, a ping
        return g.chance(50) ? "<iq type='result' id='" + g.id() + "' from='example.org'/>"
                            : "<iq type='get' id='" + g.id() +
                                  "' from='example.org'><ping "
                                  "xmlns='urn:xmpp:ping'/></iq>";
    if (kind < 997) { // a roster result of 100 to 300 items
        QByteArray iq = "<iq type='result' id='" + g.id() + "'><query xmlns='jabber:iq:roster'>";
        for (int i = 100 + g.below(200); i > 0; --i)
            iq += rosterItem(g);
        return iq + "</query></iq>";
    }
    // A vCard with a photo of 20 to 200 KB: the big ones.
    return "<iq type='result' from='" + g.contact() + "' id='" + g.id() +
           "'><vCard xmlns='vcard-temp'><FN>" + g.text(2) +
           "</FN><PHOTO><TYPE>image/jpeg</TYPE><BINVAL>" + g.base64(20'000 + g.below(180'000)) +
           "</BINVAL></PHOTO></vCard></iq>";
}

struct Stream
{
    QByteArray bytes;
    int stanzas = 0;
};

Stream makeStream(qsizetype bytes, quint32 seed)
{
    Generator g(seed);
    Stream s;
    s.bytes.reserve(bytes + 256 * 1024);
    s.bytes += StreamHeader;
    while (s.bytes.size() < bytes) {
        s.bytes += stanza(g);
        ++s.stanzas;
        if (g.chance(2))
            s.bytes += ' '; // a whitespace keepalive
    }
    s.bytes += StreamFooter;
    return s;
}

// One stanza of about `bytes`: an iq result with a roster of items and a vCard photo, half each.
Stream makeBigStanza(qsizetype bytes, quint32 seed)
{
    Generator g(seed);
    QByteArray iq = "<iq type='result' id='big' to='juliet@example.org/balcony'>"
                    "<query xmlns='jabber:iq:roster' ver='v1'>";
    while (iq.size() < bytes / 2)
        iq += rosterItem(g);
    iq += "</query><vCard xmlns='vcard-temp'><PHOTO><BINVAL>";
    iq += g.base64(int((bytes - iq.size()) * 3 / 4));
    iq += "</BINVAL></PHOTO></vCard></iq>";
    return {StreamHeader + iq + StreamFooter, 1};
}

// What the passes count, so that nothing is optimised away and misbehaviour shows.
struct Tally
{
    int stanzas = 0;
    int messages = 0;
    int presences = 0;
    int iqs = 0;
    qint64 characters = 0; // of the fields read
    bool closed = false;
    QString error;
};

// What Account::onStanza and the extensions read first.
void readStanza(const XmlElement &element, Tally &t)
{
    ++t.stanzas;
    const Stanza stanza(element);
    if (stanza.hasFrom() && stanza.from().isNull())
        t.error = u"invalid from: "_s + element.attribute(u"from");
    t.characters += stanza.id().size();
    switch (Stanza::kindOf(element)) {
    case Stanza::Kind::Message: {
        ++t.messages;
        const Message m(element);
        t.characters += int(m.type()) + m.body().size() + m.originId().size();
        break;
    }
    case Stanza::Kind::Presence: {
        ++t.presences;
        const Presence p(element);
        t.characters += int(p.type()) + int(p.show()) + p.status().size() + p.priority();
        break;
    }
    case Stanza::Kind::Iq: {
        ++t.iqs;
        const Iq iq(element);
        t.characters += int(iq.type()) + iq.payload().name().size();
        break;
    }
    case Stanza::Kind::Other:
        break;
    }
}

Tally natterPass(const QByteArray &bytes, qsizetype chunk, const StreamParser::Limits &limits)
{
    StreamParser parser(limits);
    Tally t;
    for (qsizetype at = 0; at < bytes.size() && t.error.isEmpty(); at += chunk) {
        parser.feed(QByteArrayView(bytes).sliced(at, std::min(chunk, bytes.size() - at)));
        while (true) {
            StreamParser::Event event = parser.next();
            if (event.type == StreamParser::EventType::NeedMoreData)
                break;
            if (event.type == StreamParser::EventType::Error) {
                t.error = event.errorCondition + u": "_s + event.errorText;
                break;
            }
            if (event.type == StreamParser::EventType::Stanza)
                readStanza(event.element, t);
            else if (event.type == StreamParser::EventType::StreamClosed)
                t.closed = true;
        }
    }
    return t;
}

// The floor: every token of the same bytes, nothing kept; the bytes added in chunks of `chunk`.
Tally readerPass(const QByteArray &bytes, qsizetype chunk)
{
    QXmlStreamReader reader;
    Tally t;
    int depth = 0;
    qsizetype at = 0;
    while (true) {
        const QXmlStreamReader::TokenType token = reader.readNext();
        if (token == QXmlStreamReader::Invalid &&
            reader.error() == QXmlStreamReader::PrematureEndOfDocumentError) {
            if (at >= bytes.size())
                break;
            reader.addData(bytes.sliced(at, std::min(chunk, bytes.size() - at)));
            at += chunk;
            continue;
        }
        if (token == QXmlStreamReader::Invalid || token == QXmlStreamReader::EndDocument)
            break;
        switch (token) {
        case QXmlStreamReader::StartElement:
            ++depth;
            break;
        case QXmlStreamReader::EndElement:
            if (--depth == 1)
                ++t.stanzas;
            else if (depth == 0)
                t.closed = true;
            break;
        default:
            break;
        }
    }
    if (reader.hasError() && reader.error() != QXmlStreamReader::PrematureEndOfDocumentError)
        t.error = reader.errorString();
    return t;
}

bool check(const Tally &t, int expectedStanzas, const char *what)
{
    if (!t.error.isEmpty()) {
        std::fprintf(stderr, "%s: %s\n", what, qUtf8Printable(t.error));
        return false;
    }
    if (t.stanzas != expectedStanzas || !t.closed) {
        std::fprintf(stderr, "%s: %d stanzas of %d, stream %s\n", what, t.stanzas, expectedStanzas,
                     t.closed ? "closed" : "not closed");
        return false;
    }
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"StreamParser + stanza parsing against a bare QXmlStreamReader (figure 1)."_s);
    parser.addHelpOption();
    const QCommandLineOption megabytes(
        u"megabytes"_s, u"Size of the mixed stream (default 50; 2 with --smoke)."_s, u"n"_s);
    const QCommandLineOption stanzaMegabytes(
        u"stanza-megabytes"_s, u"Size of the one big stanza (default 10; 1 with --smoke)."_s,
        u"n"_s);
    const QCommandLineOption seedOption(u"seed"_s, u"Seed of the generator (default 6)."_s, u"n"_s,
                                        u"6"_s);
    parser.addOptions({megabytes, stanzaMegabytes, seedOption});
    addCommonOptions(parser);
    parser.process(app);
    const CommonOptions common = commonOptions(parser);
    const double streamMiB =
        parser.isSet(megabytes) ? parser.value(megabytes).toDouble() : (common.smoke ? 2 : 50);
    const double stanzaMiB = parser.isSet(stanzaMegabytes)
                                 ? parser.value(stanzaMegabytes).toDouble()
                                 : (common.smoke ? 1 : 10);
    const quint32 seed = parser.value(seedOption).toUInt();
    if (streamMiB <= 0 || stanzaMiB <= 0) {
        std::fprintf(stderr, "--megabytes, --stanza-megabytes: positive numbers\n");
        return 2;
    }
    const int runs = common.runsOr(5, 2);

    Report report(u"bench_parser"_s, common);
    const Stream stream = makeStream(qsizetype(streamMiB * 1024 * 1024), seed);
    const Stream big = makeBigStanza(qsizetype(stanzaMiB * 1024 * 1024), seed);
    report.setParameter(u"streamBytes"_s, stream.bytes.size());
    report.setParameter(u"streamStanzas"_s, stream.stanzas);
    report.setParameter(u"streamChunk"_s, StreamChunk);
    report.setParameter(u"bigStanzaBytes"_s, big.bytes.size());
    report.setParameter(u"bigStanzaChunk"_s, StanzaChunk);
    report.printHeader(
        u"a %1 MB stream of %2 mixed stanzas in %3-byte chunks; one %4 MB stanza "
        "in %5-byte chunks and whole; %6 runs"_s.arg(double(stream.bytes.size()) / 1e6, 0, 'f', 1)
            .arg(stream.stanzas)
            .arg(StreamChunk)
            .arg(double(big.bytes.size()) / 1e6, 0, 'f', 1)
            .arg(StanzaChunk)
            .arg(runs));

    StreamParser::Limits limits;
    // Room for the big stanza (the default limit of 4 MB would refuse it).
    limits.maxStanzaSize = std::max<qsizetype>(limits.maxStanzaSize, 2 * big.bytes.size());

    // Processor time: single-threaded work that the machine's other load does not inflate (the
    // wall-clock times are printed per run).
    std::vector<double> readerMs, readerChunkedMs, natterMs, ratios, wholeMs, chunkedMs, bigRatios,
        bigReaderMs;
    for (int run = 0; run < runs; ++run) {
        QElapsedTimer wall;
        wall.start();
        double cpu = cpuMs();
        const Tally floor = readerPass(stream.bytes, stream.bytes.size());
        readerMs.push_back(cpuMs() - cpu);
        cpu = cpuMs();
        const Tally floorChunked = readerPass(stream.bytes, StreamChunk);
        readerChunkedMs.push_back(cpuMs() - cpu);
        cpu = cpuMs();
        const Tally ours = natterPass(stream.bytes, StreamChunk, limits);
        natterMs.push_back(cpuMs() - cpu);
        if (!check(floor, stream.stanzas, "QXmlStreamReader pass") ||
            !check(floorChunked, stream.stanzas, "QXmlStreamReader pass in chunks") ||
            !check(ours, stream.stanzas, "StreamParser pass"))
            return 1;
        // The floor is the faster of the two bare passes.
        ratios.push_back(100.0 * std::min(readerMs.back(), readerChunkedMs.back()) /
                         natterMs.back());

        cpu = cpuMs();
        const Tally whole = natterPass(big.bytes, big.bytes.size(), limits);
        wholeMs.push_back(cpuMs() - cpu);
        cpu = cpuMs();
        const Tally chunked = natterPass(big.bytes, StanzaChunk, limits);
        chunkedMs.push_back(cpuMs() - cpu);
        cpu = cpuMs();
        const Tally bigFloor = readerPass(big.bytes, StanzaChunk);
        bigReaderMs.push_back(cpuMs() - cpu);
        if (!check(whole, 1, "big stanza whole") || !check(chunked, 1, "big stanza in chunks") ||
            !check(bigFloor, 1, "big stanza, bare reader"))
            return 1;
        bigRatios.push_back(chunkedMs.back() / wholeMs.back());
        std::printf("  run %d (processor ms): reader %.0f, in chunks %.0f; StreamParser + stanzas "
                    "%.0f (%.0f %%); big stanza whole %.1f, in chunks %.1f (%.2fx); wall %.0f ms\n",
                    run + 1, readerMs.back(), readerChunkedMs.back(), natterMs.back(),
                    ratios.back(), wholeMs.back(), chunkedMs.back(), bigRatios.back(),
                    msSince(wall));
        std::fflush(stdout);
    }

    const double mb = double(stream.bytes.size()) / 1e6;
    const auto throughput = [mb](std::vector<double> ms) {
        for (double &v : ms)
            v = mb / (v / 1e3);
        return statsOf(ms);
    };
    const Stats ratio = statsOf(ratios);
    const Stats bigRatio = statsOf(bigRatios);
    const QString cpuNote = u"processor time"_s;
    report.add({u"parser.reader_throughput"_s,
                u"bare QXmlStreamReader, whole stream"_s,
                u"MB/s"_s,
                {},
                throughput(readerMs),
                cpuNote});
    report.add({u"parser.reader_chunked_throughput"_s,
                u"bare QXmlStreamReader, %1-byte chunks"_s.arg(StreamChunk),
                u"MB/s"_s,
                {},
                throughput(readerChunkedMs),
                cpuNote});
    report.add({u"parser.natter_throughput"_s,
                u"StreamParser + stanzas, %1-byte chunks"_s.arg(StreamChunk),
                u"MB/s"_s,
                {},
                throughput(natterMs),
                cpuNote});
    report.add({u"parser.throughput_ratio"_s,
                u"StreamParser + stanzas / faster bare reader"_s,
                u"%"_s,
                u"≥ 50 %"_s,
                ratio,
                {},
                verdictAtLeast(ratio, 50)});
    report.add({u"parser.big_stanza_whole"_s,
                u"one big stanza fed whole"_s,
                u"ms"_s,
                {},
                statsOf(wholeMs),
                cpuNote});
    report.add({u"parser.big_stanza_chunked"_s,
                u"one big stanza fed in %1-byte chunks"_s.arg(StanzaChunk),
                u"ms"_s,
                {},
                statsOf(chunkedMs),
                cpuNote});
    report.add({u"parser.big_stanza_reader"_s,
                u"big stanza, bare QXmlStreamReader in %1-byte chunks"_s.arg(StanzaChunk),
                u"ms"_s,
                {},
                statsOf(bigReaderMs),
                cpuNote});
    report.add({u"parser.big_stanza_ratio"_s,
                u"big stanza: chunks / whole"_s,
                u"x"_s,
                u"≤ 1.2x"_s,
                bigRatio,
                {},
                verdictAtMost(bigRatio, 1.2)});
    return report.print() ? 0 : 2;
}
