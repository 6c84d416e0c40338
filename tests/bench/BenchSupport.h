// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What every benchmark of tests/bench shares: the common command line (--smoke, --runs, --json),
// statistics over repeated runs, the machine line, and the report that prints the figures as a
// table and as JSON. A benchmark prints numbers; it never fails on a time, only when what it
// measures misbehaves (then it returns a non-zero exit code of its own).

#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>
#include <optional>
#include <vector>

class QCommandLineParser;
class QCoreApplication;

namespace natter::bench {

// Options every benchmark understands.
struct CommonOptions
{
    bool smoke = false; // small sizes and few runs: the CI run that keeps the benchmark alive
    int runs = 0;       // repetitions of each timed step; 0: the benchmark's own default
    QString jsonFile;   // also write the JSON report here

    // runs, or the benchmark's default (smokeDefault with --smoke).
    int runsOr(int normalDefault, int smokeDefault) const
    {
        return runs > 0 ? runs : (smoke ? smokeDefault : normalDefault);
    }
};

// Adds --smoke, --runs and --json to parser.
void addCommonOptions(QCommandLineParser &parser);
// Reads them after parser.process(); exits with a message on a bad value.
CommonOptions commonOptions(const QCommandLineParser &parser);

// min / median / max (and p95) of a set of measurements.
struct Stats
{
    int runs = 0;
    double min = 0;
    double median = 0;
    double p95 = 0;
    double max = 0;
};
Stats statsOf(std::vector<double> values);

double msSince(const QElapsedTimer &timer);
// Processor time of this process (user + system), in milliseconds.
double cpuMs();
// Resident set size of this process in KiB, or -1.
qint64 rssKiB();
// The 1, 5 and 15 minute load averages, e.g. "1.05 1.43 1.72".
QString loadAverage();

// The machine the figures come from: cores, CPU model, load average and the source's
// `git describe`.
struct Machine
{
    int cores = 0;
    QString cpu;
    QString load; // at the start of the run
    QString revision;
    QString toString() const;
    QJsonObject toJson() const;
};
Machine machine();

// Runs f `runs` times (at least once) and returns the wall-clock times in ms.
std::vector<double> repeat(int runs, const std::function<void()> &f);

// One row of a report. An absolute time or rate has stats over several runs; a ratio measured
// within one run has stats over the runs too (each run gives one ratio); a figure that is neither
// (a size, a count) gives `text`.
struct Figure
{
    enum class Verdict
    {
        None, // nothing to compare with
        Meets,
        Misses
    };

    QString key;    // stable identifier for the JSON, e.g. "parser.throughput_ratio"
    QString what;   // in words, for the table
    QString unit;   // "ms", "%", "x", "MB/s", ...
    QString target; // in words, e.g. "≥ 50 %"; empty when there is none
    std::optional<Stats> stats;
    QString text; // the measured value when there are no stats, or a remark after them
    Verdict verdict = Verdict::None;
};

// Meets when value <= limit (or >= limit with atLeast), judged on the median.
Figure::Verdict verdictAtMost(const Stats &stats, double limit);
Figure::Verdict verdictAtLeast(const Stats &stats, double limit);

// Collects the figures of one benchmark; print() writes the table and the JSON to stdout (and
// the JSON to CommonOptions::jsonFile).
class Report
{
public:
    Report(const QString &benchmark, const CommonOptions &options);

    // The header: benchmark name, machine, what was measured (sizes etc.).
    void printHeader(const QString &description) const;
    Figure &add(Figure figure);
    // Extra facts for the JSON (sizes, counts), e.g. setParameter("contacts", 100000).
    void setParameter(const QString &name, const QJsonValue &value);
    // Prints the table and the JSON. Returns false when the JSON file could not be written.
    bool print() const;

private:
    QString m_benchmark;
    CommonOptions m_options;
    Machine m_machine;
    QJsonObject m_parameters;
    QList<Figure> m_figures;
};

} // namespace natter::bench
