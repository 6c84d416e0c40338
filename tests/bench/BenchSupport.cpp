// SPDX-License-Identifier: GPL-3.0-or-later
#include "BenchSupport.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>

using namespace Qt::StringLiterals;

namespace natter::bench {

void addCommonOptions(QCommandLineParser &parser)
{
    parser.addOption(
        {u"smoke"_s, u"Small sizes and few runs (the CI run; figures mean little)."_s});
    parser.addOption({u"runs"_s, u"Repetitions of each timed step."_s, u"n"_s});
    parser.addOption({u"json"_s, u"Also write the report as JSON to this file."_s, u"file"_s});
}

CommonOptions commonOptions(const QCommandLineParser &parser)
{
    CommonOptions options;
    options.smoke = parser.isSet(u"smoke"_s);
    if (parser.isSet(u"runs"_s)) {
        bool ok = false;
        options.runs = parser.value(u"runs"_s).toInt(&ok);
        if (!ok || options.runs < 1) {
            std::fprintf(stderr, "--runs: a number of at least 1\n");
            std::exit(2);
        }
    }
    options.jsonFile = parser.value(u"json"_s);
    return options;
}

Stats statsOf(std::vector<double> values)
{
    Stats s;
    if (values.empty())
        return s;
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    s.runs = int(n);
    s.median = n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    s.p95 = values[size_t(std::ceil(0.95 * double(n))) - 1];
    s.min = values.front();
    s.max = values.back();
    return s;
}

double msSince(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

double cpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

qint64 rssKiB()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

QString loadAverage()
{
    QFile file(u"/proc/loadavg"_s);
    if (!file.open(QIODevice::ReadOnly))
        return u"?"_s;
    return QString::fromLatin1(file.readAll().split(' ').mid(0, 3).join(' '));
}

QString Machine::toString() const
{
    return u"%1 cores, %2, load average %3, %4"_s.arg(cores).arg(cpu, load, revision);
}

QJsonObject Machine::toJson() const
{
    return {
        {u"cores"_s, cores}, {u"cpu"_s, cpu}, {u"loadAverage"_s, load}, {u"revision"_s, revision}};
}

Machine machine()
{
    Machine m;
    m.cores = QThread::idealThreadCount();
    QFile cpuinfo(u"/proc/cpuinfo"_s);
    if (cpuinfo.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : cpuinfo.readAll().split('\n')) {
            if (line.startsWith("model name")) {
                m.cpu = QString::fromUtf8(line.mid(line.indexOf(':') + 1).trimmed());
                break;
            }
        }
    }
    if (m.cpu.isEmpty())
        m.cpu = u"unknown CPU"_s;
    m.load = loadAverage();
    QProcess git;
    git.start(u"git"_s, {u"-C"_s, QStringLiteral(NATTER_SOURCE_DIR), u"describe"_s, u"--always"_s,
                         u"--dirty"_s});
    if (git.waitForFinished(5000) && git.exitStatus() == QProcess::NormalExit &&
        git.exitCode() == 0) {
        m.revision = QString::fromUtf8(git.readAllStandardOutput().trimmed());
    }
    if (m.revision.isEmpty())
        m.revision = u"unknown revision"_s;
    return m;
}

std::vector<double> repeat(int runs, const std::function<void()> &f)
{
    std::vector<double> times;
    for (int i = 0; i < std::max(runs, 1); ++i) {
        QElapsedTimer timer;
        timer.start();
        f();
        times.push_back(msSince(timer));
    }
    return times;
}

Figure::Verdict verdictAtMost(const Stats &stats, double limit)
{
    return stats.median <= limit ? Figure::Verdict::Meets : Figure::Verdict::Misses;
}

Figure::Verdict verdictAtLeast(const Stats &stats, double limit)
{
    return stats.median >= limit ? Figure::Verdict::Meets : Figure::Verdict::Misses;
}

namespace {

QString number(double value)
{
    const double magnitude = std::abs(value);
    const int decimals = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3;
    return QString::number(value, 'f', decimals);
}

QString verdictName(Figure::Verdict verdict)
{
    switch (verdict) {
    case Figure::Verdict::Meets:
        return u"meets"_s;
    case Figure::Verdict::Misses:
        return u"MISSES"_s;
    case Figure::Verdict::None:
        break;
    }
    return {};
}

// Pads to a width in characters (not bytes: the targets contain "≤").
QString padded(const QString &text, int width, bool right = false)
{
    return right ? text.rightJustified(width) : text.leftJustified(width);
}

} // namespace

Report::Report(const QString &benchmark, const CommonOptions &options)
    : m_benchmark(benchmark)
    , m_options(options)
    , m_machine(machine())
{}

void Report::printHeader(const QString &description) const
{
    std::printf("%s%s: %s\n", qUtf8Printable(m_benchmark), m_options.smoke ? " (smoke run)" : "",
                qUtf8Printable(description));
    std::printf("machine: %s\n", qUtf8Printable(m_machine.toString()));
    std::fflush(stdout);
}

Figure &Report::add(Figure figure)
{
    m_figures.append(std::move(figure));
    return m_figures.last();
}

void Report::setParameter(const QString &name, const QJsonValue &value)
{
    m_parameters.insert(name, value);
}

bool Report::print() const
{
    int whatWidth = 6;
    int targetWidth = 6;
    for (const Figure &f : m_figures) {
        whatWidth = std::max(whatWidth, int(f.what.size()));
        targetWidth = std::max(targetWidth, int(f.target.size()));
    }
    const QString loadNow = loadAverage();
    QString table = u"\n"_s;
    table += u"  %1  %2  %3 %4 %5  %6 %7  %8\n"_s.arg(
        padded(u"figure"_s, whatWidth), padded(u"target"_s, targetWidth), padded(u"min"_s, 9, true),
        padded(u"median"_s, 9, true), padded(u"max"_s, 9, true), padded(u"unit"_s, 5),
        padded(u"runs"_s, 4, true), u"verdict"_s);
    for (const Figure &f : m_figures) {
        QString values;
        if (f.stats) {
            values = u"%1 %2 %3  %4 %5"_s.arg(
                padded(number(f.stats->min), 9, true), padded(number(f.stats->median), 9, true),
                padded(number(f.stats->max), 9, true), padded(f.unit, 5),
                padded(QString::number(f.stats->runs), 4, true));
        } else {
            values = u"%1  %2 %3"_s.arg(padded(f.text, 29, true), padded(f.unit, 5),
                                        padded(QString(), 4));
        }
        QString line =
            u"  %1  %2  %3  %4"_s.arg(padded(f.what, whatWidth), padded(f.target, targetWidth),
                                      values, verdictName(f.verdict));
        if (f.stats && !f.text.isEmpty())
            line += u"  ("_s + f.text + u')';
        table += line.trimmed().prepend(u"  "_s) + u'\n';
    }
    table += u"  (load average at the end: %1)\n"_s.arg(loadNow);
    std::fputs(qUtf8Printable(table), stdout);

    QJsonArray figures;
    for (const Figure &f : m_figures) {
        QJsonObject o{{u"key"_s, f.key}, {u"what"_s, f.what}, {u"unit"_s, f.unit}};
        if (!f.target.isEmpty())
            o.insert(u"target"_s, f.target);
        if (f.stats) {
            o.insert(u"runs"_s, f.stats->runs);
            o.insert(u"min"_s, f.stats->min);
            o.insert(u"median"_s, f.stats->median);
            o.insert(u"max"_s, f.stats->max);
        }
        if (!f.text.isEmpty())
            o.insert(u"text"_s, f.text);
        if (f.verdict != Figure::Verdict::None)
            o.insert(u"meets"_s, f.verdict == Figure::Verdict::Meets);
        figures.append(o);
    }
    QJsonObject machineJson = m_machine.toJson();
    machineJson.insert(u"loadAverageAtEnd"_s, loadNow);
    const QJsonObject root{{u"benchmark"_s, m_benchmark},
                           {u"smoke"_s, m_options.smoke},
                           {u"machine"_s, machineJson},
                           {u"parameters"_s, m_parameters},
                           {u"figures"_s, figures}};
    const QByteArray json = QJsonDocument(root).toJson(QJsonDocument::Indented);
    std::printf("\nJSON:\n%s", json.constData());
    std::fflush(stdout);
    if (m_options.jsonFile.isEmpty())
        return true;
    QFile file(m_options.jsonFile);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(json) != json.size()) {
        std::fprintf(stderr, "cannot write %s\n", qUtf8Printable(m_options.jsonFile));
        return false;
    }
    return true;
}

} // namespace natter::bench
